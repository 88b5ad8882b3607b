/**
 * Theorem 7's exact statistics: the Walsh-transform computation against the O(N²) definition over
 * every parity, against a closed form that follows from Σ_{v≠0} χ_v(x) = 2^d·1[x = 0] − 1, against
 * tfjs autodiff of R^f = E(h − f)² for every parity, and the two-layer shortcut against explicit
 * per-point gradients (relu and tanh, with and without biases, all scalings).
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { twoLayer, disposeParams, type TwoLayerModel, type TwoLayerParams } from "../../lib/models";
import { parityValue } from "../../lib/numerics/wht";
import { allHypercubePoints } from "../../lib/data/samplers";
import {
  parityGradientVariance,
  twoLayerParityGradientVariance,
  varianceByDegree,
  sampledVarianceEstimates,
  gradientVarianceStudy,
  GRADIENT_VARIANCE_CONSTANT,
} from "../../lib/experiments/hardness";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";

/** Per-point gradients ∇_θ h(x_k), row-major [2^d, P], in float64 from the parameters' values. */
function perPointGradients(model: TwoLayerModel, p: TwoLayerParams): Float64Array {
  const { d, m, bias, outputBias } = model.config;
  const W = p.W.arraySync() as number[][];
  const a = Array.from(p.a.dataSync());
  const b = p.b ? Array.from(p.b.dataSync()) : null;
  const n = 2 ** d;
  const P = m * (d + 1 + (bias ? 1 : 0)) + (outputBias ? 1 : 0);
  const G = new Float64Array(n * P);
  for (let k = 0; k < n; k++) {
    const x = Array.from({ length: d }, (_, i) => (k >> i) & 1);
    let o = k * P;
    for (let j = 0; j < m; j++) {
      let z = b ? b[j] : 0;
      for (let i = 0; i < d; i++) z += W[i][j] * x[i];
      const dz = model.activation.scalarDerivative(z);
      G[o++] = model.c * model.activation.scalar(z);
      if (bias) G[o++] = model.c * a[j] * dz;
      for (let i = 0; i < d; i++) G[o++] = model.c * a[j] * dz * x[i];
    }
    if (outputBias) G[o++] = 1;
  }
  return G;
}

/** Var by definition: c_v = 2^{−d} Σ_x χ_v(x) G[x, :] for every v, then (4/|F|) Σ_{v≠0} ‖c_v − c̄‖². */
function slowVariance(G: Float64Array, d: number): { variance: number; q: number } {
  const n = 2 ** d;
  const P = G.length / n;
  const c: Float64Array[] = [];
  for (let v = 0; v < n; v++) {
    const cv = new Float64Array(P);
    for (let k = 0; k < n; k++) for (let p = 0; p < P; p++) cv[p] += (parityValue(v, k) * G[k * P + p]) / n;
    c.push(cv);
  }
  const mean = new Float64Array(P);
  for (let v = 1; v < n; v++) for (let p = 0; p < P; p++) mean[p] += c[v][p] / (n - 1);
  let s = 0;
  for (let v = 1; v < n; v++) for (let p = 0; p < P; p++) s += (c[v][p] - mean[p]) ** 2;
  const q = G.reduce((t, x) => t + x * x, 0) / n;
  return { variance: (4 * s) / (n - 1), q };
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("Theorem 7, exact (float64)", () => {
  before(() => useBackend("cpu")); // parameters are drawn as tensors; the statistics are float64 on the host
  it("the Walsh computation equals the definition, the closed form, and obeys the bound with constant 4", () => {
    const rng = new Rng(1);
    for (const d of [2, 3, 5, 7]) {
      const n = 2 ** d;
      const P = 6;
      const G = rng.normals(n * P);
      const r = parityGradientVariance({ G, d });
      const slow = slowVariance(G, d);
      // Same float64 sums in another order: ~1e-15 relative; 1e-10 leaves room only for rounding.
      assert.ok(relErr(r.variance, slow.variance) < 1e-10, `d = ${d}: ${r.variance} vs ${slow.variance}`);
      assert.ok(relErr(r.q, slow.q) < 1e-12);
      assert.ok(r.identityError < 1e-12, `Parseval: ${r.identityError}`);
      // Closed form: Σ_{v≠0} c_v = ∇h(x = 0) − E∇h, so Var = 4[(Q − ‖c₀‖²)/|F| − ‖∇h(0) − c₀‖²/|F|²].
      const F = n - 1;
      const c0 = new Float64Array(P);
      for (let k = 0; k < n; k++) for (let p = 0; p < P; p++) c0[p] += G[k * P + p] / n;
      let c0sq = 0;
      let drift = 0;
      for (let p = 0; p < P; p++) {
        c0sq += c0[p] ** 2;
        drift += (G[p] - c0[p]) ** 2;
      }
      const closed = 4 * ((r.q - c0sq) / F - drift / (F * F));
      assert.ok(relErr(r.variance, closed) < 1e-10, `closed form, d = ${d}`);
      assert.ok(relErr(r.constantShare, c0sq / r.q) < 1e-12);
      assert.ok(r.ratio <= 1 && r.variance <= (GRADIENT_VARIANCE_CONSTANT * r.q) / F);
      assert.ok(Math.abs(r.ratioLecture / r.ratio - 4) < 1e-12);
    }
  });

  it("the two-layer shortcut equals explicit per-point gradients (relu, tanh, biases, scalings)", () => {
    const cases = [
      { activation: "relu", bias: true, outputBias: false, scaling: "meanField" },
      { activation: "relu", bias: false, outputBias: false, scaling: "ntk" },
      { activation: "tanh", bias: true, outputBias: true, scaling: "standard" },
      { activation: "erf", bias: true, outputBias: false, scaling: "meanField" },
    ] as const;
    for (const c of cases) {
      for (const d of [2, 4, 6]) {
        const model = twoLayer({ d, m: 37, ...c, init: { b: { gaussian: 1 }, b0: "uniformFanIn" } });
        const p = model.init(d);
        const fast = twoLayerParityGradientVariance(model, p);
        const ref = parityGradientVariance({ G: perPointGradients(model, p), d });
        for (const k of ["variance", "q", "constantShare"] as const) {
          assert.ok(relErr(fast[k], ref[k]) < 1e-10, `${JSON.stringify(c)}, d = ${d}, ${k}: ${fast[k]} vs ${ref[k]}`);
        }
        fast.deviation.forEach((x, v) => v > 0 && assert.ok(relErr(x, ref.deviation[v]) < 1e-9));
        assert.ok(fast.identityError < 1e-12);
        disposeParams(p);
      }
    }
  });

  it("degree shares sum to 1; sampled estimates are unbiased but typically low", () => {
    const model = twoLayer({ d: 10, m: 64, bias: true, init: { b: { gaussian: 1 } } });
    const p = model.init(3);
    const r = twoLayerParityGradientVariance(model, p);
    disposeParams(p);
    const { share, count } = varianceByDegree(r.deviation, 10);
    assert.ok(Math.abs(share.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.deepEqual(count, [0, 10, 45, 120, 210, 252, 210, 120, 45, 10, 1]);
    const s = sampledVarianceEstimates({ deviation: r.deviation, K: 20, repeats: 4000, seed: 0 });
    // Mean of 4000 unbiased estimates: relative sd ≤ sd(dev)/(mean·√(20·4000)); measured ≈ 1 %; allow 5 %.
    assert.ok(relErr(s.mean, r.variance) < 0.05, `mean ${s.mean} vs ${r.variance}`);
    assert.ok(s.median < s.mean, "heavy tail: median below mean");
  });

  it("the study records every seed and d; the derived bound holds; validation", () => {
    const r = gradientVarianceStudy({ ds: [2, 3, 4, 5], m: 16, seeds: 3, seed: 0 });
    assert.equal(r.rows.length, 4);
    for (const row of r.rows) {
      assert.equal(row.variance.length, 3);
      row.ratio.forEach((x) => assert.ok(x > 0 && x <= 1));
      assert.ok(Math.abs(row.mean.variance - row.variance.reduce((a, b) => a + b, 0) / 3) < 1e-15);
      assert.ok(Math.abs(row.bound - (4 * row.mean.q) / (2 ** row.d - 1)) < 1e-15);
      assert.ok(Math.abs(row.boundLecture * 4 - row.bound) < 1e-15);
    }
    assert.equal(r.largest.d, 5);
    assert.ok(r.slopeLog2 < 0);
    const isVE = (re: RegExp) => (e: unknown) => e instanceof ValidationError && re.test(e.message);
    assert.throws(() => parityGradientVariance({ G: new Float64Array(6), d: 2 }), isVE(/2\^d = 4 rows/));
    assert.throws(() => gradientVarianceStudy({ ds: [3], seeds: 1, seed: 0 }), isVE(/ds/));
    assert.throws(() => sampledVarianceEstimates({ deviation: new Float64Array(6), K: 1, repeats: 1, seed: 0 }), isVE(/deviation/));
  });
});

for (const be of TEST_BACKENDS) {
  describe(`Theorem 7 against autodiff on ${be}`, () => {
    before(() => useBackend(be));

    it("Var over all parities of autodiff ∇R^f, R^f = E(h − f)², equals the exact value", async () => {
      const d = 4;
      const model = twoLayer({ d, m: 12, bias: true, init: { b: { gaussian: 1 } } });
      const p = model.init(5);
      const exact = twoLayerParityGradientVariance(model, p);
      const n = 2 ** d;
      await noLeak(() => {
        const X = allHypercubePoints(d);
        const grads: Float64Array[] = [];
        for (let v = 1; v < n; v++) {
          const g = tf.tidy(() => {
            const f = tf.tensor1d(Float32Array.from({ length: n }, (_, k) => parityValue(v, k)));
            const gs = tf.grads((W: tf.Tensor, a: tf.Tensor, b: tf.Tensor) =>
              tf.mean(tf.square(tf.sub(model.apply({ W: W as tf.Tensor2D, a: a as tf.Tensor1D, b: b as tf.Tensor1D }, X), f))),
            )([p.W, p.a, p.b!]);
            return gs.flatMap((t) => Array.from(t.dataSync()));
          });
          grads.push(Float64Array.from(g));
        }
        X.dispose();
        const P = grads[0].length;
        const mean = new Float64Array(P);
        grads.forEach((g) => g.forEach((x, i) => (mean[i] += x / grads.length)));
        let s = 0;
        grads.forEach((g) => g.forEach((x, i) => (s += (x - mean[i]) ** 2)));
        const variance = s / grads.length;
        // float32 gradients (sums of 16 terms, ~1e-7 relative each); the variance is a difference of
        // nearly equal gradients, so allow 1e-3 relative.
        assert.ok(relErr(variance, exact.variance) < 1e-3, `autodiff ${variance} vs exact ${exact.variance}`);
      });
      disposeParams(p);
    });
  });
}
