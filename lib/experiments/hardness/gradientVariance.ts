/**
 * Theorem 7 of L. Wu's lecture "Training neural networks: dynamics and convergence" (2021), computed
 * exactly for the parity class: the variance over targets f of the gradient of R^f(θ) = E_x(h − f)².
 *
 * With c_f = E_x[f(x)∇h(x)], ∇R^f = 2E_x[h∇h] − 2c_f, so the target enters only through c_f, and for
 * the parities f = χ_v on {0,1}^d, c_{χ_v} is the Walsh coefficient of ∇h at v: one fast
 * Walsh–Hadamard transform per gradient coordinate gives every parity's gradient at once.
 * The constant for this loss: Var_f ∇R^f = 4·Var_f c_f ≤ 4·E_f‖c_f‖² ≤ 4·E_x‖∇h‖²/|F| (Bessel).
 */
import { ValidationError } from "../../runtime/errors";
import { integer } from "../../runtime/validate";
import { fwht } from "../../numerics/wht";

/** The constant C in Var_f ∇R^f ≤ C·E_x‖∇h‖²/|F| for R^f = E(h − f)² (derived; the lecture prints 1). */
export const GRADIENT_VARIANCE_CONSTANT = 4;

/** Exact gradient statistics over the class F of the 2^d − 1 non-constant parities. */
export interface ParityGradientVariance {
  d: number;
  /** |F| = 2^d − 1. */
  classSize: number;
  /** Var = (1/|F|) Σ_{f∈F} ‖∇R^f − ḡ‖², ḡ = (1/|F|) Σ_{f∈F} ∇R^f. */
  variance: number;
  /** Q = E_x‖∇_θ h(x)‖². */
  q: number;
  /** The bound with the derived constant, 4Q/|F|. */
  bound: number;
  /** Var / (4Q/|F|): at most 1. */
  ratio: number;
  /** Var / (Q/|F|): the bound with the lecture's printed constant 1 holds iff this is ≤ 1. */
  ratioLecture: number;
  /** ‖E_x∇h‖²/Q: the share of gradient energy on the constant function, which no parity sees. */
  constantShare: number;
  /** |Σ_v ‖c_v‖² − Q| / Q over all 2^d parities v (Parseval: 0 up to rounding). */
  identityError: number;
  /** ‖∇R^{χ_v} − ḡ‖² for every v (index v as in the transform; entry 0, the constant, is NaN). */
  deviation: Float64Array;
}

/**
 * Accumulates, coordinate by coordinate, Σ_p c_v[p]² and Σ_p (c_v[p] − c̄[p])² for every v, where
 * c̄ is the mean over the non-constant parities. Memory O(2^d) whatever the number of parameters.
 */
class Accumulator {
  readonly energy: Float64Array;
  readonly deviation: Float64Array;
  constructor(readonly n: number) {
    this.energy = new Float64Array(n);
    this.deviation = new Float64Array(n);
  }
  /** Adds one parameter coordinate with coefficients coef[v] = c_v (v = 0 … n − 1). */
  add(coef: Float64Array): void {
    const n = this.n;
    let total = 0;
    for (let v = 1; v < n; v++) total += coef[v];
    const mean = total / (n - 1);
    this.energy[0] += coef[0] * coef[0];
    for (let v = 1; v < n; v++) {
      const c = coef[v];
      this.energy[v] += c * c;
      this.deviation[v] += (c - mean) * (c - mean);
    }
  }
  result(d: number, q: number): ParityGradientVariance {
    const n = this.n;
    const F = n - 1;
    let sumDev = 0;
    let sumEnergy = 0;
    const deviation = new Float64Array(n);
    deviation[0] = NaN;
    for (let v = 0; v < n; v++) sumEnergy += this.energy[v];
    for (let v = 1; v < n; v++) {
      deviation[v] = 4 * this.deviation[v];
      sumDev += deviation[v];
    }
    const variance = sumDev / F;
    const C = GRADIENT_VARIANCE_CONSTANT;
    return {
      d,
      classSize: F,
      variance,
      q,
      bound: (C * q) / F,
      ratio: variance / ((C * q) / F),
      ratioLecture: variance / (q / F),
      constantShare: this.energy[0] / q,
      identityError: Math.abs(sumEnergy - q) / q,
      deviation,
    };
  }
}

/**
 * Exact Theorem 7 statistics for any model, from its per-point gradients on all of {0,1}^d:
 * G is row-major [2^d, P] with row k = ∇_θ h(x_k) (x_k: bit j of k is x_j). Each column is
 * Walsh–Hadamard transformed, giving c_v = E_x[χ_v(x)∇h(x)] for every parity v; then
 * ∇R^{χ_v} − ḡ = −2(c_v − c̄) and Var = (4/|F|) Σ_{v≠0} ‖c_v − c̄‖².
 * @example
 * // h(x; θ) = θ₁x₁ + θ₂x₂ on {0,1}²: rows ∇h(x_k) = x_k
 * const r = parityGradientVariance({ G: Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1]), d: 2 });
 * r.ratio <= 1 // true
 */
export function parityGradientVariance(o: { G: Float64Array; d: number }): ParityGradientVariance {
  const d = integer("d", o.d, 1);
  if (d > 24) throw new ValidationError(`d must be ≤ 24 (2^d rows), got ${d}`);
  const n = 2 ** d;
  if (!(o.G instanceof Float64Array) || o.G.length % n !== 0 || o.G.length === 0) {
    throw new ValidationError(`G must be a Float64Array with 2^d = ${n} rows (row-major [2^d, P]), got length ${o.G?.length}`);
  }
  const P = o.G.length / n;
  let q = 0;
  for (let i = 0; i < o.G.length; i++) q += o.G[i] * o.G[i];
  q /= n;
  const T = fwht(Float64Array.from(o.G), { columns: P });
  const acc = new Accumulator(n);
  const col = new Float64Array(n);
  for (let p = 0; p < P; p++) {
    for (let v = 0; v < n; v++) col[v] = T[v * P + p] / n;
    acc.add(col);
  }
  return acc.result(d, q);
}

/** Degree (number of ones) of every v < 2^d. */
function degrees(n: number): Uint8Array {
  const deg = new Uint8Array(n);
  for (let v = 1; v < n; v++) deg[v] = deg[v >> 1] + (v & 1);
  return deg;
}

/**
 * How the exact variance splits over the degree |v| of the parities: share[k] is the fraction of
 * Σ_{f∈F}‖∇R^f − ḡ‖² carried by the C(d, k) parities of degree k (k = 1 … d; share[0] = 0), and
 * count[k] = C(d, k). Sampling parities uniformly hits degree ≈ d/2, so when the low degrees carry
 * the variance a sample misses it.
 * @example const { share } = varianceByDegree(r.deviation, r.d); share[1] + share[2] // most of it
 */
export function varianceByDegree(deviation: Float64Array, d: number): { share: number[]; count: number[] } {
  integer("d", d, 1);
  const n = 2 ** d;
  if (deviation.length !== n) throw new ValidationError(`deviation must have 2^d = ${n} entries, got ${deviation.length}`);
  const deg = degrees(n);
  const share = new Array<number>(d + 1).fill(0);
  const count = new Array<number>(d + 1).fill(0);
  let total = 0;
  for (let v = 1; v < n; v++) {
    share[deg[v]] += deviation[v];
    count[deg[v]] += 1;
    total += deviation[v];
  }
  return { share: share.map((s) => s / total), count };
}

export { Accumulator };
