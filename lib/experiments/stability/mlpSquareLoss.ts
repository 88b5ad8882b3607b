/**
 * The square loss of a deep MLP (lib/models/mlp) with its gradient and its Hessian-vector product in
 * closed form, written as a few large tensor ops instead of autodiff's tape. The edge-of-stability
 * runs call the gradient once per GD step and the Hessian a few times every k steps; on wasm the
 * fused forms are several times faster than autodiff at these sizes (tape overhead dominates).
 *
 * Network: h₀ = X, z_l = h_{l−1} W_l + b_l, h_l = σ(z_l) (l < L), f = s·z_L; loss
 * L(θ) = (1/2n) Σ_i ‖f(x_i) − y_i‖² (the ½ convention of {@link squareLoss}).
 * Gradient (backpropagation): δ_L = s(f − y)/n, ∇W_l = h_{l−1}ᵀ δ_l, ∇b_l = 1ᵀδ_l,
 * δ_{l−1} = (δ_l W_lᵀ) ⊙ σ′(z_{l−1}).
 * Hessian-vector product (Pearlmutter's R-operator, direction V = (V_l, c_l)):
 * R z_l = R h_{l−1} W_l + h_{l−1} V_l + c_l, R h_l = σ′(z_l) ⊙ R z_l, R δ_L = s² R z_L / n,
 * R∇W_l = R h_{l−1}ᵀ δ_l + h_{l−1}ᵀ R δ_l, R∇b_l = 1ᵀ R δ_l,
 * R δ_{l−1} = (R δ_l W_lᵀ + δ_l V_lᵀ) ⊙ σ′(z_{l−1}) + (δ_l W_lᵀ) ⊙ σ″(z_{l−1}) ⊙ R z_{l−1}.
 * Flat vectors follow the leaf order of {@link flattenParams}: biases.0 … biases.{L−1}, weights.0 ….
 */
import * as tf from "@tensorflow/tfjs";
import type { MlpModel } from "../../models/mlp";
import type { MlpParams } from "../../models/types";
import { ValidationError } from "../../runtime/errors";
import { shape } from "../../runtime/validate";

function checkData(net: MlpModel, params: MlpParams, X: tf.Tensor, y: tf.Tensor): void {
  const sizes = net.config.sizes;
  const L = sizes.length - 1;
  if (X.rank !== 2 || X.shape[1] !== sizes[0]) throw new ValidationError(`X must have shape [n, ${sizes[0]}], got [${X.shape.join(", ")}]`);
  if (y.rank !== 2 || y.shape[0] !== X.shape[0] || y.shape[1] !== sizes[L]) {
    throw new ValidationError(`y must have shape [${X.shape[0]}, ${sizes[L]}] (one row per sample, one column per output), got [${y.shape.join(", ")}]`);
  }
  if (params.weights.length !== L || params.biases.length !== L) {
    throw new ValidationError(`params must have ${L} weight matrices and ${L} bias vectors, got ${params.weights.length} and ${params.biases.length}`);
  }
  for (let l = 0; l < L; l++) {
    const W = params.weights[l];
    if (W.shape[0] !== sizes[l] || W.shape[1] !== sizes[l + 1]) {
      throw new ValidationError(`params.weights[${l}] must have shape [${sizes[l]}, ${sizes[l + 1]}], got [${W.shape.join(", ")}]`);
    }
    shape(`params.biases[${l}]`, params.biases[l].shape, [sizes[l + 1]]);
  }
}

/** σ′(z) and σ″(z) from z and h = σ(z): closed forms for tanh (1 − h², −2h(1 − h²)), else the activation's own. */
function derivatives(net: MlpModel, z: tf.Tensor, h: tf.Tensor): { d1: tf.Tensor; d2: tf.Tensor } {
  if (net.activation.name === "tanh") {
    const d1 = tf.sub(1, tf.square(h));
    return { d1, d2: tf.mul(tf.mul(h, -2), d1) };
  }
  return { d1: net.activation.derivative(z), d2: net.activation.secondDerivative(z) };
}

/**
 * σ(z) for the forward pass. tanh is computed as 2·sigmoid(2z) − 1: on wasm tfjs's tanh kernel is
 * about 3.5x slower than its sigmoid (1.36 vs 0.38 ms for a [1000, 64] tensor), and the two agree to
 * float32 round-off (≤ 2e-7 absolute).
 */
function activate(net: MlpModel, z: tf.Tensor): tf.Tensor {
  if (net.activation.name === "tanh") return tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1);
  return net.activation.apply(z);
}

/** Forward pass: layer inputs h_{l−1} (l = 1…L), pre-activations z_l, and the output f. */
function forward(net: MlpModel, params: MlpParams, X: tf.Tensor2D): { H: tf.Tensor2D[]; Z: tf.Tensor2D[]; f: tf.Tensor2D } {
  const L = params.weights.length;
  const H: tf.Tensor2D[] = [X];
  const Z: tf.Tensor2D[] = [];
  for (let l = 0; l < L; l++) {
    const z = tf.add(tf.matMul(H[l], params.weights[l]), params.biases[l]) as tf.Tensor2D;
    Z.push(z);
    if (l < L - 1) H.push(activate(net, z) as tf.Tensor2D);
  }
  const s = net.config.outputScale;
  const f = (s === 1 ? Z[L - 1] : tf.mul(Z[L - 1], s)) as tf.Tensor2D;
  return { H, Z, f };
}

/**
 * Loss and gradient of L(θ) = (1/2n) Σ_i ‖f(x_i) − y_i‖² for an `models.mlp`, by backpropagation in
 * closed form (see the file header). Returns new tensors: `loss` and `grads` keyed by leaf path
 * ("weights.0", "biases.0", …) — the shape `train.trainLoop`'s `gradient` option expects.
 * @example
 * const { loss, grads } = mlpSquareLossGradient(net, params, X, y); // grads["weights.0"]: [d, h₁]
 * trainLoop({ …, gradient: (p, Xb, yb) => mlpSquareLossGradient(net, p, Xb, yb) });
 */
export function mlpSquareLossGradient(
  net: MlpModel,
  params: MlpParams,
  X: tf.Tensor,
  y: tf.Tensor,
): { loss: tf.Scalar; grads: Record<string, tf.Tensor> } {
  checkData(net, params, X, y);
  return tf.tidy(() => {
    const L = params.weights.length;
    const n = X.shape[0];
    const s = net.config.outputScale;
    const { H, Z, f } = forward(net, params, X as tf.Tensor2D);
    const r = tf.sub(f, y);
    const loss = tf.div(tf.sum(tf.square(r)), 2 * n) as tf.Scalar;
    let delta = tf.mul(r, s / n) as tf.Tensor2D;
    const grads: Record<string, tf.Tensor> = {};
    for (let l = L - 1; l >= 0; l--) {
      grads[`weights.${l}`] = tf.matMul(tf.transpose(H[l]), delta);
      grads[`biases.${l}`] = tf.sum(delta, 0);
      if (l > 0) {
        const back = tf.matMul(delta, tf.transpose(params.weights[l]));
        delta = tf.mul(back, derivatives(net, Z[l - 1], H[l]).d1) as tf.Tensor2D;
      }
    }
    return { loss, grads };
  });
}

/** The Hessian of an MLP's square loss at fixed parameters, as an operator on flat vectors. */
export interface MlpHessianOperator {
  /** Number of parameters P. */
  readonly dim: number;
  /** The loss L(θ) at these parameters. */
  readonly loss: number;
  /** H v for a flat float64 direction v of length P (leaf order of flattenParams). */
  matvec(v: ArrayLike<number>): Float64Array;
  /** Frees the cached forward and backward quantities. */
  dispose(): void;
}

/**
 * The Hessian ∇²L(θ) of L = (1/2n) Σ ‖f(x_i) − y_i‖² for an `models.mlp` at `params`, as an operator
 * v ↦ H v by the R-operator formulas of the file header. The forward and backward passes (h_l, σ′,
 * δ_l, (δW)⊙σ″) are computed once and cached, so each product costs one R-forward and one R-backward
 * pass (about 40 tensor ops for three layers). It is the exact Hessian (Gauss–Newton part plus the
 * residual part), equal to autodiff's `analysis.hvp` up to float32 round-off. Call `dispose()` when done.
 * @example
 * const op = mlpHessianOperator(net, params, X, y);
 * const Hv = op.matvec(v); // Float64Array of length op.dim
 * op.dispose();
 */
export function mlpHessianOperator(net: MlpModel, params: MlpParams, X: tf.Tensor, y: tf.Tensor): MlpHessianOperator {
  checkData(net, params, X, y);
  const L = params.weights.length;
  const n = X.shape[0];
  const s = net.config.outputScale;
  const sizes = net.config.sizes;
  let lossValue = NaN;
  const cache = tf.tidy(() => {
    const { H, Z, f } = forward(net, params, X as tf.Tensor2D);
    const r = tf.sub(f, y);
    lossValue = tf.div(tf.sum(tf.square(r)), 2 * n).dataSync()[0];
    const HT = H.map((h) => tf.transpose(h));
    const WT = params.weights.map((W) => tf.transpose(W));
    const D1: tf.Tensor[] = [];
    const E: tf.Tensor[] = [];
    const deltas: tf.Tensor2D[] = new Array(L);
    deltas[L - 1] = tf.mul(r, s / n) as tf.Tensor2D;
    for (let l = L - 1; l > 0; l--) {
      const back = tf.matMul(deltas[l], WT[l]);
      const { d1, d2 } = derivatives(net, Z[l - 1], H[l]);
      D1[l - 1] = d1;
      E[l - 1] = tf.mul(back, d2);
      deltas[l - 1] = tf.mul(back, d1) as tf.Tensor2D;
    }
    const deltaT = deltas.map((d) => tf.transpose(d));
    return { H, HT, WT, D1, E, deltas, deltaT, W: params.weights.map((w) => tf.clone(w)) };
  });
  const kept: tf.Tensor[] = [...cache.H.slice(1), ...cache.HT, ...cache.WT, ...cache.D1, ...cache.E, ...cache.deltas, ...cache.deltaT, ...cache.W];
  // The first layer input is X itself (not ours to dispose).
  const biasSizes = sizes.slice(1);
  const weightSizes = sizes.slice(0, L).map((din, l) => din * sizes[l + 1]);
  const dim = biasSizes.reduce((a, b) => a + b, 0) + weightSizes.reduce((a, b) => a + b, 0);
  let disposed = false;
  return {
    dim,
    loss: lossValue,
    matvec(v) {
      if (disposed) throw new ValidationError("this Hessian operator was disposed");
      if (v.length !== dim) throw new ValidationError(`v must have length ${dim} (the parameter count), got ${v.length}`);
      const v32 = Float32Array.from(v as ArrayLike<number>);
      const out = tf.tidy(() => {
        let off = 0;
        const c: tf.Tensor[] = biasSizes.map((m) => {
          const t = tf.tensor1d(v32.subarray(off, off + m));
          off += m;
          return t;
        });
        const V: tf.Tensor2D[] = weightSizes.map((size, l) => {
          const t = tf.tensor2d(v32.subarray(off, off + size), [sizes[l], sizes[l + 1]]);
          off += size;
          return t;
        });
        // R-forward.
        const RZ: tf.Tensor2D[] = [];
        const RH: tf.Tensor2D[] = []; // RH[l] = R h_{l+1} = σ′(z_{l+1}) ⊙ R z_{l+1}
        for (let l = 0; l < L; l++) {
          let rz = tf.add(tf.matMul(cache.H[l], V[l]), c[l]) as tf.Tensor2D;
          if (l > 0) rz = tf.add(rz, tf.matMul(RH[l - 1], cache.W[l])) as tf.Tensor2D;
          RZ.push(rz);
          if (l < L - 1) RH.push(tf.mul(cache.D1[l], rz) as tf.Tensor2D);
        }
        // R-backward.
        const gW: tf.Tensor[] = new Array(L);
        const gb: tf.Tensor[] = new Array(L);
        let Rdelta = tf.mul(RZ[L - 1], (s * s) / n) as tf.Tensor2D;
        for (let l = L - 1; l >= 0; l--) {
          let g = tf.matMul(cache.HT[l], Rdelta);
          if (l > 0) {
            // R h_{l−1}ᵀ δ_l = (δ_lᵀ R h_{l−1})ᵀ: a small transpose instead of an [n, ·] one.
            g = tf.add(g, tf.transpose(tf.matMul(cache.deltaT[l], RH[l - 1])));
          }
          gW[l] = g;
          gb[l] = tf.sum(Rdelta, 0);
          if (l > 0) {
            const back = tf.add(tf.matMul(Rdelta, cache.WT[l]), tf.matMul(cache.deltas[l], tf.transpose(V[l])));
            Rdelta = tf.add(tf.mul(back, cache.D1[l - 1]), tf.mul(cache.E[l - 1], RZ[l - 1])) as tf.Tensor2D;
          }
        }
        return tf.concat([...gb.map((t) => tf.reshape(t, [-1])), ...gW.map((t) => tf.reshape(t, [-1]))]);
      });
      const data = out.dataSync() as Float32Array;
      out.dispose();
      return Float64Array.from(data);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(kept);
    },
  };
}
