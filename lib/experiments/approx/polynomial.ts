/**
 * Polynomial interpolation on [−1, 1] in float64, in the barycentric form (Berrut & Trefethen,
 * "Barycentric Lagrange interpolation", SIAM Review 2004), at equispaced and Chebyshev nodes: the
 * Runge phenomenon (Runge 1901) of the approximation-rates notebook.
 */
import { integer } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/**
 * Runge's function 1/(1 + 25x²), analytic on [−1, 1] but with poles at ±i/5, close to the interval.
 * @example rungeFunction(0) // 1
 */
export function rungeFunction(x: number): number {
  return 1 / (1 + 25 * x * x);
}

/**
 * n + 1 equispaced nodes x_j = −1 + 2j/n on [−1, 1] (interpolation of degree n).
 * @example equispacedNodes(2) // [−1, 0, 1]
 */
export function equispacedNodes(n: number): Float64Array {
  integer("n", n, 1);
  return Float64Array.from({ length: n + 1 }, (_, j) => -1 + (2 * j) / n);
}

/**
 * n + 1 Chebyshev points of the second kind x_j = −cos(jπ/n) on [−1, 1] (extrema of T_n), which
 * cluster near ±1 with density ∝ 1/√(1 − x²).
 * @example chebyshevNodes(2) // [−1, 0, 1]; chebyshevNodes(4)[1] // −cos(π/4) ≈ −0.707
 */
export function chebyshevNodes(n: number): Float64Array {
  integer("n", n, 1);
  return Float64Array.from({ length: n + 1 }, (_, j) => (j === 0 ? -1 : j === n ? 1 : -Math.cos((j * Math.PI) / n)));
}

/**
 * Barycentric weights w_j = 1 / Π_{k≠j}(x_j − x_k), rescaled so that max |w_j| = 1 (the formula of
 * the second kind is invariant under a common factor).
 * @example barycentricWeights(Float64Array.from([-1, 0, 1])) // [0.5, −1, 0.5]
 */
export function barycentricWeights(nodes: ArrayLike<number>): Float64Array {
  const n = nodes.length;
  if (n < 1) throw new ValidationError("nodes must hold at least one point");
  const w = new Float64Array(n);
  // log-magnitudes avoid overflow for large n
  const logs = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sign = 1;
    let lg = 0;
    for (let k = 0; k < n; k++) {
      if (k === j) continue;
      const diff = nodes[j] - nodes[k];
      if (diff === 0) throw new ValidationError(`nodes ${j} and ${k} coincide (${nodes[j]})`);
      if (diff < 0) sign = -sign;
      lg -= Math.log(Math.abs(diff));
    }
    logs[j] = lg;
    w[j] = sign;
  }
  const top = Math.max(...logs);
  for (let j = 0; j < n; j++) w[j] *= Math.exp(logs[j] - top);
  return w;
}

/**
 * The polynomial p of degree ≤ n through (x_j, y_j), evaluated by the barycentric formula of the
 * second kind p(x) = Σ_j (w_j y_j/(x − x_j)) / Σ_j (w_j/(x − x_j)), exact at the nodes.
 * @example
 * const p = barycentricInterpolant([-1, 0, 1], [1, 0, 1]);
 * p(0.5) // 0.25 (the parabola x²)
 */
export function barycentricInterpolant(nodes: ArrayLike<number>, values: ArrayLike<number>): (x: number) => number {
  if (nodes.length !== values.length) throw new ValidationError(`nodes (${nodes.length}) and values (${values.length}) must have the same length`);
  const xs = Float64Array.from(nodes);
  const ys = Float64Array.from(values);
  const w = barycentricWeights(xs);
  return (x: number) => {
    let num = 0;
    let den = 0;
    for (let j = 0; j < xs.length; j++) {
      const diff = x - xs[j];
      if (diff === 0) return ys[j];
      const t = w[j] / diff;
      num += t * ys[j];
      den += t;
    }
    return num / den;
  };
}

/**
 * max_x |f(x) − p(x)| over `nGrid` equispaced points of [−1, 1] (default 2001), p the interpolant of
 * f at `nodes`. For Runge's function at equispaced nodes this grows like 2^n; at Chebyshev nodes it
 * falls geometrically, like ρ^(−n) with ρ = (1 + √26)/5 ≈ 1.22 (Trefethen, Approximation Theory and
 * Approximation Practice, 2013, ch. 8).
 * @example polynomialInterpolationMaxError(rungeFunction, chebyshevNodes(32)) // ≈ 1e-3
 */
export function polynomialInterpolationMaxError(f: (x: number) => number, nodes: ArrayLike<number>, o: { nGrid?: number } = {}): number {
  const nGrid = integer("nGrid", o.nGrid ?? 2001, 2);
  const p = barycentricInterpolant(nodes, Array.from(nodes, (x) => f(x)));
  let mx = 0;
  for (let i = 0; i < nGrid; i++) {
    const x = -1 + (2 * i) / (nGrid - 1);
    mx = Math.max(mx, Math.abs(f(x) - p(x)));
  }
  return mx;
}
