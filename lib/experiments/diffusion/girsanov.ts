/**
 * The Girsanov bound on a case where the sampled law is exactly computable: a Gaussian target
 * N(m, v) and the score shifted by a constant δ. The reverse SDE is then linear, so its output is
 * Gaussian with the true variance and a mean offset Δ, and KL = Δ²/(2v) exactly.
 */
import { timeGrid } from "../../numerics/sde";
import { finite, integer, nonNegative, positive } from "../../runtime/validate";

/**
 * The constant of the Girsanov bound KL(p₀‖law of Ŷ) ≤ C ∫₀^T E‖s − ŝ‖² dt for the reverse SDE with
 * drift y + 2s and diffusion √2: the path KL is ½∫E‖Δb‖²/σ² = ½∫4‖s − ŝ‖²/2 = ∫‖s − ŝ‖², so C = 1.
 */
export const GIRSANOV_CONSTANT = 1;
/** The constant the lecture prints (1/4), which the shifted-score Gaussian violates. */
export const GIRSANOV_CONSTANT_LECTURE = 0.25;

/** Result of {@link girsanovGaussian}. */
export interface GirsanovGaussian {
  shift: number;
  /** Exact KL(p_{tEnd} ‖ output) of the continuous-time reverse SDE started from p_T. */
  kl: number;
  /** The same for the Euler–Maruyama chain on the given grid (its output is Gaussian too). */
  klEuler: number;
  /** The bound with the derived constant: δ²(T − tEnd). */
  bound: number;
  /** The lecture's bound: δ²(T − tEnd)/4. */
  boundLecture: number;
}

/**
 * For p₀ = N(m, v) (1-D), ŝ = s + δ and the reverse SDE from Ŷ_0 ~ p_T run to forward time tEnd:
 * the output is N(m_{tEnd} + Δ, v_{tEnd}) with v_τ = v e^{−2τ} + 1 − e^{−2τ} and
 * Δ = 2δ ∫_{tEnd}^T v_{tEnd} e^{−(τ − tEnd)}/v_τ dτ (the propagator of the linear reverse drift), so
 * KL = Δ²/(2v_{tEnd}). The Euler–Maruyama chain on `grid` (K steps) is propagated exactly in its
 * mean and variance. Both are compared with δ²(T − tEnd) and the lecture's δ²(T − tEnd)/4.
 * @example girsanovGaussian({ mean: 1, variance: 2, shift: 0.5, T: 5, K: 1000 }).kl // ≈ 0.61
 */
export function girsanovGaussian(o: { mean: number; variance: number; shift: number; T: number; tEnd?: number; K?: number; grid?: "uniform" | "geometric" }): GirsanovGaussian {
  const m = finite("mean", o.mean);
  const v = positive("variance", o.variance);
  const delta = finite("shift", o.shift);
  const T = positive("T", o.T);
  const tEnd = nonNegative("tEnd", o.tEnd ?? 0);
  const K = integer("K", o.K ?? 1000, 1);
  const vt = (t: number) => v * Math.exp(-2 * t) + 1 - Math.exp(-2 * t);
  const mt = (t: number) => m * Math.exp(-t);
  // Δ by composite Simpson on 4000 panels (error ~1e-14 for this analytic integrand).
  const P = 4000;
  const hq = (T - tEnd) / P;
  const f = (tau: number) => (vt(tEnd) * Math.exp(-(tau - tEnd))) / vt(tau);
  let integral = f(tEnd) + f(T);
  for (let i = 1; i < P; i++) integral += (i % 2 ? 4 : 2) * f(tEnd + i * hq);
  integral *= hq / 3;
  const Delta = 2 * delta * integral;
  const kl = (Delta * Delta) / (2 * vt(tEnd));
  // Euler–Maruyama: y ← y + h(y + 2(−(y − m_t)/v_t + δ)) + √(2h) z, from N(m_T, v_T).
  const times = tEnd > 0 ? timeGrid({ kind: o.grid ?? "uniform", T, tMin: tEnd, K }) : Float64Array.from({ length: K + 1 }, (_, k) => T - (k * T) / K);
  let mu = mt(T);
  let va = vt(T);
  for (let k = 0; k < K; k++) {
    const t = times[k];
    const h = times[k] - times[k + 1];
    const a = 1 + h * (1 - 2 / vt(t));
    mu = a * mu + h * ((2 * mt(t)) / vt(t) + 2 * delta);
    va = a * a * va + 2 * h;
  }
  const v1 = vt(tEnd);
  // KL(N(m₁, v₁) ‖ N(μ, σ²)) = ½(v₁/σ² − 1 + ln(σ²/v₁) + (μ − m₁)²/σ²).
  const klEuler = 0.5 * (v1 / va - 1 + Math.log(va / v1) + (mu - mt(tEnd)) ** 2 / va);
  const pathIntegral = delta * delta * (T - tEnd);
  return { shift: delta, kl, klEuler, bound: GIRSANOV_CONSTANT * pathIntegral, boundLecture: GIRSANOV_CONSTANT_LECTURE * pathIntegral };
}
