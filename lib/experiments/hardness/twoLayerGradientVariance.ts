/**
 * Theorem 7's exact statistics for a two-layer network h(x) = c·Σ_j a_j σ(w_j·x + b_j) (+ b0) on
 * all of {0,1}^d, without forming the [2^d, P] matrix of per-point gradients.
 *
 * The per-point gradient is built from two per-neuron quantities, H_j = σ(z_j) and D_j = σ′(z_j):
 *   ∂h/∂a_j = c·H_j,   ∂h/∂b_j = c·a_j·D_j,   ∂h/∂w_jk = c·a_j·D_j·x_k,   ∂h/∂b0 = 1.
 * On {0,1}^d, x_k = (1 − χ_{e_k}(x))/2 and χ_v χ_{e_k} = χ_{v⊕e_k}, so the Walsh coefficients of the
 * d first-layer coordinates follow from those of D_j alone:
 *   E[χ_v D_j x_k] = (D̂_j(v) − D̂_j(v ⊕ e_k))/2.
 * Two transforms per neuron (H_j and D_j), batched over blocks of neurons, give c_v for every
 * coordinate and every parity: O(2^d·m·(d + log 2^d)) operations, O(2^d·block) memory.
 */
import type { TwoLayerModel } from "../../models/twoLayer";
import type { TwoLayerParams } from "../../models/types";
import { checkTwoLayerParams } from "../../models/twoLayer";
import { ValidationError } from "../../runtime/errors";
import { fwht } from "../../numerics/wht";
import { Accumulator, type ParityGradientVariance } from "./gradientVariance";

const BLOCK = 32;

/** The parameters in float64 (copies of the float32 tensors' values). */
function readHost(params: TwoLayerParams): { W: Float64Array; a: Float64Array; b: Float64Array | null } {
  return {
    W: Float64Array.from(params.W.dataSync()),
    a: Float64Array.from(params.a.dataSync()),
    b: params.b ? Float64Array.from(params.b.dataSync()) : null,
  };
}

/**
 * Exact Theorem 7 statistics (see {@link parityGradientVariance}) of a two-layer network from
 * `twoLayer`, over all 2^d − 1 non-constant parities on {0,1}^d, R^f = E_x(h − f)² with x uniform on
 * all 2^d points. Float64 throughout (the parameters are read from their tensors).
 * @example
 * const net = twoLayer({ d: 10, m: 256, bias: true, init: { b: { gaussian: 1 } } });
 * const p = net.init(0);
 * const r = twoLayerParityGradientVariance(net, p); // r.variance ≤ r.bound = 4Q/|F|
 */
export function twoLayerParityGradientVariance(model: TwoLayerModel, params: TwoLayerParams): ParityGradientVariance {
  if (!model || model.kind !== "twoLayer") throw new ValidationError("model must be a two-layer network made by twoLayer(…)");
  const { d, m, bias, outputBias } = model.config;
  if (d > 20) throw new ValidationError(`the model's d must be ≤ 20 to enumerate {0,1}^d, got ${d}`);
  checkTwoLayerParams(model, params);
  const n = 2 ** d;
  const c = model.c;
  const act = model.activation;
  const { W, a, b } = readHost(params);
  const acc = new Accumulator(n);
  const popcount = new Uint8Array(n);
  for (let k = 1; k < n; k++) popcount[k] = popcount[k >> 1] + (k & 1);
  const top = new Int32Array(n); // index of the highest set bit of k
  for (let k = 2; k < n; k++) top[k] = top[k >> 1] + 1;
  let qSum = 0;
  const col = new Float64Array(n);
  for (let j0 = 0; j0 < m; j0 += BLOCK) {
    const J = Math.min(BLOCK, m - j0);
    const cols = 2 * J;
    const M = new Float64Array(n * cols); // columns 2i: H_j, 2i + 1: D_j for j = j0 + i
    const Z = new Float64Array(n * J);
    for (let i = 0; i < J; i++) Z[i] = b ? b[j0 + i] : 0;
    for (let k = 1; k < n; k++) {
      const t = top[k];
      const prev = (k ^ (1 << t)) * J;
      const wRow = t * m + j0;
      for (let i = 0; i < J; i++) Z[k * J + i] = Z[prev + i] + W[wRow + i];
    }
    for (let k = 0; k < n; k++) {
      const inputs = popcount[k] + (bias ? 1 : 0);
      for (let i = 0; i < J; i++) {
        const z = Z[k * J + i];
        const h = act.scalar(z);
        const dz = act.scalarDerivative(z);
        M[k * cols + 2 * i] = h;
        M[k * cols + 2 * i + 1] = dz;
        const aj = a[j0 + i];
        qSum += c * c * (h * h + aj * aj * dz * dz * inputs);
      }
    }
    fwht(M, { columns: cols });
    for (let i = 0; i < J; i++) {
      const aj = a[j0 + i];
      for (let v = 0; v < n; v++) col[v] = (c * M[v * cols + 2 * i]) / n;
      acc.add(col);
      const s = (c * aj) / n;
      if (bias) {
        for (let v = 0; v < n; v++) col[v] = s * M[v * cols + 2 * i + 1];
        acc.add(col);
      }
      for (let k = 0; k < d; k++) {
        const e = 1 << k;
        for (let v = 0; v < n; v++) col[v] = (s * (M[v * cols + 2 * i + 1] - M[(v ^ e) * cols + 2 * i + 1])) / 2;
        acc.add(col);
      }
    }
  }
  if (outputBias) {
    col.fill(0);
    col[0] = 1;
    acc.add(col);
    qSum += n;
  }
  return acc.result(d, qSum / n);
}
