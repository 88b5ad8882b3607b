/**
 * Gaussian expectations in float64 by Gauss–Hermite quadrature (probabilists' weight, z ~ N(0, 1)).
 */
import { ValidationError } from "../runtime/errors";
import { integer } from "../runtime/validate";
import { symEig } from "./linalg64";

/** Nodes and weights of a quadrature rule for z ~ N(0, 1): E g(z) ≈ Σ_k weights[k]·g(nodes[k]). */
export interface GaussianRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const ruleCache = new Map<number, GaussianRule>();

/**
 * The m-point Gauss–Hermite rule for the standard normal weight (probabilists' Hermite polynomials),
 * by the Golub–Welsch method: the nodes are the eigenvalues of the Jacobi matrix with off-diagonal
 * entries √1, √2, …, √(m−1) and the weights are the squared first components of its unit
 * eigenvectors. Exact for polynomials of degree ≤ 2m − 1; for smooth g the error falls
 * geometrically in m (slower, but still fast, for functions with complex poles near the real axis,
 * such as tanh(2z) with poles at ±iπ/4). Cached per m.
 * @example
 * const { nodes, weights } = gaussHermiteRule(3); // nodes −√3, 0, √3; weights 1/6, 2/3, 1/6
 */
export function gaussHermiteRule(m: number): GaussianRule {
  integer("m", m, 1);
  if (m > 400) throw new ValidationError(`gaussHermiteRule: m must be ≤ 400 (the weights underflow beyond), got ${m}`);
  const hit = ruleCache.get(m);
  if (hit) return hit;
  const J = new Float64Array(m * m);
  for (let k = 1; k < m; k++) {
    J[k * m + k - 1] = Math.sqrt(k);
    J[(k - 1) * m + k] = Math.sqrt(k);
  }
  const { values, vectors } = symEig(J, m);
  // symEig returns descending eigenvalues; store ascending nodes.
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    nodes[k] = values[m - 1 - k];
    weights[k] = vectors[m - 1 - k][0] ** 2;
  }
  const rule = { nodes, weights };
  ruleCache.set(m, rule);
  return rule;
}

/**
 * E g(z) for z ~ N(0, 1) by the m-point Gauss–Hermite rule (default m = 200, measured against a fine trapezoid
 * rule: error ~1e-15 for moments of erf, ~1e-14 for tanh, ~1e-8 for tanh(2z), whose poles at ±iπ/4 slow
 * the convergence).
 * @example gaussianExpectation((z) => z ** 4) // 3
 */
export function gaussianExpectation(g: (z: number) => number, m = 200): number {
  const { nodes, weights } = gaussHermiteRule(m);
  let s = 0;
  for (let k = 0; k < nodes.length; k++) s += weights[k] * g(nodes[k]);
  return s;
}
