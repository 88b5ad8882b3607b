/**
 * Piecewise-multilinear interpolation on a tensor mesh of [0,1]^d, in float64, with its error measured
 * on random test points. Used by the approximation-rates notebook to show the classical rate
 * ‖f − I_h f‖ = O(h²) = O(m^(−2/d)) for a mesh with m = (k+1)^d nodes (h = 1/k): the curse of
 * dimensionality of grid-based approximation.
 */
import { toRng, type Rng } from "../../runtime/rng";
import { integer } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";

/** A multilinear interpolant on the mesh {0, 1/k, …, 1}^d. */
export interface TensorMeshInterpolant {
  d: number;
  /** Intervals per axis (h = 1/k). */
  k: number;
  /** Number of mesh nodes, (k+1)^d: the number of free parameters. */
  nodes: number;
  /** I_h f(x) for x ∈ [0,1]^d (points outside are clamped to the cube). */
  evaluate(x: ArrayLike<number>): number;
}

/** Largest mesh this module builds (nodes). */
const MAX_NODES = 2e7;

/**
 * Piecewise-multilinear interpolant of f on the tensor mesh with k intervals per axis:
 * I_h f(x) = Σ_{corners v of x's cell} f(v)·Π_i (1 − |x_i − v_i|/h), h = 1/k. It reproduces f at the
 * (k+1)^d nodes and, for f ∈ C², |f − I_h f| ≤ (h²/8)·Σ_i sup|∂²f/∂x_i²|.
 * @example
 * const I = tensorMeshInterpolant((x) => x[0] * x[1], 2, 4);
 * I.evaluate([0.3, 0.6]) // 0.18 (bilinear functions are reproduced exactly)
 */
export function tensorMeshInterpolant(f: (x: Float64Array) => number, d: number, k: number): TensorMeshInterpolant {
  if (typeof f !== "function") throw new ValidationError("f must be a function of one point x ∈ [0,1]^d");
  integer("d", d, 1);
  integer("k", k, 1);
  const nodes = (k + 1) ** d;
  if (nodes > MAX_NODES) throw new ValidationError(`a mesh with k = ${k} in d = ${d} has ${nodes.toExponential(1)} nodes (limit ${MAX_NODES})`);
  const values = new Float64Array(nodes);
  const idx = new Int32Array(d);
  const x = new Float64Array(d);
  for (let n = 0; n < nodes; n++) {
    for (let i = 0; i < d; i++) x[i] = idx[i] / k;
    values[n] = f(x);
    for (let i = 0; i < d; i++) {
      if (++idx[i] <= k) break;
      idx[i] = 0;
    }
  }
  // stride of axis i in `values` (axis 0 varies fastest)
  const stride = Int32Array.from({ length: d }, (_, i) => (k + 1) ** i);
  const cell = new Int32Array(d);
  const frac = new Float64Array(d);
  const corners = 1 << d;
  return {
    d,
    k,
    nodes,
    evaluate(p) {
      if (!p || p.length !== d) throw new ValidationError(`x must have length ${d}`);
      let base = 0;
      for (let i = 0; i < d; i++) {
        const t = Math.min(1, Math.max(0, p[i])) * k;
        const c = Math.min(k - 1, Math.floor(t));
        cell[i] = c;
        frac[i] = t - c;
        base += c * stride[i];
      }
      let s = 0;
      for (let v = 0; v < corners; v++) {
        let w = 1;
        let off = base;
        for (let i = 0; i < d; i++) {
          if (v & (1 << i)) {
            w *= frac[i];
            off += stride[i];
          } else w *= 1 - frac[i];
        }
        if (w !== 0) s += w * values[off];
      }
      return s;
    },
  };
}

/** Errors of mesh interpolation for several mesh sizes. */
export interface InterpolationErrorCurve {
  /** Mesh nodes (k+1)^d: the number of parameters. */
  m: number[];
  /** Intervals per axis. */
  k: number[];
  /** Root-mean-square error over the test points (an L²([0,1]^d) estimate). */
  rms: number[];
  /** Largest error over the test points (a lower estimate of the sup norm). */
  max: number[];
}

/**
 * Error of {@link tensorMeshInterpolant} for each k in `ks`, measured on the same `nTest` uniform
 * test points in [0,1]^d (default 4000): rms = √(mean (f − I_h f)²) and max = max |f − I_h f|.
 * Theory: both fall like h² = k⁻², i.e. like m^(−2/d) in the number of nodes m = (k+1)^d.
 * @example
 * const c = interpolationErrorCurve(productSine(2).g, 2, [4, 8, 16], { seed: 0 }); // rms falls ≈ 4× per doubling of k
 */
export function interpolationErrorCurve(
  f: (x: Float64Array) => number,
  d: number,
  ks: number[],
  o: { nTest?: number; seed: number | Rng },
): InterpolationErrorCurve {
  integer("d", d, 1);
  const nTest = integer("nTest", o.nTest ?? 4000, 1);
  if (!Array.isArray(ks) || ks.length === 0) throw new ValidationError("ks must list at least one mesh size");
  const pts = toRng(o.seed).uniforms(nTest * d);
  const exact = new Float64Array(nTest);
  for (let t = 0; t < nTest; t++) exact[t] = f(pts.subarray(t * d, (t + 1) * d));
  const out: InterpolationErrorCurve = { m: [], k: [], rms: [], max: [] };
  for (const k of ks) {
    const I = tensorMeshInterpolant(f, d, k);
    let sq = 0;
    let mx = 0;
    for (let t = 0; t < nTest; t++) {
      const e = Math.abs(I.evaluate(pts.subarray(t * d, (t + 1) * d)) - exact[t]);
      sq += e * e;
      if (e > mx) mx = e;
    }
    out.m.push(I.nodes);
    out.k.push(k);
    out.rms.push(Math.sqrt(sq / nTest));
    out.max.push(mx);
  }
  return out;
}
