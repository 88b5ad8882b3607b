/**
 * Which minimum SGD selects, on a small network: train to an (interpolating) minimum with GD or SGD
 * and measure its sharpness a and non-uniformity s ({@link sgdSolution}); restart SGD from a minimum
 * and watch whether it stays or escapes ({@link sgdEscapeRun}). Square loss with the ½ convention,
 * scalar-output `models.mlp` (sizes [d, …, 1]), targets y [n, 1].
 */
import * as tf from "@tensorflow/tfjs";
import type { MlpModel } from "../../models/mlp";
import type { MlpParams } from "../../models/types";
import { flattenParams, unflattenParams } from "../../models/params";
import { trainLoop } from "../../train/loop";
import { sgd } from "../../train/transforms";
import { empiricalNtk } from "../../analysis/gram";
import { sgdCurvatureFromGram } from "../../analysis/curvature";
import { DivergenceError, ValidationError } from "../../runtime/errors";
import { integer, positive } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import { lanczosEigs } from "../../numerics/lanczos";
import { finite } from "../../runtime/validate";

function checkScalar(net: MlpModel, y: tf.Tensor): void {
  const sizes = net.config.sizes;
  if (sizes[sizes.length - 1] !== 1) throw new ValidationError(`the network must have one output (sizes ending in 1), got sizes [${sizes.join(", ")}]`);
  if (y.rank !== 2 || y.shape[1] !== 1) throw new ValidationError(`y must have shape [n, 1], got [${y.shape.join(", ")}]`);
}

function fullLoss(net: MlpModel, p: MlpParams, X: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => net.squareLoss(p, X, y).dataSync()[0]);
}

/**
 * Gram matrix K_ij = ∇_θ f(x_i)·∇_θ f(x_j) [n, n] (row-major float64) of a scalar-output MLP, from
 * per-example gradients ({@link empiricalNtk}). At an interpolating minimum of the square loss the
 * per-sample Hessians are H_i = ∇f(x_i)∇f(x_i)ᵀ, and a, s and SGD's stability follow from K.
 * @example const K = mlpGram(net, params, X); const { a, s } = sgdCurvatureFromGram(K, n);
 */
export function mlpGram(net: MlpModel, params: MlpParams, X: tf.Tensor2D): Float64Array {
  const K = empiricalNtk((leaves, Xb) => net.apply(unflattenParams(params, leaves), Xb), flattenParams(params), X);
  try {
    return Float64Array.from(K.dataSync() as Float32Array);
  } finally {
    K.dispose();
  }
}

/** Result of {@link sgdSolution}. */
export interface SgdSolution {
  /** The final parameters (caller disposes). */
  params: MlpParams;
  /** Full training loss at the end. */
  loss: number;
  /** Sharpness a = λ_max(H) and non-uniformity s = √λ_max((1/n)Σ H_i² − H²) (Gauss–Newton, from the Gram matrix). */
  a: number;
  s: number;
  /** The Gram matrix at the end (for {@link sgdStabilityFromGram}). */
  K: Float64Array;
}

/**
 * Trains a scalar-output MLP with SGD (batches of `batchSize` drawn with replacement; GD when
 * `batchSize` is absent) at step `lr` for `steps` updates on L = (1/2n) Σ (f(x_i) − y_i)², then
 * measures the sharpness a and non-uniformity s of the solution from its Gram matrix
 * ({@link sgdCurvatureFromGram}; exact at interpolation, where the residual terms vanish).
 * @example const sol = sgdSolution({ net, params: net.init(0), X, y, lr: 0.5, batchSize: 4, steps: 2000, seed: 1 });
 */
export function sgdSolution(o: {
  net: MlpModel;
  params: MlpParams;
  X: tf.Tensor2D;
  y: tf.Tensor2D;
  lr: number;
  steps: number;
  batchSize?: number;
  seed?: number | Rng;
}): SgdSolution {
  checkScalar(o.net, o.y);
  positive("lr", o.lr);
  integer("steps", o.steps, 0);
  const n = o.X.shape[0];
  const res = trainLoop({
    params: o.params,
    X: o.X,
    y: o.y,
    steps: o.steps,
    optimizer: sgd(o.lr),
    loss: (p, Xb, yb) => o.net.squareLoss(p, Xb, yb),
    gradient: (p, Xb, yb) => o.net.squareLossGradient(p, Xb, yb),
    batchSize: o.batchSize,
    replacement: true,
    evalEvery: Math.max(1, o.steps),
    seed: o.seed ?? 0,
  });
  const K = mlpGram(o.net, res.params, o.X);
  const { a, s } = sgdCurvatureFromGram(K, n);
  return { params: res.params, loss: fullLoss(o.net, res.params, o.X, o.y), a, s, K };
}

/** Result of {@link sgdEscapeRun}. */
export interface SgdEscapeResult {
  /** Steps at which the full training loss was recorded. */
  step: number[];
  /** Full training loss L(θ_t) at those steps. */
  loss: number[];
  /** ‖θ_t − θ₀‖ at those steps. */
  distance: number[];
  /** Loss at the start (the minimum) and the largest recorded. */
  startLoss: number;
  maxLoss: number;
  /** maxLoss > escapeFactor·startLoss + escapeFloor: the run left the minimum's basin. */
  escaped: boolean;
  /** The loss overflowed (maxLoss is then Infinity, and the run counts as escaped). */
  diverged: boolean;
}

/**
 * Runs SGD (batches drawn with replacement; GD without `batchSize`) from a minimum θ₀ (optionally
 * kicked by a random vector of norm `perturbation`) and records the full training loss and the
 * distance from θ₀ every `evalEvery` steps. "Escaped" means the loss rose
 * above escapeFactor·L(θ₀) + escapeFloor (defaults 10 and 1e-3): an order of magnitude: a linearly unstable minimum is left
 * exponentially fast, a stable one keeps the loss at (or below) its starting value.
 * @example const r = sgdEscapeRun({ net, params: gdMin, X, y, lr: 0.5, batchSize: 1, steps: 300, seed: 0 }); r.escaped;
 */
export function sgdEscapeRun(o: {
  net: MlpModel;
  params: MlpParams;
  X: tf.Tensor2D;
  y: tf.Tensor2D;
  lr: number;
  steps: number;
  batchSize?: number;
  evalEvery?: number;
  escapeFactor?: number;
  escapeFloor?: number;
  /** Norm of a random Gaussian kick added to θ₀ before the run (default 0): seeds the instability at an exact minimum. */
  perturbation?: number;
  seed?: number | Rng;
}): SgdEscapeResult {
  checkScalar(o.net, o.y);
  const factor = positive("escapeFactor", o.escapeFactor ?? 10);
  const floor = positive("escapeFloor", o.escapeFloor ?? 1e-3);
  const start = flattenParams(o.params).map((t) => Float64Array.from(t.dataSync() as Float32Array));
  const rng = toRng(o.seed ?? 0);
  const kick = o.perturbation ?? 0;
  if (!(kick >= 0)) throw new ValidationError(`perturbation must be ≥ 0, got ${kick}`);
  let initial: MlpParams = o.params;
  if (kick > 0) {
    const dirs = start.map((v, k) => rng.child("kick", k).normals(v.length));
    const norm = Math.sqrt(dirs.reduce((acc, d) => acc + d.reduce((u, x) => u + x * x, 0), 0));
    const leaves = flattenParams(o.params).map((t, k) => tf.tensor(Float32Array.from(start[k], (x, i) => x + (kick * dirs[k][i]) / norm), t.shape, "float32"));
    initial = unflattenParams(o.params, leaves);
  }
  const step: number[] = [];
  const loss: number[] = [];
  const distance: number[] = [];
  let diverged = false;
  try {
    const res = trainLoop({
      params: initial,
      X: o.X,
      y: o.y,
      steps: integer("steps", o.steps, 1),
      optimizer: sgd(positive("lr", o.lr)),
      loss: (p, Xb, yb) => o.net.squareLoss(p, Xb, yb),
      gradient: (p, Xb, yb) => o.net.squareLossGradient(p, Xb, yb),
      batchSize: o.batchSize,
      replacement: true,
      evalEvery: integer("evalEvery", o.evalEvery ?? 5, 1),
      seed: rng.child("batches"),
      callbacks: [
        ({ step: t, params: p }) => {
          let d2 = 0;
          flattenParams(p).forEach((x, k) => {
            const v = x.dataSync();
            for (let i = 0; i < v.length; i++) d2 += (v[i] - start[k][i]) ** 2;
          });
          step.push(t);
          loss.push(fullLoss(o.net, p, o.X, o.y));
          distance.push(Math.sqrt(d2));
        },
      ],
    });
    for (const t of flattenParams(res.params)) t.dispose();
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    diverged = true;
  } finally {
    if (initial !== o.params) for (const t of flattenParams(initial)) t.dispose();
  }
  const startLoss = loss[0];
  const maxLoss = diverged ? Infinity : Math.max(...loss);
  return { step, loss, distance, startLoss, maxLoss, escaped: maxLoss > factor * startLoss + floor, diverged };
}

/**
 * The sharpness λ_max(∇²L(θ(α))) of an MLP's square loss L = (1/2n)Σ‖f(x_i) − y_i‖² along the segment
 * θ(α) = (1 − α)θ₁ + αθ₂, by Lanczos (tolerance 1e-6) on the exact Hessian (the model's `hessianOperator`).
 * @example const lam = sharpnessAlongSegment(net, sgdParams, gdParams, X, y, [0, 0.5, 1]);
 */
export function sharpnessAlongSegment(net: MlpModel, theta1: MlpParams, theta2: MlpParams, X: tf.Tensor2D, y: tf.Tensor2D, alphas: number[]): number[] {
  const l1 = flattenParams(theta1);
  const l2 = flattenParams(theta2);
  if (l1.length !== l2.length || l1.some((p, i) => p.shape.join(",") !== l2[i].shape.join(","))) {
    throw new ValidationError("theta1 and theta2 must have the same structure and shapes");
  }
  return alphas.map((alpha, k) => {
    finite(`alphas[${k}]`, alpha);
    const leaves = l1.map((p, i) => tf.tidy(() => tf.add(tf.mul(p, 1 - alpha), tf.mul(l2[i], alpha))));
    const op = net.hessianOperator(unflattenParams(theta1, leaves), X, y);
    try {
      return lanczosEigs(op.matvec, op.dim, { k: 1, iters: 60, seed: k }).values[0];
    } finally {
      op.dispose();
      tf.dispose(leaves);
    }
  });
}
