/**
 * The closed-form two-layer gradient against tfjs autodiff of the same loss (all three losses,
 * relu and tanh, with and without biases, all parameters or the outer layer only).
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { twoLayer, disposeParams } from "../../lib/models";
import type { ActivationName, TwoLayerParams } from "../../lib/models";
import { twoLayerGrad, lossByName, trainTwoLayer, gd } from "../../lib/train";
import type { LossName } from "../../lib/train";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";

const KEYS = ["W", "a", "b", "b0"] as const;

/** Autodiff gradients of ℓ(f_θ(X), y) with respect to the keys present in params. */
function autodiff(net: ReturnType<typeof twoLayer>, p: TwoLayerParams, X: tf.Tensor, y: tf.Tensor, loss: LossName) {
  const keys = KEYS.filter((k) => p[k] !== undefined);
  const g = tf.grads((...ts: tf.Tensor[]) => {
    const q: TwoLayerParams = { ...p };
    keys.forEach((k, i) => ((q as unknown as Record<string, tf.Tensor>)[k] = ts[i]));
    return lossByName(loss)(net.apply(q, X), y);
  })(keys.map((k) => p[k]!));
  return Object.fromEntries(keys.map((k, i) => [k, g[i]])) as Record<string, tf.Tensor>;
}

function maxRelErr(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1e-12, tf.max(tf.abs(b)).dataSync()[0]));
}

// Both sides are float32 with the same sums reordered (n = 40, m = 25 terms): relative differences
// ~√n·2⁻²⁴ ≈ 4e-7 of the largest entry; 1e-5 bounds it with margin and catches any missing term.
const TOL = 1e-5;

for (const be of TEST_BACKENDS) {
  describe(`fused two-layer gradient on ${be}`, () => {
    before(() => useBackend(be));
    const n = 40;
    const d = 6;
    const m = 25;

    for (const act of ["relu", "tanh"] as ActivationName[]) {
      for (const [bias, outputBias] of [[false, false], [true, false], [true, true]]) {
        for (const loss of ["square", "hinge", "logistic"] as LossName[]) {
          it(`${act}, bias ${bias}, output bias ${outputBias}, ${loss}: equals autodiff`, async () => {
            const net = twoLayer({ d, m, activation: act, bias, outputBias, scaling: "ntk", init: { b: { gaussian: 0.5 }, b0: "uniformFanIn" } });
            await noLeak(() =>
              tf.tidy(() => {
                const p = net.init(4);
                const rng = new Rng(9);
                const X = rng.normalTensor([n, d]);
                const y = loss === "square" ? rng.normalTensor([n]) : tf.sign(rng.normalTensor([n]));
                const fused = twoLayerGrad(net, p, X, y, loss);
                const ref = autodiff(net, p, X, y, loss);
                assert.ok(Math.abs(fused.loss.dataSync()[0] - lossByName(loss)(net.apply(p, X), y).dataSync()[0]) < 1e-6, "loss");
                for (const k of Object.keys(ref)) {
                  const g = (fused.grads as unknown as Record<string, tf.Tensor>)[k];
                  assert.ok(g, `missing gradient ${k}`);
                  assert.deepEqual(g.shape, ref[k].shape);
                  const e = maxRelErr(g, ref[k]);
                  assert.ok(e < TOL, `${k}: relative error ${e.toExponential(2)}`);
                }
              }),
            );
          });
        }
      }
    }

    it("random features (trainable 'outer'): only ∂L/∂a, equal to autodiff", () => {
      tf.tidy(() => {
        const net = twoLayer({ d, m, trainable: "outer", init: { W: "sphere" } });
        const p = net.init(1);
        const rng = new Rng(2);
        const X = rng.normalTensor([n, d]);
        const y = tf.sign(rng.normalTensor([n]));
        const fused = twoLayerGrad(net, p, X, y, "hinge");
        assert.equal(fused.grads.W, undefined);
        assert.ok(maxRelErr(fused.grads.a, autodiff(net, p, X, y, "hinge").a) < TOL);
      });
    });

    it("random features with an output bias: ∂L/∂a and ∂L/∂b0, equal to autodiff", () => {
      tf.tidy(() => {
        const net = twoLayer({ d, m, trainable: "outer", outputBias: true, init: { W: "sphere", b0: "uniformFanIn" } });
        assert.deepEqual(net.trainableKeys, ["a", "b0"]);
        const p = net.init(1);
        const rng = new Rng(2);
        const X = rng.normalTensor([n, d]);
        const y = rng.normalTensor([n]);
        const fused = twoLayerGrad(net, p, X, y, "square");
        const ref = autodiff(net, p, X, y, "square");
        assert.equal(fused.grads.W, undefined);
        assert.ok(maxRelErr(fused.grads.a, ref.a) < TOL);
        assert.ok(maxRelErr(fused.grads.b0!, ref.b0) < TOL);
      });
    });

    it("one fused step of trainTwoLayer is θ − lr·∇L", async () => {
      const net = twoLayer({ d, m, bias: true, outputBias: true, init: "pytorch" });
      await noLeak(() => {
        const p = net.init(3);
        const rng = new Rng(5);
        const X = rng.normalTensor([n, d]);
        const y = tf.tidy(() => tf.sign(rng.normalTensor([n])));
        const r = trainTwoLayer({ model: net, params: p, X, y, loss: "logistic", optimizer: gd(0.7), steps: 1 });
        tf.tidy(() => {
          const g = autodiff(net, p, X, y, "logistic");
          for (const k of KEYS) {
            const want = tf.sub(p[k]!, tf.mul(g[k], 0.7));
            assert.ok(maxRelErr(r.params[k]!, want) < TOL, k);
          }
        });
        disposeParams(p);
        disposeParams(r.params);
        tf.dispose([X, y]);
      });
    });

    it("validates its inputs", () => {
      tf.tidy(() => {
        const net = twoLayer({ d, m });
        const p = net.init(0);
        assert.throws(() => twoLayerGrad(net, p, tf.zeros([5, d + 1]), tf.zeros([5]), "hinge"), (e: unknown) => e instanceof ValidationError && /X must have shape/.test(e.message));
        assert.throws(() => twoLayerGrad(net, p, tf.zeros([5, d]), tf.zeros([4]), "hinge"), (e: unknown) => e instanceof ValidationError && /\by\b/.test(e.message));
        assert.throws(() => twoLayerGrad(net, p, tf.zeros([5, d]), tf.zeros([5]), "l1" as LossName), (e: unknown) => e instanceof ValidationError && /loss/.test(e.message));
        assert.throws(() => gd(NaN), (e: unknown) => e instanceof ValidationError && /lr/.test(e.message));
      });
    });
  });
}
