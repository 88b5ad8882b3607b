/**
 * Shared types of the model layer. Weights are stored in the layout that needs no transpose in the
 * forward pass (W as [d, m]); see DESIGN.md's note on transposed matmuls on wasm.
 */
import type * as tf from "@tensorflow/tfjs";

/** Names of the vetted activations. */
export type ActivationName = "relu" | "erf" | "softplus" | "tanh" | "sigmoid" | "identity";

/**
 * An activation σ with its derivatives, all elementwise. `apply` is twice differentiable under
 * tfjs autodiff (custom gradients recompute σ′ and σ″ from the saved input), so Hessian-vector
 * products through it are right. The `scalar*` versions are float64 JavaScript.
 */
export interface Activation {
  name: ActivationName;
  apply(z: tf.Tensor): tf.Tensor;
  derivative(z: tf.Tensor): tf.Tensor;
  secondDerivative(z: tf.Tensor): tf.Tensor;
  scalar(z: number): number;
  scalarDerivative(z: number): number;
  scalarSecondDerivative(z: number): number;
}

/** Output scalings of a two-layer network: c(m) = 1/m, 1/√m or 1. */
export type Scaling = "meanField" | "ntk" | "standard";

/**
 * Parameters of f(x) = c(m)·Σ_j a_j σ(w_j·x + b_j) + b0: W [d, m], a [m], b [m] or absent, and the
 * output bias b0 [1] or absent.
 */
export interface TwoLayerParams {
  W: tf.Tensor2D;
  a: tf.Tensor1D;
  b?: tf.Tensor1D;
  b0?: tf.Tensor1D;
}

/** Parameters of a deep MLP: weights[l] is [in, out], biases[l] is [out]. */
export interface MlpParams {
  weights: tf.Tensor2D[];
  biases: tf.Tensor1D[];
}
