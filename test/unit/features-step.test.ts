/**
 * The first gradient step and ridge on features. Oracles: tfjs autodiff of L = (1/2n)Σ(f − y)² for
 * the closed-form gradient (float32, relative error ~1e-5); a float64 host computation of the
 * rank-one matrix A; the float64 SVD (svdFull) for singular values; float64 normal equations for the
 * primal ridge; a float64 Cholesky solve for conjugate gradients; and the primal ridge on explicit NTK
 * features (Nd small) for the dual NTK solver.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { activation } from "../../lib/models/activations";
import { svdFull } from "../../lib/numerics/svd64";
import { cholesky, choleskySolve } from "../../lib/numerics/cholesky64";
import { firstLayerGradient, rankOneGradient, oneStepUpdate, rankOneGradientError } from "../../lib/experiments/features/gradientStep";
import { featureRidge, ntkFeatureRidge } from "../../lib/experiments/features/featureRidge";
import { gaussianMoments } from "../../lib/experiments/features/gaussianMoments";
import { relErr } from "../helpers/compare";
import { blockConjugateGradient } from "../../lib/numerics/cg";
import { largestSingularValues } from "../../lib/numerics/svd64";

for (const be of TEST_BACKENDS) {
  describe(`features: gradient step and ridge (${be})`, () => {
    before(() => useBackend(be));
    const d = 6, m = 10, n = 40;
    const r = new Rng(5);

    it("firstLayerGradient equals −∇_W L from autodiff", () =>
      noLeak(() => {
        const W = r.normalTensor([d, m], 1 / Math.sqrt(d)) as tf.Tensor2D;
        const a = r.normalTensor([m], 1 / Math.sqrt(m));
        const X = r.normalTensor([n, d]) as tf.Tensor2D;
        const y = r.normalTensor([n]);
        for (const name of ["erf", "tanh"] as const) {
          const act = activation(name);
          const G = firstLayerGradient({ W, a, X, y, activation: name });
          const auto = tf.grad((w: tf.Tensor) => {
            const f = tf.div(tf.matMul(act.apply(tf.matMul(X, w as tf.Tensor2D)), tf.reshape(a, [m, 1])), Math.sqrt(m));
            return tf.div(tf.sum(tf.square(tf.sub(tf.reshape(f, [n]), y))), 2 * n);
          })(W);
          const neg = tf.neg(auto);
          const e = relErr(G.dataSync(), neg.dataSync());
          assert.ok(e < 1e-5, `${name}: relative error ${e}`);
          tf.dispose([G, auto, neg]);
        }
        tf.dispose([W, a, X, y]);
      }));

    it("rankOneGradient is (μ₁/(n√m)) Xᵀy aᵀ (float64 host reference) and oneStepUpdate adds lr√m G", () =>
      noLeak(() => {
        const X = r.normalTensor([n, d]) as tf.Tensor2D;
        const y = r.normalTensor([n, 1]);
        const a = r.normalTensor([m], 1 / Math.sqrt(m));
        const A = rankOneGradient({ X, y, a, activation: "erf" });
        const mu1 = gaussianMoments("erf").mu1;
        const x = X.dataSync(), yy = y.dataSync(), aa = a.dataSync();
        const ref = new Float64Array(d * m);
        for (let i = 0; i < d; i++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += x[k * d + i] * yy[k];
          for (let j = 0; j < m; j++) ref[i * m + j] = (mu1 / (n * Math.sqrt(m))) * s * aa[j];
        }
        assert.ok(relErr(A.dataSync(), ref) < 1e-6);
        const W0 = tf.zeros([d, m]) as tf.Tensor2D;
        const W1 = oneStepUpdate({ W0, G0: A, lr: 4 });
        assert.ok(relErr(W1.dataSync(), ref.map((v) => v * 4 * Math.sqrt(m))) < 1e-6);
        tf.dispose([X, y, a, A, W0, W1]);
      }));

    it("largestSingularValues matches the float64 SVD", () =>
      noLeak(() => {
        const M = r.normalTensor([7, 12]) as tf.Tensor2D;
        const ref = svdFull(M.dataSync(), 7, 12).values;
        const s = largestSingularValues(M, 3);
        for (let k = 0; k < 3; k++) assert.ok(Math.abs(s[k] - ref[k]) < 1e-5 * ref[0], `σ${k + 1}: ${s[k]} vs ${ref[k]}`);
        const tall = tf.transpose(M) as tf.Tensor2D;
        assert.ok(Math.abs(largestSingularValues(tall, 1)[0] - ref[0]) < 1e-5 * ref[0]);
        tf.dispose([M, tall]);
      }));

    it("the rank-one error shrinks as n, d, m grow together (ψ₁ = 16, ψ₂ = 2)", () =>
      noLeak(() => {
        // Theory: ‖G₀ − A‖/‖G₀‖ ~ n^(−1/2); from n = 256 to 2048 it should fall by about √8 ≈ 2.8.
        const e = [256, 2048].map((nn) => rankOneGradientError({ d: nn / 16, m: nn / 8, n: nn, student: "erf", target: "erf", seed: 3 }).relErr);
        assert.ok(e[1] < e[0] / 1.8, `rel err ${e[0]} → ${e[1]}`);
      }));

    it("featureRidge solves (ΦᵀΦ + (nλ/m) I) a = Φᵀy (float64 normal equations)", () =>
      noLeak(() => {
        const P = 8, lambda = 0.05, Nw = 20;
        const Phi = r.normalTensor([n, P]) as tf.Tensor2D;
        const y = Array.from(r.normals(n));
        const fit = featureRidge({ features: Phi, y, lambda, m: Nw });
        const F = Phi.dataSync();
        const G = new Float64Array(P * P), b = new Float64Array(P);
        for (let i = 0; i < P; i++) {
          for (let j = 0; j < P; j++) for (let k = 0; k < n; k++) G[i * P + j] += F[k * P + i] * F[k * P + j];
          for (let k = 0; k < n; k++) b[i] += F[k * P + i] * y[k];
          G[i * P + i] += (n * lambda) / Nw;
        }
        const ref = choleskySolve(cholesky(G, P), P, b);
        assert.ok(relErr(fit.coef[0], ref) < 1e-5, `coef error ${relErr(fit.coef[0], ref)}`);
        const pred = fit.predict(Phi)[0];
        assert.equal(pred.length, n);
        Phi.dispose();
      }));

    it("blockConjugateGradient solves SPD systems for several right-hand sides", () => {
      const m = 30;
      const B = r.normals(m * m);
      const M = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += B[i * m + k] * B[j * m + k];
        M[i * m + j] = s / m + (i === j ? 0.5 : 0);
      }
      const rhs = [r.normals(m), r.normals(m)];
      const mv = (P: Float64Array[]) => P.map((p) => Float64Array.from({ length: m }, (_, i) => p.reduce((s, v, k) => s + M[i * m + k] * v, 0)));
      const res = blockConjugateGradient(mv, rhs, { tol: 1e-12 });
      const L = cholesky(M, m);
      rhs.forEach((b, k) => assert.ok(relErr(res.x[k], choleskySolve(L, m, b)) < 1e-9));
      assert.ok(res.relResidual < 1e-11 && res.iterations <= 2 * m);
    });

    it("ntkFeatureRidge equals primal ridge on the explicit NTK features vec(σ′(Wᵀx)xᵀ)/√(Nd)", () =>
      noLeak(() => {
        const dd = 3, NN = 5, nn = 25, lambda = 0.02;
        const W = r.normalTensor([dd, NN], 1 / Math.sqrt(dd)) as tf.Tensor2D;
        const X = r.normalTensor([nn, dd]) as tf.Tensor2D;
        const Xt = r.normalTensor([7, dd]) as tf.Tensor2D;
        const y = Array.from(r.normals(nn));
        const act = activation("tanh");
        const feats = (Z: tf.Tensor2D) =>
          tf.tidy(() => {
            const S = act.derivative(tf.matMul(Z, W)); // [m, m]
            const m = Z.shape[0];
            // φ(x)_{(j,i)} = σ′(w_jᵀx) x_i / √(Nd)
            return tf.div(tf.reshape(tf.mul(tf.reshape(S, [m, NN, 1]), tf.reshape(Z, [m, 1, dd])), [m, NN * dd]), Math.sqrt(NN * dd)) as tf.Tensor2D;
          });
        const Phi = feats(X), PhiT = feats(Xt);
        // Same objective: penalty (λ/m)‖θ‖² with m the width (not the feature count m·d).
        const primal = featureRidge({ features: Phi, y, lambda, m: NN }).predict(PhiT)[0];
        for (const method of ["kernel", "matrixFree"] as const) {
          const fit = ntkFeatureRidge({ W, X, y, activation: "tanh", lambda, tol: 1e-10, method });
          const dual = fit.predict(Xt)[0];
          fit.dispose();
          // float32 kernel and features: agreement to ~1e-4 relative
          assert.ok(relErr(dual, primal) < 1e-3, `${method} dual vs primal: ${relErr(dual, primal)}`);
        }
        tf.dispose([W, X, Xt, Phi, PhiT]);
      }));
  });
}
