/**
 * Hessian-vector products and full Hessians of a scalar loss of a list of parameter tensors, by
 * reverse-over-reverse differentiation: H v = ∇_θ (∇_θ L(θ) · v). tfjs has no forward mode, and its
 * built-in tanh/sigmoid have wrong second derivatives: use the vetted activations of the models layer.
 */
import * as tf from "@tensorflow/tfjs";
import "../runtime/matmulGrad";
import { ValidationError } from "../runtime/errors";
import { finiteTensor } from "../runtime/validate";

/** A scalar loss of a list of parameter tensors. */
export type ParamLossFn = (params: tf.Tensor[]) => tf.Scalar;

function checkParams(params: tf.Tensor[]): void {
  if (!Array.isArray(params) || params.length === 0) throw new ValidationError("params must be a non-empty array of tensors");
}

/**
 * Total number of scalar parameters P = Σ size of each tensor.
 * @example flatParamCount([W, a]) // d·m + m for W [d, m] and a [m]
 */
export function flatParamCount(params: tf.Tensor[]): number {
  return params.reduce((s, p) => s + p.size, 0);
}

/**
 * Concatenates the values of the tensors (each in row-major order) into one float64 vector.
 * @example flattenToFloat64([W, a]) // Float64Array of length d·m + m
 */
export function flattenToFloat64(tensors: tf.Tensor[]): Float64Array {
  const out = new Float64Array(flatParamCount(tensors));
  let off = 0;
  for (const t of tensors) {
    out.set(t.dataSync() as Float32Array, off);
    off += t.size;
  }
  return out;
}

/**
 * Splits a flat vector into float32 tensors shaped like `like` (the inverse of {@link flattenToFloat64});
 * `v.length` must equal {@link flatParamCount}(like). The caller owns (and disposes) the returned tensors.
 * @example
 * const [vW, va] = unflattenLike(eigenvector, [W, a]); // shaped [d, m] and [m]
 * tf.dispose([vW, va]);
 */
export function unflattenLike(v: ArrayLike<number>, like: tf.Tensor[]): tf.Tensor[] {
  const P = flatParamCount(like);
  if (v.length !== P) throw new ValidationError(`vector length must equal the parameter count ${P}, got ${v.length}`);
  let off = 0;
  return like.map((p) => {
    const part = new Float32Array(p.size);
    for (let i = 0; i < p.size; i++) part[i] = v[off + i];
    off += p.size;
    return tf.tensor(part, p.shape, "float32");
  });
}

/**
 * Hessian-vector product H v with H = ∇²_θ L(θ), as ∇_θ ⟨∇_θ L(θ), v⟩ (two reverse passes).
 * Returns tensors shaped like `params`; intermediates are disposed.
 * @param lossFn L(θ) as a function of the parameter list
 * @param params θ (not modified)
 * @param v direction, one tensor per parameter with the same shapes
 * @example
 * const Hv = hvp(([W, a]) => loss(W, a), [W, a], [vW, va]);
 */
export function hvp(lossFn: ParamLossFn, params: tf.Tensor[], v: tf.Tensor[]): tf.Tensor[] {
  checkParams(params);
  if (v.length !== params.length) throw new ValidationError(`v must have one tensor per parameter (${params.length}), got ${v.length}`);
  params.forEach((p, i) => {
    if (v[i].shape.join(",") !== p.shape.join(",")) {
      throw new ValidationError(`v[${i}] must have shape [${p.shape.join(", ")}] like params[${i}], got [${v[i].shape.join(", ")}]`);
    }
  });
  return tf.tidy(() => {
    const gradDotV = (...ps: tf.Tensor[]): tf.Scalar => {
      const g = tf.grads((...qs: tf.Tensor[]) => lossFn(qs))(ps);
      return tf.addN(g.map((gi, i) => tf.sum(tf.mul(gi, v[i])))) as tf.Scalar;
    };
    return tf.grads(gradDotV)(params);
  });
}

/**
 * H v for a flat float64 direction: unflattens, calls {@link hvp}, flattens. Convenient for Lanczos.
 * @example const Hv = hvpFlat(lossFn, params, v); // Float64Array of length P
 */
export function hvpFlat(lossFn: ParamLossFn, params: tf.Tensor[], v: ArrayLike<number>): Float64Array {
  const vt = unflattenLike(v, params);
  try {
    const out = hvp(lossFn, params, vt);
    const flat = flattenToFloat64(out);
    tf.dispose(out);
    return flat;
  } finally {
    tf.dispose(vt);
  }
}

/**
 * The full Hessian ∇²L(θ) as a row-major float64 [P, P] matrix, column by column with P Hessian-vector
 * products on the unit vectors, then symmetrised, (H + Hᵀ)/2. For small problems (P up to a few hundred).
 * @example
 * const H = fullHessian(lossFn, params); const { values } = symEig(H, flatParamCount(params));
 */
export function fullHessian(lossFn: ParamLossFn, params: tf.Tensor[]): Float64Array {
  checkParams(params);
  params.forEach((p, i) => finiteTensor(`params[${i}]`, p)); // once, not per column
  const P = flatParamCount(params);
  const H = new Float64Array(P * P);
  const e = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    e[j] = 1;
    const col = hvpFlat(lossFn, params, e);
    e[j] = 0;
    for (let i = 0; i < P; i++) H[i * P + j] = col[i];
  }
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) {
    const s = 0.5 * (H[i * P + j] + H[j * P + i]);
    H[i * P + j] = s;
    H[j * P + i] = s;
  }
  return H;
}
