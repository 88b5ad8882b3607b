/**
 * Edge of stability: full-batch GD on the square loss of an MLP with the sharpness λ_max(∇²L(θ_t))
 * tracked along the run (Wu, Ma & E, NeurIPS 2018; Cohen, Kaur, Li, Kolter & Talwalkar, ICLR 2021).
 * Linear stability says GD with step lr can only settle where λ_max ≤ 2/lr; in practice the sharpness
 * rises during training (progressive sharpening) until it reaches 2/lr, then hovers there.
 */
import * as tf from "@tensorflow/tfjs";
import type { MlpModel } from "../../models/mlp";
import type { MlpParams } from "../../models/types";
import { trainLoop } from "../../train/loop";
import { gd } from "../../train/transforms";
import { DivergenceError, ValidationError } from "../../runtime/errors";
import { finite, integer, positive } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import { warmStartTopEig } from "../../numerics/lanczos";
import { meanSd } from "../../numerics/stats";

/** Options of {@link edgeOfStabilityRun}. */
export interface EdgeOfStabilityOptions {
  net: MlpModel;
  /** Initial parameters (left untouched). */
  params: MlpParams;
  /** Inputs [n, d] and targets [n, k]. */
  X: tf.Tensor2D;
  y: tf.Tensor2D;
  /** GD step size η. */
  lr: number;
  /** Number of GD steps. */
  steps: number;
  /** Measure the sharpness every this many steps (default 10). */
  sharpnessEvery?: number;
  /** Lanczos steps per measurement, warm-started from the previous top eigenvector (default 6). */
  lanczosSteps?: number;
  /** Fraction of the run, at its end, over which the final sharpness is averaged (default 0.2). */
  finalFraction?: number;
  /**
   * A run counts as having reached the edge only if its sharpness crossed 2/η at least this many
   * steps before the final window starts, so that the window sees it hover, not arrive (default 0).
   */
  settleSteps?: number;
  /** Seed of the eigen-solver's start vectors (default 0). */
  seed?: number | Rng;
  /** Progress bar label. */
  progress?: string;
  /** Return the final parameters (the caller disposes them; default false: they are disposed). */
  returnParams?: boolean;
}

/** Result of {@link edgeOfStabilityRun}. */
export interface EdgeOfStabilityResult {
  lr: number;
  /** The stability threshold 2/η. */
  threshold: number;
  /** Steps at which the sharpness and loss were measured. */
  step: number[];
  /** λ_max(∇²L(θ_t)) at those steps. */
  sharpness: number[];
  /** L(θ_t) at those steps. */
  loss: number[];
  /** Mean sharpness over the last `finalFraction` of the run. */
  finalSharpness: number;
  /** finalSharpness·η/2: 1 at the edge of stability. */
  ratio: number;
  /** First measured step with sharpness ≥ 2/η, or −1 if it never got there. */
  crossedAt: number;
  /** The sharpness reached 2/η at least `settleSteps` before the final averaging window (so the window sees it hover). */
  reached: boolean;
  /** Progressive sharpening: finalSharpness / the sharpness at step 0. */
  sharpening: number;
  /** The loss became NaN/∞ (the result then covers the steps before). */
  diverged: boolean;
  /** Final parameters θ_T, when `returnParams` was set (and the run did not diverge). */
  params?: MlpParams;
}

/**
 * Runs full-batch GD θ_{t+1} = θ_t − η∇L(θ_t) on L = (1/2n) Σ‖f(x_i) − y_i‖² for an `models.mlp` and
 * measures the sharpness λ_max(∇²L(θ_t)) every `sharpnessEvery` steps: a few Lanczos steps on the
 * exact Hessian (the model's `hessianOperator`), warm-started from the previous top eigenvector
 * ({@link warmStartTopEig}). Reports the mean sharpness over the last 20 % of the run, the ratio
 * λ·η/2 (1 = at the edge of stability 2/η), when the sharpness first crossed 2/η, whether that
 * happened at least `settleSteps` before the final window (`reached`), and the progressive-sharpening
 * factor final / initial sharpness. Gradients are the model's closed-form `squareLossGradient`.
 * @example
 * const r = edgeOfStabilityRun({ net, params: net.init(0), X, y, lr: 0.5, steps: 500 });
 * r.ratio; // ≈ 1 when the run reached the edge
 */
export function edgeOfStabilityRun(o: EdgeOfStabilityOptions): EdgeOfStabilityResult {
  const lr = positive("lr", o.lr);
  const steps = integer("steps", o.steps, 1);
  const every = integer("sharpnessEvery", o.sharpnessEvery ?? 10, 1);
  const lanczosSteps = integer("lanczosSteps", o.lanczosSteps ?? 6, 1);
  const finalFraction = finite("finalFraction", o.finalFraction ?? 0.2);
  if (!(finalFraction > 0 && finalFraction <= 1)) throw new ValidationError(`finalFraction must lie in (0, 1], got ${finalFraction}`, { argument: "finalFraction" });
  const settleSteps = integer("settleSteps", o.settleSteps ?? 0, 0);
  const rng = toRng(o.seed ?? 0);
  const threshold = 2 / lr;
  const step: number[] = [];
  const sharpness: number[] = [];
  const loss: number[] = [];
  let v: Float64Array | null = null;
  let diverged = false;
  let finalParams: MlpParams | undefined;
  const measure = (t: number, p: MlpParams): void => {
    const op = o.net.hessianOperator(p, o.X, o.y);
    try {
      if (!Number.isFinite(op.loss)) return;
      const r = warmStartTopEig(op.matvec, op.dim, v, { steps: lanczosSteps, seed: rng.child("lanczos", t) });
      v = r.vector;
      step.push(t);
      sharpness.push(r.value);
      loss.push(op.loss);
    } finally {
      op.dispose();
    }
  };
  try {
    const res = trainLoop({
      params: o.params,
      X: o.X,
      y: o.y,
      steps,
      optimizer: gd(lr),
      loss: (p, Xb, yb) => o.net.squareLoss(p, Xb, yb),
      gradient: (p, Xb, yb) => o.net.squareLossGradient(p, Xb, yb),
      evalEvery: every,
      callbacks: [({ step: t, params }) => measure(t, params)],
      progress: o.progress,
    });
    const last = res.history.step[res.history.step.length - 1];
    if (step[step.length - 1] !== last) measure(last, res.params);
    if (o.returnParams) finalParams = res.params;
    else for (const t of [...res.params.weights, ...res.params.biases]) t.dispose();
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    diverged = true;
  }
  const windowStart = steps * (1 - finalFraction);
  const inWindow = sharpness.filter((_, i) => step[i] >= windowStart);
  const finalSharpness = meanSd(inWindow).mean;
  const crossIdx = sharpness.findIndex((s) => s >= threshold);
  return {
    lr,
    threshold,
    step,
    sharpness,
    loss,
    finalSharpness,
    ratio: (finalSharpness * lr) / 2,
    crossedAt: crossIdx >= 0 ? step[crossIdx] : -1,
    reached: crossIdx >= 0 && step[crossIdx] + settleSteps < windowStart,
    sharpening: finalSharpness / sharpness[0],
    diverged,
    ...(finalParams ? { params: finalParams } : {}),
  };
}

