/**
 * The diffusion building blocks against oracles: mixture scores against finite differences of the
 * log-density, CDFs and their integrals against quadrature, the exact W₁ against a fine grid, the
 * Euler–Maruyama scheme against its exact linear recursion, the DSM loss and Adam against closed
 * forms (cpu and wasm), the Girsanov and DSM constants against Gaussian closed forms, and the score
 * network's training for leaks and determinism.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, noLeak, useBackend } from "../helpers/backends";
import {
  empiricalMixture,
  gaussianMixture,
  mixtureAtTime,
  mixtureBinMasses,
  mixtureCdf,
  mixtureCdfIntegral,
  mixtureLogDensity,
  mixtureMean,
  mixtureProjection,
  mixtureScore,
  ringMixture,
  sampleMixture,
} from "../../lib/data/mixture";
import { fractionWithin, histogramTv, slicedW1, w1ToLaw } from "../../lib/numerics/distances";
import { eulerMaruyama, timeGrid } from "../../lib/numerics/sde";
import { denoisingScoreLoss } from "../../lib/train/losses";
import { adam, disposeStaleState } from "../../lib/train/transforms";
import * as D from "../../lib/experiments/diffusion";
import { ValidationError } from "../../lib/runtime/errors";

const p1 = gaussianMixture({ weights: [0.2, 0.3, 0.35, 0.15], means: [1.5, -0.216, 0.45, -1.875], sds: [0.3, 0.15, 0.525, 0.075] });

describe("data: Gaussian mixtures", () => {
  it("the score is the derivative of the log-density (central differences, 1-D and 2-D)", () => {
    for (const p of [mixtureAtTime(p1, 0.01), ringMixture({ components: 8, radius: 2, sd: 0.2 })]) {
      const X = sampleMixture(p, 50, 1);
      const s = mixtureScore(p, X);
      const h = 1e-5;
      for (let i = 0; i < X.length; i++) {
        const a = Float64Array.from(X);
        const b = Float64Array.from(X);
        a[i] += h;
        b[i] -= h;
        const row = Math.floor(i / p.d);
        const fd = (mixtureLogDensity(p, a)[row] - mixtureLogDensity(p, b)[row]) / (2 * h);
        assert.ok(Math.abs(fd - s[i]) < 1e-5 * Math.max(1, Math.abs(s[i])), `coord ${i}: fd ${fd}, score ${s[i]}`);
      }
    }
  });

  it("stays finite far in the tails (log-sum-exp)", () => {
    const s = mixtureScore(p1, Float64Array.from([40, -40]));
    assert.ok(s.every(Number.isFinite));
    // Far right, the widest component dominates: (0.45 − 40)/0.525².
    assert.ok(Math.abs(s[0] - (0.45 - 40) / 0.525 ** 2) < 1e-6 * Math.abs(s[0]));
  });

  it("density, CDF and its integral agree with quadrature", () => {
    const h = 1e-3;
    const x = Float64Array.from({ length: 16000 }, (_, i) => -8 + (i + 0.5) * h);
    const dens = Array.from(mixtureLogDensity(p1, x), Math.exp);
    let F = 0;
    let G = 0;
    for (let i = 0; i < x.length; i++) {
      F += dens[i] * h;
      if (i % 2000 === 1999) {
        const xr = x[i] + h / 2;
        assert.ok(Math.abs(F - mixtureCdf(p1, xr)) < 1e-6, `F(${xr})`);
      }
    }
    assert.ok(Math.abs(F - 1) < 1e-9);
    // G(x) = ∫ F: trapezoid on the exact CDF.
    const a = -8;
    const b = 1.3;
    const m = 20000;
    const hh = (b - a) / m;
    for (let i = 0; i <= m; i++) G += (i === 0 || i === m ? 0.5 : 1) * mixtureCdf(p1, a + i * hh) * hh;
    assert.ok(Math.abs(G - (mixtureCdfIntegral(p1, b) - mixtureCdfIntegral(p1, a))) < 1e-7);
  });

  it("the OU marginal of a Gaussian is N(me^{−t}, s²e^{−2t} + 1 − e^{−2t}), and matches simulation", () => {
    const g = gaussianMixture({ weights: [1], means: [2], sds: [0.5] });
    const t = 0.7;
    const gt = mixtureAtTime(g, t);
    assert.ok(Math.abs(gt.means[0] - 2 * Math.exp(-t)) < 1e-15);
    assert.ok(Math.abs(gt.sds[0] ** 2 - (0.25 * Math.exp(-2 * t) + 1 - Math.exp(-2 * t))) < 1e-15);
    // Simulate X_t = e^{−t}X_0 + σ_t Z for the 4-component mixture and compare the mean.
    const n = 200000;
    const x0 = sampleMixture(p1, n, 5);
    const z = sampleMixture(gaussianMixture({ weights: [1], means: [0], sds: [1] }), n, 6);
    const s = Math.sqrt(1 - Math.exp(-2 * t));
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (Math.exp(-t) * x0[i] + s * z[i]) / n;
    assert.ok(Math.abs(mean - mixtureMean(mixtureAtTime(p1, t))[0]) < 4 * (1 / Math.sqrt(n)));
  });

  it("bin masses sum to the mass inside the box, 2-D masses factorise", () => {
    const m = mixtureBinMasses(p1, { lo: -4, hi: 4, bins: 200 });
    const inside = m.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(inside - (mixtureCdf(p1, 4) - mixtureCdf(p1, -4))) < 1e-12);
    const g2 = gaussianMixture({ weights: [1], means: [[0.3, -0.2]], sds: [0.7] });
    const m2 = mixtureBinMasses(g2, { lo: -1, hi: 1, bins: 4 });
    const gx = mixtureBinMasses(mixtureProjection(g2, [1, 0]), { lo: -1, hi: 1, bins: 4 });
    const gy = mixtureBinMasses(mixtureProjection(g2, [0, 1]), { lo: -1, hi: 1, bins: 4 });
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) assert.ok(Math.abs(m2[a * 4 + b] - gx[a] * gy[b]) < 1e-15);
  });

  it("rejects point masses where a density is needed, and bad arguments", () => {
    const e = empiricalMixture(Float64Array.from([0, 1]), 1);
    assert.throws(() => mixtureScore(e, Float64Array.from([0.5])), ValidationError);
    assert.ok(mixtureScore(mixtureAtTime(e, 0.1), Float64Array.from([0.5])).every(Number.isFinite));
    assert.throws(() => gaussianMixture({ weights: [1, 1], means: [0], sds: [1, 1] }), ValidationError);
    assert.throws(() => gaussianMixture({ weights: [1], means: [0], sds: [-1] }), ValidationError);
  });
});

describe("numerics: distances and the Euler–Maruyama scheme", () => {
  it("exact W₁ equals ∫|F_N − F| on a fine grid", () => {
    const xs = sampleMixture(p1, 40, 3);
    const law = D.mixtureLaw(p1);
    const exact = w1ToLaw(xs, law);
    const sorted = Float64Array.from(xs).sort();
    const h = 2e-4;
    let brute = 0;
    let k = 0;
    for (let x = -10 + h / 2; x < 10; x += h) {
      while (k < sorted.length && sorted[k] <= x) k++;
      brute += Math.abs(k / sorted.length - mixtureCdf(p1, x)) * h;
    }
    assert.ok(Math.abs(exact - brute) < 1e-5, `exact ${exact}, grid ${brute}`);
  });

  it("sliced W₁ of an isotropic Gaussian's samples equals the mean of the 1-D W₁ along the directions", () => {
    const g = gaussianMixture({ weights: [1], means: [[0, 0]], sds: [1] });
    const X = sampleMixture(g, 100, 4);
    const J = 4;
    let mean = 0;
    for (let j = 0; j < J; j++) {
      const u: [number, number] = [Math.cos((Math.PI * j) / J), Math.sin((Math.PI * j) / J)];
      const proj = Array.from({ length: 100 }, (_, i) => u[0] * X[2 * i] + u[1] * X[2 * i + 1]);
      mean += w1ToLaw(proj, D.mixtureLaw(mixtureProjection(g, u))) / J;
    }
    assert.ok(Math.abs(slicedW1(X, J, (u) => D.mixtureLaw(mixtureProjection(g, u))) - mean) < 1e-14);
  });

  it("histogram TV: exact for points on known bins, and counts the mass outside", () => {
    // Half the points in bin 0, half outside; exact masses 0.5 and 0.5 inside, nothing outside.
    const tv = histogramTv(Float64Array.from([0.1, 0.2, 5, 6]), 1, { lo: 0, hi: 1, bins: 2 }, [0.5, 0.5]);
    // ½(|0.5 − 0.5| + |0 − 0.5| + |0.5 − 0|) = 0.5
    assert.equal(tv, 0.5);
    assert.equal(fractionWithin([0, 0.5, 2], [0.01, 1.99], 0.02), 2 / 3);
  });

  it("time grids end at T and tMin; Euler–Maruyama follows the exact linear recursion", () => {
    const g = timeGrid({ kind: "geometric", T: 5, tMin: 1e-3, K: 10 });
    assert.equal(g[0], 5);
    assert.ok(Math.abs(g[10] - 1e-3) < 1e-15);
    const u = timeGrid({ kind: "uniform", T: 5, tMin: 1e-3, K: 10 });
    assert.ok(Math.abs(u[1] - u[0] + (5 - 1e-3) / 10) < 1e-15);
    // OU dY = −Y ds + √2 dB on K uniform steps: Euler mean (1 − h)^K y₀, variance Σ 2h(1 − h)^{2j}.
    const K = 20;
    const h = 0.05;
    const n = 100000;
    const times = Array.from({ length: K + 1 }, (_, k) => k * h);
    const y = eulerMaruyama({ y0: new Float64Array(n).fill(1), times, drift: (v) => v.map((x) => -x), sigma: Math.SQRT2, seed: 0 });
    let mean = 0;
    let m2 = 0;
    for (const v of y) {
      mean += v / n;
      m2 += (v * v) / n;
    }
    let varTheory = 0;
    for (let j = 0; j < K; j++) varTheory += 2 * h * (1 - h) ** (2 * j);
    assert.ok(Math.abs(mean - (1 - h) ** K) < 4 * Math.sqrt(varTheory / n));
    assert.ok(Math.abs(m2 - mean * mean - varTheory) < 4 * varTheory * Math.sqrt(2 / n));
    const ode = eulerMaruyama({ y0: Float64Array.from([1]), times, drift: (v) => v.map((x) => -x), sigma: 0, seed: 0 });
    assert.ok(Math.abs(ode[0] - (1 - h) ** K) < 1e-15);
  });
});

describe("experiments/diffusion: closed forms", () => {
  it("the Girsanov KL of a shifted score on N(0, 1) is 2δ²(1 − e^{−T})², below δ²T", () => {
    for (const [delta, T] of [[0.3, 5], [1, 1], [0.05, 0.2]]) {
      const r = D.girsanovGaussian({ mean: 0, variance: 1, shift: delta, T, K: 4000 });
      const exact = 2 * delta ** 2 * (1 - Math.exp(-T)) ** 2;
      assert.ok(Math.abs(r.kl - exact) < 1e-10 * exact);
      assert.ok(Math.abs(r.klEuler / r.kl - 1) < 0.01, `Euler ${r.klEuler} vs ${r.kl}`);
      assert.ok(r.kl <= r.bound);
    }
  });

  it("the Euler chain's KL matches a simulation of the sampler (N(1, 2) target, shifted score)", () => {
    const target = gaussianMixture({ weights: [1], means: [1], sds: [Math.SQRT2] });
    const exact = D.exactScore(target);
    const delta = 0.5;
    const N = 10000;
    const y = D.reverseSample({ score: (v, t) => Array.from(exact(v, t), (s) => s + delta), d: 1, N, K: 200, grid: "uniform", sampler: "sde", tMin: 1e-3, seed: 0 });
    const r = D.girsanovGaussian({ mean: 1, variance: 2, shift: delta, T: 5, tEnd: 1e-3, K: 200, grid: "uniform" });
    // The output mean is m_{tEnd} + Δ; the chain's mean is exact for the Euler scheme, but the
    // simulation starts from N(0, 1) instead of p_T (a difference of order e^{−5}).
    let mean = 0;
    for (const v of y) mean += v / N;
    const vt = 2 * Math.exp(-2e-3) + 1 - Math.exp(-2e-3);
    const offset = Math.sqrt(2 * vt * r.klEuler);
    assert.ok(Math.abs(mean - (Math.exp(-1e-3) + offset)) < 4 * Math.sqrt(vt / N) + 0.02, `mean ${mean}`);
  });

  it("the DSM constant of a Gaussian is 1/σ_t² − 1/v_t, and Monte Carlo agrees", () => {
    const g = gaussianMixture({ weights: [1], means: [0.4], sds: [0.6] });
    for (const t of [0.01, 0.3, 2]) {
      const vt = 0.36 * Math.exp(-2 * t) + 1 - Math.exp(-2 * t);
      const exact = 1 / (1 - Math.exp(-2 * t)) - 1 / vt;
      assert.ok(Math.abs(D.dsmConstant(g, t) - exact) < 1e-9 * exact);
      const mc = D.dsmConstantMonteCarlo(g, t, 50000, 1);
      assert.ok(Math.abs(mc.mean - exact) < 4 * mc.se, `t = ${t}: ${mc.mean} ± ${mc.se} vs ${exact}`);
    }
  });

  it("the exact-score SDE on N(0, 1) returns N(0, 1) up to its Euler bias", () => {
    // For this target the sampler is the OU process; Euler's stationary variance is 2/(2 − h).
    const g = gaussianMixture({ weights: [1], means: [0], sds: [1] });
    const y = D.reverseSample({ score: D.exactScore(g), d: 1, N: 20000, K: 500, grid: "uniform", sampler: "sde", seed: 2 });
    let m = 0;
    let v = 0;
    for (const x of y) {
      m += x / y.length;
      v += (x * x) / y.length;
    }
    assert.ok(Math.abs(m) < 4 / Math.sqrt(y.length));
    assert.ok(Math.abs(v - 2 / (2 - 0.01)) < 4 * Math.sqrt(2 / y.length), `variance ${v}`);
  });

  it("the score field of the exact score has zero error and one arrow per grid point", () => {
    const ring = D.target2d();
    const f = D.scoreField({ score: D.exactScore(ring), p0: ring, t: 0.1, lo: -3, hi: 3, points: 5, length: 0.25 });
    assert.equal(f.meanError, 0);
    assert.equal(f.exact.x.length, 3 * 25);
    assert.equal(f.density.length, 5);
    const shifted = D.scoreField({ score: (y, t) => Array.from(D.exactScore(ring)(y, t), (v) => v + 1), p0: ring, t: 0.1, lo: -3, hi: 3, points: 5, length: 0.25 });
    // ‖(1, 1)‖·σ_t everywhere.
    assert.ok(Math.abs(shifted.meanError - Math.SQRT2 * Math.sqrt(1 - Math.exp(-0.2))) < 1e-12);
  });

  it("memorisation: the empirical score returns the training points as tMin → 0", () => {
    const rows = D.memorisationStudy({ p0: p1, ns: [5], tMins: [1e-2, 1e-5], N: 200, K: 60, seed: 0 });
    assert.ok(rows[0].near[1] > 0.9, `near-fraction ${rows[0].near[1]}`);
    assert.ok(rows[0].near[1] > rows[0].near[0]);
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`train: DSM loss, Adam and the score network on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    it("the DSM loss and its gradient in the score match the closed form", async () => {
      await noLeak(() => {
        const s = [0.3, -1.2, 2, 0.5];
        const z = [0.1, 0.4, -0.7, 1.1];
        const sd = [0.5, 0.2];
        const w = [0.25, 0.04];
        const score = tf.tensor2d(s, [2, 2]);
        const noise = tf.tensor2d(z, [2, 2]);
        const sdT = tf.tensor1d(sd);
        const wT = tf.tensor1d(w);
        const value = denoisingScoreLoss({ score, noise, sd: sdT, weight: wT });
        let expected = 0;
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expected += (w[i] * (s[2 * i + j] + z[2 * i + j] / sd[i]) ** 2) / 2;
        assert.ok(Math.abs(value.dataSync()[0] - expected) < 1e-5 * expected);
        const grad = tf.grad((x: tf.Tensor) => denoisingScoreLoss({ score: x, noise, sd: sdT, weight: wT }))(score);
        const gv = grad.dataSync();
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
          const g = (2 * w[i] * (s[2 * i + j] + z[2 * i + j] / sd[i])) / 2;
          assert.ok(Math.abs(gv[2 * i + j] - g) < 1e-5 * Math.max(1, Math.abs(g)));
        }
        tf.dispose([score, noise, sdT, wT, value, grad]);
      });
    });

    it("Adam's first step is −lr·sign(g)", async () => {
      await noLeak(() => {
        const opt = adam(0.1);
        const p = tf.tensor1d([1, 2, 3]);
        const g = tf.tensor1d([0.5, -3, 1e-3]);
        const state = opt.init([p]);
        const r = opt.update([g], state);
        const u = (r.updates as tf.Tensor[])[0].dataSync();
        assert.deepEqual(Array.from(u, (v) => Math.round(v * 1e4) / 1e4), [-0.1, 0.1, -0.1]);
        tf.dispose([p, g, ...(r.updates as tf.Tensor[])]);
        disposeStaleState(state, r.state);
        disposeStaleState(r.state);
      });
    });

    it("trains a score network without leaking, deterministically, below the loss of the Gaussian fit alone", async () => {
      const X0 = sampleMixture(p1, 50, 0);
      const run = () => {
        const net = D.trainScoreNet({ X0, d: 1, steps: 30, width: 8, batchSize: 64, seed: 3 });
        const loss = D.dsmLossOfNet(net, p1, 0.5, 2000, 1).mean;
        const history = net.history.loss.slice();
        net.dispose();
        return { loss, history };
      };
      const a = await noLeak(run);
      const b = run();
      assert.deepEqual(a.history, b.history);
      assert.ok(Number.isFinite(a.loss));
      assert.ok(a.loss >= D.dsmConstant(p1, 0.5) - 0.05);
    });
  });
}
