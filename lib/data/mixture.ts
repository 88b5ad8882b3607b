/**
 * Isotropic Gaussian mixtures p = Σ_k w_k N(μ_k, σ_k² I_d) with exact densities, scores, CDFs (1-D),
 * bin masses (1-D and 2-D) and their marginals under the Ornstein–Uhlenbeck process
 * dX = −X dt + √2 dB (the diffusion-models notebook). All in float64 on the host; points are
 * row-major `Float64Array`s [n·d].
 */
import { normalCdf } from "../numerics/special";
import { ValidationError } from "../runtime/errors";
import { toRng, type Rng } from "../runtime/rng";
import { finite, integer, nonNegative, positive } from "../runtime/validate";

/** An isotropic Gaussian mixture in d dimensions (a component with σ_k = 0 is a point mass). */
export interface GaussianMixture {
  readonly d: number;
  /** Weights w_k [K], summing to 1. */
  readonly weights: Float64Array;
  /** Means μ_k, row-major [K·d]. */
  readonly means: Float64Array;
  /** Standard deviations σ_k [K]. */
  readonly sds: Float64Array;
}

/**
 * A mixture Σ_k w_k N(μ_k, σ_k² I_d) from plain arrays (`means` as numbers for d = 1 or rows for
 * d ≥ 1); weights are normalised to sum to 1.
 * @example const p = gaussianMixture({ weights: [0.5, 0.5], means: [-1, 1], sds: [0.3, 0.3] });
 */
export function gaussianMixture(o: { weights: ArrayLike<number>; means: ArrayLike<number> | number[][]; sds: ArrayLike<number> }): GaussianMixture {
  const K = o.weights.length;
  if (K < 1) throw new ValidationError("weights must hold at least one component", { argument: "weights" });
  const rows = Array.from(o.means as ArrayLike<number | number[]>);
  if (rows.length !== K) throw new ValidationError(`means must have one entry per weight (${K}), got ${rows.length}`, { argument: "means" });
  const d = Array.isArray(rows[0]) ? (rows[0] as number[]).length : 1;
  integer("d", d, 1);
  const means = new Float64Array(K * d);
  rows.forEach((r, k) => {
    const v = Array.isArray(r) ? r : [r];
    if (v.length !== d) throw new ValidationError(`means[${k}] has ${v.length} coordinates, means[0] has ${d}`, { argument: "means" });
    v.forEach((x, j) => (means[k * d + j] = finite(`means[${k}]`, x)));
  });
  if (o.sds.length !== K) throw new ValidationError(`sds must have one entry per weight (${K}), got ${o.sds.length}`, { argument: "sds" });
  const sds = Float64Array.from(o.sds, (s, k) => nonNegative(`sds[${k}]`, s));
  let total = 0;
  for (let k = 0; k < K; k++) total += nonNegative(`weights[${k}]`, o.weights[k]);
  if (!(total > 0)) throw new ValidationError("weights must not all be zero", { argument: "weights" });
  const weights = Float64Array.from(o.weights, (w) => w / total);
  return { d, weights, means, sds };
}

/**
 * The empirical distribution (1/n)Σ δ_{x_i} of n points X [n·d], as a mixture of point masses.
 * @example const pn = empiricalMixture(Float64Array.from([0.1, 0.5]), 1);
 */
export function empiricalMixture(X: Float64Array, d: number): GaussianMixture {
  integer("d", d, 1);
  const n = X.length / d;
  if (!Number.isInteger(n) || n < 1) throw new ValidationError(`X must hold n·d numbers with d = ${d}, got ${X.length}`, { argument: "X" });
  return { d, weights: new Float64Array(n).fill(1 / n), means: Float64Array.from(X), sds: new Float64Array(n) };
}

/**
 * The marginal p_t of X_t under dX = −X dt + √2 dB from X_0 ~ p: each component moves to
 * N(μ_k e^{−t}, (σ_k² e^{−2t} + 1 − e^{−2t}) I).
 * @example mixtureAtTime(p, 1).sds // √(σ²e^{−2} + 1 − e^{−2})
 */
export function mixtureAtTime(p: GaussianMixture, t: number): GaussianMixture {
  nonNegative("t", t);
  const a = Math.exp(-t);
  const noise = -Math.expm1(-2 * t);
  return {
    d: p.d,
    weights: p.weights,
    means: p.means.map((m) => m * a),
    sds: p.sds.map((s) => Math.sqrt(s * s * a * a + noise)),
  };
}

function checkPoints(p: GaussianMixture, X: Float64Array): number {
  if (!(X instanceof Float64Array) || X.length % p.d !== 0) {
    throw new ValidationError(`X must be a Float64Array of n·d numbers (d = ${p.d}), got length ${X?.length}`, { argument: "X" });
  }
  for (let k = 0; k < p.sds.length; k++) {
    if (!(p.sds[k] > 0)) throw new ValidationError(`the mixture has a point mass (sds[${k}] = 0): it has no density; evolve it to t > 0 first`, { argument: "p" });
  }
  return X.length / p.d;
}

/** log w_k + log N(x; μ_k, σ_k²I) for one point, into `out` [K]. */
function componentLogs(p: GaussianMixture, X: Float64Array, i: number, out: Float64Array): number {
  const d = p.d;
  let max = -Infinity;
  for (let k = 0; k < out.length; k++) {
    let r2 = 0;
    for (let j = 0; j < d; j++) {
      const u = X[i * d + j] - p.means[k * d + j];
      r2 += u * u;
    }
    const s2 = p.sds[k] * p.sds[k];
    out[k] = Math.log(p.weights[k]) - r2 / (2 * s2) - (d / 2) * Math.log(2 * Math.PI * s2);
    if (out[k] > max) max = out[k];
  }
  return max;
}

/**
 * log p(x_i) = log Σ_k w_k N(x_i; μ_k, σ_k² I), by log-sum-exp, for each row of X [n·d].
 * @example mixtureLogDensity(gaussianMixture({ weights: [1], means: [0], sds: [1] }), Float64Array.from([0])) // −½log 2π
 */
export function mixtureLogDensity(p: GaussianMixture, X: Float64Array): Float64Array {
  const n = checkPoints(p, X);
  const lk = new Float64Array(p.weights.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const max = componentLogs(p, X, i, lk);
    let s = 0;
    for (let k = 0; k < lk.length; k++) s += Math.exp(lk[k] - max);
    out[i] = max + Math.log(s);
  }
  return out;
}

/**
 * The score ∇log p(x) = Σ_k r_k(x)(μ_k − x)/σ_k², with responsibilities r_k ∝ w_k N(x; μ_k, σ_k²I)
 * (computed by log-sum-exp), for each row of X [n·d]; returns [n·d].
 * @example mixtureScore(gaussianMixture({ weights: [1], means: [2], sds: [0.5] }), Float64Array.from([0])) // [8]
 */
export function mixtureScore(p: GaussianMixture, X: Float64Array): Float64Array {
  const n = checkPoints(p, X);
  const d = p.d;
  const K = p.weights.length;
  const lk = new Float64Array(K);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const max = componentLogs(p, X, i, lk);
    let s = 0;
    for (let k = 0; k < K; k++) s += (lk[k] = Math.exp(lk[k] - max));
    for (let k = 0; k < K; k++) {
      const r = lk[k] / s / (p.sds[k] * p.sds[k]);
      if (r === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += r * (p.means[k * d + j] - X[i * d + j]);
    }
  }
  return out;
}

/**
 * n independent draws from the mixture: a component k with probability w_k, then μ_k + σ_k ξ.
 * Returns [n·d].
 * @example const X = sampleMixture(p, 1000, 0);
 */
export function sampleMixture(p: GaussianMixture, n: number, seed: number | Rng): Float64Array {
  integer("n", n, 1);
  const rng = toRng(seed);
  const u = rng.child("component").uniforms(n);
  const z = rng.child("noise").normals(n * p.d);
  const cum = new Float64Array(p.weights.length);
  let c = 0;
  p.weights.forEach((w, k) => (cum[k] = c += w));
  const out = new Float64Array(n * p.d);
  for (let i = 0; i < n; i++) {
    let k = 0;
    while (k < cum.length - 1 && u[i] >= cum[k]) k++;
    for (let j = 0; j < p.d; j++) out[i * p.d + j] = p.means[k * p.d + j] + p.sds[k] * z[i * p.d + j];
  }
  return out;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function check1d(p: GaussianMixture): void {
  if (p.d !== 1) throw new ValidationError(`this needs a 1-D mixture, got d = ${p.d} (project it first with mixtureProjection)`, { argument: "p" });
}

/**
 * The CDF of a 1-D mixture, F(x) = Σ_k w_k Φ((x − μ_k)/σ_k) (a point mass jumps at μ_k).
 * @example mixtureCdf(gaussianMixture({ weights: [1], means: [0], sds: [1] }), 0) // 0.5
 */
export function mixtureCdf(p: GaussianMixture, x: number): number {
  check1d(p);
  let F = 0;
  for (let k = 0; k < p.weights.length; k++) {
    const s = p.sds[k];
    F += p.weights[k] * (s > 0 ? normalCdf((x - p.means[k]) / s) : x >= p.means[k] ? 1 : 0);
  }
  return F;
}

/**
 * G(x) = ∫_{−∞}^x F(u) du for a 1-D mixture, in closed form:
 * Σ_k w_k [(x − μ_k)Φ(z_k) + σ_k φ(z_k)], z_k = (x − μ_k)/σ_k. Then ∫_a^b F = G(b) − G(a) and
 * ∫_x^∞ (1 − F) = E X − x + G(x).
 * @example mixtureCdfIntegral(gaussianMixture({ weights: [1], means: [0], sds: [1] }), 0) // 1/√(2π)
 */
export function mixtureCdfIntegral(p: GaussianMixture, x: number): number {
  check1d(p);
  let G = 0;
  for (let k = 0; k < p.weights.length; k++) {
    const s = p.sds[k];
    const u = x - p.means[k];
    if (s > 0) {
      const z = u / s;
      G += p.weights[k] * (u * normalCdf(z) + s * INV_SQRT_2PI * Math.exp(-0.5 * z * z));
    } else if (u > 0) G += p.weights[k] * u;
  }
  return G;
}

/**
 * The mean Σ_k w_k μ_k (a vector of d numbers).
 * @example mixtureMean(p)
 */
export function mixtureMean(p: GaussianMixture): Float64Array {
  const m = new Float64Array(p.d);
  for (let k = 0; k < p.weights.length; k++) for (let j = 0; j < p.d; j++) m[j] += p.weights[k] * p.means[k * p.d + j];
  return m;
}

/**
 * The law of uᵀX for X ~ p and a unit vector u: the 1-D mixture Σ_k w_k N(uᵀμ_k, σ_k²).
 * @example mixtureProjection(ring, [1, 0])
 */
export function mixtureProjection(p: GaussianMixture, u: ArrayLike<number>): GaussianMixture {
  if (u.length !== p.d) throw new ValidationError(`u must have d = ${p.d} coordinates, got ${u.length}`, { argument: "u" });
  let nrm = 0;
  for (let j = 0; j < p.d; j++) nrm += u[j] * u[j];
  if (Math.abs(nrm - 1) > 1e-9) throw new ValidationError(`u must be a unit vector, got ‖u‖² = ${nrm}`, { argument: "u" });
  const K = p.weights.length;
  const means = new Float64Array(K);
  for (let k = 0; k < K; k++) for (let j = 0; j < p.d; j++) means[k] += u[j] * p.means[k * p.d + j];
  return { d: 1, weights: p.weights, means, sds: p.sds };
}

/**
 * The exact mass of each cell of a regular grid of `bins` cells per axis over [lo, hi]^d (d = 1
 * or 2), for an isotropic mixture: per component the product over axes of Φ differences.
 * Row-major [bins^d] (for d = 2, cell (a, b) with a along x₁ is entry a·bins + b); the mass
 * outside the box is 1 − Σ.
 * @example mixtureBinMasses(p, { lo: -4, hi: 4, bins: 200 })
 */
export function mixtureBinMasses(p: GaussianMixture, grid: { lo: number; hi: number; bins: number }): Float64Array {
  if (p.d > 2) throw new ValidationError(`bin masses are for d = 1 or 2, got d = ${p.d}`, { argument: "p" });
  const bins = integer("bins", grid.bins, 1);
  const lo = finite("lo", grid.lo);
  const hi = finite("hi", grid.hi);
  if (!(hi > lo)) throw new ValidationError(`hi must exceed lo, got [${lo}, ${hi}]`, { argument: "hi" });
  const width = (hi - lo) / bins;
  const out = new Float64Array(bins ** p.d);
  const axisMass = (mu: number, s: number): Float64Array => {
    const m = new Float64Array(bins);
    let prev = s > 0 ? normalCdf((lo - mu) / s) : lo >= mu ? 1 : 0;
    for (let b = 0; b < bins; b++) {
      const x = lo + (b + 1) * width;
      const next = s > 0 ? normalCdf((x - mu) / s) : x >= mu ? 1 : 0;
      m[b] = next - prev;
      prev = next;
    }
    return m;
  };
  for (let k = 0; k < p.weights.length; k++) {
    const w = p.weights[k];
    const m1 = axisMass(p.means[k * p.d], p.sds[k]);
    if (p.d === 1) for (let b = 0; b < bins; b++) out[b] += w * m1[b];
    else {
      const m2 = axisMass(p.means[k * p.d + 1], p.sds[k]);
      for (let a = 0; a < bins; a++) for (let b = 0; b < bins; b++) out[a * bins + b] += w * m1[a] * m2[b];
    }
  }
  return out;
}

/**
 * K equal Gaussians N(μ_k, σ²I) in the plane with means on the circle of radius r,
 * μ_k = r(cos 2πk/K, sin 2πk/K).
 * @example const ring = ringMixture({ components: 8, radius: 2, sd: 0.2 });
 */
export function ringMixture(o: { components: number; radius: number; sd: number }): GaussianMixture {
  const K = integer("components", o.components, 1);
  const r = positive("radius", o.radius);
  const sd = positive("sd", o.sd);
  const means = Array.from({ length: K }, (_, k) => [r * Math.cos((2 * Math.PI * k) / K), r * Math.sin((2 * Math.PI * k) / K)]);
  return gaussianMixture({ weights: new Array(K).fill(1 / K), means, sds: new Array(K).fill(sd) });
}
