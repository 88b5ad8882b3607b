/**
 * Bad data: NaN or ±∞ in the inputs, targets or parameters, and empty data, are bad input, reported as
 * a ValidationError that names the argument the caller passed and where the first bad entry is (row
 * and column), never as a DivergenceError blaming the step size, never as a NaN result, never under an
 * internal name. Host inputs are checked at the public boundary; tensor inputs once per run (a
 * training run, a Gram matrix, a spectrum). Table-driven over the public functions, on every test
 * backend, with no tensor left behind.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { DivergenceError, ValidationError } from "../../lib/runtime/errors";
import { twoLayer, activation } from "../../lib/models";
import { gd, sgd, trainLoop, trainTwoLayer, twoLayerGrad, squareLoss } from "../../lib/train";
import {
  arcCosineKernel,
  twoLayerReluNtk,
  twoLayerErfNtk,
  empiricalNtk,
  kernelRidge,
  sharpness,
  topHessianEigs,
  fullHessian,
  rademacherL2Ball,
  rademacherRkhsBall,
  sgdCurvatureFromGram,
  sgdCurvatureStats,
  pathNormValue,
} from "../../lib/analysis";
import { lanczosEigs, svdTopK } from "../../lib/numerics";
import { gdRun } from "../../lib/experiments/ntk";
import { twoLayerGram, twoLayerCrossGram, twoLayer64Init, twoLayer64Features } from "../../lib/models";
import { featureRidge, ntkFeatureRidge } from "../../lib/experiments/features";

/** A row-major [n, d] array of ones with `bad` at (row, col). */
function rows(n: number, d: number, at?: [number, number], bad = NaN): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => (at && i === at[0] && j === at[1] ? bad : 1 + 0.1 * i - 0.2 * j)));
}

type Case = [label: string, call: () => unknown, patterns: RegExp[]];

/** Runs each case: a ValidationError matching its patterns, no lr advice, no leak. */
async function runCases(cases: Case[]): Promise<void> {
  for (const [label, call, patterns] of cases) {
    await noLeak(() => {
      assert.throws(call, (e: unknown) => {
        assert.ok(!(e instanceof DivergenceError), `${label}: bad data reported as divergence: ${(e as Error).message}`);
        assert.ok(e instanceof ValidationError, `${label}: expected a ValidationError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        for (const p of patterns) assert.match(e.message, p, `${label}: ${e.message}`);
        assert.doesNotMatch(e.message, /\blr\b|step size|smaller/, `${label}: the message blames the step size: ${e.message}`);
        return true;
      }, `${label}: no error thrown`);
    });
  }
}

for (const backend of TEST_BACKENDS) {
  describe(`reliability: NaN, infinite and empty data (${backend})`, () => {
    before(async () => {
      await useBackend(backend);
    });

    it("training: NaN data is named with its row and column, in every path (fused, autodiff, mini-batch, online)", async () => {
      const net = twoLayer({ d: 3, m: 4 });
      const params = net.init(0);
      const X = tf.tensor2d(rows(6, 3));
      const Xbad = tf.tensor2d(rows(6, 3, [2, 1]));
      const y = tf.tensor1d([1, -1, 1, -1, 1, -1]);
      const yInf = tf.tensor1d([1, -1, 1, Infinity, 1, -1]);
      const Wbad = tf.tensor2d(rows(3, 4, [1, 3]));
      const loss = (p: typeof params, Xb: tf.Tensor, yb: tf.Tensor) => squareLoss(net.apply(p, Xb), yb);
      try {
        await runCases([
          ["trainTwoLayer fused, NaN X", () => trainTwoLayer({ model: net, params, X: Xbad, y, loss: "square", optimizer: gd(0.1), steps: 3 }), [/\bX\b/, /NaN at row 2, column 1/]],
          ["trainTwoLayer autodiff, NaN X", () => trainTwoLayer({ model: net, params, X: Xbad, y, loss: "square", optimizer: gd(0.1), steps: 3, autodiff: true }), [/\bX\b/, /NaN at row 2, column 1/]],
          ["trainTwoLayer mini-batch, ∞ y", () => trainTwoLayer({ model: net, params, X, y: yInf, loss: "hinge", optimizer: sgd(0.1), batchSize: 2, steps: 3 }), [/\by\b/, /Infinity at entry 3/]],
          ["trainLoop, NaN X", () => trainLoop({ params, X: Xbad, y, loss, optimizer: gd(0.1), steps: 3 }), [/\bX\b/, /row 2, column 1/]],
          ["trainLoop, NaN θ₀", () => trainLoop({ params: { W: Wbad, a: params.a }, X, y, loss, optimizer: gd(0.1), steps: 3 }), [/params\.W/, /row 1, column 3/]],
          [
            "trainLoop online, NaN batch",
            () => trainLoop({ params, loss, optimizer: gd(0.1), steps: 3, stream: () => ({ X: tf.tensor2d(rows(2, 3, [1, 0])), y: tf.tensor1d([1, 1]) }) }),
            [/stream\(0\)\.X/, /row 1, column 0/],
          ],
        ]);
      } finally {
        tf.dispose([params.W, params.a, X, Xbad, y, yInf, Wbad]);
      }
    });

    it("kernels, Grams and kernel/feature ridge: NaN inputs or targets are named, not returned as NaN", async () => {
      const relu = { activation: activation("relu"), scaling: "ntk" as const };
      const net = twoLayer({ d: 3, m: 4 });
      const params = net.init(0);
      const X = tf.tensor2d(rows(4, 3));
      const Xbad = tf.tensor2d(rows(4, 3, [3, 2]));
      const Wbad = tf.tensor2d(rows(3, 4, [0, 1]));
      const Wfeat = tf.tensor2d(rows(3, 2));
      const apply = (p: tf.Tensor[], Xb: tf.Tensor2D) => net.apply({ W: p[0] as tf.Tensor2D, a: p[1] as tf.Tensor1D }, Xb);
      try {
        await runCases([
          ["arcCosineKernel rows", () => arcCosineKernel(rows(3, 2), rows(2, 2, [1, 0]), { order: 1 }), [/\bX2\b/, /NaN at row 1, column 0/]],
          ["arcCosineKernel tensor", () => arcCosineKernel(Xbad, X, { order: 0 }), [/\bX1\b/, /NaN at row 3, column 2/]],
          ["twoLayerReluNtk", () => twoLayerReluNtk(rows(3, 2, [2, 1], Infinity), rows(3, 2)), [/\bX1\b/, /Infinity at row 2, column 1/]],
          ["twoLayerErfNtk", () => twoLayerErfNtk(rows(3, 2), rows(3, 2, [0, 0], -Infinity)), [/\bX2\b/, /-Infinity at row 0, column 0/]],
          ["twoLayerGram X", () => twoLayerGram(params, Xbad, relu), [/\bX\b/, /row 3, column 2/]],
          ["twoLayerGram W", () => twoLayerGram({ W: Wbad, a: params.a }, X, relu), [/params\.W/, /row 0, column 1/]],
          ["twoLayerCrossGram X2", () => twoLayerCrossGram(params, X, Xbad, relu), [/\bX2\b/, /row 3, column 2/]],
          ["empiricalNtk", () => empiricalNtk(apply, [params.W, params.a], Xbad), [/\bX\b/, /row 3, column 2/]],
          ["kernelRidge y", () => kernelRidge([[2, 1], [1, 2]], [1, NaN], 0.1), [/\by\b/, /NaN at entry 1/]],
          ["kernelRidge K", () => kernelRidge([[2, 1], [NaN, 2]], [1, 1], 0.1), [/\bK\b/, /row 1, column 0/]],
          ["featureRidge y", () => featureRidge({ features: X, y: [1, 2, NaN, 4], lambda: 0.1 }), [/\by\b/, /NaN at entry 2/]],
          ["featureRidge y columns", () => featureRidge({ features: X, y: [[1, 2, 3, 4], [1, Infinity, 3, 4]], lambda: 0.1 }), [/y\[1\]/, /entry 1/]],
          ["featureRidge features", () => featureRidge({ features: Xbad, y: [1, 2, 3, 4], lambda: 0.1 }), [/features/, /row 3, column 2/]],
          ["ntkFeatureRidge y", () => ntkFeatureRidge({ W: Wfeat, X, y: [1, NaN, 3, 4], activation: "erf", lambda: 0.1 }), [/\by\b/, /NaN at entry 1/]],
          ["ntkFeatureRidge X", () => ntkFeatureRidge({ W: Wfeat, X: Xbad, y: [1, 2, 3, 4], activation: "erf", lambda: 0.1 }), [/\bX\b/, /row 3, column 2/]],
          ["sgdCurvatureFromGram", () => sgdCurvatureFromGram([1, 0, 0, NaN], 2), [/\bK\b/, /row 1, column 1/]],
          ["svdTopK", () => svdTopK([1, 2, NaN, 4, 5, 6], 3, 2, 1), [/\bA\b/, /row 1, column 0/]],
        ]);
      } finally {
        tf.dispose([params.W, params.a, X, Xbad, Wbad, Wfeat]);
      }
    });

    it("spectra and complexity estimators: NaN parameters or data are named as the caller's argument", async () => {
      const w = tf.tensor1d([1, NaN, 2]);
      const ok = tf.tensor1d([1, 2, 3]);
      const wMat = tf.ones([2, 3]);
      const quartic = (p: tf.Tensor[]) => tf.sum(tf.pow(p[0], 4)) as tf.Scalar;
      const nanData = tf.tensor1d([1, NaN, 1]);
      const withData = (p: tf.Tensor[]) => tf.sum(tf.mul(tf.square(p[0]), nanData)) as tf.Scalar;
      try {
        await runCases([
          ["sharpness, NaN params", () => sharpness(quartic, [w]), [/params\[0\]/, /NaN at entry 1/]],
          ["topHessianEigs power, NaN params", () => topHessianEigs(quartic, [ok, w], { k: 2, method: "power" }), [/params\[1\]/, /entry 1/]],
          ["sharpness, NaN data in the loss", () => sharpness(withData, [ok]), [/lossFn/, /NaN/]],
          ["fullHessian, NaN params", () => fullHessian(quartic, [w]), [/params\[0\]/, /entry 1/]],
          ["sgdCurvatureStats, NaN params", () => sgdCurvatureStats((p) => quartic(p), [w], 2), [/params\[0\]/, /entry 1/]],
          ["pathNormValue, NaN a", () => pathNormValue({ W: wMat as tf.Tensor2D, a: w as tf.Tensor1D }, { scaling: "meanField" }), [/params\.a/, /entry 1/]],
          ["lanczosEigs, NaN operator", () => lanczosEigs((v) => v.map((x, i) => (i === 2 ? NaN : x)), 4, { k: 1 }), [/matvec/, /entry 2/]],
          ["rademacherL2Ball", () => rademacherL2Ball(rows(4, 2, [3, 1]), { draws: 4, seed: 0 }), [/\bX\b/, /row 3, column 1/]],
          ["rademacherRkhsBall", () => rademacherRkhsBall([[1, 0], [0, NaN]], { draws: 4, seed: 0 }), [/\bK\b/, /row 1, column 1/]],
          [
            "gdRun, NaN X",
            () => gdRun({ init: twoLayer64Init({ m: 3, d: 2, seed: 0 }), X: { data: Float64Array.from([1, 0, 0, NaN]), n: 2, d: 2 }, y: [1, 1], lr: 0.1, steps: 2 }),
            [/\bX\b/, /row 1, column 1/],
          ],
          [
            "twoLayer64Features, ∞ X",
            () => twoLayer64Features(twoLayer64Init({ m: 3, d: 2, seed: 0 }), { data: Float64Array.from([1, 0, Infinity, 1]), n: 2, d: 2 }),
            [/\bX\b/, /Infinity at row 1, column 0/],
          ],
          [
            "gdRun, NaN y",
            () => gdRun({ init: twoLayer64Init({ m: 3, d: 2, seed: 0 }), X: { data: Float64Array.from([1, 0, 0, 1]), n: 2, d: 2 }, y: [NaN, 1], lr: 0.1, steps: 2 }),
            [/\by\b/, /entry 0/],
          ],
        ]);
      } finally {
        tf.dispose([w, ok, nanData, wMat]);
      }
    });

    it("empty data is named as empty (n = 0), in the fused path as in the autodiff path", async () => {
      const net = twoLayer({ d: 3, m: 4 });
      const params = net.init(0);
      const X0 = tf.zeros([0, 3]);
      const y0 = tf.zeros([0]);
      const empty = /is empty \(n = 0/;
      const loss = (p: typeof params, Xb: tf.Tensor, yb: tf.Tensor) => squareLoss(net.apply(p, Xb), yb);
      try {
        await runCases([
          ["trainTwoLayer fused", () => trainTwoLayer({ model: net, params, X: X0, y: y0, loss: "square", optimizer: gd(0.1), steps: 2 }), [/\bX\b/, empty]],
          ["trainTwoLayer autodiff", () => trainTwoLayer({ model: net, params, X: X0, y: y0, loss: "square", optimizer: gd(0.1), steps: 2, autodiff: true }), [/\bX\b/, empty]],
          ["trainLoop", () => trainLoop({ params, X: X0, y: y0, loss, optimizer: gd(0.1), steps: 2 }), [/\bX\b/, empty]],
          ["twoLayerGrad", () => twoLayerGrad(net, params, X0, y0, "square"), [/\bX\b/, empty]],
          ["twoLayerGram", () => twoLayerGram(params, X0 as tf.Tensor2D, { activation: activation("relu"), scaling: "ntk" }), [/\bX\b/, empty]],
          ["arcCosineKernel rows", () => arcCosineKernel([], rows(2, 2), { order: 1 }), [/\bX1\b/, empty]],
          ["arcCosineKernel tensor", () => arcCosineKernel(rows(2, 3), X0 as tf.Tensor2D, { order: 1 }), [/\bX2\b/, empty]],
          ["rademacherL2Ball", () => rademacherL2Ball([], { draws: 2, seed: 0 }), [/\bX\b/, empty]],
          [
            "gdRun",
            () => gdRun({ init: twoLayer64Init({ m: 3, d: 2, seed: 0 }), X: { data: new Float64Array(0), n: 0, d: 2 }, y: [], lr: 0.1, steps: 2 }),
            [/\bX\b/, empty],
          ],
        ]);
        // kernelRidge has no X: its empty argument is y.
        await runCases([["kernelRidge", () => kernelRidge([], [], 0.1), [/\by\b/, /at least one/]]]);
      } finally {
        tf.dispose([params.W, params.a, X0, y0]);
      }
    });

    it("clean data still trains: the checks run once per run and do not change the numbers", async () => {
      const net = twoLayer({ d: 3, m: 4 });
      const params = net.init(0);
      const X = tf.tensor2d(rows(6, 3));
      const y = tf.tensor1d([1, -1, 1, -1, 1, -1]);
      try {
        const a = trainTwoLayer({ model: net, params, X, y, loss: "square", optimizer: gd(0.1), steps: 5 });
        const b = trainTwoLayer({ model: net, params, X, y, loss: "square", optimizer: gd(0.1), steps: 5 });
        assert.deepEqual(a.history.loss, b.history.loss);
        assert.ok(a.history.loss.every(Number.isFinite));
        tf.dispose([a.params.W, a.params.a, b.params.W, b.params.a]);
      } finally {
        tf.dispose([params.W, params.a, X, y]);
      }
    });
  });
}
