/**
 * Section 2 of notebook 02: Rademacher complexities of four classes measured by Monte Carlo over the
 * signs ξ on nested samples, beside their bounds and the rates they predict.
 */
import { arcCosineKernel } from "../../analysis/kernels";
import {
  rademacherL1Ball,
  rademacherL1BallBound,
  rademacherL2Ball,
  rademacherLipschitzBall,
  rademacherPathNormBall,
  rademacherPathNormExact,
  rademacherRkhsBall,
  rademacherRkhsBallBound,
  type RademacherEstimate,
} from "../../analysis/rademacher";
import type { HostPoints } from "../../data/samplers";
import { sampleCubeArray, sampleSphereArray } from "../../data/samplers";
import { fitLogLog } from "../../numerics/fit";
import { Rng, toRng } from "../../runtime/rng";
import { integer } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/**
 * The first n rows of a sample: the nested samples every size is measured on.
 * @internal
 */
export function firstRows(X: HostPoints, n: number): HostPoints {
  if (n > X.n) throw new ValidationError(`cannot take ${n} rows of a sample of ${X.n}`);
  return { data: X.data.subarray(0, n * X.d), n, d: X.d };
}

/**
 * Gram matrix of the order-1 arc-cosine kernel in the Cho–Saul normalisation,
 * k(x, y) = (‖x‖‖y‖/π)(sin θ + (π − θ) cos θ) = 2·E_{w∼N(0,I)}[relu(w·x) relu(w·y)], so that
 * k(x, x) = ‖x‖² (= 1 on the sphere). Twice the library's one-neuron normalisation.
 * @example choSaulGram(sampleSphereArray({ n: 4, d: 3, seed: 0 }))[0] // 1: a diagonal entry
 */
export function choSaulGram(X: HostPoints, Y: HostPoints = X): Float64Array {
  const rows = (P: HostPoints) => Array.from({ length: P.n }, (_, i) => P.data.subarray(i * P.d, (i + 1) * P.d));
  const K = arcCosineKernel(rows(X), rows(Y), { order: 1 });
  for (let k = 0; k < K.length; k++) K[k] *= 2;
  return K;
}

/**
 * The large-n limit of √n·R̂_n of the unit ℓ2 ball for x uniform on S^{d−1}: by the central limit
 * theorem Σξ_i x_i/√n → G ~ N(0, I/d), so √n·R̂_n = E‖Σξ_i x_i‖/√n → E‖G‖ = √(2/d)·Γ((d+1)/2)/Γ(d/2).
 * @example linearBallLimit(5) // 0.9516…
 */
export function linearBallLimit(d: number): number {
  integer("d", d, 1);
  // r_d = Γ((d+1)/2)/Γ(d/2): r_1 = 1/√π, r_2 = √π/2, r_{d+2} = r_d·(d+1)/d.
  let r = d % 2 === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let k = d % 2 === 1 ? 1 : 2; k < d; k += 2) r *= (k + 1) / k;
  return Math.sqrt(2 / d) * r;
}

/** One sample size of {@link complexityStudy}. */
export interface ComplexityRow {
  n: number;
  /** Unit ℓ2 ball of linear functions (closed-form sup). */
  linear: RademacherEstimate;
  /** Unit ball of the Cho–Saul arc-cosine RKHS (closed-form sup √(ξᵀKξ)/n). */
  rkhs: RademacherEstimate;
  /** √(tr K)/n = 1/√n on the sphere. */
  rkhsBound: number;
  /** Path-norm unit ball, two-sided (searched: a lower estimate). */
  path: RademacherEstimate;
  /** Path-norm unit ball with a_j ≥ 0, one-sided (searched, same signs as `path`). */
  path1: RademacherEstimate;
  /** E‖Σξ_i x_i‖_∞/n: the ℓ1 linear class, which bounds path1 by contraction. */
  contraction: RademacherEstimate;
  /** Massart: max_i‖x_i‖_∞·√(2 ln(2d)/n). */
  massart: number;
}

/** Result of {@link complexityStudy}. */
export interface ComplexityStudy {
  d: number;
  rows: ComplexityRow[];
  /** Fitted log–log slopes of the estimates against n. */
  slope: { linear: number; rkhs: number; path: number; path1: number };
  /** √n·R̂_n of the ℓ2 ball at the largest n, and its large-n limit. */
  sqrtNLinear: number;
  sqrtNLinearLimit: number;
}

/**
 * Rademacher complexities of the unit ℓ2 ball, the unit ball of the Cho–Saul arc-cosine RKHS and the
 * unit path-norm ball (two- and one-sided), with the contraction and Massart bounds, for x uniform on
 * S^{d−1}, on the first n rows of one sample for every n in `ns`. Every class at one n uses the same
 * sign draws (one child stream of `seed` per n).
 * @example complexityStudy({ d: 5, ns: [32, 64], draws: 50, pathDraws: 20, seed: 0 }).slope.linear
 */
export function complexityStudy(o: { d: number; ns: number[]; draws: number; pathDraws: number; seed: number | Rng; directions?: number }): ComplexityStudy {
  const d = integer("d", o.d, 1);
  if (!Array.isArray(o.ns) || o.ns.length < 2) throw new ValidationError("ns must list at least two sample sizes");
  const rng = toRng(o.seed);
  const nMax = Math.max(...o.ns);
  const X = sampleSphereArray({ n: nMax, d, seed: rng.child("points") });
  const rows = o.ns.map((n): ComplexityRow => {
    const Xn = firstRows(X, n);
    const signs = rng.child("signs", n).seed;
    const mc = { draws: o.draws, seed: signs };
    const pc = { draws: o.pathDraws, seed: signs, directions: o.directions ?? 256 };
    const K = choSaulGram(Xn);
    return {
      n,
      linear: rademacherL2Ball(Xn, mc),
      rkhs: rademacherRkhsBall(K, mc),
      rkhsBound: rademacherRkhsBallBound(K),
      path: rademacherPathNormBall(Xn, pc),
      path1: rademacherPathNormBall(Xn, { ...pc, oneSided: true }),
      contraction: rademacherL1Ball(Xn, mc),
      massart: rademacherL1BallBound(Xn),
    };
  });
  const ns = rows.map((r) => r.n);
  const fit = (f: (r: ComplexityRow) => number) => fitLogLog(ns, rows.map(f)).slope;
  const last = rows[rows.length - 1];
  return {
    d,
    rows,
    slope: { linear: fit((r) => r.linear.estimate), rkhs: fit((r) => r.rkhs.estimate), path: fit((r) => r.path.estimate), path1: fit((r) => r.path1.estimate) },
    sqrtNLinear: Math.sqrt(last.n) * last.linear.estimate,
    sqrtNLinearLimit: linearBallLimit(d),
  };
}

/** One sample size of {@link pathSearchValidation}. */
export interface PathSearchRow {
  n: number;
  /** Exact two-sided sup, averaged over the draws. */
  exact: RademacherEstimate;
  /** The search on the same sign vectors. */
  search: RademacherEstimate;
  /** (exact − search)/exact of the averages. */
  gap: number;
  /** Largest per-draw relative gap. */
  worstGap: number;
}

/**
 * The path-norm search of {@link complexityStudy} against exact enumeration of the extreme rays of
 * the arrangement ({@link rademacherPathNormExact}), on the first n rows of a sample uniform on
 * S^{d−1} drawn as in complexityStudy with the same seed (so the points and signs are the same).
 * @example pathSearchValidation({ d: 5, ns: [32], draws: 4, seed: 0 })[0].gap // ≥ 0
 */
export function pathSearchValidation(o: { d: number; ns: number[]; draws: number; seed: number | Rng; directions?: number }): PathSearchRow[] {
  const d = integer("d", o.d, 1);
  const rng = toRng(o.seed);
  const X = sampleSphereArray({ n: Math.max(...o.ns), d, seed: rng.child("points") });
  return o.ns.map((n) => {
    const Xn = firstRows(X, n);
    const signs = rng.child("signs", n).seed;
    const exact = rademacherPathNormExact(Xn, { draws: o.draws, seed: signs });
    const search = rademacherPathNormBall(Xn, { draws: o.draws, seed: signs, directions: o.directions ?? 256 });
    let worstGap = 0;
    for (let t = 0; t < exact.draws; t++) worstGap = Math.max(worstGap, (exact.values[t] - search.values[t]) / exact.values[t]);
    return { n, exact, search, gap: (exact.estimate - search.estimate) / exact.estimate, worstGap };
  });
}

/** One sample size of {@link lipschitzStudy}. */
export interface LipschitzRow {
  n: number;
  value: RademacherEstimate;
}

/**
 * R̂_n of the 1-Lipschitz functions on [0,1]^d anchored at f(½,…,½) = 0, x uniform on the cube, on
 * nested samples ({@link rademacherLipschitzBall}); the slope is fitted on log–log axes. Its rate:
 * n^{−1/2} for d = 1, n^{−1/2}·log n for d = 2, n^{−1/d} for d ≥ 3 (Dudley's entropy integral with
 * log N(ε) ≍ ε^{−d}; matching lower bounds from the optimal-matching rates of Ajtai, Komlós &
 * Tusnády 1984 in d = 2 and Talagrand's in d ≥ 3).
 * @example lipschitzStudy({ d: 1, ns: [32, 64], draws: 20, seed: 0 }).slope
 */
export function lipschitzStudy(o: { d: number; ns: number[]; draws: number; seed: number | Rng }): { d: number; rows: LipschitzRow[]; slope: number; rate: number } {
  const d = integer("d", o.d, 1);
  const rng = toRng(o.seed);
  const X = sampleCubeArray({ n: Math.max(...o.ns), d, seed: rng.child("points") });
  const anchor = new Float64Array(d).fill(0.5);
  const rows = o.ns.map((n) => ({ n, value: rademacherLipschitzBall(firstRows(X, n), { anchor, draws: o.draws, seed: rng.child("signs", n).seed }) }));
  return { d, rows, slope: fitLogLog(o.ns, rows.map((r) => r.value.estimate)).slope, rate: -1 / Math.max(d, 2) };
}
