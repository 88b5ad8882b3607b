/**
 * The ledger keys each notebook must record (at every scale). A notebook's test fails if one is
 * missing or not a finite number. One file per notebook in `keys/`. Where a notebook's keys depend
 * on the scale (its dimensions or step counts do), its file also lists them per scale
 * (`KEYS_BY_SCALE`), and `KEYS` is the smoke list the notebook test uses.
 */
import { KEYS as k00 } from "./keys/00-start-here";
import { KEYS as k01 } from "./keys/01-approximation-rates";
import { KEYS as k02, KEYS_BY_SCALE as k02ByScale } from "./keys/02-rademacher-bounds";
import { KEYS as k03, KEYS_BY_SCALE as k03ByScale } from "./keys/03-hardness-orthonormal";
import { KEYS as k04 } from "./keys/04-ntk-convergence";
import { KEYS as k05 } from "./keys/05-minima-selection";
import { KEYS as k06, KEYS_BY_SCALE as k06ByScale } from "./keys/06-diffusion-score-matching";
import { KEYS as k07 } from "./keys/07-one-step-feature-learning";

export const REQUIRED_KEYS: Record<string, string[]> = {
  "00-start-here": k00,
  "01-approximation-rates": k01,
  "02-rademacher-bounds": k02,
  "03-hardness-orthonormal": k03,
  "04-ntk-convergence": k04,
  "05-minima-selection": k05,
  "06-diffusion-score-matching": k06,
  "07-one-step-feature-learning": k07,
};

/** Per-scale key lists, for the notebooks whose keys depend on the scale. */
export const REQUIRED_KEYS_BY_SCALE: Record<string, Record<"smoke" | "class" | "paper", string[]>> = {
  "02-rademacher-bounds": k02ByScale,
  "03-hardness-orthonormal": k03ByScale,
  "06-diffusion-score-matching": k06ByScale,
};
