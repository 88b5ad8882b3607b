/**
 * The targets, samplers and distances of the diffusion-models notebook: the forward process
 * dX = −X dt + √2 dB, the reverse SDE and the probability-flow ODE run backwards from N(0, I) at
 * T = 5 to tMin on a uniform or geometric grid, and the TV / W₁ distances of their output to p₀.
 */
import { gaussianMixture, mixtureAtTime, mixtureLogDensity, mixtureBinMasses, mixtureCdf, mixtureCdfIntegral, mixtureMean, mixtureProjection, mixtureScore, ringMixture, sampleMixture, type GaussianMixture } from "../../data/mixture";
import { eulerMaruyama, timeGrid } from "../../numerics/sde";
import { histogramTv, slicedW1, w1ToLaw, type Law1d } from "../../numerics/distances";
import { meanSd } from "../../numerics/stats";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, oneOf, positive } from "../../runtime/validate";

/** Start time of the samplers. */
export const T_MAX = 5;
/** Default stop time of the samplers. */
export const T_MIN = 1e-3;
/** Histogram grids of the TV distances (1-D and 2-D). */
export const TV_GRID_1D = { lo: -4, hi: 4, bins: 200 } as const;
export const TV_GRID_2D = { lo: -4, hi: 4, bins: 40 } as const;
/** Number of equispaced directions of the sliced W₁. */
export const SLICES = 16;

/**
 * The 1-D target: weights [0.2, 0.3, 0.35, 0.15], means [1.5, −0.216, 0.45, −1.875], standard
 * deviations [0.3, 0.15, 0.525, 0.075].
 * @example const p0 = target1d(); p0.weights.length // 4
 */
export function target1d(): GaussianMixture {
  return gaussianMixture({ weights: [0.2, 0.3, 0.35, 0.15], means: [1.5, -0.216, 0.45, -1.875], sds: [0.3, 0.15, 0.525, 0.075] });
}

/**
 * The 2-D target: 8 equal Gaussians of sd 0.2 on the circle of radius 2.
 * @example const ring = target2d(); ring.d // 2
 */
export function target2d(): GaussianMixture {
  return ringMixture({ components: 8, radius: 2, sd: 0.2 });
}

/** A score s(y, t) for a batch of points y [N·d] at time t; returns [N·d]. */
export type ScoreFn = (y: Float64Array, t: number) => ArrayLike<number>;

/**
 * The exact score of p_t for a mixture p₀: ∇log p_t with p_t the OU-evolved mixture.
 * @example const s = exactScore(target1d()); s(Float64Array.from([0]), 0.5)
 */
export function exactScore(p0: GaussianMixture): ScoreFn {
  return (y, t) => mixtureScore(mixtureAtTime(p0, t), y);
}

/** Options of {@link reverseSample}. */
export interface ReverseSampleOptions {
  score: ScoreFn;
  d: number;
  /** Number of samples. */
  N: number;
  /** Number of steps. */
  K: number;
  grid: "uniform" | "geometric";
  /** "sde": y ← y + h(y + 2s) + √(2h) z; "ode": y ← y + h(y + s). */
  sampler: "sde" | "ode";
  /** Start time (default 5) and stop time (default 1e-3). */
  T?: number;
  tMin?: number;
  seed: number | Rng;
}

/**
 * Runs the reverse SDE (Euler–Maruyama) or the probability-flow ODE (Euler) from N samples of
 * N(0, I) at time T down to tMin, with the score evaluated at the left end t_k of each step.
 * Returns the samples [N·d] (approximately p_{tMin}).
 * @example const y = reverseSample({ score: exactScore(target1d()), d: 1, N: 1000, K: 100, grid: "geometric", sampler: "sde", seed: 0 });
 */
export function reverseSample(o: ReverseSampleOptions): Float64Array {
  const d = integer("d", o.d, 1);
  const N = integer("N", o.N, 1);
  oneOf("sampler", o.sampler, ["sde", "ode"]);
  const rng = toRng(o.seed);
  const times = timeGrid({ kind: o.grid, T: o.T ?? T_MAX, tMin: o.tMin ?? T_MIN, K: o.K });
  const y0 = rng.child("start").normals(N * d);
  const c = o.sampler === "sde" ? 2 : 1;
  return eulerMaruyama({
    y0,
    times,
    drift: (y, t) => {
      const s = o.score(y, t);
      const b = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) b[i] = y[i] + c * s[i];
      return b;
    },
    sigma: o.sampler === "sde" ? Math.SQRT2 : 0,
    seed: rng.child("noise"),
  });
}

/**
 * A 1-D mixture as a law for {@link w1ToLaw}: its CDF, the integral of the CDF, and its mean.
 * @example w1ToLaw(samples, mixtureLaw(target1d()))
 */
export function mixtureLaw(p: GaussianMixture): Law1d {
  return { cdf: (x) => mixtureCdf(p, x), cdfIntegral: (x) => mixtureCdfIntegral(p, x), mean: mixtureMean(p)[0] };
}

/**
 * TV (200 bins on [−4, 4] plus the mass outside) and exact W₁ of 1-D samples to the mixture p.
 * @example const { tv, w1 } = distances1d(samples, target1d());
 */
export function distances1d(samples: Float64Array, p: GaussianMixture): { tv: number; w1: number } {
  return { tv: histogramTv(samples, 1, TV_GRID_1D, mixtureBinMasses(p, TV_GRID_1D)), w1: w1ToLaw(samples, mixtureLaw(p)) };
}

/**
 * Sliced W₁ (16 directions) and TV (40 × 40 bins of [−4, 4]²) of 2-D samples [N·2] to the mixture p.
 * @example const { sw1, tv } = distances2d(samples, target2d());
 */
export function distances2d(X: Float64Array, p: GaussianMixture): { sw1: number; tv: number } {
  return {
    sw1: slicedW1(X, SLICES, (u) => mixtureLaw(mixtureProjection(p, u))),
    tv: histogramTv(X, 2, TV_GRID_2D, mixtureBinMasses(p, TV_GRID_2D)),
  };
}

/** Distances of N exact samples to a law: mean and sd over repetitions. */
export interface NoiseFloor {
  tv: number;
  tvSd: number;
  w1: number;
  w1Sd: number;
  /** The value of each repetition. */
  tvs: number[];
  w1s: number[];
}

/**
 * The noise floor of the distances: N exact samples of `sampleFrom` (default p) compared with p,
 * mean and sd over `reps` draws. For d = 2 the "w1" fields hold the sliced W₁.
 * @example const floor = noiseFloor({ p: target1d(), N: 2000, reps: 5, seed: 0 });
 */
export function noiseFloor(o: { p: GaussianMixture; sampleFrom?: GaussianMixture; N: number; reps: number; seed: number | Rng }): NoiseFloor {
  const reps = integer("reps", o.reps, 2);
  const rng = toRng(o.seed);
  const tv: number[] = [];
  const w1: number[] = [];
  for (let r = 0; r < reps; r++) {
    const x = sampleMixture(o.sampleFrom ?? o.p, o.N, rng.child("rep", r));
    if (o.p.d === 1) {
      const m = distances1d(x, o.p);
      tv.push(m.tv);
      w1.push(m.w1);
    } else {
      const m = distances2d(x, o.p);
      tv.push(m.tv);
      w1.push(m.sw1);
    }
  }
  const a = meanSd(tv);
  const b = meanSd(w1);
  return { tv: a.mean, tvSd: a.sd, w1: b.mean, w1Sd: b.sd, tvs: tv, w1s: w1 };
}

/** One sampler run of {@link exactScoreSweep}. */
export interface SweepRow {
  sampler: "sde" | "ode";
  grid: "uniform" | "geometric";
  K: number;
  /** TV and W₁ (sliced W₁ in 2-D) to p₀. */
  tv: number;
  w1: number;
}

/**
 * Samples with the exact score for every sampler × grid × K and measures TV and W₁ (sliced in
 * 2-D) to p₀. The same seed is used for every K (common random numbers across K).
 * @example const rows = exactScoreSweep({ p0: target1d(), Ks: [10, 100], N: 1000, seed: 0 });
 */
export function exactScoreSweep(o: {
  p0: GaussianMixture;
  Ks: number[];
  N: number;
  samplers?: ("sde" | "ode")[];
  grids?: ("uniform" | "geometric")[];
  tMin?: number;
  seed: number | Rng;
}): SweepRow[] {
  const rng = toRng(o.seed);
  const score = exactScore(o.p0);
  const rows: SweepRow[] = [];
  for (const sampler of o.samplers ?? ["sde", "ode"]) {
    for (const grid of o.grids ?? ["uniform", "geometric"]) {
      for (const K of o.Ks) {
        const y = reverseSample({ score, d: o.p0.d, N: o.N, K, grid, sampler, tMin: o.tMin, seed: rng.child(sampler) });
        const m = o.p0.d === 1 ? distances1d(y, o.p0) : (({ sw1, tv }) => ({ tv, w1: sw1 }))(distances2d(y, o.p0));
        rows.push({ sampler, grid, K, ...m });
      }
    }
  }
  return rows;
}

/**
 * The largest Lipschitz constant of x ↦ ∇log p_t(x) over a grid of `points` on [lo, hi] (1-D), by
 * central differences of the exact score: the stiffness a step of length h must resolve (h·L ≲ 1).
 * @example scoreLipschitz(target1d(), 1e-3) // ≈ 1/(σ_min² + 2t) ≈ 170
 */
export function scoreLipschitz(p0: GaussianMixture, t: number, grid = { lo: -4, hi: 4, points: 4001 }): number {
  positive("t", t + 1e-300);
  const pt = mixtureAtTime(p0, t);
  const n = integer("points", grid.points, 3);
  const h = (grid.hi - grid.lo) / (n - 1);
  const x = Float64Array.from({ length: n }, (_, i) => grid.lo + i * h);
  const s = mixtureScore(pt, x);
  let L = 0;
  for (let i = 1; i + 1 < n; i++) L = Math.max(L, Math.abs(s[i + 1] - s[i - 1]) / (2 * h));
  return L;
}

/**
 * The forward process's approach to its stationary law: TV(p_t, N(0, 1)) = ½∫|p_t − φ| for a 1-D
 * mixture p₀ at each time t, by the midpoint rule on [−12, 12] with 24 000 cells, beside the
 * first-order prediction |m̄|φ(0)e^{−t} (p_t − φ ≈ −m̄e^{−t}φ′ once the variances have relaxed,
 * m̄ the mean of p₀).
 * @example const r = forwardToNoise(target1d(), [1, 2, 5]); r.tv[2] // ≈ 0.0445·e^{−5}
 */
export function forwardToNoise(p0: GaussianMixture, ts: number[]): { t: number[]; tv: number[]; theory: number[] } {
  const cells = 24000;
  const h = 24 / cells;
  const x = Float64Array.from({ length: cells }, (_, i) => -12 + (i + 0.5) * h);
  const phi = x.map((v) => Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI));
  const mBar = mixtureMean(p0)[0];
  const tv = ts.map((t) => {
    const lp = mixtureLogDensity(mixtureAtTime(p0, t), x);
    let s = 0;
    for (let i = 0; i < cells; i++) s += Math.abs(Math.exp(lp[i]) - phi[i]);
    return 0.5 * s * h;
  });
  return { t: ts.slice(), tv, theory: ts.map((t) => Math.abs(mBar) * Math.exp(-t) / Math.sqrt(2 * Math.PI)) };
}
