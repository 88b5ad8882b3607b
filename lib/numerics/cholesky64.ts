/**
 * Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix and triangular solves, in
 * float64 on the host (tfjs has no cholesky).
 *
 * Written here rather than taken from ml-matrix because, at the sizes the notebooks factor (kernel
 * and Gram matrices, n = 4 … 1024; most often 512), ml-matrix 6.15's CholeskyDecomposition is
 * measurably slower (`npm run bench:linalg`, Node 20, one core, medians of alternating runs,
 * measured under load): 1.8–2.6× the time for the factorisation at n = 32 … 1024 (n = 512: 251 vs
 * 121 ms; 1024: 2.0 vs 1.03 s) and 2.4–6.6× for a solve (n = 512: 1.5 vs 0.62 ms), since it goes
 * through a get/set per entry. It also needs an exactly symmetric input, has no diagonal jitter, and
 * reports failure as a flag after the whole sweep; {@link cholesky} stops at the first non-positive
 * pivot and names it. An SPD system solved by ml-matrix's LU instead takes 3.1–3.4× as long (n ≥ 256).
 */
import { ValidationError } from "../runtime/errors";
import { integer, nonNegative } from "../runtime/validate";
import { toFloat64Matrix, type HostMatrix } from "./linalg64";

/** Thrown by {@link cholesky} when a pivot is not positive: the matrix is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends ValidationError {
  override name = "NotPositiveDefiniteError";
  constructor(
    message: string,
    /** Row at which the factorisation broke down. */
    readonly row: number,
    /** The pivot A_kk − Σ L_kj² found there (≤ 0). */
    readonly pivot: number,
  ) {
    super(message);
  }
}

/**
 * Lower-triangular L with A + jitter·I = L Lᵀ (row-major [n, n], zeros above the diagonal).
 * Only the lower triangle of A is read.
 *
 * @param opts.jitter added to the diagonal first (default 0); a kernel matrix that is only positive
 *   semi-definite in exact arithmetic usually needs about 1e-10·trace(A)/n.
 * @throws NotPositiveDefiniteError naming the row where a pivot ≤ 0 appeared.
 * @example
 * const L = cholesky([4, 2, 2, 3], 2); // [2, 0, 1, √2]
 */
export function cholesky(A: HostMatrix, n: number, opts: { jitter?: number } = {}): Float64Array {
  const jitter = nonNegative("jitter", opts.jitter ?? 0);
  const L = toFloat64Matrix("A", A, n, n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = L[ri + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      if (i === j) {
        if (!(s > 0)) {
          throw new NotPositiveDefiniteError(
            `cholesky: the matrix is not positive definite (pivot ${s.toExponential(3)} at row ${i} of ${n}` +
              `${jitter > 0 ? `, with jitter ${jitter}` : ""}); check that it is symmetric PSD and add a jitter, e.g. { jitter: 1e-10 × trace/n }`,
            i,
            s,
          );
        }
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
    for (let j = i + 1; j < n; j++) L[ri + j] = 0;
  }
  return L;
}

/**
 * Solves (L Lᵀ) X = B given the Cholesky factor L from {@link cholesky}: forward then back
 * substitution. B is [n] or row-major [n, nrhs]; the result has B's layout.
 * @example
 * const L = cholesky([4, 2, 2, 3], 2);
 * const x = choleskySolve(L, 2, [6, 5]); // [1, 1]: 4·1 + 2·1 = 6, 2·1 + 3·1 = 5
 */
export function choleskySolve(L: Float64Array, n: number, B: ArrayLike<number>, nrhs = 1): Float64Array {
  integer("n", n, 1);
  integer("nrhs", nrhs, 1);
  if (L.length !== n * n) throw new ValidationError(`L must hold n×n = ${n * n} entries, got ${L.length}`);
  if (B.length !== n * nrhs) throw new ValidationError(`B must hold n×nrhs = ${n * nrhs} entries, got ${B.length}`);
  const X = Float64Array.from(B);
  for (let c = 0; c < nrhs; c++) {
    for (let i = 0; i < n; i++) {
      let s = X[i * nrhs + c];
      for (let k = 0; k < i; k++) s -= L[i * n + k] * X[k * nrhs + c];
      X[i * nrhs + c] = s / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = X[i * nrhs + c];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * X[k * nrhs + c];
      X[i * nrhs + c] = s / L[i * n + i];
    }
  }
  return X;
}
