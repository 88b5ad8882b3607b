/**
 * Seeded input distributions. Every sampler draws its numbers in float64 JavaScript from an
 * {@link Rng} (so the same seed gives the same points on every backend) and comes in two forms:
 * `sampleX(...)` returns a float32 tf.Tensor2D [n, d] owned by the caller, and `sampleXArray(...)`
 * returns the float64 points as {@link HostPoints}.
 */
import * as tf from "@tensorflow/tfjs";
import { toRng, type Rng } from "../runtime/rng";
import { integer, finite, hostPoints, positive, oneOf } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";

import type { HostPoints } from "../numerics/linalg64";
export type { HostPoints };

/** Common options of the samplers. */
export interface SampleOptions {
  /** Number of points. */
  n: number;
  /** Dimension. */
  d: number;
  /** Seed or random stream. */
  seed: number | Rng;
}

/** Coordinates of Boolean-hypercube points: {0, 1} or {−1, +1}. */
export type HypercubeValues = "01" | "pm1";

function check(o: SampleOptions, what: string): void {
  if (!o || typeof o !== "object") throw new ValidationError(`${what} needs options { n, d, seed }`);
  integer("n", o.n, 1);
  integer("d", o.d, 1);
  toRng(o.seed);
}

/**
 * Copies host points (float64, row-major) into a new float32 tf.Tensor2D [n, d]; the caller
 * disposes it. The float64 array stays available for oracles.
 * @example
 * const pts = sampleCubeArray({ n: 500, d: 4, seed: 0 });
 * const X = hostPointsToTensor(pts); // [500, 4], same numbers rounded to float32
 */
export function hostPointsToTensor(p: HostPoints): tf.Tensor2D {
  hostPoints("points", p);
  return tf.tensor2d(Float32Array.from(p.data), [p.n, p.d], "float32");
}

/**
 * Uniform points on the sphere of radius r: x = r·g/‖g‖₂ with g ~ N(0, I_d). E[x xᵀ] = (r²/d)·I.
 * @example sampleSphereArray({ n: 100, d: 3, seed: 0 }).data // 300 float64 numbers, rows of norm 1
 */
export function sampleSphereArray(o: SampleOptions & { radius?: number }): HostPoints {
  check(o, "sampleSphere");
  const r = positive("radius", o.radius ?? 1);
  const rng = toRng(o.seed);
  const data = new Float64Array(o.n * o.d);
  for (let i = 0; i < o.n; i++) {
    let s = 0;
    for (let j = 0; j < o.d; j++) {
      const g = rng.normal();
      data[i * o.d + j] = g;
      s += g * g;
    }
    const scale = r / Math.sqrt(s);
    for (let j = 0; j < o.d; j++) data[i * o.d + j] *= scale;
  }
  return { data, n: o.n, d: o.d };
}

/**
 * Uniform points on the sphere S^{d−1} of radius r (default 1), as a float32 tensor [n, d].
 * @example const X = sampleSphere({ n: 1000, d: 20, seed: 0 }); // rows of norm 1
 */
export function sampleSphere(o: SampleOptions & { radius?: number }): tf.Tensor2D {
  return hostPointsToTensor(sampleSphereArray(o));
}

/**
 * Uniform points in the cube [lo, hi]^d (default [0, 1]^d): mean (lo+hi)/2, variance (hi−lo)²/12 per coordinate.
 * @example sampleCubeArray({ n: 10, d: 2, seed: 1, lo: -1, hi: 1 })
 */
export function sampleCubeArray(o: SampleOptions & { lo?: number; hi?: number }): HostPoints {
  check(o, "sampleCube");
  const lo = finite("lo", o.lo ?? 0);
  const hi = finite("hi", o.hi ?? 1);
  if (!(hi > lo)) throw new ValidationError(`hi must be > lo, got lo = ${lo}, hi = ${hi}`);
  const data = toRng(o.seed).uniforms(o.n * o.d, lo, hi);
  return { data, n: o.n, d: o.d };
}

/**
 * Uniform points in the cube [lo, hi]^d (default [0, 1]^d), as a float32 tensor [n, d].
 * @example const X = sampleCube({ n: 500, d: 5, seed: 0 });
 */
export function sampleCube(o: SampleOptions & { lo?: number; hi?: number }): tf.Tensor2D {
  return hostPointsToTensor(sampleCubeArray(o));
}

/**
 * Uniform points of the Boolean hypercube: independent fair coordinates in {0, 1} (values "01",
 * the default) or {−1, +1} (values "pm1").
 * @example sampleHypercubeArray({ n: 4, d: 3, seed: 0, values: "pm1" })
 */
export function sampleHypercubeArray(o: SampleOptions & { values?: HypercubeValues }): HostPoints {
  check(o, "sampleHypercube");
  const values = oneOf("values", o.values ?? "01", ["01", "pm1"] as const);
  const rng = toRng(o.seed);
  const data = new Float64Array(o.n * o.d);
  for (let k = 0; k < data.length; k++) {
    const bit = rng.nextUint32() >>> 31;
    data[k] = values === "01" ? bit : 2 * bit - 1;
  }
  return { data, n: o.n, d: o.d };
}

/**
 * Uniform points of the Boolean hypercube {0,1}^d or {−1,1}^d, as a float32 tensor [n, d].
 * @example const X = sampleHypercube({ n: 2000, d: 20, seed: 0 }); // entries 0 or 1
 */
export function sampleHypercube(o: SampleOptions & { values?: HypercubeValues }): tf.Tensor2D {
  return hostPointsToTensor(sampleHypercubeArray(o));
}

/**
 * Gaussian points N(mean·1, std²·I_d) (default standard normal).
 * @example sampleGaussianArray({ n: 100, d: 2, seed: 0, std: 0.5 })
 */
export function sampleGaussianArray(o: SampleOptions & { std?: number; mean?: number }): HostPoints {
  check(o, "sampleGaussian");
  const std = positive("std", o.std ?? 1);
  const mean = finite("mean", o.mean ?? 0);
  return { data: toRng(o.seed).normals(o.n * o.d, mean, std), n: o.n, d: o.d };
}

/**
 * Gaussian points N(mean·1, std²·I_d), as a float32 tensor [n, d].
 * @example const X = sampleGaussian({ n: 1000, d: 10, seed: 0 });
 */
export function sampleGaussian(o: SampleOptions & { std?: number; mean?: number }): tf.Tensor2D {
  return hostPointsToTensor(sampleGaussianArray(o));
}

/** Largest d accepted by {@link allHypercubePoints} (2^20 rows). */
export const MAX_ENUMERATED_HYPERCUBE_DIM = 20;

/**
 * All 2^d points of the Boolean hypercube, exactly: row k has x_j = bit j of k (j = 0 is the least
 * significant bit), mapped to {0, 1} or {−1, +1}. For exact averages over the uniform measure.
 * @example allHypercubePointsArray(2).data // [0,0, 1,0, 0,1, 1,1]
 */
export function allHypercubePointsArray(d: number, options: { values?: HypercubeValues } = {}): HostPoints {
  integer("d", d, 1);
  if (d > MAX_ENUMERATED_HYPERCUBE_DIM) {
    throw new ValidationError(`d must be ≤ ${MAX_ENUMERATED_HYPERCUBE_DIM} to enumerate all 2^d points, got ${d}; sample with sampleHypercube instead`);
  }
  const values = oneOf("values", options.values ?? "01", ["01", "pm1"] as const);
  const n = 2 ** d;
  const data = new Float64Array(n * d);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < d; j++) {
      const bit = (k >>> j) & 1;
      data[k * d + j] = values === "01" ? bit : 2 * bit - 1;
    }
  }
  return { data, n, d };
}

/**
 * All 2^d points of {0,1}^d (or {−1,1}^d) as a float32 tensor [2^d, d]; see {@link allHypercubePointsArray}.
 * @example const X = allHypercubePoints(10); // [1024, 10]
 */
export function allHypercubePoints(d: number, options: { values?: HypercubeValues } = {}): tf.Tensor2D {
  return hostPointsToTensor(allHypercubePointsArray(d, options));
}
