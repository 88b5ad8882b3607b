/**
 * Statistics of repeated measurements (over seeds) and distances between vectors, in float64.
 */
import { ValidationError } from "../runtime/errors";

/** Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value). */
export interface MeanSd {
  mean: number;
  sd: number;
  /** The values averaged. */
  values: number[];
}

/**
 * Mean and sample standard deviation √(Σ(v − mean)²/(k − 1)) of the finite entries of `values`
 * (NaN entries, e.g. skipped runs, are left out; all-NaN gives NaN).
 * @example meanSd([1, 2, 3]) // { mean: 2, sd: 1, values: [1, 2, 3] }
 */
export function meanSd(values: ArrayLike<number>): MeanSd {
  const v = Array.from(values).filter((x) => Number.isFinite(x));
  if (v.length === 0) return { mean: NaN, sd: NaN, values: [] };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, values: v };
}

/**
 * Mean squared error mean_i (f_i − y_i)².
 * @example mse64([1, 2], [1, 0]) // 2
 */
export function mse64(f: ArrayLike<number>, y: ArrayLike<number>): number {
  if (f.length !== y.length || f.length === 0) throw new ValidationError(`f and y must have the same non-zero length, got ${f.length} and ${y.length}`);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (f[i] - y[i]) ** 2;
  return s / f.length;
}

/**
 * Relative distance ‖f − g‖₂ / ‖g‖₂ of two vectors (e.g. two models' outputs on a test set).
 * @example relDiff64([1, 1], [1, 0]) // 1
 */
export function relDiff64(f: ArrayLike<number>, g: ArrayLike<number>): number {
  if (f.length !== g.length) throw new ValidationError(`f and g must have the same length, got ${f.length} and ${g.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < f.length; i++) {
    num += (f[i] - g[i]) ** 2;
    den += g[i] * g[i];
  }
  return Math.sqrt(num / den);
}

/**
 * Empirical q-quantile of the finite entries of `values` with linear interpolation between order
 * statistics (type 7 of Hyndman & Fan 1996, the default of R and NumPy): with v sorted and
 * h = (k − 1)q, the value v_⌊h⌋ + (h − ⌊h⌋)(v_⌊h⌋+1 − v_⌊h⌋).
 * @example quantile64([3, 1, 2, 4], 0.5) // 2.5
 */
export function quantile64(values: ArrayLike<number>, q: number): number {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) throw new ValidationError(`q must be a number in [0, 1], got ${String(q)}`);
  const v = Array.from(values).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) throw new ValidationError("values must hold at least one finite number");
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
}
