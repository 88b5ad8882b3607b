/**
 * Which minimum SGD selects, on a small network: train to an (interpolating) minimum with GD or SGD
 * and measure its sharpness a and non-uniformity s ({@link sgdSolution}); restart SGD from a minimum
 * and watch whether it stays or escapes ({@link sgdEscapeRun}). Square loss with the ½ convention,
 * scalar-output `models.mlp` (sizes [d, …, 1]), targets y [n, 1].
 */
import * as tf from "@tensorflow/tfjs";
import type { MlpModel } from "../../models/mlp";
import type { MlpParams } from "../../models/types";
import { flattenParams, paramDistance, unflattenParams } from "../../models/params";
import { trainLoop } from "../../train/loop";
import { sgd } from "../../train/transforms";
import { empiricalNtk } from "../../analysis/gram";
import { sgdCurvatureFromGram } from "../../analysis/curvature";
import { DivergenceError, ValidationError } from "../../runtime/errors";
import { integer, positive } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import { lanczosEigs } from "../../numerics/lanczos";
import { finite } from "../../runtime/validate";
import { sgdStabilityFromGram } from "./linearStability";

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
          step.push(t);
          loss.push(fullLoss(o.net, p, o.X, o.y));
          distance.push(paramDistance(p, o.params));
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

/** What linear stability predicts for SGD (or GD) restarted at a minimum. */
export type EscapePrediction = "escape" | "stay" | "no prediction";

/**
 * The prediction of Wu, Ma & E (2018) for SGD with step lr and batches of B drawn with replacement
 * at an interpolating minimum with sharpness a = λ_max(H), non-uniformity s = λ_max(Σ)^½ and
 * mean-square factor λ_max(M), M = (I − ηH)² + (η²/B)Σ: "escape" when a necessary condition fails
 * (aη > 2 or sη/√B > 1), "stay" when the sufficient one holds (λ_max(M) ≤ 1, up to 1e-9 round-off),
 * "no prediction" in between. Full-batch GD (`batchSize` null) has M = (I − ηH)²: it stays iff aη ≤ 2.
 * @example escapePrediction({ a: 9, s: 8, factor: 1.3, lr: 0.2, batchSize: 1 }) // "escape" (sη = 1.6 > 1)
 */
export function escapePrediction(o: { a: number; s: number; factor: number; lr: number; batchSize: number | null }): EscapePrediction {
  const lr = positive("lr", o.lr);
  const a = finite("a", o.a);
  if (o.batchSize === null) return a * lr <= 2 ? "stay" : "escape";
  const B = integer("batchSize", o.batchSize, 1);
  const s = finite("s", o.s);
  if (a * lr > 2 || (s * lr) / Math.sqrt(B) > 1) return "escape";
  return finite("factor", o.factor) <= 1 + 1e-9 ? "stay" : "no prediction";
}

/** One case of {@link sgdEscapeExperiment}: the prediction and what the run did. */
export interface EscapeCase {
  /** "B1", "B4", … for SGD with that batch size, "GD" for full-batch GD. */
  name: string;
  /** The batch size B, or null for full-batch GD. */
  batchSize: number | null;
  /** For tables and legends: "B = 1", …, "GD (full batch)". */
  label: string;
  /** Sharpness a = λ_max(H) and non-uniformity s = λ_max(Σ)^½ of the minimum (from its Gram matrix). */
  a: number;
  s: number;
  /** λ_max(M) of SGD with this B (null for GD, whose verdict needs a alone). */
  factor: number | null;
  prediction: EscapePrediction;
  /** The run left the minimum's basin (see {@link sgdEscapeRun}). */
  escaped: boolean;
  /** "agrees" / "disagrees" with the prediction, or "no prediction". */
  verdict: "agrees" | "disagrees" | "no prediction";
  /** The recorded run (loss and distance along it). */
  run: SgdEscapeResult;
}

/**
 * Escape from a minimum θ* (Wu, Ma & E, NeurIPS 2018): measures the minimum's a, s and, per batch
 * size B, λ_max(M) from its Gram matrix ({@link sgdStabilityFromGram}), predicts escape or stay
 * ({@link escapePrediction}), then restarts SGD with each B (and full-batch GD when `fullBatch`, the
 * default) from θ* kicked by a random vector of norm `perturbation` ({@link sgdEscapeRun}), and
 * returns one record per case with the prediction, the outcome and the verdict. The case named N
 * draws its kick and batches from the stream (seed, "escape", N).
 * @example
 * const cases = sgdEscapeExperiment({ net, params: gdMin, X, y, lr: 0.2, batchSizes: [1, 4, 16], steps: 300, perturbation: 1e-2, seed: 0 });
 * cases.map((c) => [c.name, c.prediction, c.escaped]);
 */
export function sgdEscapeExperiment(o: {
  net: MlpModel;
  /** The minimum θ* (left untouched). */
  params: MlpParams;
  X: tf.Tensor2D;
  y: tf.Tensor2D;
  lr: number;
  batchSizes: number[];
  /** Also run full-batch GD as a control (default true). */
  fullBatch?: boolean;
  steps: number;
  evalEvery?: number;
  perturbation?: number;
  /** The Gram matrix at θ* when already known (e.g. {@link SgdSolution}.K); computed otherwise. */
  K?: Float64Array;
  seed?: number | Rng;
}): EscapeCase[] {
  checkScalar(o.net, o.y);
  const lr = positive("lr", o.lr);
  if (!Array.isArray(o.batchSizes)) throw new ValidationError("batchSizes must be an array of batch sizes", { argument: "batchSizes" });
  o.batchSizes.forEach((B, i) => integer(`batchSizes[${i}]`, B, 1));
  const n = o.X.shape[0];
  const K = o.K ?? mlpGram(o.net, o.params, o.X);
  if (K.length !== n * n) throw new ValidationError(`K must be the [${n}, ${n}] Gram matrix at params, got ${K.length} entries`, { argument: "K" });
  const rng = toRng(o.seed ?? 0);
  const cases: { name: string; batchSize: number | null }[] = [
    ...o.batchSizes.map((B) => ({ name: `B${B}`, batchSize: B })),
    ...((o.fullBatch ?? true) ? [{ name: "GD", batchSize: null }] : []),
  ];
  return cases.map(({ name, batchSize }) => {
    const stats = sgdStabilityFromGram(K, n, lr, batchSize ?? n);
    const factor = batchSize === null ? null : stats.factor;
    const prediction = escapePrediction({ a: stats.a, s: stats.s, factor: stats.factor, lr, batchSize });
    const run = sgdEscapeRun({
      net: o.net,
      params: o.params,
      X: o.X,
      y: o.y,
      lr,
      batchSize: batchSize ?? undefined,
      steps: o.steps,
      evalEvery: o.evalEvery,
      perturbation: o.perturbation,
      seed: rng.child("escape", name),
    });
    const verdict = prediction === "no prediction" ? prediction : run.escaped === (prediction === "escape") ? "agrees" : "disagrees";
    const label = batchSize === null ? "GD (full batch)" : `B = ${batchSize}`;
    return { name, batchSize, label, a: stats.a, s: stats.s, factor, prediction, escaped: run.escaped, verdict, run };
  });
}
