import { describe, it, before } from "node:test";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import assert from "node:assert/strict";
import { quantile64 } from "../../lib/numerics/stats";
import { sampleSphereArray } from "../../lib/data/samplers";
import { Rng } from "../../lib/runtime/rng";
import {
  choSaulGram,
  linearBallLimit,
  complexityStudy,
  pathSearchValidation,
  lipschitzStudy,
  choSaulSphereMean,
  uniformGapBound,
  uniformGapStudy,
  interpolationGapStudy,
  aprioriStudy,
} from "../../lib/experiments/rademacher";
import { firstRows } from "../../lib/experiments/rademacher/complexity";

describe("notebook 02 protocols", () => {
  it("quantile64 interpolates order statistics (type 7)", () => {
    assert.equal(quantile64([3, 1, 2, 4], 0.5), 2.5);
    assert.equal(quantile64([5], 0.9), 5);
    assert.ok(Math.abs(quantile64([0, 10], 0.95) - 9.5) < 1e-15);
    assert.equal(quantile64([1, 2, NaN, 3], 1), 3);
    assert.throws(() => quantile64([1], 1.5));
    assert.throws(() => quantile64([], 0.5));
  });

  it("Cho–Saul Gram: k(x, x) = 1 on the sphere, k(x, −x) = 0, k(x, y) = 1/π when x ⊥ y", () => {
    const P = { data: Float64Array.from([1, 0, 0, -1, 0, 0, 0, 1, 0]), n: 3, d: 3 };
    const K = choSaulGram(P);
    assert.ok(Math.abs(K[0] - 1) < 1e-15);
    assert.ok(Math.abs(K[1]) < 1e-15);
    assert.ok(Math.abs(K[2] - 1 / Math.PI) < 1e-15);
    assert.deepEqual(firstRows(P, 2).data, P.data.subarray(0, 6));
  });

  it("large-n limit of √n·R̂ of the ℓ2 ball and κ̄: closed forms and Monte Carlo", () => {
    assert.ok(Math.abs(linearBallLimit(1) - Math.sqrt(2 / Math.PI)) < 1e-15); // E|g|, g ~ N(0, 1)
    assert.ok(Math.abs(linearBallLimit(2) - Math.sqrt(Math.PI / 4)) < 1e-15); // Rayleigh mean √(π/4)
    assert.ok(Math.abs(linearBallLimit(5) - 0.951532862) < 1e-9);
    assert.ok(Math.abs(choSaulSphereMean(1) - 0.5) < 1e-15);
    assert.ok(Math.abs(choSaulSphereMean(400) - 1 / Math.PI) < 1e-3);
    // κ̄ by Monte Carlo over independent pairs on S^4: within 4 standard errors.
    const A = sampleSphereArray({ n: 4000, d: 5, seed: 1 });
    const B = sampleSphereArray({ n: 4000, d: 5, seed: 2 });
    const vals: number[] = [];
    for (let i = 0; i < 4000; i++) vals.push(choSaulGram(firstRows({ ...A, data: A.data.subarray(i * 5) }, 1), firstRows({ ...B, data: B.data.subarray(i * 5) }, 1))[0]);
    const m = vals.reduce((a, b) => a + b, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / (vals.length - 1) / vals.length);
    assert.ok(Math.abs(m - choSaulSphereMean(5)) < 4 * sd, `${m} vs ${choSaulSphereMean(5)} ± ${sd}`);
    assert.ok(Math.abs(uniformGapBound(100, 0.05) - (0.2 + Math.sqrt((2 * Math.log(20)) / 100))) < 1e-15);
  });

  it("complexity study: bounds ordered, nested samples, deterministic", () => {
    const s = complexityStudy({ d: 5, ns: [16, 32], draws: 40, pathDraws: 10, seed: 3, directions: 32 });
    for (const r of s.rows) {
      assert.ok(r.path1.estimate <= r.path.estimate + 1e-15);
      assert.ok(r.contraction.estimate <= r.massart);
      assert.ok(r.linear.estimate <= r.rkhsBound * 1.5);
    }
    const t = complexityStudy({ d: 5, ns: [16, 32], draws: 40, pathDraws: 10, seed: 3, directions: 32 });
    assert.equal(s.slope.path, t.slope.path);
    const v = pathSearchValidation({ d: 3, ns: [12], draws: 3, seed: 3, directions: 32 });
    assert.ok(v[0].gap >= -1e-12 && v[0].worstGap < 0.05);
  });

  it("Lipschitz study in d = 1: the rate exponent and a value by hand at n = 1", () => {
    const s = lipschitzStudy({ d: 1, ns: [8, 16], draws: 20, seed: 0 });
    assert.equal(s.rate, -0.5);
    // n = 1: sup over 1-Lipschitz f with f(½) = 0 of ξ f(x) is |x − ½| for either sign.
    const one = lipschitzStudy({ d: 2, ns: [1, 2], draws: 4, seed: 5 });
    assert.ok(one.rows[0].value.estimate > 0 && one.rows[0].value.estimate < Math.SQRT1_2);
  });

  it("gap studies: n·E(gap²) = 1 − κ̄ within Monte Carlo error; the interpolant's gap stays near the noise", () => {
    const g = uniformGapStudy({ d: 3, ns: [20], splits: 200, delta: 0.1, seed: new Rng(4) });
    const r = g.rows[0];
    const sq = Array.from(r.gaps, (x) => 20 * x * x);
    const m = sq.reduce((a, b) => a + b, 0) / sq.length;
    const se = Math.sqrt(sq.reduce((a, b) => a + (b - m) ** 2, 0) / (sq.length - 1) / sq.length);
    assert.ok(Math.abs(m - (1 - g.kappaBar)) < 4 * se, `${m} vs ${1 - g.kappaBar} ± ${se}`);
    assert.ok(r.quantile < r.bound);
    const h = interpolationGapStudy({ d: 3, ns: [40], reps: 2, sigma: 0.5, nTest: 300, seed: 1 });
    assert.ok(h.rows[0].trainRisk < 1e-4);
    assert.ok(h.rows[0].interpolant.mean > h.noise / 2);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`a priori study (${be})`, () => {
    before(() => useBackend(be));
    it("trains without leaking; the penalty lowers the path norm; same seed, same numbers", async () => {
      const o = { d: 3, m: 16, ns: [32, 64], lambdas: [0, 0.5], steps: 40, lr: 0.5, sigma: 0.1, nTest: 100, seed: 2 };
      const s = await noLeak(() => aprioriStudy(o));
      assert.equal(s.runs.length, 4);
      for (const n of o.ns) {
        const [plain, reg] = [0, 0.5].map((l) => s.runs.find((r) => r.n === n && r.lambda === l)!);
        assert.ok(reg.pathNorm < plain.pathNorm, `n = ${n}: ${reg.pathNorm} vs ${plain.pathNorm}`);
        assert.ok(Math.abs(reg.aposteriori - reg.pathNorm * Math.sqrt(Math.log(6) / n)) < 1e-12);
      }
      // The a priori shape ‖f*‖²/m + ‖f*‖√(ln 2d/n), by hand.
      const B = s.targetNorm;
      assert.ok(Math.abs(s.apriori[1].value - (B * B / 16 + B * Math.sqrt(Math.log(6) / 64))) < 1e-12);
      const t = aprioriStudy(o);
      assert.deepEqual(t.runs.map((r) => r.testMse), s.runs.map((r) => r.testMse));
    });
  });
}
