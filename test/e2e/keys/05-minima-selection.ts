/** Ledger keys notebooks/05-minima-selection.ipynb must record at every scale. */
export const KEYS: string[] = [];
