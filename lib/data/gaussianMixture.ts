/**
 * Gaussian mixtures: a labelled classification data set drawn from one (the edge-of-stability
 * protocol's synthetic data).
 */
import * as tf from "@tensorflow/tfjs";
import { toRng, type Rng } from "../runtime/rng";
import { integer, positive } from "../runtime/validate";

/** A labelled classification data set as host arrays plus tensors. */
export interface ClassificationData {
  n: number;
  d: number;
  classes: number;
  /** Inputs [n, d] (caller disposes). */
  X: tf.Tensor2D;
  /** One-hot targets [n, classes] (caller disposes). */
  y: tf.Tensor2D;
  /** Class of each sample. */
  labels: Int32Array;
}

/**
 * Synthetic Gaussian mixture: class means μ_c ~ N(0, meanStd²·I_d) (c = 0 … classes − 1), then
 * x_i = μ_{c_i} + noiseStd·ξ_i with balanced classes c_i = i mod classes and one-hot targets.
 * The edge-of-stability protocol uses d = 50, 10 classes, meanStd = 0.3, noiseStd = 1.
 * @example const data = gaussianMixtureClassification({ n: 1000, d: 50, classes: 10, seed: 0 });
 */
export function gaussianMixtureClassification(o: {
  n: number;
  d: number;
  classes: number;
  meanStd?: number;
  noiseStd?: number;
  seed?: number | Rng;
}): ClassificationData {
  const n = integer("n", o.n, 1);
  const d = integer("d", o.d, 1);
  const k = integer("classes", o.classes, 2);
  const meanStd = positive("meanStd", o.meanStd ?? 0.3);
  const noiseStd = positive("noiseStd", o.noiseStd ?? 1);
  const rng = toRng(o.seed ?? 0);
  const mu = rng.child("means").normals(k * d, 0, meanStd);
  const noise = rng.child("noise").normals(n * d, 0, noiseStd);
  const x = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = mu[c * d + j] + noise[i * d + j];
  }
  const y = new Float32Array(n * k);
  for (let i = 0; i < n; i++) y[i * k + labels[i]] = 1;
  return { n, d, classes: k, X: tf.tensor2d(x, [n, d]), y: tf.tensor2d(y, [n, k]), labels };
}
