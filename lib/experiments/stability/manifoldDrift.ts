/**
 * Slow drift of SGD along a manifold of minima: the effective-dynamics example of W. E's lecture
 * (after C. Ma et al., 2022). The general theory: Blanc, Gupta, Valiant & Valiant (COLT 2020),
 * "Implicit regularization for deep neural networks driven by an Ornstein–Uhlenbeck like process";
 * Li, Wang & Arora (ICLR 2022), "What happens after SGD reaches zero loss? A mathematical framework".
 *
 * Model: f(x, y) = h(x) y² with h > 0; the minima form the line {y = 0} and h(x) is the curvature
 * across it. SGD with step η whose gradient noise has covariance (σ²/2)∇²f(x, 0) = diag(0, σ² h(x)):
 *   x_{k+1} = x_k − η h′(x_k) y_k²
 *   y_{k+1} = y_k − 2η h(x_k) y_k + η σ √h(x_k) ξ_k,  ξ_k ~ N(0, 1),
 * which is the Euler–Maruyama scheme (time step η) of dθ = −∇f dt + √η D dW with D² = (σ²/2)∇²f.
 * For fixed x, y is an AR(1) process with stationary variance η σ²/(4(1 − ηh)) → ησ²/4 as ηh → 0,
 * and x feels the average force: dx/dt = −h′(x) E y² = −η σ² h′(x)/4 (t = kη): a gradient flow on the
 * curvature h, i.e. towards flatter minima.
 */
import { ValidationError } from "../../runtime/errors";
import { integer, positive, finite } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";

/** Result of {@link manifoldDriftSimulation}. */
export interface ManifoldDriftResult {
  /** Recorded times t = kη. */
  t: number[];
  /** Mean of x over the paths at those times. */
  meanX: number[];
  /** Mean of y² over the paths at those times. */
  meanY2: number[];
  /** The effective dynamics dx/dt = −ησ²h′(x)/4 from x₀, integrated (RK4) on the same times. */
  predictedX: number[];
  /** (mean x(T) − x₀)/(predicted x(T) − x₀): measured over predicted displacement. */
  driftRatio: number;
  /** The quasi-equilibrium variance ησ²/4 of y. */
  y2Theory: number;
}

/**
 * Simulates `paths` independent SGD runs on f(x, y) = h(x)y² with Hessian-shaped gradient noise (see
 * the file header), started at (x₀, y₀) with y₀ drawn from the quasi-equilibrium N(0, ησ²/4), for
 * time `time` (time/η steps), all paths at once in float64 arrays. Returns the mean path of x beside
 * the effective dynamics dx/dt = −ησ²h′(x)/4 and the ratio of the two displacements.
 * @example
 * const r = manifoldDriftSimulation({ h: (x) => 1 + x * x, hPrime: (x) => 2 * x, x0: 2, lr: 0.01, sigma: 3, time: 20, paths: 500, seed: 0 });
 * r.driftRatio; // ≈ 1
 */
export function manifoldDriftSimulation(o: {
  h: (x: number) => number;
  hPrime: (x: number) => number;
  x0: number;
  lr: number;
  sigma: number;
  time: number;
  paths: number;
  /** Number of recorded times (default 50). */
  records?: number;
  seed?: number | Rng;
}): ManifoldDriftResult {
  if (typeof o.h !== "function" || typeof o.hPrime !== "function") throw new ValidationError("h and hPrime must be functions of x");
  const x0 = finite("x0", o.x0);
  const lr = positive("lr", o.lr);
  const sigma = positive("sigma", o.sigma);
  const time = positive("time", o.time);
  const P = integer("paths", o.paths, 1);
  const records = integer("records", o.records ?? 50, 1);
  const steps = Math.max(1, Math.round(time / lr));
  const rng = toRng(o.seed ?? 0);
  const y2Theory = (lr * sigma * sigma) / 4;
  const x = new Float64Array(P).fill(x0);
  const y = rng.child("start").normals(P, 0, Math.sqrt(y2Theory));
  const noise = rng.child("noise");
  const every = Math.max(1, Math.floor(steps / records));
  const t: number[] = [];
  const meanX: number[] = [];
  const meanY2: number[] = [];
  const record = (k: number): void => {
    let sx = 0;
    let sy = 0;
    for (let p = 0; p < P; p++) {
      sx += x[p];
      sy += y[p] * y[p];
    }
    t.push(k * lr);
    meanX.push(sx / P);
    meanY2.push(sy / P);
  };
  record(0);
  for (let k = 1; k <= steps; k++) {
    for (let p = 0; p < P; p++) {
      const hx = o.h(x[p]);
      if (!(hx > 0)) throw new ValidationError(`h must be > 0 along the path, got h(${x[p]}) = ${hx}`);
      const yp = y[p];
      x[p] -= lr * o.hPrime(x[p]) * yp * yp;
      y[p] = yp - 2 * lr * hx * yp + lr * sigma * Math.sqrt(hx) * noise.normal();
    }
    if (k % every === 0 || k === steps) record(k);
  }
  // Effective dynamics by RK4 on each recorded interval (sub-steps of size ≤ lr).
  const drift = (u: number): number => -y2Theory * o.hPrime(u);
  const predictedX: number[] = [x0];
  let u = x0;
  for (let i = 1; i < t.length; i++) {
    const span = t[i] - t[i - 1];
    const sub = Math.max(1, Math.ceil(span / lr));
    const dt = span / sub;
    for (let s = 0; s < sub; s++) {
      const k1 = drift(u);
      const k2 = drift(u + 0.5 * dt * k1);
      const k3 = drift(u + 0.5 * dt * k2);
      const k4 = drift(u + dt * k3);
      u += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    predictedX.push(u);
  }
  const last = t.length - 1;
  const driftRatio = (meanX[last] - x0) / (predictedX[last] - x0);
  return { t, meanX, meanY2, predictedX, driftRatio, y2Theory };
}
