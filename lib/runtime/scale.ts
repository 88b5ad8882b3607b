/**
 * Scale tiers. `MLT_SCALE=smoke|class|paper` (default `class`) chooses how large every experiment is:
 * `smoke` runs in seconds (tests, CI), `class` in about a minute on a laptop CPU, `paper` at the
 * lectures' own sizes (meant for a GPU). A notebook reads all its sizes from one `scale.pick` call.
 */
import { ValidationError } from "./errors";

export type ScaleTier = "smoke" | "class" | "paper";
export const SCALE_TIERS: readonly ScaleTier[] = ["smoke", "class", "paper"];

let override: ScaleTier | null = null;
/** The tier the open notebook session was set up with (null before `setup`). */
let sessionTier: ScaleTier | null = null;

function parse(value: string | undefined, name = "MLT_SCALE"): ScaleTier {
  if (value === undefined || value === "") return "class";
  const v = String(value).trim().toLowerCase();
  if ((SCALE_TIERS as readonly string[]).includes(v)) return v as ScaleTier;
  throw new ValidationError(`${name} must be one of smoke, class, paper; got "${value}"`, { argument: name });
}

/**
 * Tells the scale which tier the notebook session was set up with (called by `setup`), so that
 * `scale.set` can say what to rerun.
 * @internal
 */
export function markSessionScale(tier: ScaleTier | null): void {
  sessionTier = tier;
}

export const scale = {
  /** The tier in force: set by `scale.set`, else `MLT_SCALE`, else `class`. */
  get current(): ScaleTier {
    return override ?? parse(process.env.MLT_SCALE);
  },
  /**
   * Switches the tier for this kernel without restarting it (`null` returns to `MLT_SCALE`). Inside
   * a notebook session it says what to do next: rerun the notebook from its set-up cell, so that
   * the ledger and every size follow the new tier.
   * @example lab.scale.set("smoke"); // then Run → "Run Selected Cell and All Below" from the set-up cell
   */
  set(tier: ScaleTier | null): void {
    override = tier === null ? null : parse(tier, "scale");
    const now = this.current;
    if (sessionTier !== null && now !== sessionTier) {
      console.log(
        `Scale switched to ${now} for this kernel (the notebook was set up at ${sessionTier}). Rerun the ` +
          `notebook from its set-up cell (select it, then Run → Run Selected Cell and All Below) so that ` +
          `every size and the ledger follow the new scale.`,
      );
    }
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
