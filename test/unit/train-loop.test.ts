/**
 * The training loop and update transforms: convergence rates on least squares (closed-form
 * optimum), Langevin's stationary variance, epoch-wise sampling, divergence errors, leaks,
 * determinism, masks, the fused two-layer path, and argument validation.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { twoLayer, disposeParams } from "../../lib/models";
import { twoLayerGrad } from "../../lib/train";
import {
  trainLoop,
  trainLoopAsync,
  trainTwoLayer,
  gd,
  sgd,
  langevin,
  chain,
  momentum,
  scaleBy,
  weightDecay,
  squareLoss,
  hingeLoss,
} from "../../lib/train";
import { Rng } from "../../lib/runtime/rng";
import { DivergenceError, ValidationError } from "../../lib/runtime/errors";

/** A least-squares problem in d = 2 with its float64 optimum and the extreme Hessian eigenvalues. */
function leastSquares(n: number, seed: number, noise: number) {
  const rng = new Rng(seed);
  const Xa = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
  const star = [1.5, -0.5];
  const ya = Xa.map((x) => x[0] * star[0] + x[1] * star[1] + noise * rng.normal());
  // H = XᵀX/n (2×2), b = Xᵀy/n; θ* = H⁻¹b; eigenvalues in closed form.
  let h00 = 0, h01 = 0, h11 = 0, b0 = 0, b1 = 0; // prettier-ignore
  Xa.forEach((x, i) => {
    h00 += (x[0] * x[0]) / n;
    h01 += (x[0] * x[1]) / n;
    h11 += (x[1] * x[1]) / n;
    b0 += (x[0] * ya[i]) / n;
    b1 += (x[1] * ya[i]) / n;
  });
  const det = h00 * h11 - h01 * h01;
  const opt = [(h11 * b0 - h01 * b1) / det, (h00 * b1 - h01 * b0) / det];
  const tr = h00 + h11;
  const disc = Math.sqrt((tr * tr) / 4 - det);
  const lossAt = (th: number[]) => Xa.reduce((s, x, i) => s + (x[0] * th[0] + x[1] * th[1] - ya[i]) ** 2, 0) / (2 * n);
  return {
    X: tf.tensor2d(Xa),
    y: tf.tensor1d(ya),
    opt,
    mu: tr / 2 - disc,
    L: tr / 2 + disc,
    R2: Math.max(...Xa.map((x) => x[0] * x[0] + x[1] * x[1])),
    lossAt,
  };
}

const linLoss = (theta: tf.Tensor, Xb: tf.Tensor, yb: tf.Tensor) =>
  squareLoss(tf.reshape(tf.matMul(Xb as tf.Tensor2D, tf.reshape(theta, [2, 1])), [-1]), yb);

for (const be of TEST_BACKENDS) {
  describe(`training loop on ${be}`, () => {
    before(() => useBackend(be));

    it("GD on least squares: monotone decrease at the rate (1 − lr·μ)^{2t}", async () => {
      const P = leastSquares(64, 1, 0.3);
      await noLeak(() => {
        const lr = 1 / P.L; // ≤ 1/L: monotone descent, gap_t ≤ (1 − lr μ)^{2t} gap_0 on a quadratic
        const theta0 = tf.zeros([2]);
        const steps = 60;
        const r = trainLoop({ params: theta0, loss: linLoss, X: P.X, y: P.y, optimizer: gd(lr), steps });
        const Lstar = P.lossAt(P.opt);
        const gap0 = r.history.loss[0] - Lstar;
        for (let t = 1; t < r.history.loss.length; t++) {
          // float32 loss evaluation rounding ~1e-7·L: allowance for ties near the optimum.
          assert.ok(r.history.loss[t] <= r.history.loss[t - 1] + 1e-6, `loss rose at step ${t}`);
        }
        const gapT = r.history.loss[steps] - Lstar;
        const bound = (1 - lr * P.mu) ** (2 * steps) * gap0;
        assert.ok(gapT <= bound + 1e-6, `gap ${gapT} > bound ${bound}`);
        assert.equal(r.steps, steps);
        assert.deepEqual(r.history.step, Array.from({ length: steps + 1 }, (_, t) => t));
        tf.dispose([theta0, r.params]);
      });
      tf.dispose([P.X, P.y]);
    });

    it("SGD (B = 1) on a realizable least-squares problem converges to θ*", async () => {
      const P = leastSquares(32, 2, 0);
      await noLeak(() => {
        const lr = 1 / (2 * P.R2);
        const steps = 300;
        const theta0 = tf.zeros([2]);
        const r = trainLoop({ params: theta0, loss: linLoss, X: P.X, y: P.y, optimizer: sgd(lr), steps, batchSize: 1, seed: 3, evalEvery: 50 });
        const th = Array.from((r.params as tf.Tensor).dataSync());
        const dist2 = (th[0] - P.opt[0]) ** 2 + (th[1] - P.opt[1]) ** 2;
        const dist0 = P.opt[0] ** 2 + P.opt[1] ** 2;
        // Realizable case with lr ≤ 1/R²: E‖θ_t − θ*‖² ≤ (1 − lr μ)^t ‖θ₀ − θ*‖². Markov at level 20
        // (a 5 % event for this fixed seed); float32 floor 1e-10.
        const bound = 20 * (1 - lr * P.mu) ** steps * dist0 + 1e-10;
        assert.ok(dist2 <= bound, `‖θ − θ*‖² = ${dist2} > ${bound}`);
        assert.deepEqual(r.history.step, [0, 50, 100, 150, 200, 250, 300]);
        tf.dispose([theta0, r.params]);
      });
      tf.dispose([P.X, P.y]);
    });

    it("Langevin on (k/2)θ² reaches the stationary variance T/(k(1 − lr·k/2))", async () => {
      const N = 4000; // independent chains
      const k = 2;
      const T = 0.5;
      const lr = 0.05;
      await noLeak(() => {
        const X = tf.zeros([1, 1]);
        const y = tf.zeros([1]);
        const theta0 = tf.zeros([N]);
        const r = trainLoop({
          params: theta0,
          loss: (th) => tf.mul(tf.sum(tf.square(th)), k / 2) as tf.Scalar,
          X,
          y,
          optimizer: langevin(lr, T, 7),
          steps: 200, // transient (1 − lr k)^{2t} = 0.9^400 ≈ 5e-19
          evalEvery: 200,
        });
        const th = Array.from((r.params as tf.Tensor).dataSync());
        const mean = th.reduce((s, v) => s + v, 0) / N;
        const v = th.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1);
        const exact = T / (k * (1 - (lr * k) / 2));
        // Sample variance of N Gaussians: relative sd √(2/(N−1)) ≈ 2.2 %; sample mean sd √(v/N). 4 sd each.
        assert.ok(Math.abs(v / exact - 1) < 4 * Math.sqrt(2 / (N - 1)), `variance ${v}, exact ${exact}`);
        assert.ok(Math.abs(mean) < 4 * Math.sqrt(exact / N), `mean ${mean}`);
        tf.dispose([X, y, theta0, r.params]);
      });
    });

    it("SGD without replacement visits every sample once per epoch; with replacement draws B in range", () => {
      const n = 10;
      const X = tf.tensor2d(Array.from({ length: n }, (_, i) => [i]));
      const y = tf.zeros([n]);
      const theta = tf.scalar(1);
      for (const replacement of [false, true]) {
        const seen: number[][] = [];
        const r = trainLoop({
          params: theta,
          loss: (th, Xb) => {
            seen.push(Array.from(Xb.dataSync()));
            return tf.mul(tf.sum(Xb), th) as tf.Scalar;
          },
          X,
          y,
          optimizer: sgd(0),
          steps: 8,
          batchSize: 3,
          replacement,
          seed: 4,
        });
        const steps = seen.slice(0, 8);
        if (!replacement) {
          assert.deepEqual(steps.map((b) => b.length), [3, 3, 3, 1, 3, 3, 3, 1]);
          for (const epoch of [steps.slice(0, 4).flat(), steps.slice(4, 8).flat()]) {
            assert.deepEqual([...epoch].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
          }
          assert.notDeepEqual(steps.slice(0, 4).flat(), steps.slice(4, 8).flat(), "a fresh permutation each epoch");
        } else {
          for (const b of steps) {
            assert.equal(b.length, 3);
            for (const i of b) assert.ok(Number.isInteger(i) && i >= 0 && i < n);
          }
        }
        tf.dispose(r.params);
      }
      tf.dispose([X, y, theta]);
    });

    it("a too-large step size raises DivergenceError naming the step and lr, without leaking", async () => {
      // θ_{t+1} = (1 − lr)θ_t = (−2)^{t+1} for lr = 3 on L = θ²/2: θ² = 2^{2t} overflows float32 at t = 64.
      await noLeak(() => {
        const X = tf.zeros([1, 1]);
        const y = tf.zeros([1]);
        const theta0 = tf.scalar(1);
        assert.throws(
          () => trainLoop({ params: theta0, loss: (th) => tf.mul(tf.square(th), 0.5) as tf.Scalar, X, y, optimizer: gd(3), steps: 200 }),
          (e: unknown) => e instanceof DivergenceError && e.step === 64 && e.lr === 3 && /step 64/.test(e.message) && /lr = 3/.test(e.message),
        );
        tf.dispose([X, y, theta0]);
      });
    });

    it("momentum + weight decay + SGD with metrics and callbacks leaves no tensors behind", async () => {
      const P = leastSquares(20, 5, 0.1);
      await noLeak(() => {
        const theta0 = tf.zeros([2]);
        let calls = 0;
        const r = trainLoop({
          params: { theta: theta0 },
          loss: (p, Xb, yb) => linLoss(p.theta, Xb, yb),
          X: P.X,
          y: P.y,
          optimizer: chain(weightDecay(0.01), momentum(0.9), scaleBy(0.05)),
          steps: 30,
          batchSize: 4,
          seed: 1,
          evalEvery: 10,
          metrics: { norm: (p) => tf.norm(p.theta).dataSync()[0] },
          callbacks: [() => void calls++],
        });
        assert.deepEqual(r.history.step, [0, 10, 20, 30]);
        assert.equal(r.history.norm.length, 4);
        assert.equal(r.history.norm[0], 0);
        assert.equal(calls, 4);
        tf.dispose([theta0, r.params.theta]);
      });
      tf.dispose([P.X, P.y]);
    });

    it("heavy-ball momentum follows the float64 recurrence v ← βv + g, θ ← θ − lr·v", () => {
      const X = tf.zeros([1, 1]);
      const y = tf.zeros([1]);
      const theta0 = tf.scalar(1);
      const k = 0.8, beta = 0.9, lr = 0.1, steps = 40; // prettier-ignore
      const r = trainLoop({ params: theta0, loss: (th) => tf.mul(tf.square(th), k / 2) as tf.Scalar, X, y, optimizer: chain(momentum(beta), scaleBy(lr)), steps });
      let th = 1;
      let v = 0;
      for (let t = 0; t < steps; t++) {
        v = beta * v + k * th;
        th -= lr * v;
      }
      // float32 recurrence over 40 steps of a contraction: error ~40·2⁻²⁴ relative.
      assert.ok(Math.abs((r.params as tf.Tensor).dataSync()[0] - th) < 1e-5, `${(r.params as tf.Tensor).dataSync()[0]} vs ${th}`);
      tf.dispose([X, y, theta0, r.params]);
    });

    it("same seed → identical history; another seed → different", async () => {
      const P = leastSquares(16, 6, 0.5);
      const run = (seed: number) => {
        const theta0 = tf.zeros([2]);
        const r = trainLoop({ params: theta0, loss: linLoss, X: P.X, y: P.y, optimizer: langevin(0.05, 0.01, seed), steps: 25, batchSize: 5, seed });
        tf.dispose([theta0, r.params]);
        return r.history.loss;
      };
      assert.deepEqual(run(3), run(3));
      assert.notDeepEqual(run(3), run(4));
      const theta0 = tf.zeros([2]);
      const a = trainLoop({ params: theta0, loss: linLoss, X: P.X, y: P.y, optimizer: gd(0.1), steps: 10 });
      const b = await trainLoopAsync({ params: theta0, loss: linLoss, X: P.X, y: P.y, optimizer: gd(0.1), steps: 10 });
      assert.deepEqual(a.history, b.history);
      tf.dispose([theta0, a.params, b.params, P.X, P.y]);
    });

    it("trainable masks freeze the other leaves (random features)", async () => {
      const net = twoLayer({ d: 3, m: 10, trainable: "outer" });
      const rng = new Rng(8);
      const X = rng.normalTensor([12, 3]);
      const y = tf.tidy(() => tf.sign(rng.normalTensor([12])));
      const p0 = net.init(2);
      await noLeak(() => {
        const r = trainLoop({ params: p0, loss: (p, Xb, yb) => hingeLoss(net.apply(p, Xb), yb), X, y, optimizer: gd(0.5), steps: 5, trainable: ["a"] });
        assert.deepEqual(Array.from(r.params.W.dataSync()), Array.from(p0.W.dataSync()));
        assert.notDeepEqual(Array.from(r.params.a.dataSync()), Array.from(p0.a.dataSync()));
        assert.notEqual(r.params.W, p0.W, "the result owns its tensors");
        disposeParams(r.params);
      });
      disposeParams(p0);
      tf.dispose([X, y]);
    });

    it("trainTwoLayer: the fused path gives the autodiff history (full batch and mini-batch)", async () => {
      const net = twoLayer({ d: 4, m: 16, bias: true, scaling: "ntk" });
      const rng = new Rng(9);
      const X = rng.normalTensor([30, 4]);
      const y = tf.tidy(() => tf.sign(rng.normalTensor([30])));
      const p0 = net.init(1);
      for (const batchSize of [undefined, 8]) {
        await noLeak(() => {
          const common = { model: net, params: p0, X, y, loss: "hinge" as const, optimizer: gd(0.5), steps: 12, batchSize, seed: 2 };
          const fused = trainTwoLayer(common);
          const auto = trainTwoLayer({ ...common, autodiff: true });
          // Same float32 computation reordered; differences ~1e-7 per step, compounded over 12 steps.
          fused.history.loss.forEach((l, t) => assert.ok(Math.abs(l - auto.history.loss[t]) < 1e-4, `step ${t}: ${l} vs ${auto.history.loss[t]}`));
          disposeParams(fused.params);
          disposeParams(auto.params);
        });
      }
      disposeParams(p0);
      tf.dispose([X, y]);
    });

    it("online learning: each step trains on stream(t); equals the same steps taken by hand, without leaks", async () => {
      const net = twoLayer({ d: 3, m: 8, bias: true, outputBias: true, scaling: "standard", init: "pytorch" });
      const p0 = net.init(4);
      const batchAt = (t: number) => {
        const rng = new Rng(100 + t);
        return { X: rng.normalTensor([6, 3]), y: tf.tidy(() => tf.sign(rng.normalTensor([6]))) };
      };
      await noLeak(() => {
        const seen: number[] = [];
        const run = trainTwoLayer({
          model: net,
          params: p0,
          loss: "hinge",
          optimizer: gd(0.3),
          steps: 5,
          stream: (t) => {
            seen.push(t);
            return batchAt(t);
          },
        });
        assert.deepEqual(seen, [0, 1, 2, 3, 4, 5], "one fresh batch per step, and one for the final point");
        // By hand: θ_{t+1} = θ_t − lr·∇L(θ_t; batch_t) with the fused step.
        let p = p0;
        for (let t = 0; t < 5; t++) {
          const b = batchAt(t);
          const g = twoLayerGrad(net, p, b.X, b.y, "hinge");
          assert.ok(Math.abs(g.loss.dataSync()[0] - run.history.loss[t]) < 1e-6, `step ${t} loss`);
          const next = tf.tidy(() => ({
            W: tf.sub(p.W, tf.mul(g.grads.W!, 0.3)) as tf.Tensor2D,
            a: tf.sub(p.a, tf.mul(g.grads.a, 0.3)) as tf.Tensor1D,
            b: tf.sub(p.b!, tf.mul(g.grads.b!, 0.3)) as tf.Tensor1D,
            b0: tf.sub(p.b0!, tf.mul(g.grads.b0!, 0.3)) as tf.Tensor1D,
          }));
          tf.dispose([g.loss, ...Object.values(g.grads)]);
          if (p !== p0) disposeParams(p);
          p = next;
          tf.dispose([b.X, b.y]);
        }
        for (const k of ["W", "a", "b", "b0"] as const) {
          const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(p[k]!, run.params[k]!))).dataSync()[0]);
          assert.ok(diff < 1e-6, `${k}: ${diff}`);
        }
        disposeParams(p);
        disposeParams(run.params);
      });
      disposeParams(p0);
    });

    it("validation errors name the argument", () => {
      const isVE = (re: RegExp) => (e: unknown) => e instanceof ValidationError && re.test(e.message);
      const X0 = tf.zeros([2, 2]);
      const y0 = tf.zeros([2]);
      const th0 = tf.zeros([2]);
      assert.throws(() => trainLoop({ params: th0, loss: linLoss, X: X0, y: y0, stream: () => ({ X: X0, y: y0 }), optimizer: gd(0.1), steps: 1 }), isVE(/either stream/));
      assert.throws(() => trainLoop({ params: th0, loss: linLoss, optimizer: gd(0.1), steps: 1 }), isVE(/X must be a tensor/));
      assert.throws(() => trainLoop({ params: th0, loss: linLoss, stream: () => ({ X: X0, y: tf.zeros([3]) }), optimizer: gd(0.1), steps: 1 }), isVE(/stream\(0\)/));
      tf.dispose([X0, y0, th0]);
      assert.throws(() => gd(NaN), isVE(/lr.*NaN/));
      assert.throws(() => langevin(0.1, -1, 0), isVE(/temperature/));
      assert.throws(() => momentum(1.5), isVE(/beta/));
      const X = tf.zeros([4, 2]);
      const y = tf.zeros([4]);
      const th = tf.zeros([2]);
      const base = { params: th, loss: linLoss, X, y, optimizer: gd(0.1), steps: 3 };
      assert.throws(() => trainLoop({ ...base, steps: -1 }), isVE(/steps/));
      assert.throws(() => trainLoop({ ...base, batchSize: 0 }), isVE(/batchSize/));
      const y3 = tf.zeros([3]);
      assert.throws(() => trainLoop({ ...base, y: y3 }), isVE(/\by\b.*rows/));
      assert.throws(() => trainLoop({ ...base, params: { theta: th }, loss: (p, Xb, yb) => linLoss(p.theta, Xb, yb), trainable: ["W"] }), isVE(/trainable.*"W"/));
      assert.throws(() => trainLoop({ ...base, metrics: { loss: () => 0 } }), isVE(/metrics/));
      tf.dispose([X, y, th, y3]);
    });
  });
}
