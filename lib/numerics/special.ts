/**
 * Special functions in float64 on the host: the error function and the normal CDF. The vetted erf
 * activation (models) and the mixtures' CDFs (data) are built on these.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function in float64: erf(x) = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3···(2n+1)), a
 * series of positive terms (no cancellation); |erf(x)| = 1 to double precision for |x| ≥ 6.
 * @example scalarErf(1) // 0.8427007929497149
 */
export function scalarErf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  let term = ax;
  let sum = ax;
  const x2 = ax * ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return Math.sign(x) * TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * The standard normal CDF Φ(z) = ½(1 + erf(z/√2)) in float64.
 * @example normalCdf(0) // 0.5
 */
export function normalCdf(z: number): number {
  return 0.5 * (1 + scalarErf(z / Math.SQRT2));
}
