/**
 * Float64 dense linear algebra on the host for small and medium matrices (n up to a few thousand):
 * the symmetric eigensolver and the helpers the other solvers share, over row-major Float64Arrays
 * (tfjs computes in float32 and has no eig/svd/cholesky).
 *
 * The symmetric eigensolver is written here, not taken from ml-matrix, because it is measurably
 * faster at the sizes the notebooks use (n = 5 … 256 at class scale, up to 1024 at paper scale) with
 * bitwise equal eigenvalues (both are the EISPACK tred2/tql2 pair). `npm run bench:linalg` (Node 20,
 * one core, medians of 7 alternating runs, measured under load on a shared 2-core machine): with
 * eigenvectors ml-matrix 6.15's EigenvalueDecomposition takes 1.95–2.03× the time of {@link symEig}
 * (n = 128: 55 vs 28 ms; 256: 517 vs 261 ms; 512: 4.0 vs 2.0 s); for eigenvalues alone, which
 * ml-matrix cannot compute without the vectors, 8× at n = 256 and 512 and 27× at n = 128. The gap is
 * the memory layout: here every inner loop runs over one contiguous Float64Array.
 */
import { ValidationError } from "../runtime/errors";
import { finiteArray, integer } from "../runtime/validate";

/** n points in R^d, row-major float64: point i is data[i·d … i·d + d − 1]. */
export interface HostPoints {
  data: Float64Array;
  n: number;
  d: number;
}

/** A matrix given as a flat row-major array (length rows·cols) or as an array of rows. */
export type HostMatrix = ArrayLike<number> | ArrayLike<number>[];

/**
 * Copies `A` (flat row-major, or an array of rows) into a fresh row-major Float64Array of shape
 * [rows, cols], checking its size and that every entry is finite; `name` is used in error messages.
 * @example const K = toFloat64Matrix("K", [[2, 1], [1, 2]], 2, 2); // Float64Array [2, 1, 1, 2]
 */
export function toFloat64Matrix(name: string, A: HostMatrix, rows: number, cols: number): Float64Array {
  integer(`${name} rows`, rows, 1);
  integer(`${name} cols`, cols, 1);
  const out = new Float64Array(rows * cols);
  const first = (A as ArrayLike<unknown>)[0];
  if (A.length > 0 && typeof first === "object" && first !== null) {
    const R = A as ArrayLike<number>[];
    if (R.length !== rows) throw new ValidationError(`${name} must have ${rows} rows, got ${R.length}`);
    for (let i = 0; i < rows; i++) {
      if (R[i].length !== cols) throw new ValidationError(`${name} row ${i} must have ${cols} entries, got ${R[i].length}`);
      for (let j = 0; j < cols; j++) out[i * cols + j] = R[i][j];
    }
  } else {
    const F = A as ArrayLike<number>;
    if (F.length !== rows * cols) {
      throw new ValidationError(`${name} must hold ${rows}×${cols} = ${rows * cols} entries (row-major), got ${F.length}`);
    }
    for (let i = 0; i < F.length; i++) out[i] = F[i];
  }
  finiteArray(name, out, cols);
  return out;
}

/** Result of {@link symEig}: eigenvalues in descending order and, unless skipped, unit eigenvectors. */
export interface SymEigResult {
  /** λ_1 ≥ λ_2 ≥ … ≥ λ_n. */
  values: Float64Array;
  /** vectors[j] is the unit eigenvector of values[j] (empty when `vectors: false`). */
  vectors: Float64Array[];
}

function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * All eigenvalues and eigenvectors of a symmetric matrix, A = V Λ Vᵀ, in float64: Householder
 * reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson-type shifts
 * (the EISPACK tred2/tql2 pair), laid out so that every inner loop runs over contiguous memory.
 * Only the lower triangle is read, so a slightly asymmetric input is treated as its lower half.
 * Cost ≈ 9n³ flops with vectors, ≈ 4n³/3 without: n = 1024 takes about 6 s with vectors and 1.2 s
 * without (Node 20, one core), n = 200 about 0.1 s.
 *
 * @param A symmetric matrix, row-major [n, n] (or an array of rows)
 * @param n its size
 * @param opts.vectors set false to skip the eigenvectors (about 3x faster)
 * @example
 * const { values, vectors } = symEig([2, 1, 1, 2], 2);
 * // values = [3, 1], vectors[0] = ±[0.7071, 0.7071]
 */
export function symEig(A: HostMatrix, n: number, opts: { vectors?: boolean } = {}): SymEigResult {
  const wantVectors = opts.vectors ?? true;
  // a[j*n + k] holds V[k][j] of the textbook algorithm (V stored transposed): column access is contiguous.
  const a = toFloat64Matrix("A", A, n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(a, d, e, n, wantVectors);
  tqlImplicit(a, d, e, n, wantVectors);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i]);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = wantVectors ? order.map((j) => a.slice(j * n, (j + 1) * n)) : [];
  return { values, vectors };
}

/** Householder tridiagonalisation (tred2); V(k, j) = a[j*n + k]. */
function tridiagonalize(a: Float64Array, d: Float64Array, e: Float64Array, n: number, accumulate: boolean): void {
  for (let j = 0; j < n; j++) d[j] = a[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = a[j * n + i - 1];
        a[j * n + i] = 0;
        a[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        const col = j * n;
        f = d[j];
        a[i * n + j] = f;
        g = e[j] + a[col + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += a[col + k] * d[k];
          e[k] += a[col + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const col = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) a[col + k] -= f * e[k] + g * d[k];
        d[j] = a[col + i - 1];
        a[col + i] = 0;
      }
    }
    d[i] = h;
  }
  if (!accumulate) {
    for (let j = 0; j < n; j++) d[j] = a[j * n + j];
    e[0] = 0;
    return;
  }
  for (let i = 0; i < n - 1; i++) {
    a[i * n + n - 1] = a[i * n + i];
    a[i * n + i] = 1;
    const h = d[i + 1];
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = a[next + k] / h;
      for (let j = 0; j <= i; j++) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += a[next + k] * a[col + k];
        for (let k = 0; k <= i; k++) a[col + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) a[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = a[j * n + n - 1];
    a[j * n + n - 1] = 0;
  }
  a[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e) (tql2), rotating the rows of `a` (the eigenvectors). */
function tqlImplicit(a: Float64Array, d: Float64Array, e: Float64Array, n: number, accumulate: boolean): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error(`symEig: QL iteration did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot2(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot2(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (accumulate) {
            const ri = i * n;
            const rj = (i + 1) * n;
            for (let k = 0; k < n; k++) {
              const t = a[rj + k];
              const u = a[ri + k];
              a[rj + k] = s * u + c * t;
              a[ri + k] = c * u - s * t;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * C = A·B, C_ij = Σ_p A_ip B_pj, for row-major A [r, k] and B [k, c] (float64, i-k-j loop order);
 * returns C as a row-major [r, c] Float64Array. Sizes are not checked.
 * @example matmul64(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6), 2, 2, 1) // [17, 39]
 */
export function matmul64(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const ci = i * c;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0) continue;
      const bp = p * c;
      for (let j = 0; j < c; j++) C[ci + j] += aip * B[bp + j];
    }
  }
  return C;
}

/**
 * Aᵀ, (Aᵀ)_ji = A_ij, for a row-major A [r, c]; returns a row-major [c, r] Float64Array.
 * @example transpose64(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3) // [1, 4, 2, 5, 3, 6] (shape [3, 2])
 */
export function transpose64(A: Float64Array, r: number, c: number): Float64Array {
  const T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = A[i * c + j];
  return T;
}

/**
 * Dot product ⟨x, y⟩ = Σ_i x_i y_i of two vectors of equal length, summed in float64 (the sum runs
 * over x's length; lengths are not checked).
 * @example dot64([1, 2, 3], [4, 5, 6]) // 32
 */
export function dot64(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * Smallest eigenvalue λ_n = min_{‖x‖=1} xᵀ A x of a symmetric [n, n] matrix (float64; eigenvalues
 * only, see {@link symEig}).
 * @example lambdaMin64(Float64Array.of(2, 1, 1, 2), 2) // 1
 */
export function lambdaMin64(A: Float64Array, n: number): number {
  const v = symEig(A, n, { vectors: false }).values;
  return v[n - 1];
}

/**
 * Matrix–vector product y = A x in float64, A row-major [rows, cols].
 * @example matVec64(Float64Array.of(1, 2, 3, 4), 2, 2, Float64Array.of(1, 1)) // [3, 7]
 */
export function matVec64(A: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  if (A.length !== rows * cols) throw new ValidationError(`A must hold rows·cols = ${rows * cols} numbers, got ${A.length}`);
  if (x.length !== cols) throw new ValidationError(`x must have cols = ${cols} entries, got ${x.length}`);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const r = i * cols;
    for (let j = 0; j < cols; j++) s += A[r + j] * x[j];
    y[i] = s;
  }
  return y;
}

/**
 * Transposed matrix–vector product y = Aᵀ x in float64, A row-major [rows, cols] (row-wise
 * accumulation, so memory is read contiguously).
 * @example matTVec64(Float64Array.of(1, 2, 3, 4), 2, 2, Float64Array.of(1, 1)) // [4, 6]
 */
export function matTVec64(A: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  if (A.length !== rows * cols) throw new ValidationError(`A must hold rows·cols = ${rows * cols} numbers, got ${A.length}`);
  if (x.length !== rows) throw new ValidationError(`x must have rows = ${rows} entries, got ${x.length}`);
  const y = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const r = i * cols;
    for (let j = 0; j < cols; j++) y[j] += xi * A[r + j];
  }
  return y;
}
