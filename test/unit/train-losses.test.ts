/**
 * Losses: values against float64 formulas, gradients and Hessian-vector products in the
 * predictions against float64 central finite differences; path norm and L2 penalty.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { squareLoss, hingeLoss, logisticLoss, pathNorm, l2Penalty } from "../../lib/train";
import type { LossFn } from "../../lib/train";
import { twoLayer, disposeParams } from "../../lib/models";
import { ValidationError } from "../../lib/runtime/errors";

const F = [0.3, -1.4, 2.2, 0.05, -0.7, 1.3];
const Y = [1, -1, 1, -1, 1, -1];
const n = F.length;
const U = [0.5, -0.2, 1.1, -0.8, 0.3, 0.9]; // HVP direction

const REF: Record<string, (f: number[]) => number> = {
  square: (f) => f.reduce((s, fi, i) => s + (fi - Y[i]) ** 2, 0) / (2 * n),
  hinge: (f) => f.reduce((s, fi, i) => s + Math.max(0, 1 - Y[i] * fi), 0) / n,
  logistic: (f) => f.reduce((s, fi, i) => s + Math.log1p(Math.exp(-Y[i] * fi)), 0) / n,
};
const FN: Record<string, LossFn> = { square: squareLoss, hinge: hingeLoss, logistic: logisticLoss };

/** ∂L/∂f_i by central differences, h = 1e-5 (float64: error ≤ ~1e-10). */
function fdGrad(L: (f: number[]) => number, f: number[], h = 1e-5): number[] {
  return f.map((_, i) => {
    const p = f.slice();
    const m = f.slice();
    p[i] += h;
    m[i] -= h;
    return (L(p) - L(m)) / (2 * h);
  });
}
/** (H u)_i = ∂/∂ε ∂L/∂f_i (f + εu) by central differences of the FD gradient, ε = 1e-4 (error ~1e-7). */
function fdHvp(L: (f: number[]) => number, f: number[], u: number[], eps = 1e-4): number[] {
  const gp = fdGrad(L, f.map((fi, i) => fi + eps * u[i]));
  const gm = fdGrad(L, f.map((fi, i) => fi - eps * u[i]));
  return gp.map((g, i) => (g - gm[i]) / (2 * eps));
}

// float32 on O(1) numbers through a handful of ops: ~1e-7 relative; FD oracle ≤ 1e-6. Bound 1e-5.
const TOL = 1e-5;

for (const be of TEST_BACKENDS) {
  describe(`losses on ${be}`, () => {
    before(() => useBackend(be));

    for (const name of ["square", "hinge", "logistic"]) {
      it(`${name}: value, gradient and HVP match float64 (FD)`, async () => {
        await noLeak(() =>
          tf.tidy(() => {
            const f = tf.tensor1d(F);
            const y = tf.tensor1d(Y);
            const u = tf.tensor1d(U);
            const ell = FN[name];
            assert.ok(Math.abs(ell(f, y).dataSync()[0] - REF[name](F)) < TOL, "value");
            const grad = tf.grad((p: tf.Tensor) => ell(p, y));
            const hvp = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(grad(p), u)));
            const g = grad(f).dataSync();
            fdGrad(REF[name], F).forEach((r, i) => assert.ok(Math.abs(g[i] - r) < TOL, `grad[${i}] ${g[i]} vs ${r}`));
            // The hinge points keep |1 − y f| ≥ 0.2 away from the kink, where FD and autodiff agree (0).
            const hv = hvp(f).dataSync();
            fdHvp(REF[name], F, U).forEach((r, i) => assert.ok(Math.abs(hv[i] - r) < TOL, `HVP[${i}] ${hv[i]} vs ${r}`));
          }),
        );
      });
    }

    it("square loss on vector outputs is (1/2n) Σ ‖f_i − y_i‖²", () => {
      tf.tidy(() => {
        const f = tf.tensor2d([[1, 2], [3, 4], [0, 0]]);
        const y = tf.tensor2d([[0, 0], [3, 3], [1, 1]]);
        assert.ok(Math.abs(squareLoss(f, y).dataSync()[0] - (5 + 1 + 2) / 6) < 1e-6);
      });
    });

    it("logistic loss is stable for large margins", () => {
      tf.tidy(() => {
        const v = logisticLoss(tf.tensor1d([-200, 200]), tf.tensor1d([1, 1])).dataSync()[0];
        assert.ok(Math.abs(v - 100) < 1e-4, `got ${v}, expected (200 + 0)/2`);
      });
    });

    it("shape mismatch is a ValidationError", () => {
      tf.tidy(() => {
        assert.throws(() => squareLoss(tf.zeros([3]), tf.zeros([3, 1])), (e: unknown) => e instanceof ValidationError && /pred and y/.test(e.message));
      });
    });

    it("path norm and L2 penalty: values against float64 sums, gradients against FD", async () => {
      const net = twoLayer({ d: 3, m: 4, bias: true, init: { b: { gaussian: 1 } } });
      const p = net.init(2);
      await noLeak(() =>
        tf.tidy(() => {
          const W = p.W.arraySync();
          const a = Array.from(p.a.dataSync());
          const b = Array.from(p.b!.dataSync());
          const col = (j: number, q: number, withB: boolean) => {
            const xs = W.map((r) => r[j]).concat(withB ? [b[j]] : []);
            return q === 1 ? xs.reduce((s, x) => s + Math.abs(x), 0) : Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
          };
          const ref = (q: number, c: number, withB: boolean) => c * a.reduce((s, aj, j) => s + Math.abs(aj) * col(j, q, withB), 0);
          const check = (got: tf.Scalar, want: number) => assert.ok(Math.abs(got.dataSync()[0] - want) < 1e-5 * Math.max(1, want), `${got.dataSync()[0]} vs ${want}`);
          check(pathNorm(p, { inner: 1 }), ref(1, 1 / 4, false));
          check(pathNorm(p, { inner: 2, scaling: "ntk" }), ref(2, 1 / 2, false));
          check(pathNorm(p, { inner: 2, scaling: "standard", includeBias: true }), ref(2, 1, true));
          const sq = [...W.flat(), ...a, ...b].reduce((s, x) => s + x * x, 0);
          check(l2Penalty(p, 0.3), 0.15 * sq);
          // d/da_j of (1/m)Σ|a_j|‖w_j‖₁ = sign(a_j)‖w_j‖₁/m (a_j ≠ 0 here): exact in float64.
          const ga = tf.grad((aa: tf.Tensor) => pathNorm({ ...p, a: aa as tf.Tensor1D }, { inner: 1 }))(p.a).dataSync();
          a.forEach((aj, j) => assert.ok(Math.abs(ga[j] - (Math.sign(aj) * col(j, 1, false)) / 4) < 1e-5));
        }),
      );
      assert.throws(() => pathNorm(p, { inner: 3 as 1 }), (e: unknown) => e instanceof ValidationError && /inner/.test(e.message));
      disposeParams(p);
    });
  });
}
