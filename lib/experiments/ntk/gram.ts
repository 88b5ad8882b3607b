/**
 * The Gram matrices of the kernel regime (float64, host), composed from the models' two-layer
 * executor and the analytic kernels:
 *   limiting kernel   k(x, x') = E_{w∼Unif(S^{d−1})}[relu(w·x) relu(w·x')]   (analysis' arcCosineKernel),
 *   finite width      K̂_m = Φ Φᵀ / m,  Φ_ij = relu(w_j·x_i)                 (models' twoLayer64FeatureGram),
 * the convergence ‖K̂_m − K‖_F ∝ m^{−1/2}, and the representer form and t → ∞ limit of the
 * random-feature GD solution.
 */
import { toRng, type Rng } from "../../runtime/rng";
import { ValidationError } from "../../runtime/errors";
import { integer } from "../../runtime/validate";
import type { HostPoints } from "../../data/samplers";
import { arcCosineKernel } from "../../analysis/kernels";
import { cholesky, choleskySolve } from "../../numerics/cholesky64";
import { lambdaMin64, matVec64 } from "../../numerics/linalg64";
import {
  featureGram64,
  twoLayer64FeatureGram,
  twoLayer64Features,
  twoLayer64Init,
  type TwoLayerParams64,
} from "../../models/twoLayer64";

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
 * w_j ∼ Unif(S^{d−1}); by the law of large numbers each entry of K̂_m − K has sd ∝ m^{−1/2}, so the
 * Frobenius norm falls like m^{−1/2}.
 * @example const g = featureGramConvergence({ X, ms: [16, 64, 256, 1024], seeds: 5, seed: 0 });
 */
export function featureGramConvergence(o: { X: HostPoints; ms: number[]; seeds: number; seed: number | Rng }): GramConvergence {
  const seeds = integer("seeds", o.seeds, 1);
  if (!Array.isArray(o.ms) || o.ms.length === 0) throw new ValidationError("ms must be a non-empty array of widths");
  const { X } = o;
  const n = X.n;
  const K = arcCosineKernel(X, X, { order: 1, weights: "sphere" });
  const rng = toRng(o.seed);
  const out: GramConvergence = { ms: [...o.ms], dev: [], devSd: [], lambdaMinHat: [], lambdaMin: lambdaMin64(K, n) };
  for (const m of o.ms) {
    integer("m", m, 1);
    const devs: number[] = [];
    let lam = 0;
    for (let s = 0; s < seeds; s++) {
      const net = twoLayer64Init({ m, d: X.d, seed: rng.child("gram", m, s) });
      const Kh = twoLayer64FeatureGram(net, X);
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
 * Σ_j a_j relu(w_j·x) ≈ Σ_i w_i k_m(x_i, x) with k_m(x, x') = (1/m) Σ_j relu(w_j·x) relu(w_j·x')),
 * from K̂_m w = Φ a, and the relative residual ‖a − Φᵀw/m‖/‖a‖ (≈ 0 exactly when a lies in the span
 * of the n feature vectors, as GD from a = 0 guarantees). Φ = relu(XW) with the first layer of
 * `params`. Needs m ≥ n and K̂_m positive definite.
 * @example const { w, residual } = representerWeights(net, X, run.params.a);
 */
export function representerWeights(params: TwoLayerParams64, X: HostPoints, a: ArrayLike<number>): { w: Float64Array; residual: number } {
  const n = X.n;
  const m = params.m;
  if (a.length !== m) throw new ValidationError(`a must have m = ${m} entries, got ${a.length}`);
  if (m < n) throw new ValidationError(`representer weights need m ≥ n (got m = ${m}, n = ${n}): with m < n every a is in the span`);
  const Phi = twoLayer64Features(params, X);
  const K = featureGram64(Phi, n, m);
  const rhs = matVec64(Phi, n, m, a);
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
 * k_m(x, x') = (1/m) Σ_j relu(w_j·x) relu(w_j·x') of `params`' first layer, at every row of Xeval.
 * @example const g = representerPredict({ params: net, X, w, Xeval: Xtest });
 */
export function representerPredict(o: { params: TwoLayerParams64; X: HostPoints; w: ArrayLike<number>; Xeval: HostPoints }): Float64Array {
  const { params, X, w, Xeval } = o;
  const m = params.m;
  if (w.length !== X.n) throw new ValidationError(`w must have one weight per training point (${X.n}), got ${w.length}`);
  const Phi = twoLayer64Features(params, X);
  const coef = new Float64Array(m);
  for (let i = 0; i < X.n; i++) for (let j = 0; j < m; j++) coef[j] += (w[i] * Phi[i * m + j]) / m;
  return matVec64(twoLayer64Features(params, Xeval), Xeval.n, m, coef);
}

/**
 * The t → ∞ limit of gradient descent from a = 0 on the random feature model f(x) = Σ_j a_j relu(w_j·x)
 * with W fixed (`params`' first layer): GD never leaves the row space of Φ, so it converges to the
 * minimum-norm least-squares solution a* = Φᵀ(ΦΦᵀ)⁻¹y when m ≥ n (the interpolant, kernel "ridgeless"
 * regression with K̂_m) and to a* = (ΦᵀΦ)⁻¹Φᵀy when m < n (Φ of full column rank). Returns a* and f
 * at the rows of Xeval. Near m = n the Gram matrix is nearly singular and ‖a*‖ explodes: the
 * interpolation peak.
 * @example const lim = randomFeatureLimit({ params: net, X, y, Xeval: Xtest }); mse64(lim.f, ytest)
 */
export function randomFeatureLimit(o: { params: TwoLayerParams64; X: HostPoints; y: ArrayLike<number>; Xeval: HostPoints }): { a: Float64Array; f: Float64Array } {
  const { params, X, y, Xeval } = o;
  const n = X.n;
  const m = params.m;
  if (y.length !== n) throw new ValidationError(`y must have one target per row of X (${n}), got ${y.length}`);
  const Phi = twoLayer64Features(params, X);
  const a = new Float64Array(m);
  if (m >= n) {
    const K = featureGram64(Phi, n, m); // ΦΦᵀ/m
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
  const f = matVec64(twoLayer64Features(params, Xeval), Xeval.n, m, a);
  return { a, f };
}
