/**
 * The results ledger and the science checks.
 *
 * `record(key, value)` stores a number under a key such as `mc.slope[d=8]`; the ledger of a notebook
 * is written to `build/results/<notebook>.json` as `{ key: number, …, meta: {…} }` after every record,
 * so nothing is lost if a later cell fails. `check(name, ok, detail)` throws a {@link CheckError}
 * with a message a student can read when a measurement disagrees with theory.
 */
import * as path from "path";
import { CheckError, ValidationError } from "./errors";
import { buildDir, writeFileAtomic } from "./env";

/**
 * What the ledger keeps of one check, so a run can be audited from the ledger alone: the verdict,
 * the measured value, what it was held against (an expected value with a tolerance, a band, or an
 * upper bound), where the tolerance comes from (theory, measured seed spread, …) and the sentence
 * that was printed.
 */
export interface CheckRecord {
  verdict: "pass" | "fail";
  /** The measured number, when the check compares one. */
  measured?: number;
  /** The expected value of a `checkNear`. */
  expected?: number;
  /** The allowed |measured − expected| of a `checkNear`. */
  tolerance?: number;
  /** The allowed [lo, hi] of a `checkBetween`. */
  band?: [number, number];
  /** The strict upper bound of a `checkLess` (measured < bound). */
  bound?: number;
  /** Where the tolerance, band or bound comes from. */
  source?: string;
  /** The sentence printed for the check. */
  detail: string;
}

export interface LedgerMeta {
  notebook: string;
  scale: string;
  backend: string;
  seed: number;
  started: string;
  checks: Record<string, CheckRecord>;
  /** Wall-clock seconds of the whole notebook, set by `finish()`. */
  seconds?: number;
}

interface LedgerState {
  values: Record<string, number>;
  meta: LedgerMeta;
}

let state: LedgerState | null = null;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\[[A-Za-z_][A-Za-z0-9_]*=[^\]\s,]+(,[A-Za-z_][A-Za-z0-9_]*=[^\]\s,]+)*\])?$/;

/**
 * Starts a fresh ledger for a notebook (called by `setup`).
 * @internal
 */
export function openLedger(meta: Omit<LedgerMeta, "checks" | "started">): void {
  if (!/^[A-Za-z0-9._-]+$/.test(meta.notebook)) {
    throw new ValidationError(`notebook name must be a file stem like "01-approximation-rates", got "${meta.notebook}"`);
  }
  state = { values: {}, meta: { ...meta, started: new Date().toISOString(), checks: {} } };
  flush();
}

/**
 * The path the current ledger is written to, `<build>/results/<notebook>.json`, or null when no
 * notebook ledger is open.
 * @example console.log(lab.runtime.ledgerPath()); // ".../build/results/00-start-here.json" after lab.setup
 */
export function ledgerPath(): string | null {
  return state ? path.join(buildDir(), "results", `${state.meta.notebook}.json`) : null;
}

function flush(): void {
  const file = ledgerPath();
  if (!state || !file) return;
  writeFileAtomic(file, JSON.stringify({ ...state.values, meta: state.meta }, null, 2) + "\n");
}

/**
 * A copy of the values recorded so far (an empty object before `setup` or the first `record`).
 * @example
 * lab.record("mc.slope[d=8]", -0.49);
 * lab.ledger()["mc.slope[d=8]"]; // -0.49
 */
export function ledger(): Record<string, number> {
  return state ? { ...state.values } : {};
}

/**
 * Stores a measured number in the notebook's ledger.
 * Keys look like `section.quantity` with optional parameters: `fig2.test_mse.nn[m=4]`.
 * @example lab.record("mc.slope[d=8]", -0.49);
 */
export function record(key: string, value: number): number {
  if (!KEY.test(key)) {
    throw new ValidationError(`record: key "${key}" is not of the form name.part[param=value,…]`);
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValidationError(`record("${key}"): the value must be a finite number, got ${String(value)}`);
  }
  if (!state) {
    // Outside a notebook set-up (e.g. in a script) the ledger is kept in memory only.
    state = { values: {}, meta: { notebook: "", scale: "", backend: "", seed: 0, started: new Date().toISOString(), checks: {} } };
  }
  state.values[key] = value;
  flush();
  return value;
}

/** The numbers a check compares, kept in the ledger beside its verdict (see {@link CheckRecord}). */
export type CheckFacts = Omit<CheckRecord, "verdict" | "detail">;

/**
 * Records a check's verdict without printing or throwing (for checks that fail with an error of
 * another kind, such as an answer that cannot be read).
 * @internal
 */
export function recordVerdict(name: string, verdict: "pass" | "fail", detail: string): void {
  if (!state) return;
  state.meta.checks[name] = { verdict, detail };
  flush();
}

/**
 * Asserts a scientific claim. On failure throws a CheckError reading
 * "Check failed: <name> — <detail>"; on success prints "✓ <name> — <detail>". A hint for a student
 * (`opts.hint`, or a trailing "Hint: …" in the detail) is shown only when the check fails. `facts`
 * (the measured value and what it was held against) go into the ledger with the verdict; prefer
 * {@link checkNear}, {@link checkBetween} and {@link checkLess}, which fill them in.
 * @example
 * lab.check("Chebyshev errors decrease", errs.every((e, i) => i === 0 || e < errs[i - 1]),
 *   `max errors ${errs.join(", ")} (must decrease)`, { source: "theory: geometric convergence" });
 */
export function check(name: string, ok: boolean, detail: string, facts: CheckFacts & { hint?: string } = {}): void {
  const { hint: optHint, ...rest } = facts;
  const cut = detail.search(/\s*Hint:/);
  const body = cut >= 0 ? detail.slice(0, cut) : detail;
  const hint = optHint ?? (cut >= 0 ? detail.slice(cut).replace(/^\s*Hint:\s*/, "") : undefined);
  const entry: CheckRecord = { verdict: ok ? "pass" : "fail", ...rest, detail: body };
  if (state) {
    state.meta.checks[name] = entry;
    flush();
  }
  if (!ok) throw new CheckError(`Check failed: ${name} — ${body}${hint ? `${/[.!?)]$/.test(body) ? "" : "."} Hint: ${hint}` : ""}`);
  console.log(`✓ ${name} — ${body}`);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  const s = a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : x.toPrecision(4).replace(/\.?0+$/, "");
  return s.replace(/^-/, "−");
}

/**
 * Checks |measured − expected| ≤ tol. `source` says where the tolerance comes from.
 * @example lab.checkNear("Monte Carlo slope, d = 8", slope, -0.5, 0.1, "theory: RMSE ∝ m^(−1/2); tolerance from seed spread");
 */
export function checkNear(name: string, measured: number, expected: number, tol: number, source: string): void {
  const ok = Number.isFinite(measured) && Math.abs(measured - expected) <= tol;
  check(name, ok, `measured ${fmt(measured)}, expected ${fmt(expected)} ± ${fmt(tol)} (${source})`, { measured, expected, tolerance: tol, source });
}

/**
 * Checks lo ≤ measured ≤ hi (a non-finite measurement fails). `source` says where the bounds come from.
 * @example lab.checkBetween("Monte Carlo slope", slope, -0.6, -0.4, "theory −1/2; band from the seed spread");
 */
export function checkBetween(name: string, measured: number, lo: number, hi: number, source: string): void {
  const ok = Number.isFinite(measured) && measured >= lo && measured <= hi;
  check(name, ok, `measured ${fmt(measured)}, expected within [${fmt(lo)}, ${fmt(hi)}] (${source})`, { measured, band: [lo, hi], source });
}

/**
 * Checks a < b (both finite), e.g. "network error below random-feature error"; `labels` name the
 * two sides in the message.
 * @example lab.checkLess("network beats random features", nnMse, rfMse, "m = 512, 5 seeds", ["network MSE", "RF MSE"]);
 */
export function checkLess(name: string, a: number, b: number, source: string, labels: [string, string] = ["left", "right"]): void {
  const ok = Number.isFinite(a) && Number.isFinite(b) && a < b;
  // A label that is the number itself ("0.01") is not repeated beside it.
  const side = (label: string, v: number) => (label === fmt(v) || Number(label) === v ? fmt(v) : `${label} ${fmt(v)}`);
  check(name, ok, `${side(labels[0], a)} ${ok ? "<" : "is not below"} ${side(labels[1], b)} (${source})`, { measured: a, bound: b, source });
}

/**
 * Counts for the closing line of a notebook: recorded values, passed and failed checks, and where the
 * ledger is written.
 * @internal
 */
export function ledgerSummary(): { values: number; passed: number; failed: number; file: string | null } {
  const checks = state ? Object.values(state.meta.checks) : [];
  return {
    values: state ? Object.keys(state.values).length : 0,
    passed: checks.filter((c) => c.verdict === "pass").length,
    failed: checks.filter((c) => c.verdict === "fail").length,
    file: ledgerPath(),
  };
}

/**
 * Adds extra fields to the ledger's `meta` (e.g. `seconds`).
 * @internal
 */
export function setLedgerMeta(extra: Partial<LedgerMeta>): void {
  if (!state) return;
  Object.assign(state.meta, extra);
  flush();
}

/**
 * Formats a number the way checks do: 4 significant digits, trailing zeros dropped, exponent form
 * below 1e-3 or from 1e5 in magnitude, and a Unicode minus.
 * @example lab.runtime.formatNumber(-0.000123456); // "−1.235e-4"
 */
export const formatNumber = fmt;
