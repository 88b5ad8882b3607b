/**
 * The finite-width Gram (empirical neural tangent kernel) of the two-layer family in closed form,
 * K_ij = ∇_θ f(x_i)·∇_θ f(x_j) for f(x) = c·Σ_j a_j σ(w_j·x + b_j), batched over the inputs with a few
 * matmuls (no per-example gradients). Its generic oracle is analysis' empiricalNtk; its m → ∞ limit
 * is analysis' twoLayerReluNtk / twoLayerErfNtk.
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation, Scaling, TwoLayerParams } from "./types";
import { ValidationError } from "../runtime/errors";
import { dataTensor, finiteTensor, oneOf, shape, width } from "../runtime/validate";
import { outputScale } from "./twoLayer";

/** Which parameters the Gram matrix differentiates: a ("outer"), W and b ("inner"), or all. */
export type GramWrt = "outer" | "inner" | "all";

/** Options of {@link twoLayerGram}. */
export interface TwoLayerGramOptions {
  /** σ with its derivative σ′ (a vetted activation from the models layer). */
  activation: Activation;
  /** c(m) = 1/m ("meanField"), 1/√m ("ntk"), 1 ("standard"), or a number used as c directly. */
  scaling: Scaling | number;
  /** Default "all". */
  wrt?: GramWrt;
}

/**
 * Closed-form empirical NTK of f(x) = c·Σ_j a_j σ(w_j·x + b_j), X [n, d], W [d, m], a [m], b [m]?:
 *   outer (∂/∂a):      c²·σ(Z) σ(Z)ᵀ,                              Z = XW + b  [n, m]
 *   inner (∂/∂W, ∂/∂b): c²·(XXᵀ + 1[b present]) ⊙ (σ′(Z) diag(a²) σ′(Z)ᵀ)
 *   all = outer + inner.
 * Returns an [n, n] float32 tensor. Every matmul is untransposed (the [n, m] factors are transposed
 * once explicitly), which on wasm is several times faster than a transposed matmul.
 * n = 1000, d = 20, m = 4000, wrt "all": about 0.65 s on wasm (a transposed matmul instead: 10x slower), 20 s on cpu.
 * @example
 * const K = twoLayerGram({ W, a }, X, { activation: activation("relu"), scaling: "ntk" });
 */
export function twoLayerGram(params: TwoLayerParams, X: tf.Tensor2D, opts: TwoLayerGramOptions): tf.Tensor2D {
  return gramCore(params, X, null, opts);
}

/**
 * Cross Gram matrix K(X1, X2) [n1, n2] of the same network, K_ij = ∇_θ f(x1_i)·∇_θ f(x2_j), by the
 * formulas of {@link twoLayerGram} with σ(Z1) σ(Z2)ᵀ and (X1X2ᵀ + 1) ⊙ (σ′(Z1) diag(a²) σ′(Z2)ᵀ): the
 * test-versus-train kernel of NTK regression.
 * @example const Kt = twoLayerCrossGram(params, Xtest, X, { activation: activation("relu"), scaling: "ntk" });
 */
export function twoLayerCrossGram(params: TwoLayerParams, X1: tf.Tensor2D, X2: tf.Tensor2D, opts: TwoLayerGramOptions): tf.Tensor2D {
  return gramCore(params, X1, X2, opts);
}

function gramCore(params: TwoLayerParams, X1: tf.Tensor2D, X2: tf.Tensor2D | null, opts: TwoLayerGramOptions): tf.Tensor2D {
  const { W, a, b } = params;
  if (X1.rank !== 2) throw new ValidationError(`X must be a matrix [n, d], got rank ${X1.rank}`);
  const [, d] = X1.shape;
  if (X2) shape("X2", X2.shape, [null, d]);
  shape("W", W.shape, [d, null]);
  const m = width("W", W.shape[1]);
  shape("a", a.shape, [m]);
  if (b) shape("b", b.shape, [m]);
  // One check per Gram matrix: NaN inputs are named here instead of coming out as a NaN kernel.
  dataTensor(X2 ? "X1" : "X", X1);
  if (X2) dataTensor("X2", X2);
  finiteTensor("params.W", W);
  finiteTensor("params.a", a);
  if (b) finiteTensor("params.b", b);
  if (!opts || typeof opts.activation?.apply !== "function") throw new ValidationError("opts.activation must be an Activation (e.g. activation(\"relu\"))");
  const wrt = oneOf("wrt", opts.wrt ?? "all", ["outer", "inner", "all"] as const);
  const c2 = outputScale(opts.scaling, m) ** 2;
  return tf.tidy(() => {
    const pre = (X: tf.Tensor2D): tf.Tensor2D => (b ? tf.add(tf.matMul(X, W), b) : tf.matMul(X, W));
    const Z1 = pre(X1);
    const Z2 = X2 ? pre(X2) : Z1;
    const parts: tf.Tensor2D[] = [];
    if (wrt !== "inner") {
      const S1 = opts.activation.apply(Z1) as tf.Tensor2D;
      const S2 = X2 ? (opts.activation.apply(Z2) as tf.Tensor2D) : S1;
      parts.push(tf.matMul(S1, tf.transpose(S2)));
    }
    if (wrt !== "outer") {
      const Sp1 = opts.activation.derivative(Z1) as tf.Tensor2D;
      const Sp2 = X2 ? (opts.activation.derivative(Z2) as tf.Tensor2D) : Sp1;
      const G = tf.matMul(tf.mul(Sp1, tf.square(a)), tf.transpose(Sp2));
      const XX = tf.matMul(X1, tf.transpose(X2 ?? X1));
      parts.push(tf.mul(G, b ? tf.add(XX, 1) : XX));
    }
    const K = parts.length === 1 ? parts[0] : tf.add(parts[0], parts[1]);
    return tf.mul(K, c2);
  });
}

/**
 * {@link twoLayerGram} copied to the host as a row-major float64 [n, n] array (values are float32-accurate).
 * @example const K = twoLayerGramArray(params, X, { activation: activation("relu"), scaling: "ntk" });
 */
export function twoLayerGramArray(params: TwoLayerParams, X: tf.Tensor2D, opts: TwoLayerGramOptions): Float64Array {
  const K = twoLayerGram(params, X, opts);
  try {
    return Float64Array.from(K.dataSync() as Float32Array);
  } finally {
    K.dispose();
  }
}
