#!/usr/bin/env python3
"""Execute notebooks headlessly through Jupyter (nbclient) with the tslab kernel.

For each notebook: run every cell at the scale MLT_SCALE names (default "class"), then write
  build/notebooks/<name>.ipynb   the executed notebook (also written when a cell fails)
  build/html/<name>.html         its HTML export
  build/results/<name>.json      the results ledger (written by the notebook through lab.record)
A failing cell makes the run exit non-zero after printing the notebook, the cell number, the head of
its source and the real error text (tslab reports cell errors on stderr, which nbconvert hides).

Usage: run_notebooks.py [notebooks/NN-name.ipynb ...] [--scale smoke|class|paper] [--out DIR] [--timeout S]
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fail_report(nb, nb_path, err):
    """Finds the failing cell and the text of its error."""
    failing = None
    for idx, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or (out.get("output_type") == "stream" and out.get("name") == "stderr"):
                failing = (idx, cell)
        if failing and failing[0] == idx:
            break
    lines = [f"\n✗ {nb_path}: a cell failed"]
    if failing:
        idx, cell = failing
        code_no = sum(1 for c in nb.cells[: idx + 1] if c.get("cell_type") == "code")
        head = "\n".join("    | " + l for l in cell.source.splitlines()[:8])
        lines.append(f"  cell {idx + 1} (code cell {code_no}, id {cell.get('id', '?')}):\n{head}")
        texts = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                tb = "\n".join(out.get("traceback", [])) or f"{out.get('ename', '')}: {out.get('evalue', '')}"
                texts.append(tb)
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                texts.append(out.get("text", ""))
        text = "\n".join(t.strip() for t in texts if t.strip())
        lines.append("  error:\n" + "\n".join("    " + l for l in (text or str(err)).splitlines()))
    else:
        lines.append(f"  error: {err}")
    return "\n".join(lines)


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def plotly_bundle():
    """plotly.js as one inline script (the copy the library depends on), or None if it is missing."""
    f = ROOT / "node_modules" / "plotly.js-dist" / "plotly.js"
    if not f.exists():
        return None
    js = f.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return f'<script type="text/javascript">{js}</script>'


def drawn_figure(spec, fid):
    """The HTML that draws one figure of plotly's JSON output (plotly.js is loaded in the head)."""
    data = json.dumps({"data": spec.get("data", []), "layout": spec.get("layout", {})}).replace("</", "<\\/")
    config = json.dumps(spec.get("config", {}))
    height = spec.get("layout", {}).get("height", 420)
    return (
        f'<div class="mlt-figure"><div id="{fid}" style="width:100%;min-height:{height}px"></div></div>'
        f'<script type="text/javascript">(function(){{var s={data};'
        f'window.Plotly.newPlot(document.getElementById("{fid}"),s.data,s.layout,{config});}})();</script>'
    )


def export_html(nb, out_file):
    """The HTML export. The notebook stores each figure once, as plotly's JSON with a light HTML
    fallback; the export draws every figure from its JSON and loads the plotly bundle once, in the
    page's head."""
    import copy

    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    figures = 0
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            spec = o.get("data", {}).get(PLOTLY_MIME)
            if isinstance(spec, dict):
                figures += 1
                o["data"]["text/html"] = drawn_figure(spec, f"mlt-figure-{figures}")
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    bundle = plotly_bundle() if figures else None
    if bundle and "</head>" in body:
        head, rest = body.split("</head>", 1)
        body = head + bundle + "\n</head>" + rest
    out_file.write_text(body, encoding="utf-8")


def run_one(nb_path, out, scale, timeout):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    name = nb_path.stem
    nb = nbformat.read(str(nb_path), as_version=4)
    results = out / "results" / f"{name}.json"
    if results.exists():
        results.unlink()
    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        startup_timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
    t0 = time.time()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as e:
        error = e
    seconds = time.time() - t0
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    (out / "html").mkdir(parents=True, exist_ok=True)
    try:
        # Signed with this user's notary key, so Jupyter opens the executed notebook as trusted and
        # draws its figures without rerunning the cells.
        from nbformat.sign import NotebookNotary

        NotebookNotary().sign(nb)
    except Exception as e:  # signing is a convenience; the run's verdict does not depend on it
        print(f"  (could not sign the executed notebook: {e})", file=sys.stderr)
    nbformat.write(nb, str(out / "notebooks" / f"{name}.ipynb"))
    try:
        export_html(nb, out / "html" / f"{name}.html")
    except Exception as e:  # the HTML export is secondary to the run's verdict
        print(f"  (HTML export failed: {e})", file=sys.stderr)
    ledger = None
    if results.exists():
        ledger = json.loads(results.read_text())
        ledger.setdefault("meta", {})["wall_seconds"] = round(seconds, 1)
        results.write_text(json.dumps(ledger, indent=2) + "\n")
    # tslab reports a cell error on stderr and may skip the remaining cells without raising:
    # a stderr output or an error output in any cell counts as a failure.
    if error is None:
        for cell in nb.cells:
            for o in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
                if o.get("output_type") == "error":
                    error = RuntimeError("the notebook produced an error output")
    if error is None and ledger is None:
        has_setup = any("lab.setup" in c.source for c in nb.cells if c.get("cell_type") == "code")
        if has_setup:
            error = RuntimeError(f"the notebook finished but wrote no ledger at {results}")
    return error, seconds, ledger, nb


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    ap.add_argument("--scale", default=os.environ.get("MLT_SCALE") or "class", choices=["smoke", "class", "paper"])
    ap.add_argument("--out", default=os.environ.get("MLT_BUILD_DIR") or str(ROOT / "build"))
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("MLT_CELL_TIMEOUT", "1800")), help="seconds per cell")
    args = ap.parse_args()

    paths = [Path(p).resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"run_notebooks: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    os.environ["MLT_SCALE"] = args.scale
    os.environ["MLT_BUILD_DIR"] = str(out)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    # The project-local kernelspec (written by set-up) points at this checkout's tslab binary.
    local = ROOT / "build" / "jupyter"
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(local)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])

    print(f"running {len(paths)} notebook(s) at scale '{args.scale}', writing to {out}")
    failures = 0
    rows = []
    for p in paths:
        print(f"▶ {p.relative_to(ROOT) if p.is_relative_to(ROOT) else p} …", flush=True)
        error, seconds, ledger, nb = run_one(p, out, args.scale, args.timeout)
        checks = (ledger or {}).get("meta", {}).get("checks", {})
        passed = sum(1 for v in checks.values() if (v.get("verdict") if isinstance(v, dict) else v) == "pass")
        if error is not None:
            failures += 1
            print(fail_report(nb, p, error), file=sys.stderr, flush=True)
        status = "FAILED" if error is not None else "ok"
        keys = len([k for k in (ledger or {}) if k != "meta"])
        rows.append((p.stem, status, seconds, passed, len(checks), keys))
        print(f"  {status} in {seconds:.1f} s · {passed}/{len(checks)} checks passed · {keys} ledger values", flush=True)
    print("\nnotebook".ljust(42) + "status   seconds  checks  ledger")
    for name, status, seconds, passed, total, keys in rows:
        print(f"{name:<41} {status:<8} {seconds:7.1f}  {passed:>3}/{total:<3} {keys:>6}")
    print(f"outputs: {out}/notebooks, {out}/html, {out}/results")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
