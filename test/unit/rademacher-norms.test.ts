import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { pathNormValue, barronNormBound } from "../../lib/analysis/norms";
import { barronTarget } from "../../lib/data/targets";
import { sampleCubeArray } from "../../lib/data/samplers";
import { Rng } from "../../lib/runtime/rng";
import type { TwoLayerParams } from "../../lib/models/types";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

/** Parameters whose float32 values are exact (small dyadic numbers), so float64 hand values are exact oracles. */
function handParams(): TwoLayerParams {
  return {
    W: tf.tensor2d([[1, -2], [3, 0.5]]), // w_0 = (1, 3), w_1 = (−2, 0.5)
    a: tf.tensor1d([2, -1]),
    b: tf.tensor1d([1, 0]),
  };
}

function disposeParams(p: TwoLayerParams): void {
  tf.dispose([p.W, p.a, ...(p.b ? [p.b] : [])]);
}

for (const be of TEST_BACKENDS) {
  describe(`path and Barron norms (${be})`, () => {
    before(() => useBackend(be));

    it("match hand-computed values for every scaling and inner norm", async () => {
      const p = handParams();
      await noLeak(() => {
        // inner 1: |2|·(1 + 3 + 1) + |−1|·(2 + 0.5 + 0) = 12.5; inner 2: 2√11 + √4.25.
        assert.equal(pathNormValue(p, { scaling: "standard", inner: 1 }), 12.5);
        assert.equal(pathNormValue(p, { scaling: "meanField", inner: 1 }), 6.25);
        assert.ok(Math.abs(pathNormValue(p, { scaling: "ntk", inner: 1 }) - 12.5 / Math.SQRT2) < 1e-14);
        assert.ok(Math.abs(pathNormValue(p, { scaling: "meanField", inner: 2 }) - (2 * Math.sqrt(11) + Math.sqrt(4.25)) / 2) < 1e-14);
        assert.equal(barronNormBound(p, { scaling: "meanField" }), 6.25);
        assert.equal(pathNormValue({ W: p.W, a: p.a }, { scaling: 0.5, inner: 1 }), 0.5 * (2 * 4 + 2.5), "no bias: ‖w_j‖₁ only");
      });
      assert.throws(() => pathNormValue(p, { scaling: "xavier" as "ntk", inner: 1 }), /scaling must be/);
      assert.throws(() => pathNormValue(p, { scaling: "standard", inner: 3 as 1 }), /inner must be 1 or 2/);
      assert.throws(() => pathNormValue({ W: p.W, a: tf.tensor1d([1, 2, 3]) }, { scaling: "standard" }), /params.a must have shape \[2\]/);
      disposeParams(p);
    });

    it("bounds |f| on [0,1]^d, is invariant under the relu rescaling (w, b, a) → (tw, tb, a/t), and agrees with barronTarget", () => {
      const d = 5;
      const m = 30;
      const t = barronTarget({ d, m, seed: 3 });
      const p: TwoLayerParams = { W: tf.tensor2d(Float32Array.from(t.W), [d, m]), a: tf.tensor1d(Float32Array.from(t.c)), b: tf.tensor1d(Float32Array.from(t.b)) };
      const bound = barronNormBound(p, { scaling: "standard" });
      // Same number up to the float32 rounding of the parameters (relative 2^−24 per entry).
      assert.ok(Math.abs(bound - t.barronNormBound) <= 2 ** -23 * t.barronNormBound);
      // |f(x)| ≤ Σ|a_j|(|w_j·x| + |b_j|) ≤ Σ|a_j|(‖w_j‖₁‖x‖∞ + |b_j|) for x ∈ [0,1]^d, evaluated in float64.
      const X = sampleCubeArray({ n: 200, d, seed: 4 });
      const W = p.W.dataSync();
      const a = p.a.dataSync();
      const b = p.b!.dataSync();
      for (let i = 0; i < X.n; i++) {
        let f = 0;
        for (let j = 0; j < m; j++) {
          let z = b[j];
          for (let k = 0; k < d; k++) z += W[k * m + j] * X.data[i * d + k];
          f += a[j] * Math.max(0, z);
        }
        assert.ok(Math.abs(f) <= bound);
      }
      // Rescaling each neuron by t_j = 2^k (exact in float32) leaves the function and the path norm unchanged.
      const r = new Rng(5);
      const scales = Float32Array.from({ length: m }, () => 2 ** (r.int(7) - 3));
      const q: TwoLayerParams = tf.tidy(() => ({
        W: tf.keep(tf.mul(p.W, tf.tensor1d(scales))) as tf.Tensor2D,
        a: tf.keep(tf.div(p.a, tf.tensor1d(scales))) as tf.Tensor1D,
        b: tf.keep(tf.mul(p.b!, tf.tensor1d(scales))) as tf.Tensor1D,
      }));
      assert.ok(Math.abs(pathNormValue(q, { scaling: "meanField", inner: 1 }) - pathNormValue(p, { scaling: "meanField", inner: 1 })) < 1e-12 * bound);
      disposeParams(p);
      disposeParams(q);
    });
  });
}
