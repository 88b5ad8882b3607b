/**
 * The spherical 3-spin function with Gaussian couplings.
 */
import * as tf from "@tensorflow/tfjs";
import { toRng, type Rng } from "../runtime/rng";
import { integer, positive } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";
import { defineTarget, type TargetFunction } from "./targets";

/** Largest d accepted by {@link spin3Target} (d³ couplings). */
export const MAX_SPIN3_DIM = 100;

/**
 * Spherical 3-spin function f(x) = (1/Z)·Σ_{i,j,k} J_ijk x_i x_j x_k with independent J_ijk ~ N(0, 1)
 * drawn from `seed`. Over the draw of J, Var f(x) = ‖x‖⁶ / Z², so with the default Z = 1 the value
 * at a point of the unit sphere S^{d−1} has unit variance; for points of the sphere of radius √d use
 * Z = d^{3/2}. J is stored flat with index (i·d + j)·d + k.
 * @example const t = spin3Target({ d: 20, seed: 0 }); t.f(sampleSphere({ n: 100, d: 20, seed: 1 }))
 */
export function spin3Target(o: { d: number; seed: number | Rng; normalization?: number }): TargetFunction & { J: Float64Array; normalization: number } {
  const d = integer("d", o.d, 1);
  if (d > MAX_SPIN3_DIM) throw new ValidationError(`d must be ≤ ${MAX_SPIN3_DIM} for the 3-spin target (d³ couplings), got ${d}`);
  if (o.seed === undefined) throw new ValidationError("spin3Target needs a seed to draw the couplings J");
  const Z = positive("normalization", o.normalization ?? 1);
  const J = toRng(o.seed).normals(d * d * d);
  const t = defineTarget(
    "spherical 3-spin",
    `f(x) = Σ_{ijk} J_ijk x_i x_j x_k / ${Z}`,
    d,
    (X) => {
      const n = X.shape[0];
      // Y[n, (j,k)] = Σ_i x_i J_ijk, then f = Σ_{jk} Y ⊙ (x_j x_k): two large ops, no transposes.
      const Y = tf.matMul(X, tf.tensor2d(Float32Array.from(J), [d, d * d]));
      const outer = tf.reshape(tf.mul(tf.reshape(X, [n, d, 1]), tf.reshape(X, [n, 1, d])), [n, d * d]);
      return tf.div(tf.sum(tf.mul(Y, outer), 1), Z);
    },
    (x) => {
      let s = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const xij = x[i] * x[j];
          let inner = 0;
          for (let k = 0; k < d; k++) inner += J[(i * d + j) * d + k] * x[k];
          s += xij * inner;
        }
      }
      return s / Z;
    },
  );
  return { ...t, J, normalization: Z };
}
