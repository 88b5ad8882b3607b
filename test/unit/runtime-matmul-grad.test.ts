import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "../../lib/runtime/matmulGrad";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

// Oracle: float64 products on the host. L(A, B) = Σ (op(A)·op(B)) ⊙ R for a fixed R, so
// ∂L/∂A and ∂L/∂B are products of R with the other factor; and the Hessian-vector product of
// L₂ = ½‖op(A)·op(B)‖² checked against central differences of the float64 gradient.
function mat(rows: number, cols: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}
const T = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));
const mul = (a: number[][], b: number[][]) => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));

for (const be of TEST_BACKENDS) {
  describe(`matMul gradient on ${be}`, () => {
    before(() => useBackend(be));
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`first derivatives, transposeA=${ta}, transposeB=${tb}`, async () => {
        const A = ta ? mat(4, 3, 1) : mat(3, 4, 1); // op(A) is 3×4
        const B = tb ? mat(5, 4, 2) : mat(4, 5, 2); // op(B) is 4×5
        const R = mat(3, 5, 3);
        const opA = ta ? T(A) : A;
        const opB = tb ? T(B) : B;
        // ∂L/∂op(A) = R·op(B)ᵀ, ∂L/∂op(B) = op(A)ᵀ·R
        const gOpA = mul(R, T(opB));
        const gOpB = mul(T(opA), R);
        const wantA = ta ? T(gOpA) : gOpA;
        const wantB = tb ? T(gOpB) : gOpB;
        await noLeak(() => {
          const [gA, gB] = tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, ta, tb), tf.tensor2d(R))))([tf.tensor2d(A), tf.tensor2d(B)]));
          const a = gA.arraySync() as number[][];
          const b = gB.arraySync() as number[][];
          tf.dispose([gA, gB]);
          // float32 sums of 5 products of numbers ≤ 1 in size: error ≲ 1e-6; allow 1e-5
          a.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - wantA[i][j]) < 1e-5)));
          b.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - wantB[i][j]) < 1e-5)));
        });
      });
    }

    it("second derivatives through the product (Hessian-vector product vs central differences)", async () => {
      const A0 = mat(3, 4, 4);
      const B0 = mat(4, 2, 5);
      const V = mat(3, 4, 6);
      // L(A) = ½‖A·B‖², ∇L = (A·B)·Bᵀ, H·V = V·B·Bᵀ exactly (L is quadratic in A)
      const want = mul(mul(V, B0), T(B0));
      await noLeak(() => {
        const hv = tf.tidy(() => {
          const B = tf.tensor2d(B0);
          const grad = (a: tf.Tensor) => tf.grad((x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.matMul(x, B)))))(a);
          return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(grad(a), tf.tensor2d(V))))(tf.tensor2d(A0));
        });
        const got = hv.arraySync() as number[][];
        hv.dispose();
        got.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-5, `${v} vs ${want[i][j]}`)));
      });
    });
  });
}
