/**
 * Kernel ridge regression. Oracles: noiseless interpolation of a function in the span of the kernel
 * (exact in exact arithmetic, error ≈ κ(K)·ε in float64), and the identities (K + nλI)α = y and
 * f(x_i) = y_i − nλα_i at the training points for λ > 0.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { kernelRidge } from "../../lib/analysis/krr";
import { twoLayerReluNtk } from "../../lib/analysis/kernels";
import { symEig } from "../../lib/numerics/linalg64";

function sphereRows(r: Rng, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => {
    const v = Array.from(r.normals(d));
    const nv = Math.hypot(...v);
    return v.map((x) => x / nv);
  });
}

describe("analysis kernel ridge (host)", () => {
  const r = new Rng(12);
  const n = 40;
  const X = sphereRows(r, n, 3);
  const Xt = sphereRows(r, 15, 3);
  const K = twoLayerReluNtk(X, X);
  const Kt = twoLayerReluNtk(Xt, X);
  const beta = new Float64Array(n);
  for (let k = 0; k < 6; k++) beta[k] = r.normal();
  // f*(x) = Σ_k β_k K(x, x_k): in the span of the kernel sections at training points.
  const fstar = (Km: Float64Array, rows: number): Float64Array =>
    Float64Array.from({ length: rows }, (_, i) => beta.reduce((s, b, k) => s + b * Km[i * n + k], 0));

  it("λ = 0 interpolates a function in the kernel's span and recovers its coefficients", () => {
    const y = fstar(K, n);
    const fit = kernelRidge(K, y, 0);
    const ev = symEig(K, n, { vectors: false }).values;
    const kappa = ev[0] / ev[n - 1];
    // Backward-stable Cholesky: coefficient error ≈ κ(K)·ε·‖β‖.
    const tol = 100 * kappa * 2.2e-16;
    assert.ok(Math.max(...fit.alpha.map((a, k) => Math.abs(a - beta[k]))) <= tol * Math.max(...beta.map(Math.abs)), `κ = ${kappa}`);
    const pred = fit.predict(Kt);
    const want = fstar(Kt, 15);
    assert.ok(Math.max(...pred.map((p, i) => Math.abs(p - want[i]))) <= tol * ev[0] * Math.max(...beta.map(Math.abs)));
  });

  it("λ > 0: (K + nλI)α = y and in-sample predictions are y − nλα", () => {
    const y = Float64Array.from(fstar(K, n), (v) => v + 0.1 * r.normal());
    const lambda = 1e-3;
    const fit = kernelRidge(K, y, lambda);
    const fitted = fit.predict(K);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(fitted[i] - (y[i] - n * lambda * fit.alpha[i])) < 1e-10);
    assert.throws(() => kernelRidge(K, y, -1), /lambda must be ≥ 0/);
    assert.throws(() => kernelRidge(K, y.slice(1), 0), /K must/);
    assert.throws(() => kernelRidge([1, 1, 1, 1], [1, 1], 0), /not positive definite/);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`analysis kernel ridge with tensor kernels (${be})`, () => {
    before(() => useBackend(be));
    it("accepts tensors and leaks nothing", async () => {
      const Kt = tf.tensor2d([[2, 1], [1, 2]]);
      const Kc = tf.tensor2d([[1, 0]]);
      const pred = await noLeak(() => kernelRidge(Kt, [3, 3], 0).predict(Kc));
      // α = K⁻¹[3, 3] = [1, 1]; prediction = 1.
      assert.ok(Math.abs(pred[0] - 1) < 1e-12);
      tf.dispose([Kt, Kc]);
    });
  });
}
