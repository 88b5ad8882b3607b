#!/usr/bin/env python3
"""Coursework with nbgrader: release the student versions, grade submissions.

  coursework.py assignments [notebooks/NN-name.ipynb ...]
      One nbgrader assignment per notebook (id = the notebook's name): copies it to
      build/nbgrader/source/<id>/ and runs `nbgrader generate_assignment`, which writes the student
      version to build/release/<id>/<id>.ipynb (solutions replaced by a stub that throws "not
      implemented: exercise N", hidden tests removed, outputs cleared) and records the graded cells
      in build/nbgrader/gradebook.db. Without nbgrader, the Node student builder writes the same
      notebooks (kernel-setup/student.ts).

  coursework.py grade <dir> [--student ID] [--json FILE]
      Grades submissions with `nbgrader autograde`: <dir> holds a student's notebooks (NN-name.ipynb,
      the student id is the folder's name unless --student says otherwise), a folder per student
      (<dir>/<student>/NN-name.ipynb) or nbgrader's layout <dir>/<student>/<assignment>/*.ipynb. Hidden tests are restored from the gradebook, every cell
      runs (errors allowed) at MLT_SCALE (default smoke), and the points of each exercise are printed.

Configuration: nbgrader_config.py at the project root (course layout, TypeScript stub, delimiters).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
# The course's folders (release/, nbgrader/): build/ unless MLT_COURSE_ROOT says otherwise (as in
# nbgrader_config.py).
CROOT = Path(os.environ.get("MLT_COURSE_ROOT") or BUILD).resolve()
COURSE = CROOT / "nbgrader"
RELEASE = CROOT / "release"
DB_URL = "sqlite:///" + str(COURSE / "gradebook.db")


def rel(p):
    p = Path(p)
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


def has_nbgrader():
    try:
        import nbgrader  # noqa: F401
    except ImportError:
        return False
    return True


def use_env(scale=None):
    """The environment nbgrader's kernels start in (this process's: nbgrader runs in-process)."""
    e = os.environ
    e["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    # nbgrader creates the gradebook with the alembic command of its own environment
    bindir = os.path.dirname(sys.executable)
    if bindir not in e.get("PATH", "").split(os.pathsep):
        e["PATH"] = bindir + os.pathsep + e.get("PATH", "")
    e["JUPYTER_PATH"] = os.pathsep.join([str(BUILD / "jupyter")] + [p for p in e.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != str(BUILD / "jupyter")])
    if scale:
        e["MLT_SCALE"] = scale
    # Ledgers and figures written while grading stay out of build/results.
    e["MLT_BUILD_DIR"] = os.environ.get("MLT_GRADE_BUILD_DIR") or str(COURSE / "run")


_api = None


def api():
    """nbgrader's API with the project's nbgrader_config.py, loaded once for every notebook."""
    global _api
    if _api is None:
        from traitlets.config.loader import PyFileConfigLoader
        from nbgrader.apps import NbGraderAPI

        cfg = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
        cfg.Application.log_level = "WARN"
        _api = NbGraderAPI(config=cfg)
    return _api


def failure(result):
    lines = [l for l in (str(result.get("error") or "") + "\n" + str(result.get("log") or "")).splitlines() if l.strip()]
    why = [l for l in lines if re.search(r"Error|detected|found", l)] or lines
    return "\n    ".join(dict.fromkeys(why[-6:]))


def notebook_paths(args):
    paths = [Path(p).resolve() for p in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"coursework: no such notebook: {', '.join(missing)}")
    return paths


def release_one(nb):
    """Releases one notebook; returns None or the reason it failed."""
    aid = nb.stem
    src = COURSE / "source" / aid
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    shutil.copy2(nb, src / nb.name)
    use_env()
    r = api().generate_assignment(aid, force=True, create=True)
    return None if r.get("success") else failure(r) or "unknown failure"


def assignments(argv):
    paths = notebook_paths(argv)
    RELEASE.mkdir(parents=True, exist_ok=True)
    if not has_nbgrader():
        print("nbgrader is not installed here: the Node student builder writes the release instead")
        r = subprocess.run(["node", "--import", "tsx", str(ROOT / "kernel-setup" / "student.ts"), *map(str, paths), "--out", str(RELEASE)], cwd=ROOT)
        return r.returncode
    failed = 0
    for nb in paths:
        why = release_one(nb)
        out = RELEASE / nb.stem / nb.name
        if why:
            failed += 1
            print(f"✗ {nb.stem}: nbgrader generate_assignment failed:\n    {why}", file=sys.stderr)
        else:
            print(f"✓ {rel(out)}  ({points_of(nb)} points)")
    print(f"release: {rel(RELEASE)}/ (one folder per notebook); gradebook: {rel(COURSE / 'gradebook.db')}")
    return 1 if failed else 0


def points_of(nb_path):
    import nbformat

    nb = nbformat.read(str(nb_path), as_version=4)
    return sum(float(c.metadata.get("nbgrader", {}).get("points", 0)) for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))


def submissions(folder, student):
    """[(student, assignment, notebook file)] found in a submission folder."""
    folder = folder.resolve()
    direct = sorted(folder.glob("*.ipynb"))
    if direct:
        sid = student or re.sub(r"[^A-Za-z0-9_.-]", "_", folder.name)
        return [(sid, p.stem, p) for p in direct]
    found = []
    for p in sorted(folder.glob("*/*.ipynb")):  # <dir>/<student>/NN-name.ipynb
        found.append((student or p.parent.name, p.stem, p))
    for p in sorted(folder.glob("*/*/*.ipynb")):  # nbgrader's <dir>/<student>/<assignment>/NN-name.ipynb
        found.append((student or p.parent.parent.name, p.parent.name, p))
    found = [f for f in found if ".ipynb_checkpoints" not in f[2].parts]
    return found


def grade_without_nbgrader(sid, aid, path, scale):
    """nbgrader's autograde rule without nbgrader: the graded and locked cells come back from the
    instructor's notebook (hidden tests included), every cell runs with errors allowed, and a graded
    cell earns its points when it shows no error and writes nothing to stderr."""
    import time

    import nbformat
    from nbclient import NotebookClient

    src = ROOT / "notebooks" / f"{aid}.ipynb"
    if not src.exists():
        return {"student": sid, "assignment": aid, "error": f"no notebook notebooks/{aid}.ipynb"}
    instructor = {c.metadata["nbgrader"]["grade_id"]: c for c in nbformat.read(str(src), as_version=4).cells
                  if c.metadata.get("nbgrader", {}).get("grade_id")}
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        g = cell.metadata.get("nbgrader", {})
        ref = instructor.get(g.get("grade_id"))
        if ref is not None and not g.get("solution") and (g.get("grade") or g.get("locked")):
            cell.source = ref.source
            cell.metadata["nbgrader"] = ref.metadata["nbgrader"]
    status = {}

    def after(cell, cell_index, execute_reply, **_):
        status[cell_index] = execute_reply["content"].get("status")
        if status[cell_index] != "ok":
            time.sleep(0.5)  # tslab aborts what reaches it within 200 ms of an error

    use_env(scale)
    client = NotebookClient(nb, kernel_name="tslab", allow_errors=True, startup_timeout=120,
                            timeout=int(os.environ.get("MLT_CELL_TIMEOUT", "1800")),
                            resources={"metadata": {"path": str(ROOT / "notebooks")}}, on_cell_executed=after)
    client.execute()
    out = COURSE / "autograded" / sid / aid / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    rows = []
    for i, cell in enumerate(nb.cells):
        g = cell.metadata.get("nbgrader", {})
        if not g.get("grade") or cell.cell_type != "code":
            continue
        failed = status.get(i) != "ok" or any(
            o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr") for o in cell.outputs)
        pts = float(g.get("points", 0))
        rows.append((g["grade_id"], 0.0 if failed else pts, pts))
    return sorted(rows), out


def grade(argv):
    ap = argparse.ArgumentParser(prog="npm run grade --", description="grade submissions with nbgrader autograde")
    ap.add_argument("dir", help="a student's folder of notebooks, a folder per student, or <dir>/<student>/<assignment>/*.ipynb")
    ap.add_argument("--student", help="student id (default: the folder's name)")
    ap.add_argument("--json", help="also write the points as JSON to this file")
    ap.add_argument("--without-nbgrader", action="store_true", help="grade by nbgrader's rule without nbgrader (what happens where it is not installed)")
    a = ap.parse_args(argv)
    scale = os.environ.get("MLT_SCALE") or "smoke"
    subs = submissions(Path(a.dir), a.student)
    if not subs:
        sys.exit(f"coursework: no notebooks in {a.dir}")
    results = []
    if a.without_nbgrader or not has_nbgrader():
        if not a.without_nbgrader:
            print("nbgrader is not installed here: grading by its rule with nbclient (hidden tests from notebooks/)")
        for sid, aid, path in subs:
            print(f"grading {sid}/{aid} at scale '{scale}' …", flush=True)
            r = grade_without_nbgrader(sid, aid, path, scale)
            if isinstance(r, dict):
                print(f"✗ {sid}/{aid}: {r['error']}", file=sys.stderr)
                results.append(r)
                continue
            rows, out = r
            results.append(report(sid, aid, path.stem, rows, out))
        return finish(results, a.json)
    from nbgrader.api import Gradebook, MissingEntry

    for sid, aid, path in subs:
        # The assignment must be in the gradebook (hidden tests, checksums): release it if it is not.
        with Gradebook(DB_URL, "mltheory") as gb:
            try:
                gb.find_notebook(path.stem, aid)
                known = True
            except MissingEntry:
                known = False
        if not known:
            src = ROOT / "notebooks" / f"{aid}.ipynb"
            why = release_one(src) if src.exists() else f"no notebook notebooks/{aid}.ipynb"
            if why:
                print(f"✗ {sid}/{aid}: cannot grade, the assignment is not released: {why}", file=sys.stderr)
                results.append({"student": sid, "assignment": aid, "error": why})
                continue
        dest = COURSE / "submitted" / sid / aid
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        shutil.copy2(path, dest / path.name)
        print(f"grading {sid}/{aid} at scale '{scale}' …", flush=True)
        use_env(scale)
        r = api().autograde(aid, sid, force=True, create=True)
        if not r.get("success"):
            why = failure(r)
            print(f"✗ {sid}/{aid}: nbgrader autograde failed:\n    {why}", file=sys.stderr)
            results.append({"student": sid, "assignment": aid, "error": why})
            continue
        with Gradebook(DB_URL, "mltheory") as gb:
            snb = gb.find_submission_notebook(path.stem, aid, sid)
            rows = [(g.name, g.score, g.max_score) for g in sorted(snb.grades, key=lambda g: g.name)]
        results.append(report(sid, aid, path.stem, rows, COURSE / "autograded" / sid / aid / path.name))
    return finish(results, a.json)


def report(sid, aid, stem, rows, autograded):
    """Prints one graded notebook's points per exercise and returns them as a record."""
    total = sum(s for _, s, _ in rows)
    top = sum(m for _, _, m in rows)
    print(f"  {sid} · {aid}: {total:g} / {top:g} points")
    for name, s, m in rows:
        print(f"    {name:<24} {s:g} / {m:g}")
    return {"student": sid, "assignment": aid, "notebook": stem, "score": total, "max_score": top,
            "exercises": {name: {"score": s, "max_score": m} for name, s, m in rows}, "autograded": rel(autograded)}


def finish(results, json_file):
    if json_file:
        Path(json_file).write_text(json.dumps(results, indent=2) + "\n")
    return 1 if any("error" in r for r in results) else 0


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("assignments", "grade"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, rest = sys.argv[1], sys.argv[2:]
    return assignments(rest) if cmd == "assignments" else grade(rest)


if __name__ == "__main__":
    sys.exit(main())
