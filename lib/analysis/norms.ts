/**
 * Path and Barron-type norms of two-layer networks f(x) = c(m)·Σ_j a_j σ(w_j·x + b_j), computed in
 * float64 on the host from the (float32) parameter tensors. Nothing here is differentiable: for a
 * penalty inside training use the regularizers of the train folder.
 */
import type { Scaling, TwoLayerParams } from "../models/types";
import { ValidationError } from "../runtime/errors";
import { finiteArray, width } from "../runtime/validate";
import { outputScale } from "../models/twoLayer";
import { pathNorm64 } from "../models/twoLayer64";

function readParams(params: TwoLayerParams): { W: Float32Array; a: Float32Array; b: Float32Array | null; d: number; m: number } {
  if (!params || !params.W || !params.a) throw new ValidationError("params must be { W: [d, m], a: [m], b?: [m] }");
  if (params.W.rank !== 2) throw new ValidationError(`params.W must be [d, m], got shape [${params.W.shape.join(", ")}]`);
  const [d, m] = params.W.shape;
  if (params.a.rank !== 1 || params.a.shape[0] !== m) throw new ValidationError(`params.a must have shape [${m}], got [${params.a.shape.join(", ")}]`);
  if (params.b && (params.b.rank !== 1 || params.b.shape[0] !== m)) throw new ValidationError(`params.b must have shape [${m}], got [${params.b.shape.join(", ")}]`);
  width("params.W", m);
  const W = params.W.dataSync() as Float32Array;
  const a = params.a.dataSync() as Float32Array;
  const b = params.b ? (params.b.dataSync() as Float32Array) : null;
  finiteArray("params.W", W, m);
  finiteArray("params.a", a);
  if (b) finiteArray("params.b", b);
  return { W, a, b, d, m };
}

/**
 * Path norm of a two-layer network, in float64:
 * ‖θ‖_P = c(m)·Σ_j |a_j|·‖(w_j, b_j)‖_q, q = `inner` ∈ {1, 2} (the bias entry only when params.b exists).
 * With q = 1 and meanField scaling this is the path norm of E, Ma & Wu (2019),
 * (1/m)Σ_j |a_j|(‖w_j‖₁ + |b_j|). W is [d, m], so w_j is column j.
 * @example pathNormValue(params, { scaling: "meanField", inner: 1 })
 */
export function pathNormValue(params: TwoLayerParams, o: { scaling: Scaling | number; inner?: 1 | 2 }): number {
  if (!o || typeof o !== "object") throw new ValidationError('pathNormValue needs options { scaling, inner }, e.g. { scaling: "meanField", inner: 1 }');
  const { W, a, b, d, m } = readParams(params);
  const c = outputScale(o.scaling, m);
  const q = o.inner ?? 1;
  if (q !== 1 && q !== 2) throw new ValidationError(`inner must be 1 or 2, got ${String(q)}`);
  return pathNorm64({ W, a, b, d, m }, { inner: q, c });
}

/**
 * Barron-norm bound of the function a ReLU network represents:
 * ‖f‖_B ≤ c(m)·Σ_j |a_j|(‖w_j‖₁ + |b_j|).
 * Definition (E, Ma & Wu, "Barron spaces and the compositional function spaces for neural network
 * models", 2019): for f(x) = E_ρ[a·relu(w·x + b)] on [0,1]^d, ‖f‖_B = inf_ρ E_ρ[|a|(‖w‖₁ + |b|)]
 * over all representing ρ; the network is the representation with ρ uniform on the m atoms
 * (m·c(m)·a_j, w_j, b_j), hence the bound. It equals pathNormValue with inner = 1; for activations
 * other than relu it is the same number but not a Barron-norm bound.
 * @example barronNormBound(params, { scaling: "meanField" })
 */
export function barronNormBound(params: TwoLayerParams, o: { scaling: Scaling | number }): number {
  if (!o || typeof o !== "object") throw new ValidationError('barronNormBound needs options { scaling }, e.g. { scaling: "meanField" }');
  return pathNormValue(params, { scaling: o.scaling, inner: 1 });
}
