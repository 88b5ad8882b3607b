/**
 * Hessian-vector products, full Hessians and top Hessian eigenvalues of small MLPs.
 * Oracle: a float64 MLP with a hand-written backward pass; the Hessian-vector product oracle is the
 * central finite difference of that float64 gradient, (g(θ + εv) − g(θ − εv))/(2ε), ε = 1e-5
 * (truncation O(ε²) ≈ 1e-10, rounding ≈ 1e-16/ε ≈ 1e-11, both negligible against float32).
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { activation } from "../../lib/models/activations";
import type { ActivationName } from "../../lib/models/types";
import { hvp, hvpFlat, fullHessian, flattenToFloat64, flatParamCount } from "../../lib/analysis/hessian";
import { lanczosEigs, powerIterationEigs } from "../../lib/numerics/lanczos";
import { topHessianEigs, sharpness } from "../../lib/analysis/sharpness";
import { symEig } from "../../lib/numerics/linalg64";

const SIZES = [3, 5, 4, 1]; // d → 5 → 4 → 1
const N = 6;

interface Problem {
  X: Float64Array; // [N, d]
  y: Float64Array;
  theta: Float64Array; // [W1, b1, W2, b2, W3, b3] flattened
}

function makeProblem(seed: number): Problem {
  const r = new Rng(seed);
  const d = SIZES[0];
  const parts: Float64Array[] = [];
  for (let l = 1; l < SIZES.length; l++) {
    parts.push(r.normals(SIZES[l - 1] * SIZES[l], 0, 1 / Math.sqrt(SIZES[l - 1])));
    parts.push(r.normals(SIZES[l], 0, 0.3));
  }
  const theta = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    theta.set(p, off);
    off += p.length;
  }
  // Round to float32 so both sides see the same numbers.
  return { X: Float64Array.from(Float32Array.from(r.normals(N * d))), y: Float64Array.from(Float32Array.from(r.normals(N))), theta: Float64Array.from(Float32Array.from(theta)) };
}

/** Float64 loss L = (1/n) Σ ½(f(x_i) − y_i)² and its gradient by backpropagation. */
function lossGrad64(name: ActivationName, p: Problem, theta: Float64Array): { loss: number; grad: Float64Array } {
  const act = activation(name);
  const L = SIZES.length - 1;
  const Ws: Float64Array[] = [];
  const bs: Float64Array[] = [];
  const offs: number[] = [];
  let off = 0;
  for (let l = 1; l <= L; l++) {
    offs.push(off);
    Ws.push(theta.subarray(off, off + SIZES[l - 1] * SIZES[l]));
    off += SIZES[l - 1] * SIZES[l];
    bs.push(theta.subarray(off, off + SIZES[l]));
    off += SIZES[l];
  }
  const grad = new Float64Array(theta.length);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    const hs: Float64Array[] = [p.X.subarray(i * SIZES[0], (i + 1) * SIZES[0])];
    const zs: Float64Array[] = [];
    for (let l = 1; l <= L; l++) {
      const z = Float64Array.from(bs[l - 1]);
      for (let a = 0; a < SIZES[l - 1]; a++) for (let b = 0; b < SIZES[l]; b++) z[b] += hs[l - 1][a] * Ws[l - 1][a * SIZES[l] + b];
      zs.push(z);
      hs.push(l < L ? z.map(act.scalar) : z);
    }
    const r = hs[L][0] - p.y[i];
    loss += (0.5 * r * r) / N;
    let delta = Float64Array.of(r / N);
    for (let l = L; l >= 1; l--) {
      const gW = offs[l - 1];
      const gb = gW + SIZES[l - 1] * SIZES[l];
      for (let a = 0; a < SIZES[l - 1]; a++) for (let b = 0; b < SIZES[l]; b++) grad[gW + a * SIZES[l] + b] += hs[l - 1][a] * delta[b];
      for (let b = 0; b < SIZES[l]; b++) grad[gb + b] += delta[b];
      if (l > 1) {
        const prev = new Float64Array(SIZES[l - 1]);
        for (let a = 0; a < SIZES[l - 1]; a++) {
          let s = 0;
          for (let b = 0; b < SIZES[l]; b++) s += Ws[l - 1][a * SIZES[l] + b] * delta[b];
          prev[a] = s * act.scalarDerivative(zs[l - 2][a]);
        }
        delta = prev;
      }
    }
  }
  return { loss, grad };
}

function hvpFd64(name: ActivationName, p: Problem, v: Float64Array): Float64Array {
  const eps = 1e-5;
  const plus = p.theta.map((t, k) => t + eps * v[k]);
  const minus = p.theta.map((t, k) => t - eps * v[k]);
  const gp = lossGrad64(name, p, plus).grad;
  const gm = lossGrad64(name, p, minus).grad;
  return gp.map((g, k) => (g - gm[k]) / (2 * eps));
}

/** The same MLP and loss in tfjs, returning [lossFn, params]. Caller disposes params. */
function tfProblem(name: ActivationName, p: Problem): { lossFn: (ps: tf.Tensor[]) => tf.Scalar; params: tf.Tensor[]; X: tf.Tensor2D; y: tf.Tensor1D } {
  const act = activation(name);
  const params: tf.Tensor[] = [];
  let off = 0;
  for (let l = 1; l < SIZES.length; l++) {
    params.push(tf.tensor2d(Float32Array.from(p.theta.subarray(off, off + SIZES[l - 1] * SIZES[l])), [SIZES[l - 1], SIZES[l]]));
    off += SIZES[l - 1] * SIZES[l];
    params.push(tf.tensor1d(Float32Array.from(p.theta.subarray(off, off + SIZES[l]))));
    off += SIZES[l];
  }
  const X = tf.tensor2d(Float32Array.from(p.X), [N, SIZES[0]]);
  const y = tf.tensor1d(Float32Array.from(p.y));
  const lossFn = (ps: tf.Tensor[]): tf.Scalar => {
    let h: tf.Tensor = X;
    for (let l = 0; l < ps.length / 2; l++) {
      const z = tf.add(tf.matMul(h as tf.Tensor2D, ps[2 * l] as tf.Tensor2D), ps[2 * l + 1]);
      h = l < ps.length / 2 - 1 ? act.apply(z) : z;
    }
    const r = tf.sub(tf.reshape(h, [N]), y);
    return tf.mul(tf.mean(tf.square(r)), 0.5) as tf.Scalar;
  };
  return { lossFn, params, X, y };
}

const maxAbs = (v: ArrayLike<number>): number => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

for (const be of TEST_BACKENDS) {
  describe(`analysis hessian (${be})`, () => {
    before(() => useBackend(be));

    for (const name of ["relu", "erf", "softplus", "tanh"] as const) {
      it(`hvp of a ${name} MLP matches finite differences of the float64 gradient`, async () => {
        const p = makeProblem(11);
        const prob = tfProblem(name, p);
        // The tf loss agrees with the float64 loss to float32 rounding.
        const l32 = prob.lossFn(prob.params);
        assert.ok(Math.abs(l32.dataSync()[0] - lossGrad64(name, p, p.theta).loss) < 1e-5 * (1 + lossGrad64(name, p, p.theta).loss));
        l32.dispose();
        const P = flatParamCount(prob.params);
        for (const seed of [1, 2]) {
          const v = Float64Array.from(Float32Array.from(new Rng(seed).normals(P)));
          const oracle = hvpFd64(name, p, v);
          const got = await noLeak(() => hvpFlat(prob.lossFn, prob.params, v));
          // Tolerance: float32 unit roundoff 6e-8 times a growth factor ≤ ~150 from two reverse passes
          // through three layers and sums over n (measured: ≤ 2e-7 relative); a wrong or missing
          // second-derivative term gives an O(1) relative error (a stock-tfjs tanh net: 60 %).
          const err = maxAbs(oracle.map((o, k) => o - got[k]));
          assert.ok(err <= 1e-5 * maxAbs(oracle) + 1e-7, `${name}: |Hv − FD|∞ = ${err.toExponential(2)}, |Hv|∞ = ${maxAbs(oracle).toExponential(2)}`);
        }
        tf.dispose([...prob.params, prob.X, prob.y]);
      });
    }

    it("hvp returns tensors shaped like params and leaks nothing else", async () => {
      const p = makeProblem(3);
      const prob = tfProblem("erf", p);
      const v = prob.params.map((t) => tf.onesLike(t));
      const before = tf.memory().numTensors;
      const out = hvp(prob.lossFn, prob.params, v);
      assert.equal(tf.memory().numTensors, before + out.length);
      out.forEach((o, i) => assert.deepEqual(o.shape, prob.params[i].shape));
      tf.dispose(out);
      assert.throws(() => hvp(prob.lossFn, prob.params, v.slice(1)), /one tensor per parameter/);
      tf.dispose([...v, ...prob.params, prob.X, prob.y]);
    });

    it("top Hessian eigenvalues (Lanczos, power) match symEig of the full Hessian", async () => {
      const p = makeProblem(5);
      const prob = tfProblem("softplus", p);
      const P = flatParamCount(prob.params);
      const H = fullHessian(prob.lossFn, prob.params);
      // The float64 oracle Hessian, column by column from finite differences of the float64 gradient.
      const H64 = new Float64Array(P * P);
      const e = new Float64Array(P);
      for (let j = 0; j < P; j++) {
        e[j] = 1;
        hvpFd64("softplus", p, e).forEach((v, i) => (H64[i * P + j] = v));
        e[j] = 0;
      }
      // fullHessian (float32 HVPs) against it: float32 rounding, as for the HVP test.
      assert.ok(maxAbs(H.map((h, i) => h - H64[i])) <= 1e-5 * maxAbs(H64));
      const exact = symEig(H64, P).values;
      const lan = await noLeak(() => topHessianEigs(prob.lossFn, prob.params, { k: 3, seed: 1, vectors: true }));
      // Eigenvalues of the float32 operator differ from the float64 ones by at most its error
      // ‖H32 − H64‖ ≲ 1e-6·‖H‖ (Weyl), plus the Lanczos stopping tolerance 1e-6·‖H‖; we allow 1e-5·‖H‖.
      const scale = Math.max(Math.abs(exact[0]), Math.abs(exact[P - 1]));
      for (let j = 0; j < 3; j++) assert.ok(Math.abs(lan.values[j] - exact[j]) <= 1e-5 * scale, `λ${j}: ${lan.values[j]} vs ${exact[j]}`);
      // Ritz vector: ‖H y − λ y‖ small.
      const y0 = lan.vectors![0];
      const Hy = new Float64Array(P);
      for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) Hy[i] += H[i * P + j] * y0[j];
      assert.ok(maxAbs(Hy.map((h, i) => h - lan.values[0] * y0[i])) <= 1e-3 * scale);
      // Power iteration converges to the eigenvalue of largest magnitude.
      const big = Math.abs(exact[0]) >= Math.abs(exact[P - 1]) ? exact[0] : exact[P - 1];
      const pow = topHessianEigs(prob.lossFn, prob.params, { k: 1, method: "power", iters: 3000, tol: 1e-6, seed: 2 });
      // Converged power iteration: eigenvalue error ≤ residual²/gap + the operator's float32 error.
      assert.ok(pow.converged && Math.abs(pow.values[0] - big) <= 1e-5 * scale, `power ${pow.values[0]} vs ${big}`);
      assert.ok(Math.abs(sharpness(prob.lossFn, prob.params) - exact[0]) <= 1e-5 * scale);
      tf.dispose([...prob.params, prob.X, prob.y]);
    });
  });
}

describe("analysis iterative eigensolvers (host, no tensors)", () => {
  const n = 60;
  const r = new Rng(9);
  // A = Q diag(λ) Qᵀ with known spectrum, including negative values.
  const lam = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -12 : 10 - (10 * (i - 1)) / n));
  const B = r.normals(n * n);
  const Q = symEig(B.map((_, k) => B[k] + B[Math.floor(k / n) + (k % n) * n]), n).vectors;
  const A = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] += lam[k] * Q[k][i] * Q[k][j];
  const mv = (v: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += A[i * n + j] * v[j];
    return out;
  };

  it("Lanczos finds the algebraically largest, power the largest magnitude", () => {
    const l = lanczosEigs(mv, n, { k: 2, tol: 1e-10 });
    assert.ok(Math.abs(l.values[0] - 10) < 1e-8 && Math.abs(l.values[1] - (10 - 10 / n)) < 1e-8, `${l.values}`);
    const p = powerIterationEigs(mv, n, { k: 1, tol: 1e-9, iters: 2000 });
    assert.ok(Math.abs(p.values[0] + 12) < 1e-8, `${p.values}`);
  });

  it("Lanczos from a given start: the top eigenvector converges at once; a bad start is rejected", () => {
    const top = Q[lam.indexOf(10)];
    const cold = lanczosEigs(mv, n, { k: 1, tol: 1e-10 });
    const warm = lanczosEigs(mv, n, { k: 1, tol: 1e-10, start: top.map((x) => 3 * x) });
    // An exact eigenvector spans an invariant Krylov space: one step gives λ to rounding (float64).
    assert.ok(Math.abs(warm.values[0] - 10) < 1e-10 && warm.matvecs === 1, `${warm.values[0]} after ${warm.matvecs}`);
    assert.ok(cold.matvecs > 5, `${cold.matvecs}`);
    assert.throws(() => lanczosEigs(mv, n, { start: new Float64Array(n - 1) }), /start must have length/);
    assert.throws(() => lanczosEigs(mv, n, { start: new Float64Array(n) }), /finite non-zero/);
  });

  it("Lanczos restarts on an invariant subspace (A = 2I, k = 3)", () => {
    const r = lanczosEigs((v) => v.map((x) => 2 * x), 8, { k: 3 });
    assert.deepEqual(Array.from(r.values, (v) => Math.round(v * 1e12) / 1e12), [2, 2, 2]);
    assert.ok(r.converged);
  });
});

// Keep the flatten helper exercised: flattenToFloat64 ∘ tensors = the values.
describe("analysis flatten helpers", () => {
  it("flattenToFloat64 concatenates in order", () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor1d([5]);
    assert.deepEqual(Array.from(flattenToFloat64([a, b])), [1, 2, 3, 4, 5]);
    tf.dispose([a, b]);
  });
});
