/**
 * Explicit regularizers, as differentiable scalar tensors to add to a training loss.
 */
import * as tf from "@tensorflow/tfjs";
import type { Scaling, TwoLayerParams } from "../models/types";
import { outputScale } from "../models/twoLayer";
import { flattenParams, type ParamTree } from "../models/params";
import { ValidationError } from "../runtime/errors";
import { nonNegative, oneOf } from "../runtime/validate";

/**
 * Path norm of a two-layer network: c(m)·Σ_j |a_j|·‖w_j‖_p with p = `inner` (1 or 2) and
 * c(m) = 1/m ("meanField", the default), 1/√m ("ntk") or 1 ("standard"); w_j is column j of W
 * (extended by b_j when `includeBias`). The lectures' norm is (1/m)Σ|a_j|‖w_j‖₁; the explicit
 * regularizer λ√(log d / n)·Σ_j|a_j|‖w_j‖₂ is `pathNorm(p, { inner: 2, scaling: "standard" })` times
 * that factor. Differentiable under tfjs autodiff (the ℓ₂ version needs w_j ≠ 0).
 *
 * @example
 * const reg = pathNorm(params, { inner: 1 });           // (1/m) Σ |a_j| ‖w_j‖₁
 * const total = tf.add(loss, tf.mul(reg, lambda));
 */
export function pathNorm(
  params: TwoLayerParams,
  opts: { inner?: 1 | 2; scaling?: Scaling; includeBias?: boolean } = {},
): tf.Scalar {
  const inner = opts.inner ?? 1;
  if (inner !== 1 && inner !== 2) throw new ValidationError(`inner (the norm of w_j) must be 1 or 2, got ${String(inner)}`);
  const scaling = oneOf("scaling", opts.scaling ?? "meanField", ["meanField", "ntk", "standard"] as const);
  const { W, a, b } = params;
  if (W.rank !== 2 || a.rank !== 1 || a.shape[0] !== W.shape[1]) {
    throw new ValidationError(`params must hold W [d, m] and a [m], got W [${W.shape}] and a [${a.shape}]`);
  }
  const m = W.shape[1];
  const c = outputScale(scaling, m);
  return tf.tidy(() => {
    let Wx: tf.Tensor2D = W;
    if (opts.includeBias && b !== undefined) Wx = tf.concat([W, tf.reshape(b, [1, m])], 0) as tf.Tensor2D;
    const colNorm = inner === 1 ? tf.sum(tf.abs(Wx), 0) : tf.sqrt(tf.sum(tf.square(Wx), 0));
    return tf.mul(tf.sum(tf.mul(tf.abs(a), colNorm)), c) as tf.Scalar;
  });
}

/**
 * The weight-decay penalty (λ/2)·‖θ‖² summed over every tensor of `params` (its gradient λθ is what
 * the {@link weightDecay} transform adds).
 * @example const total = tf.add(loss, l2Penalty(params, 1e-4));
 */
export function l2Penalty(params: ParamTree, lambda: number): tf.Scalar {
  nonNegative("lambda", lambda);
  return tf.tidy(() => {
    const parts = flattenParams(params).map((t) => tf.sum(tf.square(t)));
    return tf.mul(tf.addN(parts), lambda / 2) as tf.Scalar;
  });
}
