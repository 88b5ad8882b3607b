import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";
import {
  sampleSphere,
  sampleSphereArray,
  sampleCube,
  sampleCubeArray,
  sampleHypercube,
  sampleHypercubeArray,
  sampleGaussian,
  sampleGaussianArray,
  allHypercubePoints,
  allHypercubePointsArray,
  type HostPoints,
} from "../../lib/data/samplers";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

const U32 = 2 ** -24; // float32 unit roundoff

/** (1/n)Σ x xᵀ in float64. */
function secondMoment(p: HostPoints): Float64Array {
  const M = new Float64Array(p.d * p.d);
  for (let i = 0; i < p.n; i++) for (let a = 0; a < p.d; a++) for (let b = 0; b < p.d; b++) M[a * p.d + b] += p.data[i * p.d + a] * p.data[i * p.d + b];
  return M.map((v) => v / p.n);
}

function colMean(p: HostPoints, j: number): number {
  let s = 0;
  for (let i = 0; i < p.n; i++) s += p.data[i * p.d + j];
  return s / p.n;
}

describe("samplers (host, float64)", () => {
  it("sphere: unit norms and E[x xᵀ] = I/d within Monte Carlo error", () => {
    const n = 20000;
    const d = 5;
    const p = sampleSphereArray({ n, d, seed: 3 });
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += p.data[i * d + j] ** 2;
      assert.ok(Math.abs(Math.sqrt(q) - 1) < 1e-14);
    }
    const M = secondMoment(p);
    // Uniform on S^{d−1}: E x_a⁴ = 3/(d(d+2)), E x_a² x_b² = 1/(d(d+2)). Tolerance: 5 standard errors.
    const seDiag = Math.sqrt((3 / (d * (d + 2)) - 1 / d ** 2) / n);
    const seOff = Math.sqrt(1 / (d * (d + 2)) / n);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const want = a === b ? 1 / d : 0;
        assert.ok(Math.abs(M[a * d + b] - want) < 5 * (a === b ? seDiag : seOff), `M[${a},${b}] = ${M[a * d + b]}`);
      }
    }
  });

  it("cube: entries in [lo, hi), mean (lo+hi)/2 and variance (hi−lo)²/12 within 5 standard errors", () => {
    const n = 20000;
    const p = sampleCubeArray({ n, d: 3, seed: 1, lo: -1, hi: 3 });
    assert.ok(p.data.every((v) => v >= -1 && v < 3));
    const varU = 16 / 12;
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(colMean(p, j) - 1) < 5 * Math.sqrt(varU / n));
    const M = secondMoment(p); // E x² = var + mean² = 4/3 + 1; sd of x² for U[-1,3]: computed exactly below
    const ex4 = (3 ** 5 + 1) / 5 / 4; // E x⁴ = (3⁵ − (−1)⁵)/(5·4)
    const sd2 = Math.sqrt(ex4 - (varU + 1) ** 2);
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(M[j * 3 + j] - (varU + 1)) < 5 * (sd2 / Math.sqrt(n)));
  });

  it("hypercube: entries exactly in {0,1} or {−1,1}, fair coordinates within 5 standard errors", () => {
    const n = 20000;
    const p01 = sampleHypercubeArray({ n, d: 4, seed: 2 });
    assert.ok(p01.data.every((v) => v === 0 || v === 1));
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(colMean(p01, j) - 0.5) < 5 * 0.5 / Math.sqrt(n));
    const pm = sampleHypercubeArray({ n, d: 4, seed: 2, values: "pm1" });
    assert.ok(pm.data.every((v, k) => v === 2 * p01.data[k] - 1), "pm1 is the same draw mapped by 2x − 1");
    const M = secondMoment(pm); // independent coordinates: off-diagonal mean 0, sd 1/√n
    for (let a = 0; a < 4; a++) for (let b = 0; b < a; b++) assert.ok(Math.abs(M[a * 4 + b]) < 5 / Math.sqrt(n));
  });

  it("Gaussian: mean and variance σ² within 5 standard errors", () => {
    const n = 20000;
    const std = 0.5;
    const p = sampleGaussianArray({ n, d: 3, seed: 4, std });
    const M = secondMoment(p);
    for (let j = 0; j < 3; j++) {
      assert.ok(Math.abs(colMean(p, j)) < 5 * std / Math.sqrt(n));
      assert.ok(Math.abs(M[j * 3 + j] - std ** 2) < 5 * Math.sqrt(2 * std ** 4 / n)); // Var(x²) = 2σ⁴
    }
  });

  it("allHypercubePoints enumerates each of the 2^d points once, in binary order", () => {
    const p = allHypercubePointsArray(4);
    assert.equal(p.n, 16);
    const keys = new Set<string>();
    for (let k = 0; k < 16; k++) {
      const row = Array.from(p.data.subarray(k * 4, k * 4 + 4));
      assert.deepEqual(row, [0, 1, 2, 3].map((j) => (k >> j) & 1));
      keys.add(row.join(""));
    }
    assert.equal(keys.size, 16);
    assert.deepEqual(Array.from(allHypercubePointsArray(2, { values: "pm1" }).data), [-1, -1, 1, -1, -1, 1, 1, 1]);
    assert.throws(() => allHypercubePointsArray(21), /d must be ≤ 20/);
  });

  it("is deterministic: the same seed (number or Rng) gives the same points, another seed different ones", () => {
    assert.deepEqual(sampleSphereArray({ n: 50, d: 4, seed: 9 }), sampleSphereArray({ n: 50, d: 4, seed: new Rng(9) }));
    assert.deepEqual(sampleGaussianArray({ n: 50, d: 4, seed: 9 }), sampleGaussianArray({ n: 50, d: 4, seed: 9 }));
    assert.notDeepEqual(sampleCubeArray({ n: 50, d: 4, seed: 9 }), sampleCubeArray({ n: 50, d: 4, seed: 10 }));
  });

  it("rejects bad arguments with a message naming them", () => {
    assert.throws(() => sampleSphereArray({ n: 0, d: 3, seed: 0 }), (e: Error) => e instanceof ValidationError && /n must be an integer ≥ 1/.test(e.message));
    assert.throws(() => sampleCubeArray({ n: 3, d: 2, seed: 0, lo: 1, hi: 1 }), /hi must be > lo/);
    // @ts-expect-error: values is checked at run time too
    assert.throws(() => sampleHypercubeArray({ n: 3, d: 2, seed: 0, values: "pm" }), /values must be one of/);
    // @ts-expect-error: a missing seed is reported
    assert.throws(() => sampleGaussianArray({ n: 3, d: 2 }), /seed must be an integer ≥ 0 or an Rng/);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`samplers as tensors (${be})`, () => {
    before(() => useBackend(be));

    it("returns float32 [n, d] tensors equal to the float64 points rounded, with sphere norms 1 to float32 precision", async () => {
      const cases: [tf.Tensor2D, HostPoints][] = [];
      await noLeak(() => {
        cases.push([sampleSphere({ n: 200, d: 7, seed: 5 }), sampleSphereArray({ n: 200, d: 7, seed: 5 })]);
        cases.push([sampleCube({ n: 30, d: 2, seed: 5 }), sampleCubeArray({ n: 30, d: 2, seed: 5 })]);
        cases.push([sampleHypercube({ n: 30, d: 3, seed: 5, values: "pm1" }), sampleHypercubeArray({ n: 30, d: 3, seed: 5, values: "pm1" })]);
        cases.push([sampleGaussian({ n: 30, d: 3, seed: 5 }), sampleGaussianArray({ n: 30, d: 3, seed: 5 })]);
        cases.push([allHypercubePoints(5), allHypercubePointsArray(5)]);
        for (const [T, p] of cases) {
          assert.deepEqual(T.shape, [p.n, p.d]);
          assert.equal(T.dtype, "float32");
          assert.deepEqual(T.dataSync(), Float32Array.from(p.data));
        }
        for (const [T] of cases) T.dispose();
      });
      // Norm of float32-rounded unit vectors, computed on the backend in float32: each entry is off by ≤ u
      // relatively and the d-term sum adds ≤ d·u, so |‖x‖ − 1| ≤ (d + 2)·u.
      const X = sampleSphere({ n: 200, d: 7, seed: 5 });
      const norms = tf.tidy(() => tf.sqrt(tf.sum(tf.square(X), 1)));
      const worst = Math.max(...Array.from(norms.dataSync(), (v) => Math.abs(v - 1)));
      assert.ok(worst <= 9 * U32, `max |‖x‖ − 1| = ${worst}`);
      tf.dispose([X, norms]);
    });
  });
}
