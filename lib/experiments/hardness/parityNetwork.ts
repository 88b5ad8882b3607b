/**
 * Parities are an orthonormal class, and small two-layer ReLU networks (L. Wu's lecture, 2021, and
 * W. E's lecture "Towards a mathematical theory of machine learning"): the triangle-wave network that
 * computes (−1)^{vᵀx} exactly, its path norm, and how many orthonormal cosines a Barron ball holds.
 */
import * as tf from "@tensorflow/tfjs";
import { twoLayer, type TwoLayerModel } from "../../models/twoLayer";
import type { TwoLayerParams } from "../../models/types";
import { disposeParams } from "../../models/params";
import { allHypercubePoints } from "../../data/samplers";
import { parityTarget } from "../../data/parity";
import { pathNormValue } from "../../analysis/norms";
import { fitLogLog } from "../../numerics/fit";
import { fwht, parityValue } from "../../numerics/wht";
import { ValidationError } from "../../runtime/errors";
import { integer, positive } from "../../runtime/validate";

/**
 * The lecture's two-layer ReLU network for the parity χ_S(x) = (−1)^{s}, s = Σ_{j∈S} x_j, on {0,1}^d:
 * the triangle wave through the points (i, (−1)^i) is a sum of hats, and each hat is three ReLUs,
 *   (−1)^s = Σ_{i=0}^{k} (−1)^i [σ(2s − 2i + 1) − 2σ(2s − 2i) + σ(2s − 2i − 1)],  k = |S|,
 * exact at the integers s = 0 … k. Width 3(k + 1), standard scaling (c = 1), w_j = 2·1_S for every
 * neuron. The caller disposes `params`.
 * @example
 * const { model, params } = parityReluNetwork({ d: 6, S: [0, 2, 5] });
 * model.apply(params, X); // ±1 on every x ∈ {0,1}^6
 */
export function parityReluNetwork(o: { d: number; S: number[] }): { model: TwoLayerModel; params: TwoLayerParams } {
  const d = integer("d", o.d, 1);
  const S = parityTarget({ d, S: o.S }).S; // validates S
  const k = S.length;
  const m = 3 * (k + 1);
  const W = new Float32Array(d * m);
  const b = new Float32Array(m);
  const a = new Float32Array(m);
  for (let i = 0; i <= k; i++) {
    const sign = i % 2 === 0 ? 1 : -1;
    const offsets = [-2 * i + 1, -2 * i, -2 * i - 1];
    const coefs = [1, -2, 1];
    for (let r = 0; r < 3; r++) {
      const j = 3 * i + r;
      for (const s of S) W[s * m + j] = 2;
      b[j] = offsets[r];
      a[j] = sign * coefs[r];
    }
  }
  const model = twoLayer({ d, m, activation: "relu", scaling: "standard", bias: true });
  return { model, params: { W: tf.tensor2d(W, [d, m]), a: tf.tensor1d(a), b: tf.tensor1d(b) } };
}

/** One dimension of {@link parityNetworkStudy}. */
export interface ParityNetworkRow {
  d: number;
  /** 1 if the network equals (−1)^{Σx} on all 2^d points (checked for d ≤ exactUpTo), else 0; NaN if not checked. */
  exact: number;
  /** Path norm Σ_j |a_j|(‖w_j‖₁ + |b_j|) of the network for the full parity (S = all d coordinates). */
  pathNorm: number;
  /** The same in closed form: 12d(d + 1) + 2. */
  pathNormTheory: number;
}

/**
 * For each d: the triangle-wave network of the full parity (−1)^{x₁+…+x_d}, whether it is exact on
 * all 2^d points, and its path norm ‖θ‖_P = Σ_j |a_j|(‖w_j‖₁ + |b_j|), whose closed form is
 * Σ_{i=0}^{d} [(2d + |1 − 2i|) + 2(2d + 2i) + (2d + 2i + 1)] = 12d(d + 1) + 2 ~ 12d²; and the fitted
 * log–log exponent of the path norm against d.
 * @example
 * const r = parityNetworkStudy({ ds: [2, 4, 8, 16, 32, 64], exactUpTo: 12 });
 * r.exponent // ≈ 2
 */
export function parityNetworkStudy(o: { ds: number[]; exactUpTo?: number }): { rows: ParityNetworkRow[]; exponent: number } {
  if (!Array.isArray(o.ds) || o.ds.length < 2) throw new ValidationError("ds must list at least two dimensions");
  const exactUpTo = integer("exactUpTo", o.exactUpTo ?? 14, 1);
  if (exactUpTo > 20) throw new ValidationError(`exactUpTo must be ≤ 20 (2^d points), got ${exactUpTo}`);
  const rows = o.ds.map((dRaw, idx) => {
    const d = integer(`ds[${idx}]`, dRaw, 1);
    const { model, params } = parityReluNetwork({ d, S: Array.from({ length: d }, (_, i) => i) });
    try {
      let exact = NaN;
      if (d <= exactUpTo) {
        const diff = tf.tidy(() => {
          const X = allHypercubePoints(d);
          const target = parityTarget({ d, S: Array.from({ length: d }, (_, i) => i) }).f(X);
          return tf.max(tf.abs(tf.sub(model.apply(params, X), target))).dataSync()[0];
        });
        exact = diff === 0 ? 1 : 0;
      }
      const pathNorm = pathNormValue(params, { scaling: "standard", inner: 1 });
      return { d, exact, pathNorm, pathNormTheory: 12 * d * (d + 1) + 2 };
    } finally {
      disposeParams(params);
    }
  });
  return { rows, exponent: fitLogLog(rows.map((r) => r.d), rows.map((r) => r.pathNorm)).slope };
}

/**
 * max over all pairs u, v of |⟨χ_u, χ_v⟩ − δ_uv| with ⟨f, g⟩ = 2^{−d} Σ_x f(x)g(x) over {0,1}^d: the
 * Walsh transform of χ_v is 2^d·e_v, so one transform per v checks a whole row of the Gram matrix.
 * Exact (0) in float64.
 * @example parityOrthonormalityError(8) // 0
 */
export function parityOrthonormalityError(d: number): number {
  integer("d", d, 1);
  if (d > 12) throw new ValidationError(`d must be ≤ 12 (2^d transforms of length 2^d), got ${d}`);
  const n = 2 ** d;
  const g = new Float64Array(n);
  let worst = 0;
  for (let v = 0; v < n; v++) {
    for (let k = 0; k < n; k++) g[k] = parityValue(v, k);
    fwht(g);
    for (let u = 0; u < n; u++) worst = Math.max(worst, Math.abs(g[u] / n - (u === v ? 1 : 0)));
  }
  return worst;
}

/** C(a, b) by the product formula (exact while it stays below 2^53, relative error ~b·2^−53 beyond). */
function binomial(a: number, b: number): number {
  let c = 1;
  for (let i = 1; i <= b; i++) c = (c * (a - b + i)) / i;
  return Math.round(c);
}

/**
 * How many orthonormal cosines the lecture's lemma puts in a Barron ball (W. E, "Towards a
 * mathematical theory of machine learning"): the functions cos(2π bᵀx) on [0,1]^d with b ∈ ℕ^d and
 * Σ_i b_i ≤ s·d lie in the ball of radius (1 + s)²d²; there are C(⌊sd⌋ + d, d) ≥ (1 + s)^d of them
 * (mutually orthogonal for the uniform measure, with norm 1/√2 except the constant). Returns the
 * radius, the exact count and the lower bound.
 * @example barronCosineCount({ d: 10, s: 1 }) // radius 400, count C(20, 10) = 184756 ≥ 2^10
 */
export function barronCosineCount(o: { d: number; s: number }): { radius: number; count: number; lowerBound: number } {
  const d = integer("d", o.d, 1);
  const s = positive("s", o.s);
  const M = Math.floor(s * d + 1e-9);
  return { radius: (1 + s) ** 2 * d * d, count: binomial(M + d, d), lowerBound: (1 + s) ** d };
}
