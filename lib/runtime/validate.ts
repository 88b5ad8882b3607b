/**
 * Argument validation for the public boundary. Every helper throws a {@link ValidationError} whose
 * message names the argument, the value received and what was expected.
 */
import { ValidationError } from "./errors";

function show(v: unknown): string {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return String(v);
}

/**
 * Throws unless `v` is a finite number (not NaN, not ±Infinity); returns it typed as `number`.
 * @example const lr = validate.finite("lr", opts.lr); // throws "lr must be a finite number, got NaN"
 */
export function finite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ValidationError(`${name} must be a finite number, got ${show(v)}`, { argument: name });
  }
  return v;
}

/**
 * Throws unless `v` is a finite number > 0; returns it.
 * @example const sigma = validate.positive("sigma", opts.sigma ?? 1);
 */
export function positive(name: string, v: unknown): number {
  finite(name, v);
  if ((v as number) <= 0) throw new ValidationError(`${name} must be > 0, got ${show(v)}`, { argument: name });
  return v as number;
}

/**
 * Throws unless `v` is a finite number ≥ 0; returns it.
 * @example const lambda = validate.nonNegative("lambda", opts.lambda ?? 0);
 */
export function nonNegative(name: string, v: unknown): number {
  finite(name, v);
  if ((v as number) < 0) throw new ValidationError(`${name} must be ≥ 0, got ${show(v)}`, { argument: name });
  return v as number;
}

/**
 * Throws unless `v` is an integer ≥ `min` (default 1); returns it.
 * @example
 * const m = validate.integer("width", opts.width);        // m ≥ 1
 * const seed = validate.integer("seed", opts.seed ?? 0, 0); // seed ≥ 0
 */
export function integer(name: string, v: unknown, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new ValidationError(`${name} must be an integer ≥ ${min}, got ${show(v)}`, { argument: name });
  }
  return v;
}

/**
 * Throws unless `v` is a finite number in the closed interval [lo, hi]; returns it.
 * @example const momentum = validate.inRange("momentum", opts.momentum ?? 0.9, 0, 1);
 */
export function inRange(name: string, v: unknown, lo: number, hi: number): number {
  finite(name, v);
  if ((v as number) < lo || (v as number) > hi) {
    throw new ValidationError(`${name} must lie in [${lo}, ${hi}], got ${show(v)}`, { argument: name });
  }
  return v as number;
}

/**
 * Throws unless `v` is one of the strings in `options`; returns it narrowed to the union type.
 * @example const scaling = validate.oneOf("scaling", opts.scaling, ["meanField", "ntk", "standard"] as const);
 */
export function oneOf<T extends string>(name: string, v: unknown, options: readonly T[]): T {
  if (typeof v !== "string" || !(options as readonly string[]).includes(v)) {
    throw new ValidationError(`${name} must be one of ${options.map((o) => `"${o}"`).join(", ")}, got ${show(v)}`, { argument: name });
  }
  return v as T;
}

/**
 * Throws unless `shape` matches `expected`, where a `null` entry matches any size.
 * @example shape("X", X.shape, [null, 20]) // X must be [n, 20]
 */
export function shape(name: string, actual: readonly number[], expected: readonly (number | null)[]): void {
  const ok = actual.length === expected.length && expected.every((e, i) => e === null || e === actual[i]);
  if (!ok) {
    const want = `[${expected.map((e) => (e === null ? "*" : e)).join(", ")}]`;
    throw new ValidationError(`${name} must have shape ${want}, got [${actual.join(", ")}]`, { argument: name });
  }
}
