/**
 * The spike and the full experiment. Oracles: a planted rank-one perturbation θuvᵀ of a Gaussian
 * matrix (the update's singular values are θ and 0 exactly; the outlier and the overlap follow
 * Benaych-Georges & Nadakuditi within finite-size fluctuations, measured ≈ 0.02 at d = 200); the
 * experiment's determinism (same seed → same numbers), no tensor leaks, and the exact lr√m scaling of
 * the update.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { spikeStats, spikeTheory, spikeStrength } from "../../lib/experiments/features/spike";
import { oneStepExperiment } from "../../lib/experiments/features/experiment";
import { rankOneGradientError } from "../../lib/experiments/features/gradientStep";

function unit(r: Rng, m: number): Float64Array {
  const v = r.normals(m);
  const s = Math.hypot(...v);
  return v.map((x) => x / s);
}

describe("features: rank-one perturbation theory", () => {
  it("below the threshold ψ₂^{1/4} there is no outlier; above it the outlier grows", () => {
    const below = spikeTheory({ theta: 1.1, psi2: 2 });
    assert.equal(below.outlier, below.bulkEdge);
    assert.ok(Math.abs(below.bulkEdge - (1 + Math.SQRT2)) < 1e-15);
    const a = spikeTheory({ theta: 3, psi2: 2 }), b = spikeTheory({ theta: 6, psi2: 2 });
    assert.ok(a.outlier > a.bulkEdge && b.outlier > a.outlier && b.overlap > a.overlap);
    // large θ: outlier → θ, overlap → 1
    const big = spikeTheory({ theta: 100, psi2: 2 });
    assert.ok(Math.abs(big.outlier / 100 - 1) < 1e-3 && big.overlap > 0.999);
  });

  it("spikeStrength: θ = lr μ₁ √(μ₁*² + E y²/ψ₁)", () => {
    const s = spikeStrength({ lr: 2, mu1: 0.5, targetMu1: 0.6, targetSecondMoment: 0.39, noise: 0.1, psi1: 4 });
    assert.ok(Math.abs(s.theta - 2 * 0.5 * Math.sqrt(0.36 + 0.1)) < 1e-12);
    assert.ok(Math.abs(s.directionOverlap - 0.6 / Math.sqrt(0.46)) < 1e-12);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`features: spike and experiment (${be})`, () => {
    before(() => useBackend(be));

    it("spikeStats on a planted spike matches the theory", () =>
      noLeak(() => {
        const d = 200, m = 400, theta = 3, lr = 2;
        const r = new Rng(11);
        const u = unit(r, d), v = unit(r, m);
        const W0 = r.normalTensor([d, m], 1 / Math.sqrt(d)) as tf.Tensor2D;
        // G₀ = θ u vᵀ/(lr√m), so the update lr√m G₀ is exactly θ u vᵀ.
        const G0 = tf.tidy(() => tf.mul(tf.mul(tf.tensor2d(Float32Array.from(u), [d, 1]), tf.tensor2d(Float32Array.from(v), [1, m])), theta / (lr * Math.sqrt(m))) as tf.Tensor2D);
        const s = spikeStats({ W0, G0, lr, beta: u });
        const th = spikeTheory({ theta, psi2: m / d });
        assert.ok(Math.abs(s.deltaSv1 - theta) < 1e-4 && s.deltaSv2 < 1e-2, `update σ: ${s.deltaSv1}, ${s.deltaSv2}`);
        assert.ok(Math.abs(s.sv1 - th.outlier) < 0.1, `outlier ${s.sv1} vs ${th.outlier}`);
        assert.ok(Math.abs(s.sv2 - th.bulkEdge) < 0.1, `bulk top ${s.sv2} vs ${th.bulkEdge}`);
        assert.ok(Math.abs(s.overlap - th.overlap) < 0.05, `overlap ${s.overlap} vs ${th.overlap}`);
        tf.dispose([W0, G0]);
      }));

    it("oneStepExperiment: deterministic, leak-free, the update scales with lr√m", () =>
      noLeak(() => {
        const o = { d: 16, m: 32, n: 256, nTest: 256, alphas: [0, 0.5], cases: [{ student: "tanh" as const, target: "tanh" as const, spectrum: true }, { student: "erf" as const, target: "erf" as const }], seed: 4 };
        const r1 = oneStepExperiment(o);
        const r2 = oneStepExperiment(o);
        assert.deepEqual(r1.map((r) => [r.trained, r.ckInit, r.ntkInit]), r2.map((r) => [r.trained, r.ckInit, r.ntkInit]));
        for (const r of r1) {
          assert.equal(r.trained.length, 2);
          for (const v of [...r.trained, r.ckInit, r.ntkInit, r.rank1RelErr]) assert.ok(Number.isFinite(v) && v > 0);
          assert.ok(r.rank1RelErr < 1);
        }
        assert.equal(r1[0].spike!.length, 2);
        assert.equal(r1[1].spike, null);
        // the tanh step is larger at α = 1/2 (lr = √m) than at α = 0 (lr = 1) by exactly √m
        const sp = r1[0].spike!;
        assert.ok(Math.abs(sp[1].deltaSv1 / sp[0].deltaSv1 - Math.sqrt(32)) < 1e-6 * Math.sqrt(32));
      }));

    it("rankOneGradientError is reproducible for a seed", () =>
      noLeak(() => {
        const a = rankOneGradientError({ d: 8, m: 16, n: 128, student: "tanh", target: "tanh2x", seed: 1 });
        const b = rankOneGradientError({ d: 8, m: 16, n: 128, student: "tanh", target: "tanh2x", seed: 1 });
        assert.deepEqual(a, b);
      }));
  });
}
