/**
 * Gaussian expectations in float64 by Gauss–Hermite quadrature, and the Hermite moments of a scalar
 * function that the one-step feature-learning notebook needs: μ₀ = E σ(z), μ₁ = E[z σ(z)],
 * μ₂ = √(E σ(z)² − μ₁²), and the size of the nonlinear part ‖P_{>1} f*‖² of a single-index target.
 *
 * Ba, Erdogdu, Suzuki, Wang, Wu, Yang, "High-dimensional asymptotics of feature learning: how one
 * gradient step improves the representation", NeurIPS 2022.
 */
import { targetLink, type LinkName, type ScalarLink } from "../../models/links";
import * as tf from "@tensorflow/tfjs";
import { gaussianExpectation } from "../../numerics/gaussHermite";

/** Gaussian moments of a scalar function σ, z ~ N(0, 1). */
export interface GaussianMoments {
  /** μ₀ = E σ(z). */
  mu0: number;
  /** μ₁ = E[z σ(z)] (= E σ′(z) by Stein's lemma). */
  mu1: number;
  /** μ₂ = √(E σ(z)² − μ₁²), the slide's definition (it equals the nonlinear-plus-constant part). */
  mu2: number;
  /** E σ(z)². */
  secondMoment: number;
  /** E σ² − μ₀² − μ₁²: the variance of σ(z) left after removing its constant and linear parts. */
  nonlinearPart: number;
}

/**
 * Hermite moments of σ under z ~ N(0, 1): μ₀ = E σ, μ₁ = E[zσ], μ₂ = √(Eσ² − μ₁²), and
 * Eσ² − μ₀² − μ₁² (all by Gauss–Hermite quadrature in float64). σ is a function, a link name
 * ("erf", "tanh", "relu", …, "he2", "he3") or a {@link ScalarLink}.
 * @example
 * const m = gaussianMoments("erf"); // m.mu1 = 2/√(3π) ≈ 0.6515, m.secondMoment = (2/π)·asin(2/3) ≈ 0.4646
 */
export function gaussianMoments(sigma: ((z: number) => number) | FeatureLinkName | ScalarLink, m = 200): GaussianMoments {
  const f = typeof sigma === "function" ? sigma : featureLink(sigma).scalar;
  const mu0 = gaussianExpectation(f, m);
  const mu1 = gaussianExpectation((z) => z * f(z), m);
  const secondMoment = gaussianExpectation((z) => f(z) ** 2, m);
  return { mu0, mu1, mu2: Math.sqrt(Math.max(0, secondMoment - mu1 * mu1)), secondMoment, nonlinearPart: Math.max(0, secondMoment - mu0 * mu0 - mu1 * mu1) };
}

/**
 * ‖P_{>1} f*‖²_{L²} for the single-index target f*(x) = σ*(⟨x, β*⟩), x ~ N(0, I_d), ‖β*‖ = 1: the
 * part of f* that no constant-plus-linear function captures,
 *   ‖P_{>1} f*‖² = E f*² − (E f*)² − ‖E[x f*]‖² = E σ*(z)² − (E σ*(z))² − (E[z σ*(z)])².
 * Random-feature and kernel ridge regression, and gradient steps with η = O(1), cannot get below it
 * in the proportional regime (Ba et al. 2022).
 * @example nonlinearPartNorm("erf") // (2/π)·asin(2/3) − 4/(3π) ≈ 0.04022
 */
export function nonlinearPartNorm(target: ((z: number) => number) | FeatureLinkName | ScalarLink, m = 200): number {
  return gaussianMoments(typeof target === "function" ? target : featureLink(target), m).nonlinearPart;
}

/** Link names of the one-step notebook: every {@link LinkName} plus "tanh2x" = tanh(2z). */
export type FeatureLinkName = LinkName | "tanh2x";

const TANH2X: ScalarLink = {
  name: "tanh2x",
  apply: (z) => tf.tidy(() => tf.tanh(tf.mul(z, 2))),
  scalar: (z) => Math.tanh(2 * z),
};

/**
 * Resolves a target link: "tanh2x" is tanh(2z) (a more nonlinear odd target); every other name is
 * resolved by `targetLink` (erf, tanh, relu, …, he2, he3); an object `{ name, apply, scalar }` is returned as is.
 * @example featureLink("tanh2x").scalar(0.5) // tanh(1) ≈ 0.7616
 */
export function featureLink(link: FeatureLinkName | ScalarLink): ScalarLink {
  return link === "tanh2x" ? TANH2X : targetLink(link, "target");
}
