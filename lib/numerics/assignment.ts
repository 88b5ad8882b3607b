/**
 * The linear assignment problem in float64: the cheapest way to give each of n rows its own column
 * of a cost matrix C [n, m], n ≤ m.
 */
import { ValidationError } from "../runtime/errors";
import { integer } from "../runtime/validate";

/** The result of {@link linearAssignment}. */
export interface Assignment {
  /** Σ_i C[i, col[i]] at the optimum. */
  cost: number;
  /** col[i] = the column given to row i (distinct columns). */
  col: Int32Array;
}

/**
 * Minimum-cost assignment min_σ Σ_i C[i, σ(i)] over injective σ: rows → columns, C row-major
 * [n, m] with n ≤ m, by the shortest augmenting path form of the Hungarian method (Kuhn 1955;
 * Jonker & Volgenant 1987) with dual potentials: O(n²m) operations, exact up to float64 rounding.
 * @example
 * linearAssignment(Float64Array.from([4, 1, 3, 2, 0, 5, 3, 2, 2]), 3, 3).cost; // 5 (1 + 2 + 2)
 */
export function linearAssignment(C: ArrayLike<number>, n: number, m: number = n): Assignment {
  integer("n", n, 0);
  integer("m", m, 0);
  if (n > m) throw new ValidationError(`linearAssignment needs n ≤ m (rows ≤ columns), got n = ${n}, m = ${m}`);
  if (C.length !== n * m) throw new ValidationError(`C must hold n·m = ${n * m} numbers, got ${C.length}`);
  for (let k = 0; k < C.length; k++) if (!Number.isFinite(C[k])) throw new ValidationError(`C must be finite, entry ${k} is ${C[k]}`);
  // 1-based arrays as in the classical formulation; column 0 is the virtual start.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j] = row matched to column j (0: free)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const row = (i0 - 1) * m;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = C[row + j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const col = new Int32Array(n);
  for (let j = 1; j <= m; j++) if (p[j] > 0) col[p[j] - 1] = j - 1;
  let cost = 0;
  for (let i = 0; i < n; i++) cost += C[i * m + col[i]];
  return { cost, col };
}
