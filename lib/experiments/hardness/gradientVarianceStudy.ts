/**
 * Theorem 7 across dimensions and initialisations: the exact gradient variance over all parities of
 * the lecture's two-layer ReLU network, its bound with the derived constant 4 and with the printed
 * constant 1, and what sampling a few parities would have reported instead.
 */
import { twoLayer } from "../../models/twoLayer";
import { disposeParams } from "../../models/params";
import { fitLine } from "../../numerics/fit";
import { toRng, type Rng } from "../../runtime/rng";
import { integer } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";
import { meanSd } from "../../numerics/stats";
import { GRADIENT_VARIANCE_CONSTANT, type ParityGradientVariance } from "./gradientVariance";
import { twoLayerParityGradientVariance } from "./twoLayerGradientVariance";

/** Per dimension: one entry per initialisation seed, their means, and the two bounds. */
export interface GradientVarianceRow {
  d: number;
  variance: number[];
  q: number[];
  ratio: number[];
  ratioLecture: number[];
  constantShare: number[];
  identityError: number[];
  /** Means over the seeds (and the sample sd of the variance). */
  mean: { variance: number; q: number; ratio: number; ratioLecture: number; constantShare: number };
  sdVariance: number;
  /** The bound with the derived constant, 4·mean(Q)/|F|, and the lecture's mean(Q)/|F|. */
  bound: number;
  boundLecture: number;
}

/** Result of {@link gradientVarianceStudy}. */
export interface GradientVarianceStudy {
  m: number;
  rows: GradientVarianceRow[];
  /** Fitted slope of log₂(mean variance) against d. */
  slopeLog2: number;
  /** Fitted slope of log₂(mean bound 4Q/|F|) against d: what the theorem predicts for the variance's decay. */
  slopeLog2Bound: number;
  /** The same two slopes fitted seed by seed (their spread is the seed spread of the slope). */
  slopeLog2BySeed: number[];
  slopeLog2BoundBySeed: number[];
  /** Full statistics (with the per-parity deviations) of the first seed at the largest d. */
  largest: ParityGradientVariance;
}

/**
 * The lecture's network h(x) = (1/m)Σ_j a_j relu(w_j·x + b_j), a ~ N(0,1), w ~ N(0, I/d), b ~ N(0,1),
 * for each d in `ds` and each of `seeds` initialisations: the exact Theorem 7 statistics over the
 * 2^d − 1 non-constant parities on {0,1}^d ({@link twoLayerParityGradientVariance}), and the fitted
 * decay of the variance in log₂ against d beside that of the bound 4Q/|F|.
 * @example
 * const r = gradientVarianceStudy({ ds: [2, 4, 6, 8], m: 64, seeds: 2, seed: 0 });
 * r.rows.every((row) => row.ratio.every((x) => x <= 1)) // the bound with constant 4 holds
 */
export function gradientVarianceStudy(o: { ds: number[]; m?: number; seeds: number; seed: number | Rng }): GradientVarianceStudy {
  if (!Array.isArray(o.ds) || o.ds.length < 2) throw new ValidationError("ds must list at least two dimensions");
  const m = integer("m", o.m ?? 256, 1);
  const seeds = integer("seeds", o.seeds, 1);
  const rng = toRng(o.seed);
  let largest: ParityGradientVariance | null = null;
  const dMax = Math.max(...o.ds);
  const rows = o.ds.map((dRaw, idx) => {
    const d = integer(`ds[${idx}]`, dRaw, 1);
    const model = twoLayer({ d, m, activation: "relu", scaling: "meanField", bias: true, init: { W: "gaussian", a: { gaussian: 1 }, b: { gaussian: 1 } } });
    const row = { d, variance: [] as number[], q: [] as number[], ratio: [] as number[], ratioLecture: [] as number[], constantShare: [] as number[], identityError: [] as number[] };
    for (let s = 0; s < seeds; s++) {
      const params = model.init(rng.child("init", s, d));
      try {
        const r = twoLayerParityGradientVariance(model, params);
        row.variance.push(r.variance);
        row.q.push(r.q);
        row.ratio.push(r.ratio);
        row.ratioLecture.push(r.ratioLecture);
        row.constantShare.push(r.constantShare);
        row.identityError.push(r.identityError);
        if (d === dMax && s === 0) largest = r;
      } finally {
        disposeParams(params);
      }
    }
    const mean = {
      variance: meanSd(row.variance).mean,
      q: meanSd(row.q).mean,
      ratio: meanSd(row.ratio).mean,
      ratioLecture: meanSd(row.ratioLecture).mean,
      constantShare: meanSd(row.constantShare).mean,
    };
    const F = 2 ** d - 1;
    const full: GradientVarianceRow = { ...row, mean, sdVariance: meanSd(row.variance).sd, bound: (GRADIENT_VARIANCE_CONSTANT * mean.q) / F, boundLecture: mean.q / F };
    return full;
  });
  const ds = rows.map((r) => r.d);
  const boundOf = (row: GradientVarianceRow, s: number) => (GRADIENT_VARIANCE_CONSTANT * row.q[s]) / (2 ** row.d - 1);
  const slope = (y: number[]) => fitLine(ds, y.map(Math.log2)).slope;
  return {
    m,
    rows,
    slopeLog2: slope(rows.map((r) => r.mean.variance)),
    slopeLog2Bound: slope(rows.map((r) => r.bound)),
    slopeLog2BySeed: Array.from({ length: seeds }, (_, s) => slope(rows.map((r) => r.variance[s]))),
    slopeLog2BoundBySeed: Array.from({ length: seeds }, (_, s) => slope(rows.map((r) => boundOf(r, s)))),
    largest: largest!,
  };
}

/**
 * What an experimenter who samples K parities uniformly from F (instead of transforming) would
 * report: `repeats` independent estimates (1/K)Σ_{k} ‖∇R^{f_k} − ḡ‖² of the variance, from the exact
 * per-parity deviations (`deviation` from {@link parityGradientVariance}, entry 0 ignored). The
 * estimate is unbiased, but when a few low-degree parities carry the variance its typical value
 * (the median) is far below the mean.
 * @example
 * const s = sampledVarianceEstimates({ deviation: r.deviation, K: 100, repeats: 200, seed: 0 });
 * s.median / r.variance // well below 1
 */
export function sampledVarianceEstimates(o: { deviation: Float64Array; K: number; repeats: number; seed: number | Rng }): { estimates: number[]; median: number; mean: number } {
  const n = o.deviation?.length;
  if (!(o.deviation instanceof Float64Array) || n < 2 || (n & (n - 1)) !== 0) {
    throw new ValidationError("deviation must be a Float64Array of length 2^d (as returned by parityGradientVariance)");
  }
  const K = integer("K", o.K, 1);
  const repeats = integer("repeats", o.repeats, 1);
  const rng = toRng(o.seed);
  const estimates = Array.from({ length: repeats }, () => {
    let s = 0;
    for (let k = 0; k < K; k++) s += o.deviation[1 + rng.int(n - 1)];
    return s / K;
  });
  const sorted = [...estimates].sort((a, b) => a - b);
  const median = repeats % 2 ? sorted[(repeats - 1) / 2] : 0.5 * (sorted[repeats / 2 - 1] + sorted[repeats / 2]);
  return { estimates, median, mean: estimates.reduce((a, b) => a + b, 0) / repeats };
}
