/**
 * Time grids and the Euler–Maruyama scheme for SDEs dY = b(Y, t) ds + σ dB on a grid of times,
 * with the state as a host Float64Array (the samplers of the diffusion-models notebook).
 */
import { ValidationError } from "../runtime/errors";
import { toRng, type Rng } from "../runtime/rng";
import { integer, nonNegative, oneOf, positive } from "../runtime/validate";

/**
 * K + 1 decreasing times from T to tMin: "uniform" t_k = T − k(T − tMin)/K, or "geometric"
 * t_k = T(tMin/T)^{k/K} (steps proportional to t: fine near tMin where the score is stiff).
 * @example timeGrid({ kind: "geometric", T: 5, tMin: 1e-3, K: 100 })
 */
export function timeGrid(o: { kind: "uniform" | "geometric"; T: number; tMin: number; K: number }): Float64Array {
  oneOf("kind", o.kind, ["uniform", "geometric"]);
  const T = positive("T", o.T);
  const tMin = positive("tMin", o.tMin);
  const K = integer("K", o.K, 1);
  if (!(tMin < T)) throw new ValidationError(`tMin must be below T = ${T}, got ${tMin}`, { argument: "tMin" });
  return Float64Array.from({ length: K + 1 }, (_, k) => (o.kind === "uniform" ? T - (k * (T - tMin)) / K : T * (tMin / T) ** (k / K)));
}

/** Options of {@link eulerMaruyama}. */
export interface EulerMaruyamaOptions {
  /** Initial state [n·d] (left untouched). */
  y0: Float64Array;
  /** Grid times t_0, …, t_K (any order); step k has length h_k = |t_{k+1} − t_k|. */
  times: ArrayLike<number>;
  /** Drift b(y, t_k) evaluated at the left end of each step; returns an array like y. */
  drift: (y: Float64Array, t: number) => ArrayLike<number>;
  /** Constant diffusion coefficient σ (0: the Euler scheme for the ODE dY = b ds). */
  sigma: number;
  seed: number | Rng;
}

/**
 * Euler–Maruyama: y ← y + h_k b(y, t_k) + σ√h_k z_k, z_k ~ N(0, I) fresh each step. Returns the
 * final state (a new array). With σ = 0 it is Euler's method and draws no noise.
 * @example
 * // OU dY = −Y ds + √2 dB from y0 = 1 over [0, 1]
 * eulerMaruyama({ y0: Float64Array.from([1]), times: [0, 0.5, 1], drift: (y) => y.map((v) => -v), sigma: Math.SQRT2, seed: 0 })
 */
export function eulerMaruyama(o: EulerMaruyamaOptions): Float64Array {
  if (!(o.y0 instanceof Float64Array)) throw new ValidationError("y0 must be a Float64Array", { argument: "y0" });
  if (o.times.length < 2) throw new ValidationError(`times must hold at least two times, got ${o.times.length}`, { argument: "times" });
  const sigma = nonNegative("sigma", o.sigma);
  const rng = toRng(o.seed);
  const y = Float64Array.from(o.y0);
  for (let k = 0; k + 1 < o.times.length; k++) {
    const h = Math.abs(o.times[k + 1] - o.times[k]);
    const b = o.drift(y, o.times[k]);
    if (b.length !== y.length) throw new ValidationError(`drift returned ${b.length} numbers for a state of ${y.length}`, { argument: "drift" });
    if (sigma > 0) {
      const z = rng.child("step", k).normals(y.length);
      const s = sigma * Math.sqrt(h);
      for (let i = 0; i < y.length; i++) y[i] += h * b[i] + s * z[i];
    } else for (let i = 0; i < y.length; i++) y[i] += h * b[i];
  }
  return y;
}
