/**
 * Update transforms in the optax style: `{ init(params) → state, update(grads, state, params) →
 * { updates, state } }`, pure functions with explicit state. GD, SGD, heavy-ball momentum and
 * Langevin dynamics are compositions: e.g. langevin = chain(scaleBy(lr), addNoise(…)).
 *
 * Memory: tensors held in a state are `tf.keep`-ed, so they survive the `tf.tidy` of a training step;
 * whoever replaces a state by the next one disposes what the new one no longer uses
 * ({@link disposeStaleState}; the training loop does this).
 */
import * as tf from "@tensorflow/tfjs";
import { flattenParams, unflattenParams, type ParamTree } from "../models/params";
import { ValidationError } from "../runtime/errors";
import { inRange, nonNegative, positive, stepSize } from "../runtime/validate";
import { deriveSeed, Rng, toRng } from "../runtime/rng";

/** Float64 host parameters: a record whose Float64Array entries are the leaves (numbers are constants). */
export type HostParams = object;

/**
 * An update of float64 host parameters in place, θ ← step(θ, g), for {@link trainLoop} on host
 * arrays (no allocation per step). `grads` holds the trainable leaves' gradients by key.
 */
export interface HostTransform {
  /** The step size, when the transform contains one (named in divergence messages). */
  readonly lr?: number;
  /** Moves `params` (in place) given the gradients of the trainable leaves. */
  step(params: HostParams, grads: Readonly<Record<string, Float64Array>>): void;
}

function hostLeaf(params: HostParams, key: string): Float64Array {
  const v = (params as Record<string, unknown>)[key];
  if (!(v instanceof Float64Array)) throw new ValidationError(`params.${key} must be a Float64Array (a host parameter)`);
  return v;
}

/** A gradient transformation with explicit state S. */
export interface GradientTransform<S = unknown> {
  /** The step size, when the transform contains one (named in divergence messages). */
  readonly lr?: number;
  /** The initial state for parameters shaped like `params`. */
  init(params: ParamTree): S;
  /** Maps gradients to updates (to be added to the parameters) and returns the next state. */
  update<G extends ParamTree>(grads: G, state: S, params?: ParamTree): { updates: G; state: S };
}

/** A tree like `grads` with fn applied to each leaf; intermediates are disposed. */
function mapLeaves<G extends ParamTree>(grads: G, fn: (g: tf.Tensor, i: number) => tf.Tensor): G {
  return unflattenParams(grads, tf.tidy(() => flattenParams(grads).map(fn)));
}

/**
 * updates = −lr·g: gradient descent's step. On float64 host parameters (`step`) it moves each
 * trainable leaf in place, θ ← θ − lr·g.
 * @example const opt = scaleBy(0.1);
 */
export function scaleBy(lr: number): GradientTransform<null> & HostTransform {
  stepSize("lr", lr);
  return {
    lr,
    init: () => null,
    update(grads, state) {
      return { updates: mapLeaves(grads, (g) => tf.mul(g, -lr)), state };
    },
    step(params, grads) {
      for (const key of Object.keys(grads)) {
        const p = hostLeaf(params, key);
        const g = grads[key];
        for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
      }
    },
  };
}

/**
 * Proximal gradient descent on L(θ) + μ·Σ_j |a_j|‖w_j‖₂ (the path-norm penalty) for float64
 * two-layer parameters (W [d, m], a [m]): a gradient step in W on the smooth part, using
 * ∂‖w_j‖/∂w_j = w_j/‖w_j‖, and a proximal step in a,
 *   a_j ← soft(a_j − lr·∂L/∂a_j, lr·μ·‖w_j‖),   soft(u, τ) = sign(u)·max(|u| − τ, 0),
 * with ‖w_j‖ taken before the W update. Neurons whose a_j reaches 0 are switched off.
 * @example trainLoop({ params: p0, gradient, optimizer: proxPathNorm({ lr: 0.1, coef: 1e-3 }), steps: 100 })
 */
export function proxPathNorm(o: { lr: number; coef: number }): HostTransform {
  const lr = positive("lr", o?.lr);
  const mu = nonNegative("coef", o.coef);
  return {
    lr,
    step(params, grads) {
      const W = hostLeaf(params, "W");
      const a = hostLeaf(params, "a");
      const gW = grads.W;
      const ga = grads.a;
      if (!gW || !ga) throw new ValidationError("proxPathNorm needs the gradients of W and a (both trainable)");
      const m = a.length;
      const d = W.length / m;
      for (let j = 0; j < m; j++) {
        let nb = 0;
        for (let k = 0; k < d; k++) nb += W[k * m + j] ** 2;
        nb = Math.sqrt(nb);
        const w = nb > 0 ? (mu * Math.abs(a[j])) / nb : 0;
        for (let k = 0; k < d; k++) gW[k * m + j] += w * W[k * m + j];
        const u = a[j] - lr * ga[j];
        const tau = lr * mu * nb;
        a[j] = u > tau ? u - tau : u < -tau ? u + tau : 0;
        for (let k = 0; k < d; k++) W[k * m + j] -= lr * gW[k * m + j];
      }
    },
  };
}

/** State of {@link momentum}: the velocity v, one tensor per leaf. */
export interface MomentumState {
  velocity: tf.Tensor[];
}

/**
 * Heavy-ball momentum: v ← β·v + g, updates = v (chain with {@link scaleBy} after it).
 * @example const heavyBall = chain(momentum(0.9), scaleBy(0.01));
 */
export function momentum(beta: number): GradientTransform<MomentumState> {
  inRange("beta", beta, 0, 1);
  return {
    init: (params) => ({ velocity: flattenParams(params).map((p) => tf.keep(tf.zerosLike(p))) }),
    update(grads, state) {
      const gs = flattenParams(grads);
      if (gs.length !== state.velocity.length) {
        throw new ValidationError(`momentum: grads has ${gs.length} tensors, the state was made for ${state.velocity.length}`);
      }
      const velocity = gs.map((g, i) => tf.keep(tf.tidy(() => tf.add(tf.mul(state.velocity[i], beta), g))));
      return { updates: unflattenParams(grads, velocity), state: { velocity } };
    },
  };
}

/** State of {@link addNoise}: the number of updates made so far (the noise stream's position). */
export interface NoiseState {
  step: number;
}

/**
 * Adds Langevin noise: updates ← updates + √(2·lr·T)·ξ, ξ ~ N(0, I). After {@link scaleBy}(lr) this
 * is the Euler–Maruyama step of dθ = −∇L dt + √(2T) dB, whose stationary law is ∝ exp(−L/T).
 * The noise of step t and leaf i is drawn from the seeded stream (seed, t, i): same seed, same noise.
 * @example const opt = chain(scaleBy(0.01), addNoise({ temperature: 1e-3, lr: 0.01, seed: 0 }));
 */
export function addNoise(opts: { temperature: number; lr: number; seed: number | Rng }): GradientTransform<NoiseState> {
  const T = nonNegative("temperature", opts.temperature);
  const lr = stepSize("lr", opts.lr);
  const seed = toRng(opts.seed).seed;
  const std = Math.sqrt(2 * lr * T);
  return {
    init: () => ({ step: 0 }),
    update(grads, state) {
      const updates = mapLeaves(grads, (u, i) => {
        if (std === 0) return tf.clone(u);
        const noise = new Rng(deriveSeed(seed, "noise", state.step, i)).normalTensor(u.shape, std);
        return tf.add(u, noise);
      });
      return { updates, state: { step: state.step + 1 } };
    },
  };
}

/**
 * Decoupled weight decay on the gradient: g ← g + λ·θ (the gradient of (λ/2)‖θ‖²). Place it before
 * {@link scaleBy}.
 * @example const opt = chain(weightDecay(1e-4), scaleBy(0.1));
 */
export function weightDecay(lambda: number): GradientTransform<null> {
  nonNegative("lambda", lambda);
  return {
    init: () => null,
    update(grads, state, params) {
      if (params === undefined) throw new ValidationError("weightDecay needs the current params in update(grads, state, params)");
      const ps = flattenParams(params);
      const gs = flattenParams(grads);
      if (ps.length !== gs.length) throw new ValidationError(`weightDecay: grads has ${gs.length} tensors, params has ${ps.length}`);
      return { updates: mapLeaves(grads, (g, i) => tf.add(g, tf.mul(ps[i], lambda))), state };
    },
  };
}

/**
 * Applies transforms in sequence; the state is the list of their states. Its `lr` is the first
 * transform's `lr`.
 * @example const sgdMomentum = chain(momentum(0.9), scaleBy(0.05));
 */
export function chain(...transforms: GradientTransform[]): GradientTransform<unknown[]> {
  if (transforms.length === 0) throw new ValidationError("chain needs at least one transform");
  const lr = transforms.find((t) => t.lr !== undefined)?.lr;
  return {
    lr,
    init: (params) => transforms.map((t) => t.init(params)),
    update(grads, state, params) {
      const next: unknown[] = [];
      // Intermediate updates die with this scope; the final ones are returned to the caller's scope.
      const leaves = tf.tidy(() => {
        let u: ParamTree = grads;
        transforms.forEach((t, i) => {
          const r = t.update(u, state[i], params);
          u = r.updates;
          next.push(r.state);
        });
        return flattenParams(u);
      });
      return { updates: unflattenParams(grads, leaves), state: next };
    },
  };
}

/**
 * Gradient descent θ ← θ − lr·∇L (full batch when the training loop is given no batch size).
 * @example trainLoop({ …, optimizer: gd(0.1) })
 */
export function gd(lr: number): GradientTransform<null> & HostTransform {
  return scaleBy(lr);
}

/**
 * Stochastic gradient descent: the GD update applied to the mini-batch gradient; the training loop
 * samples the batches (`batchSize`, `replacement`).
 * @example trainLoop({ …, optimizer: sgd(0.05), batchSize: 32 })
 */
export function sgd(lr: number): GradientTransform<null> & HostTransform {
  return scaleBy(lr);
}

/**
 * Langevin dynamics (noisy GD): θ ← θ − lr·∇L + √(2·lr·T)·ξ. For small lr its iterates sample
 * ∝ exp(−L(θ)/T); on a quadratic L = (k/2)θ² the exact stationary variance is T/(k(1 − lr·k/2)).
 * @example trainLoop({ …, optimizer: langevin(0.01, 1e-3, 0) })
 */
export function langevin(lr: number, temperature: number, seed: number | Rng): GradientTransform<unknown[]> {
  return chain(scaleBy(lr), addNoise({ temperature, lr, seed }));
}

/**
 * θ + u for every leaf: applies updates to parameters (new tensors).
 * @example const next = applyUpdates(params, updates);
 */
export function applyUpdates<P extends ParamTree>(params: P, updates: ParamTree): P {
  const ps = flattenParams(params);
  const us = flattenParams(updates);
  if (ps.length !== us.length) throw new ValidationError(`updates has ${us.length} tensors, params has ${ps.length}`);
  return unflattenParams(params, ps.map((p, i) => tf.add(p, us[i])));
}

function stateTensors(s: unknown, out: Set<tf.Tensor>): Set<tf.Tensor> {
  if (s instanceof tf.Tensor) out.add(s);
  else if (Array.isArray(s)) for (const x of s) stateTensors(x, out);
  else if (s !== null && typeof s === "object") for (const x of Object.values(s)) stateTensors(x, out);
  return out;
}

/**
 * Disposes the tensors of `oldState` that `newState` no longer holds (call after each update when
 * driving a transform by hand); with `newState` omitted, disposes all of `oldState`.
 * @example const r = opt.update(g, s, p); disposeStaleState(s, r.state); s = r.state;
 */
export function disposeStaleState(oldState: unknown, newState?: unknown): void {
  const keep = stateTensors(newState, new Set());
  for (const t of stateTensors(oldState, new Set())) if (!keep.has(t) && !t.isDisposed) t.dispose();
}


/** State of {@link scaleByAdam}: the step count and the two moment estimates, one tensor per leaf. */
export interface AdamState {
  count: number;
  mu: tf.Tensor[];
  nu: tf.Tensor[];
}

/**
 * Adam's rescaling (Kingma & Ba 2015): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and
 * updates = m̂/(√v̂ + ε) with the bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). Chain with
 * {@link scaleBy} after it (or use {@link adam}).
 * @example const opt = chain(scaleByAdam(0.9, 0.999), scaleBy(1e-3));
 */
export function scaleByAdam(b1 = 0.9, b2 = 0.999, eps = 1e-8): GradientTransform<AdamState> {
  inRange("b1", b1, 0, 1);
  inRange("b2", b2, 0, 1);
  nonNegative("eps", eps);
  return {
    init: (params) => {
      const zeros = () => flattenParams(params).map((p) => tf.keep(tf.zerosLike(p)));
      return { count: 0, mu: zeros(), nu: zeros() };
    },
    update(grads, state) {
      const gs = flattenParams(grads);
      if (gs.length !== state.mu.length) {
        throw new ValidationError(`scaleByAdam: grads has ${gs.length} tensors, the state was made for ${state.mu.length}`);
      }
      const count = state.count + 1;
      const c1 = 1 - b1 ** count;
      const c2 = 1 - b2 ** count;
      const mu = gs.map((g, i) => tf.keep(tf.tidy(() => tf.add(tf.mul(state.mu[i], b1), tf.mul(g, 1 - b1)))));
      const nu = gs.map((g, i) => tf.keep(tf.tidy(() => tf.add(tf.mul(state.nu[i], b2), tf.mul(tf.square(g), 1 - b2)))));
      const updates = tf.tidy(() => mu.map((m, i) => tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(nu[i], c2)), eps))));
      return { updates: unflattenParams(grads, updates), state: { count, mu, nu } };
    },
  };
}

/**
 * Adam with step size lr: chain(scaleByAdam(b1, b2), scaleBy(lr)).
 * @example trainLoop({ …, optimizer: adam(1e-3), batchSize: 256 })
 */
export function adam(lr: number, b1 = 0.9, b2 = 0.999): GradientTransform<unknown[]> {
  return chain(scaleByAdam(b1, b2), scaleBy(lr));
}
