import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scale, markSessionScale } from "../../lib/runtime/scale";
import { openLedger, record, check, checkNear, checkBetween, checkLess, ledger, ledgerPath } from "../../lib/runtime/ledger";
import { CheckError, ValidationError } from "../../lib/runtime/errors";

describe("scale tiers", () => {
  const saved = process.env.MLT_SCALE;
  after(() => {
    scale.set(null);
    if (saved === undefined) delete process.env.MLT_SCALE;
    else process.env.MLT_SCALE = saved;
  });

  it("defaults to class and follows MLT_SCALE", () => {
    delete process.env.MLT_SCALE;
    assert.equal(scale.current, "class");
    process.env.MLT_SCALE = "smoke";
    assert.equal(scale.pick({ smoke: 1, class: 2, paper: 3 }), 1);
    process.env.MLT_SCALE = "PAPER";
    assert.equal(scale.pick({ smoke: 1, class: 2, paper: 3 }), 3);
  });

  it("rejects an unknown tier and a pick without every tier", () => {
    process.env.MLT_SCALE = "huge";
    assert.throws(() => scale.current, (e: unknown) => e instanceof ValidationError && /MLT_SCALE must be one of smoke, class, paper; got "huge"/.test(e.message));
    process.env.MLT_SCALE = "class";
    assert.throws(() => scale.pick({ smoke: 1, class: 2 } as unknown as { smoke: number; class: number; paper: number }), /"paper" is missing/);
  });

  it("can be forced for the process", () => {
    process.env.MLT_SCALE = "class";
    scale.set("smoke");
    assert.equal(scale.current, "smoke");
    scale.set(null);
    assert.equal(scale.current, "class");
    assert.throws(() => scale.set("big" as "smoke"), (e: unknown) => e instanceof ValidationError && /^scale must be one of smoke, class, paper; got "big"$/.test(e.message));
  });

  it("switched inside a notebook session, says to rerun from the set-up cell", () => {
    process.env.MLT_SCALE = "class";
    const said: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void said.push(a.join(" "));
    try {
      markSessionScale("class");
      scale.set("class");
      scale.set("smoke");
    } finally {
      console.log = log;
      markSessionScale(null);
      scale.set(null);
    }
    assert.equal(said.length, 1, "nothing said when the scale does not change");
    assert.match(said[0], /^Scale switched to smoke for this kernel \(the notebook was set up at class\)\. Rerun the notebook from its set-up cell/);
  });
});

describe("results ledger and checks", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlt-ledger-"));
    process.env.MLT_BUILD_DIR = dir;
    openLedger({ notebook: "test-notebook", scale: "smoke", backend: "cpu", seed: 3 });
  });
  after(() => {
    delete process.env.MLT_BUILD_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes every record to build/results/<notebook>.json with its meta", () => {
    record("mc.slope[d=8]", -0.49);
    record("fig2.test_mse.nn[m=4]", 0.25);
    const file = ledgerPath()!;
    assert.equal(file, path.join(dir, "results", "test-notebook.json"));
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    assert.equal(json["mc.slope[d=8]"], -0.49);
    assert.equal(json["fig2.test_mse.nn[m=4]"], 0.25);
    assert.equal(json.meta.scale, "smoke");
    assert.equal(json.meta.seed, 3);
    assert.deepEqual(ledger(), { "mc.slope[d=8]": -0.49, "fig2.test_mse.nn[m=4]": 0.25 });
  });

  it("accepts keys with several parameters and rejects malformed keys and non-finite values", () => {
    record("risk.trained[target=tanh2x,alpha=0.25]", 0.1);
    assert.throws(() => record("bad key", 1), ValidationError);
    assert.throws(() => record("a[m=]", 1), ValidationError);
    assert.throws(() => record("ok.key", NaN), /must be a finite number, got NaN/);
    assert.throws(() => record("ok.key", Infinity), ValidationError);
  });

  it("throws a readable CheckError and records the verdicts", () => {
    assert.doesNotThrow(() => check("passes", true, "fine"));
    assert.throws(() => check("slope", false, "fitted slope −0.31, theory −0.5 ± 0.1"), (e: unknown) => e instanceof CheckError && e.message === "Check failed: slope — fitted slope −0.31, theory −0.5 ± 0.1");
    assert.throws(() => checkNear("rate", -0.31, -0.5, 0.1, "theory"), /Check failed: rate — measured −0\.31, expected −0\.5 ± 0\.1 \(theory\)/);
    assert.doesNotThrow(() => checkNear("rate ok", -0.45, -0.5, 0.1, "theory"));
    assert.throws(() => checkNear("nan", NaN, 0, 1, "theory"), CheckError);
    assert.throws(() => checkBetween("ratio", 1.4, 0.9, 1.1, "seed spread"), /expected within \[0\.9, 1\.1\]/);
    assert.throws(() => checkLess("nn beats rf", 2, 1, "theory", ["nn", "rf"]), /nn 2 is not below rf 1/);
    const json = JSON.parse(fs.readFileSync(ledgerPath()!, "utf8"));
    assert.equal(json.meta.checks.passes.verdict, "pass");
    assert.equal(json.meta.checks.slope.verdict, "fail");
    assert.deepEqual(json.meta.checks.rate, {
      verdict: "fail", measured: -0.31, expected: -0.5, tolerance: 0.1, source: "theory",
      detail: "measured −0.31, expected −0.5 ± 0.1 (theory)",
    });
    assert.deepEqual(json.meta.checks.ratio.band, [0.9, 1.1]);
    assert.equal(json.meta.checks.ratio.measured, 1.4);
    assert.equal(json.meta.checks["nn beats rf"].bound, 1);
    assert.equal(json.meta.checks["nn beats rf"].source, "theory");
  });

  it("shows a hint only when a check fails, and does not repeat a bound used as a label", () => {
    const logged: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => logged.push(a.join(" "));
    try {
      check("exercise", true, "you gave 3. Hint: look at the variance");
      checkLess("small", 0.001, 0.01, "theory", ["error", "0.01"]);
    } finally {
      console.log = log;
    }
    assert.deepEqual(logged, ["✓ exercise — you gave 3.", "✓ small — error 0.001 < 0.01 (theory)"]);
    assert.throws(() => check("exercise", false, "you gave 4", { hint: "look at the variance" }), /you gave 4\. Hint: look at the variance/);
    const json = JSON.parse(fs.readFileSync(ledgerPath()!, "utf8"));
    assert.equal(json.meta.checks.exercise.detail, "you gave 4");
  });
});
