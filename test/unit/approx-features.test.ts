import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { sphereReluKernel, reluFeatureTarget, randomFeatureApproximation, reluFeatureLeastSquares } from "../../lib/experiments/approx/randomFeatures";
import { trainWidthSweep } from "../../lib/experiments/approx/widthSweep";
import { sampleSphereArray, sampleCube } from "../../lib/data/samplers";
import { normTarget } from "../../lib/data/targets";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";

/** Monte Carlo estimate of E_x[relu(a·x) relu(b·x)] over x uniform on the sphere. */
function mcKernel(a: Float64Array, b: Float64Array, d: number, n: number): number {
  const X = sampleSphereArray({ n, d, seed: 7 }).data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let u = 0;
    let v = 0;
    for (let t = 0; t < d; t++) {
      u += a[t] * X[i * d + t];
      v += b[t] * X[i * d + t];
    }
    s += Math.max(0, u) * Math.max(0, v);
  }
  return s / n;
}

for (const be of TEST_BACKENDS) {
  describe(`random features (${be})`, () => {
    before(() => useBackend(be));

    it("sphereReluKernel matches closed forms, Monte Carlo, and its float32 matmul path", async () => {
      const d = 4;
      const W = sampleSphereArray({ n: 3, d, seed: 1 }).data.map((v, i) => v * (1 + (i % 3)));
      const K = sphereReluKernel(W, 3, W, 3, d);
      // diagonal: E relu(w·x)² = ‖w‖²/(2d)
      for (let i = 0; i < 3; i++) {
        const n2 = W.subarray(i * d, i * d + d).reduce((s, v) => s + v * v, 0);
        assert.ok(Math.abs(K[i * 4] - n2 / (2 * d)) < 1e-12);
      }
      // off-diagonal against 200k Monte Carlo samples (relative standard error ≈ 0.5 %; tolerance 3 %)
      const mc = mcKernel(W.subarray(0, d), W.subarray(d, 2 * d), d, 200000);
      assert.ok(Math.abs(K[1] / mc - 1) < 0.03, `${K[1]} vs ${mc}`);
      // the large-product path (tf.matMul, float32 accumulation) agrees to float32 accuracy
      const A = sampleSphereArray({ n: 300, d: 30, seed: 2 }).data;
      const B = sampleSphereArray({ n: 2500, d: 30, seed: 3 }).data;
      const big = await noLeak(() => sphereReluKernel(A, 300, B, 2500, 30));
      const small = sphereReluKernel(A.subarray(0, 30), 1, B.subarray(0, 30 * 10), 10, 30);
      for (let j = 0; j < 10; j++) assert.ok(Math.abs(big[j] - small[j]) < 1e-6, `${big[j]} vs ${small[j]}`);
    });

    it("reluFeatureTarget evaluates its expansion and bounds the RKHS norm", async () => {
      const t = reluFeatureTarget({ d: 6, M: 50, seed: 0 });
      assert.equal(t.rkhsNormBound, 1); // c(w) = sign(w₁) ∈ {±1}
      const P = sampleSphereArray({ n: 5, d: 6, seed: 1 });
      const y = await noLeak(() => t.evaluate(P));
      for (let i = 0; i < 5; i++) {
        let s = 0;
        for (let k = 0; k < 50; k++) {
          let z = 0;
          for (let j = 0; j < 6; j++) z += t.atoms[k * 6 + j] * P.data[i * 6 + j];
          s += t.coef[k] * Math.max(0, z);
        }
        assert.ok(Math.abs(y[i] - s / 50) < 1e-12);
      }
      assert.throws(() => reluFeatureTarget({ d: 3, M: 5 }), /seed/);
      assert.throws(() => reluFeatureTarget({ d: 3, atoms: [1, 0, 0], coef: [1, 2] }), ValidationError);
    });

    it("the best random-feature fit is exact on its own features and beats the Monte Carlo bound", async () => {
      // a target made of the first 8 features of the same stream is represented exactly by m ≥ 8 of them
      const d = 5;
      const rng = new Rng(3);
      const Wf = sampleSphereArray({ n: 16, d, seed: rng.child("features") }).data;
      const exact = reluFeatureTarget({ d, atoms: Wf.subarray(0, 8 * d), coef: [1, -1, 2, 0.5, -0.3, 1, 1, -2] });
      const c = await noLeak(() => randomFeatureApproximation({ target: exact, ms: [4, 8, 16], seed: rng, ridge: 1e-12, nTest: 500 }));
      assert.ok(c.relError[1] < 1e-4 && c.relError[2] < 1e-4, `relative errors ${c.relError}`);
      assert.ok(c.relError[0] > 1e-2);
      // a sphere-atom target: least squares below the Monte Carlo error of a_j = c(w_j)/m
      const t = reluFeatureTarget({ d, M: 2000, seed: 4 });
      const curve = randomFeatureApproximation({ target: t, ms: [16, 64], seed: 5, nTest: 1000 });
      curve.m.forEach((m, i) => assert.ok(curve.error[i] < curve.mcBound[i], `m = ${m}`));
      assert.ok(curve.error[1] < curve.error[0]);
    });

    it("reluFeatureLeastSquares solves the normal equations", async () => {
      // y is itself a feature combination: least squares recovers it (ridge 0 → exact up to rounding)
      const X = { data: Float64Array.from({ length: 200 }, (_, i) => -1 + i / 100), n: 200, d: 1 };
      const W = [1, -1, 1, 1];
      const b = [0.2, 0.1, -0.5, 0.9];
      const a = [1, -2, 0.5, 3];
      const y = Array.from(X.data, (x) => a.reduce((s, aj, j) => s + aj * Math.max(0, W[j] * x + b[j]), 0));
      const fit = await noLeak(() => reluFeatureLeastSquares({ X, y, W, b, ridge: 0 }));
      fit.a.forEach((v, j) => assert.ok(Math.abs(v - a[j]) < 1e-7, `a[${j}] = ${v}`));
      const yhat = fit.predict(X);
      assert.ok(Math.abs(yhat[37] - y[37]) < 1e-7);
      assert.throws(() => reluFeatureLeastSquares({ X, y: [1, 2], W, b }), /y must have/);
    });

    it("trainWidthSweep trains, reports and frees its tensors", async () => {
      const target = normTarget({ d: 2 });
      const X = sampleCube({ n: 200, d: 2, lo: -1, hi: 1, seed: 0 });
      const Xt = sampleCube({ n: 100, d: 2, lo: -1, hi: 1, seed: 1 });
      const y = target.f(X);
      const yt = target.f(Xt);
      const r = await noLeak(() => trainWidthSweep({ X, y, Xtest: Xt, ytest: yt, widths: [8, 32], steps: 200, lr: 0.05, momentum: 0.9, seed: 0 }));
      // after 200 steps ‖x‖ (RMS ≈ 0.77 on the square) is fitted to well under 10 % RMS error
      r.testRmse.forEach((e) => assert.ok(e < 0.08, `test RMSE ${e}`));
      r.pathNorm.forEach((p) => assert.ok(p > 0 && Number.isFinite(p)));
      assert.equal(r.testPredictions[0].length, 100);
      assert.throws(() => trainWidthSweep({ X, y, Xtest: Xt, ytest: yt, widths: [], steps: 1, lr: 0.1, seed: 0 }), ValidationError);
      tf.dispose([X, Xt, y, yt]);
    });
  });
}
