/**
 * Ledger keys notebooks/02-rademacher-bounds.ipynb must record. The sample sizes depend on the
 * scale, so the list is built per scale from the notebook's sizes; `KEYS` (smoke) is what the
 * notebook test checks.
 */
type Scale = "smoke" | "class" | "paper";

const pow2 = (lo: number, hi: number) => Array.from({ length: Math.log2(hi / lo) + 1 }, (_, i) => lo * 2 ** i);

const SIZES: Record<Scale, { ns: number[]; exactNs: number[]; lipNs: Record<1 | 2 | 3, number[]>; gapNs: number[]; aprioriNs: number[] }> = {
  smoke: { ns: pow2(32, 256), exactNs: [32], lipNs: { 1: pow2(32, 256), 2: pow2(32, 256), 3: pow2(32, 256) }, gapNs: pow2(32, 128), aprioriNs: [64, 256] },
  class: { ns: pow2(32, 1024), exactNs: [32, 64], lipNs: { 1: pow2(32, 1024), 2: pow2(32, 512), 3: pow2(32, 512) }, gapNs: pow2(32, 256), aprioriNs: [64, 256, 1024] },
  paper: { ns: pow2(32, 4096), exactNs: [32, 64], lipNs: { 1: pow2(32, 4096), 2: pow2(32, 1024), 3: pow2(32, 1024) }, gapNs: pow2(32, 1024), aprioriNs: [64, 256, 1024, 4096] },
};

export function keysFor(scale: Scale): string[] {
  const S = SIZES[scale];
  const classes = ["linear", "rkhs", "path", "path1"];
  return [
    ...S.gapNs.flatMap((n) => [`gap.quantile[n=${n}]`, `gap.bound[n=${n}]`]),
    ...[5, 50].flatMap((d) => [
      ...classes.flatMap((c) => S.ns.flatMap((n) => [`rad.value[class=${c},d=${d},n=${n}]`, `rad.se[class=${c},d=${d},n=${n}]`])),
      ...classes.map((c) => `rad.slope[class=${c},d=${d}]`),
      ...["rkhs", "contraction", "massart"].flatMap((k) => S.ns.map((n) => `rad.bound[kind=${k},d=${d},n=${n}]`)),
    ]),
    ...S.exactNs.flatMap((n) => [`rad.exact[d=5,n=${n}]`, `rad.search_gap[d=5,n=${n}]`]),
    ...([1, 2, 3] as const).flatMap((d) => [...S.lipNs[d].map((n) => `rad.value[class=lipschitz,d=${d},n=${n}]`), `rad.slope[class=lipschitz,d=${d}]`]),
    ...[0, 1].flatMap((r) => S.aprioriNs.flatMap((n) => [`apriori.test_mse[reg=${r},n=${n}]`, `apriori.pathnorm[reg=${r},n=${n}]`])),
  ];
}

export const KEYS_BY_SCALE: Record<Scale, string[]> = { smoke: keysFor("smoke"), class: keysFor("class"), paper: keysFor("paper") };
export const KEYS: string[] = KEYS_BY_SCALE.smoke;
