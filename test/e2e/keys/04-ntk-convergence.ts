/** Ledger keys notebooks/04-ntk-convergence.ipynb must record at every scale. */
export const KEYS: string[] = [];
