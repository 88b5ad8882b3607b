/** Ledger keys notebooks/01-approximation-rates.ipynb must record at every scale. */
export const KEYS: string[] = [];
