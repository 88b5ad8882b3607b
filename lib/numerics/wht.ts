/**
 * The fast Walsh–Hadamard transform in float64, and Walsh (parity) coefficients of functions on the
 * Boolean hypercube {0,1}^d.
 *
 * Indexing: entry k of a vector of length N = 2^d is the value at the point x with x_j = bit j of k
 * (the order of `allHypercubePointsArray`), and entry v of the transform belongs to the parity
 * χ_v(x) = (−1)^{v·x} with v read the same way. Then χ_v(x_k) = (−1)^{popcount(v AND k)}.
 */
import { ValidationError } from "../runtime/errors";
import { integer } from "../runtime/validate";

function log2Length(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0) {
    throw new ValidationError(`${name} must have a power-of-two length 2^d (d ≥ 0), got length ${n}`);
  }
  return Math.round(Math.log2(n));
}

/**
 * In-place unnormalised fast Walsh–Hadamard transform in float64: g ← Hg with
 * (Hg)[v] = Σ_k (−1)^{popcount(v AND k)} g[k], N = 2^d, in N·log₂N additions (butterflies).
 * H is symmetric and H² = N·I, so applying it twice and dividing by N restores g.
 * With `columns: P`, g is a row-major [N, P] matrix and every column is transformed at once
 * (the butterflies combine whole rows, which keeps memory access contiguous).
 * @example
 * const g = Float64Array.from([1, 2, 3, 4]);
 * fwht(g); // g = [10, −2, −4, 0]
 */
export function fwht(g: Float64Array, opts: { columns?: number } = {}): Float64Array {
  if (!(g instanceof Float64Array)) throw new ValidationError("g must be a Float64Array (the transform is in place, in float64)");
  const P = integer("columns", opts.columns ?? 1, 1);
  if (g.length % P !== 0) throw new ValidationError(`g (length ${g.length}) is not a matrix with columns = ${P}`);
  const n = g.length / P;
  log2Length(P === 1 ? "g" : "the number of rows of g", n);
  if (P === 1) {
    for (let h = 1; h < n; h <<= 1) {
      for (let i = 0; i < n; i += h << 1) {
        for (let j = i; j < i + h; j++) {
          const u = g[j];
          const v = g[j + h];
          g[j] = u + v;
          g[j + h] = u - v;
        }
      }
    }
    return g;
  }
  for (let h = 1; h < n; h <<= 1) {
    for (let i = 0; i < n; i += h << 1) {
      for (let j = i; j < i + h; j++) {
        const p0 = j * P;
        const q0 = (j + h) * P;
        for (let c = 0; c < P; c++) {
          const u = g[p0 + c];
          const v = g[q0 + c];
          g[p0 + c] = u + v;
          g[q0 + c] = u - v;
        }
      }
    }
  }
  return g;
}

/**
 * Walsh coefficients of a function g on {0,1}^d given by its 2^d values (point order as in the file
 * comment): ĝ(v) = E_x[χ_v(x) g(x)] = 2^{−d} Σ_x (−1)^{v·x} g(x), for every v at once (a new
 * array; g is left untouched). Parseval: Σ_v ĝ(v)² = E_x[g(x)²]; inversion: g(x) = Σ_v ĝ(v) χ_v(x).
 * @example
 * walshCoefficients(Float64Array.from([1, -1, 1, -1])) // [0, 1, 0, 0]: g = χ_v with v = (1, 0)
 */
export function walshCoefficients(g: ArrayLike<number>): Float64Array {
  if (!g || typeof g.length !== "number") throw new ValidationError("g must be an array of 2^d values");
  log2Length("g", g.length);
  const out = Float64Array.from(g);
  fwht(out);
  const inv = 1 / out.length;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

/**
 * The parity χ_v(x) = (−1)^{v·x} at the point x_k (bit j of k is x_j), for integers v, k < 2^31.
 * @example parityValue(0b11, 0b01) // −1: v·x = 1
 */
export function parityValue(v: number, k: number): number {
  let b = (v & k) >>> 0;
  b ^= b >>> 16;
  b ^= b >>> 8;
  b ^= b >>> 4;
  b ^= b >>> 2;
  b ^= b >>> 1;
  return b & 1 ? -1 : 1;
}
