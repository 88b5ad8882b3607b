/**
 * The one call at the top of every notebook: fixes the seed, starts the backend, reads the scale tier,
 * opens the results ledger, and prints one line for each.
 */
import { initBackend, BackendReport } from "./backend";
import { ledgerSummary, openLedger, setLedgerMeta } from "./ledger";
import { displayPath } from "./env";
import { Rng } from "./rng";
import { installCellErrors } from "./cellErrors";
import { markSessionScale, scale, SCALE_TIERS, ScaleTier } from "./scale";
import { integer } from "./validate";

export interface Session {
  notebook: string;
  seed: number;
  scale: ScaleTier;
  backend: BackendReport;
  /** The notebook's root random stream; derive independent streams with `rng.child("label")`. */
  rng: Rng;
  /** Seconds since `setup` ran. */
  elapsed(): number;
}

let session: Session | null = null;

/**
 * Starts a notebook session.
 * @example const s = await lab.setup({ notebook: "00-start-here", seed: 0 });
 */
export async function setup(opts: { notebook: string; seed?: number; backend?: string }): Promise<Session> {
  const envSeed = process.env.MLT_SEED;
  const seed = opts.seed ?? (envSeed !== undefined && envSeed !== "" ? Number(envSeed) : 0);
  integer("seed", seed, 0);
  installCellErrors();
  const tier = scale.current;
  const backend = await initBackend({ prefer: opts.backend, quiet: true });
  openLedger({ notebook: opts.notebook, scale: tier, backend: backend.choice, seed });
  const t0 = Date.now();
  session = { notebook: opts.notebook, seed, scale: tier, backend, rng: new Rng(seed), elapsed: () => (Date.now() - t0) / 1000 };
  markSessionScale(tier);
  const [a, b] = SCALE_TIERS.filter((t) => t !== tier);
  console.log(`Running ${opts.notebook} at scale ${tier} with seed ${seed}. Another scale: lab.scale.set("${a}") (or "${b}"), then rerun from this cell.`);
  console.log(backend.line);
  return session;
}

/**
 * The current session, or null before `setup`.
 * @example const rng = lab.currentSession()?.rng.child("data") ?? new lab.Rng(0);
 */
export function currentSession(): Session | null {
  return session;
}

/**
 * Closes a notebook run: writes the seconds elapsed since `setup` (rounded to 0.1 s) into the
 * ledger's meta and prints one sentence with the time, the checks and where the ledger is; call it
 * in the notebook's last cell.
 * @example lab.finish(); // "Finished 00-start-here in 12.3 s: all 9 checks passed; 6 numbers recorded in build/results/00-start-here.json."
 */
export function finish(): void {
  const seconds = session ? session.elapsed() : 0;
  setLedgerMeta({ seconds: Math.round(seconds * 10) / 10 });
  const s = ledgerSummary();
  const total = s.passed + s.failed;
  const checks = total === 0 ? "no checks ran" : s.failed === 0 ? `all ${total} checks passed` : `${s.failed} of ${total} checks failed`;
  const where = s.file ? ` in ${displayPath(s.file)}` : "";
  const name = session ? session.notebook : "the session";
  console.log(`Finished ${name} in ${seconds.toFixed(1)} s: ${checks}; ${s.values} numbers recorded${where}.`);
}
