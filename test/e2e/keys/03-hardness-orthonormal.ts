/**
 * Ledger keys notebooks/03-hardness-orthonormal.ipynb must record. The dimensions, SGD steps and
 * sample sizes depend on the scale, so the list is built per scale from the notebook's sizes;
 * `KEYS` (smoke) is what the notebook test checks.
 */
type Scale = "smoke" | "class" | "paper";

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

const SIZES: Record<Scale, { netDs: number[]; exactUpTo: number; gvDs: number[]; sgd: { evalEvery: number; steps: number; learnSteps: number }; gdDs: number[]; cosNs: number[] }> = {
  smoke: { netDs: [2, 4, 8, 16, 32, 64], exactUpTo: 8, gvDs: range(2, 8), sgd: { evalEvery: 500, steps: 200, learnSteps: 2000 }, gdDs: range(2, 5), cosNs: [50, 200] },
  class: { netDs: [2, 4, 8, 16, 32, 64], exactUpTo: 12, gvDs: range(2, 12), sgd: { evalEvery: 250, steps: 1500, learnSteps: 2000 }, gdDs: range(2, 7), cosNs: [100, 400] },
  paper: { netDs: [2, 4, 8, 16, 32, 64, 128], exactUpTo: 16, gvDs: range(2, 14), sgd: { evalEvery: 500, steps: 3000, learnSteps: 3000 }, gdDs: range(2, 10), cosNs: [100, 1000] },
};

/** Steps at which the SGD test accuracy is recorded: every evalEvery, and the last step. */
function evalSteps(steps: number, every: number): number[] {
  const s = range(0, Math.floor(steps / every)).map((k) => k * every);
  return s[s.length - 1] === steps ? s : [...s, steps];
}

export function keysFor(scale: Scale): string[] {
  const S = SIZES[scale];
  const runs = [
    { d: 10, lr: 0.002, steps: S.sgd.steps },
    { d: 20, lr: 0.002, steps: S.sgd.steps },
    { d: 10, lr: 0.5, steps: S.sgd.learnSteps },
    { d: 20, lr: 0.5, steps: S.sgd.steps },
  ];
  return [
    ...S.netDs.filter((d) => d <= S.exactUpTo).map((d) => `parity.exact[d=${d}]`),
    ...S.netDs.map((d) => `parity.pathnorm[d=${d}]`),
    "parity.pathnorm_slope",
    ...S.gvDs.flatMap((d) => [`gradvar.var[d=${d}]`, `gradvar.q[d=${d}]`, `gradvar.ratio[d=${d}]`, `gradvar.ratio_lecture[d=${d}]`]),
    "gradvar.slope_log2",
    "gradvar.identity_err",
    ...runs.flatMap((r) => evalSteps(r.steps, S.sgd.evalEvery).map((s) => `parity_sgd.acc[d=${r.d},lr=${r.lr},step=${s}]`)),
    ...S.gdDs.flatMap((d) => [`gd.distance[d=${d}]`, `gd.bound[d=${d}]`]),
    ...[1, 2, 4, 8, 16].flatMap((L) => [`cosine.flat_fraction[L=${L}]`, `cosine.basin_width[L=${L}]`, ...S.cosNs.map((n) => `cosine.local_minima[L=${L},n=${n}]`)]),
  ];
}

export const KEYS_BY_SCALE: Record<Scale, string[]> = { smoke: keysFor("smoke"), class: keysFor("class"), paper: keysFor("paper") };
export const KEYS: string[] = KEYS_BY_SCALE.smoke;
