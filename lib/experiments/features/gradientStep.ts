/**
 * The first full-batch gradient step on the first layer of the two-layer network of the family
 * (models' twoLayer with the NTK output scale c = 1/√m, no biases)
 *   f(x) = (1/√m) aᵀ σ(Wᵀx),   W ∈ ℝ^{d×m}, a ∈ ℝ^m,
 * with loss L = (1/2n) Σ_i (f(x_i) − y_i)², and its rank-one approximation (Ba et al., NeurIPS 2022):
 *   G₀ = −∇_W L = (1/(n√m)) Xᵀ[((y − f(X)) aᵀ) ⊙ σ′(XW)],   A = (μ₁/(n√m)) Xᵀy aᵀ,
 *   W₁ = W₀ + lr·√m·G₀   (lr: the lectures' step size η).
 * Replacing σ′(XW) by its mean μ₁ = E σ′(z) = E[zσ(z)] and f by 0 (f = O(1/√m) at initialisation)
 * turns G₀ into A; the theorem bounds ‖G₀ − A‖ ≲ (log²n/√n)·‖G₀‖ in operator norm.
 *
 * G₀ is the model's closed-form gradient (train's twoLayerGrad). Outer products are broadcast
 * multiplications: a matMul with inner dimension 1 ([d,1]×[1,m]) returned NaN or wrong values
 * intermittently on the wasm backend (tfjs 4.22).
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../../runtime/errors";
import { finite, integer, nonNegative, shape } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import { largestSingularValues } from "../../numerics/svd64";
import { activation } from "../../models/activations";
import { twoLayer } from "../../models/twoLayer";
import { twoLayerGrad } from "../../train/twoLayerGrad";
import type { Activation, ActivationName } from "../../models/types";
import { featureLink, gaussianMoments, type FeatureLinkName } from "./gaussianMoments";
import type { ScalarLink } from "../../models/links";

/** An activation given by name or as a vetted {@link Activation} (σ and σ′ are needed). */
export type StudentActivation = ActivationName | Activation;

/** @internal */
export function resolveStudent(s: StudentActivation): Activation {
  return typeof s === "string" ? activation(s) : s;
}

function asColumn(name: string, v: tf.Tensor, n: number): tf.Tensor2D {
  if (v.rank === 1) {
    shape(name, v.shape, [n]);
    return tf.reshape(v, [n, 1]);
  }
  shape(name, v.shape, [n, 1]);
  return v as tf.Tensor2D;
}

/**
 * The negative first-layer gradient G = −∇_W L of L = (1/2n)Σ_i (f(x_i) − y_i)² for
 * f(x) = (1/√m) aᵀσ(Wᵀx) (the family's twoLayer with scaling "ntk"), from its closed-form gradient:
 *   G = (1/(n√m)) Xᵀ[((y − f(X)) aᵀ) ⊙ σ′(XW)]   ([d, m], the same layout as W).
 * @example
 * const G0 = firstLayerGradient({ W: W0, a, X, y, activation: "erf" });
 * const W1 = oneStepUpdate({ W0, G0, lr: m ** 0.5 });
 */
export function firstLayerGradient(o: { W: tf.Tensor2D; a: tf.Tensor; X: tf.Tensor2D; y: tf.Tensor; activation: StudentActivation }): tf.Tensor2D {
  const [d, m] = o.W.shape;
  shape("X", o.X.shape, [null, d]);
  const n = o.X.shape[0];
  if (o.a.size !== m) throw new ValidationError(`a must hold m = ${m} entries (one per column of W), got ${o.a.size}`);
  const act = resolveStudent(o.activation);
  const net = twoLayer({ d, m, activation: act.name, scaling: "ntk" });
  return tf.tidy(() => {
    const y = tf.reshape(asColumn("y", o.y, n), [n]);
    const a = tf.reshape(o.a, [m]) as tf.Tensor1D;
    const { grads } = twoLayerGrad(net, { W: o.W, a }, o.X, y, "square", { wrt: "all" });
    return tf.neg(grads.W!) as tf.Tensor2D;
  });
}

/**
 * The rank-one approximation of the first gradient, A = (μ₁/(n√m)) Xᵀy aᵀ ([d, m]), with
 * μ₁ = E[zσ(z)] of the student activation (computed by quadrature unless given).
 * @example const A = rankOneGradient({ X, y, a, activation: "erf" }); // μ₁ = 2/√(3π)
 */
export function rankOneGradient(o: { X: tf.Tensor2D; y: tf.Tensor; a: tf.Tensor; activation?: StudentActivation; mu1?: number; XT?: tf.Tensor2D }): tf.Tensor2D {
  const [n, d] = o.X.shape;
  const m = o.a.size;
  let mu1: number;
  if (o.mu1 !== undefined) mu1 = finite("mu1", o.mu1);
  else if (o.activation !== undefined) mu1 = gaussianMoments(resolveStudent(o.activation).scalar).mu1;
  else throw new ValidationError("rankOneGradient needs either mu1 or the student activation");
  if (o.XT) shape("XT", o.XT.shape, [d, n]);
  return tf.tidy(() => {
    const y = asColumn("y", o.y, n);
    const XT = o.XT ?? tf.transpose(o.X);
    const xty = tf.matMul(XT, y); // [d, 1]
    return tf.mul(tf.mul(xty, tf.reshape(o.a, [1, m])), mu1 / (n * Math.sqrt(m))) as tf.Tensor2D;
  });
}

/**
 * One gradient step of size lr on the first layer with the mean-field step scaling:
 *   W₁ = W₀ + lr·√m·G₀   (G₀ = −∇_W L from {@link firstLayerGradient}, m = columns of W).
 * The lecture's step sizes are lr = m^α with α ∈ [0, 1/2].
 * @example const W1 = oneStepUpdate({ W0, G0, lr: 512 ** 0.5 });
 */
export function oneStepUpdate(o: { W0: tf.Tensor2D; G0: tf.Tensor2D; lr: number }): tf.Tensor2D {
  const lr = nonNegative("lr", o.lr);
  shape("G0", o.G0.shape, o.W0.shape);
  const m = o.W0.shape[1];
  return tf.tidy(() => tf.add(o.W0, tf.mul(o.G0, lr * Math.sqrt(m))) as tf.Tensor2D);
}

/** Result of {@link rankOneGradientError}. */
export interface RankOneError {
  /** ‖G₀ − A‖ / ‖G₀‖ in operator norm. */
  relErr: number;
  /** ‖G₀‖ (operator norm). */
  gradNorm: number;
  /** ‖A‖ (operator norm). */
  rankOneNorm: number;
}

/**
 * Draws the Ba et al. setting — x ~ N(0, I_d), y = σ*(⟨x, β*⟩) + ε (ε ~ N(0, noise²), ‖β*‖ = 1),
 * W₀ᵢⱼ ~ N(0, 1/d), aᵢ ~ N(0, 1/m) — forms the first gradient G₀ on n samples and returns
 * ‖G₀ − A‖/‖G₀‖ with A = (μ₁/(n√m)) Xᵀy aᵀ.
 * @example
 * const e = rankOneGradientError({ d: 64, m: 128, n: 1024, student: "erf", target: "erf", seed: 0 });
 * e.relErr // ≈ 0.1; it falls like n^(−1/2) when n, d, m grow together
 */
export function rankOneGradientError(o: { d: number; m: number; n: number; student: StudentActivation; target: FeatureLinkName | ScalarLink; noise?: number; seed: number | Rng }): RankOneError {
  const d = integer("d", o.d, 1);
  const m = integer("m", o.m, 1);
  const n = integer("n", o.n, 1);
  const noise = nonNegative("noise", o.noise ?? 0.1);
  const rng = toRng(o.seed);
  const link = featureLink(o.target);
  const act = resolveStudent(o.student);
  const beta = unitVector(rng.child("beta"), d);
  const t = tf.tidy(() => {
    const W = rng.child("W0").normalTensor([d, m], 1 / Math.sqrt(d)) as tf.Tensor2D;
    const a = rng.child("a").normalTensor([m], 1 / Math.sqrt(m));
    const X = rng.child("X").normalTensor([n, d]) as tf.Tensor2D;
    const z = tf.matMul(X, tf.tensor2d(Float32Array.from(beta), [d, 1]));
    const y = tf.add(link.apply(z), rng.child("noise").normalTensor([n, 1], noise));
    const XT = tf.transpose(X) as tf.Tensor2D;
    const G0 = firstLayerGradient({ W, a, X, y, activation: act });
    const A = rankOneGradient({ X, y, a, mu1: gaussianMoments(act.scalar).mu1, XT });
    return { G0, A, D: tf.sub(G0, A) as tf.Tensor2D };
  });
  const gradNorm = largestSingularValues(t.G0)[0];
  const rankOneNorm = largestSingularValues(t.A)[0];
  const diff = largestSingularValues(t.D)[0];
  tf.dispose([t.G0, t.A, t.D]);
  return { relErr: diff / gradNorm, gradNorm, rankOneNorm };
}

/** @internal A uniformly random unit vector of ℝ^d. */
export function unitVector(rng: Rng, d: number): Float64Array {
  const v = rng.normals(d);
  let s = 0;
  for (let i = 0; i < d; i++) s += v[i] * v[i];
  const r = Math.sqrt(s);
  for (let i = 0; i < d; i++) v[i] /= r;
  return v;
}
