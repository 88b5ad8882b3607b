/**
 * Hyperparameters: every path that takes the same argument validates it with the same helper, so the
 * same bad value gets the same ValidationError whichever door it comes through: a step size through
 * gd, sgd, langevin, scaleBy, addNoise, the fused two-layer step and the float64 ReLU-network GD; a
 * width through the two-layer model, its Gram matrix and the ReLU network; a bias vector of the wrong
 * shape through the MLP forward pass, its closed-form gradient, the fused two-layer gradient and the
 * two-layer Gram matrix (named, not a raw broadcast error). Table-driven, on every test backend, with
 * no tensor left behind.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { ValidationError } from "../../lib/runtime/errors";
import { twoLayer, mlp, activation } from "../../lib/models";
import { gd, sgd, langevin, scaleBy, addNoise, weightDecay, momentum, twoLayerGrad, trainLoop, trainTwoLayer, squareLoss } from "../../lib/train";
import { kernelRidge } from "../../lib/analysis";
import { twoLayerGram, twoLayer64Init } from "../../lib/models";
import { gdRun } from "../../lib/experiments/ntk";
import { featureRidge } from "../../lib/experiments/features";

/** Asserts a ValidationError whose message matches every pattern; returns the message. */
function refuses(label: string, fn: () => unknown, ...patterns: RegExp[]): string {
  let message = "";
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `${label}: expected a ValidationError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    for (const p of patterns) assert.match(e.message, p, `${label}: ${e.message}`);
    message = e.message;
    return true;
  });
  return message;
}

/** A small two-layer problem; `dispose` releases everything it made. */
function twoLayerProblem(bias = false) {
  const net = twoLayer({ d: 3, m: 4, bias });
  const params = net.init(0);
  const X = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]);
  const y = tf.tensor1d([1, -1, 1, -1]);
  return { net, params, X, y, dispose: () => tf.dispose([params.W, params.a, params.b ?? [], X, y] as tf.Tensor[]) };
}

for (const backend of TEST_BACKENDS) {
  describe(`reliability: hyperparameters, one validator per argument (${backend})`, () => {
    before(async () => {
      await useBackend(backend);
    });

    it("a bad step size gets the same ValidationError on every path that takes lr", async () => {
      for (const [bad, shown] of [[-0.1, /-0\.1/], [NaN, /NaN/], [Infinity, /Infinity/], ["0.1", /"0\.1"/]] as [unknown, RegExp][]) {
        const lr = bad as number;
        const messages = new Map<string, string>();
        await noLeak(() => {
          const p = twoLayerProblem();
          const host = { data: Float64Array.from([1, 0, 0, 1]), n: 2, d: 2 };
          const paths: [string, () => unknown][] = [
            ["gd", () => gd(lr)],
            ["sgd", () => sgd(lr)],
            ["scaleBy", () => scaleBy(lr)],
            ["langevin", () => langevin(lr, 1e-3, 0)],
            ["addNoise", () => addNoise({ temperature: 1e-3, lr, seed: 0 })],
            ["trainTwoLayer (fused)", () => trainTwoLayer({ model: p.net, params: p.params, X: p.X, y: p.y, loss: "square", optimizer: gd(lr), steps: 1 })],
            ["gdRun (float64)", () => gdRun({ init: twoLayer64Init({ m: 3, d: 2, seed: 0 }), X: host, y: [1, -1], lr, steps: 1 })],
          ];
          try {
            for (const [name, fn] of paths) messages.set(name, refuses(name, fn, /\blr\b/, shown));
          } finally {
            p.dispose();
          }
        });
        const distinct = new Set(messages.values());
        assert.equal(distinct.size, 1, `lr = ${String(bad)}: the paths disagree: ${[...messages].map(([k, v]) => `${k}: ${v}`).join(" | ")}`);
      }
    });

    it("lr = 0 is a step size everywhere (it leaves θ where it is)", async () => {
      await noLeak(() => {
        const p = twoLayerProblem();
        try {
          const r = trainTwoLayer({ model: p.net, params: p.params, X: p.X, y: p.y, loss: "square", optimizer: gd(0), steps: 1 });
          assert.deepEqual(Array.from(r.params.W.dataSync()), Array.from(p.params.W.dataSync()));
          tf.dispose([r.params.W, r.params.a]);
          gd(0);
          sgd(0);
          langevin(0, 1e-3, 0);
        } finally {
          p.dispose();
        }
      });
    });

    it("other hyperparameters: steps, batchSize, temperature, lambda, beta are named with what was passed", async () => {
      await noLeak(() => {
        const p = twoLayerProblem();
        const loss = (q: typeof p.params, Xb: tf.Tensor, yb: tf.Tensor) => squareLoss(p.net.apply(q, Xb), yb);
        try {
          refuses("trainLoop steps", () => trainLoop({ params: p.params, X: p.X, y: p.y, loss, optimizer: gd(0.1), steps: -1 }), /steps/, /-1/);
          refuses("trainLoop batchSize", () => trainLoop({ params: p.params, X: p.X, y: p.y, loss, optimizer: gd(0.1), steps: 1, batchSize: 0 }), /batchSize/, /0/);
          refuses("trainTwoLayer steps", () => trainTwoLayer({ model: p.net, params: p.params, X: p.X, y: p.y, loss: "square", optimizer: gd(0.1), steps: 1.5 }), /steps/, /1\.5/);
          refuses("langevin temperature", () => langevin(0.1, -1, 0), /temperature/, /-1/);
          refuses("weightDecay lambda", () => weightDecay(-1), /lambda/, /-1/);
          refuses("kernelRidge lambda", () => kernelRidge([[1]], [1], -1), /lambda/, /-1/);
          refuses("featureRidge lambda", () => featureRidge({ features: p.X as tf.Tensor2D, y: [1, 2, 3, 4], lambda: NaN }), /lambda/, /NaN/);
          refuses("momentum beta", () => momentum(2), /beta/, /2/);
        } finally {
          p.dispose();
        }
      });
    });

    it("a zero width is refused by name on every path that takes a width", async () => {
      await noLeak(() => {
        const X = tf.ones([2, 3]) as tf.Tensor2D;
        const W = tf.zeros([3, 0]) as tf.Tensor2D;
        const a = tf.zeros([0]) as tf.Tensor1D;
        try {
          refuses("twoLayer m", () => twoLayer({ d: 3, m: 0 }), /\bm\b/, /width/, /got 0/);
          refuses("twoLayer64Init m", () => twoLayer64Init({ m: 0, d: 2, seed: 0 }), /\bm\b/, /width/, /got 0/);
          refuses("twoLayerGram W", () => twoLayerGram({ W, a }, X, { activation: activation("relu"), scaling: "ntk" }), /\bW\b/, /zero width/);
          refuses("mlp sizes", () => mlp({ sizes: [3, 0, 1] }), /sizes\[1\]/, /got 0/);
        } finally {
          tf.dispose([X, W, a]);
        }
      });
    });

    it("a bias of the wrong shape is named (params.b…), never a raw broadcast error", async () => {
      await noLeak(() => {
        const net = mlp({ sizes: [3, 4, 1] });
        const params = net.init(0);
        const X = tf.ones([5, 3]);
        const Y = tf.ones([5, 1]);
        const badB = tf.zeros([4, 1]);
        const wrong = { weights: params.weights, biases: [badB as tf.Tensor1D, params.biases[1]] };
        const p = twoLayerProblem(true);
        const bCol = tf.zeros([4, 1]) as unknown as tf.Tensor1D;
        try {
          refuses("mlp apply", () => net.apply(wrong, X), /params\.biases\[0\]/, /\[4\]/);
          refuses("mlp squareLossGradient", () => net.squareLossGradient(wrong, X, Y), /params\.biases\[0\]/, /\[4\]/);
          refuses("twoLayerGrad", () => twoLayerGrad(p.net, { ...p.params, b: bCol }, p.X, p.y, "square"), /params\.b\b/, /\[4\]/);
          refuses("twoLayerGram", () => twoLayerGram({ W: p.params.W, a: p.params.a, b: bCol }, p.X as tf.Tensor2D, { activation: activation("relu"), scaling: "ntk" }), /\bb\b/, /\[4\]/);
        } finally {
          tf.dispose([...params.weights, ...params.biases, X, Y, badB, bCol]);
          p.dispose();
        }
      });
    });
  });
}
