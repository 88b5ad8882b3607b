/**
 * The top of the Hessian spectrum of a loss: Lanczos or power iteration (numerics/lanczos) on
 * Hessian-vector products ({@link hvpFlat}). GD with step lr is linearly stable at a minimum only if
 * the sharpness λ_max(∇²L) ≤ 2/lr.
 */
import type * as tf from "@tensorflow/tfjs";
import { oneOf } from "../runtime/validate";
import { lanczosEigs, powerIterationEigs, type SymMatvec, type TopEigOptions, type TopEigResult } from "../numerics/lanczos";
import { hvpFlat, flatParamCount, type ParamLossFn } from "./hessian";

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
