/**
 * Activations: values, first and second derivatives (tensor and float64 versions) and autodiff
 * gradients / grad-of-grad against central finite differences of float64 references.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { activation, ACTIVATION_NAMES } from "../../lib/models";
import { scalarErf } from "../../lib/numerics";
import type { ActivationName } from "../../lib/models";
import { ValidationError } from "../../lib/runtime/errors";

/** Independent float64 references (Math built-ins, except erf checked against tabulated values below). */
const REF: Record<ActivationName, (z: number) => number> = {
  relu: (z) => Math.max(z, 0),
  erf: scalarErf,
  softplus: (z) => Math.log1p(Math.exp(z)),
  tanh: Math.tanh,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  identity: (z) => z,
};

// Points away from relu's kink at 0 (FD across it would be meaningless).
const Z = [-2.3, -1.1, -0.45, 0.2, 0.7, 1.6, 2.9];

/** Central differences: f′ with h = 1e-5 (error ~h²f‴ ≈ 1e-10, rounding ~1e-16/h ≈ 1e-11). */
function fd1(f: (z: number) => number, z: number, h = 1e-5): number {
  return (f(z + h) - f(z - h)) / (2 * h);
}
/** f″ with h = 1e-4 (error ~h²f⁗/12 ≈ 1e-9, rounding ~1e-16/h² ≈ 1e-8). */
function fd2(f: (z: number) => number, z: number, h = 1e-4): number {
  return (f(z + h) - 2 * f(z) + f(z - h)) / (h * h);
}

// float32 evaluation of these few elementwise ops: relative error a few ulps (~1e-7 each), so 2e-5
// absolute on values/derivatives of size ≤ 3 leaves a wide margin over float32 rounding and FD error.
const TOL = 2e-5;

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(err <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (|err| ${err.toExponential(2)})`);
  }
}

describe("scalarErf (float64)", () => {
  it("matches tabulated values to 1e-15", () => {
    // Abramowitz & Stegun table 7.1 / high-precision values.
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [-1.5, -0.9661051464753108],
    ];
    for (const [x, v] of table) assert.ok(Math.abs(scalarErf(x) - v) < 1e-15, `erf(${x}) = ${scalarErf(x)}, expected ${v}`);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`activations on ${be}`, () => {
    before(() => useBackend(be));

    for (const name of ACTIVATION_NAMES) {
      it(`${name}: apply/derivative/secondDerivative and scalar versions match float64 FD`, async () => {
        const act = activation(name);
        const ref = REF[name];
        const v = Z.map(ref);
        const d1 = Z.map((z) => fd1(ref, z));
        const d2 = Z.map((z) => fd2(ref, z));
        await noLeak(() =>
          tf.tidy(() => {
            const z = tf.tensor1d(Z);
            close(act.apply(z).dataSync(), v, TOL, `${name}(z)`);
            close(act.derivative(z).dataSync(), d1, TOL, `${name}'(z)`);
            close(act.secondDerivative(z).dataSync(), d2, TOL, `${name}''(z)`);
          }),
        );
        // float64 versions: FD error only (≤ 1e-7 with the steps above).
        close(Z.map(act.scalar), v, 1e-12, `${name} scalar`);
        close(Z.map(act.scalarDerivative), d1, 1e-7, `${name} scalarDerivative`);
        close(Z.map(act.scalarSecondDerivative), d2, 1e-6, `${name} scalarSecondDerivative`);
      });

      it(`${name}: autodiff gradient and grad-of-grad (HVP) match float64 FD`, async () => {
        const act = activation(name);
        const ref = REF[name];
        const u = [0.3, -1.2, 0.8, 2.0, -0.5, 1.1, -0.9]; // direction for the Hessian-vector product
        await noLeak(() => {
          tf.tidy(() => {
            const z = tf.tensor1d(Z);
            const vec = tf.tensor1d(u);
            // L(z) = Σ_i σ(z_i): ∇L = σ′(z); ∇(∇L·u) = σ″(z) ⊙ u.
            const grad = tf.grad((x: tf.Tensor) => tf.sum(act.apply(x)));
            const hvp = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(grad(x), vec)));
            close(grad(z).dataSync(), Z.map((x) => fd1(ref, x)), TOL, `∇ ${name}`);
            close(hvp(z).dataSync(), Z.map((x, i) => fd2(ref, x) * u[i]), TOL, `HVP ${name}`);
          });
        });
      });
    }

    it("third derivative of tanh through autodiff (custom gradients recurse)", () => {
      const act = activation("tanh");
      tf.tidy(() => {
        const g1 = tf.grad((x: tf.Tensor) => tf.sum(act.apply(x)));
        const g2 = tf.grad((x: tf.Tensor) => tf.sum(g1(x)));
        const g3 = tf.grad((x: tf.Tensor) => tf.sum(g2(x)));
        const z = 0.7;
        const t = Math.tanh(z);
        const exact = -2 * (1 - t * t) * (1 - 3 * t * t); // closed form of tanh‴
        close(g3(tf.tensor1d([z])).dataSync(), [exact], TOL, "tanh'''");
      });
    });

    it("rejects an unknown activation name", () => {
      assert.throws(() => activation("gelu" as ActivationName), (e: unknown) => e instanceof ValidationError && /activation/.test(e.message));
    });
  });
}
