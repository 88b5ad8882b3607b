/**
 * Section 1 of notebook 02: the generalization gap of a fixed function against that of a fit that
 * interpolates, and the uniform bound through the Rademacher complexity checked on repeated samples.
 */
import { kernelRidge } from "../../analysis/krr";
import { sampleSphereArray } from "../../data/samplers";
import { meanSd, quantile64 } from "../../numerics/stats";
import { Rng, toRng } from "../../runtime/rng";
import { integer, inRange, positive } from "../../runtime/validate";
import { choSaulGram, linearBallLimit } from "./complexity";

/**
 * κ̄ = E k(x, x′) for x, x′ independent uniform on S^{d−1} and the Cho–Saul arc-cosine kernel. With
 * k(x, y) = 2E_w[relu(w·x)relu(w·y)], w ~ N(0, I): κ̄ = 2E_w[(E_x relu(w·x))²] = 2d·(E relu(x₁))²
 * = d·Γ(d/2)²/(2π·Γ((d+1)/2)²) = 1/(π·ℓ_d²), ℓ_d the limit of {@link linearBallLimit}; κ̄ → 1/π.
 * @example choSaulSphereMean(1) // 0.5
 */
export function choSaulSphereMean(d: number): number {
  const l = linearBallLimit(d);
  return 1 / (Math.PI * l * l);
}

/** One sample size of {@link uniformGapStudy}. */
export interface UniformGapRow {
  n: number;
  /** sup_{‖f‖≤1}|E f − Ê_n f| on each disjoint sample. */
  gaps: Float64Array;
  /** The (1 − δ)-quantile of the gaps. */
  quantile: number;
  /** The derived bound 2/√n + √(2 ln(1/δ)/n) (see {@link uniformGapBound}). */
  bound: number;
  /** The lecture's form 2·R̂_n + √(ln(2/δ)/(2n)) with R̂_n ≤ 1/√n. */
  boundLecture: number;
  /** √((1 − κ̄)/n) = √(E gap²), the typical size. */
  rms: number;
}

/**
 * The derived uniform bound for the unit ball H of an RKHS with k(x, x) ≤ 1 (so |f| ≤ 1, range 2):
 * with probability ≥ 1 − δ, sup_H |E f − Ê_n f| ≤ 2E R̂_n(H) + √(2 ln(1/δ)/n) ≤ 2/√n + √(2 ln(1/δ)/n).
 * (McDiarmid with bounded differences 2/n, symmetrization for the two-sided sup, and
 * E R̂_n ≤ √(E tr K)/n ≤ 1/√n.)
 * @example uniformGapBound(100, 0.05) // 0.4448…
 */
export function uniformGapBound(n: number, delta: number): number {
  integer("n", n, 1);
  inRange("delta", delta, 0, 1);
  return 2 / Math.sqrt(n) + Math.sqrt((2 * Math.log(1 / delta)) / n);
}

/**
 * For the unit ball H of the Cho–Saul arc-cosine RKHS and x uniform on S^{d−1}, the uniform
 * deviation sup_H |E f − Ê_n f| = ‖μ − μ̂_n‖_H = √(1ᵀK1/n² − κ̄) (the mean embedding μ = E k(x, ·)
 * has ‖μ‖² = κ̄ = {@link choSaulSphereMean} and ⟨μ, k(x_i, ·)⟩ = κ̄ by rotation invariance), computed
 * exactly on `splits` disjoint samples of each size, beside the uniform bound.
 * @example uniformGapStudy({ d: 5, ns: [32, 64], splits: 20, delta: 0.05, seed: 0 }).rows[0].quantile
 */
export function uniformGapStudy(o: { d: number; ns: number[]; splits: number; delta: number; seed: number | Rng }): { d: number; kappaBar: number; rows: UniformGapRow[] } {
  const d = integer("d", o.d, 1);
  const splits = integer("splits", o.splits, 2);
  const delta = inRange("delta", o.delta, 0, 1);
  const rng = toRng(o.seed);
  const kappaBar = choSaulSphereMean(d);
  const rows = o.ns.map((n): UniformGapRow => {
    const pool = sampleSphereArray({ n: n * splits, d, seed: rng.child("pool", n) });
    const gaps = new Float64Array(splits);
    for (let s = 0; s < splits; s++) {
      const S = { data: pool.data.subarray(s * n * d, (s + 1) * n * d), n, d };
      const K = choSaulGram(S);
      let sum = 0;
      for (let k = 0; k < K.length; k++) sum += K[k];
      gaps[s] = Math.sqrt(Math.max(0, sum / (n * n) - kappaBar));
    }
    return {
      n,
      gaps,
      quantile: quantile64(gaps, 1 - delta),
      bound: uniformGapBound(n, delta),
      boundLecture: 2 / Math.sqrt(n) + Math.sqrt(Math.log(2 / delta) / (2 * n)),
      rms: Math.sqrt((1 - kappaBar) / n),
    };
  });
  return { d, kappaBar, rows };
}

/** One sample size of {@link interpolationGapStudy}: mean and sd over the repetitions. */
export interface InterpolationGapRow {
  n: number;
  /** |R(ĥ) − R̂_n(ĥ)| of the kernel interpolant ĥ. */
  interpolant: { mean: number; sd: number };
  /** |R(f*) − R̂_n(f*)| of the fixed target f* (risk = the noise). */
  fixed: { mean: number; sd: number };
  /** Training risk of the interpolant (≈ 0). */
  trainRisk: number;
}

/**
 * The gap of a sample-dependent fit against a fixed function. x uniform on S^{d−1},
 * y = f*(x) + σε with f*(x) = k(x, e₁) (Cho–Saul kernel) and ε ~ N(0, 1); ĥ interpolates the n
 * samples (kernel ridge regression with λ = `lambda`, default 10⁻⁸, in the same RKHS). Both gaps
 * use the square loss; R is estimated on `nTest` fresh points.
 * @example interpolationGapStudy({ d: 5, ns: [32, 64], reps: 2, sigma: 0.5, nTest: 500, seed: 0 })
 */
export function interpolationGapStudy(o: { d: number; ns: number[]; reps: number; sigma: number; nTest: number; seed: number | Rng; lambda?: number }): { rows: InterpolationGapRow[]; noise: number } {
  const d = integer("d", o.d, 1);
  const reps = integer("reps", o.reps, 1);
  const sigma = positive("sigma", o.sigma);
  const rng = toRng(o.seed);
  const e1 = { data: Float64Array.from({ length: d }, (_, j) => (j === 0 ? 1 : 0)), n: 1, d };
  const target = (P: { data: Float64Array; n: number; d: number }) => choSaulGram(P, e1);
  const rows = o.ns.map((n): InterpolationGapRow => {
    const gi: number[] = [];
    const gf: number[] = [];
    const tr: number[] = [];
    for (let r = 0; r < reps; r++) {
      const R = rng.child("rep", n, r);
      const X = sampleSphereArray({ n, d, seed: R.child("train") });
      const T = sampleSphereArray({ n: o.nTest, d, seed: R.child("test") });
      const noise = (k: number, g: Rng) => g.normals(k, 0, sigma);
      const fX = target(X);
      const fT = target(T);
      const y = Float64Array.from(fX);
      const eps = noise(n, R.child("noise"));
      for (let i = 0; i < n; i++) y[i] += eps[i];
      const yT = Float64Array.from(fT);
      const epsT = noise(o.nTest, R.child("noise-test"));
      for (let i = 0; i < o.nTest; i++) yT[i] += epsT[i];
      const fit = kernelRidge(choSaulGram(X), y, o.lambda ?? 1e-8);
      const predT = fit.predict(choSaulGram(T, X));
      const predX = fit.predict(choSaulGram(X, X));
      const mse = (a: ArrayLike<number>, b: ArrayLike<number>) => {
        let s = 0;
        for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
        return s / a.length;
      };
      const trainI = mse(predX, y);
      gi.push(Math.abs(mse(predT, yT) - trainI));
      gf.push(Math.abs(mse(fT, yT) - mse(fX, y)));
      tr.push(trainI);
    }
    const a = meanSd(gi);
    const b = meanSd(gf);
    return { n, interpolant: { mean: a.mean, sd: a.sd }, fixed: { mean: b.mean, sd: b.sd }, trainRisk: meanSd(tr).mean };
  });
  return { rows, noise: sigma * sigma };
}
