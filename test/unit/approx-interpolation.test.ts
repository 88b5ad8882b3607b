import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tensorMeshInterpolant, interpolationErrorCurve } from "../../lib/experiments/approx/interpolation";
import { rungeFunction, equispacedNodes, chebyshevNodes, barycentricWeights, barycentricInterpolant, polynomialInterpolationMaxError } from "../../lib/experiments/approx/polynomial";
import { fitLogLog } from "../../lib/numerics/fit";
import { ValidationError } from "../../lib/runtime/errors";

// Pure float64 host code: no tfjs backend involved, so these run once (no per-backend loop).
describe("tensor-mesh interpolation", () => {
  it("reproduces multilinear functions exactly and matches f at the nodes", () => {
    const f = (x: Float64Array) => 1 + 2 * x[0] - x[1] + 3 * x[0] * x[1] * x[2];
    const I = tensorMeshInterpolant(f, 3, 3);
    assert.equal(I.nodes, 64);
    for (const p of [[0.1, 0.7, 0.3], [0.99, 0.01, 0.5], [1, 1, 1]]) {
      // exact up to rounding: the interpolant of a multilinear function is itself
      assert.ok(Math.abs(I.evaluate(p) - f(Float64Array.from(p))) < 1e-12);
    }
    const g = (x: Float64Array) => Math.sin(5 * x[0]) * Math.cos(3 * x[1]);
    const J = tensorMeshInterpolant(g, 2, 4);
    assert.ok(Math.abs(J.evaluate([0.25, 0.75]) - g(Float64Array.from([0.25, 0.75]))) < 1e-12);
  });
  it("meets the bound (h²/8)Σ sup|∂ᵢ²f| and falls like h²", () => {
    // f = sin(πx)sin(πy): sup|∂ᵢ²f| = π², so |f − I_h f| ≤ (h²/8)·2π²
    const f = (x: Float64Array) => Math.sin(Math.PI * x[0]) * Math.sin(Math.PI * x[1]);
    const c = interpolationErrorCurve(f, 2, [4, 8, 16, 32], { seed: 0, nTest: 3000 });
    c.k.forEach((k, i) => assert.ok(c.max[i] <= ((1 / k) ** 2 / 8) * 2 * Math.PI ** 2, `k = ${k}: ${c.max[i]}`));
    // rate in k: exponent −2 within 0.05 (asymptotic regime, the same test points for every k)
    assert.ok(Math.abs(fitLogLog(c.k, c.rms).slope + 2) < 0.05);
    assert.deepEqual(c.m, [25, 81, 289, 1089]);
  });
  it("validates its arguments", () => {
    assert.throws(() => tensorMeshInterpolant((x) => x[0], 2, 0), ValidationError);
    assert.throws(() => tensorMeshInterpolant((x) => x[0], 8, 1000), /nodes/);
    assert.throws(() => tensorMeshInterpolant((x) => x[0], 2, 2).evaluate([0.5]), /length 2/);
  });
});

describe("barycentric polynomial interpolation", () => {
  it("nodes and weights match their closed forms", () => {
    assert.deepEqual(Array.from(equispacedNodes(2)), [-1, 0, 1]);
    const ch = chebyshevNodes(4);
    assert.ok(Math.abs(ch[1] + Math.cos(Math.PI / 4)) < 1e-15 && ch[0] === -1 && ch[4] === 1);
    // Chebyshev points of the second kind: w_j ∝ (−1)^j δ_j with δ = 1/2 at the ends (Berrut & Trefethen 2004)
    const w = barycentricWeights(chebyshevNodes(6));
    w.forEach((v, j) => assert.ok(Math.abs(Math.abs(v) - (j === 0 || j === 6 ? 0.5 : 1)) < 1e-12 && Math.sign(v) === (j % 2 === 0 ? 1 : -1) * Math.sign(w[0])));
  });
  it("reproduces polynomials of degree ≤ n and interpolates at the nodes", () => {
    const q = (x: number) => 2 - x + 3 * x ** 3 - x ** 5;
    const nodes = chebyshevNodes(7);
    const p = barycentricInterpolant(nodes, Array.from(nodes, q));
    for (const x of [-0.93, -0.2, 0.11, 0.77]) assert.ok(Math.abs(p(x) - q(x)) < 1e-12);
    assert.equal(p(nodes[3]), q(nodes[3]));
  });
  it("shows the Runge phenomenon at the known rates", () => {
    const rho = (1 + Math.sqrt(26)) / 5;
    const e16 = polynomialInterpolationMaxError(rungeFunction, chebyshevNodes(16));
    const e32 = polynomialInterpolationMaxError(rungeFunction, chebyshevNodes(32));
    // geometric convergence at rate ρ^(−n): ratio within 20 % of ρ^16 (the constant is not predicted)
    assert.ok(Math.abs(e16 / e32 / rho ** 16 - 1) < 0.2, `${e16 / e32} vs ${rho ** 16}`);
    const q8 = polynomialInterpolationMaxError(rungeFunction, equispacedNodes(8));
    const q16 = polynomialInterpolationMaxError(rungeFunction, equispacedNodes(16));
    // classical values: ≈ 1.045 at n = 8, ≈ 14.39 at n = 16 (errors at the end intervals)
    assert.ok(Math.abs(q8 - 1.0452) < 1e-3 && Math.abs(q16 - 14.394) < 1e-2, `${q8}, ${q16}`);
  });
  it("validates its arguments", () => {
    assert.throws(() => barycentricWeights([0, 0.5, 0.5]), /coincide/);
    assert.throws(() => barycentricInterpolant([0, 1], [1]), ValidationError);
    assert.throws(() => equispacedNodes(0), ValidationError);
  });
});
