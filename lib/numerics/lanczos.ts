/**
 * Extreme eigenvalues of a symmetric operator known only through matrix-vector products: Lanczos with
 * full reorthogonalisation and block power (subspace) iteration, in float64 on the host. Applied to
 * the Hessian of a loss in `analysis/sharpness.ts`. Also the warm-started top eigenpair used to track a
 * slowly moving operator (the sharpness along a training run).
 */
import { finiteArray, integer, positive } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";
import { ValidationError } from "../runtime/errors";
import { dot64, symEig } from "./linalg64";
import { combineColumns, normalize64, orthogonalizeAgainst, orthonormalizeColumns } from "./basis64";

/** A symmetric linear map on ℝ^dim given by its action on float64 vectors. */
export type SymMatvec = (v: Float64Array) => Float64Array;

/** Options of the iterative eigensolvers. */
export interface TopEigOptions {
  /** How many eigenvalues (default 1). */
  k?: number;
  /** Maximum Lanczos steps (default min(dim, 200)) or power iterations (default 500). */
  iters?: number;
  /** Stop when every residual ‖A y − θ y‖ ≤ tol·|θ_1| (default 1e-6 Lanczos, 1e-4 power). */
  tol?: number;
  /** Seed of the random start vector(s) (default 0). */
  seed?: number | Rng;
  /** Also return the (Ritz) eigenvectors (default false). */
  vectors?: boolean;
  /** Lanczos only: the start vector (normalised here; default a random unit vector from `seed`). */
  start?: ArrayLike<number>;
}

/** Result of the iterative eigensolvers. */
export interface TopEigResult {
  /** Eigenvalue estimates, descending. */
  values: Float64Array;
  /** Unit eigenvector estimates (flat), when asked for. */
  vectors?: Float64Array[];
  /** Residual estimates ‖A y_j − θ_j y_j‖. */
  residuals: Float64Array;
  /** Iterations done and operator applications used. */
  iterations: number;
  matvecs: number;
  converged: boolean;
}

function unitStart(v: ArrayLike<number>, dim: number): Float64Array {
  if (v.length !== dim) throw new ValidationError(`start must have length ${dim}, got ${v.length}`);
  const q = Float64Array.from(v);
  const nq = normalize64(q);
  if (!(nq > 0) || !Number.isFinite(nq)) throw new ValidationError("start must be a finite non-zero vector");
  return q;
}

function unitRandom(dim: number, rng: Rng): Float64Array {
  const v = rng.normals(dim);
  normalize64(v);
  return v;
}

interface RitzSet {
  values: Float64Array;
  vectors: Float64Array[];
  residuals: Float64Array;
  steps: number;
  converged: boolean;
  /** max |θ| over all Ritz values of the run: residuals are compared with tol·scale. */
  scale: number;
}

/**
 * One Lanczos run with full reorthogonalisation on the operator restricted to the orthogonal
 * complement of `locked` (orthonormal, approximately invariant): every new vector is Gram–Schmidt-ed
 * twice against locked ∪ {q_1 … q_j}. Returns the top k Ritz pairs (vectors only when asked).
 */
function lanczosRun(
  matvec: SymMatvec,
  dim: number,
  o: { k: number; maxIter: number; tol: number; rng: Rng; vectors: boolean },
  start: Float64Array,
  locked: readonly Float64Array[],
): RitzSet {
  const { k, maxIter, tol, rng } = o;
  const Q: Float64Array[] = [start];
  const basis = (): Float64Array[] => (locked.length === 0 ? Q : [...locked, ...Q]);
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < maxIter; j++) {
    const q = Q[j];
    const w = matvec(q);
    if (w.length !== dim) throw new ValidationError(`matvec must return a vector of length ${dim}, got ${w.length}`);
    finiteArray("matvec(v)", w);
    const a = dot64(q, w);
    alpha.push(a);
    orthogonalizeAgainst(w, basis());
    const b = Math.sqrt(dot64(w, w));
    beta.push(b);
    const m = j + 1;
    // β ≈ 0: the Krylov space is invariant; Ritz values are exact (restart if fewer than k found).
    const tiny = b <= 1e-12 * Math.max(...alpha.map(Math.abs), ...beta.map(Math.abs), 1e-300);
    const last = m === maxIter || (tiny && m >= k);
    if (m >= k && (last || m % 5 === 0 || m === k)) {
      const T = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        T[i * m + i] = alpha[i];
        if (i + 1 < m) T[i * m + i + 1] = T[(i + 1) * m + i] = beta[i];
      }
      const eig = symEig(T, m);
      const scale = Math.max(Math.abs(eig.values[0]), Math.abs(eig.values[m - 1]), 1e-300);
      const residuals = Float64Array.from({ length: k }, (_, i) => Math.abs(b * eig.vectors[i][m - 1]));
      const converged = residuals.every((r) => r <= tol * scale);
      if (converged || last) {
        const vectors = o.vectors ? eig.vectors.slice(0, k).map((s) => combineColumns(Q, s, dim)) : [];
        return { values: eig.values.slice(0, k), vectors, residuals, steps: m, converged, scale };
      }
    }
    if (tiny) {
      beta[j] = 0;
      const r = orthogonalizeAgainst(rng.normals(dim), basis());
      normalize64(r);
      Q.push(r);
    } else {
      Q.push(w.map((x) => x / b));
    }
  }
  throw new Error("lanczosRun: unreachable (the last step always returns)");
}

/**
 * The k algebraically largest eigenvalues λ_1 ≥ … ≥ λ_k of a symmetric operator A, counted with
 * multiplicity, by Lanczos with full reorthogonalisation (every new vector is Gram–Schmidt-ed twice
 * against the whole basis, so no spurious copies appear). The tridiagonal T_j = Q_jᵀ A Q_j is
 * diagonalised with {@link symEig}; Ritz value θ_i has residual ‖A y_i − θ_i y_i‖ = |β_j s_{j,i}|.
 *
 * A single Krylov space span{q, Aq, A²q, …} holds one copy of each eigenvalue, so a repeated
 * eigenvalue would be missed. For k ≥ 2, once the first run has converged its k Ritz vectors are
 * locked and Lanczos is restarted from a random vector on their orthogonal complement (deflation);
 * a Ritz value found there above the current k-th value is a missed copy (or a missed eigenvalue):
 * it joins the set (with the other converged Ritz pairs of that run) and the check repeats until the
 * complement's top Ritz value, converged, is not above λ_k (within tol·|λ|). `converged` is true
 * only when the first run converged and the check passed. For k = 1 the first run is all: λ_1 is
 * found whatever its multiplicity. Each check costs one more Lanczos run.
 * @example
 * const dg = [3, 3, 1, 0.5];
 * const { values } = lanczosEigs((v) => v.map((x, i) => dg[i] * x), 4, { k: 2 }); // [3, 3]
 */
export function lanczosEigs(matvec: SymMatvec, dim: number, opts: TopEigOptions = {}): TopEigResult {
  integer("dim", dim, 1);
  const k = integer("k", opts.k ?? 1, 1);
  if (k > dim) throw new ValidationError(`k must be ≤ the dimension ${dim}, got ${k}`);
  const maxIter = Math.min(dim, Math.max(k, integer("iters", opts.iters ?? 200, 1)));
  const tol = positive("tol", opts.tol ?? 1e-6);
  const rng = toRng(opts.seed ?? 0);
  const start = opts.start === undefined ? unitRandom(dim, rng) : unitStart(opts.start, dim);
  const first = lanczosRun(matvec, dim, { k, maxIter, tol, rng, vectors: opts.vectors === true || k > 1 }, start, []);
  let steps = first.steps;
  let converged = first.converged;
  interface Pair {
    value: number;
    vector: Float64Array;
    residual: number;
  }
  const pairsOf = (r: RitzSet): Pair[] => Array.from(r.values, (v, i) => ({ value: v, vector: r.vectors[i], residual: r.residuals[i] }));
  let pool = pairsOf(first);
  // Deflation: restart on the complement of the locked vectors until it holds nothing above λ_k.
  for (let round = 0; k > 1 && converged; round++) {
    const locked = pool.map((p) => p.vector);
    if (locked.length >= dim) break;
    if (round > k) {
      converged = false; // more missed values than k rounds can explain: do not claim convergence
      break;
    }
    const kth = pool[k - 1].value;
    const scale = Math.max(...pool.map((p) => Math.abs(p.value)), 1e-300);
    const s0 = orthogonalizeAgainst(rng.normals(dim), locked);
    if (!(normalize64(s0) > 0)) break;
    const kk = Math.min(k, dim - locked.length);
    const more = lanczosRun(matvec, dim, { k: kk, maxIter: Math.min(maxIter, dim - locked.length), tol, rng, vectors: true }, s0, locked);
    steps += more.steps;
    // The top of the complement decides; a run stopped by its step budget before that converged
    // cannot tell, so nothing is claimed.
    const ok = (i: number): boolean => more.residuals[i] <= tol * more.scale;
    if (!ok(0)) {
      converged = false;
      break;
    }
    if (!(more.values[0] > kth + tol * scale)) break;
    pool = [...pool, ...pairsOf(more).filter((_, i) => ok(i))];
    pool.sort((p, q) => q.value - p.value);
  }
  const top = pool.slice(0, k);
  const result: TopEigResult = {
    values: Float64Array.from(top, (p) => p.value),
    residuals: Float64Array.from(top, (p) => p.residual),
    iterations: steps,
    matvecs: steps,
    converged,
  };
  if (opts.vectors) result.vectors = top.map((p) => p.vector);
  return result;
}

/**
 * The k eigenvalues of largest MAGNITUDE by block power (subspace) iteration with a Rayleigh–Ritz
 * step each round: Y ← orth(A Y). At a minimum (A = Hessian ⪰ 0) these are the top k; where A has
 * large negative eigenvalues use {@link lanczosEigs}. Convergence rate |λ_{k+1}/λ_k| per iteration.
 * The block of k vectors sees an eigenvalue repeated up to k times. Returned values are sorted descending.
 * @example
 * const dg = [3, 3, 1, 0.5];
 * const { values } = powerIterationEigs((v) => v.map((x, i) => dg[i] * x), 4, { k: 2, tol: 1e-10 }); // [3, 3]
 */
export function powerIterationEigs(matvec: SymMatvec, dim: number, opts: TopEigOptions = {}): TopEigResult {
  integer("dim", dim, 1);
  const k = integer("k", opts.k ?? 1, 1);
  if (k > dim) throw new ValidationError(`k must be ≤ the dimension ${dim}, got ${k}`);
  const maxIter = integer("iters", opts.iters ?? 500, 1);
  const tol = positive("tol", opts.tol ?? 1e-4);
  const rng = toRng(opts.seed ?? 0);
  let Y: Float64Array[] = Array.from({ length: k }, () => rng.normals(dim));
  orthonormalizeColumns(Y);
  let matvecs = 0;
  for (let it = 1; ; it++) {
    const Z = Y.map((y) => matvec(y));
    Z.forEach((z) => finiteArray("matvec(v)", z));
    matvecs += k;
    const G = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) G[i * k + j] = 0.5 * (dot64(Y[i], Z[j]) + dot64(Y[j], Z[i]));
    const eig = symEig(G, k);
    // Ritz pairs ordered by |θ|: those are what the iteration converges to.
    const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => Math.abs(eig.values[j]) - Math.abs(eig.values[i]));
    const ritz = order.map((i) => {
      const y = combineColumns(Y, eig.vectors[i], dim);
      const z = combineColumns(Z, eig.vectors[i], dim);
      let r = 0;
      for (let t = 0; t < dim; t++) r += (z[t] - eig.values[i] * y[t]) ** 2;
      return { theta: eig.values[i], y, z, r: Math.sqrt(r) };
    });
    const scale = Math.max(Math.abs(ritz[0].theta), 1e-300);
    const converged = ritz.every((p) => p.r <= tol * scale);
    if (converged || it >= maxIter) {
      const sorted = [...ritz].sort((p, q) => q.theta - p.theta);
      const res: TopEigResult = {
        values: Float64Array.from(sorted, (p) => p.theta),
        residuals: Float64Array.from(sorted, (p) => p.r),
        iterations: it,
        matvecs,
        converged,
      };
      if (opts.vectors) res.vectors = sorted.map((p) => p.y);
      return res;
    }
    Y = ritz.map((p) => p.z);
    orthonormalizeColumns(Y);
  }
}

/** Result of {@link warmStartTopEig}. */
export interface WarmTopEig {
  /** The largest Ritz value θ₁ ≤ λ_max (a lower bound that tightens with more steps). */
  value: number;
  /** Its unit Ritz vector: pass it as the start of the next call. */
  vector: Float64Array;
  /** Residual estimate ‖A y − θ₁ y‖ = |β_m s_{m,1}|. */
  residual: number;
  /** Operator applications used. */
  matvecs: number;
}

/**
 * Largest eigenvalue of a symmetric operator by m Lanczos steps (full reorthogonalisation) from the
 * start vector v₀ (random when null): the top eigenvalue of the tridiagonal T_m of the Krylov space
 * span{v₀, A v₀, …, A^{m−1} v₀}. With v₀ close to the top eigenvector, a few steps suffice; the Ritz
 * value never exceeds λ_max. A fraction `jitter` of a random unit vector is mixed into v₀ so that an
 * exact eigenvector does not stall the iteration (default 0.05).
 * @example
 * let v: Float64Array | null = null;
 * for (const c of [1, 1.1, 1.2]) { // a slowly moving operator diag(3c, 2, 1)
 *   const r = warmStartTopEig((x) => x.map((t, i) => [3 * c, 2, 1][i] * t), 3, v, { steps: 3 });
 *   v = r.vector; // r.value ≈ 3c
 * }
 */
export function warmStartTopEig(
  matvec: SymMatvec,
  dim: number,
  v0: ArrayLike<number> | null,
  opts: { steps?: number; jitter?: number; seed?: number | Rng } = {},
): WarmTopEig {
  integer("dim", dim, 1);
  const m = Math.min(dim, integer("steps", opts.steps ?? 6, 1));
  const jitter = opts.jitter ?? 0.05;
  if (!(jitter >= 0)) throw new ValidationError(`jitter must be ≥ 0, got ${jitter}`);
  if (v0 !== null && v0.length !== dim) throw new ValidationError(`v0 must have length ${dim}, got ${v0.length}`);
  const rng = toRng(opts.seed ?? 0);
  const r = rng.normals(dim);
  const nr = Math.sqrt(dot64(r, r));
  const q = new Float64Array(dim);
  if (v0 === null) {
    for (let t = 0; t < dim; t++) q[t] = r[t] / nr;
  } else {
    const nv = Math.sqrt(dot64(v0, v0));
    if (!(nv > 0) || !Number.isFinite(nv)) throw new ValidationError("v0 must be a finite non-zero vector");
    for (let t = 0; t < dim; t++) q[t] = v0[t] / nv + (jitter * r[t]) / nr;
  }
  // Exactly m steps: a vanishing tolerance never stops the iteration early.
  const r2 = lanczosEigs(matvec, dim, { k: 1, iters: m, tol: Number.MIN_VALUE, start: q, vectors: true, seed: rng.child("restart") });
  return { value: r2.values[0], vector: r2.vectors![0], residual: r2.residuals[0], matvecs: r2.matvecs };
}
