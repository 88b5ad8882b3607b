/**
 * The MLP's closed-form square-loss gradient and Hessian operator (models/mlp), warm-started Lanczos
 * and the edge-of-stability runner. Oracles: tfjs autodiff (gradients, reverse-over-reverse HVPs
 * through the vetted twice-differentiable activations), central finite differences of an independent
 * float64 host evaluation of the loss, central differences of the closed-form gradient, exact
 * eigenvalues of diagonal operators, Lanczos to convergence.
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
import { ValidationError } from "../../lib/runtime/errors";
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

/**
 * An independent float64 host evaluation of L(θ) = (1/2n) Σ‖s·(h_{L−1}W_L + b_L) − y_i‖² for a flat
 * parameter vector θ in flattenParams' leaf order (biases.0 …, weights.0 …), with the activation's
 * float64 scalar σ: the oracle for finite differences.
 */
function hostLoss(net: ReturnType<typeof mlp>, X: Float64Array, y: Float64Array, n: number): (theta: Float64Array) => number {
  const sizes = net.config.sizes;
  const L = sizes.length - 1;
  const s = net.config.outputScale;
  const sigma = (z: number) => net.activation.scalar(z);
  return (theta) => {
    const bOff: number[] = [];
    const wOff: number[] = [];
    let off = 0;
    for (let l = 0; l < L; l++) (bOff.push(off), (off += sizes[l + 1]));
    for (let l = 0; l < L; l++) (wOff.push(off), (off += sizes[l] * sizes[l + 1]));
    let total = 0;
    for (let i = 0; i < n; i++) {
      let h = Array.from(X.subarray(i * sizes[0], (i + 1) * sizes[0]));
      for (let l = 0; l < L; l++) {
        const out = sizes[l + 1];
        const z = new Array<number>(out);
        for (let k = 0; k < out; k++) {
          let acc = theta[bOff[l] + k];
          for (let j = 0; j < sizes[l]; j++) acc += h[j] * theta[wOff[l] + j * out + k];
          z[k] = acc;
        }
        h = l < L - 1 ? z.map(sigma) : z;
      }
      for (let k = 0; k < sizes[L]; k++) total += (s * h[k] - y[i * sizes[L] + k]) ** 2;
    }
    return total / (2 * n);
  };
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
          const op = pb.net.hessianOperator(pb.params, pb.X, pb.y);
          const got = op.matvec(v);
          op.dispose();
          // Same float32 arithmetic in a different order: agreement to ~1e-6 relative.
          assert.ok(relErr(got, ref) < 2e-5, `HVP relative error ${relErr(got, ref)}`);
          const g = pb.net.squareLossGradient(pb.params, pb.X, pb.y);
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
      const op = pb.net.hessianOperator(pb.params, pb.X, pb.y);
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
        const g = pb.net.squareLossGradient(p, pb.X, pb.y);
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

    for (const act of ["tanh", "softplus"] as ActivationName[]) {
      it(`${act}: gradient and Hessian-vector product equal float64 central differences of the loss`, () => {
        const pb = problem(act, 0.7, 2 + act.length);
        const n = pb.X.shape[0];
        const f64 = hostLoss(pb.net, Float64Array.from(pb.X.dataSync()), Float64Array.from(pb.y.dataSync()), n);
        const theta = flattenToFloat64(pb.leaves);
        const P = theta.length;
        const v = new Rng(21).normals(P);
        // The float64 oracle agrees with the float32 closed-form loss to float32 round-off.
        const loss32 = tf.tidy(() => pb.net.squareLoss(pb.params, pb.X, pb.y).dataSync()[0]);
        assert.ok(Math.abs(loss32 / f64(theta) - 1) < 1e-5, `${loss32} vs ${f64(theta)}`);
        const at = (dirs: [number, ArrayLike<number> | number][]): number => {
          const t = Float64Array.from(theta);
          for (const [c, d] of dirs) {
            if (typeof d === "number") t[d] += c;
            else for (let i = 0; i < P; i++) t[i] += c * d[i];
          }
          return f64(t);
        };
        // ∂_i L by central differences (step h: truncation O(h²) ≈ 1e-8, rounding 1e-16/h ≈ 1e-12).
        const h = 1e-4;
        const gFd = Float64Array.from({ length: P }, (_, i) => (at([[h, i]]) - at([[-h, i]])) / (2 * h));
        // (Hv)_i = ∂_i ∂_v L by the four-point mixed difference (truncation O(h²), rounding 1e-16/h² ≈ 1e-8).
        const hvFd = Float64Array.from({ length: P }, (_, i) =>
          (at([[h, i], [h, v]]) - at([[h, i], [-h, v]]) - at([[-h, i], [h, v]]) + at([[-h, i], [-h, v]])) / (4 * h * h));
        const g = pb.net.squareLossGradient(pb.params, pb.X, pb.y);
        const gFlat = flattenToFloat64(paramPaths(pb.params).map((k) => g.grads[k]));
        tf.dispose([g.loss, ...Object.values(g.grads)]);
        const op = pb.net.hessianOperator(pb.params, pb.X, pb.y);
        const Hv = op.matvec(v);
        op.dispose();
        // What remains is the float32 round-off of the closed forms: ~1e-6 relative; allow 1e-4.
        assert.ok(relErr(gFlat, gFd) < 1e-4, `gradient vs float64 FD: ${relErr(gFlat, gFd)}`);
        assert.ok(relErr(Hv, hvFd) < 1e-4, `HVP vs float64 FD: ${relErr(Hv, hvFd)}`);
        pb.dispose();
      });
    }

    it("names the argument at fault: bias, weight, X and y shapes", () => {
      const pb = problem("tanh", 1, 6);
      const badBias = { weights: pb.params.weights, biases: [pb.params.biases[0], tf.zeros([4]) as tf.Tensor1D, pb.params.biases[2]] };
      const named = (arg: string, re: RegExp) => (e: unknown) => e instanceof ValidationError && e.argument === arg && re.test(e.message);
      for (const call of [
        () => pb.net.apply(badBias, pb.X),
        () => pb.net.squareLoss(badBias, pb.X, pb.y),
        () => pb.net.squareLossGradient(badBias, pb.X, pb.y),
        () => pb.net.hessianOperator(badBias, pb.X, pb.y),
      ]) {
        assert.throws(call, named("params.biases[1]", /params\.biases\[1\] must have shape \[5\], got \[4\]/));
      }
      const badW = { weights: [pb.params.weights[0], tf.zeros([6, 4]) as tf.Tensor2D, pb.params.weights[2]], biases: pb.params.biases };
      assert.throws(() => pb.net.squareLossGradient(badW, pb.X, pb.y), named("params.weights[1]", /\[6, 5\]/));
      assert.throws(() => pb.net.squareLossGradient(pb.params, pb.X, tf.zeros([8, 3])), named("y", /y must have shape \[9, 3\]/));
      assert.throws(() => pb.net.squareLoss(pb.params, tf.zeros([9, 2]), pb.y), named("X", /X must have shape \[n, 4\]/));
      tf.dispose([badBias.biases[1], badW.weights[1]]);
      pb.dispose();
    });

    it("validates shapes and refuses a disposed operator", () => {
      const pb = problem("tanh", 1, 4);
      assert.throws(() => pb.net.hessianOperator(pb.params, pb.X, tf.zeros([9, 2])), /y must have shape \[9, 3\]/);
      const op = pb.net.hessianOperator(pb.params, pb.X, pb.y);
      assert.throws(() => op.matvec([1, 2]), /length/);
      op.dispose();
      assert.throws(() => op.matvec(new Float64Array(op.dim)), /disposed/);
      pb.dispose();
    });

    it("edge-of-stability run: first sharpness equals a converged Lanczos value; GD below 2/λ converges", async () => {
      const data = gaussianMixtureClassification({ n: 60, d: 5, classes: 3, seed: 1 });
      const net = mlp({ sizes: [5, 8, 3], activation: "tanh" });
      const p0 = net.init(2);
      const op = net.hessianOperator(p0, data.X, data.y);
      const lam = lanczosEigs(op.matvec, op.dim, { k: 1, tol: 1e-9 }).values[0];
      op.dispose();
      const r = await noLeak(() => edgeOfStabilityRun({ net, params: p0, X: data.X, y: data.y, lr: 0.5 / lam, steps: 40, sharpnessEvery: 10, lanczosSteps: 20 }));
      // 20 Lanczos steps on a 83-dimensional operator: converged to float32 round-off.
      assert.ok(Math.abs(r.sharpness[0] - lam) < 1e-4 * lam, `${r.sharpness[0]} vs ${lam}`);
      assert.deepEqual(r.step, [0, 10, 20, 30, 40]);
      assert.ok(r.loss[4] < r.loss[0] && !r.diverged && !r.reached && r.ratio < 1);
      assert.equal(r.threshold, (2 * lam) / 0.5);
      assert.equal(r.sharpening, r.finalSharpness / r.sharpness[0]);
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

  it("mlp init \"uniform\" (PyTorch's default): weights and biases U(±1/√fan_in), variance 1/(3·fan_in)", () => {
    const net = mlp({ sizes: [50, 64, 10], init: "uniform" });
    const p = net.init(3);
    [50, 64].forEach((fanIn, l) => {
      const bound = 1 / Math.sqrt(fanIn);
      for (const t of [p.weights[l], p.biases[l]]) {
        const v = Array.from(t.dataSync());
        assert.ok(v.every((x) => Math.abs(x) <= bound), `layer ${l}: outside ±${bound}`);
      }
      const w = Array.from(p.weights[l].dataSync());
      const varW = w.reduce((a, x) => a + x * x, 0) / w.length;
      // Relative standard error of the mean of x² for uniform x: √(Var x²/N)/E x² = √(0.8/N); allow 4 of them.
      const tol = 4 * Math.sqrt(0.8 / w.length);
      assert.ok(Math.abs(varW / (bound * bound / 3) - 1) < tol, `layer ${l}: variance ${varW}`);
      assert.ok(p.biases[l].dataSync().some((x) => x !== 0));
    });
    disposeParams(p);
    assert.throws(() => mlp({ sizes: [2, 1], init: "xavier" as "uniform" }), (e: unknown) => e instanceof ValidationError && e.argument === "init");
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
