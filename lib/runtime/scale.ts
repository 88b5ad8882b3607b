/**
 * Scale tiers. `MLT_SCALE=smoke|class|paper` (default `class`) chooses how large every experiment is:
 * `smoke` runs in seconds (tests, CI), `class` in about a minute on a laptop CPU, `paper` at the
 * lectures' own sizes (meant for a GPU). A notebook reads all its sizes from one `scale.pick` call.
 */
import { ValidationError } from "./errors";

export type ScaleTier = "smoke" | "class" | "paper";
export const SCALE_TIERS: readonly ScaleTier[] = ["smoke", "class", "paper"];

let override: ScaleTier | null = null;

function parse(value: string | undefined): ScaleTier {
  if (value === undefined || value === "") return "class";
  const v = value.trim().toLowerCase();
  if ((SCALE_TIERS as readonly string[]).includes(v)) return v as ScaleTier;
  throw new ValidationError(`MLT_SCALE must be one of smoke, class, paper; got "${value}"`);
}

export const scale = {
  /** The tier in force: set by `scale.set`, else `MLT_SCALE`, else `class`. */
  get current(): ScaleTier {
    return override ?? parse(process.env.MLT_SCALE);
  },
  /** Forces a tier for this process (`null` returns to `MLT_SCALE`). */
  set(tier: ScaleTier | null): void {
    override = tier === null ? null : parse(tier);
  },
  /**
   * The value for the tier in force.
   * @example const { m, seeds } = lab.scale.pick({ smoke: { m: 64, seeds: 2 }, class: { m: 1024, seeds: 5 }, paper: { m: 8192, seeds: 10 } });
   */
  pick<T>(values: { smoke: T; class: T; paper: T }): T {
    for (const t of SCALE_TIERS) {
      if (!(t in values)) throw new ValidationError(`scale.pick needs a value for every tier; "${t}" is missing`);
    }
    return values[this.current];
  },
};
