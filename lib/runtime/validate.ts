/**
 * Argument validation for the public boundary. Every helper throws a {@link ValidationError} whose
 * message names the argument, the value received and what was expected.
 */
import * as tf from "@tensorflow/tfjs";
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

/**
 * Throws unless `v` is a step size: a finite number ≥ 0 (lr = 0 leaves the parameters where they
 * are). Every optimizer and every fused or float64 training step checks its lr with this one helper.
 * @example const lr = validate.stepSize("lr", opts.lr); // throws "lr must be ≥ 0, got -0.1"
 */
export function stepSize(name: string, v: unknown): number {
  return nonNegative(name, v);
}

/**
 * Throws unless `m` is a width (a number of neurons): an integer ≥ 1. A zero width has no network
 * behind it (a Gram matrix or an average over neurons of it would be 0/0).
 * @example const m = validate.width("W", W.shape[1]); // throws "W has zero width (m = 0 neurons); …"
 */
export function width(name: string, m: unknown): number {
  if (typeof m !== "number" || !Number.isInteger(m) || m < 1) {
    const what = name === "m" ? "m (the width)" : `the width of ${name} (its number of neurons m)`;
    const zero = m === 0 && name !== "m" ? `${name} has zero width (m = 0 neurons); ` : "";
    throw new ValidationError(`${zero}${what} must be an integer ≥ 1, got ${show(m)}`, { argument: name });
  }
  return m;
}

/**
 * Throws unless `n` (the number of rows of `name`) is ≥ 1: data with no sample has no loss, mean or
 * kernel (every average over it is 0/0).
 * @example validate.nonEmpty("X", X.shape[0]); // throws "X is empty (n = 0 rows) …"
 */
export function nonEmpty(name: string, n: number): void {
  if (!(n >= 1)) throw new ValidationError(`${name} is empty (n = ${n} rows); it needs at least one sample`, { argument: name });
}

/** Where entry k of a row-major array with `cols` columns lies, in words. */
function at(k: number, cols: number | undefined): string {
  return cols === undefined || cols < 1 ? `entry ${k}` : `row ${Math.floor(k / cols)}, column ${k % cols}`;
}

/**
 * Throws unless every entry of `values` (row-major, `cols` columns when given) is finite; the message
 * names the first bad entry by row and column: "X must be finite: NaN at row 3, column 1".
 * @example validate.finiteArray("y", y); validate.finiteArray("X", X.data, X.d);
 */
export function finiteArray(name: string, values: ArrayLike<number>, cols?: number): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ValidationError(`${name} must be finite: ${show(v)} at ${at(k, cols)}`, { argument: name });
    }
  }
}

/**
 * Throws unless every row of `rows` has `cols` finite entries (the first bad row and column named).
 * @example validate.finiteRows("X1", [[1, 0], [0, NaN]], 2); // "X1 must be finite: NaN at row 1, column 1"
 */
export function finiteRows(name: string, rows: ArrayLike<ArrayLike<number>>, cols: number): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r || r.length !== cols) throw new ValidationError(`${name} row ${i} must have ${cols} entries, got ${r?.length}`, { argument: name });
    for (let j = 0; j < cols; j++) {
      if (typeof r[j] !== "number" || !Number.isFinite(r[j])) {
        throw new ValidationError(`${name} must be finite: ${show(r[j])} at row ${i}, column ${j}`, { argument: name });
      }
    }
  }
}

/**
 * Throws unless the tensor `t` holds only finite numbers. One reduction on the device,
 * Σ (t·0), which is 0 for finite data and NaN as soon as one entry is NaN or ±∞; the data come to the
 * host only to name the first bad entry. Meant for once per run (a training run, a Gram matrix, a
 * spectrum), never once per step. Integer and boolean tensors pass at once.
 * @example validate.finiteTensor("X", X); // throws "X must be finite: NaN at row 12, column 0"
 */
export function finiteTensor(name: string, t: tf.Tensor): void {
  if (!(t instanceof tf.Tensor)) throw new ValidationError(`${name} must be a tf.Tensor, got ${show(t)}`, { argument: name });
  if (t.dtype !== "float32" || t.size === 0) return;
  const probe = tf.tidy(() => tf.sum(tf.mul(t, 0)));
  const ok = Number.isFinite(probe.dataSync()[0]);
  probe.dispose();
  if (ok) return;
  finiteArray(name, t.dataSync(), t.rank >= 2 ? t.size / t.shape[0] : undefined);
}

/**
 * Checks the data of a run once at its start: `X` is a tensor with at least one row, of rank `rank`
 * (when given), with only finite entries. Returns n, the number of rows.
 * @example const n = validate.dataTensor("X", X, 2);
 */
export function dataTensor(name: string, t: unknown, rank?: number): number {
  if (!(t instanceof tf.Tensor)) throw new ValidationError(`${name} must be a tf.Tensor, got ${show(t)}`, { argument: name });
  if (rank !== undefined && t.rank !== rank) {
    throw new ValidationError(`${name} must be a rank-${rank} tensor, got shape [${t.shape.join(", ")}]`, { argument: name });
  }
  if (t.rank < 1) throw new ValidationError(`${name} must have one row per sample, got a scalar`, { argument: name });
  nonEmpty(name, t.shape[0]);
  finiteTensor(name, t);
  return t.shape[0];
}

/**
 * Checks float64 host points { data, n, d } (row-major, as the samplers return them) once: n ≥ 1,
 * d ≥ 1, data.length = n·d and every entry finite (the first bad row and column named).
 * @example validate.hostPoints("X", X); // throws "X must be finite: NaN at row 2, column 0"
 */
export function hostPoints(name: string, p: { data: ArrayLike<number>; n: number; d: number }): void {
  if (!p || typeof p !== "object" || !p.data) throw new ValidationError(`${name} must be host points { data, n, d }, got ${show(p)}`, { argument: name });
  nonEmpty(name, p.n);
  integer(`${name}.d`, p.d, 1);
  if (p.data.length !== p.n * p.d) {
    throw new ValidationError(`${name}.data must hold n·d = ${p.n * p.d} numbers, got ${p.data.length}`, { argument: name });
  }
  finiteArray(name, p.data, p.d);
}
