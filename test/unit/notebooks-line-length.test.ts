/**
 * Code lines in notebooks stay within 100 characters: longer lines do not wrap in Jupyter or the
 * HTML export, so a reader scrolls sideways to see the end of a formula. Every offending line is
 * reported with its notebook, cell and line.
 *
 * LONG_LINE_ALLOWANCE lists the notebooks that have long lines today, with how many: such a
 * notebook may not gain any (a new long line fails the test); once all are fixed its entry must
 * go. Every other notebook, including new ones, must have none.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "notebooks");
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith(".ipynb")).sort();
const MAX = 100;

/** Notebooks with long code lines today, and how many; lower the number as lines are fixed. */
const LONG_LINE_ALLOWANCE: Record<string, number> = {};

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
}

/** Every code line longer than `max` characters, as "cell N (id …), line L: K characters: …". */
function longLines(cells: Cell[], max = MAX): string[] {
  const out: string[] = [];
  cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    src.split("\n").forEach((line, k) => {
      const n = [...line].length;
      if (n > max) out.push(`cell ${i + 1} (id ${c.id ?? "?"}), line ${k + 1}: ${n} characters: ${line.trim().slice(0, 60)}…`);
    });
  });
  return out;
}

describe("notebook code lines are at most 100 characters", () => {
  it("finds a planted long line", () => {
    const cells = [{ cell_type: "code", id: "a", source: ["const x = 1;\n", `const y = ${"1 + ".repeat(30)}1;`] }, { cell_type: "markdown", id: "b", source: "x".repeat(200) }];
    assert.deepEqual(longLines(cells).map((l) => l.split(":")[0]), ["cell 1 (id a), line 2"]);
  });

  for (const f of FILES) {
    const stem = f.replace(/\.ipynb$/, "");
    it(stem, (t) => {
      const found = longLines((JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as { cells: Cell[] }).cells);
      const allowed = LONG_LINE_ALLOWANCE[stem];
      if (allowed === undefined) {
        assert.deepEqual(found, [], `${stem} has code lines over ${MAX} characters:\n  ${found.join("\n  ")}`);
        return;
      }
      for (const l of found) t.diagnostic(`${stem}: ${l}`);
      assert.ok(found.length > 0, `${stem} has no long line left: remove it from LONG_LINE_ALLOWANCE`);
      assert.ok(found.length <= allowed, `${stem} has ${found.length} code lines over ${MAX} characters, more than the ${allowed} it had:\n  ${found.join("\n  ")}`);
    });
  }
});
