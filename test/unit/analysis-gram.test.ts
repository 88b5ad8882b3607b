/**
 * Gram / NTK matrices. Oracles: (1) the generic per-example-gradient Gram matrix (autodiff, products
 * in float64) for the closed form; (2) at large width, the analytic kernels, within a Monte Carlo
 * tolerance estimated from the data: each empirical entry is an average of m i.i.d. per-neuron terms
 * t_j, so its error is ≈ std(t)/√m; we allow 5·std/√m (a 5σ event per entry) plus float32 rounding.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { activation } from "../../lib/models/activations";
import type { Activation, Scaling } from "../../lib/models/types";
import { empiricalNtk } from "../../lib/analysis/gram";
import { twoLayerGram, twoLayerGramArray, twoLayerCrossGram, type GramWrt } from "../../lib/models/twoLayerGram";
import { arcCosineKernel, twoLayerReluNtk, twoLayerErfNtk } from "../../lib/analysis/kernels";
import { scalarErf } from "../../lib/numerics/special";

function scaleOf(s: Scaling, m: number): number {
  return s === "meanField" ? 1 / m : s === "ntk" ? 1 / Math.sqrt(m) : 1;
}

/** f(x) = c·Σ_j a_j σ(w_j·x + b_j) with the chosen parameters as the differentiated list. */
function applyFor(act: Activation, c: number, wrt: GramWrt, W: tf.Tensor2D, a: tf.Tensor1D, b?: tf.Tensor1D) {
  const list: tf.Tensor[] = wrt === "outer" ? [a] : wrt === "inner" ? (b ? [W, b] : [W]) : b ? [W, a, b] : [W, a];
  const apply = (ps: tf.Tensor[], X: tf.Tensor2D): tf.Tensor => {
    const get = (t: tf.Tensor | undefined): tf.Tensor | undefined => (t === undefined ? undefined : ps[list.indexOf(t)] ?? t);
    const Wp = get(W) as tf.Tensor2D;
    const ap = get(a) as tf.Tensor1D;
    const bp = get(b);
    const Z = bp ? tf.add(tf.matMul(X, Wp), bp) : tf.matMul(X, Wp);
    return tf.mul(tf.sum(tf.mul(act.apply(Z), ap), 1), c);
  };
  return { list, apply };
}

const maxAbs = (v: ArrayLike<number>): number => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

for (const be of TEST_BACKENDS) {
  describe(`analysis gram (${be})`, () => {
    before(() => useBackend(be));

    for (const name of ["relu", "tanh"] as const) {
      for (const withBias of [false, true]) {
        it(`closed-form two-layer Gram = per-example Gram (${name}, ${withBias ? "bias" : "no bias"}, every wrt)`, async () => {
          const r = new Rng(withBias ? 7 : 3);
          const n = 7;
          const d = 3;
          const m = 9;
          const X = r.normalTensor([n, d]) as tf.Tensor2D;
          const W = r.normalTensor([d, m]) as tf.Tensor2D;
          const a = r.normalTensor([m]) as tf.Tensor1D;
          const b = withBias ? (r.normalTensor([m], 0.5) as tf.Tensor1D) : undefined;
          const act = activation(name);
          for (const scaling of ["ntk", "meanField", "standard"] as const) {
            for (const wrt of ["outer", "inner", "all"] as const) {
              const K = await noLeak(() => twoLayerGramArray({ W, a, b }, X, { activation: act, scaling, wrt }));
              const { list, apply } = applyFor(act, scaleOf(scaling, m), wrt, W, a, b);
              const Ke = await noLeak(() => {
                const t = empiricalNtk(apply, list, X);
                const v = t.dataSync();
                t.dispose();
                return v;
              });
              // Both sides are float32 sums of O(m) terms of size ≈ c²·‖K‖: rounding ≈ 1e-6 relative.
              const err = maxAbs(K.map((k, i) => k - Ke[i]));
              assert.ok(err <= 1e-5 * maxAbs(Ke), `${name} ${scaling} ${wrt}: ${err} vs scale ${maxAbs(Ke)}`);
              // Cross kernel between the first 3 and the last 4 inputs.
              const X1 = tf.slice(X, [0, 0], [3, d]) as tf.Tensor2D;
              const X2 = tf.slice(X, [3, 0], [4, d]) as tf.Tensor2D;
              const Kc = await noLeak(() => {
                const t = twoLayerCrossGram({ W, a, b }, X1, X2, { activation: act, scaling, wrt });
                const v = t.dataSync();
                t.dispose();
                return v;
              });
              const Kce = empiricalNtk(apply, list, X1, X2);
              assert.deepEqual(Kce.shape, [3, 4]);
              const Kcv = Kce.dataSync();
              assert.ok(maxAbs(Kc.map((k, i) => k - Kcv[i])) <= 1e-5 * maxAbs(Ke));
              // …and equals the corresponding block of the full Gram matrix.
              for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) assert.ok(Math.abs(Kc[i * 4 + j] - K[i * n + 3 + j]) <= 1e-5 * maxAbs(Ke));
              tf.dispose([X1, X2, Kce]);
            }
          }
          tf.dispose([X, W, a, ...(b ? [b] : [])]);
        });
      }
    }

    it("validates shapes and options", () => {
      const X = tf.zeros([4, 3]) as tf.Tensor2D;
      const W = tf.zeros([2, 5]) as tf.Tensor2D;
      const a = tf.zeros([5]) as tf.Tensor1D;
      assert.throws(() => twoLayerGram({ W, a }, X, { activation: activation("relu"), scaling: "ntk" }), /W must have shape \[3, \*\]/);
      const W3 = tf.zeros([3, 5]) as tf.Tensor2D;
      assert.throws(() => twoLayerGram({ W: W3, a }, X, { activation: activation("relu"), scaling: "ntk", wrt: "both" as GramWrt }), /wrt must be one of/);
      tf.dispose([X, W, a, W3]);
    });

    for (const name of ["relu", "erf"] as const) it(`wide ${name} network: empirical NTK → analytic NTK within Monte Carlo error (Gaussian weights, bias)`, () => {
      const r = new Rng(21);
      const n = 10;
      const d = 4;
      const m = 20000;
      const beta = 0.7;
      const Xh = r.normals(n * d);
      const Wh = r.normals(d * m);
      const ah = r.normals(m);
      const bh = r.normals(m, 0, beta);
      const X = tf.tensor2d(Float32Array.from(Xh), [n, d]);
      const W = tf.tensor2d(Float32Array.from(Wh), [d, m]);
      const a = tf.tensor1d(Float32Array.from(ah));
      const b = tf.tensor1d(Float32Array.from(bh));
      const rows = Array.from({ length: n }, (_, i) => Array.from(Xh.subarray(i * d, (i + 1) * d)));
      // Per-neuron terms, in float64, for the Monte Carlo standard deviation of each entry.
      const Z = new Float64Array(n * m);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
        let s = bh[j];
        for (let t = 0; t < d; t++) s += Xh[i * d + t] * Wh[t * m + j];
        Z[i * m + j] = s;
      }
      const sig = name === "relu" ? (z: number) => Math.max(z, 0) : scalarErf;
      const dsig = name === "relu" ? (z: number) => (z > 0 ? 1 : 0) : (z: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z);
      const S = Z.map(sig);
      const Sp = Z.map(dsig);
      for (const wrt of ["outer", "inner", "all"] as const) {
        const K = twoLayerGramArray({ W, a, b }, X, { activation: activation(name), scaling: "ntk", wrt });
        const Ka = (name === "relu" ? twoLayerReluNtk : twoLayerErfNtk)(rows, rows, { biasStd: beta, trainBias: true, wrt });

        for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) {
          const dot = rows[i].reduce((s, x, t) => s + x * rows[k][t], 0) + 1;
          let s1 = 0;
          let s2 = 0;
          for (let j = 0; j < m; j++) {
            const outer = S[i * m + j] * S[k * m + j];
            const inner = ah[j] * ah[j] * dot * Sp[i * m + j] * Sp[k * m + j];
            const t = wrt === "outer" ? outer : wrt === "inner" ? inner : outer + inner;
            s1 += t;
            s2 += t * t;
          }
          const mean = s1 / m;
          const std = Math.sqrt(Math.max(s2 / m - mean * mean, 0));
          const tol = (5 * std) / Math.sqrt(m) + 1e-5 * Math.abs(mean);
          const err = Math.abs(K[i * n + k] - Ka[i * n + k]);
          assert.ok(err <= tol, `${wrt} K[${i},${k}]: empirical ${K[i * n + k]} analytic ${Ka[i * n + k]} tol ${tol}`);
        }
      }
      tf.dispose([X, W, a, b]);
    });
  });
}

describe("analysis analytic kernels (host)", () => {
  it("arc-cosine kernels: closed-form values at θ = 0, π/2, π", () => {
    const x = [[3, 4]];
    // θ = 0: E[relu(w·x)²] = ‖x‖²/2, E[step²] = 1/2.
    assert.ok(Math.abs(arcCosineKernel(x, x, { order: 1 })[0] - 12.5) < 1e-12);
    assert.ok(Math.abs(arcCosineKernel(x, x, { order: 0 })[0] - 0.5) < 1e-15);
    // θ = π/2: order 1 = ‖x‖‖y‖/(2π); order 0 = 1/4.  θ = π: both 0.
    assert.ok(Math.abs(arcCosineKernel([[1, 0]], [[0, 2]], { order: 1 })[0] - 2 / (2 * Math.PI)) < 1e-15);
    assert.ok(Math.abs(arcCosineKernel([[1, 0]], [[0, 2]], { order: 0 })[0] - 0.25) < 1e-15);
    assert.ok(Math.abs(arcCosineKernel([[1, 0]], [[-1, 0]], { order: 1 })[0]) < 1e-15);
    // Sphere weights: order 1 divided by d, order 0 unchanged.
    assert.ok(Math.abs(arcCosineKernel(x, x, { order: 1, weights: "sphere" })[0] - 12.5 / 2) < 1e-12);
    assert.throws(() => arcCosineKernel(x, x, { order: 2 as 0 }), /order must be 0 or 1/);
  });

  it("arc-cosine kernels match Monte Carlo averages over m = 20000 neurons (Gaussian and sphere)", () => {
    const r = new Rng(5);
    const n = 6;
    const d = 5;
    const m = 20000;
    const rows = Array.from({ length: n }, () => Array.from(r.normals(d)));
    const G = r.normals(m * d);
    for (const weights of ["gaussian", "sphere"] as const) {
      const Wrows = Array.from({ length: m }, (_, j) => {
        const w = G.subarray(j * d, (j + 1) * d);
        const nw = weights === "sphere" ? Math.sqrt(w.reduce((s, x) => s + x * x, 0)) : 1;
        return Array.from(w, (x) => x / nw);
      });
      for (const order of [0, 1] as const) {
        const K = arcCosineKernel(rows, rows, { order, weights });
        const sigma = (z: number): number => (order === 0 ? (z > 0 ? 1 : 0) : Math.max(z, 0));
        const Z = rows.map((x) => Wrows.map((w) => sigma(w.reduce((s, wt, t) => s + wt * x[t], 0))));
        for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) {
          let s1 = 0;
          let s2 = 0;
          for (let j = 0; j < m; j++) {
            const t = Z[i][j] * Z[k][j];
            s1 += t;
            s2 += t * t;
          }
          const mean = s1 / m;
          const std = Math.sqrt(Math.max(s2 / m - mean * mean, 0));
          assert.ok(Math.abs(mean - K[i * n + k]) <= (5 * std) / Math.sqrt(m) + 1e-12, `${weights} order ${order} [${i},${k}]: MC ${mean} vs ${K[i * n + k]}`);
        }
      }
    }
  });
});
