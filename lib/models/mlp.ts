/**
 * Deep fully connected networks (the edge-of-stability experiments): h₀ = X,
 * h_l = σ(h_{l−1} W_l + b_l) for hidden layers, output = s·(h_{L−1} W_L + b_L).
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation, ActivationName, MlpParams } from "./types";
import { activation } from "./activations";
import { ValidationError } from "../runtime/errors";
import { finite, integer } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";

/** Weight initialisation: "lecun" N(0, 1/fan_in) (default), "he" N(0, 2/fan_in), or a fixed std. */
export type MlpInit = "lecun" | "he" | { std: number };

/** Configuration of {@link mlp}. */
export interface MlpConfig {
  /** Layer sizes [d, h₁, …, out] (at least [d, out]). */
  sizes: number[];
  /** Activation of the hidden layers (default "tanh"). */
  activation?: ActivationName;
  /** Factor s multiplying the output (default 1). */
  outputScale?: number;
  /** Weight initialisation (default "lecun"); biases start at zero. */
  init?: MlpInit;
}

/** A deep MLP with its resolved configuration, `init` and `apply`. */
export interface MlpModel {
  readonly kind: "mlp";
  readonly config: Readonly<Required<MlpConfig>>;
  readonly activation: Activation;
  /** Draws weights W_l [in, out] ~ N(0, std²) and zero biases. */
  init(seed: number | Rng): MlpParams;
  /** The network's outputs for X [n, d]: [n, out]. */
  apply(params: MlpParams, X: tf.Tensor): tf.Tensor2D;
}

/**
 * A deep MLP. Weights are stored as [in, out] so that h·W needs no transpose.
 *
 * @example
 * const net = mlp({ sizes: [50, 64, 64, 10], activation: "tanh" });
 * const params = net.init(0);
 * const logits = net.apply(params, X); // [n, 10]
 */
export function mlp(config: MlpConfig): MlpModel {
  const sizes = config.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new ValidationError(`sizes must list at least the input and output sizes [d, …, out], got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((s, i) => integer(`sizes[${i}]`, s, 1));
  const act = activation(config.activation ?? "tanh");
  const outScale = finite("outputScale", config.outputScale ?? 1);
  const init = config.init ?? "lecun";
  if (typeof init === "string") {
    if (init !== "lecun" && init !== "he") throw new ValidationError(`init must be "lecun", "he" or {std}, got "${init}"`);
  } else {
    finite("init.std", init.std);
    if (init.std < 0) throw new ValidationError(`init.std must be ≥ 0, got ${init.std}`);
  }
  const L = sizes.length - 1;

  const model: MlpModel = {
    kind: "mlp",
    config: { sizes: [...sizes], activation: act.name, outputScale: outScale, init },
    activation: act,
    init(seed) {
      const rng = toRng(seed);
      const weights: tf.Tensor2D[] = [];
      const biases: tf.Tensor1D[] = [];
      for (let l = 0; l < L; l++) {
        const fanIn = sizes[l];
        const std = init === "lecun" ? 1 / Math.sqrt(fanIn) : init === "he" ? Math.sqrt(2 / fanIn) : init.std;
        weights.push(rng.child("W", l).normalTensor([sizes[l], sizes[l + 1]], std) as tf.Tensor2D);
        biases.push(tf.zeros([sizes[l + 1]]));
      }
      return { weights, biases };
    },
    apply(params, X) {
      checkMlpInputs(sizes, params, X);
      return tf.tidy(() => {
        let h = X as tf.Tensor2D;
        for (let l = 0; l < L; l++) {
          const z = tf.add(tf.matMul(h, params.weights[l]), params.biases[l]) as tf.Tensor2D;
          h = l < L - 1 ? (act.apply(z) as tf.Tensor2D) : z;
        }
        return outScale === 1 ? h : (tf.mul(h, outScale) as tf.Tensor2D);
      });
    },
  };
  return model;
}

function checkMlpInputs(sizes: number[], params: MlpParams, X: tf.Tensor): void {
  if (X.rank !== 2 || X.shape[1] !== sizes[0]) {
    throw new ValidationError(`X must have shape [n, ${sizes[0]}] (sizes[0] = ${sizes[0]}), got [${X.shape.join(", ")}]`);
  }
  const L = sizes.length - 1;
  if (params.weights.length !== L || params.biases.length !== L) {
    throw new ValidationError(`params must have ${L} weight matrices and ${L} bias vectors, got ${params.weights.length} and ${params.biases.length}`);
  }
  for (let l = 0; l < L; l++) {
    const W = params.weights[l];
    if (W.shape[0] !== sizes[l] || W.shape[1] !== sizes[l + 1]) {
      throw new ValidationError(`params.weights[${l}] must have shape [${sizes[l]}, ${sizes[l + 1]}], got [${W.shape}]`);
    }
    if (params.biases[l].rank !== 1 || params.biases[l].shape[0] !== sizes[l + 1]) {
      throw new ValidationError(`params.biases[${l}] must have shape [${sizes[l + 1]}], got [${params.biases[l].shape}]`);
    }
  }
}
