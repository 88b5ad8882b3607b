/**
 * Gaussian quadrature and Hermite moments. Oracles: Gauss–Hermite exactness on polynomials of degree
 * ≤ 2m − 1 (E z^{2k} = (2k − 1)!!), closed forms for erf (E[z erf z] = 2/√(3π),
 * E erf² = (2/π)·asin(2/3)) and relu (μ₁ = μ₂ = 1/2), and a fine trapezoid rule on [−14, 14]
 * (exponentially accurate for analytic integrands with Gaussian decay) for tanh and tanh(2z).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gaussianMoments, nonlinearPartNorm, featureLink } from "../../lib/experiments/features/gaussianMoments";
import { gaussHermiteRule, gaussianExpectation } from "../../lib/numerics/gaussHermite";

function trapezoid(f: (z: number) => number): number {
  const h = 0.002;
  let s = 0;
  for (let k = -7000; k <= 7000; k++) {
    const z = k * h;
    s += f(z) * Math.exp(-z * z / 2);
  }
  return (s * h) / Math.sqrt(2 * Math.PI);
}

describe("features: Gauss–Hermite quadrature", () => {
  it("is exact for polynomials of degree ≤ 2m − 1", () => {
    const { weights } = gaussHermiteRule(5);
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-14);
    // degree 8 ≤ 9 = 2·5 − 1: E z⁸ = 105 (rounding ~1e-13 relative)
    assert.ok(Math.abs(gaussianExpectation((z) => z ** 8, 5) - 105) < 1e-11);
    assert.ok(Math.abs(gaussianExpectation((z) => z ** 4 - 2 * z ** 3, 3) - 3) < 1e-13);
    // degree 10 > 9: not exact (E z^10 = 945), which shows the rule really has 5 nodes
    assert.ok(Math.abs(gaussianExpectation((z) => z ** 10, 5) - 945) > 1);
  });

  it("three-point rule has nodes −√3, 0, √3 and weights 1/6, 2/3, 1/6", () => {
    const { nodes, weights } = gaussHermiteRule(3);
    [-Math.sqrt(3), 0, Math.sqrt(3)].forEach((x, k) => assert.ok(Math.abs(nodes[k] - x) < 1e-13));
    [1 / 6, 2 / 3, 1 / 6].forEach((w, k) => assert.ok(Math.abs(weights[k] - w) < 1e-13));
  });

  it("erf moments match their closed forms (to 1e-12)", () => {
    const m = gaussianMoments("erf");
    assert.ok(Math.abs(m.mu1 - 2 / Math.sqrt(3 * Math.PI)) < 1e-12);
    assert.ok(Math.abs(m.secondMoment - (2 / Math.PI) * Math.asin(2 / 3)) < 1e-12);
    assert.ok(Math.abs(m.mu0) < 1e-12);
    assert.ok(Math.abs(m.mu2 - Math.sqrt(m.secondMoment - m.mu1 ** 2)) < 1e-15);
    assert.ok(Math.abs(nonlinearPartNorm("erf") - ((2 / Math.PI) * Math.asin(2 / 3) - 4 / (3 * Math.PI))) < 1e-12);
  });

  it("relu moments: μ₁ = μ₂ = 1/2 (exact up to rounding: the nodes are symmetric, so z·relu(z) and relu(z)² integrate as z²/2)", () => {
    const m = gaussianMoments("relu");
    assert.ok(Math.abs(m.mu1 - 0.5) < 1e-12, `mu1 ${m.mu1}`);
    assert.ok(Math.abs(m.mu2 - 0.5) < 1e-12, `mu2 ${m.mu2}`);
  });

  it("tanh and tanh(2z): nonlinear part agrees with a fine trapezoid rule (1e-7: poles at ±iπ/4 slow GH)", () => {
    for (const [name, f] of [["tanh", Math.tanh], ["tanh2x", (z: number) => Math.tanh(2 * z)]] as const) {
      const m1 = trapezoid((z) => z * f(z));
      const m2 = trapezoid((z) => f(z) ** 2);
      const ref = m2 - m1 * m1;
      assert.ok(Math.abs(nonlinearPartNorm(name) - ref) < 1e-7, `${name}: ${nonlinearPartNorm(name)} vs ${ref}`);
    }
  });

  it("a linear target has no nonlinear part; he2 is all nonlinear (E he2² = 2)", () => {
    assert.ok(nonlinearPartNorm("identity") < 1e-12);
    assert.ok(Math.abs(nonlinearPartNorm("he2") - 2) < 1e-10);
    assert.equal(featureLink("tanh2x").scalar(0.5), Math.tanh(1));
  });
});
