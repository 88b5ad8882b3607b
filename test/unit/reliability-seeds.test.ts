/**
 * Seeds: every public argument `seed: number | Rng` takes an integer ≥ 0 or an Rng, and anything else
 * (a string such as "0", a fraction, a negative number, NaN, an object) is a ValidationError naming
 * `seed` and showing what was passed, never a TypeError from inside the library nor a silent second
 * reading of the value ("1" and "2" used to give the noise of seed 0). Table-driven over the public
 * functions that draw randomness, on every test backend, with no tensor left behind.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { ValidationError } from "../../lib/runtime/errors";
import { Rng, toRng, deriveSeed } from "../../lib/runtime/rng";
import { twoLayer, mlp } from "../../lib/models";
import * as data from "../../lib/data";
import { trainLoop, trainTwoLayer, batchStream, langevin, addNoise, gd, squareLoss } from "../../lib/train";
import { lanczosEigs, powerIterationEigs, warmStartTopEig, monteCarloIntegral, svdTopK } from "../../lib/numerics";
import { topHessianEigs, sharpness, rademacherL2Ball, rademacherMonteCarlo, rademacherRkhsBall, rademacherPathNormBall } from "../../lib/analysis";
import { twoLayer64Init } from "../../lib/models";

/** Values that are not seeds, with how the message shows each. */
const BAD_SEEDS: [unknown, RegExp][] = [
  ["0", /"0"/],
  ["1", /"1"/],
  [1.5, /1\.5/],
  [-1, /-1/],
  [NaN, /NaN/],
  [{}, /object/],
];

type Case = [name: string, call: (seed: unknown) => unknown];

function cases(): Case[] {
  const net = twoLayer({ d: 3, m: 4 });
  const deep = mlp({ sizes: [3, 4, 1] });
  const diag = (v: Float64Array) => v.map((x, i) => (i + 1) * x);
  const sq = (p: tf.Tensor[]) => tf.sum(tf.square(p[0])) as tf.Scalar;
  const pts = [[1, 0], [0, 1], [1, 1]];
  const S = (seed: unknown) => seed as number;
  return [
    ["toRng", (s) => toRng(S(s))],
    ["deriveSeed", (s) => deriveSeed(S(s), "label")],
    ["new Rng", (s) => new Rng(S(s))],
    ["twoLayer(…).init", (s) => net.init(S(s))],
    ["mlp(…).init", (s) => deep.init(S(s))],
    ["sampleSphere", (s) => data.sampleSphere({ n: 2, d: 2, seed: S(s) })],
    ["sampleSphereArray", (s) => data.sampleSphereArray({ n: 2, d: 2, seed: S(s) })],
    ["sampleCubeArray", (s) => data.sampleCubeArray({ n: 2, d: 2, seed: S(s) })],
    ["sampleHypercube", (s) => data.sampleHypercube({ n: 2, d: 2, seed: S(s) })],
    ["sampleGaussianArray", (s) => data.sampleGaussianArray({ n: 2, d: 2, seed: S(s) })],
    ["gaussianMixtureClassification", (s) => data.gaussianMixtureClassification({ n: 4, d: 2, classes: 2, seed: S(s) })],
    ["parityTarget", (s) => data.parityTarget({ d: 4, k: 2, seed: S(s) })],
    ["spin3Target", (s) => data.spin3Target({ d: 4, seed: S(s) })],
    ["neuronSumTarget", (s) => data.neuronSumTarget({ d: 2, m: 3, seed: S(s) })],
    ["barronTarget", (s) => data.barronTarget({ d: 2, m: 3, seed: S(s) })],
    ["singleIndexTarget", (s) => data.singleIndexTarget({ d: 2, link: "relu", seed: S(s) })],
    ["cosineNeuronTarget", (s) => data.cosineNeuronTarget({ d: 2, seed: S(s) })],
    ["batchStream", (s) => batchStream(4, { batchSize: 2, seed: S(s) })],
    ["langevin", (s) => langevin(0.01, 1e-3, S(s))],
    ["addNoise", (s) => addNoise({ temperature: 1e-3, lr: 0.01, seed: S(s) })],
    [
      "trainLoop (mini-batch)",
      (s) => {
        const X = tf.ones([4, 3]);
        const y = tf.ones([4]);
        const p = net.init(0);
        try {
          return trainLoop({ params: p, X, y, steps: 1, batchSize: 2, seed: S(s), optimizer: gd(0.1), loss: (q, Xb, yb) => squareLoss(net.apply(q, Xb), yb) });
        } finally {
          tf.dispose([X, y, p.W, p.a]);
        }
      },
    ],
    [
      "trainTwoLayer (full batch)",
      (s) => {
        const X = tf.ones([4, 3]);
        const y = tf.ones([4]);
        const p = net.init(0);
        try {
          return trainTwoLayer({ model: net, params: p, X, y, loss: "square", steps: 1, seed: S(s), optimizer: gd(0.1) });
        } finally {
          tf.dispose([X, y, p.W, p.a]);
        }
      },
    ],
    ["lanczosEigs", (s) => lanczosEigs(diag, 4, { k: 1, seed: S(s) })],
    ["powerIterationEigs", (s) => powerIterationEigs(diag, 4, { k: 1, seed: S(s) })],
    ["warmStartTopEig", (s) => warmStartTopEig(diag, 4, null, { seed: S(s) })],
    ["svdTopK", (s) => svdTopK([1, 2, 3, 4, 5, 7], 3, 2, 1, { method: "subspace", seed: S(s) })],
    ["monteCarloIntegral", (s) => monteCarloIntegral({ name: "x", d: 1, g: (x: Float64Array) => x[0], exact: 0.5 } as never, 8, S(s))],
    [
      "topHessianEigs",
      (s) => {
        const w = tf.ones([3]);
        try {
          return topHessianEigs(sq, [w], { k: 1, seed: S(s) });
        } finally {
          w.dispose();
        }
      },
    ],
    [
      "sharpness",
      (s) => {
        const w = tf.ones([3]);
        try {
          return sharpness(sq, [w], { seed: S(s) });
        } finally {
          w.dispose();
        }
      },
    ],
    ["rademacherL2Ball", (s) => rademacherL2Ball(pts, { draws: 4, seed: S(s) })],
    ["rademacherMonteCarlo", (s) => rademacherMonteCarlo((xi) => xi[0], { n: 3, draws: 4, seed: S(s) })],
    ["rademacherRkhsBall", (s) => rademacherRkhsBall([[1, 0], [0, 1]], { draws: 4, seed: S(s) })],
    ["rademacherPathNormBall", (s) => rademacherPathNormBall(pts, { draws: 2, directions: 4, seed: S(s) })],
    ["twoLayer64Init", (s) => twoLayer64Init({ m: 3, d: 2, seed: S(s) })],
  ];
}

for (const backend of TEST_BACKENDS) {
  describe(`reliability: seeds that are not seeds (${backend})`, () => {
    before(async () => {
      await useBackend(backend);
    });

    it("every public seed argument refuses non-seeds with a ValidationError naming seed and the value", async () => {
      for (const [name, call] of cases()) {
        for (const [bad, shown] of BAD_SEEDS) {
          await noLeak(() => {
            assert.throws(
              () => call(bad),
              (e: unknown) => {
                assert.ok(e instanceof ValidationError, `${name}(seed = ${String(bad)}): ${(e as Error)?.name}: ${(e as Error)?.message}`);
                assert.match(e.message, /seed/, `${name}: the message names the argument: ${e.message}`);
                assert.match(e.message, shown, `${name}: the message shows what was passed: ${e.message}`);
                return true;
              },
            );
          });
        }
      }
    });

    it("the same calls accept an integer seed and an Rng (the table is not refusing everything)", async () => {
      for (const [name, call] of cases()) {
        for (const good of [0, 7, new Rng(3)]) {
          if (good instanceof Rng && (name === "deriveSeed" || name === "new Rng")) continue; // these take a number
          // What a call returns is the caller's: disposing it must leave nothing behind.
          await noLeak(() => {
            const out = call(good);
            assert.ok(out !== undefined, `${name}(${String(good)}) returned nothing`);
            tf.dispose(out as tf.TensorContainer);
          });
        }
      }
    });

    it('langevin("1") and langevin("2") are refused, not read as seed 0', () => {
      assert.throws(() => langevin(0.01, 1e-3, "1" as unknown as number), ValidationError);
      assert.throws(() => langevin(0.01, 1e-3, "2" as unknown as number), ValidationError);
    });
  });
}
