import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fitLine, fitLogLog } from "../../lib/numerics/fit";
import * as plot from "../../lib/plot";
import { show } from "../../lib/plot";
import { lastFigureFile } from "../../lib/plot/show";
import { productSine, expSum, midpointGridIntegral, monteCarloErrorCurve, gridErrorCurve, monteCarloIntegral } from "../../lib/numerics";
import { ValidationError } from "../../lib/runtime/errors";

describe("fits", () => {
  it("recovers an exact power law and line", () => {
    const x = [1, 2, 4, 8, 16];
    const f = fitLogLog(x, x.map((v) => 3 * v ** -0.5));
    assert.ok(Math.abs(f.slope + 0.5) < 1e-12);
    assert.ok(Math.abs(Math.exp(f.intercept) - 3) < 1e-12);
    assert.ok(Math.abs(f.r2 - 1) < 1e-12);
    assert.equal(fitLine([0, 1, 2], [1, 3, 5]).slope, 2);
  });
  it("rejects bad input with a message", () => {
    assert.throws(() => fitLogLog([1, 2], [1, -1]), /positive values; point 1/);
    assert.throws(() => fitLine([1, 1], [1, 2]), /all x values are equal/);
    assert.throws(() => fitLine([1], [1]), ValidationError);
  });
});

describe("figure builders", () => {
  it("loglog fits each series and draws the theory line through its data", () => {
    const x = [10, 100, 1000];
    const fig = plot.loglog({ title: "t", x: { label: "m" }, y: { label: "err" }, series: [{ name: "a", x, y: x.map((v) => 2 / Math.sqrt(v)) }], theory: { "*": -0.5 } });
    assert.ok(Math.abs(fig.fits!.a.slope + 0.5) < 1e-12);
    assert.equal(fig.data.length, 2);
    const theory = fig.data[1] as { x: number[]; y: number[] };
    // the theory line has the stated slope and passes through the data (here it coincides with it)
    assert.ok(Math.abs(theory.y[0] - 2 / Math.sqrt(10)) < 1e-9);
    assert.equal((fig.layout.xaxis as { type: string }).type, "log");
  });
  it("validates mismatched series and heatmap shapes", () => {
    assert.throws(() => plot.lines({ title: "t", x: { label: "x" }, y: { label: "y" }, series: [{ name: "s", x: [1, 2], y: [1] }] }), /x has 2 points but y has 1/);
    assert.throws(() => plot.heatmap({ title: "t", x: { label: "x", values: [1, 2] }, y: { label: "y", values: [1, 2] }, z: [[1, 2]], zLabel: "z" }), /z has 1 rows/);
  });
  it("heatmapPanels lays panels on a grid with one shared colour scale and per-panel overlays", () => {
    const z = (k: number) => [[k, k + 1], [k + 2, k + 3]];
    const fig = plot.heatmapPanels({
      title: "t", x: { label: "x" }, y: { label: "y" }, zLabel: "z", columns: 2,
      panels: [0, 10, 20].map((k) => ({ title: `p${k}`, x: [0, 1], y: [0, 1], z: z(k), overlay: [{ name: "c", x: [0, 1], y: [1, 0], theory: true }] })),
    });
    const maps = fig.data.filter((t) => t.type === "heatmap") as { zmin: number; zmax: number; xaxis: string; showscale: boolean }[];
    assert.equal(maps.length, 3);
    maps.forEach((m) => assert.deepEqual([m.zmin, m.zmax], [0, 23]));
    assert.deepEqual(maps.map((m) => m.xaxis), ["x", "x2", "x3"]);
    assert.deepEqual(maps.map((m) => m.showscale), [true, false, false]);
    const overlays = fig.data.filter((t) => t.type === "scatter") as { xaxis: string; showlegend: boolean }[];
    assert.deepEqual(overlays.map((o) => o.xaxis), ["x", "x2", "x3"]);
    assert.deepEqual(overlays.map((o) => o.showlegend), [true, false, false]);
    // two columns: the third panel starts a second row below the first
    const dom = (k: string) => (fig.layout[k] as { domain: number[] }).domain;
    assert.deepEqual(dom("xaxis3"), dom("xaxis"));
    assert.ok(dom("yaxis3")[1] < dom("yaxis")[0]);
    assert.throws(() => plot.heatmapPanels({ title: "t", x: { label: "x" }, y: { label: "y" }, zLabel: "z", panels: [] }), /at least one panel/);
    assert.throws(() => plot.heatmapPanels({ title: "t", x: { label: "x" }, y: { label: "y" }, zLabel: "z", panels: [{ title: "p", x: [0], y: [0, 1], z: [[1]] }] }), /z has 1 rows/);
  });
  it("band computes mean and spread over runs", () => {
    const fig = plot.band({ title: "t", x: { label: "x" }, y: { label: "y" }, groups: [{ name: "g", x: [1, 2], runs: [[1, 2], [3, 4]] }] });
    const mean = fig.data[2] as { y: number[] };
    assert.deepEqual(mean.y, [2, 3]);
  });
  describe("show outside a notebook", () => {
    let dir = "";
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlt-fig-"));
      process.env.MLT_BUILD_DIR = dir;
    });
    after(() => {
      delete process.env.MLT_BUILD_DIR;
      fs.rmSync(dir, { recursive: true, force: true });
    });
    it("saves the spec under build/figures", () => {
      const shown = show(plot.lines({ title: "Loss curve", x: { label: "x" }, y: { label: "y" }, series: [{ name: "s", x: [1, 2], y: [3, 4] }], caption: "c" }));
      assert.equal(shown, undefined, "show returns nothing (a cell ending in it prints no path)");
      const file = lastFigureFile()!;
      const spec = JSON.parse(fs.readFileSync(file, "utf8"));
      assert.match(file, /figures[\\/]scratch[\\/]01-loss-curve\.json$/);
      assert.equal(spec.caption, "c");
      assert.deepEqual(spec.data[0].y, [3, 4]);
    });
  });
});

describe("quadrature", () => {
  it("integrands have the stated integral and variance (checked by a fine midpoint grid in float64)", () => {
    for (const g of [productSine(1), productSine(2), expSum(2), expSum(3)]) {
      const k = g.d === 1 ? 4000 : g.d === 2 ? 600 : 120;
      // midpoint error O(k⁻²) per axis: below 1e-5 at these k for these smooth integrands
      assert.ok(Math.abs(midpointGridIntegral(g, k) - g.integral) < 1e-5, g.name);
      const sq = { ...g, g: (x: Float64Array) => g.g(x) ** 2 };
      const second = midpointGridIntegral(sq, k);
      assert.ok(Math.abs(second - g.integral ** 2 - g.variance) < 1e-4, `${g.name}: variance`);
    }
  });
  it("midpoint grid converges at rate k⁻² in d = 1", () => {
    const c = gridErrorCurve(productSine(1), [8, 16, 32, 64]);
    assert.ok(Math.abs(fitLogLog(c.m, c.error).slope + 2) < 0.02); // asymptotic expansion: next term is O(k⁻⁴)
  });
  it("Monte Carlo RMSE matches √(Var g/m)", () => {
    // 400 repetitions: relative standard error of an RMSE ≈ √((κ−1)/4R) ≤ 5 % for this integrand; allow 20 %.
    const c = monteCarloErrorCurve(productSine(3), [64, 1024], 400, 11);
    c.error.forEach((e, i) => assert.ok(Math.abs(e / c.theory[i] - 1) < 0.2, `${e} vs ${c.theory[i]}`));
  });
  it("is deterministic given the seed and validates sizes", () => {
    assert.equal(monteCarloIntegral(productSine(2), 100, 5), monteCarloIntegral(productSine(2), 100, 5));
    assert.throws(() => monteCarloIntegral(productSine(2), 0, 5), /m must be an integer ≥ 1, got 0/);
    assert.throws(() => midpointGridIntegral(productSine(10), 100), /limit 5e7/);
  });
});
