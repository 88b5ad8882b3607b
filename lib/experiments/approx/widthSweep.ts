/**
 * Trained two-layer networks of several widths on one regression task: test error, path norm and
 * training loss per width. The experiment behind "error ≲ ‖f‖_B/√m with the path norm bounded by a
 * multiple of ‖f‖_B" (E, Ma & Wu 2019) in the approximation-rates notebook.
 */
import * as tf from "@tensorflow/tfjs";
import { twoLayer, type AInit, type BInit, type WInit } from "../../models/twoLayer";
import { trainTwoLayer } from "../../train/trainTwoLayer";
import { chain, momentum as momentumTransform, scaleBy } from "../../train/transforms";
import { pathNormValue } from "../../analysis/norms";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, positive, inRange } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/** Options of {@link trainWidthSweep}. */
export interface WidthSweepOptions {
  /** Training inputs [n, d] and targets [n]. */
  X: tf.Tensor2D;
  y: tf.Tensor1D;
  /** Test inputs [n', d] and targets [n']. */
  Xtest: tf.Tensor2D;
  ytest: tf.Tensor1D;
  /** Widths m to train. */
  widths: number[];
  /** Full-batch steps per width. */
  steps: number;
  /** Mean-field step size: the parameters move with lr·m (each neuron with O(1) speed). */
  lr: number;
  /** Heavy-ball momentum β (default 0: plain GD). */
  momentum?: number;
  /** Biases b_j (default true). */
  bias?: boolean;
  /** Initialisation (default W sphere, a N(0,1), b N(0,1)). */
  init?: { W?: WInit; a?: AInit; b?: BInit };
  seed: number | Rng;
}

/** Result of {@link trainWidthSweep}, one entry per width. */
export interface WidthSweepResult {
  m: number[];
  /** Root-mean-square test error. */
  testRmse: number[];
  /** Largest absolute test error. */
  testMax: number[];
  /** Final training loss (1/2n)Σ(f − y)². */
  trainLoss: number[];
  /** Path norm (1/m)Σ_j |a_j|(‖w_j‖₁ + |b_j|). */
  pathNorm: number[];
  /** Predictions on the test inputs, per width. */
  testPredictions: Float64Array[];
}

/**
 * For each width m: a mean-field ReLU network f(x) = (1/m)Σ_j a_j relu(w_j·x + b_j), trained by
 * full-batch GD (optionally heavy-ball) on the square loss with step lr·m, then its test errors and
 * path norm ‖θ‖_P = (1/m)Σ_j |a_j|(‖w_j‖₁ + |b_j|). Disposes everything it creates.
 * @example
 * const r = trainWidthSweep({ X, y, Xtest, ytest, widths: [4, 16, 64], steps: 1000, lr: 0.05, momentum: 0.9, seed: 0 });
 * r.testRmse // falls with m
 */
export function trainWidthSweep(o: WidthSweepOptions): WidthSweepResult {
  if (!Array.isArray(o.widths) || o.widths.length === 0) throw new ValidationError("widths must list at least one width");
  integer("steps", o.steps, 1);
  positive("lr", o.lr);
  const beta = inRange("momentum", o.momentum ?? 0, 0, 1);
  const d = o.X.shape[1];
  if (o.Xtest.shape[1] !== d) throw new ValidationError(`Xtest must have d = ${d} columns, got ${o.Xtest.shape[1]}`);
  const rng = toRng(o.seed);
  const res: WidthSweepResult = { m: [], testRmse: [], testMax: [], trainLoss: [], pathNorm: [], testPredictions: [] };
  const yt = o.ytest.dataSync();
  for (const m of o.widths) {
    integer("m", m, 1);
    const net = twoLayer({
      d,
      m,
      scaling: "meanField",
      bias: o.bias ?? true,
      init: { W: o.init?.W ?? "sphere", a: o.init?.a ?? { gaussian: 1 }, b: o.init?.b ?? { gaussian: 1 } },
    });
    const p0 = net.init(rng.child("init", m));
    const optimizer = beta > 0 ? chain(momentumTransform(beta), scaleBy(o.lr * m)) : scaleBy(o.lr * m);
    const r = trainTwoLayer({ model: net, params: p0, X: o.X, y: o.y, loss: "square", optimizer, steps: o.steps, evalEvery: o.steps });
    const predT = net.apply(r.params, o.Xtest);
    const pred = Float64Array.from(predT.dataSync());
    let sq = 0;
    let mx = 0;
    for (let i = 0; i < pred.length; i++) {
      const e = Math.abs(pred[i] - yt[i]);
      sq += e * e;
      mx = Math.max(mx, e);
    }
    res.m.push(m);
    res.testRmse.push(Math.sqrt(sq / pred.length));
    res.testMax.push(mx);
    res.trainLoss.push(r.history.loss[r.history.loss.length - 1]);
    res.pathNorm.push(pathNormValue(r.params, { scaling: "meanField", inner: 1 }));
    res.testPredictions.push(pred);
    tf.dispose([predT, ...Object.values(r.params), ...Object.values(p0)]);
  }
  return res;
}
