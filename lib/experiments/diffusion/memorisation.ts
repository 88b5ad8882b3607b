/**
 * Memorisation: the exact score of the smoothed empirical distribution p̂_t = (1/n)Σ N(x_i e^{−t},
 * 1 − e^{−2t}) is the minimiser of the empirical DSM loss, and sampling with it regenerates the
 * training points as tMin → 0.
 */
import { empiricalMixture, sampleMixture, type GaussianMixture } from "../../data/mixture";
import { fractionWithin, w1ToLaw } from "../../numerics/distances";
import { toRng, type Rng } from "../../runtime/rng";
import { integer } from "../../runtime/validate";
import { exactScore, mixtureLaw, reverseSample, type ScoreFn } from "./sampling";

/** One training-set size of {@link memorisationStudy}. */
export interface MemorisationRow {
  n: number;
  /** Training points x₀ [n]. */
  X0: Float64Array;
  /** Per tMin: the fraction of generated samples within 0.01 and 0.001 of a training point. */
  near: number[];
  nearTight: number[];
  /** The same fractions for N fresh samples of p₀ (the baseline of chance). */
  nearFresh: number;
  nearFreshTight: number;
  /** W₁ of the generated samples (smallest tMin) and of the training set to p₀. */
  w1: number;
  w1Train: number;
}

/**
 * For each n: draw n training points, sample N points with the exact score of the smoothed
 * empirical distribution (reverse SDE, geometric grid of K steps) down to each tMin, and measure
 * closeness to the training points, against fresh samples of p₀. 1-D.
 * @example const rows = memorisationStudy({ p0: target1d(), ns: [10, 100], tMins: [1e-3, 1e-5], N: 500, K: 100, seed: 0 });
 */
export function memorisationStudy(o: { p0: GaussianMixture; ns: number[]; tMins: number[]; N: number; K: number; seed: number | Rng }): MemorisationRow[] {
  const N = integer("N", o.N, 1);
  const rng = toRng(o.seed);
  return o.ns.map((n) => {
    const X0 = sampleMixture(o.p0, integer("n", n, 1), rng.child("train", n));
    const score = exactScore(empiricalMixture(X0, 1));
    const near: number[] = [];
    const nearTight: number[] = [];
    let last: Float64Array = new Float64Array(0);
    for (const tMin of o.tMins) {
      last = reverseSample({ score, d: 1, N, K: o.K, grid: "geometric", sampler: "sde", tMin, seed: rng.child("sample", n, tMin) });
      near.push(fractionWithin(last, X0, 0.01));
      nearTight.push(fractionWithin(last, X0, 0.001));
    }
    const fresh = sampleMixture(o.p0, N, rng.child("fresh", n));
    const law = mixtureLaw(o.p0);
    return {
      n,
      X0,
      near,
      nearTight,
      nearFresh: fractionWithin(fresh, X0, 0.01),
      nearFreshTight: fractionWithin(fresh, X0, 0.001),
      w1: w1ToLaw(last, law),
      w1Train: w1ToLaw(X0, law),
    };
  });
}

/**
 * Samples N points with a score (e.g. a trained network's) and returns the fraction within 0.01
 * of the training points and the W₁ to p₀ (1-D; reverse SDE on a geometric grid).
 * @example const r = scoreSamplerCloseness({ score: net.score, X0, p0: target1d(), N: 500, K: 100, tMin: 1e-3, seed: 0 });
 */
export function scoreSamplerCloseness(o: { score: ScoreFn; X0: Float64Array; p0: GaussianMixture; N: number; K: number; tMin: number; seed: number | Rng }): { near: number; w1: number; samples: Float64Array } {
  const samples = reverseSample({ score: o.score, d: 1, N: o.N, K: o.K, grid: "geometric", sampler: "sde", tMin: o.tMin, seed: o.seed });
  return { near: fractionWithin(samples, o.X0, 0.01), w1: w1ToLaw(samples, mixtureLaw(o.p0)), samples };
}
