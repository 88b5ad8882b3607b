/**
 * Training losses, each (pred, y) → scalar tensor, averaged over the n samples (first axis).
 * Written with ops whose gradients can be differentiated again (Hessian-vector products).
 */
import * as tf from "@tensorflow/tfjs";
import { activation } from "../models/activations";
import { ValidationError } from "../runtime/errors";
import { oneOf } from "../runtime/validate";

/** Names of the built-in losses. */
export type LossName = "square" | "hinge" | "logistic";

/** A loss ℓ(pred, y) → scalar. */
export type LossFn = (pred: tf.Tensor, y: tf.Tensor) => tf.Scalar;

function checkPair(pred: tf.Tensor, y: tf.Tensor): void {
  if (pred.rank < 1 || pred.rank !== y.rank || pred.shape.some((s, i) => s !== y.shape[i])) {
    throw new ValidationError(`pred and y must have the same shape [n] or [n, k], got pred [${pred.shape}] and y [${y.shape}]`);
  }
  if (pred.shape[0] === 0) throw new ValidationError("pred and y must hold at least one sample, got n = 0");
}

/**
 * Square loss with the ½ convention: L = (1/2n) Σ_i (f_i − y_i)², and for vector outputs
 * L = (1/2n) Σ_i ‖f_i − y_i‖² (n = pred.shape[0]). Its gradient in f is (f − y)/n.
 * @example squareLoss(tf.tensor1d([1, 2]), tf.tensor1d([0, 0])) // (1 + 4)/4 = 1.25
 */
export function squareLoss(pred: tf.Tensor, y: tf.Tensor): tf.Scalar {
  checkPair(pred, y);
  const n = pred.shape[0];
  return tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(pred, y))), 2 * n) as tf.Scalar);
}

/**
 * Hinge loss L = (1/n) Σ_i max(0, 1 − y_i f_i), labels y_i ∈ {−1, +1}.
 * @example hingeLoss(tf.tensor1d([0.5, 2]), tf.tensor1d([1, 1])) // 0.25
 */
export function hingeLoss(pred: tf.Tensor, y: tf.Tensor): tf.Scalar {
  checkPair(pred, y);
  return tf.tidy(() => tf.mean(tf.relu(tf.sub(1, tf.mul(y, pred)))) as tf.Scalar);
}

/**
 * Logistic loss L = (1/n) Σ_i log(1 + exp(−y_i f_i)) = mean softplus(−y f), computed stably
 * (no overflow for large |f|), labels y_i ∈ {−1, +1}.
 * @example logisticLoss(tf.tensor1d([0]), tf.tensor1d([1])) // log 2
 */
export function logisticLoss(pred: tf.Tensor, y: tf.Tensor): tf.Scalar {
  checkPair(pred, y);
  const softplus = activation("softplus").apply;
  return tf.tidy(() => tf.mean(softplus(tf.neg(tf.mul(y, pred)))) as tf.Scalar);
}

/**
 * The loss called `name`.
 * @example const ell = lossByName("hinge"); ell(pred, y);
 */
export function lossByName(name: LossName): LossFn {
  oneOf("loss", name, ["square", "hinge", "logistic"]);
  return name === "square" ? squareLoss : name === "hinge" ? hingeLoss : logisticLoss;
}

/**
 * Denoising score matching on a batch of noised points x_t = μ_t x₀ + σ_t z (z ~ N(0, I)), whose
 * conditional score is ∇log p(x_t | x₀) = −z/σ_t:
 * L = (1/n) Σ_i λ_i ‖ŝ_i + z_i/σ_i‖², with `score` ŝ [n, d], `noise` z [n, d], `sd` σ [n] and
 * weights λ [n] (default 1: the plain loss J_t; λ = σ² gives the noise-prediction loss ‖σŝ + z‖²).
 * In expectation it equals E‖ŝ − ∇log p_t‖² plus a constant that does not depend on ŝ
 * (Vincent 2011).
 * @example denoisingScoreLoss({ score: tf.tensor2d([[-1]]), noise: tf.tensor2d([[0.5]]), sd: tf.tensor1d([0.5]) }) // 0
 */
export function denoisingScoreLoss(o: { score: tf.Tensor; noise: tf.Tensor; sd: tf.Tensor; weight?: tf.Tensor }): tf.Scalar {
  const { score, noise, sd, weight } = o;
  checkPair(score, noise);
  if (score.rank !== 2) throw new ValidationError(`score must be [n, d], got [${score.shape}]`, { argument: "score" });
  const n = score.shape[0];
  if (sd.rank !== 1 || sd.shape[0] !== n) throw new ValidationError(`sd must be [${n}], got [${sd.shape}]`, { argument: "sd" });
  if (weight && (weight.rank !== 1 || weight.shape[0] !== n)) throw new ValidationError(`weight must be [${n}], got [${weight.shape}]`, { argument: "weight" });
  return tf.tidy(() => {
    const r = tf.add(score, tf.div(noise, tf.reshape(sd, [n, 1])));
    const per = tf.sum(tf.square(r), 1);
    return tf.mean(weight ? tf.mul(per, weight) : per) as tf.Scalar;
  });
}
