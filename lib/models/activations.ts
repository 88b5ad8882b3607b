/**
 * Vetted activations σ with their first and second derivatives.
 *
 * tfjs's built-in gradients of `tanh`, `sigmoid` and `exp` are not differentiable a second time (the
 * backward pass reads a saved output that is detached from the tape), so grad-of-grad throws or,
 * once another path exists, is silently wrong. Here every smooth activation is a `tf.customGrad`
 * whose gradient function recomputes σ′ from the saved input with the same custom ops, so gradients
 * of gradients (Hessian-vector products) are right to any order.
 */
import * as tf from "@tensorflow/tfjs";
import { scalarErf } from "../numerics/special";
import type { Activation, ActivationName } from "./types";
import { oneOf } from "../runtime/validate";

type Unary = (x: tf.Tensor) => tf.Tensor;

/** Wraps a value and a derivative (both in terms of custom ops) into a differentiable-again op. */
function withDerivative(value: Unary, derivative: Unary): Unary {
  // customGrad's signature types its arguments as (Tensor | GradSaveFunc)[]: narrow them here.
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([x]);
    return {
      value: value(x),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, derivative(saved[0])),
    };
  }) as unknown as Unary;
  return op;
}

/** tanh with tanh′ = 1 − tanh². */
const tanhOp: Unary = withDerivative(
  (x) => tf.tanh(x),
  (x) => tf.sub(1, tf.square(tanhOp(x))),
);

/** Logistic sigmoid s with s′ = s(1 − s). */
const sigmoidOp: Unary = withDerivative(
  (x) => tf.sigmoid(x),
  (x) => {
    const s = sigmoidOp(x);
    return tf.mul(s, tf.sub(1, s));
  },
);

/** exp(−x²) with derivative −2x·exp(−x²). */
const gaussOp: Unary = withDerivative(
  (x) => tf.exp(tf.neg(tf.square(x))),
  (x) => tf.mul(tf.mul(x, -2), gaussOp(x)),
);

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf with erf′ = (2/√π)·exp(−x²). */
const erfOp: Unary = withDerivative(
  (x) => tf.erf(x),
  (x) => tf.mul(gaussOp(x), TWO_OVER_SQRT_PI),
);

/** softplus(x) = log(1 + eˣ) with derivative sigmoid(x). */
const softplusOp: Unary = withDerivative(
  (x) => tf.softplus(x),
  (x) => sigmoidOp(x),
);

/**
 * Identity whose derivative 0·x + 1 stays connected to x, so grad-of-grad returns zeros instead of
 * tfjs's "cannot compute gradient" for functions linear in z.
 */
const identityOp: Unary = withDerivative(
  (x) => tf.clone(x),
  (x) => tf.add(tf.mul(x, 0), 1),
);

function sigmoid64(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

const ACTIVATIONS: Record<ActivationName, Activation> = {
  relu: {
    name: "relu",
    apply: (z) => tf.relu(z),
    derivative: (z) => tf.step(z),
    secondDerivative: (z) => tf.zerosLike(z),
    scalar: (z) => Math.max(z, 0),
    scalarDerivative: (z) => (z > 0 ? 1 : 0),
    scalarSecondDerivative: () => 0,
  },
  erf: {
    name: "erf",
    apply: erfOp,
    derivative: (z) => tf.mul(gaussOp(z), TWO_OVER_SQRT_PI),
    secondDerivative: (z) => tf.mul(tf.mul(z, -2 * TWO_OVER_SQRT_PI), gaussOp(z)),
    scalar: scalarErf,
    scalarDerivative: (z) => TWO_OVER_SQRT_PI * Math.exp(-z * z),
    scalarSecondDerivative: (z) => -2 * z * TWO_OVER_SQRT_PI * Math.exp(-z * z),
  },
  softplus: {
    name: "softplus",
    apply: softplusOp,
    derivative: sigmoidOp,
    secondDerivative: (z) => {
      const s = sigmoidOp(z);
      return tf.mul(s, tf.sub(1, s));
    },
    scalar: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
    scalarDerivative: sigmoid64,
    scalarSecondDerivative: (z) => sigmoid64(z) * (1 - sigmoid64(z)),
  },
  tanh: {
    name: "tanh",
    apply: tanhOp,
    derivative: (z) => tf.sub(1, tf.square(tanhOp(z))),
    secondDerivative: (z) => {
      const t = tanhOp(z);
      return tf.mul(tf.mul(t, -2), tf.sub(1, tf.square(t)));
    },
    scalar: Math.tanh,
    scalarDerivative: (z) => 1 - Math.tanh(z) ** 2,
    scalarSecondDerivative: (z) => -2 * Math.tanh(z) * (1 - Math.tanh(z) ** 2),
  },
  sigmoid: {
    name: "sigmoid",
    apply: sigmoidOp,
    derivative: (z) => {
      const s = sigmoidOp(z);
      return tf.mul(s, tf.sub(1, s));
    },
    secondDerivative: (z) => {
      const s = sigmoidOp(z);
      return tf.mul(tf.mul(s, tf.sub(1, s)), tf.sub(1, tf.mul(s, 2)));
    },
    scalar: sigmoid64,
    scalarDerivative: (z) => sigmoid64(z) * (1 - sigmoid64(z)),
    scalarSecondDerivative: (z) => sigmoid64(z) * (1 - sigmoid64(z)) * (1 - 2 * sigmoid64(z)),
  },
  identity: {
    name: "identity",
    apply: identityOp,
    derivative: (z) => tf.onesLike(z),
    secondDerivative: (z) => tf.zerosLike(z),
    scalar: (z) => z,
    scalarDerivative: () => 1,
    scalarSecondDerivative: () => 0,
  },
};

/** Names accepted by {@link activation}. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ["relu", "erf", "softplus", "tanh", "sigmoid", "identity"];

/**
 * Returns the activation σ named `name`, with σ′ and σ″ as tensor ops and as float64 functions.
 *
 * relu(z) = max(z, 0); erf(z) = (2/√π)∫₀ᶻ e^{−t²}dt; softplus(z) = log(1 + eᶻ); tanh;
 * sigmoid(z) = 1/(1 + e^{−z}); identity(z) = z. `apply` can be differentiated twice by tfjs
 * autodiff (relu's second derivative is 0 almost everywhere).
 *
 * @example
 * const s = activation("tanh");
 * const h = s.apply(tf.tensor1d([0, 1]));   // [0, 0.7616]
 * s.scalarDerivative(0);                    // 1
 */
export function activation(name: ActivationName): Activation {
  oneOf("activation", name, ACTIVATION_NAMES);
  return ACTIVATIONS[name];
}
