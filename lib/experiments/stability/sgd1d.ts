/**
 * Linear stability of SGD in one dimension (Wu, Ma & E, "How SGD selects the global minima in
 * over-parameterized learning", NeurIPS 2018). Near a global minimum θ* = 0 of
 * L(θ) = (1/n) Σ_i ½ H_i θ², SGD with step η and batch I_t of B indices drawn with replacement is
 *   θ_{t+1} = (1 − η Ĥ_t) θ_t,  Ĥ_t = (1/B) Σ_{j ∈ I_t} H_j,
 * and since E Ĥ_t = a and Var Ĥ_t = s²/B (a = mean H_i, s² = mean H_i² − a²),
 *   E θ_{t+1}² = [(1 − ηa)² + η² s²/B] E θ_t² .
 * SGD is stable in mean square iff ρ = (1 − ηa)² + η²s²/B ≤ 1, i.e. ηa ≤ 2/(1 + (s/a)²/B).
 * (Without replacement Var Ĥ_t = (s²/B)(n − B)/(n − 1) instead.)
 */
import { ValidationError } from "../../runtime/errors";
import { integer, positive, finite } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import { meanSd } from "../../numerics/stats";

/**
 * The mean-square growth factor per step of 1-D SGD, ρ = (1 − ηa)² + η² s²/B (batches drawn with
 * replacement), or with the finite-population factor (n − B)/(n − 1) when `withoutReplacementN` = n.
 * Stable in mean square iff ρ ≤ 1.
 * @example sgdMeanSquareFactor({ lr: 0.1, a: 10, s: 10, B: 4 }) // (1 − 1)² + 1·100/(4·100)... = 0.25
 */
export function sgdMeanSquareFactor(o: { lr: number; a: number; s: number; B: number; withoutReplacementN?: number }): number {
  const lr = positive("lr", o.lr);
  const a = finite("a", o.a);
  const s = finite("s", o.s);
  const B = integer("B", o.B, 1);
  let v = (s * s) / B;
  if (o.withoutReplacementN !== undefined) {
    const n = integer("withoutReplacementN", o.withoutReplacementN, 2);
    if (B > n) throw new ValidationError(`B (${B}) must be ≤ n (${n}) without replacement`);
    v *= (n - B) / (n - 1);
  }
  return (1 - lr * a) ** 2 + lr * lr * v;
}

/** Result of {@link sgd1dStabilityGrid}; arrays are indexed [batch][sOverA][etaA]. */
export interface Sgd1dGridResult {
  etaA: number[];
  sOverA: number[];
  batchSizes: number[];
  /** Predicted ρ = (1 − ηa)² + (ηa)²(s/a)²/B. */
  predicted: number[][][];
  /** Simulated mean-square growth per step, ρ̂ = mean over runs and steps of (θ_{t+1}/θ_t)². */
  simulated: number[][][];
  /** Simulated typical (almost-sure) growth per step, exp(mean of log (θ_{t+1}/θ_t)²) ≤ ρ̂. */
  typical: number[][][];
  /** Simulated verdict (ρ̂ ≤ 1) equals predicted verdict (ρ ≤ 1). */
  agree: boolean[][][];
  /** Fraction of grid points that agree. */
  agreement: number;
  /**
   * Per batch, per s/a: the predicted edge ηa* = 2/(1 + (s/a)²/B), and the largest grid ηa below the
   * first simulated-unstable one, for the mean square and for the typical rate.
   */
  boundary: { predicted: number[]; simulated: number[]; typical: number[] }[];
  runs: number;
  steps: number;
}

function lastStableBefore(row: number[], xs: number[]): number {
  const k = row.findIndex((v) => v > 1);
  return k === -1 ? xs[xs.length - 1] : k === 0 ? 0 : xs[k - 1];
}

/**
 * Simulates 1-D SGD over a grid of (ηa, s/a, B) and compares its mean-square growth with the
 * prediction ρ = (1 − ηa)² + η²s²/B. Per-sample curvatures are H_i = a(1 + (s/a) z_i) for n fixed
 * numbers z_i standardised to mean 0 and variance 1 (so mean H_i = a and sd H_i = s exactly; in one
 * dimension only these two moments enter ρ). Each step draws B indices with replacement; `runs`
 * trajectories of `steps` steps are simulated, reusing the same batch draws at every grid point
 * (common random numbers, so the diagram is smooth).
 *
 * Because θ_t is independent of the batch drawn at step t, E θ_{t+1}² / E θ_t² = E (θ_{t+1}/θ_t)²:
 * the mean-square growth is measured as the average of (θ_{t+1}/θ_t)² over all runs and steps. (The
 * plain average of θ_T² over runs is not a usable estimator: its log-normal tail makes it report,
 * for any affordable number of runs, the typical rate instead.) The typical (almost-sure) growth
 * exp E log (θ_{t+1}/θ_t)² is returned too; by Jensen it is ≤ the mean-square one, so typical runs
 * still converge in a band where the mean square already grows.
 * @example
 * const g = sgd1dStabilityGrid({ etaA: [0.5, 1, 1.5], sOverA: [0.1, 1.1, 2.1], batchSizes: [1, 4], seed: 0 });
 * g.agreement; // fraction of points where simulation and (1 − ηa)² + η²s²/B ≤ 1 agree
 */
export function sgd1dStabilityGrid(o: {
  etaA: number[];
  sOverA: number[];
  batchSizes: number[];
  n?: number;
  runs?: number;
  steps?: number;
  seed?: number | Rng;
}): Sgd1dGridResult {
  if (!Array.isArray(o.etaA) || o.etaA.length === 0) throw new ValidationError("etaA must be a non-empty array of ηa values");
  if (!Array.isArray(o.sOverA) || o.sOverA.length === 0) throw new ValidationError("sOverA must be a non-empty array of s/a values");
  if (!Array.isArray(o.batchSizes) || o.batchSizes.length === 0) throw new ValidationError("batchSizes must be a non-empty array");
  o.etaA.forEach((x, i) => positive(`etaA[${i}]`, x));
  o.sOverA.forEach((r, i) => {
    finite(`sOverA[${i}]`, r);
    if (r < 0) throw new ValidationError(`sOverA[${i}] must be ≥ 0, got ${r}`);
  });
  o.batchSizes.forEach((B, i) => integer(`batchSizes[${i}]`, B, 1));
  const n = integer("n", o.n ?? 1000, 2);
  const R = integer("runs", o.runs ?? 1000, 1);
  const T = integer("steps", o.steps ?? 50, 1);
  const rng = toRng(o.seed ?? 0);
  // Standardised per-sample z_i.
  const z = rng.child("curvatures").normals(n);
  // Population standard deviation (divisor n): the z_i themselves must have variance exactly 1.
  const { mean, sd: sampleSd } = meanSd(z);
  const sd = sampleSd * Math.sqrt((n - 1) / n);
  for (let i = 0; i < n; i++) z[i] = (z[i] - mean) / sd;

  const predicted: number[][][] = [];
  const simulated: number[][][] = [];
  const typical: number[][][] = [];
  const agree: boolean[][][] = [];
  const boundary: { predicted: number[]; simulated: number[]; typical: number[] }[] = [];
  let agreeCount = 0;
  let total = 0;
  const N = R * T;
  o.batchSizes.forEach((B) => {
    // Batch means Ẑ of B indices drawn with replacement, one per (run, step).
    const draw = rng.child("batches", B);
    const Zhat = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      let acc = 0;
      for (let j = 0; j < B; j++) acc += z[Math.floor(draw.uniform() * n)];
      Zhat[k] = acc / B;
    }
    const pB: number[][] = [];
    const sB: number[][] = [];
    const tB: number[][] = [];
    const aB: boolean[][] = [];
    const bound = { predicted: [] as number[], simulated: [] as number[], typical: [] as number[] };
    for (const r of o.sOverA) {
      const pRow: number[] = [];
      const sRow: number[] = [];
      const tRow: number[] = [];
      const aRow: boolean[] = [];
      for (const x of o.etaA) {
        const rho = (1 - x) ** 2 + (x * x * r * r) / B;
        // θ_{t+1}/θ_t = 1 − ηĤ_t = 1 − x(1 + r Ẑ_t).
        let sq = 0;
        let lg = 0;
        for (let k = 0; k < N; k++) {
          const m2 = (1 - x * (1 + r * Zhat[k])) ** 2;
          sq += m2;
          lg += Math.log(m2);
        }
        const rhoHat = sq / N;
        pRow.push(rho);
        sRow.push(rhoHat);
        tRow.push(Math.exp(lg / N));
        const ok = rho <= 1 === rhoHat <= 1;
        aRow.push(ok);
        agreeCount += ok ? 1 : 0;
        total++;
      }
      pB.push(pRow);
      sB.push(sRow);
      tB.push(tRow);
      aB.push(aRow);
      bound.predicted.push(2 / (1 + (r * r) / B));
      bound.simulated.push(lastStableBefore(sRow, o.etaA));
      bound.typical.push(lastStableBefore(tRow, o.etaA));
    }
    predicted.push(pB);
    simulated.push(sB);
    typical.push(tB);
    agree.push(aB);
    boundary.push(bound);
  });
  return { etaA: [...o.etaA], sOverA: [...o.sOverA], batchSizes: [...o.batchSizes], predicted, simulated, typical, agree, agreement: agreeCount / total, boundary, runs: R, steps: T };
}
