/**
 * What a failing cell shows, through the real Jupyter stack (nbclient + the tslab kernel): a fixture
 * notebook whose cells fail the ways a student's do (a bad argument to a library function, a typo in
 * the cell's own code, a failed check, an error in an awaited cell, in a function another cell
 * defined, inside tfjs, a cell that does not compile). Each must display its message, the library
 * function and argument at fault, and the cell line as written, with no compiled library file,
 * tslab or Node frame.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const PY = fs.readFileSync(path.join(ROOT, "build", ".setup", "python"), "utf8").trim();
const OUT = path.join(ROOT, "build", "test", "cell-errors");

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}

const join = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join("") : (t ?? ""));
// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "");

/** What the cell displays as its failure: stderr text and error outputs (the kernel may report either). */
function shown(cell: Cell): string {
  return plain(
    (cell.outputs ?? [])
      .map((o) => (o.output_type === "error" ? (o.traceback ?? []).join("\n") || `${o.ename}: ${o.evalue}` : o.output_type === "stream" && o.name === "stderr" ? join(o.text) : ""))
      .filter(Boolean)
      .join("\n"),
  );
}

const INTERNALS = /lib[\\/]dist|node:internal|node:vm|evalmachine|tslab[\\/]dist|node_modules|\.js:\d+/;

describe("errors a student sees in a cell", () => {
  let cells: Cell[] = [];
  before(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    const out = path.join(OUT, "bad-cells.ipynb");
    const r = spawnSync(PY, [path.join(ROOT, "test", "helpers", "execute_cells.py"), path.join(ROOT, "test", "fixtures", "bad-cells.ipynb"), out], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, MLT_SCALE: "smoke", MLT_BUILD_DIR: OUT, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
      timeout: 5 * 60 * 1000,
    });
    assert.equal(r.status, 0, r.stderr);
    cells = (JSON.parse(fs.readFileSync(out, "utf8")) as { cells: Cell[] }).cells.filter((c) => c.cell_type === "code");
  });

  const cases: { cell: number; what: string; expect: RegExp[] }[] = [
    {
      cell: 1,
      what: "a bad argument to a library function",
      expect: [/ValidationError: reps must be an integer ≥ 2, got 2\.5/, /in lab\.numerics\.monteCarloErrorCurve, argument reps/, /at line 3 of this cell: const curve = lab\.numerics\.monteCarloErrorCurve\(g, ms, 2\.5, 0\);/],
    },
    { cell: 2, what: "a mistake in the cell's own code", expect: [/TypeError: Cannot read properties of undefined \(reading 'width'\)/, /at line 4 of this cell: const y = missing\.width;/] },
    { cell: 3, what: "a failed check", expect: [/CheckError: Check failed: error below the bound/, /in lab\.checkLess/, /at line 2 of this cell: lab\.checkLess\(/] },
    { cell: 4, what: "an error after an await", expect: [/ValidationError: ms must list at least one sample size/, /in lab\.numerics\.monteCarloErrorCurve, argument ms/, /at line 3 of this cell/] },
    { cell: 6, what: "an error in a function another cell defined", expect: [/Error: the network has no width/, /at line 2 of cell \[\d+\]: if \(net\.width === undefined\)/, /called from line 2 of this cell: const widths = nets\.map\(widthOf\);/] },
    { cell: 7, what: "an error inside tfjs", expect: [/Error in matMul: inner shapes/, /in lab\.tf\.matMul/, /at line 2 of this cell: const B = lab\.tf\.matMul\(A, A\);/] },
  ];
  for (const c of cases) {
    it(`${c.what}: the message, the function and argument at fault, the cell line; no internals`, () => {
      const text = shown(cells[c.cell]);
      assert.ok(text, `code cell ${c.cell + 1} displayed no error`);
      for (const re of c.expect) assert.match(text, re);
      assert.doesNotMatch(text, INTERNALS, `internals in:\n${text}`);
      assert.ok(text.split("\n").filter((l) => l.trim()).length <= 4, `more than four lines:\n${text}`);
    });
  }

  it("a cell that does not compile: TypeScript's message, the line and column, the cell line", () => {
    const text = shown(cells[8]);
    assert.match(text, /Cannot find name 'bsae'/);
    assert.match(text, /line 2, column 15 of this cell: const power = bsae \*\* 3;|2:15/);
    assert.doesNotMatch(text, INTERNALS);
  });

  it("the cells that define a function and the set-up cell show no error", () => {
    assert.equal(shown(cells[0]), "");
    assert.equal(shown(cells[5]), "");
  });
});
