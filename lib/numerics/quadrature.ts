/**
 * Monte Carlo and tensor-grid quadrature on [0,1]^d, in float64, with error curves against the known
 * integral. Used by the start-here notebook and the approximation-rates notebook.
 *
 * Theory: the Monte Carlo estimate (1/m)Σ g(U_k) has RMSE √(Var g / m) in every dimension; the
 * midpoint rule on a grid of k^d = m points has error O(k^(−α)) = O(m^(−α/d)) for g with α bounded
 * derivatives, so its rate degrades with d (the curse of dimensionality).
 */
import { Rng, toRng } from "../runtime/rng";
import { integer } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";
import { Integrand } from "./integrands";

/**
 * Monte Carlo estimate (1/m)Σ_k g(U_k), U_k uniform on [0,1]^d.
 * @example monteCarloIntegral(productSine(3), 10000, 0) // ≈ 1 ± 0.01
 */
export function monteCarloIntegral(integrand: Integrand, m: number, seed: number | Rng): number {
  integer("m", m, 1);
  const rng = toRng(seed);
  const x = new Float64Array(integrand.d);
  let sum = 0;
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < integrand.d; i++) x[i] = rng.uniform();
    sum += integrand.g(x);
  }
  return sum / m;
}

/**
 * Tensor-grid midpoint rule with k points per axis (m = k^d evaluations, at most 5e7):
 * (1/k^d) Σ g((i₁+½)/k, …, (i_d+½)/k).
 * @example midpointGridIntegral(productSine(2), 32) // ≈ 1 + 2·π²/(24·32²) ≈ 1.0008
 */
export function midpointGridIntegral(integrand: Integrand, k: number): number {
  integer("k", k, 1);
  const d = integrand.d;
  const total = k ** d;
  if (total > 5e7) throw new ValidationError(`midpoint grid with k = ${k} in d = ${d} needs ${total.toExponential(1)} evaluations (limit 5e7)`);
  const idx = new Int32Array(d);
  const x = new Float64Array(d).fill(0.5 / k);
  let sum = 0;
  for (let n = 0; n < total; n++) {
    sum += integrand.g(x);
    for (let i = 0; i < d; i++) {
      idx[i]++;
      if (idx[i] < k) {
        x[i] = (idx[i] + 0.5) / k;
        break;
      }
      idx[i] = 0;
      x[i] = 0.5 / k;
    }
  }
  return sum / total;
}

export interface ErrorCurve {
  /** Number of evaluations. */
  m: number[];
  /** Measured error: RMSE over repetitions (Monte Carlo) or absolute error (grid). */
  error: number[];
  /** The theory's prediction at each m: √(Var g/m) for Monte Carlo. */
  theory: number[];
}

/**
 * Root-mean-square error of the Monte Carlo estimate over `reps` independent repetitions, for each m.
 * @example const c = monteCarloErrorCurve(productSine(5), [16, 256, 4096], 50, 0); // c.error ≈ c.theory
 */
export function monteCarloErrorCurve(integrand: Integrand, ms: number[], reps: number, seed: number | Rng): ErrorCurve {
  integer("reps", reps, 2);
  if (ms.length === 0) throw new ValidationError("ms must list at least one sample size");
  const rng = toRng(seed);
  const error: number[] = [];
  const theory: number[] = [];
  for (const m of ms) {
    integer("m", m, 1);
    let sq = 0;
    const r = rng.child("m", m);
    for (let t = 0; t < reps; t++) sq += (monteCarloIntegral(integrand, m, r) - integrand.integral) ** 2;
    error.push(Math.sqrt(sq / reps));
    theory.push(Math.sqrt(integrand.variance / m));
  }
  return { m: [...ms], error, theory };
}

/**
 * Absolute error |midpointGridIntegral(g, k) − ∫g| of the midpoint grid rule for each k, reported
 * against m = k^d evaluations; `theory` is NaN (only the rate is predicted: error ∝ k^(−α) = m^(−α/d)).
 * @example const c = gridErrorCurve(productSine(2), [4, 8, 16, 32]); // c.error falls ≈ 4× per doubling of k
 */
export function gridErrorCurve(integrand: Integrand, ks: number[]): ErrorCurve {
  const m: number[] = [];
  const error: number[] = [];
  for (const k of ks) {
    m.push(k ** integrand.d);
    error.push(Math.abs(midpointGridIntegral(integrand, k) - integrand.integral));
  }
  return { m, error, theory: m.map(() => NaN) };
}
