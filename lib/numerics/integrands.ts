/**
 * Integrands on the cube [0,1]^d with known integral and variance, for studying quadrature error.
 */
import { integer } from "../runtime/validate";

export interface Integrand {
  name: string;
  d: number;
  /** g(x) for one point x ∈ [0,1]^d. */
  g(x: Float64Array): number;
  /** ∫_{[0,1]^d} g exactly. */
  integral: number;
  /** Var g(U) for U uniform on the cube, exactly. */
  variance: number;
  /** Smoothness order α used by the grid-rate theory (error ∝ k^(−α) per axis for the midpoint rule). */
  alpha: number;
}

/**
 * g(x) = Π_i (π/2)·sin(π x_i): integral 1, E g² = (π²/8)^d, so Var g = (π²/8)^d − 1.
 * Smooth (analytic), so the midpoint rule's error per axis is O(k⁻²), i.e. α = 2.
 * @example const g = productSine(5); g.integral // 1
 */
export function productSine(d: number): Integrand {
  integer("d", d, 1);
  return {
    name: `Π (π/2) sin(π x_i), d = ${d}`,
    d,
    g(x) {
      let p = 1;
      for (let i = 0; i < d; i++) p *= (Math.PI / 2) * Math.sin(Math.PI * x[i]);
      return p;
    },
    integral: 1,
    variance: (Math.PI ** 2 / 8) ** d - 1,
    alpha: 2,
  };
}

/**
 * g(x) = exp(Σ_i x_i / d): integral (d(e^{1/d} − 1))^d and E g² = (d(e^{2/d} − 1)/2)^d, so
 * Var g = (d(e^{2/d} − 1)/2)^d − (d(e^{1/d} − 1))^{2d}. Smooth, α = 2.
 * @example const g = expSum(4); g.integral // (4(e^{1/4} − 1))^4 ≈ 1.666 (→ √e as d → ∞)
 */
export function expSum(d: number): Integrand {
  integer("d", d, 1);
  const i1 = d * Math.expm1(1 / d);
  const i2 = (d * Math.expm1(2 / d)) / 2;
  return {
    name: `exp(Σ x_i / d), d = ${d}`,
    d,
    g(x) {
      let s = 0;
      for (let i = 0; i < d; i++) s += x[i];
      return Math.exp(s / d);
    },
    integral: i1 ** d,
    variance: i2 ** d - i1 ** (2 * d),
    alpha: 2,
  };
}
