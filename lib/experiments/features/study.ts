/**
 * Seed-averaged studies for the one-step feature-learning notebook: the rank-one error of the first
 * gradient along a proportional sweep of sizes, and {@link oneStepExperiment} repeated over seeds with
 * means and standard deviations of every number.
 */
import { ValidationError } from "../../runtime/errors";
import { integer, positive } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import type { ScalarLink } from "../../models/links";
import type { FeatureLinkName } from "./gaussianMoments";
import { rankOneGradientError, type StudentActivation } from "./gradientStep";
import { oneStepExperiment, type OneStepCaseResult, type OneStepOptions } from "./experiment";
import { meanSd, type MeanSd } from "../../numerics/stats";

/** Result of {@link rankOneSweep}: one entry per n. */
export interface RankOneSweep {
  n: number[];
  d: number[];
  m: number[];
  relErr: MeanSd[];
}

/**
 * ‖G₀ − A‖/‖G₀‖ along the proportional path d = n/ψ₁, m = ψ₂·d, over `seeds` independent draws
 * per size (see rankOneGradientError).
 * @example
 * const s = rankOneSweep({ ns: [256, 1024, 4096], psi1: 16, psi2: 2, student: "erf", target: "erf", seeds: 2, seed: 0 });
 * s.relErr.map((e) => e.mean) // falls roughly like n^(−1/2)
 */
export function rankOneSweep(o: { ns: number[]; psi1: number; psi2: number; student: StudentActivation; target: FeatureLinkName | ScalarLink; seeds: number; noise?: number; seed: number | Rng }): RankOneSweep {
  const psi1 = positive("psi1", o.psi1);
  const psi2 = positive("psi2", o.psi2);
  const seeds = integer("seeds", o.seeds, 1);
  if (o.ns.length === 0) throw new ValidationError("ns must list at least one sample size");
  const rng = toRng(o.seed);
  const out: RankOneSweep = { n: [], d: [], m: [], relErr: [] };
  for (const n of o.ns) {
    integer("n", n, 1);
    const d = Math.round(n / psi1);
    const m = Math.round(psi2 * d);
    if (d < 1 || m < 1) throw new ValidationError(`n = ${n} is too small for psi1 = ${psi1}, psi2 = ${psi2}`);
    const errs: number[] = [];
    for (let s = 0; s < seeds; s++) errs.push(rankOneGradientError({ d, m, n, student: o.student, target: o.target, noise: o.noise, seed: rng.child("n", n, "seed", s) }).relErr);
    out.n.push(n);
    out.d.push(d);
    out.m.push(m);
    out.relErr.push(meanSd(errs));
  }
  return out;
}

/** Seed summary of one case of {@link oneStepStudy}. */
export interface OneStepSummary {
  student: string;
  target: string;
  alphas: number[];
  lrs: number[];
  bound: number;
  trained: MeanSd[];
  ckInit: MeanSd;
  ntkInit: MeanSd;
  rank1RelErr: MeanSd;
  /** Per α, when the case asked for the spectrum: top two singular values of W₁ and of W₁ − W₀, overlap with β*. */
  spike: { sv1: MeanSd; sv2: MeanSd; deltaSv1: MeanSd; deltaSv2: MeanSd; overlap: MeanSd }[] | null;
  /** Mean ‖a‖ over seeds. */
  aNorm: number;
  /** The raw results, one per seed. */
  runs: OneStepCaseResult[];
}

/**
 * {@link oneStepExperiment} over `seeds` independent draws, summarised per case by mean and sd.
 * The NTK ridge (the costliest part: an n×n kernel) runs on the first `ntkSeeds` draws only
 * (default all), the spectrum on the first `spectrumSeeds` (default all).
 * @example
 * const study = oneStepStudy({ d: 64, m: 128, n: 1024, alphas: [0, 0.5], seeds: 2,
 *   cases: [{ student: "erf", target: "erf" }], seed: 0 });
 * study[0].trained[1].mean // risk after the step lr = √m, averaged over 2 draws
 */
export function oneStepStudy(o: OneStepOptions & { seeds: number; ntkSeeds?: number; spectrumSeeds?: number }): OneStepSummary[] {
  const seeds = integer("seeds", o.seeds, 1);
  const ntkSeeds = integer("ntkSeeds", o.ntkSeeds ?? seeds, 0);
  const spectrumSeeds = integer("spectrumSeeds", o.spectrumSeeds ?? seeds, 0);
  const rng = toRng(o.seed);
  const runs: OneStepCaseResult[][] = [];
  for (let s = 0; s < seeds; s++) {
    const cases = o.cases.map((c) => ({ ...c, spectrum: Boolean(c.spectrum) && s < spectrumSeeds }));
    runs.push(oneStepExperiment({ ...o, cases, ntk: s < ntkSeeds, seed: rng.child("seed", s) }));
  }
  return o.cases.map((_, k) => {
    const per = runs.map((r) => r[k]);
    const first = per[0];
    const withSpike = per.filter((r) => r.spike !== null);
    return {
      student: first.student,
      target: first.target,
      alphas: first.alphas,
      lrs: first.lrs,
      bound: first.bound,
      trained: first.alphas.map((_, i) => meanSd(per.map((r) => r.trained[i]))),
      ckInit: meanSd(per.map((r) => r.ckInit)),
      ntkInit: meanSd(per.map((r) => r.ntkInit)),
      rank1RelErr: meanSd(per.map((r) => r.rank1RelErr)),
      spike:
        withSpike.length === 0
          ? null
          : first.alphas.map((_, i) => ({
              sv1: meanSd(withSpike.map((r) => r.spike![i].sv1)),
              sv2: meanSd(withSpike.map((r) => r.spike![i].sv2)),
              deltaSv1: meanSd(withSpike.map((r) => r.spike![i].deltaSv1)),
              deltaSv2: meanSd(withSpike.map((r) => r.spike![i].deltaSv2)),
              overlap: meanSd(withSpike.map((r) => r.spike![i].overlap)),
            })),
      aNorm: per.reduce((a, r) => a + r.aNorm, 0) / per.length,
      runs: per,
    };
  });
}
