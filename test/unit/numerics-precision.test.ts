/**
 * Constants where a float64 reference would be no better than the number it checks, computed in
 * 50-digit arithmetic with mathjs BigNumber: Gauss–Hermite nodes and weights (Newton's method on
 * the Hermite polynomial from our float64 node), the Gaussian moments of erf (μ₁ = 2/√(3π),
 * E erf(z)² = (2/π)·asin(2/3)), and the exact integral and variance of the test integrands, whose
 * direct float64 formulas cancel. With the reference exact to 1e-40, each tolerance is the float64
 * error the computation is entitled to, stated per case.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { gaussHermiteRule, gaussianExpectation } from "../../lib/numerics/gaussHermite";
import { expSum, productSine } from "../../lib/numerics/integrands";
import { gaussianMoments, nonlinearPartNorm } from "../../lib/experiments/features/gaussianMoments";

const loadMathJs = () => import("mathjs");
/** A 50-digit number, and the few operations on it used here (mathjs types them for every number type at once). */
interface Big {
  toNumber(): number;
  toString(): string;
}
interface BigMath {
  bignumber(x: number): Big;
  add(a: Big, b: Big): Big;
  subtract(a: Big, b: Big): Big;
  multiply(a: Big, b: Big): Big;
  divide(a: Big, b: Big): Big;
  square(a: Big): Big;
  factorial(a: Big): Big;
  evaluate(expr: string, scope?: Record<string, Big>): Big;
}
let B: BigMath;

const EPS = 2 ** -52;
const rel = (x: number, ref: Big): number => Math.abs(x - ref.toNumber()) / Math.abs(ref.toNumber());

describe("numerics against 50-digit references (mathjs BigNumber)", () => {
  before(async () => {
    const m = await loadMathJs();
    B = m.create(m.all, { number: "BigNumber", precision: 50 }) as unknown as BigMath;
  });

  /** He_m(x) and He_{m−1}(x) by the three-term recurrence He_{k+1} = x He_k − k He_{k−1}. */
  function hermite(m: number, x: Big): [Big, Big] {
    let prev = B.bignumber(1);
    let cur = x;
    for (let k = 1; k < m; k++) {
      const next = B.subtract(B.multiply(x, cur), B.multiply(B.bignumber(k), prev));
      prev = cur;
      cur = next;
    }
    return [cur, prev];
  }

  it("Gauss–Hermite nodes and weights (m = 5, 20, 60, 200) to the accuracy of a backward-stable eigensolver", () => {
    for (const m of [5, 20, 60, 200]) {
      const { nodes, weights } = gaussHermiteRule(m);
      const mFact = B.factorial(B.bignumber(m));
      // ‖J‖ ≈ 2√m: a backward-stable eigensolver's eigenvalues carry an error ≲ c·m·ε·‖J‖ (Weyl);
      // c = 1 (measured: 2.7e-15, 1.5e-14, 5.3e-14, 3.9e-13 against bounds 5e-15 … 1.3e-12). The
      // weights (squared first eigenvector components, ≤ 1) measured within 3ε; allowed 8ε.
      const nodeTol = m * EPS * 2 * Math.sqrt(m);
      let worstNode = 0;
      let worstWeight = 0;
      let total = B.bignumber(0);
      for (let k = 0; k < m; k++) {
        let x = B.bignumber(nodes[k]);
        for (let it = 0; it < 3; it++) {
          const [h, h1] = hermite(m, x);
          x = B.subtract(x, B.divide(h, B.multiply(B.bignumber(m), h1)));
        }
        const [, h1] = hermite(m, x);
        const w = B.divide(mFact, B.square(B.multiply(B.bignumber(m), h1))); // m!/(m He_{m−1}(x))²
        total = B.add(total, w);
        worstNode = Math.max(worstNode, Math.abs(nodes[k] - x.toNumber()));
        worstWeight = Math.max(worstWeight, Math.abs(weights[k] - w.toNumber()));
      }
      assert.ok(Math.abs(total.toNumber() - 1) < 1e-30, "the reference weights sum to 1");
      assert.ok(worstNode <= nodeTol, `m = ${m}: node error ${worstNode.toExponential(2)} > ${nodeTol.toExponential(2)}`);
      assert.ok(worstWeight <= 8 * EPS, `m = ${m}: weight error ${worstWeight.toExponential(2)}`);
    }
  });

  it("Gaussian moments of erf: μ₁ = 2/√(3π), E erf² = (2/π)·asin(2/3), ‖P>1 erf‖² to a few ulps", () => {
    const mu1 = B.evaluate("2 / sqrt(3 * pi)");
    const second = B.evaluate("(2 / pi) * asin(2 / 3)");
    const nonlin = B.evaluate("(2 / pi) * asin(2 / 3) - 4 / (3 * pi)");
    const g = gaussianMoments("erf");
    // Quadrature with 200 nodes is exact far below ε for these smooth integrands; what remains is
    // the rounding of a 200-term sum of positive terms (≲ 20ε) and, for ‖P>1‖², one cancellation
    // (E erf² ≈ 0.46 minus μ₁² ≈ 0.42: a factor 12).
    assert.ok(rel(g.mu1, mu1) <= 20 * EPS, `μ₁ ${g.mu1} vs ${mu1.toString()}: ${rel(g.mu1, mu1)}`);
    assert.ok(rel(g.secondMoment, second) <= 20 * EPS, `E erf² ${g.secondMoment}`);
    assert.ok(rel(nonlinearPartNorm("erf"), nonlin) <= 12 * 20 * EPS, `‖P>1 erf‖² ${nonlinearPartNorm("erf")} vs ${nonlin.toString()}`);
    // E z⁸ = 105 exactly (degree 8 ≤ 2m − 1 for m = 5).
    assert.ok(Math.abs(gaussianExpectation((z) => z ** 8, 5) - 105) <= 105 * 20 * EPS);
  });

  it("test integrands: exact integral and variance to a few ulps in every dimension", () => {
    for (const d of [1, 2, 8, 50, 1000]) {
      const db = B.bignumber(d);
      const i1 = B.evaluate("d * (exp(1 / d) - 1)", { d: db });
      const i2 = B.evaluate("d * (exp(2 / d) - 1) / 2", { d: db });
      const I = B.evaluate("i1 ^ d", { i1, d: db });
      const V = B.evaluate("i2 ^ d - i1 ^ (2 * d)", { i1, i2, d: db });
      const g = expSum(d);
      // The direct formulas (d(e^{2/d} − 1)/2)^d − I² lose 1e-12 at d = 50 and 1e-9 at d = 1000.
      assert.ok(rel(g.integral, I) <= 8 * EPS, `expSum(${d}).integral rel ${rel(g.integral, I)}`);
      assert.ok(rel(g.variance, V) <= 64 * EPS, `expSum(${d}).variance rel ${rel(g.variance, V).toExponential(2)}`);
    }
    for (const d of [1, 4, 8, 12]) {
      const V = B.evaluate("(pi^2 / 8)^d - 1", { d: B.bignumber(d) });
      // (π²/8)^d in float64: d roundings; minus 1 cancels by at most a factor 1/(1 − 8/π²) ≈ 5.3.
      assert.ok(rel(productSine(d).variance, V) <= 6 * (d + 2) * EPS, `productSine(${d}).variance`);
    }
  });
});
