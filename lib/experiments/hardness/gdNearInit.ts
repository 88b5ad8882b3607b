/**
 * Theorem 8 / Corollary 9 of L. Wu's lecture (2021): gradient descent from a common θ₀ towards each
 * parity target f stays exponentially close (in d) to θ₀ on average over f.
 *
 * All 2^d − 1 targets are trained at once: the network for target f is the block of columns
 * f·m … f·m + m − 1 of one wide parameter matrix, so one pair of matrix products per step serves
 * every target. The networks are h_f(x) = (1/m)Σ_j a_j tanh(w_j·x + b_j), started at θ₀ with
 * a_j = ±1, so that |h| < 1 at θ₀: with |f| = 1 the hinge loss max(0, 1 − f h) is then active at
 * every point, and ∇R^f(θ) = −E_x[f ∇h] exactly (the lecture's setting) as long as |h| < 1, which
 * the run monitors.
 */
import * as tf from "@tensorflow/tfjs";
import { twoLayer } from "../../models/twoLayer";
import { disposeParams } from "../../models/params";
import { trainLoop } from "../../train/loop";
import { scaleBy } from "../../train/transforms";
import { allHypercubePointsArray } from "../../data/samplers";
import { parityValue } from "../../numerics/wht";
import { twoLayerParityGradientVariance } from "./twoLayerGradientVariance";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, oneOf, positive } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/** sup |tanh″| = 4/(3√3). */
const TANH_CURVATURE = 4 / (3 * Math.sqrt(3));

/** Options of {@link parityGdDistance}. */
export interface ParityGdOptions {
  d: number;
  /** Width of each network (default 8). */
  m?: number;
  /** GD step size; time t = lr·step. */
  lr: number;
  steps: number;
  /** "hinge" (the theorem's setting, default) or "square" (R^f = E(h − f)², for contrast). */
  loss?: "hinge" | "square";
  /** Record every `recordEvery` steps (default 1). */
  recordEvery?: number;
  seed: number | Rng;
}

/** Result of {@link parityGdDistance}. */
export interface ParityGdResult {
  d: number;
  m: number;
  /** |F| = 2^d − 1 targets. */
  classSize: number;
  loss: "hinge" | "square";
  step: number[];
  /** t = lr·step. */
  time: number[];
  /** E_f‖θ_t^f − θ₀‖² over all targets. */
  distance: number[];
  /** E_f‖θ_t^f − θ̄_t‖², θ̄_t = E_f θ_t^f: the part of the motion that depends on the target. */
  spread: number[];
  /** max over targets and points of |h_f(x)| (the hinge setting needs < 1). */
  supAbsH: number[];
  /** Gronwall bound on E_f‖θ_t^f − θ₀‖² (see {@link gdDistanceBound}), at each recorded t. */
  bound: number[];
  /** The lecture's printed bound, squared, at each recorded t (for comparison). */
  boundLecture: number[];
  /**
   * First order in t (hinge): θ_t^f − θ₀ ≈ t·E_x[f∇h(θ₀)], so E_f‖θ_t^f − θ₀‖² ≈ t²·E_f‖E_x[f∇h(θ₀)]‖²,
   * computed exactly by Walsh transforms; NaN for the square loss.
   */
  firstOrder: number[];
  /** Q(θ₀) = E_x‖∇h(θ₀)‖². */
  q0: number;
  /** The constant L with E_x‖∇h(θ) − ∇h(θ₀)‖² ≤ L‖θ − θ₀‖². */
  lipschitz: number;
}

/**
 * The corrected Gronwall bound of Theorem 8 for GD on the hinge loss in the active regime:
 * with δ_t² = E_f‖θ_t^f − θ₀‖², ‖∇R^f(θ)‖ ≤ ‖E_x[f∇h(θ₀)]‖ + √L‖θ − θ₀‖ and Bessel at the fixed θ₀
 * give δ̇ ≤ √(Q₀/|F|) + √L δ, so
 *   δ_t² ≤ (Q₀ / (L|F|)) · (e^{√L t} − 1)²   (also for discrete GD, since (1 + lr√L)^k ≤ e^{√L·lr·k}).
 * The lecture prints δ_t ≤ √(Q₀/(2L))·(e^{2^{2−d/2}√L t} − 1); its proof applies Bessel at the
 * target-dependent θ_t^f, which Bessel does not allow. Returns both, squared.
 * @example gdDistanceBound({ q0: 0.1, lipschitz: 0.5, classSize: 255, d: 8, t: 2 }).bound
 */
export function gdDistanceBound(o: { q0: number; lipschitz: number; classSize: number; d: number; t: number }): { bound: number; boundLecture: number } {
  const q0 = positive("q0", o.q0);
  const L = positive("lipschitz", o.lipschitz);
  const F = integer("classSize", o.classSize, 1);
  const d = integer("d", o.d, 1);
  if (!(o.t >= 0)) throw new ValidationError(`t must be ≥ 0, got ${o.t}`);
  const sL = Math.sqrt(L);
  const bound = (q0 / (L * F)) * Math.expm1(sL * o.t) ** 2;
  const boundLecture = (q0 / (2 * L)) * Math.expm1(2 ** (2 - d / 2) * sL * o.t) ** 2;
  return { bound, boundLecture };
}

/**
 * A Lipschitz constant of the tanh network's gradient around θ₀, h = c·Σ_j a_j tanh(u_j·x̃),
 * x̃ = (x, 1), x uniform on {0,1}^d: with |tanh′| ≤ 1 and |tanh″| ≤ κ, per neuron
 * E_x‖∇_j h(θ) − ∇_j h(θ₀)‖² ≤ c²·max(2E‖x̃‖², E‖x̃‖² + 2a_j(0)²κ²E‖x̃‖⁴)·‖θ_j − θ_j(0)‖²,
 * where E‖x̃‖² = 1 + d/2 and E‖x̃‖⁴ = (d + 1)(d + 4)/4.
 */
function gradientLipschitz(a: Float64Array, d: number, c: number): number {
  const ex2 = 1 + d / 2;
  const ex4 = ((d + 1) * (d + 4)) / 4;
  let L = 0;
  for (let j = 0; j < a.length; j++) L = Math.max(L, c * c * Math.max(2 * ex2, ex2 + 2 * a[j] * a[j] * TANH_CURVATURE ** 2 * ex4));
  return L;
}

/**
 * Gradient descent from one θ₀ towards every non-constant parity f = χ_v on {0,1}^d at once (exact
 * population loss over all 2^d points), for the mean-field tanh network with a_j(0) = ±1, b ~ N(0,1),
 * w ~ N(0, I/d). Records E_f‖θ_t^f − θ₀‖², the target-dependent spread, sup|h| and the Gronwall
 * bound. With loss "square" the same runs use R^f = E(h − f)², whose gradient has the
 * target-independent part 2E[h∇h]. Disposes everything it creates.
 * @example
 * const r = parityGdDistance({ d: 6, lr: 0.05, steps: 40, seed: 0 });
 * r.distance.at(-1)! <= r.bound.at(-1)! // true
 */
export function parityGdDistance(o: ParityGdOptions): ParityGdResult {
  const d = integer("d", o.d, 1);
  if (d > 12) throw new ValidationError(`d must be ≤ 12 (every target is trained at once), got ${d}`);
  const m = integer("m", o.m ?? 8, 1);
  const lr = positive("lr", o.lr);
  const steps = integer("steps", o.steps, 1);
  const loss = oneOf("loss", o.loss ?? "hinge", ["hinge", "square"] as const);
  const recordEvery = integer("recordEvery", o.recordEvery ?? 1, 1);
  const rng = toRng(o.seed);
  const n = 2 ** d;
  const K = n - 1;
  const C = K * m;
  const model = twoLayer({ d, m, activation: "tanh", scaling: "meanField", bias: true, init: { W: "gaussian", a: "signs", b: { gaussian: 1 } } });
  const c = model.c;
  const p0 = model.init(rng.child("init"));
  const W0 = Float64Array.from(p0.W.dataSync());
  const a0 = Float64Array.from(p0.a.dataSync());
  const b0 = Float64Array.from(p0.b!.dataSync());
  const stats = twoLayerParityGradientVariance(model, p0);
  disposeParams(p0);
  const q0 = stats.q;
  const meanSquaredSignal = (q0 * (1 - stats.constantShare)) / K; // E_f‖E_x[f∇h(θ₀)]‖²
  const lipschitz = gradientLipschitz(a0, d, c);

  // Inputs with a column of ones, their transpose, and every target's values Φ[x, f] = χ_{f+1}(x).
  const pts = allHypercubePointsArray(d);
  const Xaug = new Float32Array(n * (d + 1));
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) Xaug[k * (d + 1) + i] = pts.data[k * d + i];
    Xaug[k * (d + 1) + d] = 1;
  }
  const Phi = new Float32Array(n * K);
  for (let k = 0; k < n; k++) for (let v = 1; v <= K; v++) Phi[k * K + v - 1] = parityValue(v, k);
  // θ₀ replicated for every target: Waug [d+1, K·m], a [K·m].
  const Wrep = new Float32Array((d + 1) * C);
  const arep = new Float32Array(C);
  for (let f = 0; f < K; f++) {
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < d; i++) Wrep[i * C + f * m + j] = W0[i * m + j];
      Wrep[d * C + f * m + j] = b0[j];
      arep[f * m + j] = a0[j];
    }
  }
  const X = tf.tensor2d(Xaug, [n, d + 1]);
  const XT = tf.transpose(X) as tf.Tensor2D;
  const Y = tf.tensor2d(Phi, [n, K]);
  const theta0 = { W: tf.tensor2d(Wrep, [d + 1, C]), a: tf.tensor1d(arep) };

  /** h_f(x) for every point and target [n, K], and the activations S = tanh(Z) [n, C]. */
  const forward = (p: { W: tf.Tensor2D; a: tf.Tensor1D }) => {
    const S = tf.tanh(tf.matMul(X, p.W));
    const h = tf.reshape(tf.sum(tf.reshape(tf.mul(S, p.a), [n, K, m]), 2), [n, K]);
    return { S, h: tf.mul(h, c) as tf.Tensor2D };
  };
  const ones = tf.ones([1, n]);
  // Column sums and products with Xᵀ as matrix products (reductions over the first axis are slow on wasm).
  const gradient = (p: { W: tf.Tensor2D; a: tf.Tensor1D }) => {
    const { S, h } = forward(p);
    // ∂ℓ/∂h per point and target: hinge −f·1[1 − f h > 0]; square 2(h − f).
    const Gh = loss === "hinge" ? tf.neg(tf.mul(Y, tf.step(tf.sub(1, tf.mul(Y, h))))) : tf.mul(tf.sub(h, Y), 2);
    const value = loss === "hinge" ? tf.div(tf.sum(tf.relu(tf.sub(1, tf.mul(Y, h)))), n) : tf.div(tf.sum(tf.square(tf.sub(h, Y))), n);
    const G3 = tf.reshape(Gh, [n, K, 1]);
    const S3 = tf.reshape(S, [n, K, m]);
    const ga = tf.mul(tf.reshape(tf.matMul(ones, tf.reshape(tf.mul(G3, S3), [n, C])), [C]), c / n) as tf.Tensor1D;
    const back = tf.mul(tf.mul(G3, tf.sub(1, tf.square(S3))), tf.reshape(p.a, [K, m]));
    const gW = tf.mul(tf.matMul(XT, tf.reshape(back, [n, C])), c / n) as tf.Tensor2D;
    return { loss: value as tf.Scalar, grads: { W: gW, a: ga } };
  };
  const sqDist = (p: { W: tf.Tensor2D; a: tf.Tensor1D }) =>
    tf.add(tf.sum(tf.square(tf.sub(p.W, theta0.W))), tf.sum(tf.square(tf.sub(p.a, theta0.a))));
  const spreadOf = (p: { W: tf.Tensor2D; a: tf.Tensor1D }) => {
    const W3 = tf.reshape(p.W, [d + 1, K, m]);
    const a2 = tf.reshape(p.a, [K, m]);
    return tf.add(tf.sum(tf.square(tf.sub(W3, tf.mean(W3, 1, true)))), tf.sum(tf.square(tf.sub(a2, tf.mean(a2, 0, true)))));
  };
  try {
    const run = trainLoop({
      params: theta0,
      X,
      y: Y,
      loss: (p) => gradient(p).loss,
      gradient: (p) => gradient(p),
      optimizer: scaleBy(lr),
      steps,
      evalEvery: recordEvery,
      metrics: {
        distance: (p) => sqDist(p).dataSync()[0] / K,
        spread: (p) => spreadOf(p).dataSync()[0] / K,
        supAbsH: (p) => tf.max(tf.abs(forward(p).h)).dataSync()[0],
      },
    });
    disposeParams(run.params);
    const time = run.history.step.map((s) => s * lr);
    const bounds = time.map((t) => gdDistanceBound({ q0, lipschitz, classSize: K, d, t }));
    return {
      d,
      m,
      classSize: K,
      loss,
      step: run.history.step,
      time,
      distance: run.history.distance,
      spread: run.history.spread,
      supAbsH: run.history.supAbsH,
      bound: bounds.map((b) => b.bound),
      boundLecture: bounds.map((b) => b.boundLecture),
      firstOrder: time.map((t) => (loss === "hinge" ? t * t * meanSquaredSignal : NaN)),
      q0,
      lipschitz,
    };
  } finally {
    tf.dispose([X, XT, Y, ones, theta0.W, theta0.a]);
  }
}
