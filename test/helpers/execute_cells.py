#!/usr/bin/env python3
"""Executes every cell of a notebook through Jupyter (nbclient + the tslab kernel), going on after a
failing cell, and writes the executed notebook. For tests that look at what several failing cells
display. tslab cancels the requests that reach it within 200 ms of a failed cell, so each cell
starts 0.4 s after the previous one ended.

Usage: execute_cells.py NOTEBOOK OUT_NOTEBOOK
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent.parent


def main():
    src, dst = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    nb = nbformat.read(str(src), as_version=4)
    # The project's kernelspec, wherever set-up wrote it (the project's .venv, else build/jupyter).
    local = [str(d) for d in (ROOT / ".venv" / "share" / "jupyter", ROOT / "build" / "jupyter") if (d / "kernels" / "tslab").is_dir()]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(local + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=300,
        startup_timeout=120,
        allow_errors=True,
        on_cell_start=lambda **_: time.sleep(0.4),
        resources={"metadata": {"path": str(src.parent)}},
    )
    client.execute()
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
