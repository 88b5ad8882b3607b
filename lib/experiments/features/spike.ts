/**
 * The spike that one large gradient step puts into the first-layer weights, measured and predicted.
 *
 * W₀ (entries N(0, 1/d), shape d×m, ψ₂ = m/d ≥ 1) has singular values filling the Marchenko–Pastur
 * bulk [√ψ₂ − 1, √ψ₂ + 1]. The step adds lr√m G₀ ≈ θ u vᵀ, a nearly rank-one matrix with u ∝ Xᵀy (close
 * to β*) and v = a/‖a‖. Rank-one perturbation theory (Benaych-Georges & Nadakuditi, Adv. Math. 2011)
 * says: with θ′ = θ/√ψ₂ and c = 1/ψ₂, an outlier leaves the bulk only when θ′ > c^{1/4}, and then sits at
 *   s₁ = √ψ₂ · √((1 + θ′²)(c + θ′²)) / θ′,
 * with its left singular vector at squared overlap 1 − c(1 + θ′²)/(θ′²(θ′² + c)) with u.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../../runtime/errors";
import { nonNegative, positive, shape } from "../../runtime/validate";
import { largestSingularValues } from "../../numerics/svd64";

/** Spectrum of W₁ = W₀ + lr√m G₀ around its top, and the alignment of the spike with β*. */
export interface SpikeStats {
  /** Largest singular value of W₁. */
  sv1: number;
  /** Second singular value of W₁ (the top of the bulk once a spike has left it). */
  sv2: number;
  /** Largest singular value of W₁ − W₀ = lr√m G₀. */
  deltaSv1: number;
  /** Second singular value of W₁ − W₀. */
  deltaSv2: number;
  /** |⟨u₁, β*⟩| for the top left singular vector u₁ of W₁. */
  overlap: number;
}


/**
 * Top singular values of W₁ = W₀ + lr√m G₀ and of the update lr√m G₀, and the overlap |⟨u₁, β*⟩| of
 * W₁'s top left singular vector with the target direction (Gram matrices by float32 matmul,
 * eigen-decomposition in float64).
 * @example
 * const s = spikeStats({ W0, G0, lr: 512 ** 0.5, beta });
 * s.sv1 > s.sv2 // an outlier above the bulk once lr is large
 */
export function spikeStats(o: { W0: tf.Tensor2D; G0: tf.Tensor2D; lr: number; beta: ArrayLike<number> }): SpikeStats {
  shape("G0", o.G0.shape, o.W0.shape);
  const [d, m] = o.W0.shape;
  if (o.beta.length !== d) throw new ValidationError(`beta must hold d = ${d} entries, got ${o.beta.length}`);
  if (d > m) throw new ValidationError(`spike statistics expect W as [d, m] with d ≤ m, got [${d}, ${m}]`);
  const lr = nonNegative("lr", o.lr);
  const W1 = tf.tidy(() => tf.add(o.W0, tf.mul(o.G0, lr * Math.sqrt(m))) as tf.Tensor2D);
  const w = largestSingularValues(W1, 2, { leftVectors: true });
  W1.dispose();
  const g = largestSingularValues(o.G0, 2);
  let ov = 0;
  for (let i = 0; i < d; i++) ov += w.left[0][i] * o.beta[i];
  const scale = lr * Math.sqrt(m);
  return { sv1: w.values[0], sv2: w.values[1], deltaSv1: scale * g[0], deltaSv2: scale * g[1], overlap: Math.abs(ov) };
}

/** Prediction of {@link spikeTheory}. */
export interface SpikeTheory {
  /** Upper edge of W₀'s singular-value bulk, √ψ₂ + 1. */
  bulkEdge: number;
  /** Smallest spike strength θ that produces an outlier: √ψ₂ · ψ₂^{−1/4} = ψ₂^{1/4}. */
  threshold: number;
  /** Predicted largest singular value of W₀ + θ u vᵀ (= bulkEdge below the threshold). */
  outlier: number;
  /** Predicted |⟨u₁, u⟩| of the top left singular vector with the spike direction (0 below the threshold). */
  overlap: number;
}

/**
 * Rank-one perturbation prediction for W₀ + θ u vᵀ with W₀ [d, m] of N(0, 1/d) entries, ψ₂ = m/d ≥ 1
 * (Benaych-Georges & Nadakuditi 2011): with θ′ = θ/√ψ₂, c = 1/ψ₂,
 *   outlier = √ψ₂ · √((1 + θ′²)(c + θ′²))/θ′ if θ′ > c^{1/4}, else the bulk edge √ψ₂ + 1;
 *   overlap² = 1 − c(1 + θ′²)/(θ′²(θ′² + c)).
 * @example spikeTheory({ theta: 3, psi2: 2 }).outlier // ≈ 3.50 (bulk edge 2.41)
 */
export function spikeTheory(o: { theta: number; psi2: number }): SpikeTheory {
  const theta = nonNegative("theta", o.theta);
  const psi2 = positive("psi2", o.psi2);
  if (psi2 < 1) throw new ValidationError(`spikeTheory assumes m ≥ d (psi2 ≥ 1), got psi2 = ${psi2}`);
  const c = 1 / psi2;
  const tp = theta / Math.sqrt(psi2);
  const bulkEdge = Math.sqrt(psi2) + 1;
  const threshold = psi2 ** 0.25;
  if (!(tp > c ** 0.25)) return { bulkEdge, threshold, outlier: bulkEdge, overlap: 0 };
  const t2 = tp * tp;
  return {
    bulkEdge,
    threshold,
    outlier: (Math.sqrt(psi2) * Math.sqrt((1 + t2) * (c + t2))) / tp,
    overlap: Math.sqrt(Math.max(0, 1 - (c * (1 + t2)) / (t2 * (t2 + c)))),
  };
}

/**
 * Predicted strength θ = ‖lr√m A‖ of the rank-one step A = (μ₁/(n√m)) Xᵀy aᵀ when ‖a‖ ≈ 1:
 *   θ ≈ lr μ₁ ‖Xᵀy‖/n ≈ lr μ₁ √(μ₁*² + E[y²]/ψ₁),
 * because Xᵀy/n = E[xy] + fluctuation, ‖E[xy]‖ = μ₁* = E[zσ*(z)] and the fluctuation has squared norm
 * ≈ d·E[y²]/n. Also returns the overlap of u ∝ Xᵀy with β*, μ₁* / √(μ₁*² + E[y²]/ψ₁).
 * @example
 * const { theta } = spikeStrength({ lr: 512 ** 0.5, mu1: 0.6057, targetMu1: 0.6057, targetSecondMoment: 0.394, noise: 0.1, psi1: 16 });
 */
export function spikeStrength(o: { lr: number; mu1: number; targetMu1: number; targetSecondMoment: number; noise: number; psi1: number }): { theta: number; directionOverlap: number } {
  const lr = nonNegative("lr", o.lr);
  const psi1 = positive("psi1", o.psi1);
  const ey2 = nonNegative("targetSecondMoment", o.targetSecondMoment) + nonNegative("noise", o.noise) ** 2;
  const norm = Math.sqrt(o.targetMu1 ** 2 + ey2 / psi1);
  return { theta: lr * Math.abs(o.mu1) * norm, directionOverlap: Math.abs(o.targetMu1) / norm };
}
