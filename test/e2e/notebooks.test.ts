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
import { figureViolations } from "../helpers/figure-rules";
import { KNOWN_FIGURE_OFFENDERS } from "./figure-offenders";
import { outputProblems, machinePlaces } from "../helpers/outputs";
import { KNOWN_BARE_NUMBER_CELLS } from "./output-offenders";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.join(ROOT, "build", "test");
const PY = fs.readFileSync(path.join(ROOT, "build", ".setup", "python"), "utf8").trim();
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** A saved notebook must stay small enough to share, review and open quickly. */
const MAX_NOTEBOOK_BYTES = 2 * 1024 * 1024;
/** MLT_TEST_NOTEBOOKS=00-start-here,03-hardness-orthonormal runs the suite on those notebooks only. */
const ONLY = process.env.MLT_TEST_NOTEBOOKS?.split(",").map((s) => s.trim()).filter(Boolean);
const NOTEBOOKS = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"))
  .filter((f) => !ONLY || ONLY.includes(f.replace(/\.ipynb$/, ""))).sort();

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

    it(`${stem}: every figure is plotly's JSON output with a light HTML fallback; the HTML export draws it, loading the bundle once`, () => {
      const nb = JSON.parse(fs.readFileSync(path.join(OUT, "notebooks", f), "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => o.data ?? {});
      const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : JSON.stringify(v ?? ""));
      const figures = outputs.filter((d) => PLOTLY_MIME in d);
      const figDir = path.join(OUT, "figures", stem);
      const saved = fs.existsSync(figDir) ? fs.readdirSync(figDir).filter((x) => x.endsWith(".json")).length : 0;
      assert.equal(figures.length, saved, "one plotly output per figure the notebook showed");
      for (const d of figures) {
        const spec = d[PLOTLY_MIME] as { data?: unknown[]; layout?: Record<string, unknown> };
        assert.ok(Array.isArray(spec.data) && spec.layout, "the JSON output holds the figure's data and layout");
        assert.match(text(d["text/html"]), /class="mlt-figure-note"/, "an HTML fallback");
        assert.ok(text(d["text/html"]).length < 2048 && !/<script/i.test(text(d["text/html"])), "the fallback is a short note, without a script or a copy of the spec");
        assert.match(text(d["text/plain"]), /^Figure: /);
      }
      const bundles = outputs.filter((d) => Object.values(d).some((v) => /Copyright 2012-\d+, Plotly/.test(text(v)))).length;
      assert.equal(bundles, 0, "no output carries the plotly bundle");
      const html = fs.readFileSync(path.join(OUT, "html", `${stem}.html`), "utf8");
      const marks = (s: string) => s.split(/Copyright 2012-\d+, Plotly/).length - 1;
      const perBundle = marks(fs.readFileSync(path.join(ROOT, "node_modules", "plotly.js-dist", "plotly.js"), "utf8"));
      assert.equal(marks(html), figures.length > 0 ? perBundle : 0, "the HTML export loads plotly.js once when it has figures");
    });

    it(`${stem}: every figure follows the figure rules (log ticks, visible and distinct legend entries)`, (t) => {
      const figDir = path.join(OUT, "figures", stem);
      const files = fs.existsSync(figDir) ? fs.readdirSync(figDir).filter((x) => x.endsWith(".json")).sort() : [];
      const known = KNOWN_FIGURE_OFFENDERS[stem] ?? {};
      const problems: string[] = [];
      const seen = new Set<string>();
      for (const file of files) {
        const name = file.replace(/^\d+-/, "").replace(/\.json$/, "");
        seen.add(name);
        const found = figureViolations(JSON.parse(fs.readFileSync(path.join(figDir, file), "utf8")));
        if (known[name] !== undefined) {
          if (found.length === 0) problems.push(`${file}: follows every rule now; remove "${name}" from KNOWN_FIGURE_OFFENDERS in test/e2e/figure-offenders.ts`);
          else t.diagnostic(`known offender ${stem}/${file} (${known[name]}): ${found.map((v) => v.message).join("; ")}`);
          continue;
        }
        for (const v of found) problems.push(`${file} [${v.rule}]: ${v.message}`);
      }
      for (const name of Object.keys(known)) if (!seen.has(name)) problems.push(`KNOWN_FIGURE_OFFENDERS lists "${name}", which ${stem} no longer shows`);
      assert.deepEqual(problems, [], `${stem}:\n  ${problems.join("\n  ")}`);
    });

    it(`${stem}: outputs read as sentences: no path of this machine, no line that is only a number`, (t) => {
      const nb = JSON.parse(fs.readFileSync(path.join(OUT, "notebooks", f), "utf8"));
      const found = outputProblems(nb, [...machinePlaces(ROOT), OUT]);
      const known = new Set(KNOWN_BARE_NUMBER_CELLS[stem] ?? []);
      const problems: string[] = [];
      for (const p of found) {
        if (p.rule === "bare-number" && known.has(p.cell)) t.diagnostic(`known offender ${stem} cell ${p.index} (${p.cell}) prints "${p.line}"`);
        else problems.push(`cell ${p.index} (id ${p.cell}) [${p.rule}]: ${p.line}`);
      }
      for (const id of known) {
        if (!found.some((p) => p.rule === "bare-number" && p.cell === id)) problems.push(`cell ${id} no longer prints a bare number: remove it from KNOWN_BARE_NUMBER_CELLS in test/e2e/output-offenders.ts`);
      }
      assert.deepEqual(problems, [], `${stem}:\n  ${problems.join("\n  ")}`);
    });

    it(`${stem}: the executed notebook is at most 2 MB`, () => {
      const size = fs.statSync(path.join(OUT, "notebooks", f)).size;
      assert.ok(size <= MAX_NOTEBOOK_BYTES, `${(size / 1e6).toFixed(2)} MB`);
    });
  }

  // A second run of every notebook doubles the suite's longest part; by default the rerun covers the
  // notebooks whose paths differ most (Monte Carlo over signs, float64 GD, Adam training, tensor
  // steps and spectra); MLT_DETERMINISM_ALL=1 reruns all of them.
  const RERUN = process.env.MLT_DETERMINISM_ALL === "1" ? NOTEBOOKS
    : NOTEBOOKS.filter((f) => /^(02|04|06|07)-/.test(f));
  it("a second run gives the same ledger (same seed and backend)", () => {
    const again = path.join(OUT, "again");
    const r = runner(RERUN.map((f) => path.join(ROOT, "notebooks", f)), again);
    assert.equal(r.status, 0, r.stderr);
    const strip = (l: Record<string, unknown>) => Object.fromEntries(Object.entries(l).filter(([k]) => k !== "meta"));
    for (const f of RERUN) {
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
    const r = runner([path.join(dir, "00-start-here", "00-start-here.ipynb")], path.join(OUT, "student-run"));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /not implemented: exercise 1: write your solution here/);
    assert.match(r.stderr, /predictRmse/, "the report shows the check cell that calls the unwritten function");
  });
});
