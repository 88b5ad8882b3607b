/**
 * Conjugate gradients for symmetric positive definite systems given by their action on vectors,
 * in float64, with several right-hand sides advanced together.
 */
import { ValidationError } from "../runtime/errors";
import { integer, positive } from "../runtime/validate";
import { dot64 } from "./linalg64";

/** Result of {@link blockConjugateGradient}. */
export interface CgResult {
  x: Float64Array[];
  iterations: number;
  /** max_k ‖b_k − M x_k‖ / ‖b_k‖ at exit (recomputed residuals). */
  relResidual: number;
}

/**
 * Conjugate gradients for M x_k = b_k (M symmetric positive definite), several right-hand sides
 * advanced together so that one call of `matvec` serves all of them (useful when M lives in a tfjs
 * tensor). Vectors and scalars are float64; stops when every ‖r_k‖/‖b_k‖ ≤ tol.
 * @example
 * const { x } = blockConjugateGradient((P) => P.map((p) => Float64Array.from([2 * p[0], 3 * p[1]])), [Float64Array.of(2, 3)]);
 * // x[0] = [1, 1]
 */
export function blockConjugateGradient(matvec: (P: Float64Array[]) => Float64Array[], b: Float64Array[], opts: { tol?: number; maxIter?: number } = {}): CgResult {
  const tol = positive("tol", opts.tol ?? 1e-6);
  const n = b[0]?.length ?? 0;
  if (n === 0) throw new ValidationError("blockConjugateGradient needs at least one non-empty right-hand side");
  const maxIter = integer("maxIter", opts.maxIter ?? 10 * n, 1);
  const k = b.length;
  const x = b.map(() => new Float64Array(n));
  const r = b.map((v) => Float64Array.from(v));
  const p = b.map((v) => Float64Array.from(v));
  const bn = b.map((v) => Math.sqrt(dot64(v, v)) || 1);
  const rr = r.map((v) => dot64(v, v));
  const active = rr.map((v, j) => Math.sqrt(v) / bn[j] > tol);
  let it = 0;
  while (active.some(Boolean) && it < maxIter) {
    const Ap = matvec(p);
    for (let j = 0; j < k; j++) {
      if (!active[j]) continue;
      const alpha = rr[j] / dot64(p[j], Ap[j]);
      const xj = x[j], rj = r[j], pj = p[j], Apj = Ap[j];
      for (let i = 0; i < n; i++) {
        xj[i] += alpha * pj[i];
        rj[i] -= alpha * Apj[i];
      }
      const rrNew = dot64(rj, rj);
      const beta = rrNew / rr[j];
      rr[j] = rrNew;
      for (let i = 0; i < n; i++) pj[i] = rj[i] + beta * pj[i];
      if (Math.sqrt(rrNew) / bn[j] <= tol) active[j] = false;
    }
    it++;
  }
  const Mx = matvec(x);
  let rel = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (b[j][i] - Mx[j][i]) ** 2;
    rel = Math.max(rel, Math.sqrt(s) / bn[j]);
  }
  return { x, iterations: it, relResidual: rel };
}
