/**
 * The float64 two-layer executor (models) and the kernel-regime GD run on the training loop. Oracles: central finite differences in float64
 * (relative tolerance 1e-6: truncation O(h²) with h = 1e-6 and no kink crossed at random points), the
 * fused float32 tfjs gradient of lib/train on cpu and wasm (tolerance 1e-4 relative: float32 rounding),
 * and the exact linear recursion of the random feature model e(k) = −(I − (lr/n)ΦΦᵀ)^k y.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { sampleSphereArray } from "../../lib/data/samplers";
import { twoLayer } from "../../lib/models/twoLayer";
import { twoLayerGrad } from "../../lib/train/twoLayerGrad";
import { twoLayer64Init, twoLayer64LossGrad, twoLayer64Apply, twoLayer64Features, twoLayer64Gradient, type TwoLayerParams64 } from "../../lib/models/twoLayer64";
import { gdRun } from "../../lib/experiments/ntk/gdRun";
import { trainLoop } from "../../lib/train/loop";
import { gd, proxPathNorm } from "../../lib/train/transforms";
import { DivergenceError, ValidationError } from "../../lib/runtime/errors";
import { kernelRegimeSweep, featureAlignment } from "../../lib/experiments/ntk/sweep";
import { logSpacedSteps } from "../../lib/numerics/grids";
import { mse64, relDiff64 } from "../../lib/numerics/stats";

const d = 5;
const n = 12;
const X = sampleSphereArray({ n, d, seed: 1 });
const y = Float64Array.from({ length: n }, (_, i) => Math.max(X.data[i * d], 0));

function withSignsA(p: TwoLayerParams64, seed: number): TwoLayerParams64 {
  const q = twoLayer64Init({ m: p.m, d: p.d, seed, a: "signs", aScale: 0.3 });
  return { ...p, a: q.a };
}

describe("twoLayer64 executor (float64)", () => {
  it("loss gradient matches central finite differences (m = 7, not a multiple of the 4-neuron block; with biases)", () => {
    const p0 = withSignsA(twoLayer64Init({ m: 7, d, seed: 2, scaling: 0.7 }), 3);
    const p = { ...p0, b: Float64Array.from({ length: 7 }, (_, j) => 0.1 * (j - 3)) };
    const { loss, grads } = twoLayer64LossGrad(p, X, y);
    const ga = grads.a;
    const gB = grads.W;
    const lossAt = (q: TwoLayerParams64) => twoLayer64LossGrad(q, X, y, { wrt: "outer" }).loss;
    const h = 1e-6;
    for (let j = 0; j < p.m; j++) {
      const up = { ...p, a: Float64Array.from(p.a) };
      const dn = { ...p, a: Float64Array.from(p.a) };
      up.a[j] += h;
      dn.a[j] -= h;
      const fd = (lossAt(up) - lossAt(dn)) / (2 * h);
      assert.ok(Math.abs(fd - ga[j]) <= 1e-6 * Math.max(1e-3, Math.abs(fd)) + 1e-10, `a[${j}]: fd ${fd} vs ${ga[j]}`);
    }
    for (let k = 0; k < p.m * d; k++) {
      const up = { ...p, W: Float64Array.from(p.W) };
      const dn = { ...p, W: Float64Array.from(p.W) };
      up.W[k] += h;
      dn.W[k] -= h;
      const fd = (lossAt(up) - lossAt(dn)) / (2 * h);
      assert.ok(Math.abs(fd - gB![k]) <= 1e-6 * Math.max(1e-3, Math.abs(fd)) + 1e-10, `W[${k}]: fd ${fd} vs ${gB![k]}`);
    }
    for (let j = 0; j < p.m; j++) {
      const up = { ...p, b: Float64Array.from(p.b) };
      const dn = { ...p, b: Float64Array.from(p.b) };
      up.b[j] += h;
      dn.b[j] -= h;
      const fd = (lossAt(up) - lossAt(dn)) / (2 * h);
      assert.ok(Math.abs(fd - grads.b![j]) <= 1e-6 * Math.max(1e-3, Math.abs(fd)) + 1e-10, `b[${j}]: fd ${fd} vs ${grads.b![j]}`);
    }
    const f = twoLayer64Apply(p, X);
    assert.ok(Math.abs(loss - mse64(f, y) / 2) < 1e-15);
  });

  it("initialization: a = 0 and unit columns of W, c = 1; logSpacedSteps is sorted, distinct, from 0 to steps", () => {
    const p = twoLayer64Init({ m: 9, d, seed: 0 });
    assert.ok(p.a.every((v) => v === 0));
    assert.equal(p.c, 1);
    assert.equal(twoLayer64Init({ m: 16, d, seed: 0, scaling: "ntk" }).c, 0.25);
    for (let j = 0; j < 9; j++) {
      const nb = Math.hypot(...Array.from({ length: d }, (_, k) => p.W[k * 9 + j]));
      assert.ok(Math.abs(nb - 1) < 1e-12);
    }
    const s = logSpacedSteps(1000, 12);
    assert.equal(s[0], 0);
    assert.equal(s.at(-1), 1000);
    assert.ok(s.every((v, i) => i === 0 || v > s[i - 1]));
  });

  it("random feature GD follows the exact linear recursion e(k) = −(I − (lr/n)ΦΦᵀ)^k y", () => {
    const m = 30;
    const p = twoLayer64Init({ m, d, seed: 4 });
    const lr = (2 * n) / m;
    const run = gdRun({ init: p, X, y, lr, steps: 50, freezeW: true, recordAt: [50] });
    const Phi = twoLayer64Features(p, X);
    const e = Float64Array.from(y, (v) => -v);
    for (let k = 0; k < 50; k++) {
      const a = new Float64Array(m); // a = Φᵀ e, then Φ a
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) a[j] += Phi[i * m + j] * e[i];
      const Pe = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Pe[i] += Phi[i * m + j] * a[j];
      for (let i = 0; i < n; i++) e[i] -= (lr / n) * Pe[i];
    }
    const expected = mse64(e, new Float64Array(n));
    assert.ok(Math.abs(run.history.trainMse[0] / expected - 1) < 1e-10, `${run.history.trainMse[0]} vs ${expected}`);
    assert.equal(run.history.relMoveW[0], 0);
  });

  it("path-norm proximal step: soft-thresholds a by lr·μ·‖w_j‖; a huge μ keeps a = 0 and W fixed", () => {
    const p = withSignsA(twoLayer64Init({ m: 8, d, seed: 5 }), 6);
    const lr = 0.3;
    const mu = 0.01;
    const ga = twoLayer64LossGrad(p, X, y).grads.a;
    const run = gdRun({ init: p, X, y, lr, steps: 1, pathNormCoef: mu, recordAt: [1] });
    for (let j = 0; j < p.m; j++) {
      const nb = Math.hypot(...Array.from({ length: d }, (_, k) => p.W[k * p.m + j]));
      const u = p.a[j] - lr * ga[j];
      const expected = Math.sign(u) * Math.max(Math.abs(u) - lr * mu * nb, 0);
      assert.ok(Math.abs(run.params.a[j] - expected) < 1e-14);
    }
    const zero = gdRun({ init: twoLayer64Init({ m: 8, d, seed: 5 }), X, y, lr, steps: 20, pathNormCoef: 100 });
    assert.ok(zero.params.a.every((v) => v === 0));
    assert.equal(zero.history.relMoveW.at(-1), 0);
  });

  it("trainLoop on host arrays: gd equals hand-written GD bit for bit, is deterministic and leaves θ₀ untouched", () => {
    const p = withSignsA(twoLayer64Init({ m: 6, d, seed: 21 }), 22);
    const W0 = Float64Array.from(p.W);
    const lr = 0.2;
    const gradient = twoLayer64Gradient({ X, y, m: 6 });
    const run = trainLoop<TwoLayerParams64>({ params: p, gradient, optimizer: gd(lr), steps: 15, evalEvery: 5 });
    const again = trainLoop<TwoLayerParams64>({ params: p, gradient, optimizer: gd(lr), steps: 15, evalEvery: 5 });
    assert.deepEqual(run.history.step, [0, 5, 10, 15]);
    assert.deepEqual(run.history.loss, again.history.loss);
    assert.deepEqual(Array.from(run.params.W), Array.from(again.params.W));
    assert.deepEqual(Array.from(p.W), Array.from(W0));
    const q = { ...p, W: Float64Array.from(p.W), a: Float64Array.from(p.a) };
    for (let t = 0; t < 15; t++) {
      const { grads } = twoLayer64LossGrad(q, X, y);
      for (let k = 0; k < q.W.length; k++) q.W[k] -= lr * grads.W![k];
      for (let j = 0; j < q.m; j++) q.a[j] -= lr * grads.a[j];
    }
    assert.deepEqual(Array.from(run.params.W), Array.from(q.W));
    assert.deepEqual(Array.from(run.params.a), Array.from(q.a));
  });

  it("gdRun: a divergent step size throws a DivergenceError naming lr; a bad lr (negative, NaN, ∞) is a ValidationError; lr = 0 is a step size as everywhere", () => {
    const p = withSignsA(twoLayer64Init({ m: 6, d, seed: 23 }), 24);
    assert.throws(() => gdRun({ init: p, X, y, lr: 1e4, steps: 200 }), (e: unknown) => e instanceof DivergenceError && /lr = 10000/.test(e.message));
    for (const lr of [-1, NaN, Infinity]) {
      assert.throws(() => gdRun({ init: p, X, y, lr, steps: 5 }), (e: unknown) => e instanceof ValidationError && /lr/.test(e.message));
    }
  });

  it("sweep: deterministic, wide network ≈ random features, movement shrinks with m; alignment and relDiff", () => {
    const Xt = sampleSphereArray({ n: 40, d, seed: 9 });
    const yt = Float64Array.from({ length: 40 }, (_, i) => Math.max(Xt.data[i * d], 0));
    const opts = { X, y, Xtest: Xt, ytest: yt, ms: [40, 400], steps: 100, kappa: 2, seeds: () => 1, seed: 3 };
    const a = kernelRegimeSweep(opts);
    const b = kernelRegimeSweep(opts);
    assert.deepEqual(a.map((w) => w.testNn), b.map((w) => w.testNn));
    assert.ok(a[1].relDiff[0] < 0.05 && a[1].relDiff[0] < a[0].relDiff[0]);
    assert.ok(a[1].relMoveW < a[0].relMoveW / 10);
    const aligned: TwoLayerParams64 = { m: 2, d, c: 1, a: Float64Array.from([1, -2]), W: Float64Array.from([3, 0.5, 0, 0, 0, 0, 0, 0, 0, 0]) };
    assert.ok(Math.abs(featureAlignment(aligned, [1, 0, 0, 0, 0]) - 1) < 1e-15);
    assert.equal(relDiff64([1, 1], [1, 0]), 1);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`twoLayer64 vs the fused tfjs gradient on the same parameters (${be})`, () => {
    before(() => useBackend(be));
    it("trainLoop on host arrays creates no tensors; proxPathNorm needs W and a trainable", () => {
      const n0 = tf.memory().numTensors;
      const p = withSignsA(twoLayer64Init({ m: 5, d, seed: 25 }), 26);
      const gradient = twoLayer64Gradient({ X, y, m: 5 });
      trainLoop<TwoLayerParams64>({ params: p, gradient, optimizer: gd(0.1), steps: 5 });
      assert.equal(tf.memory().numTensors, n0);
      assert.throws(
        () => trainLoop<TwoLayerParams64>({ params: p, gradient, optimizer: proxPathNorm({ lr: 0.1, coef: 0.01 }), steps: 2, trainable: ["a"] }),
        (e: unknown) => e instanceof ValidationError && /proxPathNorm/.test(e.message),
      );
      assert.throws(() => trainLoop<TwoLayerParams64>({ params: p, gradient, optimizer: gd(0.1), steps: 2, trainable: ["B"] }), (e: unknown) => e instanceof ValidationError && /trainable/.test(e.message));
    });
    it("same loss and gradients as twoLayerGrad (standard scaling, no bias), no leaks", async () => {
      const m = 10;
      const p = withSignsA(twoLayer64Init({ m, d, seed: 7 }), 8);
      const r64 = twoLayer64LossGrad(p, X, y);
      const ours = { loss: r64.loss, ga: r64.grads.a, gW: r64.grads.W! };
      const net = twoLayer({ d, m, scaling: "standard", bias: false });
      await noLeak(() => {
        const W = tf.tensor2d(Float32Array.from(p.W), [d, m]); // the same layout [d, m]
        const a = tf.tensor1d(Float32Array.from(p.a));
        const Xt = tf.tensor2d(Float32Array.from(X.data), [n, d]);
        const yt = tf.tensor1d(Float32Array.from(y));
        const r = twoLayerGrad(net, { W, a }, Xt, yt, "square");
        const loss = r.loss.dataSync()[0];
        const ga = r.grads.a.dataSync();
        const gW = r.grads.W!.dataSync();
        tf.dispose([W, a, Xt, yt, r.loss, r.grads.a, r.grads.W!]);
        const scale = Math.max(...Array.from(ours.gW, Math.abs));
        assert.ok(Math.abs(loss / ours.loss - 1) < 1e-4);
        for (let j = 0; j < m; j++) assert.ok(Math.abs(ga[j] - ours.ga[j]) < 1e-4 * Math.max(...Array.from(ours.ga, Math.abs)));
        for (let k = 0; k < d; k++) for (let j = 0; j < m; j++) assert.ok(Math.abs(gW[k * m + j] - ours.gW[k * m + j]) < 1e-4 * scale);
      });
    });
  });
}
