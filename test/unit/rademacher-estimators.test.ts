import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";
import {
  rademacherMonteCarlo,
  rademacherL2Ball,
  rademacherL2BallBound,
  rademacherRkhsBall,
  rademacherRkhsBallBound,
  rademacherPathNormBall,
  rademacherPathNormBound,
} from "../../lib/analysis/rademacher";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

function randomRows(n: number, d: number, seed: number): number[][] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => Array.from(r.normals(d)));
}

/** Gaussian-kernel Gram matrix exp(−‖x − x'‖²/2), float64. */
function gaussianGram(X: number[][]): number[][] {
  return X.map((x) => X.map((y) => Math.exp(-x.reduce((s, v, j) => s + (v - y[j]) ** 2, 0) / 2)));
}

/**
 * Exact max over the unit ℓ1 circle of |g(u)| = |(1/n)Σ ξ_i relu(u·x_i)| for 2-D points: on each arc
 * between consecutive breakpoints g is linear along the segment, so the max is at a vertex ±e_j or at a
 * point where u ⊥ x_i.
 */
function exactPathSup2d(X: number[][], xi: Float64Array): number {
  const cands: number[][] = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  for (const [a, b] of X) {
    const s = Math.abs(a) + Math.abs(b);
    if (s > 0) cands.push([-b / s, a / s], [b / s, -a / s]);
  }
  let best = 0;
  for (const u of cands) {
    let g = 0;
    X.forEach((x, i) => (g += xi[i] * Math.max(0, u[0] * x[0] + u[1] * x[1])));
    best = Math.max(best, Math.abs(g / X.length));
  }
  return best;
}

/** Replays the sign vectors a seeded estimator used (same generator and order as rademacherMonteCarlo). */
function replaySigns(n: number, draws: number, seed: number): Float64Array[] {
  const out: Float64Array[] = [];
  rademacherMonteCarlo((xi) => (out.push(Float64Array.from(xi)), 0), { n, draws, seed });
  return out;
}

describe("Rademacher complexity estimators (float64 host)", () => {
  it("generic Monte Carlo agrees with exact enumeration over all 2^n signs (CLT: within 4 standard errors)", () => {
    const x = [0.3, -1.2, 0.8, 2.0, -0.1, 0.7, 1.5, -0.9];
    const sup = (xi: Float64Array) => Math.abs(xi.reduce((s, e, i) => s + e * x[i], 0)) / x.length;
    const exact = rademacherMonteCarlo(sup, { n: 8, exact: true });
    assert.equal(exact.draws, 256);
    assert.equal(exact.stderr, 0);
    const mc = rademacherMonteCarlo(sup, { n: 8, draws: 4000, seed: 1 });
    assert.ok(Math.abs(mc.estimate - exact.estimate) < 4 * mc.stderr, `${mc.estimate} vs ${exact.estimate} ± ${mc.stderr}`);
    // n = 2 by hand: the four sign vectors give |x1+x2|, |x1−x2| twice each, so R̂ = max(|x1|,|x2|)/2.
    const two = rademacherMonteCarlo((xi) => Math.abs(xi[0] * 0.3 + xi[1] * -1.2) / 2, { n: 2, exact: true });
    assert.ok(Math.abs(two.estimate - 1.2 / 2) < 1e-15);
  });

  it("ℓ2 ball: closed forms, exact enumeration, Monte Carlo, and bounds ≥ the exact value", () => {
    // Orthogonal points: ‖Σξ_i x_i‖ = √(Σ‖x_i‖²) for every ξ, so R̂ = B√(Σ‖x_i‖²)/n exactly (= the Jensen bound).
    const orth = [[2, 0, 0], [0, -1, 0], [0, 0, 0.5]];
    const want = (3 * Math.sqrt(4 + 1 + 0.25)) / 3;
    assert.ok(Math.abs(rademacherL2Ball(orth, { B: 3, exact: true }).estimate - want) < 1e-14);
    assert.ok(Math.abs(rademacherL2BallBound(orth, { B: 3, kind: "jensen" }) - want) < 1e-14);
    // n = 1: R̂ = B‖x‖.
    assert.ok(Math.abs(rademacherL2Ball([[3, 4]], { B: 2, exact: true }).estimate - 10) < 1e-14);
    const X = randomRows(12, 4, 2);
    const exact = rademacherL2Ball(X, { B: 1.5, exact: true }).estimate;
    const mc = rademacherL2Ball(X, { B: 1.5, draws: 3000, seed: 3 });
    assert.ok(Math.abs(mc.estimate - exact) < 4 * mc.stderr);
    const jensen = rademacherL2BallBound(X, { B: 1.5, kind: "jensen" });
    const max = rademacherL2BallBound(X, { B: 1.5 });
    assert.ok(exact <= jensen && jensen <= max, `${exact} ≤ ${jensen} ≤ ${max}`);
  });

  it("RKHS ball: the linear kernel reproduces the ℓ2 ball, MC matches enumeration, and B√(tr K)/n bounds it", () => {
    const X = randomRows(10, 3, 4);
    const lin = X.map((x) => X.map((y) => x.reduce((s, v, j) => s + v * y[j], 0)));
    const a = rademacherRkhsBall(lin, { B: 2, draws: 300, seed: 5 });
    const b = rademacherL2Ball(X, { B: 2, draws: 300, seed: 5 });
    // Same signs; √(ξᵀXXᵀξ) = ‖Xᵀξ‖ up to float64 rounding of O(n²) terms.
    a.values.forEach((v, t) => assert.ok(Math.abs(v - b.values[t]) < 1e-12 * (1 + v)));
    const K = gaussianGram(X);
    const exact = rademacherRkhsBall(K, { exact: true }).estimate;
    const mc = rademacherRkhsBall(K.flat(), { draws: 3000, seed: 6 }); // flat row-major input
    assert.ok(Math.abs(mc.estimate - exact) < 4 * mc.stderr);
    assert.ok(exact <= rademacherRkhsBallBound(K), "Jensen bound ≥ exact value");
  });

  it("path-norm ball in d = 1 without bias is exact: Q·max(|Σξ relu(x)|, |Σξ relu(−x)|)/n", () => {
    const x = [0.5, -1.5, 2, -0.25, 1, -3];
    const res = rademacherPathNormBall(x.map((v) => [v]), { Q: 2, draws: 50, seed: 7 });
    const signs = replaySigns(6, 50, 7);
    res.values.forEach((v, t) => {
      const plus = x.reduce((s, xv, i) => s + signs[t][i] * Math.max(0, xv), 0);
      const minus = x.reduce((s, xv, i) => s + signs[t][i] * Math.max(0, -xv), 0);
      assert.ok(Math.abs(v - (2 * Math.max(Math.abs(plus), Math.abs(minus))) / 6) < 1e-14);
    });
  });

  it("path-norm ball in 2-D (d = 2, and d = 1 with bias) matches exact enumeration of the arrangement", () => {
    const cases: [number[][], boolean][] = [
      [randomRows(30, 2, 8), false],
      [randomRows(25, 1, 9), true],
    ];
    for (const [X, bias] of cases) {
      const Xt = bias ? X.map((x) => [...x, 1]) : X;
      const draws = 100;
      const res = rademacherPathNormBall(X, { draws, seed: 10, bias });
      const signs = replaySigns(X.length, draws, 10);
      res.values.forEach((v, t) => {
        const exact = exactPathSup2d(Xt, signs[t]);
        // A lower estimate can never exceed the true sup; here the ascent also reaches it (float64 rounding only).
        assert.ok(v <= exact + 1e-12, `draw ${t}: ${v} > exact ${exact}`);
        assert.ok(v >= exact - 1e-12, `draw ${t}: ${v} < exact ${exact}`);
      });
    }
  });

  it("path-norm ball in d = 8: local ascent beats the best random direction, and the bound is above the exact-ξ average", () => {
    const X = randomRows(10, 8, 11).map((x) => x.map((v) => Math.max(-1, Math.min(1, v))));
    const noAscent = rademacherPathNormBall(X, { exact: true, starts: 0, directions: 64 });
    const full = rademacherPathNormBall(X, { exact: true, directions: 64 });
    full.values.forEach((v, t) => assert.ok(v >= noAscent.values[t] - 1e-15));
    assert.ok(full.estimate > noAscent.estimate, "ascent improves on random search");
    // estimate ≤ R̂_n (every value is attained) ≤ bound, with exact enumeration over ξ (no Monte Carlo error).
    const bound = rademacherPathNormBound(X);
    assert.ok(full.estimate <= bound, `${full.estimate} ≤ ${bound}`);
    // The bound is at most the E–Ma–Wu form 2Q·max|x_ij|·√(2 ln 2d / n).
    const maxAbs = Math.max(...X.flat().map(Math.abs));
    assert.ok(bound <= 2 * maxAbs * Math.sqrt((2 * Math.log(16)) / 10) + 1e-15);
  });

  it("is deterministic and validates its arguments", () => {
    const X = randomRows(20, 3, 12);
    assert.deepEqual(rademacherPathNormBall(X, { draws: 20, seed: 13 }), rademacherPathNormBall(X, { draws: 20, seed: 13 }));
    assert.deepEqual(rademacherL2Ball(X, { draws: 20, seed: new Rng(13) }).values, rademacherL2Ball(X, { draws: 20, seed: 13 }).values);
    assert.throws(() => rademacherL2Ball(X, { draws: 20 }), /seed is required/);
    assert.throws(() => rademacherL2Ball(randomRows(21, 2, 0), { exact: true }), /n ≤ 20/);
    assert.throws(() => rademacherRkhsBall([[1, 2, 3], [4, 5, 6]], { exact: true }), (e: Error) => e instanceof ValidationError && /square Gram matrix/.test(e.message));
    assert.throws(() => rademacherL2Ball(X, { B: -1, exact: false, seed: 0 }), /B must be > 0/);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`Rademacher estimators with tensor inputs (${be})`, () => {
    before(() => useBackend(be));

    it("read a tf.Tensor2D like its float32-rounded rows, without leaking", async () => {
      const rows = randomRows(10, 3, 14);
      const X = tf.tensor2d(rows);
      const rounded = rows.map((r) => Array.from(Float32Array.from(r)));
      await noLeak(() => {
        assert.deepEqual(rademacherL2Ball(X, { exact: true }).estimate, rademacherL2Ball(rounded, { exact: true }).estimate);
        assert.deepEqual(rademacherPathNormBall(X, { draws: 5, seed: 1 }).values, rademacherPathNormBall(rounded, { draws: 5, seed: 1 }).values);
      });
      X.dispose();
    });
  });
}
