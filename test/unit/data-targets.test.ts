import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../../lib/runtime/errors";
import { sampleCubeArray, sampleSphereArray, allHypercubePoints, allHypercubePointsArray, hostPointsToTensor, type HostPoints } from "../../lib/data/samplers";
import {
  barronTarget,
  cosineNeuronTarget,
  evaluateTargetArray,
  neuronSumTarget,
  normTarget,
  singleIndexTarget,
  sphereDistanceTarget,
  teacherNeuronTarget,
  type TargetFunction,
} from "../../lib/data/targets";
import { parityTarget } from "../../lib/data/parity";
import { spin3Target } from "../../lib/data/spin3";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

const U32 = 2 ** -24; // float32 unit roundoff

/** f(X) on the backend (float32) vs a float64 oracle, within tol(i) for row i. */
async function compare(t: TargetFunction, p: HostPoints, oracle: (x: Float64Array) => number, tol: (x: Float64Array) => number): Promise<void> {
  const X = hostPointsToTensor(p);
  const got = await noLeak(() => {
    const y = t.f(X); // the only tensor f may leave behind is its result
    assert.deepEqual(y.shape, [p.n]);
    const v = y.dataSync();
    y.dispose();
    return v;
  });
  for (let i = 0; i < p.n; i++) {
    const x = p.data.subarray(i * p.d, (i + 1) * p.d);
    const want = oracle(x);
    assert.ok(Math.abs(got[i] - want) <= tol(x), `${t.name} row ${i}: ${got[i]} vs float64 ${want}`);
    assert.ok(Math.abs(t.fScalar(x) - want) <= 1e-12 * (1 + Math.abs(want)), `${t.name} fScalar row ${i}`);
  }
  X.dispose();
}

const l1 = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + Math.abs(v), 0);

for (const be of TEST_BACKENDS) {
  describe(`targets (${be})`, () => {
    before(() => useBackend(be));

    it("parities are orthonormal on the full hypercube: 2^−d Σ_x χ_S χ_T = δ_ST exactly, in both encodings", async () => {
      const d = 5;
      for (const values of ["01", "pm1"] as const) {
        const X = allHypercubePoints(d, { values });
        const chars: Float32Array[] = [];
        for (let mask = 0; mask < 2 ** d; mask++) {
          const S = [0, 1, 2, 3, 4].filter((i) => (mask >> i) & 1);
          await noLeak(() => {
            const y = parityTarget({ d, S, values }).f(X);
            chars.push(y.dataSync() as Float32Array);
            y.dispose();
          });
        }
        const pts = allHypercubePointsArray(d, { values });
        for (let s = 0; s < chars.length; s++) {
          // Oracle: row k has bits b = bits(k); "01": χ_S = (−1)^{|S ∩ {b = 1}|}; "pm1" (x = 2b − 1): ∏_{i∈S} x_i =
          // (−1)^{|S ∩ {b = 0}|}. The values are ±1 exactly and sums of 32 of them are exact in float32.
          for (let k = 0; k < 2 ** d; k++) {
            const want = (-1) ** popcount(values === "01" ? s & k : s & ~k);
            assert.equal(chars[s][k], want, `χ_${s}(x_${k}) (${values})`);
          }
          for (let t = 0; t < chars.length; t++) {
            let ip = 0;
            for (let k = 0; k < 2 ** d; k++) ip += chars[s][k] * chars[t][k];
            assert.equal(ip / 2 ** d, s === t ? 1 : 0);
          }
        }
        const t = parityTarget({ d, S: [1, 3], values });
        assert.deepEqual(evaluateTargetArray(t, pts), Float64Array.from(chars[0b01010]));
        X.dispose();
      }
    });

    it("Barron target: float32 values match a float64 evaluation, and the norm bound is Σ|c_k|(‖w_k‖₁ + |b_k|)", async () => {
      const d = 6;
      const m = 40;
      const t = barronTarget({ d, m, seed: 11 });
      const p = sampleCubeArray({ n: 64, d, seed: 12 });
      const w = (k: number) => Float64Array.from({ length: d }, (_, j) => t.W[j * m + k]);
      const oracle = (x: Float64Array) => {
        let s = 0;
        for (let k = 0; k < m; k++) s += t.c[k] * Math.max(0, w(k).reduce((a, v, j) => a + v * x[j], 0) + t.b[k]);
        return s;
      };
      // float32: inputs and weights rounded (relative u each), a d-term dot product (d·u), the bias add and
      // relu, then an m-term sum (m·u): |error| ≤ (d + m + 4)·u·Σ_k|c_k|(Σ_j|w_jk x_j| + |b_k|).
      const scale = (x: Float64Array) => {
        let s = 0;
        for (let k = 0; k < m; k++) s += Math.abs(t.c[k]) * (w(k).reduce((a, v, j) => a + Math.abs(v * x[j]), 0) + Math.abs(t.b[k]));
        return s;
      };
      await compare(t, p, oracle, (x) => (d + m + 4) * U32 * scale(x));
      let bound = 0;
      for (let k = 0; k < m; k++) bound += Math.abs(t.c[k]) * (l1(w(k)) + Math.abs(t.b[k]));
      assert.ok(Math.abs(t.barronNormBound - bound) < 1e-12 * bound);
      // On [0,1]^d, |f(x)| ≤ Σ|c_k|(‖w_k‖₁‖x‖∞ + |b_k|) ≤ the bound.
      for (const v of evaluateTargetArray(t, p)) assert.ok(Math.abs(v) <= bound);
      assert.deepEqual(barronTarget({ d, m, seed: 11 }).W, t.W, "same seed, same target");
    });

    it("teacher neuron, neuron sum, single-index and cosine targets match float64 formulas", async () => {
      const d = 8;
      const p = sampleSphereArray({ n: 50, d, seed: 21 });
      const dot = (a: ArrayLike<number>, x: Float64Array) => Array.from(a).reduce((s, v, j) => s + v * x[j], 0);
      // Float32 tolerance: a d-term dot product of unit-size numbers, then σ with Lipschitz constant L on |z| ≤ ‖w‖:
      // |error| ≤ L·(d + 4)·u·‖w‖₁ (+ u·|f| for σ's own rounding). L = 1 (relu, tanh, cos), 3·max(z²,1) for he3.
      const teacher = teacherNeuronTarget({ d, seed: 1, b: 0.25, c: -2 });
      assert.ok(Math.abs(Math.hypot(...teacher.w) - 1) < 1e-14, "w* is a unit vector");
      await compare(teacher, p, (x) => -2 * Math.max(0, dot(teacher.w, x) + 0.25), () => 2 * (d + 6) * U32 * (l1(teacher.w) + 1));
      const tanhTeacher = teacherNeuronTarget({ d, w: teacher.w, activation: "tanh" });
      await compare(tanhTeacher, p, (x) => Math.tanh(dot(teacher.w, x)), () => (d + 6) * U32 * (l1(teacher.w) + 1));
      // Vetted activations of the models folder resolve by name; the oracle is their float64 erf. tfjs's erf
      // kernel is the Abramowitz–Stegun 7.1.26 approximation (|error| ≤ 1.5e-7), so the tolerance adds 2e-7.
      const erfTeacher = teacherNeuronTarget({ d, w: teacher.w, activation: "erf" });
      await compare(erfTeacher, p, (x) => erfTeacher.activation.scalar(dot(teacher.w, x)), () => (d + 6) * U32 * l1(teacher.w) + 2e-7);
      const sum = neuronSumTarget({ d, m: 7, seed: 2 });
      const oracleSum = (x: Float64Array) => {
        let s = 0;
        for (let k = 0; k < 7; k++) s += Math.max(0, Array.from({ length: d }, (_, j) => sum.W[j * 7 + k] * x[j]).reduce((a, b) => a + b, 0)) / 7;
        return s;
      };
      await compare(sum, p, oracleSum, () => (d + 7 + 4) * U32 * Math.sqrt(d));
      const si = singleIndexTarget({ d, link: "he3", seed: 3 });
      await compare(si, p, (x) => dot(si.beta, x) ** 3 - 3 * dot(si.beta, x), () => 3 * 3 * (d + 6) * U32 * l1(si.beta));
      const cosine = cosineNeuronTarget({ d, frequency: 4, seed: 4 });
      assert.ok(Math.abs(Math.hypot(...cosine.w) - 4) < 1e-13);
      await compare(cosine, p, (x) => Math.cos(dot(cosine.w, x)), () => (d + 6) * U32 * l1(cosine.w) + 1e-6); // + tfjs cos error ≈ 1e-7
    });

    it("‖x‖ and dist(x, S^{d−1}) match their definitions", async () => {
      const d = 4;
      const p = sampleCubeArray({ n: 40, d, seed: 5, lo: -2, hi: 2 });
      const norm = (x: Float64Array) => Math.hypot(...x);
      await compare(normTarget({ d }), p, norm, (x) => (d + 4) * U32 * norm(x));
      await compare(sphereDistanceTarget({ d }), p, (x) => Math.abs(norm(x) - 1), (x) => (d + 4) * U32 * (norm(x) + 1));
      assert.equal(normTarget({ d: 3 }).fScalar([3, 4, 0]), 5);
      assert.equal(sphereDistanceTarget({ d: 2, radius: 2 }).fScalar([0, 5]), 3);
    });

    it("spherical 3-spin matches the triple sum in float64 and has unit variance over J on the unit sphere", async () => {
      const d = 5;
      const t = spin3Target({ d, seed: 6 });
      const p = sampleSphereArray({ n: 30, d, seed: 7 });
      const oracle = (x: Float64Array) => {
        let s = 0;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) s += t.J[(i * d + j) * d + k] * x[i] * x[j] * x[k];
        return s;
      };
      // float32: d³ products of size ≤ |J|·|x_i x_j x_k|, summed in two stages: ≤ (d + d² + 6)·u·Σ|J_ijk x_i x_j x_k|.
      const absSum = (x: Float64Array) => {
        let s = 0;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) s += Math.abs(t.J[(i * d + j) * d + k] * x[i] * x[j] * x[k]);
        return s;
      };
      await compare(t, p, oracle, (x) => (d + d * d + 6) * U32 * absSum(x));
      // Var_J f(x) = ‖x‖⁶ = 1 for ‖x‖ = 1. With 2000 independent J, the sample variance has sd ≈ √(2/2000) ≈ 0.032; tolerance 5 sd.
      const x = p.data.subarray(0, d);
      const vals = Array.from({ length: 2000 }, (_, s) => spin3Target({ d, seed: 1000 + s }).fScalar(x));
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      const v = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1);
      assert.ok(Math.abs(v - 1) < 5 * Math.sqrt(2 / 2000), `Var_J f(x) = ${v}`);
    });

    it("validates its arguments", () => {
      assert.throws(() => parityTarget({ d: 3, S: [0, 3] }), /S must hold indices in 0…2/);
      assert.throws(() => parityTarget({ d: 3, k: 2 }), /needs S, or k and a seed/);
      assert.throws(() => teacherNeuronTarget({ d: 3, w: [1, 2] }), /w must have length 3/);
      // @ts-expect-error: unknown link name
      assert.throws(() => singleIndexTarget({ d: 3, link: "relu6", seed: 0 }), (e: Error) => e instanceof ValidationError && /link must be one of/.test(e.message));
      const X = tf.zeros([2, 4]) as tf.Tensor2D;
      assert.throws(() => normTarget({ d: 3 }).f(X), /X must have shape \[\*, 3\]/);
      X.dispose();
      assert.equal(parityTarget({ d: 10, k: 3, seed: 8 }).S.join(), parityTarget({ d: 10, k: 3, seed: 8 }).S.join());
    });
  });
}

function popcount(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}
