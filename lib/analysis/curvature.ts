/**
 * Curvature statistics that decide the linear stability of SGD at a global minimum (Wu, Ma & E 2018,
 * "How SGD selects the global minima in over-parameterized learning"). With per-sample Hessians H_i at
 * the minimum and H = (1/n) Σ H_i:
 *   sharpness       a = λ_max(H)
 *   non-uniformity  s = √λ_max((1/n) Σ H_i² − H²)
 * SGD with step lr and batch B (sampled without replacement) is linearly stable in mean square iff,
 * in the 1-D model, (1 − lr·a)² + lr²·s²·(n − B)/(B(n − 1)) ≤ 1, which implies a ≤ 2/lr and
 * s ≤ √(B(n − 1)/(n − B))/lr ≈ √B/lr; GD (B = n) needs only a ≤ 2/lr.
 * In one dimension the H_i are numbers: a = mean H_i, s = std H_i (population form).
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { finiteTensor, integer, oneOf } from "../runtime/validate";
import { matmul64, symEig, toFloat64Matrix } from "../numerics/linalg64";
import { hvpFlat, flatParamCount, type ParamLossFn } from "./hessian";
import { lanczosEigs, powerIterationEigs, type SymMatvec, type TopEigOptions, type TopEigResult } from "../numerics/lanczos";

/** Sharpness a, non-uniformity s and s². */
export interface SgdCurvature {
  a: number;
  s: number;
  sSquared: number;
}

/**
 * One-dimensional (or per-direction) statistics from per-sample curvatures H_i:
 * a = (1/n) Σ H_i,  s = √((1/n) Σ H_i² − a²).
 * @example sgdCurvature1d([1, 3]) // { a: 2, s: 1, sSquared: 1 }
 */
export function sgdCurvature1d(h: ArrayLike<number>): SgdCurvature {
  if (h.length === 0) throw new ValidationError("h must hold at least one per-sample curvature");
  let a = 0;
  for (let i = 0; i < h.length; i++) {
    if (!Number.isFinite(h[i])) throw new ValidationError(`h[${i}] must be finite, got ${h[i]}`);
    a += h[i];
  }
  a /= h.length;
  let v = 0;
  for (let i = 0; i < h.length; i++) v += (h[i] - a) ** 2; // = mean H_i² − a², without cancellation
  v /= h.length;
  return { a, s: Math.sqrt(v), sSquared: v };
}

/** A loss of one training example i ∈ {0, …, n − 1}: ℓ_i(θ). */
export type SampleLossFn = (params: tf.Tensor[], i: number) => tf.Scalar;

/**
 * High-dimensional a and s from per-sample Hessian-vector products, without forming any Hessian:
 * a = λ_max(H) by Lanczos (or power iteration) on v ↦ (1/n) Σ H_i v, and s² = λ_max(Σ_H) on
 * v ↦ (1/n) Σ H_i (H_i v) − H (H v), where Σ_H = (1/n) Σ (H_i − H)² ⪰ 0. Cost per matvec: n HVPs for a,
 * 3n for s² (2n + 1 when the average loss `opts.loss` is given, used for H(Hv)). For small n and P.
 * @param sampleLoss ℓ_i(θ); the training loss is L = (1/n) Σ ℓ_i
 * @example
 * const { a, s } = sgdCurvatureStats((p, i) => lossOf(p, X.slice([i, 0], [1, d]), y.slice(i, 1)), params, n);
 */
export function sgdCurvatureStats(
  sampleLoss: SampleLossFn,
  params: tf.Tensor[],
  n: number,
  opts: Omit<TopEigOptions, "k" | "vectors"> & { method?: "lanczos" | "power"; loss?: ParamLossFn } = {},
): SgdCurvature & { aResult: TopEigResult; sResult: TopEigResult } {
  integer("n", n, 1);
  const method = oneOf("method", opts.method ?? "lanczos", ["lanczos", "power"] as const);
  params.forEach((p, i) => finiteTensor(`params[${i}]`, p)); // once, before the n·iters HVPs
  const P = flatParamCount(params);
  const solve = (mv: SymMatvec): TopEigResult => (method === "lanczos" ? lanczosEigs(mv, P, { ...opts, k: 1 }) : powerIterationEigs(mv, P, { ...opts, k: 1 }));
  const perSample = (i: number, v: Float64Array): Float64Array => hvpFlat((p) => sampleLoss(p, i), params, v);
  const meanH = (v: Float64Array): Float64Array => {
    if (opts.loss) return hvpFlat(opts.loss, params, v);
    const out = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      const u = perSample(i, v);
      for (let t = 0; t < P; t++) out[t] += u[t] / n;
    }
    return out;
  };
  const aResult = solve(meanH);
  const sigmaMv: SymMatvec = (v) => {
    const out = new Float64Array(P);
    const Hv = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      const u = perSample(i, v);
      const w = perSample(i, u);
      for (let t = 0; t < P; t++) {
        out[t] += w[t] / n;
        Hv[t] += u[t] / n;
      }
    }
    const HHv = meanH(Hv);
    for (let t = 0; t < P; t++) out[t] -= HHv[t];
    return out;
  };
  const sResult = solve(sigmaMv);
  const s2 = Math.max(sResult.values[0], 0);
  return { a: aResult.values[0], s: Math.sqrt(s2), sSquared: s2, aResult, sResult };
}

/**
 * Gauss–Newton a and s for the square loss L = (1/n) Σ ½(f(x_i; θ) − y_i)² at an interpolating minimum
 * (every residual f(x_i) − y_i = 0), where the per-sample Hessians are exactly H_i = g_i g_iᵀ with
 * g_i = ∇_θ f(x_i). Everything then follows from the Gram (empirical NTK) matrix K_ij = g_i·g_j:
 *   a  = λ_max(K)/n,
 *   s² = λ_max(K^{1/2} (D/n − K/n²) K^{1/2}),  D = diag(K_ii),
 * because (1/n) Σ H_i² − H² = Jᵀ(D/n − K/n²)J has the non-zero spectrum of that n×n matrix.
 * Away from interpolation the residual terms r_i ∇²f(x_i) are missing here and the HVP-based
 * {@link sgdCurvatureStats} is the right one; at interpolation both agree. Cost: two n×n eigensolves.
 * @param K Gram matrix [n, n] (e.g. from twoLayerGramArray or empiricalNtk), row-major or a tensor
 * @example const { a, s } = sgdCurvatureFromGram(twoLayerGramArray(params, X, { activation, scaling: "ntk" }), n);
 */
export function sgdCurvatureFromGram(K: ArrayLike<number> | tf.Tensor, n: number): SgdCurvature {
  integer("n", n, 1);
  const Kh = toFloat64Matrix("K", K instanceof tf.Tensor ? (K.dataSync() as Float32Array) : K, n, n);
  const eig = symEig(Kh, n);
  const a = eig.values[0] / n;
  // K^{1/2} = U Λ^{1/2} Uᵀ with negative round-off eigenvalues clipped.
  const half = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const lam = Math.sqrt(Math.max(eig.values[j], 0));
    if (lam === 0) continue;
    const u = eig.vectors[j];
    for (let r = 0; r < n; r++) {
      const ur = lam * u[r];
      for (let c = 0; c < n; c++) half[r * n + c] += ur * u[c];
    }
  }
  // C = D/n − K/n²; M = K^{1/2} C K^{1/2}.
  const C = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) C[r * n + c] = (r === c ? Kh[r * n + r] / n : 0) - Kh[r * n + c] / (n * n);
  const M = matmul64(matmul64(half, C, n, n, n), half, n, n, n);
  const s2 = Math.max(symEig(M, n, { vectors: false }).values[0], 0);
  return { a, s: Math.sqrt(s2), sSquared: s2 };
}
