/** Ledger keys notebooks/04-ntk-convergence.ipynb must record at every scale. */
const WIDTHS = [4, 16, 50, 200, 1000, 4000];
export const KEYS: string[] = [
  "gram.lambda_min",
  "gram.conv_slope",
  ...[200, 1000, 4000].map((m) => `conv.rate_ratio[m=${m}]`),
  ...WIDTHS.map((m) => `lazy.rel_dB[m=${m}]`),
  "lazy.slope",
  ...WIDTHS.map((m) => `fig2.test_mse.nn[m=${m}]`),
  ...WIDTHS.map((m) => `fig2.test_mse.rfm[m=${m}]`),
  ...WIDTHS.map((m) => `fig2.rel_diff[m=${m}]`),
  "fig3.test_mse.reg",
  "fig3.test_mse.noreg",
  "scaling.rel_dB.ntk",
  "scaling.rel_dB.meanField",
];
