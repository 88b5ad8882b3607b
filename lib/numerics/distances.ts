/**
 * Distances between a sample and a known law, in float64: the exact 1-D Wasserstein-1 distance of
 * an empirical distribution to a law given by its CDF, its sliced version in several dimensions, and
 * the histogram total variation against exact bin masses.
 */
import { ValidationError } from "../runtime/errors";
import { finite, integer } from "../runtime/validate";

/** A 1-D law given by its CDF F, the integral G(x) = ∫_{−∞}^x F and its mean. */
export interface Law1d {
  cdf(x: number): number;
  cdfIntegral(x: number): number;
  mean: number;
}

/** ∫_a^b |c − F(x)| dx for monotone F, splitting at the crossing F = c (found by bisection). */
function absIntegral(law: Law1d, c: number, a: number, b: number): number {
  const Fa = law.cdf(a);
  const Fb = law.cdf(b);
  const below = (x0: number, x1: number) => c * (x1 - x0) - (law.cdfIntegral(x1) - law.cdfIntegral(x0));
  if (Fb <= c) return below(a, b);
  if (Fa >= c) return -below(a, b);
  let lo = a;
  let hi = b;
  for (let it = 0; it < 100 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); it++) {
    const mid = 0.5 * (lo + hi);
    if (law.cdf(mid) < c) lo = mid;
    else hi = mid;
  }
  const x = 0.5 * (lo + hi);
  return below(a, x) - below(x, b);
}

/**
 * W₁(μ_N, P) = ∫|F_N(x) − F(x)| dx between the empirical distribution of the samples and the law P,
 * exactly: on each gap between sorted samples F_N is constant, and ∫|c − F| is a difference of G
 * split at the crossing F = c; the tails use G(x₍₁₎) and E X − x₍N₎ + G(x₍N₎).
 * @example
 * // uniform law on [0, 1]: F(x) = x, G(x) = x²/2 there; one sample at ½ is W₁ = 1/4 away
 * const clamp = (x: number) => Math.min(1, Math.max(0, x));
 * const unif = { cdf: clamp, cdfIntegral: (x: number) => (x < 0 ? 0 : x < 1 ? x * x / 2 : x - 0.5), mean: 0.5 };
 * w1ToLaw([0.5], unif) // 0.25
 */
export function w1ToLaw(samples: ArrayLike<number>, law: Law1d): number {
  const N = samples.length;
  if (N < 1) throw new ValidationError("samples must hold at least one number", { argument: "samples" });
  const x = Float64Array.from(samples, (v, i) => finite(`samples[${i}]`, v)).sort();
  let w = law.cdfIntegral(x[0]);
  for (let i = 1; i < N; i++) if (x[i] > x[i - 1]) w += absIntegral(law, i / N, x[i - 1], x[i]);
  w += law.mean - x[N - 1] + law.cdfIntegral(x[N - 1]);
  return w;
}

/**
 * Sliced W₁: the mean over `directions` equispaced angles θ_j = πj/J in [0, π) of the exact W₁
 * between the projections uᵀx_i, u = (cos θ_j, sin θ_j), and the projected law `lawAlong(u)`.
 * Points X are row-major [n·2].
 * @example
 * // a point mass at the origin against itself: every projection is δ₀, W₁ = 0
 * const delta = { cdf: (x: number) => (x >= 0 ? 1 : 0), cdfIntegral: (x: number) => Math.max(0, x), mean: 0 };
 * slicedW1(new Float64Array(4), 16, () => delta) // 0
 */
export function slicedW1(X: Float64Array, directions: number, lawAlong: (u: [number, number]) => Law1d): number {
  const J = integer("directions", directions, 1);
  if (X.length % 2 !== 0 || X.length === 0) throw new ValidationError(`X must hold n·2 numbers, got ${X.length}`, { argument: "X" });
  const n = X.length / 2;
  const proj = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < J; j++) {
    const th = (Math.PI * j) / J;
    const u: [number, number] = [Math.cos(th), Math.sin(th)];
    for (let i = 0; i < n; i++) proj[i] = u[0] * X[2 * i] + u[1] * X[2 * i + 1];
    total += w1ToLaw(proj, lawAlong(u));
  }
  return total / J;
}

/**
 * Histogram total variation ½(Σ_b |p̂_b − P_b| + |p̂_out − P_out|) on a grid of `bins` cells per axis
 * over [lo, hi]^d, where p̂ are the fractions of the n points X [n·d] in each cell, P the exact cell
 * masses (row-major [bins^d], first axis slowest) and "out" the mass outside the box.
 * @example histogramTv(Float64Array.from([0.1, 0.6]), 1, { lo: 0, hi: 1, bins: 2 }, [0.5, 0.5]) // 0
 */
export function histogramTv(X: Float64Array, d: number, grid: { lo: number; hi: number; bins: number }, masses: ArrayLike<number>): number {
  integer("d", d, 1);
  const bins = integer("bins", grid.bins, 1);
  const { lo, hi } = grid;
  if (!(hi > lo)) throw new ValidationError(`hi must exceed lo, got [${lo}, ${hi}]`, { argument: "hi" });
  if (masses.length !== bins ** d) throw new ValidationError(`masses must have bins^d = ${bins ** d} entries, got ${masses.length}`, { argument: "masses" });
  const n = X.length / d;
  if (!Number.isInteger(n) || n < 1) throw new ValidationError(`X must hold n·d numbers (d = ${d}), got ${X.length}`, { argument: "X" });
  const counts = new Float64Array(bins ** d);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    let idx = 0;
    let inside = true;
    for (let j = 0; j < d; j++) {
      const v = X[i * d + j];
      if (!(v >= lo && v < hi)) {
        inside = false;
        break;
      }
      idx = idx * bins + Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
    }
    if (inside) counts[idx]++;
    else outside++;
  }
  let tv = 0;
  let inMass = 0;
  for (let b = 0; b < counts.length; b++) {
    tv += Math.abs(counts[b] / n - masses[b]);
    inMass += masses[b];
  }
  tv += Math.abs(outside / n - Math.max(0, 1 - inMass));
  return 0.5 * tv;
}

/**
 * The fraction of the samples that lie within `radius` of at least one of the 1-D `points`
 * (sorted once, then a binary search per sample).
 * @example fractionWithin([0, 0.5, 2], [0.01, 1.99], 0.02) // 2/3
 */
export function fractionWithin(samples: ArrayLike<number>, points: ArrayLike<number>, radius: number): number {
  if (samples.length < 1 || points.length < 1) throw new ValidationError("samples and points must be non-empty", { argument: "samples" });
  const p = Float64Array.from(points).sort();
  let hits = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    const near = Math.min(lo < p.length ? p[lo] - x : Infinity, lo > 0 ? x - p[lo - 1] : Infinity);
    if (near <= radius) hits++;
  }
  return hits / samples.length;
}
