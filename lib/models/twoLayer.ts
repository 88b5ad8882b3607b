/**
 * Two-layer networks f(x) = c(m)·Σ_j a_j σ(w_j·x + b_j) with mean-field, NTK or standard output
 * scaling, and the random feature model (first layer frozen).
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation, ActivationName, Scaling, TwoLayerParams } from "./types";
import { activation } from "./activations";
import { ValidationError } from "../runtime/errors";
import { integer, oneOf, finite } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";

/** Initialisation of the first-layer weights w_j (columns of W). */
export type WInit = "sphere" | "gaussian" | { gaussian: number };
/** Initialisation of the output weights a_j. */
export type AInit = "zero" | "signs" | { gaussian: number } | { uniform: [number, number] };
/** Initialisation of the biases b_j. */
export type BInit = "zero" | { gaussian: number };

/** Configuration of {@link twoLayer}. */
export interface TwoLayerConfig {
  /** Input dimension. */
  d: number;
  /** Width (number of neurons). */
  m: number;
  /** Activation σ (default "relu"). */
  activation?: ActivationName;
  /** Output scaling c(m): "meanField" 1/m (default), "ntk" 1/√m, "standard" 1. */
  scaling?: Scaling;
  /** Whether neurons have biases b_j (default false). */
  bias?: boolean;
  /** "all" (default) trains W, a, b; "outer" trains a only (random feature model). */
  trainable?: "all" | "outer";
  /**
   * Initialisation: W "sphere" (w_j uniform on S^{d−1}), "gaussian" (N(0, 1/d), the default) or
   * {gaussian: std}; a "zero", "signs" (±1), {gaussian: std} (default std 1) or {uniform: [lo, hi]};
   * b "zero" (default) or {gaussian: std}.
   */
  init?: { W?: WInit; a?: AInit; b?: BInit };
}

/** A two-layer network: its resolved configuration, the activation, c(m), `init` and `apply`. */
export interface TwoLayerModel {
  readonly kind: "twoLayer";
  readonly config: Readonly<Required<Omit<TwoLayerConfig, "init">>> & { init: { W: WInit; a: AInit; b: BInit } };
  readonly activation: Activation;
  /** The output scale c(m). */
  readonly c: number;
  /** Names of the trained parameters: ["W", "a"(, "b")] or ["a"]. */
  readonly trainableKeys: readonly ("W" | "a" | "b")[];
  /** Draws parameters from the configured initialisation. */
  init(seed: number | Rng): TwoLayerParams;
  /** f(X) for X [n, d]: a vector of n outputs. */
  apply(params: TwoLayerParams, X: tf.Tensor): tf.Tensor1D;
}

/** The output scale c(m) of a scaling. @example outputScale("ntk", 100) // 0.1 */
export function outputScale(scaling: Scaling, m: number): number {
  integer("m", m, 1);
  if (scaling === "meanField") return 1 / m;
  if (scaling === "ntk") return 1 / Math.sqrt(m);
  if (scaling === "standard") return 1;
  oneOf("scaling", scaling, ["meanField", "ntk", "standard"]);
  return NaN; // unreachable: oneOf throws
}

function validateInit(init: TwoLayerConfig["init"]): { W: WInit; a: AInit; b: BInit } {
  const W = init?.W ?? "gaussian";
  const a = init?.a ?? { gaussian: 1 };
  const b = init?.b ?? "zero";
  if (typeof W === "string") oneOf("init.W", W, ["sphere", "gaussian"]);
  else nonNegativeStd("init.W.gaussian", W.gaussian);
  if (typeof a === "string") oneOf("init.a", a, ["zero", "signs"]);
  else if ("gaussian" in a) nonNegativeStd("init.a.gaussian", a.gaussian);
  else if ("uniform" in a) {
    finite("init.a.uniform[0]", a.uniform[0]);
    finite("init.a.uniform[1]", a.uniform[1]);
  } else throw new ValidationError(`init.a must be "zero", "signs", {gaussian: std} or {uniform: [lo, hi]}`);
  if (typeof b === "string") oneOf("init.b", b, ["zero"]);
  else nonNegativeStd("init.b.gaussian", b.gaussian);
  return { W, a, b };
}

function nonNegativeStd(name: string, v: unknown): void {
  finite(name, v);
  if ((v as number) < 0) throw new ValidationError(`${name} (a standard deviation) must be ≥ 0, got ${v}`);
}

/**
 * Checks X [n, d] and the parameter shapes (W [d, m], a [m], and b [m] when the model has biases)
 * against the model's config; throws a ValidationError naming the first mismatch.
 * @example checkTwoLayerInputs(net, params, X); // before a hand-written forward pass
 */
export function checkTwoLayerInputs(model: TwoLayerModel, params: TwoLayerParams, X: tf.Tensor): void {
  const { d, m, bias } = model.config;
  if (X.rank !== 2 || X.shape[1] !== d) {
    throw new ValidationError(`X must have shape [n, ${d}] (d = ${d} from the model), got [${X.shape.join(", ")}]`);
  }
  if (params.W.rank !== 2 || params.W.shape[0] !== d || params.W.shape[1] !== m) {
    throw new ValidationError(`params.W must have shape [${d}, ${m}], got [${params.W.shape.join(", ")}]`);
  }
  if (params.a.rank !== 1 || params.a.shape[0] !== m) {
    throw new ValidationError(`params.a must have shape [${m}], got [${params.a.shape.join(", ")}]`);
  }
  if (bias && (params.b === undefined || params.b.rank !== 1 || params.b.shape[0] !== m)) {
    throw new ValidationError(`params.b must have shape [${m}] (the model has biases), got ${params.b ? `[${params.b.shape}]` : "none"}`);
  }
}

/**
 * A two-layer network f(x) = c(m)·Σ_{j=1}^m a_j σ(w_j·x + b_j), with W = [w_1 … w_m] stored as
 * [d, m] so that the forward pass X·W needs no transpose.
 *
 * @example
 * const net = twoLayer({ d: 20, m: 2000, activation: "relu", scaling: "meanField", init: { W: "sphere", a: "signs" } });
 * const params = net.init(0);
 * const f = net.apply(params, X); // [n]
 */
export function twoLayer(config: TwoLayerConfig): TwoLayerModel {
  const d = integer("d", config.d, 1);
  if (typeof config.m === "number" && Number.isFinite(config.m) && config.m < 1) {
    throw new ValidationError(`m (the width) must be an integer ≥ 1, got ${config.m}`);
  }
  const m = integer("m", config.m, 1);
  const act = activation(config.activation ?? "relu");
  const scaling = oneOf("scaling", config.scaling ?? "meanField", ["meanField", "ntk", "standard"] as const);
  const bias = config.bias ?? false;
  if (typeof bias !== "boolean") throw new ValidationError(`bias must be true or false, got ${String(bias)}`);
  const trainable = oneOf("trainable", config.trainable ?? "all", ["all", "outer"] as const);
  const init = validateInit(config.init);
  const c = outputScale(scaling, m);
  const trainableKeys: ("W" | "a" | "b")[] = trainable === "outer" ? ["a"] : bias ? ["W", "a", "b"] : ["W", "a"];

  const model: TwoLayerModel = {
    kind: "twoLayer",
    config: { d, m, activation: act.name, scaling, bias, trainable, init },
    activation: act,
    c,
    trainableKeys,
    init(seed) {
      const rng = toRng(seed);
      const W = drawW(init.W, d, m, rng.child("W"));
      const a = drawA(init.a, m, rng.child("a"));
      const params: TwoLayerParams = { W, a };
      if (bias) params.b = init.b === "zero" ? tf.zeros([m]) : (rng.child("b").normalTensor([m], init.b.gaussian) as tf.Tensor1D);
      return params;
    },
    apply(params, X) {
      checkTwoLayerInputs(model, params, X);
      return tf.tidy(() => {
        let Z = tf.matMul(X as tf.Tensor2D, params.W);
        if (bias && params.b) Z = tf.add(Z, params.b);
        const H = act.apply(Z) as tf.Tensor2D;
        return tf.mul(tf.reshape(tf.matMul(H, tf.reshape(params.a, [m, 1])), [-1]), c) as tf.Tensor1D;
      });
    },
  };
  return model;
}

function drawW(init: WInit, d: number, m: number, rng: Rng): tf.Tensor2D {
  if (init === "sphere") {
    const z = rng.normals(d * m);
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += z[k * m + j] ** 2;
      const inv = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) z[k * m + j] *= inv;
    }
    return tf.tensor2d(Float32Array.from(z), [d, m]);
  }
  const std = init === "gaussian" ? 1 / Math.sqrt(d) : init.gaussian;
  return rng.normalTensor([d, m], std) as tf.Tensor2D;
}

function drawA(init: AInit, m: number, rng: Rng): tf.Tensor1D {
  if (init === "zero") return tf.zeros([m]);
  if (init === "signs") return tf.tensor1d(Float32Array.from({ length: m }, () => (rng.uniform() < 0.5 ? -1 : 1)));
  if ("gaussian" in init) return rng.normalTensor([m], init.gaussian) as tf.Tensor1D;
  const [lo, hi] = init.uniform;
  return rng.uniformTensor([m], lo, hi) as tf.Tensor1D;
}

