/**
 * Analytic infinite-width kernels of two-layer ReLU networks, computed in float64 on the host,
 * batched over inputs X1 [n1, d] and X2 [n2, d] → row-major [n1, n2].
 *
 * Normalisation: the kernels are expectations over ONE random first-layer neuron (no factor 2 as in
 * Cho & Saul's definition k_n = 2·E[…]). With θ the angle between x̃ and ỹ (x̃ = x, or (x, β) with a
 * bias b ~ N(0, β²)):
 *   order 0:  E[step(w·x̃) step(w·ỹ)] = (π − θ)/(2π)
 *   order 1:  E[relu(w·x̃) relu(w·ỹ)] = ‖x̃‖‖ỹ‖ (sin θ + (π − θ) cos θ)/(2π)
 * for w ~ N(0, I_D) ("gaussian", D = d or d + 1 with bias). For w uniform on the unit sphere S^{D−1}
 * ("sphere"; with bias, (w, b/β) jointly uniform on S^d): relu is 1-homogeneous and ‖g‖ is independent of
 * g/‖g‖ with E‖g‖² = D, so order 1 is the Gaussian value divided by D; step is 0-homogeneous, so
 * order 0 is the same for both. Convention step(0) = 0 (as tf.step), so a zero input gives 0.
 *
 * For erf networks ({@link twoLayerErfNtk}, Williams 1997; Gaussian weights only), with a = ‖x̃‖²,
 * b = ‖ỹ‖², c = x̃·ỹ:  E[erf(w·x̃) erf(w·ỹ)] = (2/π) arcsin(2c/√((1 + 2a)(1 + 2b))) and
 * E[erf′(w·x̃) erf′(w·ỹ)] = (4/π)/√((1 + 2a)(1 + 2b) − 4c²)  (= (4/π)·det(I + 2Σ)^{−1/2}).
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { finiteArray, finiteRows, nonEmpty, nonNegative, oneOf } from "../runtime/validate";
import type { HostPoints } from "../numerics/linalg64";

/** Inputs as a [n, d] tensor, an array of rows, or float64 HostPoints { data, n, d }. */
export type KernelInput = tf.Tensor2D | ArrayLike<number>[] | HostPoints;

function rowsOf(name: string, X: KernelInput): Float64Array[] {
  if (!Array.isArray(X) && !(X instanceof tf.Tensor) && X && (X as HostPoints).data instanceof Float64Array) {
    const P = X as HostPoints;
    if (P.data.length !== P.n * P.d) throw new ValidationError(`${name}.data must hold n·d = ${P.n * P.d} numbers, got ${P.data.length}`);
    return Array.from({ length: P.n }, (_, i) => P.data.subarray(i * P.d, (i + 1) * P.d));
  }
  if (X instanceof tf.Tensor) {
    if (X.rank !== 2) throw new ValidationError(`${name} must be a matrix [n, d], got rank ${X.rank}`);
    const [n, d] = X.shape;
    nonEmpty(name, n);
    const v = X.dataSync();
    finiteArray(name, v, d);
    return Array.from({ length: n }, (_, i) => Float64Array.from(v.subarray(i * d, (i + 1) * d)));
  }
  if (!Array.isArray(X)) throw new ValidationError(`${name} must be a non-empty array of rows or a [n, d] tensor`);
  nonEmpty(name, X.length);
  finiteRows(name, X, X[0]?.length ?? 0);
  return X.map((r) => Float64Array.from(r));
}

/** Options shared by the analytic kernels. */
export interface ArcCosineOptions {
  /** Distribution of the first-layer weight w: N(0, I_d) (default) or uniform on the unit sphere. */
  weights?: "gaussian" | "sphere";
  /** Standard deviation β of a first-layer bias b ~ N(0, β²); 0 (default) means no bias. */
  biasStd?: number;
}

interface Pairwise {
  n1: number;
  n2: number;
  D: number;
  /** Raw inner products x·y (without the bias coordinate). */
  dots: Float64Array;
  norms1: Float64Array;
  norms2: Float64Array;
  /** Angles between the augmented inputs. */
  theta: Float64Array;
}

function pairwise(X1: KernelInput, X2: KernelInput, biasStd: number): Pairwise {
  const A = rowsOf("X1", X1);
  const B = rowsOf("X2", X2);
  const d = A[0].length;
  for (const [name, R] of [["X1", A], ["X2", B]] as const) {
    R.forEach((r, i) => {
      if (r.length !== d) throw new ValidationError(`${name} row ${i} must have d = ${d} entries, got ${r.length}`);
    });
  }
  const b2 = biasStd * biasStd;
  const norm = (r: Float64Array): number => Math.sqrt(r.reduce((s, x) => s + x * x, 0) + b2);
  const norms1 = Float64Array.from(A, norm);
  const norms2 = Float64Array.from(B, norm);
  const n1 = A.length;
  const n2 = B.length;
  const dots = new Float64Array(n1 * n2);
  const theta = new Float64Array(n1 * n2);
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += A[i][t] * B[j][t];
    dots[i * n2 + j] = s;
    const den = norms1[i] * norms2[j];
    const cos = den > 0 ? Math.min(1, Math.max(-1, (s + b2) / den)) : 1;
    theta[i * n2 + j] = Math.acos(cos);
  }
  return { n1, n2, D: d + (biasStd > 0 ? 1 : 0), dots, norms1, norms2, theta };
}

function orderKernel(p: Pairwise, order: 0 | 1, sphere: boolean): Float64Array {
  const K = new Float64Array(p.n1 * p.n2);
  for (let i = 0; i < p.n1; i++) for (let j = 0; j < p.n2; j++) {
    const th = p.theta[i * p.n2 + j];
    const nn = p.norms1[i] * p.norms2[j];
    if (nn === 0) continue;
    K[i * p.n2 + j] =
      order === 0 ? (Math.PI - th) / (2 * Math.PI) : (nn * (Math.sin(th) + (Math.PI - th) * Math.cos(th))) / (2 * Math.PI) / (sphere ? p.D : 1);
  }
  return K;
}

/**
 * Arc-cosine kernel of order 0 (step) or 1 (ReLU), normalised as E_w[σ(w·x̃) σ(w·ỹ)] (see the file
 * header: half of Cho & Saul's k_n; sphere weights divide order 1 by the input dimension D).
 * @returns row-major float64 [n1, n2]
 * @example
 * const K = arcCosineKernel(X, X, { order: 1 }); // E_w~N(0,I)[relu(w·x) relu(w·y)]
 */
export function arcCosineKernel(X1: KernelInput, X2: KernelInput, opts: ArcCosineOptions & { order: 0 | 1 }): Float64Array {
  if (opts.order !== 0 && opts.order !== 1) throw new ValidationError(`order must be 0 or 1, got ${String(opts.order)}`);
  const sphere = oneOf("weights", opts.weights ?? "gaussian", ["gaussian", "sphere"] as const) === "sphere";
  const p = pairwise(X1, X2, nonNegative("biasStd", opts.biasStd ?? 0));
  return orderKernel(p, opts.order, sphere);
}

/** Options of {@link twoLayerReluNtk}. */
export interface ReluNtkOptions extends ArcCosineOptions {
  /** Which parameters: a ("outer"), W and b ("inner") or all (default). */
  wrt?: "outer" | "inner" | "all";
  /** E[a_j²] of the second-layer weights (default 1). */
  aSecondMoment?: number;
  /** Whether the first-layer bias is trained (adds ∂f/∂b: the "+1" in the inner part). Default: biasStd > 0. */
  trainBias?: boolean;
}

/**
 * Infinite-width NTK of f(x) = c·Σ_j a_j relu(w_j·x + b_j), i.e. the limit of m·c²·(empirical Gram)
 * as m → ∞ (for the "ntk" scaling c = 1/√m, the Gram matrix itself):
 *   outer  = E[relu(w·x̃) relu(w·ỹ)]                       (arc-cosine order 1)
 *   inner  = E[a²]·(x·y + 1[trainBias])·E[step(w·x̃) step(w·ỹ)]   (arc-cosine order 0)
 *   all    = outer + inner.
 * @returns row-major float64 [n1, n2]
 * @example
 * const K = twoLayerReluNtk(X, X, { weights: "gaussian" }); // compare with twoLayerGram at large m
 */
export function twoLayerReluNtk(X1: KernelInput, X2: KernelInput, opts: ReluNtkOptions = {}): Float64Array {
  const wrt = oneOf("wrt", opts.wrt ?? "all", ["outer", "inner", "all"] as const);
  const sphere = oneOf("weights", opts.weights ?? "gaussian", ["gaussian", "sphere"] as const) === "sphere";
  const biasStd = nonNegative("biasStd", opts.biasStd ?? 0);
  const a2 = nonNegative("aSecondMoment", opts.aSecondMoment ?? 1);
  const trainBias = opts.trainBias ?? biasStd > 0;
  const p = pairwise(X1, X2, biasStd);
  const K = new Float64Array(p.n1 * p.n2);
  if (wrt !== "inner") K.set(orderKernel(p, 1, sphere));
  if (wrt !== "outer") {
    const K0 = orderKernel(p, 0, sphere);
    for (let t = 0; t < K.length; t++) K[t] += a2 * (p.dots[t] + (trainBias ? 1 : 0)) * K0[t];
  }
  return K;
}

/**
 * Infinite-width NTK of f(x) = c·Σ_j a_j erf(w_j·x + b_j) with w ~ N(0, I_d), b ~ N(0, β²): the limit of
 * m·c²·(empirical Gram), with a = ‖x̃‖², b = ‖ỹ‖², c = x̃·ỹ (x̃ = (x, β)):
 *   outer = (2/π) arcsin(2c/√((1 + 2a)(1 + 2b)))
 *   inner = E[a_j²]·(x·y + 1[trainBias])·(4/π)/√((1 + 2a)(1 + 2b) − 4c²)
 * @returns row-major float64 [n1, n2]
 * @example const K = twoLayerErfNtk(X, X); // compare with twoLayerGram(…, { activation: activation("erf"), scaling: "ntk" })
 */
export function twoLayerErfNtk(X1: KernelInput, X2: KernelInput, opts: Omit<ReluNtkOptions, "weights"> = {}): Float64Array {
  const wrt = oneOf("wrt", opts.wrt ?? "all", ["outer", "inner", "all"] as const);
  const biasStd = nonNegative("biasStd", opts.biasStd ?? 0);
  const a2 = nonNegative("aSecondMoment", opts.aSecondMoment ?? 1);
  const trainBias = opts.trainBias ?? biasStd > 0;
  const p = pairwise(X1, X2, biasStd);
  const b2 = biasStd * biasStd;
  const K = new Float64Array(p.n1 * p.n2);
  for (let i = 0; i < p.n1; i++) for (let j = 0; j < p.n2; j++) {
    const t = i * p.n2 + j;
    const A = p.norms1[i] ** 2;
    const B = p.norms2[j] ** 2;
    const C = p.dots[t] + b2;
    const q = (1 + 2 * A) * (1 + 2 * B);
    if (wrt !== "inner") K[t] += (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, (2 * C) / Math.sqrt(q))));
    if (wrt !== "outer") K[t] += (a2 * (p.dots[t] + (trainBias ? 1 : 0)) * (4 / Math.PI)) / Math.sqrt(Math.max(q - 4 * C * C, 1e-300));
  }
  return K;
}
