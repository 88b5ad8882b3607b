/**
 * A small time-conditioned score network trained by denoising score matching with the library's
 * training loop. It predicts the noise, ŝ = −ε̂/σ_t, as a correction to the Gaussian fit of the data:
 * with m̄, v̄ the training points' mean and variance and v_t = e^{−2t}v̄ + σ_t², the Gaussian part is
 * ε_G = σ_t(x − e^{−t}m̄)/v_t, and ε̂ = ε_G + MLP(x̃, σ_t, ln t / 4, ε_G) with x̃ = (x − e^{−t}m̄)/√v_t.
 * The MLP's output layer starts at zero: before training the network is the Gaussian fit.
 * Training draws t log-uniformly on [tMin, T] and weights the DSM loss by λ(t) = σ_t², i.e. it
 * minimises E‖ε̂ − z‖².
 */
import * as tf from "@tensorflow/tfjs";
import { mlp, type MlpModel } from "../../models/mlp";
import type { MlpParams } from "../../models/types";
import { disposeParams } from "../../models/params";
import { mixtureAtTime, mixtureLogDensity, mixtureScore, sampleMixture, type GaussianMixture } from "../../data/mixture";
import { trainLoop, type TrainHistory } from "../../train/loop";
import { denoisingScoreLoss } from "../../train/losses";
import { adam } from "../../train/transforms";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, positive } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";
import { T_MAX, T_MIN, type ScoreFn } from "./sampling";

const sigmaOf = (t: number) => Math.sqrt(-Math.expm1(-2 * t));

/** The Gaussian fit of the training points: per-coordinate mean and the mean variance. */
interface GaussFit {
  mean: Float64Array;
  variance: number;
}

/** Network inputs [n, 2d + 2]: x̃ (d), σ_t, ln(t)/4, ε_G (d). */
function features(x: ArrayLike<number>, t: ArrayLike<number>, d: number, g: GaussFit): tf.Tensor2D {
  const n = t.length;
  const w = 2 * d + 2;
  const f = new Float32Array(n * w);
  for (let i = 0; i < n; i++) {
    const a = Math.exp(-t[i]);
    const s = sigmaOf(t[i]);
    const vt = a * a * g.variance + s * s;
    for (let j = 0; j < d; j++) {
      const u = x[i * d + j] - a * g.mean[j];
      f[i * w + j] = u / Math.sqrt(vt);
      f[i * w + d + 2 + j] = (s * u) / vt;
    }
    f[i * w + d] = s;
    f[i * w + d + 1] = Math.log(t[i]) / 4;
  }
  return tf.tensor2d(f, [n, w]);
}

function gaussFit(X0: Float64Array, d: number): GaussFit {
  const n = X0.length / d;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X0[i * d + j] / n;
  let v = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) v += (X0[i * d + j] - mean[j]) ** 2;
  return { mean, variance: n > 1 ? v / (d * (n - 1)) : 1 };
}

/** A trained score network (dispose it when done). */
export interface ScoreNet {
  d: number;
  model: MlpModel;
  params: MlpParams;
  history: TrainHistory;
  /** ŝ(y, t) on the host, for the samplers. */
  score: ScoreFn;
  dispose(): void;
}

/** Options of {@link trainScoreNet}. */
export interface TrainScoreNetOptions {
  /** Training points x₀ [n·d]. */
  X0: Float64Array;
  d: number;
  /** Hidden width and number of hidden layers (defaults 64 and 2). */
  width?: number;
  depth?: number;
  steps: number;
  /** Batch size (default 256). */
  batchSize?: number;
  /** Adam step size (default 3e-3). */
  lr?: number;
  T?: number;
  tMin?: number;
  /**
   * Monte Carlo pairs M: when given, the empirical DSM loss uses M fixed draws (i, t, z) made once
   * (the finite-M objective of the lecture); otherwise each step draws fresh ones (M = ∞).
   */
  pairs?: number;
  evalEvery?: number;
  seed: number | Rng;
}

/** Draws B triples (x_t features, [z]) from the training points. */
function drawPairs(X0: Float64Array, d: number, g: GaussFit, B: number, T: number, tMin: number, rng: Rng): { X: tf.Tensor2D; y: tf.Tensor2D } {
  const n = X0.length / d;
  const u = rng.child("i").uniforms(B);
  const v = rng.child("t").uniforms(B);
  const z = rng.child("z").normals(B * d);
  const t = Float64Array.from(v, (s) => tMin * (T / tMin) ** s);
  const xt = new Float64Array(B * d);
  for (let b = 0; b < B; b++) {
    const i = Math.min(n - 1, Math.floor(u[b] * n));
    const a = Math.exp(-t[b]);
    const s = sigmaOf(t[b]);
    for (let j = 0; j < d; j++) xt[b * d + j] = a * X0[i * d + j] + s * z[b * d + j];
  }
  return { X: features(xt, t, d, g), y: tf.tensor2d(Float32Array.from(z), [B, d]) };
}

/** ε̂ = ε_G + MLP(features). */
function epsilon(model: MlpModel, d: number, params: MlpParams, X: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(model.apply(params, X), tf.slice(X, [0, d + 2], [X.shape[0], d])) as tf.Tensor2D);
}

/** The DSM loss with weights λ(σ) for network outputs on feature rows (σ is column d). */
function netLoss(model: MlpModel, d: number, params: MlpParams, X: tf.Tensor, z: tf.Tensor, weighted: boolean): tf.Scalar {
  return tf.tidy(() => {
    const n = X.shape[0];
    const eps = epsilon(model, d, params, X as tf.Tensor2D);
    const sd = tf.reshape(tf.slice(X as tf.Tensor2D, [0, d], [n, 1]), [n]);
    const score = tf.neg(tf.div(eps, tf.reshape(sd, [n, 1])));
    return denoisingScoreLoss({ score, noise: z, sd, weight: weighted ? tf.square(sd) : undefined });
  });
}

/**
 * Trains ε̂ by Adam on the σ²-weighted DSM loss over the training points X0 and returns the
 * network with a host score function ŝ(y, t) = −ε̂(y, t)/σ_t.
 * @example const net = trainScoreNet({ X0: sampleMixture(target1d(), 100, 0), d: 1, steps: 500, seed: 0 }); net.dispose();
 */
export function trainScoreNet(o: TrainScoreNetOptions): ScoreNet {
  const d = integer("d", o.d, 1);
  if (!(o.X0 instanceof Float64Array) || o.X0.length % d !== 0 || o.X0.length === 0) {
    throw new ValidationError(`X0 must be a Float64Array of n·d numbers (d = ${d})`, { argument: "X0" });
  }
  const width = integer("width", o.width ?? 64, 1);
  const depth = integer("depth", o.depth ?? 2, 1);
  const B = integer("batchSize", o.batchSize ?? 256, 1);
  const T = positive("T", o.T ?? T_MAX);
  const tMin = positive("tMin", o.tMin ?? T_MIN);
  const rng = toRng(o.seed);
  const model = mlp({ sizes: [2 * d + 2, ...new Array(depth).fill(width), d], activation: "tanh" });
  const g = gaussFit(o.X0, d);
  // The output layer starts at zero, so that training starts from the Gaussian fit ε_G.
  const drawn = model.init(rng.child("init"));
  const init: MlpParams = {
    weights: drawn.weights.map((W, l) => (l === depth ? tf.zerosLike(W) : W)),
    biases: drawn.biases,
  };
  drawn.weights[depth].dispose();
  const loss = (p: MlpParams, Xb: tf.Tensor, yb: tf.Tensor) => netLoss(model, d, p, Xb, yb, true);
  let fixed: { X: tf.Tensor2D; y: tf.Tensor2D } | null = null;
  try {
    const common = { params: init, loss, optimizer: adam(o.lr ?? 3e-3), steps: integer("steps", o.steps, 1), evalEvery: o.evalEvery ?? Math.max(1, Math.floor(o.steps / 50)) };
    let r;
    if (o.pairs !== undefined) {
      fixed = drawPairs(o.X0, d, g, integer("pairs", o.pairs, 1), T, tMin, rng.child("pairs"));
      r = trainLoop({ ...common, X: fixed.X, y: fixed.y, batchSize: Math.min(B, o.pairs), replacement: true, seed: rng.child("batches") });
    } else {
      r = trainLoop({ ...common, stream: (step) => drawPairs(o.X0, d, g, B, T, tMin, rng.child("step", step)) });
    }
    const params = r.params;
    const score: ScoreFn = (y, t) => {
      const n = y.length / d;
      const eps = tf.tidy(() => epsilon(model, d, params, features(y, new Float64Array(n).fill(t), d, g)));
      const values = eps.dataSync();
      eps.dispose();
      const s = sigmaOf(t);
      return Float64Array.from(values, (e) => -e / s);
    };
    return { d, model, params, history: r.history, score, dispose: () => disposeParams(params) };
  } finally {
    disposeParams(init);
    if (fixed) {
      fixed.X.dispose();
      fixed.y.dispose();
    }
  }
}

/**
 * The unweighted DSM loss J_t(ŝ) of a network at a fixed time t, by Monte Carlo over M fresh
 * draws x₀ ~ p₀ and z, with its standard error. Never below C_t in expectation.
 * @example const { mean, se } = dsmLossOfNet(net, target1d(), 0.1, 20000, 0);
 */
export function dsmLossOfNet(net: ScoreNet, p0: GaussianMixture, t: number, M: number, seed: number | Rng): { mean: number; se: number } {
  positive("t", t);
  integer("M", M, 2);
  const rng = toRng(seed);
  const d = net.d;
  const x0 = sampleMixture(p0, M, rng.child("x0"));
  const z = rng.child("z").normals(M * d);
  const a = Math.exp(-t);
  const s = sigmaOf(t);
  const xt = x0.map((x, i) => a * x + s * z[i]);
  const sh = net.score(xt, t);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < M; i++) {
    let v = 0;
    for (let j = 0; j < d; j++) v += (sh[i * d + j] + z[i * d + j] / s) ** 2;
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / M;
  return { mean, se: Math.sqrt(Math.max(0, sum2 / M - mean * mean) / (M - 1)) };
}

/**
 * The error of a network's score against the exact one over a grid: rows per t of
 * σ_t·|ŝ(x, t) − ∇log p_t(x)| (the error in noise units), for 1-D targets.
 * @example const z = scoreErrorMap(net, target1d(), xs, ts);
 */
export function scoreErrorMap(net: ScoreNet, p0: GaussianMixture, xs: ArrayLike<number>, ts: ArrayLike<number>): number[][] {
  if (net.d !== 1) throw new ValidationError("scoreErrorMap is for 1-D networks", { argument: "net" });
  const x = Float64Array.from(xs);
  return Array.from(ts, (t) => {
    const sh = net.score(x, t);
    const s = mixtureScore(mixtureAtTime(p0, t), x);
    return Array.from(x, (_, i) => sigmaOf(t) * Math.abs(sh[i] - s[i]));
  });
}

/** Result of {@link scoreField}. */
export interface ScoreField {
  /** Grid coordinates along each axis. */
  axis: number[];
  /** Density of p_t on the grid, rows along x₂ (for a heatmap). */
  density: number[][];
  /** Arrow segments (start, end, gap) of the exact and the given score, ready to draw as lines. */
  exact: { x: number[]; y: number[] };
  learned: { x: number[]; y: number[] };
  /** Σ p_t(x)·σ_t‖ŝ(x) − s(x)‖ / Σ p_t(x) over the grid. */
  meanError: number;
}

/**
 * A 2-D score on a grid of points² over [lo, hi]², beside the exact score of p_t: arrows from each
 * grid point along σ_t·s (scaled by `length`, capped at 0.9 of the grid spacing), the density of
 * p_t, and the p_t-weighted mean error σ_t‖ŝ − s‖.
 * @example const f = scoreField({ score: net.score, p0: target2d(), t: 0.1, lo: -3, hi: 3, points: 13, length: 0.25 });
 */
export function scoreField(o: { score: ScoreFn; p0: GaussianMixture; t: number; lo: number; hi: number; points: number; length: number }): ScoreField {
  if (o.p0.d !== 2) throw new ValidationError(`scoreField is for 2-D targets, got d = ${o.p0.d}`, { argument: "p0" });
  const k = integer("points", o.points, 2);
  const t = positive("t", o.t);
  const axis = Array.from({ length: k }, (_, i) => o.lo + ((o.hi - o.lo) * i) / (k - 1));
  const X = new Float64Array(2 * k * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) {
    X[2 * (r * k + c)] = axis[c];
    X[2 * (r * k + c) + 1] = axis[r];
  }
  const pt = mixtureAtTime(o.p0, t);
  const s = mixtureScore(pt, X);
  const sh = o.score(X, t);
  const lp = mixtureLogDensity(pt, X);
  const sig = sigmaOf(t);
  const cap = 0.9 * ((o.hi - o.lo) / (k - 1));
  const arrows = (v: ArrayLike<number>) => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < k * k; i++) {
      let dx = o.length * sig * v[2 * i];
      let dy = o.length * sig * v[2 * i + 1];
      const nrm = Math.hypot(dx, dy);
      if (nrm > cap) {
        dx *= cap / nrm;
        dy *= cap / nrm;
      }
      x.push(X[2 * i], X[2 * i] + dx, NaN);
      y.push(X[2 * i + 1], X[2 * i + 1] + dy, NaN);
    }
    return { x, y };
  };
  let num = 0;
  let den = 0;
  for (let i = 0; i < k * k; i++) {
    const w = Math.exp(lp[i]);
    num += w * sig * Math.hypot(sh[2 * i] - s[2 * i], sh[2 * i + 1] - s[2 * i + 1]);
    den += w;
  }
  const density = Array.from({ length: k }, (_, r) => Array.from({ length: k }, (_, c) => Math.exp(lp[r * k + c])));
  return { axis, density, exact: arrows(s), learned: arrows(sh), meanError: num / den };
}
