/**
 * Ledger keys notebooks/06-diffusion-score-matching.ipynb must record. The numbers of steps K,
 * training-set sizes n and ring runs depend on the scale, so the list is built per scale from the
 * notebook's sizes; `KEYS` (smoke) is what the notebook test checks.
 */
type Scale = "smoke" | "class" | "paper";

const SIZES: Record<Scale, { Ks: number[]; nets: number[]; ringKs: number[] }> = {
  smoke: { Ks: [10, 50, 200], nets: [10, 200], ringKs: [10, 50] },
  class: { Ks: [10, 20, 50, 100, 200], nets: [10, 100, 1000], ringKs: [10, 20, 50, 100] },
  paper: { Ks: [10, 20, 50, 100, 200, 500, 1000], nets: [10, 100, 1000, 10000], ringKs: [10, 20, 50, 100, 200, 500, 1000] },
};
const SHIFTS = [0.1, 0.3, 1];
const DSM_TIMES = [0.01, 0.1, 1];
const TMINS = [1e-3, 1e-4, 1e-5];

export function keysFor(scale: Scale): string[] {
  const S = SIZES[scale];
  const memoNs = S.nets.filter((n) => n <= 1000);
  return [
    "forward.rate",
    "forward.tv[t=5]",
    ...["sde", "ode"].flatMap((s) =>
      ["uniform", "geometric"].flatMap((g) => S.Ks.flatMap((K) => [`exact.tv[sampler=${s},grid=${g},K=${K}]`, `exact.w1[sampler=${s},grid=${g},K=${K}]`])),
    ),
    "exact.floor_tv",
    "exact.floor_w1",
    ...SHIFTS.flatMap((s) => [`girsanov.kl[shift=${s}]`, `girsanov.bound[shift=${s}]`]),
    ...DSM_TIMES.flatMap((t) => [`dsm.floor[t=${t}]`, `dsm.floor_mc[t=${t}]`, `dsm.trained_loss[t=${t}]`]),
    "dsm.tv",
    "dsm.w1",
    ...memoNs.flatMap((n) => [
      ...TMINS.map((t) => `memo.near[n=${n},tmin=${t}]`),
      `memo.near_fresh[n=${n}]`,
      `memo.w1[n=${n}]`,
      `memo.w1_train[n=${n}]`,
      `memo.net_near[n=${n}]`,
    ]),
    ...S.nets.map((n) => `rate.tv[n=${n}]`),
    "rate.slope",
    ...["sde", "ode"].flatMap((s) => S.ringKs.flatMap((K) => [`ring.sw1[sampler=${s},K=${K}]`, `ring.tv[sampler=${s},K=${K}]`])),
  ];
}

export const KEYS_BY_SCALE: Record<Scale, string[]> = { smoke: keysFor("smoke"), class: keysFor("class"), paper: keysFor("paper") };
export const KEYS: string[] = KEYS_BY_SCALE.smoke;
