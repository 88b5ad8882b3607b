/**
 * Singular value decompositions in float64 on the host: the top k triplets of a possibly large matrix
 * ({@link svdTopK}) and the full thin SVD of a small one ({@link svdFull}).
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { integer, oneOf, positive } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";
import { matTVec64, matVec64, symEig, toFloat64Matrix, type HostMatrix } from "./linalg64";

/** Singular values in descending order with unit left (U) and right (V) singular vectors. */
export interface SvdResult {
  values: Float64Array;
  /** U[j] ∈ ℝ^rows, A V[j] = values[j] U[j]. */
  U: Float64Array[];
  /** V[j] ∈ ℝ^cols, Aᵀ U[j] = values[j] V[j]. */
  V: Float64Array[];
}

/**
 * Orthonormalises the columns in place (modified Gram–Schmidt, twice for stability):
 * q_j ← q_j − Σ_{i<j} ⟨q_i, q_j⟩ q_i, then q_j ← q_j / ‖q_j‖. A column that becomes zero
 * (linearly dependent on the earlier ones) stays zero.
 * @example
 * const Q = [Float64Array.of(1, 1, 0), Float64Array.of(1, 0, 1)];
 * orthonormalizeColumns(Q); // Q[0] = [0.7071, 0.7071, 0], Q[1] = [0.4082, −0.4082, 0.8165]
 */
export function orthonormalizeColumns(Q: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < Q.length; j++) {
      const q = Q[j];
      for (let i = 0; i < j; i++) {
        let s = 0;
        for (let t = 0; t < q.length; t++) s += Q[i][t] * q[t];
        for (let t = 0; t < q.length; t++) q[t] -= s * Q[i][t];
      }
      let nrm = 0;
      for (let t = 0; t < q.length; t++) nrm += q[t] * q[t];
      nrm = Math.sqrt(nrm);
      if (nrm > 0) for (let t = 0; t < q.length; t++) q[t] /= nrm;
    }
  }
}

function normalize(v: Float64Array, by: number): Float64Array {
  if (by > 0) for (let t = 0; t < v.length; t++) v[t] /= by;
  else v.fill(0);
  return v;
}

/**
 * Top-k singular triplets A v_j = σ_j u_j, σ_1 ≥ … ≥ σ_k, in float64.
 * - `"gram"`: eigen-decomposition of the smaller Gram matrix (A Aᵀ or AᵀA) with {@link symEig}; the
 *   other side's vectors are A v/σ or Aᵀu/σ. Accurate for the leading values (relative error ≈ ε·σ_1²/σ_j²).
 * - `"subspace"`: randomized subspace iteration Q ← orth(A orth(Aᵀ Q)) on k + oversample columns with
 *   a Rayleigh–Ritz step, stopped when the top k values change by less than `tol` (relative); for
 *   matrices whose smaller side exceeds ~1500.
 * `"auto"` (default) picks `"gram"` when min(rows, cols) ≤ 1500. Vectors of zero singular values are zeros.
 * @example
 * const { values, U, V } = svdTopK(Xflat, n, d, 3); // top 3 singular values of X [n, d]
 */
export function svdTopK(
  A: HostMatrix,
  rows: number,
  cols: number,
  k: number,
  opts: { method?: "auto" | "gram" | "subspace"; iters?: number; tol?: number; oversample?: number; seed?: number | Rng } = {},
): SvdResult {
  const M = toFloat64Matrix("A", A, rows, cols);
  integer("k", k, 1);
  const p = Math.min(rows, cols);
  if (k > p) throw new ValidationError(`k must be ≤ min(rows, cols) = ${p}, got ${k}`);
  let method = oneOf("method", opts.method ?? "auto", ["auto", "gram", "subspace"] as const);
  if (method === "auto") method = p <= 1500 ? "gram" : "subspace";
  return method === "gram" ? svdByGram(M, rows, cols, k) : svdBySubspace(M, rows, cols, k, opts);
}

function svdByGram(M: Float64Array, rows: number, cols: number, k: number): SvdResult {
  const wide = rows <= cols;
  const s = wide ? rows : cols;
  // Gram matrix of the rows of M (wide) or of Mᵀ (tall), computed from contiguous rows.
  const R = wide ? M : transposeRows(M, rows, cols);
  const len = wide ? cols : rows;
  const G = new Float64Array(s * s);
  for (let i = 0; i < s; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      const ri = i * len;
      const rj = j * len;
      for (let q = 0; q < len; q++) t += R[ri + q] * R[rj + q];
      G[i * s + j] = t;
      G[j * s + i] = t;
    }
  }
  const eig = symEig(G, s);
  const values = new Float64Array(k);
  const U: Float64Array[] = [];
  const V: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const sigma = Math.sqrt(Math.max(eig.values[j], 0));
    values[j] = sigma;
    const w = eig.vectors[j];
    if (wide) {
      U.push(Float64Array.from(w));
      V.push(normalize(matTVec64(M, rows, cols, w), sigma));
    } else {
      V.push(Float64Array.from(w));
      U.push(normalize(matVec64(M, rows, cols, w), sigma));
    }
  }
  return { values, U, V };
}

function transposeRows(M: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = M[i * cols + j];
  return T;
}

function svdBySubspace(
  M: Float64Array,
  rows: number,
  cols: number,
  k: number,
  opts: { iters?: number; tol?: number; oversample?: number; seed?: number | Rng },
): SvdResult {
  const iters = integer("iters", opts.iters ?? 100, 1);
  const tol = positive("tol", opts.tol ?? 1e-10);
  const l = Math.min(Math.min(rows, cols), k + integer("oversample", opts.oversample ?? 10, 0));
  const rng = toRng(opts.seed ?? 0);
  let Q: Float64Array[] = [];
  for (let j = 0; j < l; j++) Q.push(matVec64(M, rows, cols, rng.normals(cols)));
  orthonormalizeColumns(Q);
  let prev = new Float64Array(k).fill(Infinity);
  let out: SvdResult = { values: new Float64Array(k), U: [], V: [] };
  for (let it = 0; it < iters; it++) {
    const Z = Q.map((q) => matTVec64(M, rows, cols, q));
    orthonormalizeColumns(Z);
    Q = Z.map((z) => matVec64(M, rows, cols, z));
    orthonormalizeColumns(Q);
    // Rayleigh–Ritz: B = Qᵀ A [l, cols]; B Bᵀ = W Λ Wᵀ; U = Q W, V = Bᵀ W / σ.
    const B = Q.map((q) => matTVec64(M, rows, cols, q));
    const G = new Float64Array(l * l);
    for (let i = 0; i < l; i++) for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let q = 0; q < cols; q++) t += B[i][q] * B[j][q];
      G[i * l + j] = t;
      G[j * l + i] = t;
    }
    const eig = symEig(G, l);
    const values = Float64Array.from({ length: k }, (_, j) => Math.sqrt(Math.max(eig.values[j], 0)));
    let change = 0;
    for (let j = 0; j < k; j++) change = Math.max(change, Math.abs(values[j] - prev[j]) / Math.max(values[0], 1e-300));
    prev = values;
    if (change < tol || it === iters - 1) {
      const U: Float64Array[] = [];
      const V: Float64Array[] = [];
      for (let j = 0; j < k; j++) {
        const w = eig.vectors[j];
        const u = new Float64Array(rows);
        const v = new Float64Array(cols);
        for (let i = 0; i < l; i++) {
          for (let t = 0; t < rows; t++) u[t] += w[i] * Q[i][t];
          for (let t = 0; t < cols; t++) v[t] += w[i] * B[i][t];
        }
        U.push(u);
        V.push(normalize(v, values[j]));
      }
      out = { values, U, V };
      break;
    }
  }
  return out;
}

/**
 * Full thin SVD A = U Σ Vᵀ of a small matrix (min(rows, cols) singular triplets) by one-sided Jacobi
 * rotations (Hestenes), accurate to a few ε relative to σ_1 for every singular value, small ones included.
 * Cost ≈ 6–10 sweeps × rows·cols·min(rows, cols) flops.
 * @example
 * const { values } = svdFull([3, 0, 0, 0, 2, 0], 2, 3); // [3, 2]
 */
export function svdFull(A: HostMatrix, rows: number, cols: number): SvdResult {
  const M = toFloat64Matrix("A", A, rows, cols);
  if (rows < cols) {
    const r = svdFull(transposeRows(M, rows, cols), cols, rows);
    return { values: r.values, U: r.V, V: r.U };
  }
  // Columns of M (length rows) and of V (length cols).
  const C: Float64Array[] = Array.from({ length: cols }, (_, j) => Float64Array.from({ length: rows }, (_, i) => M[i * cols + j]));
  const V: Float64Array[] = Array.from({ length: cols }, (_, j) => {
    const v = new Float64Array(cols);
    v[j] = 1;
    return v;
  });
  const eps = 2 ** -52;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        const cp = C[p];
        const cq = C[q];
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let t = 0; t < rows; t++) {
          alpha += cp[t] * cp[t];
          beta += cq[t] * cq[t];
          gamma += cp[t] * cq[t];
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const tt = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + tt * tt);
        const s = c * tt;
        for (let t = 0; t < rows; t++) {
          const x = cp[t];
          const y = cq[t];
          cp[t] = c * x - s * y;
          cq[t] = s * x + c * y;
        }
        const vp = V[p];
        const vq = V[q];
        for (let t = 0; t < cols; t++) {
          const x = vp[t];
          const y = vq[t];
          vp[t] = c * x - s * y;
          vq[t] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const sig = C.map((c) => Math.sqrt(c.reduce((s, x) => s + x * x, 0)));
  const order = sig.map((_, i) => i).sort((i, j) => sig[j] - sig[i]);
  return {
    values: Float64Array.from(order, (i) => sig[i]),
    U: order.map((i) => normalize(C[i], sig[i])),
    V: order.map((i) => V[i]),
  };
}

/**
 * The k largest singular values σ₁ ≥ … ≥ σ_k of a matrix M [r, c] (a tensor), as the square roots of
 * the top eigenvalues of the Gram matrix of its shorter side (formed by a float32 matmul,
 * eigenvalues in float64). Relative accuracy ≈ 1e-7·(σ₁/σ_k)², ample for operator norms and for the
 * top few singular values. With `leftVectors: true` (r ≤ c only) also the unit left singular vectors
 * u_1 … u_k (eigenvectors of M Mᵀ).
 * @example
 * const [s1, s2] = largestSingularValues(W1, 2);
 * const { values, left } = largestSingularValues(W1, 1, { leftVectors: true }); // left[0] ∈ ℝ^r
 */
export function largestSingularValues(M: tf.Tensor2D, k?: number): Float64Array;
export function largestSingularValues(M: tf.Tensor2D, k: number, opts: { leftVectors: true }): { values: Float64Array; left: Float64Array[] };
export function largestSingularValues(M: tf.Tensor2D, k = 1, opts: { leftVectors?: boolean } = {}): Float64Array | { values: Float64Array; left: Float64Array[] } {
  const [r, c] = M.shape;
  const p = Math.min(r, c);
  integer("k", k, 1);
  if (k > p) throw new ValidationError(`k must be ≤ min(rows, cols) = ${p}, got ${k}`);
  const left = opts.leftVectors === true;
  if (left && r > c) throw new ValidationError(`leftVectors needs rows ≤ cols (M Mᵀ is the smaller Gram matrix), got [${r}, ${c}]`);
  const G = tf.tidy(() => (r <= c ? tf.matMul(M, tf.transpose(M)) : tf.matMul(tf.transpose(M), M)));
  const g = G.dataSync();
  G.dispose();
  const e = symEig(g, p, { vectors: left });
  const values = Float64Array.from(e.values.subarray(0, k), (v) => Math.sqrt(Math.max(0, v)));
  return left ? { values, left: e.vectors.slice(0, k) } : values;
}
