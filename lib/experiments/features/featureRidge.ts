/**
 * Ridge regression of the second layer on random or learned features, with the penalty normalisation
 * of Ba et al. (NeurIPS 2022):
 *   â = argmin_a (1/n) Σ_i (y_i − ⟨a, φ(x_i)⟩)² + (λ/m) ‖a‖²,   φ(x) = σ(Wᵀx)/√m ∈ ℝ^m.
 * Setting the gradient to zero gives the normal equations (ΦᵀΦ + (nλ/m) I) a = Φᵀy.
 * Why λ/m: the features carry 1/√m, so a function of size O(1) needs coefficients a_i = O(1) and
 * ‖a‖² = O(m); (λ/m)‖a‖² is then O(λ), comparable to the loss, and the ridge nλ/m = (ψ₁/ψ₂)λ added
 * to ΦᵀΦ (whose eigenvalues are O(n/m)) stays of fixed relative size as n, d, m → ∞ together.
 *
 * NTK features at initialisation, φ_NTK(x) = vec(σ′(W₀ᵀx) xᵀ)/√(md) ∈ ℝ^{md}, are too many for the
 * primal form (md = 131 072 at d = 256). Their ridge solution is computed exactly in the dual:
 * θ̂ = Φᵀα with (K + (nλ/m) I) α = y and kernel
 *   K(x, x′) = (xᵀx′/d) · (1/m) Σ_j σ′(w_jᵀx) σ′(w_jᵀx′),
 * solved by conjugate gradients (about 35 iterations at d = 256: K + cI is well conditioned here: high-dimensional inner-product
 * kernels are a low-rank part plus a multiple of the identity). Predictions use the primal weights
 * Θ = (1/√(md)) Xᵀ diag(α) σ′(XW₀) ∈ ℝ^{d×m}: f(x) = (1/√(md)) Σ_j σ′(w_jᵀx)·(xᵀΘ)_j.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../../runtime/errors";
import { dataTensor, finiteArray, finiteTensor, integer, nonNegative, oneOf, shape } from "../../runtime/validate";
import { cholesky, choleskySolve } from "../../numerics/cholesky64";
import { resolveStudent, type StudentActivation } from "./gradientStep";
import { blockConjugateGradient, type CgResult } from "../../numerics/cg";

/** A fitted second layer for one or several right-hand sides. */
export interface FeatureRidgeFit {
  /** coef[k] ∈ ℝ^P solves (ΦᵀΦ + (nλ/m) I) a = Φᵀy_k. */
  coef: Float64Array[];
  /** Predictions Φ_test coef[k] for test features Φ_test [nTest, P]. */
  predict(features: tf.Tensor2D): Float64Array[];
}

function asColumns(name: string, y: ArrayLike<number> | ArrayLike<number>[], n: number): Float64Array[] {
  const cols = Array.isArray(y) && y.length > 0 && typeof y[0] !== "number" ? (y as ArrayLike<number>[]) : [y as ArrayLike<number>];
  return cols.map((c, k) => {
    if (c.length !== n) throw new ValidationError(`${name}[${k}] must hold n = ${n} targets, got ${c.length}`);
    finiteArray(cols.length === 1 && c === y ? name : `${name}[${k}]`, c);
    return Float64Array.from(c);
  });
}

function columnsTensor(cols: Float64Array[]): tf.Tensor2D {
  const n = cols[0].length;
  const k = cols.length;
  const out = new Float32Array(n * k);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) out[i * k + j] = cols[j][i];
  return tf.tensor2d(out, [n, k]);
}

function splitColumns(flat: ArrayLike<number>, n: number, k: number): Float64Array[] {
  return Array.from({ length: k }, (_, j) => Float64Array.from({ length: n }, (_, i) => flat[i * k + j]));
}

/**
 * Ridge regression on a feature matrix Φ [n, P] (rows φ(x_i)) with the penalty (λ/m)‖a‖²:
 *   (ΦᵀΦ + (nλ/m) I) a = Φᵀy,
 * ΦᵀΦ formed by a float32 matmul, the system solved by a float64 Cholesky factorisation. `m` is the
 * width that scales the features (default P). Several targets share one factorisation.
 * @example
 * const Phi = tf.div(tf.tanh(tf.matMul(X, W)), Math.sqrt(m));
 * const fit = featureRidge({ features: Phi, y: [yA, yB], lambda: 1e-3 });
 * const [predA, predB] = fit.predict(PhiTest);
 */
export function featureRidge(o: { features: tf.Tensor2D; y: ArrayLike<number> | ArrayLike<number>[]; lambda: number; m?: number }): FeatureRidgeFit {
  const [n, P] = o.features.shape;
  dataTensor("features", o.features, 2);
  const lambda = nonNegative("lambda", o.lambda);
  const m = integer("m", o.m ?? P, 1);
  const Y = asColumns("y", o.y, n);
  const k = Y.length;
  const { gram, rhs } = tf.tidy(() => {
    const PhiT = tf.transpose(o.features);
    const Yt = columnsTensor(Y);
    return { gram: tf.matMul(PhiT, o.features), rhs: tf.matMul(PhiT, Yt) };
  });
  const G = Float64Array.from(gram.dataSync());
  const B = Float64Array.from(rhs.dataSync());
  tf.dispose([gram, rhs]);
  const ridge = (n * lambda) / m;
  for (let i = 0; i < P; i++) G[i * P + i] += ridge;
  const L = cholesky(G, P, { jitter: ridge === 0 ? 1e-10 * traceOf(G, P) / P : 0 });
  const coef = splitColumns(choleskySolve(L, P, B, k), P, k);
  return {
    coef,
    predict(features) {
      shape("features", features.shape, [null, P]);
      const out = tf.tidy(() => tf.matMul(features, columnsTensor(coef)));
      const rows = out.shape[0];
      const flat = out.dataSync();
      out.dispose();
      return splitColumns(flat, rows, k);
    },
  };
}

function traceOf(G: Float64Array, P: number): number {
  let t = 0;
  for (let i = 0; i < P; i++) t += G[i * P + i];
  return t;
}


/** Result of {@link ntkFeatureRidge}. */
export interface NtkRidgeFit {
  /** Dual coefficients α_k with (K + (nλ/m) I) α_k = y_k. */
  alpha: Float64Array[];
  iterations: number;
  relResidual: number;
  /** Predictions at test points X [nTest, d]. */
  predict(X: tf.Tensor2D): Float64Array[];
  /** Frees the primal weights held for `predict`. */
  dispose(): void;
}

/**
 * Ridge regression on the NTK features of the first layer at W, φ(x) = vec(σ′(Wᵀx) xᵀ)/√(md), with
 * the same objective as {@link featureRidge}: (1/n)Σ(y_i − ⟨θ, φ(x_i)⟩)² + (λ/m)‖θ‖². Solved exactly in
 * the dual, (K + (nλ/m) I) α = y with K = (XXᵀ/d) ⊙ (σ′(XW)σ′(XW)ᵀ/m) (an [n, n] float32 tensor),
 * by {@link blockConjugateGradient}; prediction through the primal weights (module doc).
 * Pass `gramX` = XXᵀ/d to share it between activations. `method`: "kernel" holds K as an [n, n]
 * tensor (one matmul per CG step); "matrixFree" never forms K and applies it through the features,
 * K p = (1/(md))·rowsum((X·Xᵀdiag(p)σ′(XW)) ⊙ σ′(XW)) (two n·d·m matmuls per step, memory O(nm));
 * "auto" (default) uses the kernel for n ≤ 8192. Call `dispose()` on the fit when done.
 * @example
 * const fit = ntkFeatureRidge({ W: W0, X, y: [yErf], activation: "erf", lambda: 1e-3 });
 * const [pred] = fit.predict(Xtest);
 */
export function ntkFeatureRidge(o: {
  W: tf.Tensor2D;
  X: tf.Tensor2D;
  y: ArrayLike<number> | ArrayLike<number>[];
  activation: StudentActivation;
  lambda: number;
  gramX?: tf.Tensor2D;
  tol?: number;
  maxIter?: number;
  method?: "auto" | "kernel" | "matrixFree";
}): NtkRidgeFit {
  const [d, m] = o.W.shape;
  shape("X", o.X.shape, [null, d]);
  dataTensor("X", o.X, 2);
  finiteTensor("W", o.W);
  const n = o.X.shape[0];
  if (o.gramX) shape("gramX", o.gramX.shape, [n, n]);
  const lambda = nonNegative("lambda", o.lambda);
  const Y = asColumns("y", o.y, n);
  const act = resolveStudent(o.activation);
  const ridge = (n * lambda) / m;
  const method = oneOf("method", o.method ?? "auto", ["auto", "kernel", "matrixFree"] as const);
  const useKernel = method === "kernel" || (method === "auto" && n <= 8192);
  // Kernel form: K = (XXᵀ/d) ⊙ (SSᵀ/m) held as an [n, n] tensor, one matmul per CG step.
  // Matrix-free form (large n): K p = (1/(md)) rowsum((X · Xᵀ diag(p) S) ⊙ S), two [n,d]·[d,m] matmuls per step.
  const held = tf.tidy(() => {
    const S = act.derivative(tf.matMul(o.X, o.W)) as tf.Tensor2D;
    if (!useKernel) return { S, XT: tf.transpose(o.X) as tf.Tensor2D };
    const SS = tf.matMul(S, tf.transpose(S));
    const XX = o.gramX ?? tf.div(tf.matMul(o.X, tf.transpose(o.X)), d);
    return { K: tf.mul(tf.mul(XX, SS), 1 / m) as tf.Tensor2D };
  });
  const apply = (P: Float64Array[]): tf.Tensor2D =>
    tf.tidy(() => {
      if (held.K) return tf.matMul(held.K, columnsTensor(P));
      const cols = P.map((p) => {
        const M = tf.matMul(held.XT!, tf.mul(held.S!, tf.tensor2d(Float32Array.from(p), [n, 1])));
        return tf.reshape(tf.div(tf.sum(tf.mul(tf.matMul(o.X, M), held.S!), 1), m * d), [n, 1]);
      });
      return (cols.length === 1 ? cols[0] : tf.concat(cols, 1)) as tf.Tensor2D;
    });
  let cg: CgResult;
  try {
    cg = blockConjugateGradient(
      (P) => {
        const out = apply(P);
        const flat = out.dataSync();
        out.dispose();
        const KP = splitColumns(flat, n, P.length);
        KP.forEach((v, j) => {
          for (let i = 0; i < n; i++) v[i] += ridge * P[j][i];
        });
        return KP;
      },
      Y,
      { tol: o.tol ?? 1e-5, maxIter: o.maxIter ?? 2000 },
    );
  } finally {
    tf.dispose(Object.values(held));
  }
  // Θ_k = (1/√(md)) Xᵀ diag(α_k) σ′(XW) ∈ ℝ^{d×m}, one per target.
  const Theta = tf.tidy(() => {
    const S = act.derivative(tf.matMul(o.X, o.W));
    const XT = tf.transpose(o.X);
    return cg.x.map((alpha) => tf.div(tf.matMul(XT, tf.mul(S, tf.tensor2d(Float32Array.from(alpha), [n, 1]))), Math.sqrt(m * d)) as tf.Tensor2D);
  });
  const W = o.W;
  return {
    alpha: cg.x,
    iterations: cg.iterations,
    relResidual: cg.relResidual,
    predict(Xt) {
      shape("X", Xt.shape, [null, d]);
      const preds = tf.tidy(() => {
        const St = act.derivative(tf.matMul(Xt, W));
        return Theta.map((T) => tf.div(tf.sum(tf.mul(tf.matMul(Xt, T), St), 1), Math.sqrt(m * d)));
      });
      const out = preds.map((t) => Float64Array.from(t.dataSync()));
      tf.dispose(preds);
      return out;
    },
    dispose: () => tf.dispose(Theta),
  };
}
