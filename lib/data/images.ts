/**
 * Image preprocessing: block-average pooling and standardisation of flattened square images.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { finiteArray, integer } from "../runtime/validate";

/**
 * Down-samples square images by averaging non-overlapping pool×pool blocks (side must be divisible
 * by pool), then optionally centres each feature over the samples and rescales so that the mean
 * squared norm of an input is 1: x ← (x − x̄)/√(mean_i ‖x_i − x̄‖²).
 * E.g. 28×28 Fashion-MNIST with pool 4 → 7×7 = 49 features.
 * @example const X = poolImages(data.pixels, data.n, 28, 4, { standardize: true }); // [n, 49]
 */
export function poolImages(pixels: ArrayLike<number>, n: number, side: number, pool: number, opts: { standardize?: boolean } = {}): tf.Tensor2D {
  integer("n", n, 1);
  integer("side", side, 1);
  integer("pool", pool, 1);
  if (side % pool !== 0) throw new ValidationError(`side (${side}) must be divisible by pool (${pool})`);
  if (pixels.length !== n * side * side) throw new ValidationError(`pixels must have n·side² = ${n * side * side} entries, got ${pixels.length}`);
  finiteArray("pixels", pixels, side * side);
  const s = side / pool;
  const d = s * s;
  const out = new Float64Array(n * d);
  const w = 1 / (pool * pool);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) out[i * d + Math.floor(r / pool) * s + Math.floor(c / pool)] += pixels[i * side * side + r * side + c] * w;
    }
  }
  if (opts.standardize) {
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += out[i * d + j] / n;
    let ss = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) {
      out[i * d + j] -= mean[j];
      ss += out[i * d + j] ** 2;
    }
    const scale = ss > 0 ? Math.sqrt(n / ss) : 1;
    for (let t = 0; t < out.length; t++) out[t] *= scale;
  }
  return tf.tensor2d(Float32Array.from(out), [n, d]);
}
