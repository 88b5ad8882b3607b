/**
 * The top eigenpair of a symmetric operator by a few Lanczos steps started from a given vector. Used
 * to track the sharpness λ_max(∇²L(θ_t)) along a training run: the top eigenvector moves slowly from
 * one measurement to the next, so starting from the previous one gives the new value in a handful of
 * Hessian-vector products instead of a cold start's dozens.
 */
import { dot64 } from "../analysis/linalg64";
import { lanczosEigs, type SymMatvec } from "../analysis/lanczos";
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
