/**
 * The Gram matrices of the kernel regime (float64, host):
 *   limiting kernel   k(x, x') = E_{b∼Unif(S^{d−1})}[relu(b·x) relu(b·x')]
 *                              = ‖x‖‖x'‖ (sin θ + (π − θ) cos θ) / (2πd),
 *   finite width      K̂_m = Φ Φᵀ / m,  Φ_ij = relu(b_j·x_i),
 * the convergence ‖K̂_m − K‖_F ∝ m^{−1/2}, exponential-decay rates fitted to a loss curve, and the
 * representer form of the random-feature GD solution.
 */
import { toRng, type Rng } from "../../runtime/rng";
import { ValidationError } from "../../runtime/errors";
import { integer } from "../../runtime/validate";
import type { HostPoints } from "../../data/samplers";
import { arcCosineKernel } from "../../analysis/kernels";
import { symEig } from "../../numerics/linalg64";
import { cholesky, choleskySolve } from "../../numerics/cholesky64";
import { fitLine } from "../../numerics/fit";
import { reluFeatures, reluNetInit } from "./reluNet";
import { lambdaMin64 } from "../../numerics/linalg64";
import { expDecayRate } from "../../numerics/fit";

function rows(P: HostPoints): Float64Array[] {
  return Array.from({ length: P.n }, (_, i) => P.data.subarray(i * P.d, (i + 1) * P.d));
}

/**
 * The limiting kernel matrix K_ij = E_{b∼Unif(S^{d−1})}[relu(b·x_i) relu(b·x'_j)]
 * = ‖x‖‖x'‖(sin θ + (π − θ) cos θ)/(2πd) (arc-cosine kernel of order 1 for sphere weights), row-major
 * [n1, n2]; X2 defaults to X1.
 * @example const K = reluSphereKernel(X); // [n, n], diagonal ‖x‖²/(2d)
 */
export function reluSphereKernel(X1: HostPoints, X2: HostPoints = X1): Float64Array {
  if (X1.d !== X2.d) throw new ValidationError(`X1 and X2 must have the same d, got ${X1.d} and ${X2.d}`);
  return arcCosineKernel(rows(X1), rows(X2), { order: 1, weights: "sphere" });
}

/**
 * The finite-width Gram matrix of the output-layer gradients, K̂_m = Φ Φᵀ / m with Φ = relu(X Bᵀ)
 * [n, m] (row-major [n, n]). With a = 0 this is the whole tangent kernel divided by m.
 * @example const Khat = reluFeatureGram(net.B, net.m, X);
 */
export function reluFeatureGram(B: Float64Array, m: number, X: HostPoints): Float64Array {
  return featureGramFromPhi(reluFeatures(B, m, X), X.n, m);
}

function featureGramFromPhi(Phi: Float64Array, n: number, m: number): Float64Array {
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      const oi = i * m;
      const oj = j * m;
      for (let k = 0; k < m; k++) s += Phi[oi + k] * Phi[oj + k];
      K[i * n + j] = s / m;
      K[j * n + i] = s / m;
    }
  }
  return K;
}

/** Result of {@link featureGramConvergence}. */
export interface GramConvergence {
  ms: number[];
  /** Mean over seeds of ‖K̂_m − K‖_F. */
  dev: number[];
  /** Sample sd over seeds of ‖K̂_m − K‖_F. */
  devSd: number[];
  /** Mean over seeds of λ_min(K̂_m). */
  lambdaMinHat: number[];
  /** λ_min(K) of the limiting kernel. */
  lambdaMin: number;
}

/**
 * ‖K̂_m − K‖_F and λ_min(K̂_m) for each width in `ms`, averaged over `seeds` independent draws of
 * b_j ∼ Unif(S^{d−1}); by the law of large numbers each entry of K̂_m − K has sd ∝ m^{−1/2}, so the
 * Frobenius norm falls like m^{−1/2}.
 * @example const g = featureGramConvergence({ X, ms: [16, 64, 256, 1024], seeds: 5, seed: 0 });
 */
export function featureGramConvergence(o: { X: HostPoints; ms: number[]; seeds: number; seed: number | Rng }): GramConvergence {
  const seeds = integer("seeds", o.seeds, 1);
  if (!Array.isArray(o.ms) || o.ms.length === 0) throw new ValidationError("ms must be a non-empty array of widths");
  const { X } = o;
  const n = X.n;
  const K = reluSphereKernel(X);
  const rng = toRng(o.seed);
  const out: GramConvergence = { ms: [...o.ms], dev: [], devSd: [], lambdaMinHat: [], lambdaMin: lambdaMin64(K, n) };
  for (const m of o.ms) {
    integer("m", m, 1);
    const devs: number[] = [];
    let lam = 0;
    for (let s = 0; s < seeds; s++) {
      const net = reluNetInit({ m, d: X.d, seed: rng.child("gram", m, s) });
      const Kh = reluFeatureGram(net.B, m, X);
      let f = 0;
      for (let k = 0; k < n * n; k++) f += (Kh[k] - K[k]) ** 2;
      devs.push(Math.sqrt(f));
      lam += lambdaMin64(Kh, n) / seeds;
    }
    const mu = devs.reduce((u, v) => u + v, 0) / seeds;
    out.dev.push(mu);
    out.devSd.push(seeds > 1 ? Math.sqrt(devs.reduce((u, v) => u + (v - mu) ** 2, 0) / (seeds - 1)) : 0);
    out.lambdaMinHat.push(lam);
  }
  return out;
}

/**
 * Representer form of a random-feature model: the weights w minimising ‖a − Φᵀw/m‖ (so that
 * Σ_j a_j relu(b_j·x) ≈ Σ_i w_i k_m(x_i, x) with k_m(x, x') = (1/m) Σ_j relu(b_j·x) relu(b_j·x')),
 * from K̂_m w = Φ a, and the relative residual ‖a − Φᵀw/m‖/‖a‖ (≈ 0 exactly when a lies in the span
 * of the n feature vectors, as GD from a = 0 guarantees). Needs m ≥ n and K̂_m positive definite.
 * @example const { w, residual } = representerWeights(net.B, net.m, X, run.params.a);
 */
export function representerWeights(B: Float64Array, m: number, X: HostPoints, a: ArrayLike<number>): { w: Float64Array; residual: number } {
  const n = X.n;
  if (a.length !== m) throw new ValidationError(`a must have m = ${m} entries, got ${a.length}`);
  if (m < n) throw new ValidationError(`representer weights need m ≥ n (got m = ${m}, n = ${n}): with m < n every a is in the span`);
  const Phi = reluFeatures(B, m, X);
  const K = featureGramFromPhi(Phi, n, m);
  const rhs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Phi[i * m + j] * a[j];
    rhs[i] = s;
  }
  const w = choleskySolve(cholesky(K, n), n, rhs);
  let r = 0;
  let na = 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Phi[i * m + j] * w[i];
    r += (a[j] - s / m) ** 2;
    na += a[j] * a[j];
  }
  return { w, residual: Math.sqrt(r / na) };
}

/**
 * The kernel expansion g(x) = Σ_i w_i k_m(x_i, x) with the finite-width kernel
 * k_m(x, x') = (1/m) Σ_j relu(b_j·x) relu(b_j·x'), at every row of Xeval.
 * @example const g = representerPredict(net.B, net.m, X, w, Xtest);
 */
export function representerPredict(B: Float64Array, m: number, X: HostPoints, w: ArrayLike<number>, Xeval: HostPoints): Float64Array {
  if (w.length !== X.n) throw new ValidationError(`w must have one weight per training point (${X.n}), got ${w.length}`);
  const Phi = reluFeatures(B, m, X);
  const coef = new Float64Array(m);
  for (let i = 0; i < X.n; i++) for (let j = 0; j < m; j++) coef[j] += (w[i] * Phi[i * m + j]) / m;
  const PhiE = reluFeatures(B, m, Xeval);
  const out = new Float64Array(Xeval.n);
  for (let t = 0; t < Xeval.n; t++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += PhiE[t * m + j] * coef[j];
    out[t] = s;
  }
  return out;
}

/**
 * The t → ∞ limit of gradient descent from a = 0 on the random feature model f(x) = Σ_j a_j relu(b_j·x)
 * with B fixed: GD never leaves the row space of Φ, so it converges to the minimum-norm least-squares
 * solution a* = Φᵀ(ΦΦᵀ)⁻¹y when m ≥ n (the interpolant, kernel "ridgeless" regression with K̂_m) and
 * to a* = (ΦᵀΦ)⁻¹Φᵀy when m < n (Φ of full column rank). Returns a* and f at the rows of Xeval.
 * Near m = n the Gram matrix is nearly singular and ‖a*‖ explodes: the interpolation peak.
 * @example const lim = randomFeatureLimit(net.B, net.m, X, y, Xtest); mse(lim.f, ytest)
 */
export function randomFeatureLimit(B: Float64Array, m: number, X: HostPoints, y: ArrayLike<number>, Xeval: HostPoints): { a: Float64Array; f: Float64Array } {
  const n = X.n;
  if (y.length !== n) throw new ValidationError(`y must have one target per row of X (${n}), got ${y.length}`);
  const Phi = reluFeatures(B, m, X);
  const a = new Float64Array(m);
  if (m >= n) {
    const K = featureGramFromPhi(Phi, n, m); // ΦΦᵀ/m
    const v = choleskySolve(cholesky(K, n), n, y); // (ΦΦᵀ/m) v = y  ⇒  a = Φᵀ v / m
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) a[j] += (Phi[i * m + j] * v[i]) / m;
  } else {
    const G = new Float64Array(m * m);
    const rhs = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        rhs[j] += Phi[i * m + j] * y[i];
        for (let k = 0; k <= j; k++) G[j * m + k] += Phi[i * m + j] * Phi[i * m + k];
      }
    }
    for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) G[k * m + j] = G[j * m + k];
    a.set(choleskySolve(cholesky(G, m), m, rhs));
  }
  const PhiE = reluFeatures(B, m, Xeval);
  const f = new Float64Array(Xeval.n);
  for (let t = 0; t < Xeval.n; t++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += PhiE[t * m + j] * a[j];
    f[t] = s;
  }
  return { a, f };
}
