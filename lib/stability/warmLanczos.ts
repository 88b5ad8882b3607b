/**
 * The top eigenpair of a symmetric operator by a few Lanczos steps started from a given vector. Used
 * to track the sharpness λ_max(∇²L(θ_t)) along a training run: the top eigenvector moves slowly from
 * one measurement to the next, so starting from the previous one gives the new value in a handful of
 * Hessian-vector products instead of a cold start's dozens.
 */
import { dot64, symEig } from "../analysis/linalg64";
import type { SymMatvec } from "../analysis/lanczos";
import { ValidationError } from "../runtime/errors";
import { integer } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";

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
  let q = new Float64Array(dim);
  if (v0 === null) {
    for (let t = 0; t < dim; t++) q[t] = r[t] / nr;
  } else {
    let nv = 0;
    for (let t = 0; t < dim; t++) nv += v0[t] * v0[t];
    nv = Math.sqrt(nv);
    if (!(nv > 0) || !Number.isFinite(nv)) throw new ValidationError("v0 must be a finite non-zero vector");
    for (let t = 0; t < dim; t++) q[t] = v0[t] / nv + (jitter * r[t]) / nr;
  }
  let nq = Math.sqrt(dot64(q, q));
  q = q.map((x) => x / nq);
  const Q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < m; j++) {
    Q.push(q);
    const w = matvec(q);
    if (w.length !== dim) throw new ValidationError(`matvec must return a vector of length ${dim}, got ${w.length}`);
    alpha.push(dot64(q, w));
    for (let pass = 0; pass < 2; pass++) {
      for (const qi of Q) {
        const c = dot64(qi, w);
        for (let t = 0; t < dim; t++) w[t] -= c * qi[t];
      }
    }
    const b = Math.sqrt(dot64(w, w));
    beta.push(b);
    if (!(b > 1e-12 * Math.max(Math.abs(alpha[0]), 1e-300))) break; // invariant subspace: T is exact
    nq = b;
    q = w.map((x) => x / nq);
  }
  const k = alpha.length;
  const T = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    T[i * k + i] = alpha[i];
    if (i + 1 < k) T[i * k + i + 1] = T[(i + 1) * k + i] = beta[i];
  }
  if (!alpha.every(Number.isFinite)) throw new ValidationError("the operator returned non-finite values (are the parameters finite?)");
  const eig = symEig(T, k);
  const s = eig.vectors[0];
  const y = new Float64Array(dim);
  for (let i = 0; i < k; i++) for (let t = 0; t < dim; t++) y[t] += s[i] * Q[i][t];
  return { value: eig.values[0], vector: y, residual: Math.abs(beta[k - 1] * s[k - 1]), matvecs: k };
}
