/**
 * Two-layer networks f(x) = c(m)·Σ_j a_j σ(w_j·x + b_j) (+ b0) with mean-field, NTK or standard
 * output scaling, and the random feature model (first layer frozen).
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation, ActivationName, Scaling, TwoLayerParams } from "./types";
import { activation } from "./activations";
import { ValidationError } from "../runtime/errors";
import { integer, oneOf, finite, positive } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";

/**
 * Initialisation of the first-layer weights w_j (columns of W); "uniformFanIn" is U(−1/√d, 1/√d),
 * PyTorch's default for a linear layer with d inputs.
 */
export type WInit = "sphere" | "gaussian" | "uniformFanIn" | { gaussian: number };
/** Initialisation of the output weights a_j; "uniformFanIn" is U(−1/√m, 1/√m). */
export type AInit = "zero" | "signs" | "uniformFanIn" | { gaussian: number } | { uniform: [number, number] };
/** Initialisation of the biases b_j; "uniformFanIn" is U(−1/√d, 1/√d). */
export type BInit = "zero" | "uniformFanIn" | { gaussian: number };
/** Initialisation of the output bias b0; "uniformFanIn" is U(−1/√m, 1/√m). */
export type B0Init = "zero" | "uniformFanIn";
/** Every initialisation of a two-layer network, resolved. */
export interface TwoLayerInit {
  W: WInit;
  a: AInit;
  b: BInit;
  b0: B0Init;
}

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
  /** Whether the output has a bias b0, f = c(m)·Σ_j a_j σ(w_j·x + b_j) + b0 (default false). */
  outputBias?: boolean;
  /** "all" (default) trains W, a, b; "outer" trains a only (random feature model). */
  trainable?: "all" | "outer";
  /**
   * Initialisation: W "sphere" (w_j uniform on S^{d−1}), "gaussian" (N(0, 1/d), the default),
   * "uniformFanIn" or {gaussian: std}; a "zero", "signs" (±1), "uniformFanIn", {gaussian: std}
   * (default std 1) or {uniform: [lo, hi]}; b "zero" (default), "uniformFanIn" or {gaussian: std};
   * b0 "zero" (default) or "uniformFanIn". `"pytorch"` sets all four to "uniformFanIn": the default
   * initialisation of two `torch.nn.Linear` layers (weights and biases U(−1/√fan_in, 1/√fan_in)).
   */
  init?: "pytorch" | { W?: WInit; a?: AInit; b?: BInit; b0?: B0Init };
}

/** A two-layer network: its resolved configuration, the activation, c(m), `init` and `apply`. */
export interface TwoLayerModel {
  readonly kind: "twoLayer";
  readonly config: Readonly<Required<Omit<TwoLayerConfig, "init">>> & { init: TwoLayerInit };
  readonly activation: Activation;
  /** The output scale c(m). */
  readonly c: number;
  /** Names of the trained parameters: ["W", "a"(, "b")(, "b0")] or ["a"(, "b0")]. */
  readonly trainableKeys: readonly ("W" | "a" | "b" | "b0")[];
  /** Draws parameters from the configured initialisation. */
  init(seed: number | Rng): TwoLayerParams;
  /** f(X) for X [n, d]: a vector of n outputs. */
  apply(params: TwoLayerParams, X: tf.Tensor): tf.Tensor1D;
}

/**
 * The output scale c(m) of a scaling: "meanField" 1/m, "ntk" 1/√m, "standard" 1; a positive number
 * is c itself. @example outputScale("ntk", 100) // 0.1
 */
export function outputScale(scaling: Scaling | number, m: number): number {
  integer("m", m, 1);
  if (typeof scaling === "number") return positive("scaling", scaling);
  if (scaling === "meanField") return 1 / m;
  if (scaling === "ntk") return 1 / Math.sqrt(m);
  if (scaling === "standard") return 1;
  oneOf("scaling", scaling, ["meanField", "ntk", "standard"]);
  return NaN; // unreachable: oneOf throws
}

function validateInit(spec: TwoLayerConfig["init"]): TwoLayerInit {
  if (typeof spec === "string") {
    oneOf("init", spec, ["pytorch"]);
    return { W: "uniformFanIn", a: "uniformFanIn", b: "uniformFanIn", b0: "uniformFanIn" };
  }
  if (spec !== undefined && (typeof spec !== "object" || spec === null)) {
    throw new ValidationError(`init must be "pytorch" or an object { W, a, b, b0 }, got ${String(spec)}`);
  }
  const init = spec;
  const W = init?.W ?? "gaussian";
  const a = init?.a ?? { gaussian: 1 };
  const b = init?.b ?? "zero";
  const b0 = oneOf("init.b0", init?.b0 ?? "zero", ["zero", "uniformFanIn"] as const);
  if (typeof W === "string") oneOf("init.W", W, ["sphere", "gaussian", "uniformFanIn"]);
  else nonNegativeStd("init.W.gaussian", W.gaussian);
  if (typeof a === "string") oneOf("init.a", a, ["zero", "signs", "uniformFanIn"]);
  else if ("gaussian" in a) nonNegativeStd("init.a.gaussian", a.gaussian);
  else if ("uniform" in a) {
    finite("init.a.uniform[0]", a.uniform[0]);
    finite("init.a.uniform[1]", a.uniform[1]);
  } else throw new ValidationError(`init.a must be "zero", "signs", "uniformFanIn", {gaussian: std} or {uniform: [lo, hi]}`);
  if (typeof b === "string") oneOf("init.b", b, ["zero", "uniformFanIn"]);
  else nonNegativeStd("init.b.gaussian", b.gaussian);
  return { W, a, b, b0 };
}

function nonNegativeStd(name: string, v: unknown): void {
  finite(name, v);
  if ((v as number) < 0) throw new ValidationError(`${name} (a standard deviation) must be ≥ 0, got ${v}`);
}

/**
 * Checks the parameter shapes (W [d, m], a [m], b [m] when the model has biases, b0 [1] when it has
 * an output bias) against the model's config; throws a ValidationError naming the first mismatch.
 * @example checkTwoLayerParams(net, params); // before reading the parameters' values
 */
export function checkTwoLayerParams(model: TwoLayerModel, params: TwoLayerParams): void {
  const { d, m, bias, outputBias } = model.config;
  if (!params || !params.W || !params.a) throw new ValidationError(`params must be { W: [${d}, ${m}], a: [${m}], … }`);
  if (params.W.rank !== 2 || params.W.shape[0] !== d || params.W.shape[1] !== m) {
    throw new ValidationError(`params.W must have shape [${d}, ${m}], got [${params.W.shape.join(", ")}]`);
  }
  if (params.a.rank !== 1 || params.a.shape[0] !== m) {
    throw new ValidationError(`params.a must have shape [${m}], got [${params.a.shape.join(", ")}]`);
  }
  if (bias && (params.b === undefined || params.b.rank !== 1 || params.b.shape[0] !== m)) {
    throw new ValidationError(`params.b must have shape [${m}] (the model has biases), got ${params.b ? `[${params.b.shape}]` : "none"}`);
  }
  if (outputBias && (params.b0 === undefined || params.b0.rank !== 1 || params.b0.shape[0] !== 1)) {
    throw new ValidationError(`params.b0 must have shape [1] (the model has an output bias), got ${params.b0 ? `[${params.b0.shape}]` : "none"}`);
  }
}

/**
 * Checks X [n, d] and the parameter shapes (see {@link checkTwoLayerParams}) against the model's
 * config; throws a ValidationError naming the first mismatch.
 * @example checkTwoLayerInputs(net, params, X); // before a hand-written forward pass
 */
export function checkTwoLayerInputs(model: TwoLayerModel, params: TwoLayerParams, X: tf.Tensor): void {
  const d = model.config.d;
  if (X.rank !== 2 || X.shape[1] !== d) {
    throw new ValidationError(`X must have shape [n, ${d}] (d = ${d} from the model), got [${X.shape.join(", ")}]`);
  }
  checkTwoLayerParams(model, params);
}

/**
 * A two-layer network f(x) = c(m)·Σ_{j=1}^m a_j σ(w_j·x + b_j) (+ b0 with `outputBias`), with
 * W = [w_1 … w_m] stored as [d, m] so that the forward pass X·W needs no transpose. The standard
 * parametrization of deep-learning libraries is `scaling: "standard"` (c = 1), `bias: true`,
 * `outputBias: true`, `init: "pytorch"`.
 *
 * @example
 * const net = twoLayer({ d: 20, m: 2000, activation: "relu", scaling: "meanField", init: { W: "sphere", a: "signs" } });
 * const torchNet = twoLayer({ d: 20, m: 2000, scaling: "standard", bias: true, outputBias: true, init: "pytorch" });
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
  const outputBias = config.outputBias ?? false;
  if (typeof outputBias !== "boolean") throw new ValidationError(`outputBias must be true or false, got ${String(outputBias)}`);
  const trainable = oneOf("trainable", config.trainable ?? "all", ["all", "outer"] as const);
  const init = validateInit(config.init);
  const c = outputScale(scaling, m);
  const trainableKeys: ("W" | "a" | "b" | "b0")[] = trainable === "outer" ? ["a"] : bias ? ["W", "a", "b"] : ["W", "a"];
  if (outputBias) trainableKeys.push("b0");

  const model: TwoLayerModel = {
    kind: "twoLayer",
    config: { d, m, activation: act.name, scaling, bias, outputBias, trainable, init },
    activation: act,
    c,
    trainableKeys,
    init(seed) {
      const rng = toRng(seed);
      const W = drawW(init.W, d, m, rng.child("W"));
      const a = drawA(init.a, m, rng.child("a"));
      const params: TwoLayerParams = { W, a };
      if (bias) params.b = drawB(init.b, d, m, rng.child("b"));
      if (outputBias) {
        const r = 1 / Math.sqrt(m);
        params.b0 = init.b0 === "zero" ? tf.zeros([1]) : (rng.child("b0").uniformTensor([1], -r, r) as tf.Tensor1D);
      }
      return params;
    },
    apply(params, X) {
      checkTwoLayerInputs(model, params, X);
      return tf.tidy(() => {
        let Z = tf.matMul(X as tf.Tensor2D, params.W);
        if (bias && params.b) Z = tf.add(Z, params.b);
        const H = act.apply(Z) as tf.Tensor2D;
        const f = tf.mul(tf.reshape(tf.matMul(H, tf.reshape(params.a, [m, 1])), [-1]), c);
        return (outputBias && params.b0 ? tf.add(f, params.b0) : f) as tf.Tensor1D;
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
  if (init === "uniformFanIn") return rng.uniformTensor([d, m], -1 / Math.sqrt(d), 1 / Math.sqrt(d)) as tf.Tensor2D;
  const std = init === "gaussian" ? 1 / Math.sqrt(d) : init.gaussian;
  return rng.normalTensor([d, m], std) as tf.Tensor2D;
}

function drawB(init: BInit, d: number, m: number, rng: Rng): tf.Tensor1D {
  if (init === "zero") return tf.zeros([m]);
  if (init === "uniformFanIn") return rng.uniformTensor([m], -1 / Math.sqrt(d), 1 / Math.sqrt(d)) as tf.Tensor1D;
  return rng.normalTensor([m], init.gaussian) as tf.Tensor1D;
}

function drawA(init: AInit, m: number, rng: Rng): tf.Tensor1D {
  if (init === "zero") return tf.zeros([m]);
  if (init === "signs") return tf.tensor1d(Float32Array.from({ length: m }, () => (rng.uniform() < 0.5 ? -1 : 1)));
  if (init === "uniformFanIn") return rng.uniformTensor([m], -1 / Math.sqrt(m), 1 / Math.sqrt(m)) as tf.Tensor1D;
  if ("gaussian" in init) return rng.normalTensor([m], init.gaussian) as tf.Tensor1D;
  const [lo, hi] = init.uniform;
  return rng.uniformTensor([m], lo, hi) as tf.Tensor1D;
}

