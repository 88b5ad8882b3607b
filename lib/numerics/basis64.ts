/**
 * Lists of host vectors (float64) used as a basis: Gram–Schmidt against a basis, orthonormalising a
 * list, and linear combinations Σ_i c_i q_i. The Krylov and subspace solvers (Lanczos, block power
 * iteration, randomized SVD) all build on these three, so their numbers are computed one way.
 */
import { dot64 } from "./linalg64";

/**
 * Removes from w its components along the vectors of Q, in place and `passes` times (default 2,
 * "twice is enough" for full reorthogonalisation): for each pass and each q_i in order,
 * w ← w − ⟨q_i, w⟩ q_i. Q is assumed orthonormal. Returns w.
 * @example
 * const w = orthogonalizeAgainst(Float64Array.of(1, 1, 1), [Float64Array.of(1, 0, 0)]); // [0, 1, 1]
 */
export function orthogonalizeAgainst(w: Float64Array, Q: readonly Float64Array[], passes = 2): Float64Array {
  for (let pass = 0; pass < passes; pass++) {
    for (const q of Q) {
      const c = dot64(q, w);
      for (let t = 0; t < w.length; t++) w[t] -= c * q[t];
    }
  }
  return w;
}

/**
 * Scales v in place to unit length, v ← v/‖v‖, and returns ‖v‖ (a zero or non-finite norm leaves v
 * unchanged; the caller decides what that means).
 * @example
 * const v = Float64Array.of(3, 4);
 * normalize64(v); // 5; v = [0.6, 0.8]
 */
export function normalize64(v: Float64Array): number {
  const nrm = Math.sqrt(dot64(v, v));
  if (nrm > 0 && Number.isFinite(nrm)) for (let t = 0; t < v.length; t++) v[t] /= nrm;
  return nrm;
}

/**
 * Orthonormalises the vectors in place (modified Gram–Schmidt, two full passes for stability):
 * q_j ← q_j − Σ_{i<j} ⟨q_i, q_j⟩ q_i, then q_j ← q_j / ‖q_j‖. A vector that becomes zero
 * (linearly dependent on the earlier ones) stays zero.
 * @example
 * const Q = [Float64Array.of(1, 1, 0), Float64Array.of(1, 0, 1)];
 * orthonormalizeColumns(Q); // Q[0] = [0.7071, 0.7071, 0], Q[1] = [0.4082, −0.4082, 0.8165]
 */
export function orthonormalizeColumns(Q: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < Q.length; j++) {
      const q = Q[j];
      orthogonalizeAgainst(q, Q.slice(0, j), 1);
      normalize64(q);
    }
  }
}

/**
 * The linear combination y = Σ_i c_i q_i of the vectors Q (all of length `len`, default the length of
 * Q[0]), accumulated vector by vector in float64.
 * @example
 * combineColumns([Float64Array.of(1, 0), Float64Array.of(0, 1)], [2, 3]); // [2, 3]
 */
export function combineColumns(Q: readonly ArrayLike<number>[], c: ArrayLike<number>, len = Q[0]?.length ?? 0): Float64Array {
  const y = new Float64Array(len);
  for (let i = 0; i < c.length; i++) {
    const ci = c[i];
    const q = Q[i];
    for (let t = 0; t < len; t++) y[t] += ci * q[t];
  }
  return y;
}
