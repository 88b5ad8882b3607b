/**
 * Parameter containers as trees of tensors (records and arrays nested to any depth, tensors at the
 * leaves), in the spirit of JAX pytrees. Analysis code (Hessian-vector products, Lanczos) and the
 * optimizers work on the flat list of leaves; these helpers go back and forth. Leaves are ordered
 * canonically: record keys sorted, arrays in index order.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";

/**
 * A tensor, or a record / array of parameter trees (e.g. {@link TwoLayerParams}, {@link MlpParams}).
 * Typed as `object` so that interfaces without an index signature qualify; the helpers check at run
 * time that every leaf is a tensor (undefined record entries are skipped).
 */
export type ParamTree = tf.Tensor | readonly ParamTree[] | object;

function isTensor(p: unknown): p is tf.Tensor {
  return p instanceof tf.Tensor;
}

function walk(p: ParamTree, path: string, visit: (t: tf.Tensor, path: string) => void): void {
  if (isTensor(p)) {
    visit(p, path);
  } else if (Array.isArray(p)) {
    (p as readonly ParamTree[]).forEach((q, i) => walk(q, path === "" ? String(i) : `${path}.${i}`, visit));
  } else if (p !== null && typeof p === "object") {
    const rec = p as { readonly [key: string]: unknown };
    for (const k of Object.keys(rec).sort()) {
      const q = rec[k];
      if (q !== undefined) walk(q as ParamTree, path === "" ? k : `${path}.${k}`, visit);
    }
  } else {
    throw new ValidationError(`params must be a tensor or a record/array of tensors, found ${String(p)} at "${path}"`);
  }
}

/**
 * The leaves of a parameter tree, in canonical order.
 * @example flattenParams({ W, a }) // [W, a]
 */
export function flattenParams(params: ParamTree): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  walk(params, "", (t) => out.push(t));
  return out;
}

/**
 * Dotted paths of the leaves, in the order of {@link flattenParams}.
 * @example paramPaths({ weights: [W0, W1], biases: [b0, b1] }) // ["biases.0", "biases.1", "weights.0", "weights.1"]
 */
export function paramPaths(params: ParamTree): string[] {
  const out: string[] = [];
  walk(params, "", (_t, p) => out.push(p));
  return out;
}

/**
 * Rebuilds a tree shaped like `template` from a list of leaves (inverse of {@link flattenParams}).
 * @example const p2 = unflattenParams(params, flattenParams(params).map((t) => t.mul(2)));
 */
export function unflattenParams<P extends ParamTree>(template: P, leaves: readonly tf.Tensor[]): P {
  let i = 0;
  const build = (p: ParamTree): ParamTree => {
    if (isTensor(p)) {
      if (i >= leaves.length) throw new ValidationError(`leaves has ${leaves.length} tensors, the template needs more`);
      const leaf = leaves[i++];
      if (leaf.shape.length !== p.shape.length || leaf.shape.some((s, k) => s !== p.shape[k])) {
        throw new ValidationError(`leaf ${i - 1} has shape [${leaf.shape}], the template expects [${p.shape}]`);
      }
      return leaf;
    }
    if (Array.isArray(p)) return (p as readonly ParamTree[]).map(build);
    const rec = p as { readonly [key: string]: unknown };
    const out: { [key: string]: ParamTree } = {};
    for (const k of Object.keys(rec).sort()) {
      const q = rec[k];
      if (q !== undefined) out[k] = build(q as ParamTree);
    }
    return out;
  };
  const out = build(template);
  if (i !== leaves.length) throw new ValidationError(`leaves has ${leaves.length} tensors, the template has ${i}`);
  return out as P;
}

/**
 * Applies `fn` to every leaf (with its dotted path) and returns a tree of the same shape.
 * @example const zeros = mapParams(params, (t) => tf.zerosLike(t));
 */
export function mapParams<P extends ParamTree>(params: P, fn: (t: tf.Tensor, path: string) => tf.Tensor): P {
  const paths = paramPaths(params);
  return unflattenParams(params, flattenParams(params).map((t, k) => fn(t, paths[k])));
}

/**
 * All leaves concatenated into one vector θ ∈ R^P (in the order of {@link flattenParams}).
 * @example const theta = paramsToVector({ W, a }); // length d·m + m
 */
export function paramsToVector(params: ParamTree): tf.Tensor1D {
  return tf.tidy(() => tf.concat(flattenParams(params).map((t) => tf.reshape(t, [-1])), 0) as tf.Tensor1D);
}

/**
 * Splits a vector θ back into a tree shaped like `template` (inverse of {@link paramsToVector}).
 * @example const p = vectorToParams(params, theta);
 */
export function vectorToParams<P extends ParamTree>(template: P, theta: tf.Tensor): P {
  const leaves = flattenParams(template);
  const total = leaves.reduce((s, t) => s + t.size, 0);
  if (theta.rank !== 1 || theta.size !== total) {
    throw new ValidationError(`theta must be a vector of length ${total}, got shape [${theta.shape}]`);
  }
  const parts = tf.split(theta, leaves.map((t) => t.size));
  const shaped = parts.map((p, k) => {
    const r = tf.reshape(p, leaves[k].shape);
    p.dispose();
    return r;
  });
  return unflattenParams(template, shaped);
}

/** Number of scalar parameters. @example countParams({ W, a }) // d·m + m */
export function countParams(params: ParamTree): number {
  return flattenParams(params).reduce((s, t) => s + t.size, 0);
}

/** Disposes every tensor of the tree. @example disposeParams(result.params) */
export function disposeParams(params: ParamTree): void {
  for (const t of flattenParams(params)) t.dispose();
}

/** A deep copy (new tensors). @example const p0 = cloneParams(params); */
export function cloneParams<P extends ParamTree>(params: P): P {
  return mapParams(params, (t) => tf.clone(t));
}

/**
 * The Euclidean distance ‖θ₁ − θ₂‖₂ of two parameter trees of the same shapes, summed on the host in
 * float64 (the difference of two nearby float32 runs is far below what a float32 sum of tensors can
 * resolve).
 * @example paramDistance(paramsAfter, paramsBefore) // ‖θ_t − θ₀‖
 */
export function paramDistance(theta1: ParamTree, theta2: ParamTree): number {
  const a = flattenParams(theta1);
  const b = flattenParams(theta2);
  if (a.length !== b.length || a.some((t, i) => t.shape.join(",") !== b[i].shape.join(","))) {
    throw new ValidationError("theta1 and theta2 must have the same structure and shapes", { argument: "theta2" });
  }
  let d2 = 0;
  a.forEach((t, k) => {
    const u = t.dataSync();
    const w = b[k].dataSync();
    for (let i = 0; i < u.length; i++) d2 += (u[i] - w[i]) ** 2;
  });
  return Math.sqrt(d2);
}
