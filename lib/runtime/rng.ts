/**
 * Seeded pseudo-random numbers. Every function of the library that draws randomness takes a `seed`
 * (or an {@link Rng}); numbers are generated here, in JavaScript, and copied into tensors, so the same
 * seed gives the same numbers on every backend.
 *
 * Generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32; normals by Box–Muller.
 */
import * as tf from "@tensorflow/tfjs";
import { integer, finite } from "./validate";
import { ValidationError } from "./errors";

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Hashes a seed and labels into a new 32-bit seed: FNV-1a over `labels.join("/")`, started from
 * `seed`, then one splitmix32 step. Same inputs → same seed; different labels → independent streams.
 * @example const initSeed = lab.runtime.deriveSeed(0, "init", 3); // e.g. for the 3rd repetition
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  integer("seed", seed, 0);
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const text = labels.join("/");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return splitmix32(h ^ Math.imul(seed | 0, 0x9e3779b1))();
}

/**
 * A seeded random stream.
 * @example
 * const r = new Rng(0);
 * r.uniform();            // in [0, 1)
 * r.normalTensor([3, 2]); // tf.Tensor2D of N(0, 1) draws
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(readonly seed: number) {
    integer("seed", seed, 0);
    const sm = splitmix32(seed);
    this.s0 = sm();
    this.s1 = sm();
    this.s2 = sm();
    this.s3 = sm();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in {0, …, n − 1}. */
  int(n: number): number {
    integer("n", n, 1);
    return Math.floor(this.uniform() * n);
  }

  /** A uniformly random permutation of {0, …, n − 1} (Fisher–Yates). */
  permutation(n: number): Int32Array {
    integer("n", n, 0);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** `count` float64 normals with mean `mean` and standard deviation `std`. */
  normals(count: number, mean = 0, std = 1): Float64Array {
    integer("count", count, 0);
    finite("mean", mean);
    finite("std", std);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** `count` float64 uniforms on [lo, hi). */
  uniforms(count: number, lo = 0, hi = 1): Float64Array {
    integer("count", count, 0);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }

  /** A float32 tensor of N(mean, std²) draws. */
  normalTensor(shape: number[], std = 1, mean = 0): tf.Tensor {
    return tf.tensor(Float32Array.from(this.normals(sizeOf(shape), mean, std)), shape, "float32");
  }

  /** A float32 tensor of uniform draws on [lo, hi). */
  uniformTensor(shape: number[], lo = 0, hi = 1): tf.Tensor {
    return tf.tensor(Float32Array.from(this.uniforms(sizeOf(shape), lo, hi)), shape, "float32");
  }

  /** An independent stream derived from this one's seed and a label (stable across call order). */
  child(...labels: (string | number)[]): Rng {
    return new Rng(deriveSeed(this.seed, ...labels));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => {
    integer("shape entry", b, 0);
    return a * b;
  }, 1);
}

/**
 * Accepts a seed or a stream and returns a stream: `new Rng(seed)` for a number, the stream itself
 * (not a copy) otherwise. Library functions use it to implement their `seed: number | Rng` option;
 * `name` is the argument's name in the error for anything else (a seed must be an integer ≥ 0 or an
 * Rng: a string such as "0" is refused, not silently read as another seed).
 * @example const rng = runtime.toRng(opts.seed ?? 0); const z = rng.normals(10);
 */
export function toRng(seedOrRng: number | Rng, name = "seed"): Rng {
  if (seedOrRng instanceof Rng) return seedOrRng;
  if (typeof seedOrRng !== "number" || !Number.isInteger(seedOrRng) || seedOrRng < 0) {
    const shown = typeof seedOrRng === "string" ? JSON.stringify(seedOrRng) : String(seedOrRng);
    throw new ValidationError(`${name} must be an integer ≥ 0 or an Rng (a seeded stream), got ${shown} (${typeof seedOrRng})`, { argument: name });
  }
  return new Rng(seedOrRng);
}
