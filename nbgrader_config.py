"""nbgrader's configuration for the collection (read by `nbgrader` run from the project root).

Course layout, one assignment per notebook (assignment id = the notebook's name):
  build/nbgrader/source/<NN-name>/<NN-name>.ipynb     instructor versions (copied from notebooks/)
  build/release/<NN-name>/<NN-name>.ipynb             student versions (`npm run assignments`)
  build/nbgrader/submitted/<student>/<NN-name>/...    collected work (`npm run grade -- <dir>`)
  build/nbgrader/autograded/<student>/<NN-name>/...   graded copies, executed
  build/nbgrader/gradebook.db                         the gradebook (checksums, hidden tests, scores)

Exercises are TypeScript: a solution region `// BEGIN SOLUTION` … `// END SOLUTION` in a cell marked
as a solution becomes a line that throws "not implemented: exercise N"; `// BEGIN HIDDEN TESTS` …
`// END HIDDEN TESTS` in a graded check cell is removed from the release and restored when grading.
"""
import os
import time

from nbgrader.preprocessors import ClearSolutions
from nbgrader import utils

ROOT = os.path.dirname(os.path.abspath(__file__))
# MLT_COURSE_ROOT moves the whole course (the tests grade in a folder of their own).
BUILD = os.environ.get("MLT_COURSE_ROOT") or os.path.join(ROOT, "build")

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "mltheory"
c.CourseDirectory.root = BUILD
c.CourseDirectory.source_directory = os.path.join("nbgrader", "source")
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = os.path.join("nbgrader", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("nbgrader", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("nbgrader", "feedback")
c.CourseDirectory.solution_directory = os.path.join("nbgrader", "solution")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(BUILD, "nbgrader", "gradebook.db")
# Ledgers, figures and data files are not part of a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "build", "results"]

STUB = (
    "// YOUR CODE HERE\n"
    'throw new Error("not implemented: exercise {n}: write your solution here, then rerun this cell");'
)
BEGIN, END = "// BEGIN SOLUTION", "// END SOLUTION"

c.ClearSolutions.begin_solution_delimeter = BEGIN
c.ClearSolutions.end_solution_delimeter = END
c.ClearSolutions.code_stub = {"typescript": STUB.format(n="N"), "python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearHiddenTests.begin_test_delimeter = "// BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "// END HIDDEN TESTS"


class NumberedClearSolutions(ClearSolutions):
    """ClearSolutions whose TypeScript stub names the exercise: the n-th solution cell of the notebook
    throws "not implemented: exercise n" (the same numbering as the notebook's "Exercise n")."""

    def preprocess(self, nb, resources):
        self._exercise = 0
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if utils.is_solution(cell) and cell.cell_type == "code":
            self._exercise += 1
            self.code_stub = {**self.code_stub, "typescript": STUB.format(n=self._exercise)}
        return super().preprocess_cell(cell, resources, cell_index)


from nbgrader.converters.generate_assignment import GenerateAssignment  # noqa: E402

c.GenerateAssignment.preprocessors = [
    NumberedClearSolutions if p is ClearSolutions else p
    for p in GenerateAssignment.class_traits()["preprocessors"].default()
]

# Autograding runs every cell with the tslab kernel, errors allowed (a failing exercise must not stop
# the others from being graded); a notebook at `smoke` scale takes seconds, a cell at `class` minutes.
c.Execute.timeout = int(os.environ.get("MLT_CELL_TIMEOUT", "1800"))
c.Execute.startup_timeout = 120


from nbgrader.preprocessors import Execute  # noqa: E402
from nbgrader.converters.autograde import Autograde  # noqa: E402


class TslabExecute(Execute):
    """nbgrader's Execute for the tslab kernel.
    - tslab answers a failing cell with status "error" but no ename/evalue/traceback (it writes the
      error to the cell's stderr), which nbgrader's Execute expects: the error is named after the
      cell's stderr text, so the grade is 0 and the feedback shows the message.
    - After an error tslab aborts every request that arrives within 200 ms (it drops the cells queued
      behind a failure): grading waits that long before the next cell, so each exercise is graded on
      its own, and a cell that is aborted all the same counts as failed, never as a pass."""

    def on_cell_executed(self, **kwargs):
        content = kwargs["execute_reply"]["content"]
        if content.get("status") == "abort":
            content.update(status="error", ename="Aborted",
                           evalue="the kernel skipped this cell after an earlier error",
                           traceback=["the kernel skipped this cell after an earlier error"])
        if content.get("status") == "error":
            time.sleep(0.5)
        if content.get("status") == "error" and "ename" not in content:
            cell = kwargs["cell"]
            text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
            content["ename"] = "Error"
            content["evalue"] = text.strip().splitlines()[0] if text.strip() else "the cell failed"
            content["traceback"] = text.strip().splitlines() or [content["evalue"]]
        return super().on_cell_executed(**kwargs)


c.Autograde.autograde_preprocessors = [
    TslabExecute if p is Execute else p for p in Autograde.class_traits()["autograde_preprocessors"].default()
]
