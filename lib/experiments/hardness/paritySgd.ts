/**
 * Online SGD on the full parity y = (−1)^{Σ_i x_i}, x uniform on {0,1}^d, with a two-layer ReLU
 * network in the standard parametrization: the experiment behind the lecture's figure "learning
 * parity functions with SGD" (L. Wu, "Training neural networks: dynamics and convergence", 2021).
 */
import * as tf from "@tensorflow/tfjs";
import { twoLayer } from "../../models/twoLayer";
import { disposeParams } from "../../models/params";
import { trainTwoLayer } from "../../train/trainTwoLayer";
import { scaleBy } from "../../train/transforms";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, positive } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/** Options of {@link paritySgd}. */
export interface ParitySgdOptions {
  /** Input dimension. */
  d: number;
  /** Step size of plain SGD. */
  lr: number;
  /** Width (default 2000, the lecture's). */
  m?: number;
  /** Fresh samples per step (default 2000). */
  B?: number;
  /** Number of SGD steps (default 3000). */
  steps?: number;
  /** Test accuracy is measured every `evalEvery` steps and at the end (default 500). */
  evalEvery?: number;
  /** Size of the fixed fresh test set (default 10 000). */
  nTest?: number;
  seed: number | Rng;
}

/** Result of {@link paritySgd}: the recorded steps and what was measured there. */
export interface ParitySgdResult {
  d: number;
  lr: number;
  m: number;
  B: number;
  /** Steps at which the test accuracy was measured (0, evalEvery, …, steps). */
  step: number[];
  /** Fraction of test points with sign(h(x)) = y(x). */
  testAccuracy: number[];
  /** Hinge loss on the step's fresh batch. */
  batchLoss: number[];
}

/**
 * Uniform points of {0,1}^d as a float32 tensor [n, d] and their full parity (−1)^{Σ_i x_i} [n],
 * drawn bit by bit from `rng`.
 */
function parityBatch(n: number, d: number, rng: Rng): { X: tf.Tensor2D; y: tf.Tensor1D } {
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const bit = rng.nextUint32() >>> 31;
      X[i * d + k] = bit;
      s += bit;
    }
    y[i] = s & 1 ? -1 : 1;
  }
  return { X: tf.tensor2d(X, [n, d]), y: tf.tensor1d(y) };
}

/**
 * Online SGD on the full parity y(x) = (−1)^{Σ_i x_i}, x ~ Unif{0,1}^d, with the two-layer ReLU
 * network h(x) = Σ_j a_j relu(w_j·x + b_j) + b0 in the standard parametrization (PyTorch's default
 * initialisation: every weight and bias U(−1/√fan_in, 1/√fan_in)), the hinge loss
 * max(0, 1 − y h(x)) and plain SGD θ ← θ − lr·∇(batch loss), with a fresh batch of B samples every
 * step. Test accuracy P[sign h(x) = y] on a fixed fresh set of nTest points every `evalEvery` steps.
 * Uses the fused closed-form gradient; disposes everything it creates.
 * @example
 * const r = paritySgd({ d: 10, lr: 0.5, m: 500, B: 500, steps: 1000, seed: 0 });
 * r.testAccuracy.at(-1) // close to 1: the 10-bit parity is learned
 */
export function paritySgd(o: ParitySgdOptions): ParitySgdResult {
  const d = integer("d", o.d, 1);
  const lr = positive("lr", o.lr);
  const m = integer("m", o.m ?? 2000, 1);
  const B = integer("B", o.B ?? 2000, 1);
  const steps = integer("steps", o.steps ?? 3000, 1);
  const evalEvery = integer("evalEvery", o.evalEvery ?? 500, 1);
  const nTest = integer("nTest", o.nTest ?? 10000, 1);
  const rng = toRng(o.seed);
  const model = twoLayer({ d, m, activation: "relu", scaling: "standard", bias: true, outputBias: true, init: "pytorch" });
  const params = model.init(rng.child("init"));
  const test = parityBatch(nTest, d, rng.child("test"));
  const batchRng = rng.child("batches");
  try {
    const run = trainTwoLayer({
      model,
      params,
      loss: "hinge",
      optimizer: scaleBy(lr),
      steps,
      stream: () => parityBatch(B, d, batchRng),
      evalEvery,
      metrics: {
        testAccuracy: (p) =>
          tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.sign(model.apply(p, test.X)), test.y), "float32")).dataSync()[0]),
      },
    });
    disposeParams(run.params);
    return { d, lr, m, B, step: run.history.step, testAccuracy: run.history.testAccuracy, batchLoss: run.history.loss };
  } finally {
    disposeParams(params);
    tf.dispose([test.X, test.y]);
  }
}

/**
 * Several {@link paritySgd} runs with shared sizes, one per (d, lr) pair (a run may set its own
 * number of steps), each with its own seed stream; returned in the order given.
 * @example
 * const runs = paritySgdStudy({ runs: [{ d: 10, lr: 0.5 }, { d: 20, lr: 0.5 }], m: 500, B: 500, steps: 1500, seed: 0 });
 */
export function paritySgdStudy(
  o: Omit<ParitySgdOptions, "d" | "lr" | "seed"> & { runs: { d: number; lr: number; steps?: number }[]; seed: number | Rng },
): ParitySgdResult[] {
  if (!Array.isArray(o.runs) || o.runs.length === 0) throw new ValidationError("runs must list at least one { d, lr }");
  const rng = toRng(o.seed);
  return o.runs.map(({ d, lr, steps }) => paritySgd({ ...o, d, lr, steps: steps ?? o.steps, seed: rng.child("run", d, lr) }));
}

