/**
 * The top of the Hessian spectrum of a loss: Lanczos or power iteration (numerics/lanczos) on
 * Hessian-vector products ({@link hvpFlat}). GD with step lr is linearly stable at a minimum only if
 * the sharpness λ_max(∇²L) ≤ 2/lr.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { finiteTensor, oneOf } from "../runtime/validate";
import { lanczosEigs, powerIterationEigs, type SymMatvec, type TopEigOptions, type TopEigResult } from "../numerics/lanczos";
import { hvpFlat, flatParamCount, type ParamLossFn } from "./hessian";

/**
 * The spectrum's inputs, checked once before the first Hessian-vector product: every parameter tensor
 * finite (named params[i]) and the loss finite at θ (NaN data inside lossFn is reported as such, not
 * as a failure of the eigensolver).
 */
function checkLossAt(lossFn: ParamLossFn, params: tf.Tensor[]): void {
  if (typeof lossFn !== "function") throw new ValidationError("lossFn must be a function (params) => tf.Scalar", { argument: "lossFn" });
  if (!Array.isArray(params) || params.length === 0) throw new ValidationError("params must be a non-empty array of tensors", { argument: "params" });
  params.forEach((p, i) => finiteTensor(`params[${i}]`, p));
  const value = tf.tidy(() => lossFn(params).dataSync()[0]);
  if (!Number.isFinite(value)) {
    throw new ValidationError(`lossFn(params) is ${value}: the loss is not finite at these parameters (NaN or ±∞ in the data it closes over?)`, { argument: "lossFn" });
  }
}

/**
 * Top-k eigenvalues (descending, float64) of the Hessian ∇²L(θ), each matvec one Hessian-vector
 * product {@link hvpFlat} (float32 on the device, so eigenvalues carry a relative error ≈ 1e-6·‖H‖/|λ|).
 * `method: "lanczos"` (default) returns the algebraically largest; `"power"` the largest in magnitude.
 * @example
 * const { values } = topHessianEigs(lossFn, [W, a], { k: 2 });
 */
export function topHessianEigs(
  lossFn: ParamLossFn,
  params: tf.Tensor[],
  opts: TopEigOptions & { method?: "lanczos" | "power" } = {},
): TopEigResult {
  const method = oneOf("method", opts.method ?? "lanczos", ["lanczos", "power"] as const);
  checkLossAt(lossFn, params);
  const P = flatParamCount(params);
  const mv: SymMatvec = (v) => hvpFlat(lossFn, params, v);
  return method === "lanczos" ? lanczosEigs(mv, P, opts) : powerIterationEigs(mv, P, opts);
}

/**
 * Sharpness λ_max(∇²L(θ)): the top Hessian eigenvalue (GD with step lr is linearly stable at a
 * minimum only if sharpness ≤ 2/lr).
 * @example const lam = sharpness(lossFn, [W, a]);
 */
export function sharpness(lossFn: ParamLossFn, params: tf.Tensor[], opts: Omit<TopEigOptions, "k" | "vectors"> & { method?: "lanczos" | "power" } = {}): number {
  return topHessianEigs(lossFn, params, { ...opts, k: 1 }).values[0];
}
