/**
 * The constant that separates the denoising score-matching loss from the explicit one:
 * J_t(s) = E‖s(x_t) − ∇log p(x_t | x₀)‖² = E‖s(x_t) − ∇log p_t(x_t)‖² + C_t, with
 * C_t = d/σ_t² − I(p_t) (σ_t² = 1 − e^{−2t}, I the Fisher information E‖∇log p_t‖²).
 */
import { mixtureAtTime, mixtureScore, sampleMixture, type GaussianMixture } from "../../data/mixture";
import { gaussHermiteRule } from "../../numerics/gaussHermite";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, positive } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/**
 * The Fisher information I(p) = E_p‖∇log p‖² of a 1-D mixture, by Gauss–Hermite quadrature on each
 * component (m nodes): Σ_k w_k E_z[s(μ_k + σ_k z)²].
 * @example fisherInformation(gaussianMixture({ weights: [1], means: [0], sds: [0.5] })) // 1/0.25 = 4
 */
export function fisherInformation(p: GaussianMixture, m = 160): number {
  if (p.d !== 1) throw new ValidationError(`fisherInformation is for 1-D mixtures, got d = ${p.d}`, { argument: "p" });
  const { nodes, weights } = gaussHermiteRule(integer("m", m, 1));
  let I = 0;
  for (let k = 0; k < p.weights.length; k++) {
    const x = Float64Array.from(nodes, (z) => p.means[k] + p.sds[k] * z);
    const s = mixtureScore(p, x);
    let e = 0;
    for (let j = 0; j < x.length; j++) e += weights[j] * s[j] * s[j];
    I += p.weights[k] * e;
  }
  return I;
}

/**
 * C_t = 1/σ_t² − I(p_t) for a 1-D mixture p₀, by quadrature: the smallest value the DSM loss J_t can
 * take (reached by the exact score).
 * @example dsmConstant(target1d(), 0.1)
 */
export function dsmConstant(p0: GaussianMixture, t: number): number {
  positive("t", t);
  return 1 / -Math.expm1(-2 * t) - fisherInformation(mixtureAtTime(p0, t));
}

/**
 * C_t by Monte Carlo: the DSM loss of the exact score, mean of (−z/σ_t − ∇log p_t(x_t))² over M
 * draws x₀ ~ p₀, z ~ N(0, 1), x_t = e^{−t}x₀ + σ_t z, with its standard error sd/√M.
 * @example const { mean, se } = dsmConstantMonteCarlo(target1d(), 0.1, 100000, 0);
 */
export function dsmConstantMonteCarlo(p0: GaussianMixture, t: number, M: number, seed: number | Rng): { mean: number; se: number } {
  positive("t", t);
  integer("M", M, 2);
  const rng = toRng(seed);
  const x0 = sampleMixture(p0, M, rng.child("x0"));
  const z = rng.child("z").normals(M * p0.d);
  const sigma = Math.sqrt(-Math.expm1(-2 * t));
  const a = Math.exp(-t);
  const xt = x0.map((x, i) => a * x + sigma * z[i]);
  const s = mixtureScore(mixtureAtTime(p0, t), xt);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < M; i++) {
    let v = 0;
    for (let j = 0; j < p0.d; j++) v += (-z[i * p0.d + j] / sigma - s[i * p0.d + j]) ** 2;
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / M;
  const sd = Math.sqrt(Math.max(0, sum2 / M - mean * mean) * (M / (M - 1)));
  return { mean, se: sd / Math.sqrt(M) };
}
