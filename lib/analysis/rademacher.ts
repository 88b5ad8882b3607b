/**
 * Empirical Rademacher complexity R̂_n(F) = E_ξ sup_{f∈F} (1/n) Σ_i ξ_i f(x_i), ξ_i independent
 * uniform signs (Bartlett & Mendelson 2002; E, "Towards a mathematical theory of machine learning").
 * Estimators average sup(ξ) over seeded sign draws (or over all 2^n sign vectors with `exact`) and
 * return { estimate, stderr, draws, values }; bounds are plain numbers to plot beside them.
 * Everything runs in float64 on the host; tensors given as input are read once.
 */
import type * as tf from "@tensorflow/tfjs";
import { Rng, toRng } from "../runtime/rng";
import { finiteArray, integer, nonEmpty, positive } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";
import { augment, ascend, extremeRays, type Pts } from "./neuronSearch";
import { linearAssignment } from "../numerics/assignment";

/** A Monte Carlo (or exact) estimate of an empirical Rademacher complexity. */
export interface RademacherEstimate {
  /** Mean of sup(ξ) over the draws. */
  estimate: number;
  /** Standard error of the mean, s/√draws (0 for exact enumeration). */
  stderr: number;
  /** Number of sign vectors averaged over (2^n when exact). */
  draws: number;
  /** sup(ξ) for each draw. */
  values: Float64Array;
}

/** Points x_1…x_n as a tensor [n, d], an array of rows, or host points { data, n, d } (row-major). */
export type RademacherPoints = tf.Tensor2D | ArrayLike<number>[] | { data: ArrayLike<number>; n: number; d: number };

/** Options shared by the estimators: number of sign draws and seed, or `exact` enumeration (n ≤ 20). */
export interface RademacherDrawOptions {
  draws?: number;
  seed?: number | Rng;
  exact?: boolean;
}

/** Largest n for which all 2^n sign vectors are enumerated. */
export const MAX_EXACT_RADEMACHER_N = 20;


function readPoints(name: string, X: RademacherPoints): Pts {
  let p: Pts;
  if (X && typeof (X as tf.Tensor2D).dataSync === "function") {
    const T = X as tf.Tensor2D;
    if (T.rank !== 2) throw new ValidationError(`${name} must be a rank-2 tensor [n, d], got shape [${T.shape.join(", ")}]`);
    p = { data: Float64Array.from(T.dataSync()), n: T.shape[0], d: T.shape[1] };
  } else if (Array.isArray(X)) {
    const rows = X as ArrayLike<number>[];
    const d = rows.length > 0 ? rows[0].length : 0;
    const data = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      if (r.length !== d) throw new ValidationError(`${name} row ${i} has ${r.length} entries, row 0 has ${d}`);
      for (let j = 0; j < d; j++) data[i * d + j] = r[j];
    });
    p = { data, n: rows.length, d };
  } else if (X && typeof X === "object" && "data" in X) {
    const h = X as { data: ArrayLike<number>; n: number; d: number };
    if (h.data.length !== h.n * h.d) throw new ValidationError(`${name}.data must hold n·d = ${h.n * h.d} numbers, got ${h.data.length}`);
    p = { data: Float64Array.from(h.data), n: h.n, d: h.d };
  } else throw new ValidationError(`${name} must be a tf.Tensor2D, an array of rows, or { data, n, d }`);
  nonEmpty(name, p.n);
  integer(`${name}: d`, p.d, 1);
  finiteArray(name, p.data, p.d);
  return p;
}

function summarize(values: Float64Array): RademacherEstimate {
  const k = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= k;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { estimate: mean, stderr: k > 1 ? Math.sqrt(ss / (k - 1) / k) : NaN, draws: k, values };
}

/**
 * R̂_n by Monte Carlo: the mean of sup(ξ) over `draws` (default 200) seeded sign vectors ξ ∈ {±1}^n.
 * `sup(ξ)` must return sup_{f∈F} (1/n)Σ ξ_i f(x_i) (the 1/n included). The ξ array is reused between
 * calls: copy it to keep it. With `exact: true` it averages over all 2^n sign vectors instead.
 * @example
 * const x = [0.3, -1.2, 0.8];
 * rademacherMonteCarlo((xi) => Math.abs(xi.reduce((s, e, i) => s + e * x[i], 0)) / 3, { n: 3, draws: 1000, seed: 0 });
 */
export function rademacherMonteCarlo(sup: (xi: Float64Array) => number, o: RademacherDrawOptions & { n: number }): RademacherEstimate {
  if (typeof sup !== "function") throw new ValidationError("sup must be a function ξ ↦ sup_f (1/n)Σ ξ_i f(x_i)");
  const n = integer("n", o.n, 1);
  const xi = new Float64Array(n);
  const call = (t: number): number => {
    const v = sup(xi);
    if (!Number.isFinite(v)) throw new ValidationError(`sup(ξ) returned ${v} at draw ${t}`);
    return v;
  };
  if (o.exact) {
    if (n > MAX_EXACT_RADEMACHER_N) throw new ValidationError(`exact enumeration needs n ≤ ${MAX_EXACT_RADEMACHER_N}, got n = ${n}; use draws`);
    const count = 2 ** n;
    const values = new Float64Array(count);
    for (let s = 0; s < count; s++) {
      for (let i = 0; i < n; i++) xi[i] = (s >>> i) & 1 ? 1 : -1;
      values[s] = call(s);
    }
    return { ...summarize(values), stderr: 0 };
  }
  const draws = integer("draws", o.draws ?? 200, 2);
  if (o.seed === undefined) throw new ValidationError("a seed is required for Monte Carlo over ξ (or pass exact: true)");
  const rng = toRng(o.seed);
  const values = new Float64Array(draws);
  for (let t = 0; t < draws; t++) {
    drawSigns(rng, xi);
    values[t] = call(t);
  }
  return summarize(values);
}

/** Fills xi with independent uniform signs from rng: the one sign stream every estimator uses. */
function drawSigns(rng: Rng, xi: Float64Array): void {
  for (let i = 0; i < xi.length; i++) xi[i] = rng.nextUint32() >>> 31 ? 1 : -1;
}

/** The sign vectors rademacherMonteCarlo would draw with the same options, row-major [draws, n]. */
function signMatrix(n: number, o: RademacherDrawOptions): { xi: Float64Array; draws: number } {
  if (o.exact) {
    if (n > MAX_EXACT_RADEMACHER_N) throw new ValidationError(`exact enumeration needs n ≤ ${MAX_EXACT_RADEMACHER_N}, got n = ${n}; use draws`);
    const draws = 2 ** n;
    const xi = new Float64Array(draws * n);
    for (let s = 0; s < draws; s++) for (let i = 0; i < n; i++) xi[s * n + i] = (s >>> i) & 1 ? 1 : -1;
    return { xi, draws };
  }
  const draws = integer("draws", o.draws ?? 200, 2);
  if (o.seed === undefined) throw new ValidationError("a seed is required for Monte Carlo over ξ (or pass exact: true)");
  const rng = toRng(o.seed);
  const xi = new Float64Array(draws * n);
  for (let t = 0; t < draws; t++) drawSigns(rng, xi.subarray(t * n, (t + 1) * n));
  return { xi, draws };
}

/**
 * R̂_n of a ball of linear maps {x ↦ w·x : ‖w‖ ≤ B} by its closed-form sup (B/n)‖Σ_i ξ_i x_i‖_*, with
 * `dual` the dual norm ‖·‖_* (ℓ2 for the ℓ2 ball, ℓ∞ for the ℓ1 ball).
 */
function linearBall(X: RademacherPoints, o: RademacherDrawOptions & { B?: number }, dual: (s: Float64Array) => number): RademacherEstimate {
  const p = readPoints("X", X);
  const B = positive("B", o.B ?? 1);
  const s = new Float64Array(p.d);
  return rademacherMonteCarlo(
    (xi) => {
      signedSum(p, xi, s);
      return (B / p.n) * dual(s);
    },
    { ...o, n: p.n },
  );
}

/** s = Σ_i ξ_i x_i (length d), the vector whose dual norm gives the sup over a ball of linear maps. */
function signedSum(p: { n: number; d: number; data: ArrayLike<number> }, xi: ArrayLike<number>, s: Float64Array): void {
  s.fill(0);
  for (let i = 0; i < p.n; i++) for (let j = 0; j < p.d; j++) s[j] += xi[i] * p.data[i * p.d + j];
}

/**
 * R̂_n of the ℓ2 ball {x ↦ w·x : ‖w‖₂ ≤ B}, using the closed-form sup (B/n)‖Σ_i ξ_i x_i‖₂.
 * @example rademacherL2Ball(X, { B: 1, draws: 500, seed: 0 }).estimate
 */
export function rademacherL2Ball(X: RademacherPoints, o: RademacherDrawOptions & { B?: number } = {}): RademacherEstimate {
  return linearBall(X, o, (v) => Math.sqrt(v.reduce((q, x) => q + x * x, 0)));
}

/**
 * Upper bounds on R̂_n of the ℓ2 ball of radius B. "max" (default): B·max_i‖x_i‖₂/√n. "jensen":
 * B·√(Σ_i‖x_i‖₂²)/n (from E‖Σξ_i x_i‖ ≤ √(E‖Σξ_i x_i‖²)), never larger than "max".
 * @example rademacherL2BallBound(X, { B: 1 }) // ≥ rademacherL2Ball(X, …).estimate up to MC error
 */
export function rademacherL2BallBound(X: RademacherPoints, o: { B?: number; kind?: "max" | "jensen" } = {}): number {
  const p = readPoints("X", X);
  const B = positive("B", o.B ?? 1);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < p.n; i++) {
    let q = 0;
    for (let j = 0; j < p.d; j++) q += p.data[i * p.d + j] ** 2;
    sum += q;
    max = Math.max(max, q);
  }
  const kind = o.kind ?? "max";
  if (kind !== "max" && kind !== "jensen") throw new ValidationError(`kind must be "max" or "jensen", got ${String(kind)}`);
  return kind === "max" ? (B * Math.sqrt(max)) / Math.sqrt(p.n) : (B * Math.sqrt(sum)) / p.n;
}

function readGram(K: tf.Tensor2D | ArrayLike<number>[] | ArrayLike<number>): Pts {
  const flat = K && typeof (K as tf.Tensor2D).dataSync !== "function" && typeof (K as ArrayLike<unknown>)[0] === "number";
  const n = flat ? Math.round(Math.sqrt((K as ArrayLike<number>).length)) : NaN;
  const p = flat ? readPoints("K", { data: K as ArrayLike<number>, n, d: n }) : readPoints("K", K as RademacherPoints);
  if (p.n !== p.d) throw new ValidationError(`K must be a square Gram matrix [n, n], got [${p.n}, ${p.d}]`);
  return p;
}

/**
 * R̂_n of the RKHS ball {f : ‖f‖_H ≤ B} given the Gram matrix K_ij = k(x_i, x_j) [n, n] (tensor,
 * rows, or flat row-major): the closed-form sup is (B/n)·√(ξᵀKξ).
 * @example rademacherRkhsBall(K, { B: 1, draws: 500, seed: 0 })
 */
export function rademacherRkhsBall(K: tf.Tensor2D | ArrayLike<number>[] | ArrayLike<number>, o: RademacherDrawOptions & { B?: number } = {}): RademacherEstimate {
  const G = readGram(K);
  const B = positive("B", o.B ?? 1);
  const n = G.n;
  return rademacherMonteCarlo(
    (xi) => {
      let q = 0;
      for (let i = 0; i < n; i++) {
        let r = 0;
        for (let j = 0; j < n; j++) r += G.data[i * n + j] * xi[j];
        q += xi[i] * r;
      }
      return (B / n) * Math.sqrt(Math.max(0, q));
    },
    { ...o, n },
  );
}

/**
 * Upper bound B·√(tr K)/n on R̂_n of the RKHS ball of radius B (Jensen: E√(ξᵀKξ) ≤ √(tr K)).
 * @example rademacherRkhsBallBound(K, { B: 1 })
 */
export function rademacherRkhsBallBound(K: tf.Tensor2D | ArrayLike<number>[] | ArrayLike<number>, o: { B?: number } = {}): number {
  const G = readGram(K);
  const B = positive("B", o.B ?? 1);
  let tr = 0;
  for (let i = 0; i < G.n; i++) tr += G.data[i * G.n + i];
  if (tr < 0) throw new ValidationError(`K must be positive semi-definite, its trace is ${tr}`);
  return (B * Math.sqrt(tr)) / G.n;
}


/** Options of {@link rademacherPathNormBall}. */
export interface PathNormRademacherOptions extends RademacherDrawOptions {
  /** Path-norm radius Q (default 1). */
  Q?: number;
  /** Include biases: neurons relu(w·x + b) with the bias inside the ℓ1 norm (x̃ = (x, 1)). Default false. */
  bias?: boolean;
  /** Random starting directions, uniform on the unit ℓ1 sphere, besides the 2D vertices ±e_j (default 256). */
  directions?: number;
  /** Best starting directions refined by local ascent, per sign of the sup (default 2). */
  starts?: number;
  /** Ascent steps per start (default 50). */
  maxSteps?: number;
  /**
   * One-sided complexity: sup over F_Q⁺ = {Σ_j a_j relu(w_j·x̃) : a_j ≥ 0} of (1/n)Σξ_i f(x_i), i.e.
   * Q·max(0, max_{‖u‖₁=1} g_ξ(u)) (the quantity the contraction lemma bounds). Default false: the
   * symmetric class, Q·max|g_ξ|.
   */
  oneSided?: boolean;
}

/**
 * R̂_n of the path-norm ball of two-layer ReLU networks of any width,
 * F_Q = {x ↦ Σ_j a_j relu(w_j·x̃) : Σ_j |a_j|·‖w_j‖₁ ≤ Q}, x̃ = x (or (x, 1) with `bias`).
 * By positive homogeneity F_Q is Q times the symmetric convex hull of the neurons relu(u·x̃) with
 * ‖u‖₁ = 1, so sup_F (1/n)Σξ_i f(x_i) = Q·max_{‖u‖₁=1} |g_ξ(u)|, g_ξ(u) = (1/n)Σ_i ξ_i relu(u·x̃_i).
 *
 * The max is searched: g_ξ is evaluated at the 2D vertices ±e_j and at `directions` random points of
 * the ℓ1 sphere, then the best `starts` points (for +g and for −g) are improved by Frank–Wolfe
 * ascent of g(u)/‖u‖₁ towards the vertex of largest gradient entry, with an exact line search (the
 * objective is piecewise linear-fractional along the segment, so its max sits at a breakpoint).
 * Every value returned is attained by a feasible u, so each draw's value, and the estimate, is a
 * LOWER estimate of the true sup (exact in d = 1; in d = 2 it matched the exact arrangement
 * enumeration in the tests; {@link rademacherPathNormExact} gives the exact value in small d).
 * With `oneSided` the class is F_Q⁺ (a_j ≥ 0) and the sup is Q·max(0, max g_ξ). Directions are drawn from seed's child stream "directions" (seed 0
 * when `exact` is used without a seed).
 * @example rademacherPathNormBall(X, { Q: 1, draws: 100, seed: 0 }).estimate
 */
export function rademacherPathNormBall(X: RademacherPoints, o: PathNormRademacherOptions = {}): RademacherEstimate {
  const p = augment(readPoints("X", X), o.bias ?? false);
  const Q = positive("Q", o.Q ?? 1);
  const K = integer("directions", o.directions ?? 256, 0);
  const starts = integer("starts", o.starts ?? 2, 0);
  const maxSteps = integer("maxSteps", o.maxSteps ?? 50, 0);
  const { n, d: D, data: Xt } = p;
  const dirRng = o.seed === undefined ? new Rng(0) : toRng(o.seed).child("directions");
  const C = 2 * D + K;
  const U = new Float64Array(C * D);
  for (let j = 0; j < D; j++) {
    U[2 * j * D + j] = 1;
    U[(2 * j + 1) * D + j] = -1;
  }
  for (let c = 2 * D; c < C; c++) {
    let s = 0;
    for (let j = 0; j < D; j++) {
      const e = -Math.log(1 - dirRng.uniform()) * (dirRng.uniform() < 0.5 ? -1 : 1); // Laplace: normalized, uniform on the ℓ1 sphere
      U[c * D + j] = e;
      s += Math.abs(e);
    }
    for (let j = 0; j < D; j++) U[c * D + j] /= s;
  }
  const H = new Float64Array(C * n); // H[c, i] = relu(u_c·x̃_i)
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < D; j++) z += U[c * D + j] * Xt[i * D + j];
      H[c * n + i] = z > 0 ? z : 0;
    }
  }
  const scores = new Float64Array(C);
  const oneSided = o.oneSided ?? false;
  return rademacherMonteCarlo(
    (xi) => {
      let best = 0;
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += xi[i] * H[c * n + i];
        scores[c] = s / n;
        best = Math.max(best, oneSided ? scores[c] : Math.abs(scores[c]));
      }
      for (const sigma of oneSided ? [1] : [1, -1]) {
        const order = Array.from({ length: C }, (_, c) => c).sort((a, b) => sigma * (scores[b] - scores[a]));
        for (const c of order.slice(0, starts)) {
          best = Math.max(best, ascend(Xt, n, D, U.slice(c * D, (c + 1) * D), sigma, xi, maxSteps));
        }
      }
      return Q * best;
    },
    { ...o, n },
  );
}

/**
 * Upper bound on R̂_n of the path-norm ball F_Q (see {@link rademacherPathNormBall}):
 * R̂_n(F_Q) ≤ 2Q·√(2 ln(2D))·max_j ‖X̃_{:,j}‖₂ / n, D = d (+1 with bias), by the Ledoux–Talagrand
 * contraction (relu is 1-Lipschitz with relu(0) = 0; factor 2 for the absolute value) and Massart's
 * lemma over the 2D vertices of the ℓ1 ball. It is at most the form of E, Ma & Wu (2019),
 * 2Q·max_{i,j}|x̃_ij|·√(2 ln(2D)/n).
 * @example rademacherPathNormBound(X, { Q: 1 })
 */
export function rademacherPathNormBound(X: RademacherPoints, o: { Q?: number; bias?: boolean } = {}): number {
  const p = augment(readPoints("X", X), o.bias ?? false);
  const Q = positive("Q", o.Q ?? 1);
  let colMax = 0;
  for (let j = 0; j < p.d; j++) {
    let q = 0;
    for (let i = 0; i < p.n; i++) q += p.data[i * p.d + j] ** 2;
    colMax = Math.max(colMax, q);
  }
  return (2 * Q * Math.sqrt(2 * Math.log(2 * p.d)) * Math.sqrt(colMax)) / p.n;
}

/**
 * The exact path-norm sup behind {@link rademacherPathNormBall}, for small D = d (+1 with bias):
 * sup_{F_Q}(1/n)Σξ_i f(x_i) = Q·max_{‖u‖₁=1}|g_ξ(u)| (or Q·max(0, max g_ξ) with `oneSided`),
 * g_ξ(u) = (1/n)Σ_i ξ_i relu(u·x̃_i). On each cell of the arrangement of the n hyperplanes x̃_i^⊥
 * and the D coordinate hyperplanes e_k^⊥ the signs of u·x̃_i and of u_k are fixed, so g_ξ and ‖u‖₁
 * are both linear there: g_ξ(u)/‖u‖₁ is maximised at an extreme ray of the cell, the line where
 * D − 1 independent hyperplanes meet. All C(n + D, D − 1) such lines (both directions) are
 * enumerated once and every draw maximises over them, so the cost is about C(n + D, D − 1)·n per
 * draw (n = 64, d = 5: 8.6·10⁵ rays). The sign vectors are the same as those of
 * {@link rademacherMonteCarlo} (and so of rademacherPathNormBall) with the same `seed` and `draws`,
 * which lets the search be compared draw by draw. Refuses more than `maxRays` (default 5·10⁶) lines.
 * @example rademacherPathNormExact([[1, 0], [0.6, 0.8], [-1, 0.2]], { exact: true }).estimate
 */
export function rademacherPathNormExact(X: RademacherPoints, o: RademacherDrawOptions & { Q?: number; bias?: boolean; oneSided?: boolean; maxRays?: number } = {}): RademacherEstimate {
  const p = augment(readPoints("X", X), o.bias ?? false);
  const Q = positive("Q", o.Q ?? 1);
  const maxRays = integer("maxRays", o.maxRays ?? 5_000_000, 1);
  const { n, d: D, data: Xt } = p;
  const rays = extremeRays(p, maxRays);
  const { xi, draws } = signMatrix(n, o);
  const oneSided = o.oneSided ?? false;
  const best = new Float64Array(draws);
  const v = new Float64Array(draws * D); // v_t = Σ_i ξ_ti x̃_i, so Σ_i ξ_ti (u·x̃_i) = u·v_t
  for (let t = 0; t < draws; t++) for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) v[t * D + j] += xi[t * n + i] * Xt[i * D + j];
  const z = new Float64Array(n);
  const pos = new Int32Array(n);
  for (let r = 0; r < rays.count; r++) {
    const u = rays.u.subarray(r * D, (r + 1) * D);
    let l1 = 0;
    for (let j = 0; j < D; j++) l1 += Math.abs(u[j]);
    let np = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += u[j] * Xt[i * D + j];
      z[i] = s;
      if (s > 0) pos[np++] = i;
    }
    for (let t = 0; t < draws; t++) {
      const row = t * n;
      let plus = 0; // Σ ξ relu(u·x̃)
      for (let k = 0; k < np; k++) plus += xi[row + pos[k]] * z[pos[k]];
      let all = 0;
      for (let j = 0; j < D; j++) all += u[j] * v[t * D + j];
      const minus = plus - all; // Σ ξ relu(−u·x̃) = Σ_{u·x̃>0} ξ u·x̃ − Σ ξ u·x̃
      const val = oneSided ? Math.max(plus, minus) : Math.max(Math.abs(plus), Math.abs(minus));
      if (val / l1 > best[t]) best[t] = val / l1;
    }
  }
  for (let t = 0; t < draws; t++) best[t] = (Q * best[t]) / n;
  const est = summarize(best);
  return o.exact ? { ...est, stderr: 0 } : est;
}

/**
 * R̂_n of the ℓ1 ball of linear functions {x ↦ w·x : ‖w‖₁ ≤ B}, using the closed-form sup
 * (B/n)‖Σ_i ξ_i x_i‖_∞ (the dual norm). It bounds the one-sided path-norm complexity from above by
 * the contraction lemma: relu is 1-Lipschitz with relu(0) = 0, so
 * E sup_{‖u‖₁≤1} Σξ_i relu(u·x_i) ≤ E sup_{‖u‖₁≤1} Σξ_i u·x_i (Ledoux & Talagrand 1991).
 * @example rademacherL1Ball(X, { B: 1, draws: 500, seed: 0 }).estimate
 */
export function rademacherL1Ball(X: RademacherPoints, o: RademacherDrawOptions & { B?: number } = {}): RademacherEstimate {
  return linearBall(X, o, (v) => v.reduce((q, x) => Math.max(q, Math.abs(x)), 0));
}

/**
 * Massart's bound on R̂_n of the ℓ1 ball of radius B: the sup is attained at one of the 2d vertices
 * ±B·e_k, whose value vectors (±B·x_ik)_i have ℓ2 norm ≤ B√n·max_i‖x_i‖_∞, so by Massart's finite
 * class lemma R̂_n ≤ B·max_i‖x_i‖_∞·√(2 ln(2d)/n).
 * @example rademacherL1BallBound(X, { B: 1 }) // ≥ rademacherL1Ball(X, …).estimate
 */
export function rademacherL1BallBound(X: RademacherPoints, o: { B?: number } = {}): number {
  const p = readPoints("X", X);
  const B = positive("B", o.B ?? 1);
  let inf = 0;
  for (let k = 0; k < p.data.length; k++) inf = Math.max(inf, Math.abs(p.data[k]));
  return B * inf * Math.sqrt((2 * Math.log(2 * p.d)) / p.n);
}

/** Options of {@link rademacherLipschitzBall}. */
export interface LipschitzRademacherOptions extends RademacherDrawOptions {
  /** The anchor c with f(c) = 0 (default the origin). */
  anchor?: ArrayLike<number>;
  /** Lipschitz constant L (default 1). */
  L?: number;
}

/**
 * R̂_n of the Lipschitz ball {f : |f(x) − f(y)| ≤ L‖x − y‖₂, f(c) = 0}. For signs ξ let P and M be
 * the points with ξ_i = +1 and −1, and add |Σ_i ξ_i| copies of the anchor c to the smaller set
 * (f(c) = 0 changes nothing). The two sets then have equal size, and by Kantorovich–Rubinstein
 * duality (the maximiser is a McShane extension, f(x) = min_j(f(x_j) + L‖x − x_j‖))
 * sup_f Σ_P f − Σ_M f = L·min over perfect matchings of Σ‖p − m‖₂, a linear assignment problem
 * ({@link linearAssignment}, O(n³) per draw). For d = 1 the matching pairs the sorted sets in
 * order (O(n log n)).
 * @example rademacherLipschitzBall([[0.1], [0.7], [0.4]], { anchor: [0.5], exact: true }).estimate
 */
export function rademacherLipschitzBall(X: RademacherPoints, o: LipschitzRademacherOptions = {}): RademacherEstimate {
  const p = readPoints("X", X);
  const L = positive("L", o.L ?? 1);
  const { n, d, data } = p;
  const c = Float64Array.from(o.anchor ?? new Float64Array(d));
  if (c.length !== d) throw new ValidationError(`anchor must have d = ${d} entries, got ${c.length}`);
  const plus: number[] = [];
  const minus: number[] = [];
  const coord = (k: number, j: number): number => (k < 0 ? c[j] : data[k * d + j]);
  return rademacherMonteCarlo(
    (xi) => {
      plus.length = 0;
      minus.length = 0;
      for (let i = 0; i < n; i++) (xi[i] > 0 ? plus : minus).push(i);
      const small = plus.length < minus.length ? plus : minus;
      const big = small === plus ? minus : plus;
      while (small.length < big.length) small.push(-1); // -1 stands for the anchor
      const k = big.length;
      if (k === 0) return 0;
      if (d === 1) {
        const a = plus.map((i) => coord(i, 0)).sort((x, y) => x - y);
        const b = minus.map((i) => coord(i, 0)).sort((x, y) => x - y);
        let s = 0;
        for (let t = 0; t < k; t++) s += Math.abs(a[t] - b[t]);
        return (L * s) / n;
      }
      const C = new Float64Array(k * k);
      for (let r = 0; r < k; r++) for (let q = 0; q < k; q++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (coord(plus[r], j) - coord(minus[q], j)) ** 2;
        C[r * k + q] = Math.sqrt(s);
      }
      return (L * linearAssignment(C, k, k).cost) / n;
    },
    { ...o, n },
  );
}
