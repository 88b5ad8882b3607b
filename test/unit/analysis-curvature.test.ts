/**
 * SGD curvature statistics. Oracles: the 1-D formulas a = mean h_i, s² = mean h_i² − a²; quadratic
 * losses with diagonal per-sample Hessians (closed form); on a tiny network, every per-sample Hessian
 * H_i built explicitly (P Hessian-vector products each) and the matrices H and (1/n)ΣH_i² − H²
 * diagonalised with symEig; at an interpolating minimum of the square loss, the Gauss–Newton formulas
 * from the Gram matrix and, in float64, from explicit per-sample gradients.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { activation } from "../../lib/models/activations";
import { sgdCurvature1d, sgdCurvatureStats, sgdCurvatureFromGram } from "../../lib/analysis/curvature";
import { fullHessian, flatParamCount } from "../../lib/analysis/hessian";
import { symEig, matmul64 } from "../../lib/numerics/linalg64";
import { empiricalNtk, perExampleGradients } from "../../lib/analysis/gram";

describe("analysis curvature 1-D (host)", () => {
  it("a = mean h, s = population std h", () => {
    assert.deepEqual(sgdCurvature1d([1, 3]), { a: 2, s: 1, sSquared: 1 });
    const h = new Rng(1).uniforms(50, 0, 4);
    const a = h.reduce((s, x) => s + x, 0) / 50;
    const s2 = h.reduce((s, x) => s + x * x, 0) / 50 - a * a;
    const r = sgdCurvature1d(h);
    assert.ok(Math.abs(r.a - a) < 1e-14 && Math.abs(r.sSquared - s2) < 1e-12);
    assert.throws(() => sgdCurvature1d([]), /at least one/);
  });
});

/** A tiny erf two-layer net f(x) = Σ_j a_j erf(w_j·x) / √m and per-sample square losses. */
function tinyNet(seed: number, n: number, interpolate: boolean) {
  const r = new Rng(seed);
  const d = 2;
  const m = 3;
  const X = r.normalTensor([n, d]) as tf.Tensor2D;
  const params = [r.normalTensor([d, m]), r.normalTensor([m])];
  const act = activation("erf");
  const apply = (ps: tf.Tensor[], Xb: tf.Tensor2D): tf.Tensor => tf.div(tf.sum(tf.mul(act.apply(tf.matMul(Xb, ps[0] as tf.Tensor2D)), ps[1]), 1), Math.sqrt(m));
  const rows = Array.from({ length: n }, (_, i) => tf.slice(X, [i, 0], [1, d]));
  const y = interpolate
    ? rows.map((xi) => tf.tidy(() => apply(params, xi).dataSync()[0]))
    : Array.from(r.normals(n));
  const sampleLoss = (ps: tf.Tensor[], i: number): tf.Scalar => tf.mul(tf.square(tf.sub(tf.sum(apply(ps, rows[i])), y[i])), 0.5) as tf.Scalar;
  const dispose = () => tf.dispose([X, ...params, ...rows]);
  return { X, params, apply, sampleLoss, dispose, n };
}

/** Explicit a and s² from per-sample Hessians (each P×P, from P Hessian-vector products). */
function explicitStats(Hs: Float64Array[], P: number): { a: number; s2: number } {
  const n = Hs.length;
  const H = new Float64Array(P * P);
  const H2 = new Float64Array(P * P);
  for (const Hi of Hs) {
    const Sq = matmul64(Hi, Hi, P, P, P);
    for (let t = 0; t < P * P; t++) {
      H[t] += Hi[t] / n;
      H2[t] += Sq[t] / n;
    }
  }
  const HH = matmul64(H, H, P, P, P);
  return { a: symEig(H, P).values[0], s2: symEig(H2.map((v, t) => v - HH[t]), P).values[0] };
}

for (const be of TEST_BACKENDS) {
  describe(`analysis curvature (${be})`, () => {
    before(() => useBackend(be));

    it("diagonal quadratic losses: a = max_k mean_i h_ik, s² = max_k var_i h_ik", async () => {
      const n = 5;
      const P = 3;
      const h = new Rng(2).uniforms(n * P, 0.1, 3);
      const hT = h.map((x) => Math.fround(x));
      const theta = tf.tensor1d([0.3, -0.2, 0.5]);
      const coef = Array.from({ length: n }, (_, i) => tf.tensor1d(Float32Array.from(hT.subarray(i * P, (i + 1) * P))));
      const res = await noLeak(() => sgdCurvatureStats((ps, i) => tf.mul(tf.sum(tf.mul(coef[i], tf.square(ps[0]))), 0.5) as tf.Scalar, [theta], n, { tol: 1e-9 }));
      let a = -Infinity;
      let s2 = -Infinity;
      for (let k = 0; k < P; k++) {
        const col = Array.from({ length: n }, (_, i) => hT[i * P + k]);
        const st = sgdCurvature1d(col);
        a = Math.max(a, st.a);
        s2 = Math.max(s2, st.sSquared);
      }
      // Float32 Hessian-vector products of an exactly quadratic loss: ≈ 1e-7 relative.
      assert.ok(Math.abs(res.a - a) < 1e-5 * a, `a ${res.a} vs ${a}`);
      assert.ok(Math.abs(res.sSquared - s2) < 1e-5 * a * a, `s² ${res.sSquared} vs ${s2}`);
      tf.dispose([theta, ...coef]);
    });

    it("tiny network: HVP estimator = explicit per-sample Hessians; Gauss–Newton = Hessian at interpolation", async () => {
      for (const interpolate of [false, true]) {
        const net = tinyNet(interpolate ? 4 : 6, 5, interpolate);
        const P = flatParamCount(net.params);
        const Hs = Array.from({ length: net.n }, (_, i) => fullHessian((ps) => net.sampleLoss(ps, i), net.params));
        const ex = explicitStats(Hs, P);
        const est = await noLeak(() => sgdCurvatureStats(net.sampleLoss, net.params, net.n, { tol: 1e-9, seed: 3 }));
        // Same float32 Hessian-vector products on both sides; they differ by the products' float32 rounding
        // (≈ 1e-6 relative to a², since s² = E[H_i²] − H² is a difference of terms of size ≈ a²).
        assert.ok(Math.abs(est.a - ex.a) <= 1e-5 * ex.a, `a ${est.a} vs ${ex.a}`);
        assert.ok(Math.abs(est.sSquared - ex.s2) <= 1e-5 * ex.a * ex.a, `s² ${est.sSquared} vs ${ex.s2}`);
        if (interpolate) {
          // At interpolation H_i = g_i g_iᵀ exactly, so the Gram-matrix formulas agree with the Hessian ones.
          const K = empiricalNtk(net.apply, net.params, net.X);
          const gn = sgdCurvatureFromGram(K, net.n);
          K.dispose();
          assert.ok(Math.abs(gn.a - ex.a) <= 1e-5 * ex.a, `GN a ${gn.a} vs ${ex.a}`);
          assert.ok(Math.abs(gn.sSquared - ex.s2) <= 1e-5 * ex.a * ex.a, `GN s² ${gn.sSquared} vs ${ex.s2}`);
          // The Gram formula is pure algebra: in float64 with H_i = g_i g_iᵀ from the same gradients it is exact.
          const J = perExampleGradients(net.apply, net.params, net.X);
          const HsGN = Array.from({ length: net.n }, (_, i) => {
            const g = J.subarray(i * P, (i + 1) * P);
            return Float64Array.from({ length: P * P }, (_, t) => g[Math.floor(t / P)] * g[t % P]);
          });
          const exGN = explicitStats(HsGN, P);
          const Kh = new Float64Array(net.n * net.n);
          for (let i = 0; i < net.n; i++) for (let j = 0; j < net.n; j++) for (let t = 0; t < P; t++) Kh[i * net.n + j] += J[i * P + t] * J[j * P + t];
          const gn64 = sgdCurvatureFromGram(Kh, net.n);
          assert.ok(Math.abs(gn64.a - exGN.a) <= 1e-12 * exGN.a && Math.abs(gn64.sSquared - exGN.s2) <= 1e-12 * exGN.a * exGN.a);
        } else {
          // Away from interpolation the residual term makes them differ (a check that can fail).
          const K = empiricalNtk(net.apply, net.params, net.X);
          const gn = sgdCurvatureFromGram(K, net.n);
          K.dispose();
          assert.ok(Math.abs(gn.a - ex.a) > 1e-3 * ex.a, "Gauss–Newton should differ from the Hessian off interpolation");
        }
        net.dispose();
      }
    });
  });
}
