/**
 * The shape every committed notebook must have (../NOTEBOOKS.md), checked statically on the .ipynb
 * files: set-up cell, one place for sizes, no helpers pasted into cells, graded exercises with
 * nbgrader metadata, a ledger-key list, a closing `lab.finish()`. Executing them is the e2e suite's job.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { REQUIRED_KEYS } from "../e2e/ledger-keys";
import { studentNotebook } from "../../kernel-setup/student";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "notebooks");
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith(".ipynb")).sort();
/**
 * Notebooks whose "## Exercises" markdown still quotes both solution delimiters on one line, which
 * nbgrader (and the Node builder, which follows it) reads as a solution region that never closes:
 * their student version cannot be generated until the sentence is reworded (as in 00). Known
 * offenders; this list may only shrink.
 */
const DELIMITER_IN_MARKDOWN = new Set<string>([]);

interface NbCell {
  cell_type: string;
  source: string | string[];
  metadata?: { nbgrader?: Record<string, unknown> };
}
const text = (c: NbCell): string => (Array.isArray(c.source) ? c.source.join("") : c.source);

for (const f of FILES) {
  const stem = f.replace(/\.ipynb$/, "");
  const raw = fs.readFileSync(path.join(DIR, f), "utf8");
  const cells = (JSON.parse(raw) as { cells: NbCell[] }).cells;
  const code = cells.filter((c) => c.cell_type === "code");
  const md = cells.filter((c) => c.cell_type === "markdown");
  const grading = (c: NbCell) => c.metadata?.nbgrader;

  describe(`notebook ${stem}`, () => {
    it("opens with a title and a promise that states run times", () => {
      assert.equal(cells[0].cell_type, "markdown");
      assert.match(text(cells[0]), /^# /);
      assert.match(text(cells[0]), /run time/i, "the first cell states the run time at each scale");
    });

    it("has one set-up cell that imports mltheory and names this notebook", () => {
      assert.match(text(code[0]), /import \* as lab from "mltheory"/);
      assert.match(text(code[0]), new RegExp(`lab\\.setup\\(\\{\\s*notebook:\\s*"${stem}"`));
      const picks = code.filter((c) => /lab\.scale\.pick\(/.test(text(c))).length;
      assert.ok(picks >= 1 && picks <= 2, `sizes come from lab.scale.pick in one place (found it in ${picks} cells)`);
    });

    it("pastes no helper functions into cells (they belong in lib/)", () => {
      for (const c of code) {
        if (grading(c)?.solution) continue; // an exercise may ask the student to write a function
        assert.doesNotMatch(text(c), /^\s*(export\s+)?(async\s+)?function\s+\w+/m, `a function declaration in:\n${text(c).slice(0, 200)}`);
      }
    });

    it("checks its results and records a ledger with the required keys listed", () => {
      assert.ok(code.some((c) => /lab\.check\w*\(/.test(text(c))), "no lab.check call");
      const keys = REQUIRED_KEYS[stem];
      assert.ok(keys && keys.length > 0, `test/e2e/keys has no key list for ${stem}`);
      const all = code.map(text).join("\n");
      assert.match(all, /lab\.record\(/);
    });

    it("has at least three graded exercises with nbgrader metadata, each followed by its check", () => {
      const solutions = cells.map((c, i) => [c, i] as const).filter(([c]) => grading(c)?.solution === true);
      assert.ok(solutions.length >= 3, `${solutions.length} exercises`);
      for (const [c, i] of solutions) {
        assert.match(text(c), /\/\/ BEGIN SOLUTION[\s\S]*\/\/ END SOLUTION/);
        const g = grading(c)!;
        assert.equal(g.grade, false);
        assert.equal(typeof g.grade_id, "string");
        const next = cells.slice(i + 1).find((x) => grading(x));
        assert.ok(next, `exercise ${String(g.grade_id)} has no auto-check cell after it`);
        const ng = grading(next)!;
        assert.equal(ng.grade, true, `the cell after ${String(g.grade_id)} is not a graded check`);
        assert.equal(ng.locked, true);
        assert.ok(typeof ng.points === "number" && ng.points > 0);
        assert.match(text(next), /throw|lab\.check|assert/, "the auto-check can fail");
      }
      const ids = cells.map(grading).filter((g) => g).map((g) => g!.grade_id);
      assert.equal(new Set(ids).size, ids.length, "grade ids are unique");
    });

    it("builds a student version with every solution removed", (t) => {
      if (DELIMITER_IN_MARKDOWN.has(stem)) {
        assert.throws(() => studentNotebook(raw, f), /without \/\/ END SOLUTION/, `${stem} is fixed: take it off DELIMITER_IN_MARKDOWN`);
        t.skip("known offender: a markdown cell quotes both solution delimiters on one line");
        return;
      }
      const s = studentNotebook(raw, f);
      assert.ok(s.regions >= 3);
      for (const c of (JSON.parse(s.text) as { cells: NbCell[] }).cells) {
        assert.doesNotMatch(text(c), /(BEGIN|END) (SOLUTION|HIDDEN TESTS)/);
      }
    });

    it("ends with a summary, further reading and lab.finish()", () => {
      assert.match(text(code[code.length - 1]), /lab\.finish\(\)/);
      assert.ok(md.some((c) => /further reading|references/i.test(text(c))), "no further-reading section");
    });
  });
}
