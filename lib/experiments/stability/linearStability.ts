/**
 * Linear stability of GD and SGD at a minimum θ*: GD linearised there is
 * θ_{t+1} − θ* ≈ (I − ηH)(θ_t − θ*), H = ∇²L(θ*), which stays bounded iff λ_max(H) ≤ 2/η; SGD with
 * batches of B samples drawn with replacement has E‖θ_{t+1} − θ*‖² = E (θ_t − θ*)ᵀ M (θ_t − θ*) with
 * M = (I − ηH)² + (η²/B)Σ, Σ = (1/n)Σ_i H_i² − H² (Wu, Ma & E, NeurIPS 2018). Also the loss along a
 * segment between two solutions.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../../runtime/errors";
import { finite, integer, positive } from "../../runtime/validate";
import { matmul64, symEig, toFloat64Matrix } from "../../numerics/linalg64";
import { flatParamCount, type ParamLossFn } from "../../analysis/hessian";
import { disposeParams, paramDistance } from "../../models/params";
import { trainLoop } from "../../train/loop";
import { gd } from "../../train/transforms";
import { DivergenceError } from "../../runtime/errors";

/**
 * GD on the quadratic L(θ) = ½ Σ_i λ_i θ_i² from θ₀ (default all ones): θ_{i,t} = (1 − ηλ_i)^t θ_{i,0}.
 * Returns ‖θ_t‖ for t = 0 … steps (simulated in float64) and the predicted per-step factor
 * max_i |1 − ηλ_i| (divergence iff it exceeds 1, i.e. iff λ_max > 2/η when all λ_i ≥ 0).
 * @example gdQuadraticRun({ curvatures: [1, 10], lr: 0.21, steps: 50 }).factor // |1 − 2.1| = 1.1
 */
export function gdQuadraticRun(o: { curvatures: number[]; lr: number; steps: number; theta0?: number[] }): { norm: number[]; factor: number } {
  if (!Array.isArray(o.curvatures) || o.curvatures.length === 0) throw new ValidationError("curvatures must be a non-empty array of eigenvalues λ_i");
  o.curvatures.forEach((l, i) => finite(`curvatures[${i}]`, l));
  const lr = positive("lr", o.lr);
  const steps = integer("steps", o.steps, 0);
  const theta = Float64Array.from(o.theta0 ?? o.curvatures.map(() => 1));
  if (theta.length !== o.curvatures.length) throw new ValidationError(`theta0 must have ${o.curvatures.length} entries, got ${theta.length}`);
  const norm: number[] = [];
  for (let t = 0; t <= steps; t++) {
    norm.push(Math.sqrt(theta.reduce((s, v) => s + v * v, 0)));
    // θ ← θ − η∇L(θ) with ∇L(θ)_i = λ_i θ_i.
    for (let i = 0; i < theta.length; i++) theta[i] -= lr * o.curvatures[i] * theta[i];
  }
  return { norm, factor: Math.max(...o.curvatures.map((l) => Math.abs(1 - lr * l))) };
}

/**
 * Linear stability of the GD map, measured: two full-batch GD runs at step `lr`, one from θ₀ and one
 * from θ₀ + ε·u (u a unit direction, e.g. the top Hessian eigenvector at a minimum θ₀). Records their
 * separation ‖θ_t^ε − θ_t‖ and the loss of the perturbed run for t = 0 … steps. The Jacobian of one GD
 * step is I − η∇²L, so along an eigenvector with eigenvalue λ the separation is ≈ ε|1 − ηλ|^t while it
 * stays small: it shrinks when λ < 2/η and grows when λ > 2/η. (Comparing with the unperturbed run
 * removes the slow drift that remains when θ₀ is only approximately a minimum.) Stops early, keeping
 * what was recorded, once the separation exceeds `stopAt` (default 1e3·ε) or a loss stops being finite.
 * `rate` is the measured per-step factor (‖θ_T^ε − θ_T‖/ε)^{1/T} over the T recorded steps, to set
 * beside |1 − ηλ|.
 * The pair is one `train.trainLoop` run of GD on the parameter tree { base, pert } with the loss
 * L(base) + L(pert), whose gradient is the two runs' gradients side by side.
 * @example
 * const r = gdPerturbationRun({ loss: lossFn, params: leaves, direction: v, eps: 1e-3, lr: 2.2 / lam, steps: 40 });
 * r.rate; // ≈ |1 − 2.2| = 1.2 when v is the top eigenvector at a minimum with sharpness lam
 */
export function gdPerturbationRun(o: {
  loss: ParamLossFn;
  params: tf.Tensor[];
  direction: ArrayLike<number>;
  eps: number;
  lr: number;
  steps: number;
  stopAt?: number;
}): { distance: number[]; loss: number[]; rate: number } {
  const P = flatParamCount(o.params);
  if (o.direction.length !== P) throw new ValidationError(`direction must have length ${P} (the parameter count), got ${o.direction.length}`, { argument: "direction" });
  const eps = positive("eps", o.eps);
  const lr = positive("lr", o.lr);
  const steps = integer("steps", o.steps, 0);
  const stopAt = positive("stopAt", o.stopAt ?? 1e3 * eps);
  let nu = 0;
  for (let i = 0; i < P; i++) nu += o.direction[i] ** 2;
  nu = Math.sqrt(nu);
  if (!(nu > 0)) throw new ValidationError("direction must be non-zero", { argument: "direction" });
  let off = 0;
  const pert = o.params.map((p) => {
    const v = Float32Array.from(p.dataSync() as Float32Array);
    for (let i = 0; i < p.size; i++) v[i] += (eps * o.direction[off + i]) / nu;
    off += p.size;
    return tf.tensor(v, p.shape, "float32");
  });
  // The loss reads no data; the loop still wants rows to batch.
  const none = tf.zeros([1, 1]);
  const distance: number[] = [];
  const loss: number[] = [];
  let stopped = false;
  try {
    const res = trainLoop({
      params: { base: o.params, pert },
      X: none,
      y: none,
      steps,
      optimizer: gd(lr),
      loss: (p) => tf.add(o.loss(p.base), o.loss(p.pert)) as tf.Scalar,
      callbacks: [
        ({ params: p }) => {
          if (stopped) return "stop";
          const d = paramDistance(p.pert, p.base);
          const value = tf.tidy(() => o.loss(p.pert).dataSync()[0]);
          distance.push(d);
          loss.push(value);
          if (!Number.isFinite(value) || d > stopAt) stopped = true;
          return stopped ? "stop" : undefined;
        },
      ],
    });
    disposeParams(res.params);
  } catch (e) {
    // A loss that overflows ends the run; what was recorded is kept.
    if (!(e instanceof DivergenceError)) throw e;
  } finally {
    tf.dispose([...pert, none]);
  }
  const T = distance.length - 1;
  return { distance, loss, rate: T > 0 ? (distance[T] / distance[0]) ** (1 / T) : NaN };
}

/**
 * Mean-square linear stability of SGD (batches of B drawn with replacement, step η) at an
 * interpolating minimum of the square loss L = (1/n)Σ ½(f(x_i) − y_i)², from the Gram matrix
 * K_ij = g_i·g_j of the per-sample output gradients g_i = ∇_θ f(x_i) (there H_i = g_i g_iᵀ). With
 * H = JᵀJ/n and Σ = JᵀDJ/n − JᵀKJ/n² (D = diag K_ii), M − I = Jᵀ C J with
 * C = −2ηI/n + η²K/n² + (η²/B)(D/n − K/n²), so on the span of the gradients
 * λ_max(M) = 1 + λ_max(K^{1/2} C K^{1/2}) (elsewhere M = I). Returns that factor (≤ 1: E‖θ_t − θ*‖²
 * cannot grow, a sufficient condition for stability), and a = λ_max(K)/n, s (see sgdCurvatureFromGram).
 * @example const { factor, a, s } = sgdStabilityFromGram(K, n, 0.5, 4); // factor > 1: SGD can escape
 */
export function sgdStabilityFromGram(K: ArrayLike<number> | tf.Tensor, n: number, lr: number, B: number): { factor: number; a: number; s: number } {
  integer("n", n, 1);
  positive("lr", lr);
  integer("B", B, 1);
  const Kh = toFloat64Matrix("K", K instanceof tf.Tensor ? (K.dataSync() as Float32Array) : K, n, n);
  const eig = symEig(Kh, n);
  const half = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const lam = Math.sqrt(Math.max(eig.values[j], 0));
    if (lam === 0) continue;
    const u = eig.vectors[j];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) half[r * n + c] += lam * u[r] * u[c];
  }
  const C = new Float64Array(n * n);
  const S = new Float64Array(n * n); // D/n − K/n², whose K^{1/2}·K^{1/2} sandwich gives s²
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const k = Kh[r * n + c];
      const sig = (r === c ? Kh[r * n + r] / n : 0) - k / (n * n);
      S[r * n + c] = sig;
      C[r * n + c] = (r === c ? (-2 * lr) / n : 0) + (lr * lr * k) / (n * n) + ((lr * lr) / B) * sig;
    }
  }
  const top = (A: Float64Array): number => symEig(matmul64(matmul64(half, A, n, n, n), half, n, n, n), n, { vectors: false }).values[0];
  const s2 = Math.max(top(S), 0);
  return { factor: 1 + top(C), a: eig.values[0] / n, s: Math.sqrt(s2) };
}

/**
 * The loss along the segment θ(α) = (1 − α)θ₁ + αθ₂ (α = 0 at θ₁, α = 1 at θ₂; values outside [0, 1]
 * extrapolate). Parameters are lists of tensors with matching shapes.
 * @example const L = lossAlongSegment(lossFn, sgdLeaves, gdLeaves, [-0.5, 0, 0.5, 1, 1.5]);
 */
export function lossAlongSegment(loss: ParamLossFn, theta1: tf.Tensor[], theta2: tf.Tensor[], alphas: number[]): number[] {
  if (theta1.length !== theta2.length || theta1.some((p, i) => p.shape.join(",") !== theta2[i].shape.join(","))) {
    throw new ValidationError("theta1 and theta2 must be lists of tensors with the same shapes");
  }
  return alphas.map((alpha, i) => {
    finite(`alphas[${i}]`, alpha);
    return tf.tidy(() => loss(theta1.map((p, k) => tf.add(tf.mul(p, 1 - alpha), tf.mul(theta2[k], alpha)))).dataSync()[0]);
  });
}
