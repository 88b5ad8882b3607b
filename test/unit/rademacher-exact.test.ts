import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";
import { linearAssignment } from "../../lib/numerics/assignment";
import {
  rademacherMonteCarlo,
  rademacherL1Ball,
  rademacherL1BallBound,
  rademacherPathNormBall,
  rademacherPathNormExact,
  rademacherLipschitzBall,
} from "../../lib/analysis/rademacher";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

function randomRows(n: number, d: number, seed: number, lo = -1, hi = 1): number[][] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => Array.from(r.uniforms(d, lo, hi)));
}

/** All permutations of 0…k−1. */
function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  return permutations(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]));
}

/** Brute force min over injective maps rows → columns. */
function bruteAssignment(C: number[][]): number {
  const n = C.length;
  const m = C[0].length;
  let best = Infinity;
  const rec = (i: number, used: Set<number>, s: number): void => {
    if (i === n) {
      best = Math.min(best, s);
      return;
    }
    for (let j = 0; j < m; j++) if (!used.has(j)) {
      used.add(j);
      rec(i + 1, used, s + C[i][j]);
      used.delete(j);
    }
  };
  rec(0, new Set(), 0);
  return best;
}

/** Replays the sign vectors a seeded estimator used. */
function replaySigns(n: number, o: { draws?: number; seed?: number; exact?: boolean }): Float64Array[] {
  const out: Float64Array[] = [];
  rademacherMonteCarlo((xi) => (out.push(Float64Array.from(xi)), 0), { n, ...o });
  return out;
}

/** max over ‖u‖₁ = 1 of |g| (or g) by dense sampling of the ℓ1 sphere: a lower estimate. */
function sampledPathSup(X: number[][], xi: Float64Array, count: number, seed: number, oneSided: boolean): number {
  const r = new Rng(seed);
  const d = X[0].length;
  let best = 0;
  for (let c = 0; c < count; c++) {
    const u = Array.from(r.normals(d));
    const s = u.reduce((a, b) => a + Math.abs(b), 0);
    let g = 0;
    X.forEach((x, i) => (g += xi[i] * Math.max(0, x.reduce((a, v, j) => a + (v * u[j]) / s, 0))));
    best = Math.max(best, oneSided ? g / X.length : Math.abs(g / X.length));
  }
  return best;
}

describe("linear assignment (float64)", () => {
  it("matches brute force over all permutations, square and rectangular", () => {
    const C3 = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    const r = linearAssignment(C3, 3);
    assert.equal(r.cost, 5);
    assert.deepEqual(Array.from(r.col), [1, 0, 2]);
    const rng = new Rng(7);
    for (let t = 0; t < 30; t++) {
      const n = 1 + rng.int(6);
      const m = n + rng.int(3);
      const C = Array.from({ length: n }, () => Array.from(rng.uniforms(m, -2, 5)));
      const got = linearAssignment(Float64Array.from(C.flat()), n, m);
      assert.ok(Math.abs(got.cost - bruteAssignment(C)) < 1e-12, `n = ${n}, m = ${m}`);
      assert.equal(new Set(got.col).size, n);
      assert.ok(Math.abs(got.cost - Array.from(got.col).reduce((s, j, i) => s + C[i][j], 0)) < 1e-12);
    }
    assert.equal(linearAssignment([], 0, 0).cost, 0);
  });

  it("validates its arguments", () => {
    assert.throws(() => linearAssignment([1, 2], 2, 1), ValidationError);
    assert.throws(() => linearAssignment([1, 2, 3], 2, 2), ValidationError);
    assert.throws(() => linearAssignment([1, NaN, 3, 4], 2, 2), ValidationError);
  });
});

describe("ℓ1 ball, exact path-norm sup and Lipschitz ball (float64 host)", () => {
  it("ℓ1 ball: (B/n)‖Σξx‖_∞ by hand, and Massart's bound above it", () => {
    // n = 2 points (1, 0) and (0, 2): ‖Σξx‖_∞ = 2 for every ξ, so R̂ = B·2/2.
    assert.ok(Math.abs(rademacherL1Ball([[1, 0], [0, 2]], { B: 3, exact: true }).estimate - 3) < 1e-15);
    const X = randomRows(14, 6, 1);
    const exact = rademacherL1Ball(X, { exact: true }).estimate;
    const inf = Math.max(...X.flat().map(Math.abs));
    assert.ok(Math.abs(rademacherL1BallBound(X) - inf * Math.sqrt((2 * Math.log(12)) / 14)) < 1e-15);
    assert.ok(exact <= rademacherL1BallBound(X));
    const mc = rademacherL1Ball(X, { draws: 3000, seed: 2 });
    assert.ok(Math.abs(mc.estimate - exact) < 4 * mc.stderr);
  });

  it("exact path-norm sup: d = 1 closed form, 2-D and 3-D oracles, and the search never above it", () => {
    // d = 1: the rays are ±1, so sup = max(|Σ_{x>0} ξx|, |Σ_{x<0} ξx|)/n.
    const x1 = [[0.5], [-1.5], [2], [-0.25]];
    const ex1 = rademacherPathNormExact(x1, { exact: true });
    const want = replaySigns(4, { exact: true }).reduce((s, xi) => {
      const p = xi[0] * 0.5 + xi[2] * 2;
      const q = -(xi[1] * -1.5 + xi[3] * -0.25);
      return s + Math.max(Math.abs(p), Math.abs(q)) / 4;
    }, 0) / 16;
    assert.ok(Math.abs(ex1.estimate - want) < 1e-15);
    // 2-D: the search is exact there (existing oracle), so both agree on every sign vector.
    const X2 = randomRows(9, 2, 3);
    const a = rademacherPathNormExact(X2, { exact: true });
    const b = rademacherPathNormBall(X2, { exact: true });
    for (let t = 0; t < a.values.length; t++) assert.ok(Math.abs(a.values[t] - b.values[t]) < 1e-12);
    // 3-D: dense sampling of the ℓ1 sphere is a lower estimate that gets within 2 % of the exact value.
    const X3 = randomRows(10, 3, 4);
    for (const oneSided of [false, true]) {
      const ex = rademacherPathNormExact(X3, { draws: 6, seed: 5, oneSided });
      replaySigns(10, { draws: 6, seed: 5 }).forEach((xi, t) => {
        const s = sampledPathSup(X3, xi, 20000, t, oneSided);
        assert.ok(s <= ex.values[t] + 1e-12, `sampled ${s} above exact ${ex.values[t]}`);
        assert.ok(s >= 0.98 * ex.values[t], `sampled ${s} far below exact ${ex.values[t]}`);
      });
    }
    // d = 5: the search is a lower estimate of the exact value on every draw, two-sided ≥ one-sided.
    const X5 = randomRows(16, 5, 6);
    const ex = rademacherPathNormExact(X5, { draws: 5, seed: 9, Q: 2 });
    const ex1s = rademacherPathNormExact(X5, { draws: 5, seed: 9, Q: 2, oneSided: true });
    const se = rademacherPathNormBall(X5, { draws: 5, seed: 9, Q: 2 });
    const se1 = rademacherPathNormBall(X5, { draws: 5, seed: 9, Q: 2, oneSided: true });
    for (let t = 0; t < 5; t++) {
      assert.ok(se.values[t] <= ex.values[t] + 1e-12);
      assert.ok(se1.values[t] <= ex1s.values[t] + 1e-12);
      assert.ok(ex1s.values[t] <= ex.values[t] + 1e-15);
    }
    assert.throws(() => rademacherPathNormExact(randomRows(60, 6, 1), { draws: 2, seed: 0, maxRays: 1000 }), ValidationError);
  });

  it("Lipschitz ball: hand example, d = 1 sorting equals the assignment, and McShane witnesses below the sup", () => {
    // Points 0.1, 0.7, 0.4, anchor 0.5. ξ = (+, +, +): match {0.1, 0.4, 0.7} to three anchors: 0.4 + 0.1 + 0.2.
    const ex = rademacherLipschitzBall([[0.1], [0.7], [0.4]], { anchor: [0.5], exact: true });
    const xiAll = replaySigns(3, { exact: true });
    const k = xiAll.findIndex((xi) => xi.every((v) => v > 0));
    assert.ok(Math.abs(ex.values[k] - 0.7 / 3) < 1e-15);
    // d = 1 sorted pairing vs the assignment on the same points embedded in 2-D (second coordinate 0).
    const P = randomRows(9, 1, 11, 0, 1);
    const one = rademacherLipschitzBall(P, { anchor: [0.5], exact: true, L: 2 });
    const two = rademacherLipschitzBall(P.map((r) => [r[0], 0]), { anchor: [0.5, 0], exact: true, L: 2 });
    for (let t = 0; t < one.values.length; t++) assert.ok(Math.abs(one.values[t] - two.values[t]) < 1e-12);
    // The sup is at least the value of any 1-Lipschitz f with f(c) = 0 (here ±‖x − c‖ and ±(x₁ − c₁)).
    const Q = randomRows(8, 2, 12, 0, 1);
    const c = [0.5, 0.5];
    const lip = rademacherLipschitzBall(Q, { anchor: c, exact: true });
    const fs = [
      (x: number[]) => Math.hypot(x[0] - c[0], x[1] - c[1]),
      (x: number[]) => -Math.hypot(x[0] - c[0], x[1] - c[1]),
      (x: number[]) => x[0] - c[0],
      (x: number[]) => c[1] - x[1],
    ];
    replaySigns(8, { exact: true }).forEach((xi, t) => {
      for (const f of fs) {
        const v = Q.reduce((s, x, i) => s + xi[i] * f(x), 0) / 8;
        assert.ok(v <= lip.values[t] + 1e-12);
      }
    });
    assert.throws(() => rademacherLipschitzBall(Q, { anchor: [0.5], draws: 2, seed: 0 }), ValidationError);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`ℓ1, exact path-norm and Lipschitz estimators with tensor inputs (${be})`, () => {
    before(() => useBackend(be));
    it("read a tf.Tensor2D like its float32-rounded rows, without leaking", async () => {
      const rows = randomRows(10, 3, 21, 0, 1);
      const f32 = rows.map((r) => Array.from(Float32Array.from(r)));
      await noLeak(() => {
        const X = tf.tensor2d(rows);
        const o = { draws: 4, seed: 1 };
        assert.equal(rademacherL1Ball(X, o).estimate, rademacherL1Ball(f32, o).estimate);
        assert.equal(rademacherPathNormExact(X, o).estimate, rademacherPathNormExact(f32, o).estimate);
        assert.equal(rademacherLipschitzBall(X, o).estimate, rademacherLipschitzBall(f32, o).estimate);
        X.dispose();
      });
    });
  });
}
