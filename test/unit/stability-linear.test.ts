/**
 * Linear stability of GD and SGD, the 1-D SGD simulation, the minima-manifold drift and the
 * minima-selection helpers. Oracles: closed forms ((1 − ηλ)^t on quadratics; (1 − ηa)² + η²s²/B),
 * the operator M = (I − ηH)² + (η²/B)Σ built explicitly in float64 from per-sample gradients, and
 * the effective dynamics dx/dt = −ησ²h′(x)/4 with its discrete-time correction.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { mlp } from "../../lib/models/mlp";
import { disposeParams, flattenParams } from "../../lib/models/params";
import { symEig, matmul64 } from "../../lib/numerics/linalg64";
import { perExampleGradients } from "../../lib/analysis/gram";
import { gdQuadraticRun, gdPerturbationRun, sgdStabilityFromGram, lossAlongSegment } from "../../lib/experiments/stability/linearStability";
import { sgd1dStabilityGrid, sgdMeanSquareFactor } from "../../lib/experiments/stability/sgd1d";
import { manifoldDriftSimulation } from "../../lib/experiments/stability/manifoldDrift";
import { escapePrediction, mlpGram, sgdEscapeExperiment, sgdEscapeRun, sgdSolution, sharpnessAlongSegment } from "../../lib/experiments/stability/minimaSelection";
import { lanczosEigs } from "../../lib/numerics/lanczos";
import { paramDistance } from "../../lib/models/params";

describe("stability: closed forms and simulations (host)", () => {
  it("GD on a quadratic: ‖θ_t‖ follows (1 − ηλ)^t; factor = max |1 − ηλ_i|", () => {
    const r = gdQuadraticRun({ curvatures: [1, 10], lr: 0.21, steps: 30, theta0: [0, 1] });
    assert.ok(Math.abs(r.factor - 1.1) < 1e-12);
    r.norm.forEach((v, t) => assert.ok(Math.abs(v - 1.1 ** t) < 1e-9 * 1.1 ** t));
    assert.ok(gdQuadraticRun({ curvatures: [1, 10], lr: 0.19, steps: 1 }).factor < 1);
  });

  it("sgdMeanSquareFactor: the formula, and the without-replacement factor (n − B)/(n − 1)", () => {
    assert.ok(Math.abs(sgdMeanSquareFactor({ lr: 0.1, a: 10, s: 10, B: 4 }) - 0.25) < 1e-12);
    assert.ok(Math.abs(sgdMeanSquareFactor({ lr: 0.1, a: 5, s: 10, B: 2, withoutReplacementN: 5 }) - (0.25 + 0.5 * 0.75)) < 1e-12);
    assert.equal(sgdMeanSquareFactor({ lr: 0.1, a: 5, s: 10, B: 5, withoutReplacementN: 5 }), 0.25);
  });

  it("1-D SGD: simulated mean-square growth matches (1 − ηa)² + η²s²/B within Monte Carlo error; typical ≤ mean square", () => {
    const g = sgd1dStabilityGrid({ etaA: [0.3, 1.2, 1.9], sOverA: [0.5, 1.5], batchSizes: [1, 8], runs: 400, steps: 50, seed: 3 });
    for (let b = 0; b < 2; b++) for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) {
      const p = g.predicted[b][j][i];
      // 20 000 draws of m²: the relative standard error of the mean is ≤ about 2 % here; allow 6 %.
      assert.ok(Math.abs(g.simulated[b][j][i] / p - 1) < 0.06, `B ${g.batchSizes[b]} r ${g.sOverA[j]} x ${g.etaA[i]}: ${g.simulated[b][j][i]} vs ${p}`);
      assert.ok(g.typical[b][j][i] <= g.simulated[b][j][i]);
    }
    assert.ok(g.agreement >= 0.9);
    assert.ok(Math.abs(g.boundary[0].predicted[0] - 2 / 1.25) < 1e-12);
  });

  it("manifold drift: measured displacement matches −ησ²h′/4 up to the discrete factor 1/(1 − ηh)", () => {
    const r = manifoldDriftSimulation({ h: (x) => 1 + x * x, hPrime: (x) => 2 * x, x0: 1, lr: 0.005, sigma: 4, time: 10, paths: 400, seed: 1 });
    // ηh ≤ 0.01: the discrete correction is ≤ 1 %; 400 paths leave a few % of sampling noise.
    assert.ok(Math.abs(r.driftRatio - 1) < 0.1, `drift ratio ${r.driftRatio}`);
    assert.ok(r.meanX[r.meanX.length - 1] < r.meanX[0], "x must move towards smaller h");
    const y2 = r.meanY2.reduce((a, b) => a + b, 0) / r.meanY2.length;
    assert.ok(Math.abs(y2 / r.y2Theory - 1) < 0.15, `E y² ${y2} vs ${r.y2Theory}`);
  });

  it("sgdStabilityFromGram equals λ_max of (I − ηH)² + (η²/B)Σ built explicitly", () => {
    const n = 4;
    const P = 6;
    const J = new Rng(2).normals(n * P);
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let t = 0; t < P; t++) K[i * n + j] += J[i * P + t] * J[j * P + t];
    const lr = 0.15;
    const B = 2;
    const H = new Float64Array(P * P);
    const H2 = new Float64Array(P * P);
    for (let i = 0; i < n; i++) {
      const g = J.subarray(i * P, (i + 1) * P);
      const gg = g.reduce((s, x) => s + x * x, 0);
      for (let r = 0; r < P; r++) for (let c = 0; c < P; c++) {
        H[r * P + c] += (g[r] * g[c]) / n;
        H2[r * P + c] += (gg * g[r] * g[c]) / n;
      }
    }
    const HH = matmul64(H, H, P, P, P);
    const M = new Float64Array(P * P);
    for (let t = 0; t < P * P; t++) {
      const I = t % (P + 1) === 0 ? 1 : 0;
      M[t] = I - 2 * lr * H[t] + lr * lr * HH[t] + ((lr * lr) / B) * (H2[t] - HH[t]);
    }
    // M = I on the P − n directions orthogonal to every gradient; the factor is M's top eigenvalue on their span.
    const vals = Array.from(symEig(M, P).values);
    for (let k = 0; k < P - n; k++) {
      const idx = vals.reduce((bi, v, i) => (Math.abs(v - 1) < Math.abs(vals[bi] - 1) ? i : bi), 0);
      vals.splice(idx, 1);
    }
    const want = Math.max(...vals);
    const got = sgdStabilityFromGram(K, n, lr, B);
    assert.ok(Math.abs(got.factor - want) < 1e-9, `${got.factor} vs ${want}`);
    assert.ok(Math.abs(got.a - symEig(H, P).values[0]) < 1e-9);
    const S = H2.map((v, t) => v - HH[t]);
    assert.ok(Math.abs(got.s ** 2 - symEig(S, P).values[0]) < 1e-9);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`stability: GD/SGD runs on networks (${be})`, () => {
    before(() => useBackend(be));

    it("gdPerturbationRun on a quadratic loss: separation ε|1 − ηλ|^t exactly (below and above 2/λ)", async () => {
      const lam = 4;
      const theta = tf.tensor1d([0.3, -0.1]);
      const loss = (ps: tf.Tensor[]) => tf.tidy(() => tf.mul(tf.sum(tf.mul(tf.tensor1d([lam, 1]), tf.square(ps[0]))), 0.5) as tf.Scalar);
      for (const lr of [0.9 * (2 / lam), 1.1 * (2 / lam)]) {
        const r = await noLeak(() => gdPerturbationRun({ loss, params: [theta], direction: [1, 0], eps: 1e-2, lr, steps: 20 }));
        r.distance.forEach((d, t) => assert.ok(Math.abs(d / (1e-2 * Math.abs(1 - lr * lam) ** t) - 1) < 1e-4, `t ${t}: ${d}`));
      }
      theta.dispose();
    });

    it("gdPerturbationRun stops at the first separation above stopAt; paramDistance is the float64 norm", async () => {
      const lam = 4;
      const theta = tf.tensor1d([0.3, -0.1]);
      const loss = (ps: tf.Tensor[]) => tf.tidy(() => tf.mul(tf.sum(tf.mul(tf.tensor1d([lam, 1]), tf.square(ps[0]))), 0.5) as tf.Scalar);
      const lr = 1.5 * (2 / lam); // |1 − ηλ| = 2: the separation doubles every step
      const r = await noLeak(() => gdPerturbationRun({ loss, params: [theta], direction: [3, 0], eps: 1e-2, lr, steps: 50, stopAt: 0.1 }));
      // 1e-2·2^t first exceeds 0.1 at t = 4: entries t = 0 … 4, nothing after.
      assert.equal(r.distance.length, 5);
      assert.ok(r.distance[3] <= 0.1 && r.distance[4] > 0.1);
      assert.equal(r.loss.length, 5);
      assert.ok(Math.abs(r.rate - 2) < 1e-3, `rate ${r.rate}`);
      const a = { w: tf.tensor1d([1, 2]), b: [tf.tensor2d([[0, 0]])] };
      const b = { w: tf.tensor1d([1, 5]), b: [tf.tensor2d([[4, 0]])] };
      assert.equal(paramDistance(a, b), 5);
      const c = tf.zeros([2, 1]);
      assert.throws(() => paramDistance(a, { w: a.w, b: [c] }), /same structure/);
      tf.dispose([theta, a.w, a.b[0], b.w, b.b[0], c]);
    });

    it("escapePrediction: necessary conditions, sufficient condition, GD's wall", () => {
      const lr = 0.2;
      assert.equal(escapePrediction({ a: 11, s: 0, factor: 0.5, lr, batchSize: 4 }), "escape"); // aη > 2
      assert.equal(escapePrediction({ a: 5, s: 6, factor: 0.5, lr, batchSize: 1 }), "escape"); // sη/√B > 1
      assert.equal(escapePrediction({ a: 5, s: 6, factor: 0.99, lr, batchSize: 4 }), "stay");
      assert.equal(escapePrediction({ a: 5, s: 6, factor: 1.2, lr, batchSize: 4 }), "no prediction");
      assert.equal(escapePrediction({ a: 9.9, s: 100, factor: NaN, lr, batchSize: null }), "stay");
      assert.equal(escapePrediction({ a: 10.1, s: 0, factor: NaN, lr, batchSize: null }), "escape");
      assert.throws(() => escapePrediction({ a: 5, s: 1, factor: 1, lr, batchSize: 0 }), /batchSize/);
    });

    it("lossAlongSegment interpolates (1 − α)θ₁ + αθ₂", () => {
      const a = [tf.tensor1d([0, 0])];
      const b = [tf.tensor1d([2, 0])];
      const L = lossAlongSegment((ps) => tf.sum(tf.square(ps[0])) as tf.Scalar, a, b, [0, 0.5, 1, 1.5]);
      assert.deepEqual(L, [0, 1, 4, 9]);
      tf.dispose([a, b]);
    });

    it("sgdSolution reaches a low loss and its a, s come from the Gram matrix; escape iff the step is too large", async () => {
      const r = new Rng(4);
      const n = 8;
      const X = r.normalTensor([n, 3]) as tf.Tensor2D;
      const y = r.normalTensor([n, 1]) as tf.Tensor2D;
      const net = mlp({ sizes: [3, 16, 1], activation: "tanh" });
      const p0 = net.init(1);
      const sol = await noLeak(() => {
        const s = sgdSolution({ net, params: p0, X, y, lr: 0.1, steps: 1500 });
        tf.dispose(flattenParams(s.params));
        return s;
      });
      assert.ok(sol.loss < 1e-2, `loss ${sol.loss}`);
      const J = perExampleGradients((ls, Xb) => net.apply({ weights: [ls[2], ls[3]] as tf.Tensor2D[], biases: [ls[0], ls[1]] as tf.Tensor1D[] }, Xb), flattenParams(p0), X);
      const P = 3 * 16 + 16 + 16 + 1;
      assert.equal(J.length, n * P);
      const K0 = mlpGram(net, p0, X);
      assert.ok(Math.abs(K0[0] - J.subarray(0, P).reduce((s, v) => s + v * v, 0)) < 1e-4 * K0[0]);
      assert.ok(sol.a > 0 && sol.s > 0);
      const min = sgdSolution({ net, params: p0, X, y, lr: 0.1, steps: 1500 });
      const stay = sgdEscapeRun({ net, params: min.params, X, y, lr: 0.01, batchSize: 2, steps: 50, seed: 0 });
      assert.equal(stay.escaped, false);
      assert.equal(stay.step[0], 0);
      const lrBig = 2.5 / Math.min(min.a, 1e9);
      const kicked = sgdEscapeRun({ net, params: min.params, X, y, lr: 0.01, batchSize: 2, steps: 5, evalEvery: 1, perturbation: 0.05, seed: 1 });
      // The first recorded point is θ₀ + kick: its distance from θ₀ is the kick's norm (float32 rounding only).
      assert.ok(Math.abs(kicked.distance[0] - 0.05) < 1e-4, `kick ${kicked.distance[0]}`);
      // Sharpness along a segment: at α = 0 and 1 the endpoints' own sharpness; the loss path is continuous.
      const lamEnds = sharpnessAlongSegment(net, p0, min.params, X, y, [0, 1]);
      const op0 = net.hessianOperator(p0, X, y);
      const lam0 = lanczosEigs(op0.matvec, op0.dim, { k: 1, iters: 60 }).values[0];
      op0.dispose();
      assert.ok(Math.abs(lamEnds[0] - lam0) < 1e-4 * lam0, `${lamEnds[0]} vs ${lam0}`);
      const go = sgdEscapeRun({ net, params: min.params, X, y, lr: 4 * lrBig, batchSize: 1, steps: 60, seed: 0, escapeFloor: 1e-3 });
      assert.equal(go.escaped, true, `max loss ${go.maxLoss} from ${go.startLoss}`);
      // The escape experiment: per case, the Gram-matrix statistics, the prediction and the run
      // with the case's own seed stream (seed, "escape", name); GD's case carries no factor.
      const yFit = net.apply(min.params, X);
      const cases = await noLeak(() => sgdEscapeExperiment({
        net, params: min.params, X, y: yFit, lr: 4 * lrBig, batchSizes: [1], steps: 60, perturbation: 1e-3, seed: 7,
      }));
      assert.deepEqual(cases.map((c) => [c.name, c.label, c.batchSize]), [["B1", "B = 1", 1], ["GD", "GD (full batch)", null]]);
      const K = mlpGram(net, min.params, X);
      const st = sgdStabilityFromGram(K, n, 4 * lrBig, 1);
      assert.ok(Math.abs(cases[0].factor! - st.factor) < 1e-9 * Math.abs(st.factor) && cases[1].factor === null);
      assert.equal(cases[0].prediction, escapePrediction({ a: st.a, s: st.s, factor: st.factor, lr: 4 * lrBig, batchSize: 1 }));
      const again = sgdEscapeRun({ net, params: min.params, X, y: yFit, lr: 4 * lrBig, batchSize: 1, steps: 60, perturbation: 1e-3, seed: new Rng(7).child("escape", "B1") });
      assert.deepEqual(cases[0].run.loss, again.loss);
      for (const c of cases) {
        const expected = c.prediction === "no prediction" ? "no prediction" : c.escaped === (c.prediction === "escape") ? "agrees" : "disagrees";
        assert.equal(c.verdict, expected);
      }
      yFit.dispose();
      disposeParams(min.params);
      disposeParams(p0);
      tf.dispose([X, y]);
    });
  });
}
