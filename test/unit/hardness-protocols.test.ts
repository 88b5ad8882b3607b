/**
 * The other protocols of the hardness notebook against oracles: the triangle-wave parity network on
 * every point and its path norm in closed form; orthonormality of the parities; the cosine count
 * against enumeration; GD towards all parities at once against one trainTwoLayer run per parity;
 * the Gronwall bound's formula; the cosine landscape against Monte Carlo; SGD on parities.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { twoLayer, disposeParams } from "../../lib/models";
import { trainTwoLayer, scaleBy } from "../../lib/train";
import { allHypercubePoints, sampleGaussianArray } from "../../lib/data/samplers";
import { parityValue } from "../../lib/numerics/wht";
import { countLocalMinima } from "../../lib/numerics/grids";
import { pathNormValue } from "../../lib/analysis/norms";
import {
  parityReluNetwork,
  parityNetworkStudy,
  parityOrthonormalityError,
  barronCosineCount,
  parityGdDistance,
  parityGdStudy,
  gdDistanceBound,
  cosineRisk,
  cosinePlateau,
  cosineBasinWidth,
  cosineFlatFractionTheory,
  cosineLandscape,
  COSINE_BASIN_WIDTH_TIMES_L,
  paritySgd,
} from "../../lib/experiments/hardness";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";

const isVE = (re: RegExp) => (e: unknown) => e instanceof ValidationError && re.test(e.message);

describe("parities and cosines (host)", () => {
  before(() => useBackend("cpu"));

  it("the triangle-wave network equals χ_S on every point; path norm 12k(k + 1) + 2", () => {
    const rng = new Rng(0);
    for (const d of [1, 3, 6, 9]) {
      for (let rep = 0; rep < 3; rep++) {
        const S = Array.from(rng.permutation(d).subarray(0, 1 + rng.int(d))).sort((a, b) => a - b);
        const { model, params } = parityReluNetwork({ d, S });
        const f = tf.tidy(() => model.apply(params, allHypercubePoints(d)).dataSync());
        f.forEach((v, k) => assert.equal(v, S.reduce((p, i) => p * (((k >> i) & 1) ? -1 : 1), 1), `d = ${d}, S = ${S}, x = ${k}`));
        const k = S.length;
        assert.equal(pathNormValue(params, { scaling: "standard", inner: 1 }), 12 * k * (k + 1) + 2);
        disposeParams(params);
      }
    }
    const study = parityNetworkStudy({ ds: [2, 4, 8, 16, 32], exactUpTo: 8 });
    assert.deepEqual(study.rows.map((r) => r.exact), [1, 1, 1, NaN, NaN]);
    study.rows.forEach((r) => assert.equal(r.pathNorm, r.pathNormTheory));
    // log–log slope of 12d(d + 1) + 2 over d = 2 … 32: between 2 − 1/(d + 1) at the ends, so in (1.6, 2).
    assert.ok(study.exponent > 1.6 && study.exponent < 2, `exponent ${study.exponent}`);
    assert.throws(() => parityReluNetwork({ d: 3, S: [0, 3] }), isVE(/S/));
  });

  it("parities are orthonormal; the Barron-ball cosine count matches enumeration", () => {
    for (const d of [1, 2, 5, 8]) assert.equal(parityOrthonormalityError(d), 0);
    // Enumerate b ∈ ℕ^d with Σ b_i ≤ M.
    const enumerate = (d: number, M: number): number => (d === 0 ? 1 : Array.from({ length: M + 1 }, (_, b) => enumerate(d - 1, M - b)).reduce((a, c) => a + c, 0));
    for (const [d, s] of [[1, 1], [3, 1], [4, 0.5], [5, 2], [6, 1.5]]) {
      const r = barronCosineCount({ d, s });
      assert.equal(r.count, enumerate(d, Math.floor(s * d)), `d = ${d}, s = ${s}`);
      assert.ok(r.count >= r.lowerBound);
      assert.equal(r.radius, (1 + s) ** 2 * d * d);
    }
    assert.throws(() => parityOrthonormalityError(13), isVE(/d must be ≤ 12/));
  });

  it("cosine risk: closed form against Monte Carlo; the well's width; the flat fraction", () => {
    const n = 200000;
    const X = sampleGaussianArray({ n, d: 2, seed: 1 }).data;
    const wStar: [number, number] = [0.6, -0.8];
    for (const [L, w] of [[1, [0.3, 0.2]], [2, [0.6, -0.7]], [4, [-1, 1]], [3, [0, 0]]] as [number, [number, number]][]) {
      let s = 0;
      let s2 = 0;
      for (let k = 0; k < n; k++) {
        const e = (Math.sin(L * (w[0] * X[2 * k] + w[1] * X[2 * k + 1])) - Math.sin(L * (wStar[0] * X[2 * k] + wStar[1] * X[2 * k + 1]))) ** 2;
        s += e;
        s2 += e * e;
      }
      const mean = s / n;
      const se = Math.sqrt((s2 / n - mean * mean) / n);
      assert.ok(Math.abs(mean - cosineRisk(w, wStar, L)) < 5 * se + 1e-12, `L = ${L}, w = ${w}: MC ${mean} ± ${se}, closed ${cosineRisk(w, wStar, L)}`);
    }
    assert.ok(Math.abs(cosineRisk(wStar, wStar, 5)) < 1e-15);
    // Far from 0 and ±w*, R equals the plateau.
    assert.ok(Math.abs(cosineRisk([3, 3], wStar, 4) - cosinePlateau(wStar, 4)) < 1e-12);
    for (const L of [4, 8, 32]) assert.ok(Math.abs(cosineBasinWidth(wStar, L) * L - COSINE_BASIN_WIDTH_TIMES_L) < 1e-9);
    // At depth q the large-L width is 2√(2 ln(1/(1 − q)))/L.
    for (const q of [0.1, 0.5, 0.9]) assert.ok(Math.abs(cosineBasinWidth(wStar, 10, q) * 10 - 2 * Math.sqrt(2 * Math.log(1 / (1 - q)))) < 1e-9);
    assert.throws(() => cosineBasinWidth(wStar, 10, 1), isVE(/depth/));
    const r = cosineLandscape({ L: 16, ns: [30], grid: 161, seed: 0 });
    // Grid discretisation of three discs: error ~ perimeter × spacing / area ≈ 0.003.
    assert.ok(Math.abs(r.flatFraction - cosineFlatFractionTheory(16, 2)) < 0.005, `${r.flatFraction} vs ${cosineFlatFractionTheory(16, 2)}`);
    assert.equal(r.population.length, 161);
    // The theory circle has the predicted half-depth diameter around w*.
    r.wellCircle.x.forEach((x, k) => assert.ok(Math.abs(Math.hypot(x - r.wStar[0], r.wellCircle.y[k] - r.wStar[1]) - COSINE_BASIN_WIDTH_TIMES_L / 32) < 1e-12));
    assert.equal(countLocalMinima([[1, 1, 1], [1, 0, 1], [1, 1, 1]]), 1);
    assert.equal(countLocalMinima([[1, 1, 1, 1], [1, 0, 0, 1], [1, 1, 1, 1]]), 0, "ties are not strict minima");
    assert.throws(() => cosineRisk([1], wStar, 1), isVE(/w must be a 2-vector/));
  });

  it("the Gronwall bound's formula", () => {
    const b = gdDistanceBound({ q0: 0.2, lipschitz: 0.25, classSize: 15, d: 4, t: 2 });
    assert.ok(Math.abs(b.bound - (0.2 / (0.25 * 15)) * (Math.exp(1) - 1) ** 2) < 1e-15);
    assert.ok(Math.abs(b.boundLecture - (0.2 / 0.5) * (Math.exp(2 ** 0 * 0.5 * 2) - 1) ** 2) < 1e-15);
    assert.throws(() => gdDistanceBound({ q0: 0.2, lipschitz: 0.25, classSize: 15, d: 4, t: -1 }), isVE(/\bt\b/));
  });
});

for (const be of TEST_BACKENDS) {
  describe(`hardness protocols on ${be}`, () => {
    before(() => useBackend(be));

    it("GD towards all parities at once equals one trainTwoLayer run per parity (hinge and square)", async () => {
      const d = 3;
      const m = 5;
      const lr = 0.2;
      const steps = 6;
      for (const loss of ["hinge", "square"] as const) {
        await noLeak(() => {
          const r = parityGdDistance({ d, m, lr, steps, loss, seed: 4 });
          // The same θ₀ and targets, trained one at a time with the fused gradient. The library's square
          // loss carries ½, so R^f = E(h − f)² takes twice its step.
          const model = twoLayer({ d, m, activation: "tanh", scaling: "meanField", bias: true, init: { W: "gaussian", a: "signs", b: { gaussian: 1 } } });
          const p0 = model.init(new Rng(4).child("init"));
          const X = allHypercubePoints(d);
          let total = 0;
          for (let v = 1; v < 2 ** d; v++) {
            const y = tf.tensor1d(Float32Array.from({ length: 2 ** d }, (_, k) => parityValue(v, k)));
            const run = trainTwoLayer({ model, params: p0, X, y, loss, optimizer: scaleBy(loss === "square" ? 2 * lr : lr), steps });
            for (const k of ["W", "a", "b"] as const) total += tf.tidy(() => tf.sum(tf.square(tf.sub(run.params[k]!, p0[k]!))).dataSync()[0]);
            disposeParams(run.params);
            y.dispose();
          }
          const mean = total / (2 ** d - 1);
          // float32 arithmetic reordered over 6 steps: relative differences ~1e-6; allow 1e-4.
          assert.ok(Math.abs(r.distance.at(-1)! / mean - 1) < 1e-4, `${loss}: batched ${r.distance.at(-1)} vs one by one ${mean}`);
          if (loss === "hinge") {
            // One GD step moves θ by exactly lr·E_x[f∇h(θ₀)]: the first-order prediction is exact at step 1.
            assert.ok(Math.abs(r.distance[1] / r.firstOrder[1] - 1) < 1e-4);
            r.distance.forEach((x, i) => assert.ok(x <= r.bound[i] + 1e-12));
          }
          assert.ok(Math.max(...r.supAbsH) < 1);
          disposeParams(p0);
          X.dispose();
        });
      }
      const study = parityGdStudy({ ds: [2, 3, 4], squareDs: [3], lr: 0.1, steps: 4, seed: 0 });
      assert.equal(study.hinge.length, 3);
      assert.equal(study.square[0].loss, "square");
      assert.throws(() => parityGdDistance({ d: 13, lr: 0.1, steps: 1, seed: 0 }), isVE(/d must be ≤ 12/));
    });

    it("online SGD on a 4-bit parity learns it, is deterministic and leaves no tensors", async () => {
      const o = { d: 4, lr: 0.5, m: 64, B: 64, steps: 300, evalEvery: 100, nTest: 400, seed: 3 };
      const r1 = await noLeak(() => paritySgd(o));
      const r2 = paritySgd(o);
      assert.deepEqual(r1.testAccuracy, r2.testAccuracy);
      assert.deepEqual(r1.step, [0, 100, 200, 300]);
      assert.ok(r1.testAccuracy.at(-1)! > 0.95, `accuracy ${r1.testAccuracy}`);
      assert.throws(() => paritySgd({ ...o, lr: -1 }), isVE(/lr/));
    });
  });
}
