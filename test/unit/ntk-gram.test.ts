/**
 * Kernel-regime Gram matrices and their uses. Oracles: the closed form k(x, x) = ‖x‖²/(2d) on the
 * diagonal; the Monte Carlo law for K̂_m (each entry an average of m i.i.d. terms: 5 standard errors
 * per entry); exact exponentials for the fitted rate; a long GD run for the t → ∞ random feature limit
 * (GD converges linearly, so 1e-6 relative after enough steps); exact span membership for the
 * representer weights (float64 rounding only: 1e-9).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sampleSphereArray } from "../../lib/data/samplers";
import { twoLayer64Init, twoLayer64Features, twoLayer64FeatureGram } from "../../lib/models/twoLayer64";
import { gdRun } from "../../lib/experiments/ntk/gdRun";
import { arcCosineKernel } from "../../lib/analysis/kernels";
import {
  featureGramConvergence,
  representerWeights,
  representerPredict,
  randomFeatureLimit,
} from "../../lib/experiments/ntk/gram";
import { Rng } from "../../lib/runtime/rng";
import { lambdaMin64 } from "../../lib/numerics/linalg64";
import { expDecayRate } from "../../lib/numerics/fit";

const d = 6;
const n = 10;
const X = sampleSphereArray({ n, d, seed: 11 });
const y = Float64Array.from({ length: n }, (_, i) => Math.max(X.data[i * d], 0));

describe("ntk gram", () => {
  it("limiting kernel: diagonal 1/(2d) on the unit sphere, symmetric, positive definite", () => {
    const K = arcCosineKernel(X, X, { order: 1, weights: "sphere" });
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(K[i * n + i] - 1 / (2 * d)) < 1e-14);
      for (let j = 0; j < n; j++) assert.equal(K[i * n + j], K[j * n + i]);
    }
    assert.ok(lambdaMin64(K, n) > 0);
  });

  it("K̂_m agrees with K within 5 Monte Carlo standard errors per entry (m = 20000)", () => {
    const m = 20000;
    const p = twoLayer64Init({ m, d, seed: 12 });
    const Kh = twoLayer64FeatureGram(p, X);
    const K = arcCosineKernel(X, X, { order: 1, weights: "sphere" });
    const Phi = twoLayer64Features(p, X);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s2 = 0;
      for (let k = 0; k < m; k++) s2 += (Phi[i * m + k] * Phi[j * m + k] - Kh[i * n + j]) ** 2;
      const se = Math.sqrt(s2 / (m - 1) / m);
      assert.ok(Math.abs(Kh[i * n + j] - K[i * n + j]) <= 5 * se + 1e-15, `entry (${i}, ${j})`);
    }
  });

  it("‖K̂_m − K‖_F falls like m^(−1/2)", () => {
    const g = featureGramConvergence({ X, ms: [32, 128, 512, 2048], seeds: 3, seed: 13 });
    const slope = Math.log(g.dev[3] / g.dev[0]) / Math.log(2048 / 32);
    assert.ok(Math.abs(slope + 0.5) < 0.15, `slope ${slope}`);
    assert.ok(g.lambdaMin > 0 && g.devSd.every((v) => v >= 0));
  });

  it("expDecayRate recovers an exact exponential over a window", () => {
    const t = [0, 1, 2, 3, 4, 5];
    const v = t.map((s) => (s < 2 ? 1 : 3 * Math.exp(-0.7 * s)));
    assert.ok(Math.abs(expDecayRate(t, v, { from: 2 }) - 0.7) < 1e-12);
  });

  it("representer weights: exact for GD iterates of random features, not for a random vector", () => {
    const m = 40;
    const p = twoLayer64Init({ m, d, seed: 14 });
    const run = gdRun({ init: p, X, y, lr: (2 * n) / m, steps: 200, freezeW: true });
    const rep = representerWeights(p, X, run.params.a);
    assert.ok(rep.residual < 1e-9, `residual ${rep.residual}`);
    const g = representerPredict({ params: p, X, w: rep.w, Xeval: X });
    const Phi = twoLayer64Features(p, X);
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let j = 0; j < m; j++) f += Phi[i * m + j] * run.params.a[j];
      assert.ok(Math.abs(g[i] - f) < 1e-10);
    }
    const rnd = representerWeights(p, X, new Rng(1).normals(m));
    assert.ok(rnd.residual > 0.5);
  });

  it("randomFeatureLimit equals long GD from a = 0 (m > n interpolates; m < n least squares)", () => {
    for (const m of [30, 4]) {
      const p = twoLayer64Init({ m, d, seed: 15 });
      const lim = randomFeatureLimit({ params: p, X, y, Xeval: X });
      const run = gdRun({ init: p, X, y, lr: (1 * n) / m, steps: 40000, freezeW: true, recordAt: [40000] });
      let num = 0;
      let den = 0;
      for (let j = 0; j < m; j++) {
        num += (run.params.a[j] - lim.a[j]) ** 2;
        den += lim.a[j] ** 2;
      }
      assert.ok(Math.sqrt(num / den) < 1e-3, `m = ${m}: relative distance ${Math.sqrt(num / den)}`);
      if (m > n) assert.ok(lim.f.every((v, i) => Math.abs(v - y[i]) < 1e-8));
    }
  });
});
