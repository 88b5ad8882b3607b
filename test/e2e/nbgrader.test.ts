/**
 * Coursework end to end with real nbgrader, at smoke scale, on 00, 03, 04 and 05 (their exercises
 * ask for functions and grade them on hidden inputs): `npm run assignments` releases them; the Node builder
 * makes the same student cells; graded with `npm run grade`,
 *   - the release with the solutions pasted back earns every point, and once nbgrader has restored
 *     the hidden tests it is the instructor's notebook cell for cell (so the instructor's version earns
 *     them too),
 *   - the release as handed out runs every other cell and fails exactly at the exercises (0 points),
 *   - a common wrong answer to every exercise (test/fixtures/wrong-answers.ts) earns 0 on each,
 * grading without nbgrader (its rule, through nbclient) gives the same points, and a released notebook
 * runs from a folder outside the checkout. The course lives in
 * build/test/nbgrader (MLT_COURSE_ROOT), never in the instructor's build/release.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { studentNotebook } from "../../kernel-setup/student";
import { WRONG_ANSWERS } from "../fixtures/wrong-answers";

const ROOT = path.resolve(__dirname, "..", "..");
const PY = fs.readFileSync(path.join(ROOT, "build", ".setup", "python"), "utf8").trim();
const hasNbgrader = spawnSync(PY, ["-c", "import nbgrader"], { encoding: "utf8" }).status === 0;
const COURSE = path.join(ROOT, "build", "test", "nbgrader");
const NOTEBOOKS = ["00-start-here", "03-hardness-orthonormal", "04-ntk-convergence", "05-minima-selection"];

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { nbgrader?: { grade_id?: string; solution?: boolean; grade?: boolean; points?: number } };
  outputs?: { output_type: string; name?: string }[];
}
interface Nb {
  cells: Cell[];
}
interface Graded {
  student: string;
  assignment: string;
  score?: number;
  max_score?: number;
  exercises?: Record<string, { score: number; max_score: number }>;
  autograded?: string;
  error?: string;
}

const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Nb;
const released = (stem: string) => path.join(COURSE, "release", stem, `${stem}.ipynb`);
const env = { ...process.env, MLT_COURSE_ROOT: COURSE, MLT_SCALE: "smoke" };

function coursework(args: string[]) {
  return spawnSync(PY, [path.join(ROOT, "kernel-setup", "coursework.py"), ...args], { cwd: ROOT, env, encoding: "utf8" });
}

/** The release with each solution cell replaced: by the instructor's cell, or by `answers`. */
function submission(stem: string, answers?: Record<string, string>): Nb {
  const instructor = read(path.join(ROOT, "notebooks", `${stem}.ipynb`));
  const nb = read(released(stem));
  for (const c of nb.cells) {
    const g = c.metadata.nbgrader;
    if (!g?.solution) continue;
    const id = g.grade_id!;
    const src = answers ? answers[id] : text(instructor.cells.find((x) => x.metadata.nbgrader?.grade_id === id)!);
    assert.ok(src !== undefined, `no answer for ${stem} ${id}`);
    c.source = src;
  }
  return nb;
}

describe("coursework with nbgrader", { skip: hasNbgrader ? false : "nbgrader not installed (set-up installs it where PyPI is reachable)" }, () => {
  const graded: Graded[] = [];
  const find = (student: string, stem: string) => {
    const g = graded.find((r) => r.student === student && r.assignment === stem);
    assert.ok(g && !g.error, `${student}/${stem} was not graded: ${g?.error}`);
    return g;
  };

  before(() => {
    fs.rmSync(COURSE, { recursive: true, force: true });
    const r = coursework(["assignments", ...NOTEBOOKS.map((s) => path.join(ROOT, "notebooks", `${s}.ipynb`))]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const subs = path.join(COURSE, "submissions");
    for (const stem of NOTEBOOKS) {
      const put = (student: string, nb: Nb) => {
        fs.mkdirSync(path.join(subs, student, stem), { recursive: true });
        fs.writeFileSync(path.join(subs, student, stem, `${stem}.ipynb`), JSON.stringify(nb, null, 1));
      };
      put("solved", submission(stem));
      put("unanswered", read(released(stem)));
      put("wrong", submission(stem, WRONG_ANSWERS[stem]));
    }
    const out = path.join(COURSE, "grades.json");
    const g = coursework(["grade", subs, "--json", out]);
    assert.equal(g.status, 0, g.stdout + g.stderr);
    assert.match(g.stdout, /solved · 00-start-here: 6 \/ 6 points/);
    graded.push(...(JSON.parse(fs.readFileSync(out, "utf8")) as Graded[]));
  });

  for (const stem of NOTEBOOKS) {
    it(`${stem}: the release has numbered stubs and no hidden tests, and the Node builder makes the same cells`, () => {
      const nb = read(released(stem));
      const solutions = nb.cells.filter((c) => c.metadata.nbgrader?.solution);
      solutions.forEach((c, i) => assert.match(text(c), new RegExp(`not implemented: exercise ${i + 1}:`)));
      for (const c of nb.cells) assert.doesNotMatch(text(c), /BEGIN (SOLUTION|HIDDEN TESTS)/);
      const instructor = fs.readFileSync(path.join(ROOT, "notebooks", `${stem}.ipynb`), "utf8");
      assert.match(instructor, /BEGIN HIDDEN TESTS/, "the instructor's version has hidden tests");
      const node = (JSON.parse(studentNotebook(instructor, stem).text) as Nb).cells;
      assert.deepEqual(node.map((c) => [c.cell_type, text(c)]), nb.cells.map((c) => [c.cell_type, text(c)]));
    });

    it(`${stem}: the solutions pasted back earn every point; with the hidden tests restored it is the instructor's notebook`, () => {
      const g = find("solved", stem);
      assert.ok(g.max_score! > 0);
      assert.equal(g.score, g.max_score, JSON.stringify(g.exercises));
      const autograded = read(path.join(ROOT, g.autograded!));
      const instructor = read(path.join(ROOT, "notebooks", `${stem}.ipynb`));
      assert.deepEqual(autograded.cells.map(text), instructor.cells.map(text));
      for (const c of autograded.cells) assert.ok(!(c.outputs ?? []).some((o) => o.output_type === "error"), text(c).slice(0, 200));
    });

    it(`${stem}: the release as handed out runs every other cell and fails exactly at the exercises`, () => {
      const g = find("unanswered", stem);
      assert.equal(g.score, 0, JSON.stringify(g.exercises));
      const cells = read(path.join(ROOT, g.autograded!)).cells.filter((c) => c.cell_type === "code");
      for (const c of cells) {
        const failed = (c.outputs ?? []).some((o) => o.output_type === "error");
        const gr = c.metadata.nbgrader;
        if (gr?.grade) assert.ok(failed, `check ${gr.grade_id} did not fail`);
        else if (!gr?.solution) assert.ok(!failed, `a cell that is no exercise failed:\n${text(c).slice(0, 300)}`);
      }
      assert.ok((cells.at(-1)!.outputs ?? []).length > 0, "the last cell (lab.finish) ran");
    });

    it(`${stem}: a common wrong answer to every exercise earns nothing`, () => {
      const g = find("wrong", stem);
      for (const [id, e] of Object.entries(g.exercises!)) assert.equal(e.score, 0, `${id} earned ${e.score} with a wrong answer`);
      assert.equal(Object.keys(g.exercises!).length, Object.keys(WRONG_ANSWERS[stem]).length);
    });
  }

  it("without nbgrader, grading by its rule gives the same points (00, solved and wrong)", () => {
    const dir = path.join(COURSE, "fallback");
    for (const [student, nb] of [["plain-solved", submission("00-start-here")], ["plain-wrong", submission("00-start-here", WRONG_ANSWERS["00-start-here"])]] as const) {
      fs.mkdirSync(path.join(dir, student), { recursive: true });
      fs.writeFileSync(path.join(dir, student, "00-start-here.ipynb"), JSON.stringify(nb, null, 1));
    }
    const out = path.join(COURSE, "fallback.json");
    const r = coursework(["grade", dir, "--without-nbgrader", "--json", out]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const plain = JSON.parse(fs.readFileSync(out, "utf8")) as Graded[];
    for (const who of ["solved", "wrong"]) {
      const mine = plain.find((g) => g.student === `plain-${who}`)!;
      assert.deepEqual(mine.exercises, find(who, "00-start-here").exercises);
    }
  });

  it("a released notebook, solved, runs from a folder outside the checkout", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlt-student-"));
    try {
      const file = path.join(dir, "00-start-here.ipynb");
      fs.writeFileSync(file, JSON.stringify(submission("00-start-here"), null, 1));
      const r = spawnSync(PY, [path.join(ROOT, "kernel-setup", "run_notebooks.py"), file, "--out", path.join(dir, "build"), "--scale", "smoke"], { cwd: dir, env: { ...process.env }, encoding: "utf8" });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.ok(fs.existsSync(path.join(dir, "build", "results", "00-start-here.json")));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
