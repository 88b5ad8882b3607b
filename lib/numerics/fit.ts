/**
 * Least-squares fits used by the figures and the checks.
 */
import { ValidationError } from "../runtime/errors";

export interface LineFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination of the fit. */
  r2: number;
  /** Standard error of the slope (NaN with fewer than three points). */
  slopeStderr: number;
  n: number;
}

/**
 * Ordinary least squares y ≈ slope·x + intercept.
 * @example fitLine([1, 2, 3], [2, 4, 6]).slope // 2
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  if (x.length !== y.length) throw new ValidationError(`fitLine: x has ${x.length} points but y has ${y.length}`);
  const n = x.length;
  if (n < 2) throw new ValidationError(`fitLine needs at least 2 points, got ${n}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new ValidationError(`fitLine: point ${i} is not finite (x = ${x[i]}, y = ${y[i]})`);
    }
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0) throw new ValidationError("fitLine: all x values are equal");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const r2 = syy === 0 ? 1 : 1 - sse / syy;
  const slopeStderr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  return { slope, intercept, r2, slopeStderr, n };
}

/**
 * Fits y ≈ C·x^slope by least squares on (log x, log y); `intercept` is log C (natural log).
 * @example fitLogLog([1, 4, 16], [1, 0.5, 0.25]).slope // −0.5
 */
export function fitLogLog(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0) || !(y[i] > 0)) {
      throw new ValidationError(`fitLogLog needs positive values; point ${i} is (${x[i]}, ${y[i]})`);
    }
    lx.push(Math.log(x[i]));
    ly.push(Math.log(y[i]));
  }
  return fitLine(lx, ly);
}

/**
 * Exponential decay rate fitted to a positive curve: the least-squares slope r of
 * ln v(t) ≈ ln v₀ − r t over the points with t in [from, to] (default: the whole curve).
 * @example expDecayRate([0, 1, 2], [1, Math.exp(-0.5), Math.exp(-1)]) // 0.5
 */
export function expDecayRate(t: ArrayLike<number>, v: ArrayLike<number>, opts: { from?: number; to?: number } = {}): number {
  if (t.length !== v.length) throw new ValidationError(`t has ${t.length} points but v has ${v.length}`);
  const lo = opts.from ?? -Infinity;
  const hi = opts.to ?? Infinity;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < t.length; k++) {
    if (t[k] < lo || t[k] > hi) continue;
    if (!(v[k] > 0)) throw new ValidationError(`v must be positive in the fitted window, got ${v[k]} at t = ${t[k]}`);
    xs.push(t[k]);
    ys.push(Math.log(v[k]));
  }
  if (xs.length < 2) throw new ValidationError(`need at least 2 points with t in [${lo}, ${hi}], got ${xs.length}`);
  return -fitLine(xs, ys).slope;
}
