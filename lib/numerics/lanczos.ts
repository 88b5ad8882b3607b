/**
 * Extreme eigenvalues of a symmetric operator known only through matrix-vector products: Lanczos with
 * full reorthogonalisation and block power (subspace) iteration, in float64 on the host. Applied to
 * the Hessian of a loss in `analysis/sharpness.ts`. Also the warm-started top eigenpair used to track a
 * slowly moving operator (the sharpness along a training run).
 */
import { dot64 } from "./linalg64";
import { integer, oneOf, positive } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";
import { ValidationError } from "../runtime/errors";
import { symEig } from "./linalg64";
import { orthonormalizeColumns } from "./svd64";

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
  const nq = Math.sqrt(dot64(q, q));
  if (!(nq > 0) || !Number.isFinite(nq)) throw new ValidationError("start must be a finite non-zero vector");
  for (let t = 0; t < dim; t++) q[t] /= nq;
  return q;
}

function unitRandom(dim: number, rng: Rng): Float64Array {
  const v = rng.normals(dim);
  const nv = Math.sqrt(dot64(v, v));
  for (let i = 0; i < dim; i++) v[i] /= nv;
  return v;
}

/**
 * The k algebraically largest eigenvalues of a symmetric operator by Lanczos with full
 * reorthogonalisation (every new vector is Gram–Schmidt-ed twice against the whole basis), so no
 * spurious copies appear. The tridiagonal T_j is diagonalised with {@link symEig}; Ritz value θ_i has
 * residual |β_j s_{j,i}|.
 * @example
 * const { values } = lanczosEigs((v) => matvec(v), P, { k: 3 });
 */
export function lanczosEigs(matvec: SymMatvec, dim: number, opts: TopEigOptions = {}): TopEigResult {
  integer("dim", dim, 1);
  const k = integer("k", opts.k ?? 1, 1);
  if (k > dim) throw new ValidationError(`k must be ≤ the dimension ${dim}, got ${k}`);
  const maxIter = Math.min(dim, Math.max(k, integer("iters", opts.iters ?? 200, 1)));
  const tol = positive("tol", opts.tol ?? 1e-6);
  const rng = toRng(opts.seed ?? 0);
  const Q: Float64Array[] = [opts.start === undefined ? unitRandom(dim, rng) : unitStart(opts.start, dim)];
  const alpha: number[] = [];
  const beta: number[] = [];
  let result: TopEigResult | null = null;
  for (let j = 0; j < maxIter; j++) {
    const q = Q[j];
    const w = matvec(q);
    if (w.length !== dim) throw new ValidationError(`matvec must return a vector of length ${dim}, got ${w.length}`);
    const a = dot64(q, w);
    alpha.push(a);
    for (let pass = 0; pass < 2; pass++) {
      for (const qi of Q) {
        const c = dot64(qi, w);
        for (let t = 0; t < dim; t++) w[t] -= c * qi[t];
      }
    }
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
        result = { values: eig.values.slice(0, k), residuals, iterations: m, matvecs: m, converged };
        if (opts.vectors) {
          result.vectors = eig.vectors.slice(0, k).map((s) => {
            const y = new Float64Array(dim);
            for (let i = 0; i < m; i++) for (let t = 0; t < dim; t++) y[t] += s[i] * Q[i][t];
            return y;
          });
        }
        break;
      }
    }
    if (tiny) {
      beta[j] = 0;
      const r = rng.normals(dim);
      for (let pass = 0; pass < 2; pass++) {
        for (const qi of Q) {
          const c = dot64(qi, r);
          for (let t = 0; t < dim; t++) r[t] -= c * qi[t];
        }
      }
      const nr = Math.sqrt(dot64(r, r));
      Q.push(r.map((x) => x / nr));
    } else {
      Q.push(w.map((x) => x / b));
    }
  }
  return result as TopEigResult;
}

/**
 * The k eigenvalues of largest MAGNITUDE by block power (subspace) iteration with a Rayleigh–Ritz
 * step each round: Y ← orth(A Y). At a minimum (A = Hessian ⪰ 0) these are the top k; where A has
 * large negative eigenvalues use {@link lanczosEigs}. Convergence rate |λ_{k+1}/λ_k| per iteration.
 * Returned values are sorted descending.
 * @example
 * const { values } = powerIterationEigs(matvec, P, { k: 1, iters: 300 });
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
    matvecs += k;
    const G = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) G[i * k + j] = 0.5 * (dot64(Y[i], Z[j]) + dot64(Y[j], Z[i]));
    const eig = symEig(G, k);
    // Ritz pairs ordered by |θ|: those are what the iteration converges to.
    const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => Math.abs(eig.values[j]) - Math.abs(eig.values[i]));
    const ritz = order.map((i) => {
      const s = eig.vectors[i];
      const y = new Float64Array(dim);
      const z = new Float64Array(dim);
      for (let c = 0; c < k; c++) for (let t = 0; t < dim; t++) {
        y[t] += s[c] * Y[c][t];
        z[t] += s[c] * Z[c][t];
      }
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
 * for (const op of operators) { const r = warmStartTopEig(op.matvec, op.dim, v, { steps: 6 }); v = r.vector; }
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
    let nv = 0;
    for (let t = 0; t < dim; t++) nv += v0[t] * v0[t];
    nv = Math.sqrt(nv);
    if (!(nv > 0) || !Number.isFinite(nv)) throw new ValidationError("v0 must be a finite non-zero vector");
    for (let t = 0; t < dim; t++) q[t] = v0[t] / nv + (jitter * r[t]) / nr;
  }
  // Exactly m steps: a vanishing tolerance never stops the iteration early.
  const r2 = lanczosEigs(matvec, dim, { k: 1, iters: m, tol: Number.MIN_VALUE, start: q, vectors: true, seed: rng.child("restart") });
  return { value: r2.values[0], vector: r2.vectors![0], residual: r2.residuals[0], matvecs: r2.matvecs };
}
