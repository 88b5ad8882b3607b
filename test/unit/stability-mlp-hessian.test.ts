/**
 * Closed-form MLP square-loss gradient and Hessian operator, warm-started Lanczos and the
 * edge-of-stability runner. Oracles: tfjs autodiff (gradients, reverse-over-reverse HVPs through the
 * vetted twice-differentiable activations), central finite differences of the gradient in float64
 * directions, exact eigenvalues of diagonal operators, Lanczos to convergence.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { mlp } from "../../lib/models/mlp";
import { flattenParams, paramPaths, unflattenParams, disposeParams } from "../../lib/models/params";
import type { ActivationName } from "../../lib/models/types";
import { squareLoss } from "../../lib/train/losses";
import { hvpFlat, flattenToFloat64, flatParamCount } from "../../lib/analysis/hessian";
import { lanczosEigs } from "../../lib/numerics/lanczos";
import { mlpHessianOperator, mlpSquareLossGradient } from "../../lib/experiments/stability/mlpSquareLoss";
import { warmStartTopEig } from "../../lib/numerics/lanczos";
import { edgeOfStabilityRun } from "../../lib/experiments/stability/edgeOfStability";
import { gaussianMixtureClassification } from "../../lib/data/gaussianMixture";
import { poolImages } from "../../lib/data/images";
import { relErr } from "../helpers/compare";

function problem(act: ActivationName, outputScale: number, seed: number) {
  const r = new Rng(seed);
  const n = 9;
  const sizes = [4, 6, 5, 3];
  const X = r.normalTensor([n, sizes[0]]) as tf.Tensor2D;
  const y = r.normalTensor([n, 3]) as tf.Tensor2D;
  const net = mlp({ sizes, activation: act, outputScale });
  const params = net.init(seed + 1);
  // Non-zero biases so every term of the formulas is exercised.
  const biased = { weights: params.weights, biases: params.biases.map((b, l) => r.child("b", l).normalTensor(b.shape, 0.3) as tf.Tensor1D) };
  tf.dispose(params.biases);
  const leaves = flattenParams(biased);
  const lossFn = (ls: tf.Tensor[]) => squareLoss(net.apply(unflattenParams(biased, ls), X), y);
  return { net, params: biased, X, y, leaves, lossFn, dispose: () => { disposeParams(biased); tf.dispose([X, y]); } };
}

for (const be of TEST_BACKENDS) {
  describe(`stability: MLP square loss in closed form (${be})`, () => {
    before(() => useBackend(be));

    for (const act of ["tanh", "erf", "softplus"] as ActivationName[]) {
      it(`${act}: gradient and Hessian-vector product equal autodiff's`, async () => {
        const pb = problem(act, 0.7, act.length);
        const P = flatParamCount(pb.leaves);
        const v = new Rng(11).normals(P);
        await noLeak(() => {
          const ref = hvpFlat(pb.lossFn, pb.leaves, v);
          const op = mlpHessianOperator(pb.net, pb.params, pb.X, pb.y);
          const got = op.matvec(v);
          op.dispose();
          // Same float32 arithmetic in a different order: agreement to ~1e-6 relative.
          assert.ok(relErr(got, ref) < 2e-5, `HVP relative error ${relErr(got, ref)}`);
          const g = mlpSquareLossGradient(pb.net, pb.params, pb.X, pb.y);
          const gAuto = tf.grads((...ls: tf.Tensor[]) => pb.lossFn(ls))(pb.leaves);
          const gFlat = flattenToFloat64(paramPaths(pb.params).map((k) => g.grads[k]));
          assert.ok(relErr(gFlat, flattenToFloat64(gAuto)) < 2e-6);
          assert.ok(Math.abs(g.loss.dataSync()[0] - tf.tidy(() => pb.lossFn(pb.leaves).dataSync()[0])) < 1e-6);
          tf.dispose([g.loss, ...Object.values(g.grads), ...gAuto]);
        });
        pb.dispose();
      });
    }

    it("tanh: Hessian-vector product equals central differences of the closed-form gradient", () => {
      const pb = problem("tanh", 1, 3);
      const P = flatParamCount(pb.leaves);
      const v = new Rng(5).normals(P);
      const op = mlpHessianOperator(pb.net, pb.params, pb.X, pb.y);
      const Hv = op.matvec(v);
      op.dispose();
      const h = 1e-2;
      const gradAt = (sign: number): Float64Array => {
        let off = 0;
        const shifted = pb.leaves.map((t) => {
          const d = Float32Array.from(t.dataSync() as Float32Array);
          for (let i = 0; i < d.length; i++) d[i] += sign * h * v[off + i];
          off += t.size;
          return tf.tensor(d, t.shape);
        });
        const p = unflattenParams(pb.params, shifted);
        const g = mlpSquareLossGradient(pb.net, p, pb.X, pb.y);
        const flat = flattenToFloat64(paramPaths(p).map((k) => g.grads[k]));
        tf.dispose([g.loss, ...Object.values(g.grads), ...shifted]);
        return flat;
      };
      const gp = gradAt(1);
      const gm = gradAt(-1);
      const fd = gp.map((x, i) => (x - gm[i]) / (2 * h));
      // Central differences: O(h²) truncation ≈ 1e-4 relative plus float32 rounding ≈ 1e-7/h.
      assert.ok(relErr(Hv, fd) < 2e-3, `FD relative error ${relErr(Hv, fd)}`);
      pb.dispose();
    });

    it("validates shapes and refuses a disposed operator", () => {
      const pb = problem("tanh", 1, 4);
      assert.throws(() => mlpHessianOperator(pb.net, pb.params, pb.X, tf.zeros([9, 2])), /y must have shape \[9, 3\]/);
      const op = mlpHessianOperator(pb.net, pb.params, pb.X, pb.y);
      assert.throws(() => op.matvec([1, 2]), /length/);
      op.dispose();
      assert.throws(() => op.matvec(new Float64Array(op.dim)), /disposed/);
      pb.dispose();
    });

    it("edge-of-stability run: first sharpness equals a converged Lanczos value; GD below 2/λ converges", async () => {
      const data = gaussianMixtureClassification({ n: 60, d: 5, classes: 3, seed: 1 });
      const net = mlp({ sizes: [5, 8, 3], activation: "tanh" });
      const p0 = net.init(2);
      const op = mlpHessianOperator(net, p0, data.X, data.y);
      const lam = lanczosEigs(op.matvec, op.dim, { k: 1, tol: 1e-9 }).values[0];
      op.dispose();
      const r = await noLeak(() => edgeOfStabilityRun({ net, params: p0, X: data.X, y: data.y, lr: 0.5 / lam, steps: 40, sharpnessEvery: 10, lanczosSteps: 20 }));
      // 20 Lanczos steps on a 83-dimensional operator: converged to float32 round-off.
      assert.ok(Math.abs(r.sharpness[0] - lam) < 1e-4 * lam, `${r.sharpness[0]} vs ${lam}`);
      assert.deepEqual(r.step, [0, 10, 20, 30, 40]);
      assert.ok(r.loss[4] < r.loss[0] && !r.diverged && !r.reached && r.ratio < 1);
      assert.equal(r.threshold, (2 * lam) / 0.5);
      disposeParams(p0);
      tf.dispose([data.X, data.y]);
    });
  });
}

describe("stability: warm-started Lanczos, data helpers (host)", () => {
  it("warmStartTopEig finds the top eigenvalue of a diagonal operator; a good start needs fewer steps", () => {
    const dim = 200;
    const diag = Float64Array.from({ length: dim }, (_, i) => (i === 7 ? 10 : 9 * Math.sin(i) ** 2));
    const mv = (v: Float64Array) => v.map((x, i) => x * diag[i]);
    const cold = warmStartTopEig(mv, dim, null, { steps: 40 });
    assert.ok(Math.abs(cold.value - 10) < 1e-8, `cold ${cold.value}`);
    const start = new Float64Array(dim);
    start[7] = 1;
    start[3] = 0.1;
    const warm = warmStartTopEig(mv, dim, start, { steps: 3, jitter: 0.01 });
    assert.ok(Math.abs(warm.value - 10) < 1e-4 && warm.value <= 10 + 1e-12, `warm ${warm.value}`);
    assert.ok(Math.abs(Math.abs(warm.vector[7]) - 1) < 1e-3);
    assert.throws(() => warmStartTopEig(mv, dim, [1, 2]), /length 200/);
  });

  it("Gaussian mixture: balanced classes, one-hot targets, class means of the stated scale", () => {
    const g = gaussianMixtureClassification({ n: 2000, d: 50, classes: 10, meanStd: 0.3, seed: 0 });
    assert.deepEqual(g.X.shape, [2000, 50]);
    assert.deepEqual(Array.from(g.y.sum(0).dataSync()), new Array(10).fill(200));
    // Mean squared norm of x: d(meanStd² + noiseStd²) = 50·1.09 = 54.5, ± a few % from sampling.
    const ms = g.X.square().sum(1).mean().dataSync()[0];
    assert.ok(Math.abs(ms / 54.5 - 1) < 0.05, `${ms}`);
    tf.dispose([g.X, g.y]);
  });

  it("poolImages averages blocks and standardises to unit mean squared norm", () => {
    const px = Float32Array.from({ length: 2 * 16 }, (_, i) => i % 16);
    const X = poolImages(px, 2, 4, 2);
    assert.deepEqual(Array.from(X.dataSync()), [2.5, 4.5, 10.5, 12.5, 2.5, 4.5, 10.5, 12.5]);
    const r = new Rng(1).uniforms(5 * 16);
    const S = poolImages(r, 5, 4, 2, { standardize: true });
    const mean = S.mean(0).dataSync();
    assert.ok(Array.from(mean).every((m) => Math.abs(m) < 1e-6));
    assert.ok(Math.abs(S.square().sum(1).mean().dataSync()[0] - 1) < 1e-5);
    assert.throws(() => poolImages(px, 2, 4, 3), /divisible/);
    tf.dispose([X, S]);
  });
});
