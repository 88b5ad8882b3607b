/**
 * Every notebook executed through the real Jupyter stack (nbclient + the tslab kernel) at `smoke`
 * scale by the headless runner; then its ledger, its HTML export in Chromium, determinism, the
 * runner's failure report and the student version.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REQUIRED_KEYS } from "./ledger-keys";
import { renderHtml, chromiumPath } from "../helpers/browser";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.join(ROOT, "build", "test");
const PY = fs.readFileSync(path.join(ROOT, "build", ".setup", "python"), "utf8").trim();
const NOTEBOOKS = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();

function runner(args: string[], out: string): SpawnSyncReturns<string> {
  return spawnSync(PY, ["-X", "frozen_modules=off", path.join(ROOT, "kernel-setup", "run_notebooks.py"), "--scale", "smoke", "--out", out, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, MLT_SCALE: "smoke", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    timeout: 15 * 60 * 1000,
  });
}

function readLedger(out: string, stem: string): Record<string, unknown> & { meta: { scale: string; checks: Record<string, { verdict: string; detail: string; source?: string }> } } {
  return JSON.parse(fs.readFileSync(path.join(out, "results", `${stem}.json`), "utf8"));
}

describe("notebooks", () => {
  let run: SpawnSyncReturns<string>;
  before(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    run = runner(NOTEBOOKS.map((f) => path.join(ROOT, "notebooks", f)), OUT);
    process.stdout.write(run.stdout);
  });

  it("are committed clean: tslab kernelspec, no outputs, cell ids", () => {
    for (const f of NOTEBOOKS) {
      const nb = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", f), "utf8"));
      assert.equal(nb.metadata.kernelspec.name, "tslab", f);
      for (const c of nb.cells) {
        assert.ok(c.id, `${f}: a cell without id`);
        if (c.cell_type === "code") assert.equal(c.outputs.length, 0, `${f}: committed outputs`);
      }
    }
  });

  it("all execute at smoke scale without a cell error", () => {
    assert.equal(run.status, 0, `runner failed:\n${run.stderr}`);
  });

  for (const f of NOTEBOOKS) {
    const stem = f.replace(/\.ipynb$/, "");
    it(`${stem}: ledger has every required key and every check passed`, () => {
      const ledger = readLedger(OUT, stem);
      assert.equal(ledger.meta.scale, "smoke");
      for (const key of REQUIRED_KEYS[stem] ?? []) {
        assert.ok(typeof ledger[key] === "number" && Number.isFinite(ledger[key]), `${stem}: ledger key ${key} missing`);
      }
      const checks = Object.entries(ledger.meta.checks);
      assert.ok(checks.length > 0, `${stem}: no checks ran`);
      for (const [name, rec] of checks) {
        const r = rec;
        assert.equal(r.verdict, "pass", `${stem}: check "${name}" — ${r.detail}`);
        assert.equal(typeof r.detail, "string", `${stem}: check "${name}" has no recorded detail`);
      }
    });

    it(`${stem}: the HTML export draws every figure in Chromium without page errors`, { skip: chromiumPath() ? false : "Chromium not installed" }, async () => {
      const figDir = path.join(OUT, "figures", stem);
      const expected = fs.existsSync(figDir) ? fs.readdirSync(figDir).filter((x) => x.endsWith(".json")).length : 0;
      const report = await renderHtml(path.join(OUT, "html", `${stem}.html`), { expectCharts: expected });
      assert.deepEqual(report.errors, []);
      assert.equal(report.figures, expected, "figure containers in the HTML");
      assert.equal(report.charts, expected, "plotly charts drawn");
    });

    it(`${stem}: the plotly bundle is inlined once, not once per figure`, () => {
      const nb = JSON.parse(fs.readFileSync(path.join(OUT, "notebooks", f), "utf8"));
      const htmlOutputs: string[] = nb.cells.flatMap((c: { outputs?: { data?: Record<string, string | string[]> }[] }) =>
        (c.outputs ?? []).map((o) => o.data?.["text/html"]).filter((h): h is string | string[] => h !== undefined).map((h) => (Array.isArray(h) ? h.join("") : h)),
      );
      const bundles = htmlOutputs.filter((h) => h.includes("Copyright 2012-") && h.includes("Plotly")).length;
      const figures = htmlOutputs.filter((h) => h.includes('class="mlt-figure"')).length;
      assert.equal(bundles, figures > 0 ? 1 : 0, `${figures} figures, ${bundles} bundles`);
    });
  }

  it("every notebook gives the same ledger on a second run (same seed and backend)", () => {
    const again = path.join(OUT, "again");
    const r = runner(NOTEBOOKS.map((f) => path.join(ROOT, "notebooks", f)), again);
    assert.equal(r.status, 0, r.stderr);
    const strip = (l: Record<string, unknown>) => Object.fromEntries(Object.entries(l).filter(([k]) => k !== "meta"));
    for (const f of NOTEBOOKS) {
      const stem = f.replace(/\.ipynb$/, "");
      assert.deepEqual(strip(readLedger(again, stem)), strip(readLedger(OUT, stem)), stem);
    }
  });

  it("the library's API compiles and runs inside a tslab cell (tslab type-checks against lib/dist)", () => {
    const out = path.join(OUT, "api-tour");
    const r = runner([path.join(ROOT, "test", "fixtures", "api-tour.ipynb")], out);
    assert.equal(r.status, 0, r.stderr);
    const ledger = readLedger(out, "api-tour");
    for (const key of ["api.final_loss", "api.sharpness", "api.gram_lambda_min", "api.fashion_n"]) assert.equal(typeof ledger[key], "number", key);
    assert.equal(ledger["api.fashion_n"], 100);
  });

  it("a throwing cell makes the runner exit non-zero and print the cell and the real error", () => {
    const r = runner([path.join(ROOT, "test", "fixtures", "throws.ipynb")], path.join(OUT, "fixture"));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /throws\.ipynb: a cell failed/);
    assert.match(r.stderr, /cell 3 \(code cell 2/);
    assert.match(r.stderr, /const width = -3;/);
    assert.match(r.stderr, /deliberate failure: width must be positive, got -3/);
  });

  it("the student version fails exactly at the first exercise", () => {
    const dir = path.join(OUT, "student");
    const b = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "kernel-setup", "student.ts"), path.join(ROOT, "notebooks", "00-start-here.ipynb"), "--out", dir], { cwd: ROOT, encoding: "utf8" });
    assert.equal(b.status, 0, b.stderr);
    const r = runner([path.join(dir, "00-start-here.ipynb")], path.join(OUT, "student-run"));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /not implemented: write your solution here/);
    assert.match(r.stderr, /BEGIN|YOUR CODE HERE/);
  });
});
