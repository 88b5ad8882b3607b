/**
 * The ledger keys each notebook must record (at every scale). A notebook's test fails if one is
 * missing or not a finite number. One file per notebook in `keys/`.
 */
import { KEYS as k00 } from "./keys/00-start-here";
import { KEYS as k01 } from "./keys/01-approximation-rates";
import { KEYS as k04 } from "./keys/04-ntk-convergence";
import { KEYS as k05 } from "./keys/05-minima-selection";
import { KEYS as k07 } from "./keys/07-one-step-feature-learning";

export const REQUIRED_KEYS: Record<string, string[]> = {
  "00-start-here": k00,
  "01-approximation-rates": k01,
  "04-ntk-convergence": k04,
  "05-minima-selection": k05,
  "07-one-step-feature-learning": k07,
};
