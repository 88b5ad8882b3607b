/**
 * Target functions f*: R^d → R for teacher–student experiments. Every target carries its
 * parameters as float64 host arrays; `f(X)` builds the few tensors it needs inside tf.tidy and
 * returns a new float32 tf.Tensor1D [n] (the caller disposes it), `fScalar(x)` evaluates one point in
 * float64. Targets hold no tensors, so there is nothing to dispose.
 */
import * as tf from "@tensorflow/tfjs";
import { toRng, type Rng } from "../runtime/rng";
import { finite, hostPoints, integer, positive, shape } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";
import { sampleSphereArray, type HostPoints } from "./samplers";
import { targetLink, type LinkName, type ScalarLink } from "../models/links";

/** A target function with a tensor form and a float64 form. */
export interface TargetFunction {
  /** Short name for legends and the ledger, e.g. "teacher relu neuron". */
  name: string;
  /** The formula, in words a student reads. */
  formula: string;
  /** Input dimension. */
  d: number;
  /** f on the rows of X [n, d]: a new float32 tensor [n] owned by the caller. */
  f(X: tf.Tensor2D): tf.Tensor1D;
  /** f at one point, in float64. */
  fScalar(x: ArrayLike<number>): number;
}

/**
 * f evaluated in float64 on each row of host points: out_i = f(x_i) via `target.fScalar`
 * (a reference for the float32 tensor form `target.f`). `points.d` must equal `target.d`.
 * @example evaluateTargetArray(normTarget({ d: 3 }), sampleSphereArray({ n: 100, d: 3, seed: 0 })) // 100 values ≈ 1
 */
export function evaluateTargetArray(target: TargetFunction, points: HostPoints): Float64Array {
  if (points.d !== target.d) throw new ValidationError(`points have d = ${points.d}, the target expects d = ${target.d}`);
  hostPoints("points", points);
  const out = new Float64Array(points.n);
  for (let i = 0; i < points.n; i++) out[i] = target.fScalar(points.data.subarray(i * points.d, (i + 1) * points.d));
  return out;
}

/** Validates a float64 vector argument of length `len`. */
function hostVector(name: string, v: ArrayLike<number>, len: number): Float64Array {
  if (!v || typeof v.length !== "number") throw new ValidationError(`${name} must be an array of ${len} numbers`);
  if (v.length !== len) throw new ValidationError(`${name} must have length ${len}, got ${v.length}`);
  const out = Float64Array.from(v);
  out.forEach((x, i) => finite(`${name}[${i}]`, x));
  return out;
}

/**
 * Builds a {@link TargetFunction} from a tensor form and a float64 form. `f` may create
 * intermediates freely (it runs inside tf.tidy); its result is reshaped to [n].
 * @example
 * const t = defineTarget("x₀²", "f(x) = x₀²", 3, (X) => tf.square(tf.slice(X, [0, 0], [-1, 1])), (x) => x[0] ** 2);
 */
export function defineTarget(
  name: string,
  formula: string,
  d: number,
  f: (X: tf.Tensor2D) => tf.Tensor,
  fScalar: (x: ArrayLike<number>) => number,
): TargetFunction {
  return {
    name,
    formula,
    d,
    f: (X) => {
      shape("X", X.shape, [null, d]);
      return tf.tidy(() => tf.reshape(f(X), [X.shape[0]])) as tf.Tensor1D;
    },
    fScalar: (x) => {
      if (!x || x.length !== d) throw new ValidationError(`x must have length ${d}, got ${x ? x.length : String(x)}`);
      return fScalar(x);
    },
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>, offB = 0, strideB = 1): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[offB + i * strideB];
  return s;
}

/** A random unit direction in R^d (uniform on the sphere), from `seed`. */
function unitDirection(d: number, seed: number | Rng): Float64Array {
  return sampleSphereArray({ n: 1, d, seed }).data;
}

/** Parameters of a finite network f(x) = Σ_k c_k σ(w_k·x + b_k); W is [d, m] row-major (column k is w_k). */
export interface NeuronSumParams {
  W: Float64Array;
  b: Float64Array;
  c: Float64Array;
  m: number;
}

/** A neuron-sum target and its parameters. */
export type NeuronSumTarget = TargetFunction & NeuronSumParams & { activation: ScalarLink };

/**
 * Sum of neurons f(x) = Σ_k c_k σ(w_k·x + b_k). Without W, the w_k are independent uniform unit
 * vectors drawn from `seed`; defaults b_k = 0 and c_k = 1/m.
 * @example
 * const t = neuronSumTarget({ d: 10, m: 5, seed: 0 });
 * const y = t.f(X); // [n]
 */
export function neuronSumTarget(o: {
  d: number;
  m: number;
  W?: ArrayLike<number>;
  b?: ArrayLike<number>;
  c?: ArrayLike<number>;
  activation?: LinkName | ScalarLink;
  seed?: number | Rng;
  name?: string;
}): NeuronSumTarget {
  const d = integer("d", o.d, 1);
  const m = integer("m", o.m, 1);
  const act = targetLink(o.activation ?? "relu");
  let W: Float64Array;
  if (o.W !== undefined) W = hostVector("W (row-major [d, m])", o.W, d * m);
  else {
    if (o.seed === undefined) throw new ValidationError("neuronSumTarget needs W or a seed to draw W");
    const rng = toRng(o.seed);
    W = new Float64Array(d * m);
    for (let k = 0; k < m; k++) {
      const w = unitDirection(d, rng);
      for (let j = 0; j < d; j++) W[j * m + k] = w[j];
    }
  }
  const b = o.b !== undefined ? hostVector("b", o.b, m) : new Float64Array(m);
  const c = o.c !== undefined ? hostVector("c", o.c, m) : new Float64Array(m).fill(1 / m);
  const target = defineTarget(
    o.name ?? `sum of ${m} ${act.name} neurons`,
    `f(x) = Σ_{k=1}^{${m}} c_k ${act.name}(w_k·x + b_k)`,
    d,
    (X) => {
      const Z = tf.add(tf.matMul(X, tf.tensor2d(Float32Array.from(W), [d, m])), tf.tensor1d(Float32Array.from(b)));
      return tf.matMul(act.apply(Z), tf.tensor2d(Float32Array.from(c), [m, 1]));
    },
    (x) => {
      let s = 0;
      for (let k = 0; k < m; k++) s += c[k] * act.scalar(dot(x, W, k, m) + b[k]);
      return s;
    },
  );
  return { ...target, W, b, c, m, activation: act };
}

/**
 * Teacher neuron f(x) = c·σ(w*·x + b). Without w, w* is a uniform unit vector drawn from `seed`.
 * @example const t = teacherNeuronTarget({ d: 20, seed: 1 }); // relu(w*·x), ‖w*‖ = 1
 */
export function teacherNeuronTarget(o: {
  d: number;
  w?: ArrayLike<number>;
  b?: number;
  c?: number;
  activation?: LinkName | ScalarLink;
  seed?: number | Rng;
}): NeuronSumTarget & { w: Float64Array } {
  const d = integer("d", o.d, 1);
  if (o.w === undefined && o.seed === undefined) throw new ValidationError("teacherNeuronTarget needs w or a seed to draw w");
  const w = o.w !== undefined ? hostVector("w", o.w, d) : unitDirection(d, o.seed!);
  const t = neuronSumTarget({
    d,
    m: 1,
    W: w,
    b: [finite("b", o.b ?? 0)],
    c: [finite("c", o.c ?? 1)],
    activation: o.activation,
    name: `teacher ${targetLink(o.activation ?? "relu").name} neuron`,
  });
  return { ...t, formula: `f(x) = c·${t.activation.name}(w*·x + b)`, w };
}

/**
 * Barron target with a known finite representation f(x) = Σ_k c_k relu(w_k·x + b_k) and its
 * Barron-norm bound ‖f‖_B ≤ Σ_k |c_k|(‖w_k‖₁ + |b_k|).
 *
 * Definition used (E, Ma & Wu, "Barron spaces and the compositional function spaces for neural
 * network models", 2019): for f(x) = E_{(a,w,b)∼ρ}[a·relu(w·x + b)] on X = [0,1]^d (inputs
 * measured in ‖·‖_∞, so weights in the dual ‖·‖₁),
 * ‖f‖_B = inf_ρ E_ρ[|a|(‖w‖₁ + |b|)], the infimum over all ρ representing f (for relu the B_p norms
 * agree for every p ≥ 1). The finite sum is the representation with ρ uniform on the m atoms
 * (a, w, b) = (m·c_k, w_k, b_k), so Σ|c_k|(‖w_k‖₁ + |b_k|) is an upper bound on ‖f‖_B.
 *
 * Defaults when W is absent: w_k uniform unit vectors, b_k uniform on [−1, 1], c_k = ±1/m with
 * random signs, all from `seed`.
 * @example
 * const t = barronTarget({ d: 5, m: 20, seed: 0 });
 * t.barronNormBound; // Σ|c_k|(‖w_k‖₁ + |b_k|)
 */
export function barronTarget(o: {
  d: number;
  m: number;
  W?: ArrayLike<number>;
  b?: ArrayLike<number>;
  c?: ArrayLike<number>;
  seed?: number | Rng;
}): NeuronSumTarget & { barronNormBound: number } {
  const d = integer("d", o.d, 1);
  const m = integer("m", o.m, 1);
  let { b, c } = o;
  if (o.W === undefined) {
    if (o.seed === undefined) throw new ValidationError("barronTarget needs W or a seed to draw W");
    const rng = toRng(o.seed);
    const bias = rng.child("b");
    const sign = rng.child("c");
    b ??= bias.uniforms(m, -1, 1);
    c ??= Float64Array.from({ length: m }, () => (sign.uniform() < 0.5 ? -1 : 1) / m);
  }
  const t = neuronSumTarget({ d, m, W: o.W, b, c, activation: "relu", seed: o.W === undefined ? toRng(o.seed!).child("W") : undefined, name: `Barron target (${m} relu atoms)` });
  let bound = 0;
  for (let k = 0; k < m; k++) {
    let l1 = Math.abs(t.b[k]);
    for (let j = 0; j < d; j++) l1 += Math.abs(t.W[j * m + k]);
    bound += Math.abs(t.c[k]) * l1;
  }
  return { ...t, formula: "f(x) = Σ_k c_k relu(w_k·x + b_k), ‖f‖_B ≤ Σ_k |c_k|(‖w_k‖₁ + |b_k|)", barronNormBound: bound };
}

/**
 * Single-index target f(x) = σ*(⟨β*, x⟩), β* a uniform unit vector from `seed` unless given.
 * @example const t = singleIndexTarget({ d: 30, link: "he3", seed: 2 }); // information exponent 3
 */
export function singleIndexTarget(o: { d: number; link: LinkName | ScalarLink; beta?: ArrayLike<number>; seed?: number | Rng }): TargetFunction & { beta: Float64Array; link: ScalarLink } {
  const d = integer("d", o.d, 1);
  const link = targetLink(o.link, "link");
  if (o.beta === undefined && o.seed === undefined) throw new ValidationError("singleIndexTarget needs beta or a seed to draw beta");
  const beta = o.beta !== undefined ? hostVector("beta", o.beta, d) : unitDirection(d, o.seed!);
  const t = defineTarget(
    `single-index ${link.name}`,
    `f(x) = ${link.name}(⟨β*, x⟩)`,
    d,
    (X) => link.apply(tf.matMul(X, tf.tensor2d(Float32Array.from(beta), [d, 1]))),
    (x) => link.scalar(dot(x, beta)),
  );
  return { ...t, beta, link };
}

/**
 * Cosine neuron f(x) = cos(w·x). Without w, w = frequency·u with u a uniform unit vector from `seed`
 * (default frequency 1); a large ‖w‖ makes the target oscillate fast.
 * @example const t = cosineNeuronTarget({ d: 10, frequency: 5, seed: 0 });
 */
export function cosineNeuronTarget(o: { d: number; w?: ArrayLike<number>; frequency?: number; seed?: number | Rng }): TargetFunction & { w: Float64Array } {
  const d = integer("d", o.d, 1);
  let w: Float64Array;
  if (o.w !== undefined) w = hostVector("w", o.w, d);
  else {
    if (o.seed === undefined) throw new ValidationError("cosineNeuronTarget needs w or a seed to draw w");
    const fr = positive("frequency", o.frequency ?? 1);
    w = unitDirection(d, o.seed).map((v) => v * fr);
  }
  const t = defineTarget("cosine neuron", "f(x) = cos(w·x)", d, (X) => tf.cos(tf.matMul(X, tf.tensor2d(Float32Array.from(w), [d, 1]))), (x) => Math.cos(dot(x, w)));
  return { ...t, w };
}

/**
 * Euclidean norm f(x) = ‖x‖₂: a Barron function (it is an average of relu(w·x) over directions w on
 * the sphere; E & Wojtowytsch, "Representation formulas and pointwise properties for Barron functions", 2020).
 * @example normTarget({ d: 3 }).fScalar([3, 4, 0]) // 5
 */
export function normTarget(o: { d: number }): TargetFunction {
  const d = integer("d", o.d, 1);
  return defineTarget("‖x‖", "f(x) = ‖x‖₂", d, (X) => tf.sqrt(tf.sum(tf.square(X), 1)), (x) => Math.sqrt(dot(x, x)));
}

/**
 * Distance to the sphere f(x) = dist(x, rS^{d−1}) = |‖x‖₂ − r| (default r = 1). Not a Barron function
 * for d ≥ 2: Barron functions are differentiable off a countable union of affine hyperplanes, and
 * this one has a kink along the whole sphere (E & Wojtowytsch 2020).
 * @example sphereDistanceTarget({ d: 2 }).fScalar([0, 3]) // 2
 */
export function sphereDistanceTarget(o: { d: number; radius?: number }): TargetFunction {
  const d = integer("d", o.d, 1);
  const r = positive("radius", o.radius ?? 1);
  return defineTarget(
    "dist(x, sphere)",
    `f(x) = |‖x‖₂ − ${r}|`,
    d,
    (X) => tf.abs(tf.sub(tf.sqrt(tf.sum(tf.square(X), 1)), r)),
    (x) => Math.abs(Math.sqrt(dot(x, x)) - r),
  );
}
