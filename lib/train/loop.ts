/**
 * The training loop: full-batch or mini-batch gradient steps with any update transform, a loss and
 * metric history, callbacks, a progress bar and divergence detection. Parameters may be any tree of
 * tensors (TwoLayerParams, MlpParams, a list, …); a `trainable` mask freezes the other leaves.
 */
import * as tf from "@tensorflow/tfjs";
import "../runtime/matmulGrad";
import { flattenParams, paramPaths, unflattenParams, type ParamTree } from "../models/params";
import { DivergenceError, ValidationError } from "../runtime/errors";
import { dataTensor, finiteTensor, integer, positive } from "../runtime/validate";
import { progress as progressBar } from "../runtime/progress";
import { toRng, type Rng } from "../runtime/rng";
import { batchStream } from "./batches";
import { disposeStaleState, type GradientTransform, type HostParams, type HostTransform } from "./transforms";

/** What a callback sees at a recorded step t (params are θ_t; do not dispose them). */
export interface StepInfo<P> {
  step: number;
  params: P;
  loss: number;
  history: TrainHistory;
}

/** Recorded series: `step` (the x axis), `loss`, and one array per metric. */
export interface TrainHistory {
  step: number[];
  loss: number[];
  [metric: string]: number[];
}

/** Result of {@link trainLoop}: final parameters (new tensors, owned by the caller), history, steps run. */
export interface TrainResult<P> {
  params: P;
  history: TrainHistory;
  steps: number;
}

/** Options of {@link trainLoop}. */
export interface TrainLoopOptions<P extends ParamTree> {
  /** Initial parameters θ₀ (left untouched). */
  params: P;
  /** The training objective on a batch: (θ, X_b, y_b) → scalar. */
  loss: (params: P, Xb: tf.Tensor, yb: tf.Tensor) => tf.Scalar;
  /** Inputs [n, …] and targets [n, …]; batches are rows. Not needed with `stream`. */
  X?: tf.Tensor;
  y?: tf.Tensor;
  /**
   * Online learning: step t trains on the fresh batch `stream(t)` (e.g. new samples from the data
   * distribution), instead of rows of X. Called inside the step's `tf.tidy`, so the batch's tensors
   * are released after the step; the final point θ_T is evaluated on `stream(T)`.
   */
  stream?: (step: number) => { X: tf.Tensor; y: tf.Tensor };
  /** The update transform (gd, sgd, langevin, chain(…)). */
  optimizer: GradientTransform;
  /** Number of updates. */
  steps: number;
  /** Mini-batch size B; full batch when absent. */
  batchSize?: number;
  /** Sample batches with replacement (default false: epoch-wise permutations). */
  replacement?: boolean;
  /** Record loss and metrics every `evalEvery` steps (default 1); the final step is always recorded. */
  evalEvery?: number;
  /** Extra series, evaluated at recorded steps: name → (θ_t, t) → number. */
  metrics?: Record<string, (params: P, step: number) => number>;
  /** Called at recorded steps; returning "stop" ends training after the current update. */
  callbacks?: ((info: StepInfo<P>) => void | "stop")[];
  /** Shows a progress bar with this label. */
  progress?: string;
  /** Seed of the batch sampler (default 0). */
  seed?: number | Rng;
  /** Leaves to train, by dotted path ("a", "W", "weights.0", a prefix such as "weights"), or a predicate; default all. */
  trainable?: readonly string[] | ((path: string) => boolean);
  /**
   * Replaces autodiff: returns the batch loss and the gradients keyed by leaf path (at least the
   * trainable ones). Used for closed-form gradients such as {@link twoLayerGrad}.
   */
  gradient?: (params: P, Xb: tf.Tensor, yb: tf.Tensor) => { loss: tf.Scalar; grads: Record<string, tf.Tensor> };
}

/**
 * Options of {@link trainLoop} on float64 host parameters (a record of Float64Arrays such as the
 * two-layer executor's TwoLayerParams64): full batch, a closed-form gradient, an in-place update.
 */
export interface HostTrainLoopOptions<P extends HostParams> {
  /** Initial parameters θ₀ (left untouched; the loop trains a deep copy). */
  params: P;
  /**
   * The closed-form gradient: writes ∇L(θ) of each trainable leaf into `grads[key]` and returns L(θ)
   * (e.g. the two-layer executor's `twoLayer64Gradient({ X, y, m })`).
   */
  gradient: (params: P, grads: Record<string, Float64Array>) => number;
  /** The in-place update (gd(lr), proxPathNorm(…)). */
  optimizer: HostTransform;
  /** Number of updates. */
  steps: number;
  /** Keys of the trained leaves (default: every Float64Array entry of params). */
  trainable?: readonly string[];
  /** Record every `evalEvery` steps (default 1), unless `recordAt` is given; the final step is always recorded. */
  evalEvery?: number;
  /** Record at exactly these steps (and the final one). */
  recordAt?: readonly number[];
  /** Extra series, evaluated at recorded steps: name → (θ_t, t) → number. */
  metrics?: Record<string, (params: P, step: number) => number>;
  /** Called at recorded steps; returning "stop" ends training after the current update. */
  callbacks?: ((info: StepInfo<P>) => void | "stop")[];
  /** Shows a progress bar with this label. */
  progress?: string;
  /** Divergence also when L(θ_t) > divergeAbove·max(L(θ₀), 1e−12) (default: only a non-finite loss). */
  divergeAbove?: number;
}

function isHostOptions(o: object): boolean {
  const p = (o as { params?: unknown }).params;
  if (p === null || typeof p !== "object" || p instanceof tf.Tensor || Array.isArray(p)) return false;
  return Object.values(p).some((v) => v instanceof Float64Array);
}

/** The divergence error of the loop, naming the step and the step size. */
function divergedAt(t: number, value: number, lr: number | undefined): DivergenceError {
  return new DivergenceError(
    `training diverged: the loss became ${value} at step ${t}${lr !== undefined ? ` with step size lr = ${lr}` : ""}; try a smaller lr`,
    t,
    lr,
  );
}

function* hostTrainSteps<P extends HostParams>(o: HostTrainLoopOptions<P>): Generator<void, TrainResult<P>, void> {
  if (typeof o.gradient !== "function") throw new ValidationError("gradient must be a function (params, grads) => loss on host arrays");
  if (!o.optimizer || typeof o.optimizer.step !== "function") {
    throw new ValidationError("optimizer must update host arrays in place ({ step }), such as gd(lr) or proxPathNorm(…)");
  }
  const steps = integer("steps", o.steps, 0);
  const evalEvery = o.evalEvery === undefined ? 1 : integer("evalEvery", o.evalEvery, 1);
  const divergeAbove = o.divergeAbove === undefined ? Infinity : positive("divergeAbove", o.divergeAbove);
  const src = o.params as Record<string, unknown>;
  const params = { ...src } as Record<string, unknown>;
  const leaves = Object.keys(src).filter((k) => src[k] instanceof Float64Array);
  for (const k of leaves) params[k] = Float64Array.from(src[k] as Float64Array);
  const keys = o.trainable ?? leaves;
  for (const k of keys) {
    if (!leaves.includes(k)) throw new ValidationError(`trainable names "${k}", which is not a parameter; parameters are ${leaves.join(", ")}`);
  }
  if (keys.length === 0) throw new ValidationError("trainable selects no parameter");
  const grads: Record<string, Float64Array> = {};
  for (const k of keys) grads[k] = new Float64Array((params[k] as Float64Array).length);
  const P = params as P;
  const recordSet = o.recordAt ? new Set(o.recordAt) : null;
  const metricNames = Object.keys(o.metrics ?? {});
  for (const k of metricNames) {
    if (k === "step" || k === "loss") throw new ValidationError(`metrics may not be named "${k}" (reserved by the history)`);
  }
  const history: TrainHistory = { step: [], loss: [] };
  for (const k of metricNames) history[k] = [];
  const bar = o.progress ? progressBar(o.progress, steps) : null;
  const lr = o.optimizer.lr;
  let loss0 = NaN;
  let t = 0;
  for (; ; t++) {
    const loss = o.gradient(P, grads);
    if (t === 0) loss0 = loss;
    if (!Number.isFinite(loss) || loss > divergeAbove * Math.max(loss0, 1e-12)) throw divergedAt(t, loss, lr);
    let stop = false;
    if (t === steps || (recordSet ? recordSet.has(t) : t % evalEvery === 0)) {
      history.step.push(t);
      history.loss.push(loss);
      for (const k of metricNames) history[k].push(o.metrics![k](P, t));
      for (const cb of o.callbacks ?? []) if (cb({ step: t, params: P, loss, history }) === "stop") stop = true;
    }
    if (t === steps) {
      bar?.finish(`loss ${loss.toPrecision(4)}`);
      break;
    }
    o.optimizer.step(P, grads);
    bar?.update(t + 1, `loss ${loss.toPrecision(4)}`);
    if (stop) {
      t++;
      break;
    }
    yield;
  }
  return { params: P, history, steps: t };
}

function trainableMask(paths: string[], spec: TrainLoopOptions<ParamTree>["trainable"]): boolean[] {
  if (spec === undefined) return paths.map(() => true);
  if (typeof spec === "function") return paths.map((p) => spec(p));
  for (const s of spec) {
    if (!paths.some((p) => p === s || p.startsWith(`${s}.`))) {
      throw new ValidationError(`trainable names "${s}", which is not a parameter; parameters are ${paths.join(", ")}`);
    }
  }
  return paths.map((p) => spec.some((s) => p === s || p.startsWith(`${s}.`)));
}

function validate<P extends ParamTree>(o: TrainLoopOptions<P>): void {
  if (typeof o.loss !== "function") throw new ValidationError("loss must be a function (params, Xb, yb) => tf.Scalar");
  if (!o.optimizer || typeof o.optimizer.init !== "function" || typeof o.optimizer.update !== "function") {
    throw new ValidationError("optimizer must be an update transform { init, update } such as gd(lr)");
  }
  integer("steps", o.steps, 0);
  if (o.stream !== undefined) {
    if (typeof o.stream !== "function") throw new ValidationError("stream must be a function (step) => { X, y }");
    if (o.X !== undefined || o.y !== undefined || o.batchSize !== undefined) {
      throw new ValidationError("give either stream (online learning) or X, y (and batchSize), not both");
    }
  } else {
    if (!(o.X instanceof tf.Tensor) || o.X.rank < 1) throw new ValidationError("X must be a tensor [n, …] (or give a stream of batches)");
    if (!(o.y instanceof tf.Tensor) || o.y.rank < 1 || o.y.shape[0] !== o.X.shape[0]) {
      throw new ValidationError(`y must have as many rows as X (n = ${o.X.shape[0]}), got shape [${o.y?.shape}]`);
    }
    // The data and θ₀ are checked once per run (not per step): NaN data is named, not blamed on lr.
    dataTensor("X", o.X);
    finiteTensor("y", o.y);
  }
  const leaves = flattenParams(o.params);
  paramPaths(o.params).forEach((path, i) => finiteTensor(`params.${path}`, leaves[i]));
  if (o.seed !== undefined) toRng(o.seed);
  if (o.batchSize !== undefined) integer("batchSize", o.batchSize, 1);
  if (o.evalEvery !== undefined) integer("evalEvery", o.evalEvery, 1);
  for (const k of Object.keys(o.metrics ?? {})) {
    if (k === "step" || k === "loss") throw new ValidationError(`metrics may not be named "${k}" (reserved by the history)`);
  }
}

/** A stream's batch with a non-finite entry is bad input (a ValidationError), not a divergence. */
function checkStreamBatch(t: number, Xb: tf.Tensor, yb: tf.Tensor): void {
  finiteTensor(`stream(${t}).X`, Xb);
  finiteTensor(`stream(${t}).y`, yb);
}

/**
 * The loop's body as a generator (one `yield` per update) shared by {@link trainLoop} and
 * {@link trainLoopAsync}.
 */
function* trainSteps<P extends ParamTree>(o: TrainLoopOptions<P>): Generator<void, TrainResult<P>, void> {
  validate(o);
  const template = o.params;
  const paths = paramPaths(template);
  const mask = trainableMask(paths, o.trainable);
  const tIdx = mask.flatMap((on, i) => (on ? [i] : []));
  if (tIdx.length === 0) throw new ValidationError("trainable selects no parameter");
  const current = flattenParams(template);
  const owned = new Set<tf.Tensor>(); // leaves created here (the caller's are never disposed)
  const online = o.stream;
  const stream = o.batchSize === undefined || online ? null : batchStream(o.X!.shape[0], { batchSize: o.batchSize, replacement: o.replacement ?? false, seed: o.seed ?? 0 });
  const evalEvery = o.evalEvery ?? 1;
  const metricNames = Object.keys(o.metrics ?? {});
  const history: TrainHistory = { step: [], loss: [] };
  for (const k of metricNames) history[k] = [];
  const bar = o.progress ? progressBar(o.progress, o.steps) : null;
  const lr = o.optimizer.lr;
  const assemble = (trainLeaves: readonly tf.Tensor[]): P => {
    const all = current.slice();
    tIdx.forEach((i, k) => (all[i] = trainLeaves[k]));
    return unflattenParams(template, all);
  };
  const batch = (t: number, idx: Int32Array | null): [tf.Tensor, tf.Tensor] => {
    if (online) {
      const b = online(t);
      if (!b || !(b.X instanceof tf.Tensor) || !(b.y instanceof tf.Tensor) || b.X.shape[0] !== b.y.shape[0]) {
        throw new ValidationError(`stream(${t}) must return { X, y }, tensors with the same number of rows`);
      }
      return [b.X, b.y];
    }
    if (idx === null) return [o.X!, o.y!];
    const ix = tf.tensor1d(idx, "int32");
    return [tf.gather(o.X!, ix), tf.gather(o.y!, ix)];
  };
  const diverged = (t: number, value: number) => divergedAt(t, value, lr);
  const record = (t: number, lossValue: number): boolean => {
    history.step.push(t);
    history.loss.push(lossValue);
    const params = assemble(tIdx.map((i) => current[i]));
    for (const k of metricNames) history[k].push(tf.tidy(() => o.metrics![k](params, t)));
    let stop = false;
    for (const cb of o.callbacks ?? []) if (cb({ step: t, params, loss: lossValue, history }) === "stop") stop = true;
    return stop;
  };

  let state: unknown = o.optimizer.init(tIdx.map((i) => current[i]));
  let ok = false;
  let t = 0;
  try {
    for (; t < o.steps; t++) {
      const idx = stream ? stream.next() : null;
      let lossValue = NaN;
      let nextState: unknown = state;
      const next = tf.tidy(() => {
        const [Xb, yb] = batch(t, idx);
        const trainLeaves = tIdx.map((i) => current[i]);
        let loss: tf.Scalar;
        let grads: tf.Tensor[];
        if (o.gradient) {
          const r = o.gradient(assemble(trainLeaves), Xb, yb);
          loss = r.loss;
          grads = tIdx.map((i) => {
            const g = r.grads[paths[i]];
            if (!g) throw new ValidationError(`gradient returned no gradient for "${paths[i]}"`);
            return g;
          });
        } else {
          const r = tf.valueAndGrads((...tl: tf.Tensor[]) => o.loss(assemble(tl), Xb, yb))(trainLeaves);
          loss = r.value as tf.Scalar;
          grads = r.grads;
        }
        lossValue = loss.dataSync()[0];
        if (!Number.isFinite(lossValue)) {
          if (online) checkStreamBatch(t, Xb, yb); // only on failure: a NaN batch is named, not blamed on lr
          throw diverged(t, lossValue);
        }
        const r = o.optimizer.update(grads, state, trainLeaves);
        nextState = r.state;
        return trainLeaves.map((p, k) => tf.add(p, r.updates[k]));
      });
      const stop = t % evalEvery === 0 ? record(t, lossValue) : false;
      tIdx.forEach((i, k) => {
        if (owned.has(current[i])) {
          owned.delete(current[i]);
          current[i].dispose();
        }
        current[i] = next[k];
        owned.add(next[k]);
      });
      disposeStaleState(state, nextState);
      state = nextState;
      bar?.update(t + 1, `loss ${lossValue.toPrecision(4)}`);
      if (stop) {
        t++;
        break;
      }
      yield;
    }
    // Final point θ_T, on the batch step T would use.
    const finalLoss = tf.tidy(() => {
      const [Xb, yb] = batch(t, stream ? stream.next() : null);
      return o.loss(assemble(tIdx.map((i) => current[i])), Xb, yb).dataSync()[0];
    });
    if (!Number.isFinite(finalLoss)) throw diverged(t, finalLoss);
    if (history.step[history.step.length - 1] !== t) record(t, finalLoss);
    bar?.finish(`loss ${finalLoss.toPrecision(4)}`);
    ok = true;
  } finally {
    disposeStaleState(state);
    if (!ok) for (const x of owned) x.dispose();
  }
  const leaves = current.map((x) => (owned.has(x) ? x : tf.clone(x)));
  return { params: unflattenParams(template, leaves), history, steps: t };
}

function steps<P extends ParamTree>(opts: TrainLoopOptions<P> | HostTrainLoopOptions<P>): Generator<void, TrainResult<P>, void> {
  if (opts === null || typeof opts !== "object") throw new ValidationError("trainLoop needs an options object");
  return isHostOptions(opts) ? hostTrainSteps(opts as HostTrainLoopOptions<P>) : trainSteps(opts as TrainLoopOptions<P>);
}

/**
 * Trains `params` for `steps` updates of `optimizer` on `loss`, and returns the final parameters
 * (new tensors) and the history. Step t computes L(θ_t; batch_t) and its gradient inside `tf.tidy`,
 * then θ_{t+1} = θ_t + update. Recorded steps get `loss` (the batch loss of θ_t) and each metric of
 * θ_t; the last entry is θ_T. Throws {@link DivergenceError} (naming the step and lr) when the loss
 * is NaN or infinite; bad data is not a divergence: empty X, NaN or ±∞ in X, y or θ₀ are a
 * ValidationError naming the argument and the first bad row (checked once, before the first step).
 *
 * On float64 host parameters ({@link HostTrainLoopOptions}: a record of Float64Arrays, a
 * closed-form `gradient` writing into preallocated buffers, an in-place `optimizer` such as gd(lr)
 * or proxPathNorm) the same loop runs full batch on the host, with the same history, metrics,
 * callbacks, progress bar and divergence rule (plus `divergeAbove`).
 *
 * @example
 * const net = twoLayer({ d: 5, m: 100 });
 * const { params, history } = trainLoop({
 *   params: net.init(0), X, y, steps: 200, optimizer: gd(0.5),
 *   loss: (p, Xb, yb) => squareLoss(net.apply(p, Xb), yb),
 * });
 */
export function trainLoop<P extends ParamTree>(opts: TrainLoopOptions<P>): TrainResult<P>;
export function trainLoop<P extends HostParams>(opts: HostTrainLoopOptions<P>): TrainResult<P>;
export function trainLoop<P extends ParamTree>(opts: TrainLoopOptions<P> | HostTrainLoopOptions<P>): TrainResult<P> {
  const it = steps(opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link trainLoop} that returns a promise and lets the event loop run every ~100 ms, so a notebook
 * can redraw its progress bar while training.
 * @example const { params, history } = await trainLoopAsync({ …, progress: "training" });
 */
export async function trainLoopAsync<P extends ParamTree>(opts: TrainLoopOptions<P>): Promise<TrainResult<P>>;
export async function trainLoopAsync<P extends HostParams>(opts: HostTrainLoopOptions<P>): Promise<TrainResult<P>>;
export async function trainLoopAsync<P extends ParamTree>(opts: TrainLoopOptions<P> | HostTrainLoopOptions<P>): Promise<TrainResult<P>> {
  const it = steps(opts);
  let last = Date.now();
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    if (Date.now() - last > 100) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = Date.now();
    }
  }
}
