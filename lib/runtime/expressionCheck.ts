/**
 * Symbolic answers to exercises. A student types a formula as a string ("sqrt((pi^2/8)^d - 1) / sqrt(m)");
 * it is parsed with mathjs, evaluated at seeded random points of its variables and compared with the
 * reference (a formula string or a function of the variables). Two formulas that agree at many random
 * points are equal as functions with overwhelming probability, whatever their form. A wrong answer
 * gets a hint computed from the two sets of values, not from the reference's text: off by a constant
 * factor or sign, a wrong power of a variable, a missing or extra term, undefined somewhere, or else
 * one point where the values differ. The answer is echoed back as LaTeX so the student sees how it
 * was read.
 */
import { ValidationError } from "./errors";
import { check, recordVerdict } from "./ledger";
import { Rng, toRng } from "./rng";
import { notebookDisplay } from "./env";

/** The members of a mathjs expression node used here. */
interface MathNode {
  isSymbolNode?: boolean;
  name?: string;
  fn?: unknown;
  toTex(options?: { handler?: (node: MathNode) => string | undefined }): string;
  toString(): string;
  compile(): { evaluate(scope: Record<string, number>): unknown };
  traverse(callback: (node: MathNode, path: string, parent: MathNode | null) => void): void;
}
// mathjs ships ES-module type declarations that a CommonJS build (this library) cannot import with
// the TypeScript this project pins; its CommonJS build is required and the members used are typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { create, all } = require("mathjs") as {
  create(factories: unknown, config: { predictable: boolean }): { parse(expr: string): MathNode } & Record<string, unknown>;
  all: unknown;
};
// `predictable`: sqrt(−1) is NaN rather than a complex number, so every result is a real number.
const math = create(all, { predictable: true });

/** Where a variable is sampled: [lo, hi] uniformly, or with options. */
export type VariableDomain = readonly [number, number] | { lo: number; hi: number; integer?: boolean; log?: boolean };

/** Options of {@link compareExpressions} and {@link checkExpression}. */
export interface ExpressionCheckOptions {
  /** Every variable the formula may use, with its domain, e.g. `{ d: [1, 100] }`. */
  variables: Record<string, VariableDomain>;
  /** Number of random points (default 24). */
  points?: number;
  /** Relative tolerance of the comparison (default 1e-9). */
  tol?: number;
  /** Seed of the points (default 0). */
  seed?: number | Rng;
  /** A hint added to the message of a wrong answer; it must not give the answer away. */
  hint?: string;
}

/** The outcome of a comparison. */
export interface ExpressionVerdict {
  ok: boolean;
  /** The student's expression as LaTeX (how it was read). */
  tex: string;
  /** The student's expression as mathjs prints it back (fully parenthesised where it matters). */
  text: string;
  /** What is wrong, computed from the values (null when ok). */
  diagnosis: string | null;
}

type Scope = Record<string, number>;
type Evaluator = (scope: Scope) => number;

interface Domain {
  lo: number;
  hi: number;
  integer: boolean;
  log: boolean;
}

function domains(vars: Record<string, VariableDomain>): Map<string, Domain> {
  if (vars === null || typeof vars !== "object" || Object.keys(vars).length === 0) {
    throw new ValidationError("variables must name at least one variable with its domain, e.g. { d: [1, 100] }");
  }
  const out = new Map<string, Domain>();
  for (const [name, v] of Object.entries(vars)) {
    const d = Array.isArray(v) ? { lo: v[0], hi: v[1] } : (v as { lo: number; hi: number; integer?: boolean; log?: boolean });
    const dom = { lo: d.lo, hi: d.hi, integer: "integer" in d && d.integer === true, log: "log" in d && d.log === true };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ValidationError(`variables: "${name}" is not a variable name`);
    if (!(Number.isFinite(dom.lo) && Number.isFinite(dom.hi) && dom.lo < dom.hi)) {
      throw new ValidationError(`variables.${name} must be [lo, hi] with finite lo < hi, got ${JSON.stringify(v)}`);
    }
    if (dom.log && !(dom.lo > 0)) throw new ValidationError(`variables.${name}: a log-scale domain needs lo > 0, got ${dom.lo}`);
    out.set(name, dom);
  }
  return out;
}

function parse(argName: string, expr: string, vars: Map<string, Domain>): { node: MathNode; evaluate: Evaluator } {
  if (typeof expr !== "string" || expr.trim() === "") {
    throw new ValidationError(`${argName} must be a formula written as a string, e.g. "sqrt(d) / m", got ${JSON.stringify(expr)}`);
  }
  let node: MathNode;
  try {
    node = math.parse(expr);
  } catch (e) {
    throw new ValidationError(`${argName} "${expr}" is not a formula mathjs can read: ${(e as Error).message}`);
  }
  const unknown = new Set<string>();
  node.traverse((n, _path, parent) => {
    if (n.isSymbolNode && n.name !== undefined) {
      const name = n.name;
      const isFunctionName = parent !== null && parent.fn === n;
      if (isFunctionName ? typeof math[name] !== "function" : !vars.has(name) && typeof math[name] !== "number") unknown.add(name);
    }
  });
  if (unknown.size > 0) {
    throw new ValidationError(
      `${argName} "${expr}" uses ${[...unknown].map((u) => `"${u}"`).join(", ")}, which ${unknown.size > 1 ? "are not variables" : "is not a variable"} ` +
        `of this exercise (${[...vars.keys()].join(", ")}) nor a constant or function such as pi, e, sqrt, exp, log; write products with * (e.g. "2*d")`,
    );
  }
  const code = node.compile();
  return {
    node,
    evaluate: (scope) => {
      let v: unknown;
      try {
        v = code.evaluate({ ...scope });
      } catch (e) {
        throw new ValidationError(`${argName} "${expr}" cannot be evaluated: ${(e as Error).message}`);
      }
      return typeof v === "number" ? v : NaN;
    },
  };
}

function samplePoints(vars: Map<string, Domain>, count: number, rng: Rng): Scope[] {
  return Array.from({ length: count }, () => {
    const p: Scope = {};
    for (const [name, d] of vars) {
      const u = rng.uniform();
      let x = d.log ? Math.exp(Math.log(d.lo) + u * (Math.log(d.hi) - Math.log(d.lo))) : d.lo + u * (d.hi - d.lo);
      if (d.integer) x = Math.min(Math.floor(d.hi), Math.max(Math.ceil(d.lo), Math.round(x)));
      p[name] = x;
    }
    return p;
  });
}

const show = (x: number): string => {
  const r = Number(x.toPrecision(4));
  return Math.abs(r) >= 1e5 || (r !== 0 && Math.abs(r) < 1e-3) ? r.toExponential().replace("e+", "e") : String(r);
};
const at = (p: Scope): string => Object.entries(p).map(([k, v]) => `${k} = ${show(v)}`).join(", ");

/**
 * Whether h(p) = c·Π_j x_j^{s_j} over the points: the exponent of each variable is read off by moving
 * that variable alone from the first point to the far end of its domain, then the monomial is
 * verified at every point. Null when h is not such a monomial (or vanishes).
 */
function monomial(h: (p: Scope) => number, points: Scope[], vars: Map<string, Domain>): { c: number; s: Map<string, number> } | null {
  const p0 = points[0];
  const h0 = h(p0);
  if (!(Number.isFinite(h0) && h0 !== 0)) return null;
  const s = new Map<string, number>();
  for (const [n, d] of vars) {
    if (!(d.lo > 0)) {
      s.set(n, 0);
      continue;
    }
    const lo = d.integer ? Math.ceil(d.lo) : d.lo;
    const hi = d.integer ? Math.floor(d.hi) : d.hi;
    const alt = p0[n] >= Math.sqrt(lo * hi) ? lo : hi;
    if (alt === p0[n]) {
      s.set(n, 0);
      continue;
    }
    const h1 = h({ ...p0, [n]: alt });
    s.set(n, h1 / h0 > 0 ? Math.log(h1 / h0) / Math.log(alt / p0[n]) : NaN);
  }
  if ([...s.values()].some((e) => !Number.isFinite(e))) return null;
  const fits = points.every((p) => {
    let m = h0;
    for (const [n, e] of s) if (e !== 0) m *= (p[n] / p0[n]) ** e;
    return Math.abs(h(p) - m) <= 1e-6 * Math.abs(m);
  });
  if (!fits) return null;
  let c = h0;
  for (const [n, e] of s) if (e !== 0) c /= p0[n] ** e;
  return { c, s };
}

/** The variables that change h when moved alone from p0 across their domain (null if h is not finite there). */
function dependsOn(h: (p: Scope) => number, p0: Scope, vars: Map<string, Domain>): string[] | null {
  const h0 = h(p0);
  if (!Number.isFinite(h0)) return null;
  const out: string[] = [];
  for (const [n, d] of vars) {
    const lo = d.integer ? Math.ceil(d.lo) : d.lo;
    const hi = d.integer ? Math.floor(d.hi) : d.hi;
    for (const x of [lo, (lo + hi) / 2, hi].map((v) => (d.integer ? Math.round(v) : v))) {
      const h1 = h({ ...p0, [n]: x });
      if (!Number.isFinite(h1)) return null;
      if (Math.abs(h1 - h0) > 1e-7 * Math.max(Math.abs(h0), 1e-300)) {
        out.push(n);
        break;
      }
    }
  }
  return out;
}

function power(s: number): string {
  for (const den of [1, 2, 3, 4]) if (Math.abs(s * den - Math.round(s * den)) < 1e-6) return den === 1 ? String(Math.round(s)) : `${Math.round(s * den)}/${den}`;
  return s.toPrecision(3);
}

/** The hint for a wrong answer, computed from the values of the answer f and the reference g. */
function diagnose(f: Evaluator, g: Evaluator, points: Scope[], fv: number[], gv: number[], vars: Map<string, Domain>): string {
  const bad = fv.findIndex((v, k) => !Number.isFinite(v) && Number.isFinite(gv[k]));
  if (bad >= 0) return `your formula is not defined at ${at(points[bad])} (it gives ${fv[bad]}) where the answer is finite: look for a division by zero or a root of a negative number`;
  const ratio = monomial((p) => f(p) / g(p), points, vars);
  if (ratio) {
    const wrong = [...ratio.s].filter(([, e]) => Math.abs(e) > 1e-6);
    if (wrong.length === 0) {
      if (Math.abs(ratio.c + 1) <= 1e-6) return "your formula has the wrong sign: it is −1 times the answer at every point";
      return `your formula is off by a constant factor: it is ${ratio.c.toPrecision(4)} times the answer at every point (check the constants)`;
    }
    const parts = wrong.map(([n, e]) => `${n}^${power(e)}`).join(" · ");
    const factor = Math.abs(ratio.c - 1) > 1e-6 ? `, times a constant ${ratio.c.toPrecision(4)}` : "";
    return `the power of ${wrong.map(([n]) => n).join(" and ")} is wrong: your formula divided by the answer behaves like ${parts}${factor}`;
  }
  const diff = monomial((p) => f(p) - g(p), points, vars);
  if (diff) {
    const dep = [...diff.s].filter(([, e]) => Math.abs(e) > 1e-6).map(([n]) => n);
    if (dep.length === 0) return `your formula is off by an additive constant: it is ${diff.c > 0 ? "larger" : "smaller"} than the answer by ${Math.abs(diff.c).toPrecision(4)} at every point`;
    return `your formula differs from the answer by a single term (a constant times a power of ${dep.join(" and ")}): a term is ${diff.c < 0 ? "missing" : "extra"} or has the wrong coefficient`;
  }
  const agree = (h: (x: number) => number): boolean => fv.every((v, k) => Math.abs(v - h(gv[k])) <= 1e-7 * Math.max(Math.abs(v), 1e-300));
  if (agree((x) => x * x)) return "your formula is the square of the answer: a square root is missing";
  if (gv.every((x) => x > 0) && agree(Math.sqrt)) return "your formula is the square root of the answer: a square is missing";
  if (gv.every((x) => x !== 0) && agree((x) => 1 / x)) return "your formula is the reciprocal of the answer: it is upside down";
  const moving = dependsOn((p) => f(p) / g(p), points[0], vars);
  if (moving !== null && moving.length > 0 && moving.length < vars.size) {
    const fixed = [...vars.keys()].filter((n) => !moving.includes(n));
    return `your formula divided by the answer changes with ${moving.join(" and ")} but not with ${fixed.join(" or ")}: the part that involves ${moving.join(" and ")} is wrong`;
  }
  const rel = (k: number): number => Math.abs(fv[k] - gv[k]) / Math.max(Math.abs(gv[k]), 1e-300);
  const k = fv.reduce((best, _v, i) => (rel(i) > rel(best) ? i : best), 0);
  return `at ${at(points[k])} your formula gives ${fv[k].toPrecision(6)}, the answer is ${gv[k].toPrecision(6)}`;
}

/**
 * Compares a formula (a mathjs expression string in the given variables) with a reference formula or
 * function at `points` seeded random points: equal when |f(p) − g(p)| ≤ tol·max(|g(p)|, 1e-6·max|g|)
 * at every point. Throws a ValidationError for a formula that cannot be read or uses an unknown name.
 * @example
 * const v = compareExpressions("d^2/(2*d)", "d/2", { variables: { d: [1, 100] } }); // v.ok === true
 * compareExpressions("d/4", "d/2", { variables: { d: [1, 100] } }).diagnosis; // "… off by a constant factor: it is 0.5000 times …"
 */
export function compareExpressions(answer: string, reference: string | ((vars: Scope) => number), opts: ExpressionCheckOptions): ExpressionVerdict {
  const vars = domains(opts.variables);
  const student = parse("answer", answer, vars);
  const ref: Evaluator = typeof reference === "function" ? reference : parse("reference", reference, vars).evaluate;
  const count = opts.points ?? 24;
  if (!Number.isInteger(count) || count < 3) throw new ValidationError(`points must be an integer ≥ 3, got ${count}`);
  const tol = opts.tol ?? 1e-9;
  if (!(tol > 0)) throw new ValidationError(`tol must be > 0, got ${tol}`);
  const points = samplePoints(vars, count, toRng(opts.seed ?? 0, "seed"));
  const g = points.map((p) => ref({ ...p }));
  const badRef = g.findIndex((v) => !Number.isFinite(v));
  if (badRef >= 0) throw new ValidationError(`reference is not finite at ${at(points[badRef])}: narrow the variables' domains`);
  const f = points.map((p) => student.evaluate(p));
  const floor = 1e-6 * Math.max(...g.map(Math.abs));
  const ok = f.every((v, k) => Number.isFinite(v) && Math.abs(v - g[k]) <= tol * Math.max(Math.abs(g[k]), floor));
  // Single-letter variables print as plain symbols (mathjs would set a unit name such as m upright).
  const tex = student.node.toTex({ handler: (n) => (n.isSymbolNode && n.name !== undefined && n.name.length === 1 && vars.has(n.name) ? n.name : undefined) });
  return { ok, tex, text: student.node.toString(), diagnosis: ok ? null : diagnose(student.evaluate, ref, points, f, g, vars) };
}

/**
 * Checks a symbolic answer to an exercise and records the verdict in the ledger like every check:
 * the formula is compared with the reference at seeded random points of its variables
 * ({@link compareExpressions}); its LaTeX is displayed (as math in a notebook) so the student sees
 * how it was read. A wrong answer throws a CheckError whose message says what is wrong (constant
 * factor, sign, power of a variable, missing term, …) without giving the reference away, followed by
 * `opts.hint`; a formula that cannot be read throws a ValidationError (and records a failure).
 * @example
 * lab.checkExpression("Exercise 4", "sqrt(((pi^2/8)^d - 1) / m)",
 *   ({ d, m }) => Math.sqrt(lab.numerics.productSine(d).variance / m),
 *   { variables: { d: { lo: 1, hi: 12, integer: true }, m: { lo: 1, hi: 1e6, log: true } } });
 */
export function checkExpression(name: string, answer: string, reference: string | ((vars: Scope) => number), opts: ExpressionCheckOptions): void {
  let v: ExpressionVerdict;
  try {
    v = compareExpressions(answer, reference, opts);
  } catch (e) {
    recordVerdict(name, "fail", (e as Error).message);
    throw e;
  }
  const display = notebookDisplay();
  if (display) display.markdown(`Your answer, as read: $$${v.tex}$$`);
  else console.log(`your answer, as read: ${v.text}`);
  const count = opts.points ?? 24;
  const where = Object.entries(opts.variables).map(([k, d]) => `${k} ∈ [${show(Array.isArray(d) ? d[0] : (d as { lo: number }).lo)}, ${show(Array.isArray(d) ? d[1] : (d as { hi: number }).hi)}]`).join(", ");
  const source = `compared at ${count} seeded random points with ${where}, relative tolerance ${opts.tol ?? 1e-9}`;
  const detail = v.ok ? `your formula equals the answer (${source})` : `${v.diagnosis}`;
  check(name, v.ok, detail, { source, ...(opts.hint ? { hint: opts.hint } : {}) });
}
