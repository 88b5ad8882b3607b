/**
 * Empirical Gram (neural tangent kernel) matrices K_ij = ∇_θ f(x_i)·∇_θ f(x_j) of any model, from
 * per-example gradients ({@link empiricalNtk}): the oracle for the two-layer family's closed form
 * (models' twoLayerGram).
 */
import * as tf from "@tensorflow/tfjs";
import "../runtime/matmulGrad";
import { ValidationError } from "../runtime/errors";
import { dataTensor, finiteTensor } from "../runtime/validate";
import { flatParamCount } from "./hessian";

/** A network output as a function of its parameter list: X [n, d] → [n] or [n, 1]. */
export type ParamApplyFn = (params: tf.Tensor[], X: tf.Tensor2D) => tf.Tensor;

/**
 * Per-example output gradients J [n, P] (row i = ∇_θ f(x_i), parameters flattened in order), one
 * reverse pass per example, copied to the host in float64.
 * @example const J = perExampleGradients((p, X) => apply(p, X), [W, a], X);
 */
export function perExampleGradients(applyFn: ParamApplyFn, params: tf.Tensor[], X: tf.Tensor2D): Float64Array {
  if (X.rank !== 2) throw new ValidationError(`X must be a matrix [n, d], got rank ${X.rank}`);
  const [n, d] = X.shape;
  dataTensor("X", X);
  params.forEach((p, i) => finiteTensor(`params[${i}]`, p));
  const P = flatParamCount(params);
  const J = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    const row = tf.tidy(() => {
      const xi = tf.slice(X, [i, 0], [1, d]);
      const g = tf.grads((...ps: tf.Tensor[]) => {
        const out = applyFn(ps, xi);
        if (out.size !== 1) throw new ValidationError(`applyFn must return one output per example, got shape [${out.shape.join(", ")}] for one example`);
        return tf.sum(out) as tf.Scalar;
      })(params);
      return tf.concat(g.map((t) => tf.reshape(t, [-1])));
    });
    J.set(row.dataSync() as Float32Array, i * P);
    row.dispose();
  }
  return J;
}

/**
 * Generic empirical NTK K_ij = ∇_θ f(x_i)·∇_θ f(x_j) from per-example gradients
 * ({@link perExampleGradients}), the products taken in float64; returns an [n, n] tensor, or the cross
 * kernel [n, n2] when X2 is given. For small n
 * (n reverse passes); the oracle for the models' closed-form twoLayerGram.
 * @example const K = empiricalNtk(([W, a], X) => twoLayerApply(W, a, X), [W, a], X);
 */
export function empiricalNtk(applyFn: ParamApplyFn, params: tf.Tensor[], X: tf.Tensor2D, X2?: tf.Tensor2D): tf.Tensor2D {
  if (X2) dataTensor("X2", X2, 2);
  const J = perExampleGradients(applyFn, params, X);
  const J2 = X2 ? perExampleGradients(applyFn, params, X2) : J;
  const n = X.shape[0];
  const n2 = X2 ? X2.shape[0] : n;
  const P = flatParamCount(params);
  const K = new Float64Array(n * n2);
  for (let i = 0; i < n; i++) for (let j = 0; j < n2; j++) {
    let s = 0;
    for (let t = 0; t < P; t++) s += J[i * P + t] * J2[j * P + t];
    K[i * n2 + j] = s;
  }
  return tf.tensor2d(Float32Array.from(K), [n, n2]);
}
