/** Ledger keys notebooks/07-one-step-feature-learning.ipynb must record at every scale. */
export const KEYS: string[] = [];
