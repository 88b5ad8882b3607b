/**
 * Training a two-layer network with {@link trainLoop}, using the fused closed-form gradient
 * ({@link twoLayerGrad}) whenever the objective is one of the three built-in losses with no
 * regularizer, and autodiff otherwise.
 */
import * as tf from "@tensorflow/tfjs";
import type { TwoLayerParams } from "../models/types";
import type { TwoLayerModel } from "../models/twoLayer";
import { ValidationError } from "../runtime/errors";
import { oneOf } from "../runtime/validate";
import { lossByName, type LossName } from "./losses";
import { trainLoop, trainLoopAsync, type TrainLoopOptions, type TrainResult } from "./loop";
import { twoLayerBatch, twoLayerGrad, type TwoLayerBatch } from "./twoLayerGrad";

/** Options of {@link trainTwoLayer}: those of trainLoop, with the model and a loss name. */
export interface TrainTwoLayerOptions extends Omit<TrainLoopOptions<TwoLayerParams>, "loss" | "gradient" | "trainable"> {
  model: TwoLayerModel;
  loss: LossName;
  /** An extra differentiable term R(θ) added to the loss (e.g. a path norm); switches to autodiff. */
  regularizer?: (params: TwoLayerParams) => tf.Scalar;
  /** Use autodiff even when the fused gradient applies (for comparisons). */
  autodiff?: boolean;
}

function prepare(o: TrainTwoLayerOptions): { opts: TrainLoopOptions<TwoLayerParams>; cleanup: () => void } {
  if (!o.model || o.model.kind !== "twoLayer") throw new ValidationError("model must be a two-layer network made by twoLayer(…)");
  const name = oneOf("loss", o.loss, ["square", "hinge", "logistic"]);
  const { model, regularizer } = o;
  const ell = lossByName(name);
  const loss = (p: TwoLayerParams, Xb: tf.Tensor, yb: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const data = ell(model.apply(p, Xb), yb);
      return regularizer ? (tf.add(data, regularizer(p)) as tf.Scalar) : data;
    });
  const base: TrainLoopOptions<TwoLayerParams> = { ...o, loss, trainable: model.trainableKeys };
  if (regularizer || o.autodiff) return { opts: base, cleanup: () => {} };
  // Full batch: the augmented inputs are prepared once for the whole run.
  let full: TwoLayerBatch | null = null;
  const gradient = (p: TwoLayerParams, Xb: tf.Tensor, yb: tf.Tensor) => {
    if (Xb === o.X && full === null) {
      const b = twoLayerBatch(model, o.X);
      tf.keep(b.Xaug);
      tf.keep(b.XaugT);
      full = b;
    }
    const r = twoLayerGrad(model, p, Xb, yb, name, { batch: Xb === o.X && full ? full : undefined });
    const grads: Record<string, tf.Tensor> = { a: r.grads.a };
    if (r.grads.W) grads.W = r.grads.W;
    if (r.grads.b) grads.b = r.grads.b;
    if (r.grads.b0) grads.b0 = r.grads.b0;
    return { loss: r.loss, grads };
  };
  const cleanup = () => {
    if (full) tf.dispose([full.Xaug, full.XaugT]);
  };
  return { opts: { ...base, gradient }, cleanup };
}

/**
 * Trains a two-layer network: `trainLoop` with the loss `loss` ("square", "hinge", "logistic"), the
 * model's trainable parameters (all, or only a for a random feature model), and the fused
 * closed-form gradient unless a `regularizer` needs autodiff.
 *
 * @example
 * const net = twoLayer({ d: 20, m: 2000, scaling: "meanField", bias: true });
 * const { params, history } = trainTwoLayer({ model: net, params: net.init(0), X, y, loss: "hinge",
 *   optimizer: sgd(0.5), steps: 1000, batchSize: 200, seed: 1 });
 */
export function trainTwoLayer(o: TrainTwoLayerOptions): TrainResult<TwoLayerParams> {
  const { opts, cleanup } = prepare(o);
  try {
    return trainLoop(opts);
  } finally {
    cleanup();
  }
}

/**
 * {@link trainTwoLayer} that returns a promise and yields to the event loop while training (through
 * {@link trainLoopAsync}), so a notebook's progress bar redraws. Same options, same result.
 * @example
 * const { params, history } = await trainTwoLayerAsync({ model: net, params: net.init(0), X, y, loss: "square",
 *   optimizer: sgd(0.1), steps: 2000, seed: 1, progress: "training" });
 */
export async function trainTwoLayerAsync(o: TrainTwoLayerOptions): Promise<TrainResult<TwoLayerParams>> {
  const { opts, cleanup } = prepare(o);
  try {
    return await trainLoopAsync(opts);
  } finally {
    cleanup();
  }
}
