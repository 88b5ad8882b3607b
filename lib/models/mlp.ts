/**
 * Deep fully connected networks (the edge-of-stability experiments): h₀ = X,
 * h_l = σ(h_{l−1} W_l + b_l) for hidden layers, output = s·(h_{L−1} W_L + b_L), with the square loss
 * L(θ) = (1/2n) Σ_i ‖f(x_i) − y_i‖² (the ½ convention of `train.squareLoss`), its gradient and its
 * exact Hessian-vector product in closed form, written as a few large tensor ops instead of
 * autodiff's tape (on wasm several times faster at these sizes, where tape overhead dominates).
 *
 * Network: h₀ = X, z_l = h_{l−1} W_l + b_l, h_l = σ(z_l) (l < L), f = s·z_L.
 * Gradient (backpropagation): δ_L = s(f − y)/n, ∇W_l = h_{l−1}ᵀ δ_l, ∇b_l = 1ᵀδ_l,
 * δ_{l−1} = (δ_l W_lᵀ) ⊙ σ′(z_{l−1}).
 * Hessian-vector product (Pearlmutter's R-operator, direction V = (V_l, c_l)):
 * R z_l = R h_{l−1} W_l + h_{l−1} V_l + c_l, R h_l = σ′(z_l) ⊙ R z_l, R δ_L = s² R z_L / n,
 * R∇W_l = R h_{l−1}ᵀ δ_l + h_{l−1}ᵀ R δ_l, R∇b_l = 1ᵀ R δ_l,
 * R δ_{l−1} = (R δ_l W_lᵀ + δ_l V_lᵀ) ⊙ σ′(z_{l−1}) + (δ_l W_lᵀ) ⊙ σ″(z_{l−1}) ⊙ R z_{l−1}.
 * Flat vectors follow the leaf order of `flattenParams`: biases.0 … biases.{L−1}, weights.0 ….
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation, ActivationName, MlpParams } from "./types";
import { activation } from "./activations";
import { ValidationError } from "../runtime/errors";
import { finite, integer, shape } from "../runtime/validate";
import { toRng, type Rng } from "../runtime/rng";

/**
 * Initialisation: "lecun" N(0, 1/fan_in) (default), "he" N(0, 2/fan_in) or a fixed std for the
 * weights, with zero biases; or "uniform", PyTorch's default for a linear layer: weights and biases
 * both U(−1/√fan_in, 1/√fan_in).
 */
export type MlpInit = "lecun" | "he" | "uniform" | { std: number };

/** Configuration of {@link mlp}. */
export interface MlpConfig {
  /** Layer sizes [d, h₁, …, out] (at least [d, out]). */
  sizes: number[];
  /** Activation of the hidden layers (default "tanh"). */
  activation?: ActivationName;
  /** Factor s multiplying the output (default 1). */
  outputScale?: number;
  /** Initialisation (default "lecun", zero biases; see {@link MlpInit}). */
  init?: MlpInit;
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

/** A deep MLP with its resolved configuration, `init`, `apply` and the closed forms of its square loss. */
export interface MlpModel {
  readonly kind: "mlp";
  readonly config: Readonly<Required<MlpConfig>>;
  readonly activation: Activation;
  /** Draws weights W_l [in, out] and biases b_l [out] as the configured {@link MlpInit} says. */
  init(seed: number | Rng): MlpParams;
  /** The network's outputs for X [n, d]: [n, out] (twice differentiable under autodiff). */
  apply(params: MlpParams, X: tf.Tensor): tf.Tensor2D;
  /**
   * L(θ) = (1/2n) Σ_i ‖f(x_i) − y_i‖² for X [n, d], y [n, out]: the value of the closed-form
   * forward pass (equal to `squareLoss(apply(params, X), y)` up to float32 round-off; for autodiff
   * use that form).
   */
  squareLoss(params: MlpParams, X: tf.Tensor, y: tf.Tensor): tf.Scalar;
  /**
   * Loss and gradient of L(θ) = (1/2n) Σ_i ‖f(x_i) − y_i‖² by backpropagation in closed form (see the
   * file header). Returns new tensors: `loss` and `grads` keyed by leaf path ("weights.0",
   * "biases.0", …), the shape `train.trainLoop`'s `gradient` option expects.
   */
  squareLossGradient(params: MlpParams, X: tf.Tensor, y: tf.Tensor): { loss: tf.Scalar; grads: Record<string, tf.Tensor> };
  /**
   * The exact Hessian ∇²L(θ) of the square loss at `params` (Gauss–Newton part plus the residual
   * part) as an operator v ↦ H v by the R-operator formulas of the file header. The forward and
   * backward passes (h_l, σ′, δ_l, (δW)⊙σ″) are computed once and cached, so each product costs one
   * R-forward and one R-backward pass. Equal to autodiff's `analysis.hvp` up to float32 round-off.
   * Call `dispose()` when done.
   */
  hessianOperator(params: MlpParams, X: tf.Tensor, y: tf.Tensor): MlpHessianOperator;
}

/**
 * σ(z) of the closed-form passes. tanh is computed as 2·sigmoid(2z) − 1: on wasm tfjs's tanh kernel
 * is about 3.5x slower than its sigmoid (1.36 vs 0.38 ms for a [1000, 64] tensor), and the two agree
 * to float32 round-off (≤ 2e-7 absolute). Not for autodiff: `apply` keeps the vetted activation,
 * which is twice differentiable.
 */
function fastActivation(act: Activation): (z: tf.Tensor) => tf.Tensor {
  if (act.name === "tanh") return (z) => tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1);
  return (z) => act.apply(z);
}

/** σ′(z) and σ″(z) from z and h = σ(z): closed forms for tanh (1 − h², −2h(1 − h²)), else the activation's own. */
function derivatives(act: Activation, z: tf.Tensor, h: tf.Tensor): { d1: tf.Tensor; d2: tf.Tensor } {
  if (act.name === "tanh") {
    const d1 = tf.sub(1, tf.square(h));
    return { d1, d2: tf.mul(tf.mul(h, -2), d1) };
  }
  return { d1: act.derivative(z), d2: act.secondDerivative(z) };
}

/**
 * The one forward pass: layer inputs H = [h₀ = X, h₁, …, h_{L−1}], pre-activations z_l and the
 * output f = s·z_L, with σ given (the vetted activation for `apply`, the fast one for the closed forms).
 */
function forward(
  params: MlpParams,
  X: tf.Tensor2D,
  sigma: (z: tf.Tensor) => tf.Tensor,
  outScale: number,
): { H: tf.Tensor2D[]; Z: tf.Tensor2D[]; f: tf.Tensor2D } {
  const L = params.weights.length;
  const H: tf.Tensor2D[] = [X];
  const Z: tf.Tensor2D[] = [];
  for (let l = 0; l < L; l++) {
    const z = tf.add(tf.matMul(H[l], params.weights[l]), params.biases[l]) as tf.Tensor2D;
    Z.push(z);
    if (l < L - 1) H.push(sigma(z) as tf.Tensor2D);
  }
  const f = (outScale === 1 ? Z[L - 1] : tf.mul(Z[L - 1], outScale)) as tf.Tensor2D;
  return { H, Z, f };
}

/**
 * A deep MLP. Weights are stored as [in, out] so that h·W needs no transpose. Besides `init` and
 * `apply` it carries the closed forms of its square loss: `squareLoss`, `squareLossGradient`
 * (backpropagation) and `hessianOperator` (exact Hessian-vector products), formulas in the file header.
 *
 * @example
 * const net = mlp({ sizes: [50, 64, 64, 10], activation: "tanh" });
 * const params = net.init(0);
 * const logits = net.apply(params, X); // [n, 10]
 * const { loss, grads } = net.squareLossGradient(params, X, y); // grads["weights.0"]: [50, 64]
 * const op = net.hessianOperator(params, X, y);
 * const Hv = op.matvec(v); // Float64Array of length op.dim
 * op.dispose();
 */
export function mlp(config: MlpConfig): MlpModel {
  const sizes = config.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new ValidationError(`sizes must list at least the input and output sizes [d, …, out], got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((s, i) => integer(`sizes[${i}]`, s, 1));
  const act = activation(config.activation ?? "tanh");
  const outScale = finite("outputScale", config.outputScale ?? 1);
  const init = config.init ?? "lecun";
  if (typeof init === "string") {
    if (init !== "lecun" && init !== "he" && init !== "uniform") {
      throw new ValidationError(`init must be "lecun", "he", "uniform" or {std}, got "${init}"`, { argument: "init" });
    }
  } else {
    finite("init.std", init.std);
    if (init.std < 0) throw new ValidationError(`init.std must be ≥ 0, got ${init.std}`);
  }
  const L = sizes.length - 1;
  const fast = fastActivation(act);
  const biasSizes = sizes.slice(1);
  const weightSizes = sizes.slice(0, L).map((din, l) => din * sizes[l + 1]);
  const dim = biasSizes.reduce((a, b) => a + b, 0) + weightSizes.reduce((a, b) => a + b, 0);

  const checkLabels = (X: tf.Tensor, y: tf.Tensor): void => {
    if (!(y instanceof tf.Tensor)) throw new ValidationError("y must be a tensor [n, out]", { argument: "y" });
    shape("y", y.shape, [X.shape[0], sizes[L]]);
  };

  const model: MlpModel = {
    kind: "mlp",
    config: { sizes: [...sizes], activation: act.name, outputScale: outScale, init },
    activation: act,
    init(seed) {
      const rng = toRng(seed);
      const weights: tf.Tensor2D[] = [];
      const biases: tf.Tensor1D[] = [];
      for (let l = 0; l < L; l++) {
        const fanIn = sizes[l];
        if (init === "uniform") {
          const bound = 1 / Math.sqrt(fanIn);
          weights.push(rng.child("W", l).uniformTensor([sizes[l], sizes[l + 1]], -bound, bound) as tf.Tensor2D);
          biases.push(rng.child("b", l).uniformTensor([sizes[l + 1]], -bound, bound) as tf.Tensor1D);
          continue;
        }
        const std = init === "lecun" ? 1 / Math.sqrt(fanIn) : init === "he" ? Math.sqrt(2 / fanIn) : init.std;
        weights.push(rng.child("W", l).normalTensor([sizes[l], sizes[l + 1]], std) as tf.Tensor2D);
        biases.push(tf.zeros([sizes[l + 1]]));
      }
      return { weights, biases };
    },
    apply(params, X) {
      checkMlpInputs(sizes, params, X);
      return tf.tidy(() => forward(params, X as tf.Tensor2D, (z) => act.apply(z), outScale).f);
    },
    squareLoss(params, X, y) {
      checkMlpInputs(sizes, params, X);
      checkLabels(X, y);
      return tf.tidy(() => {
        const { f } = forward(params, X as tf.Tensor2D, fast, outScale);
        return tf.div(tf.sum(tf.square(tf.sub(f, y))), 2 * X.shape[0]) as tf.Scalar;
      });
    },
    squareLossGradient(params, X, y) {
      checkMlpInputs(sizes, params, X);
      checkLabels(X, y);
      return tf.tidy(() => {
        const n = X.shape[0];
        const { H, Z, f } = forward(params, X as tf.Tensor2D, fast, outScale);
        const r = tf.sub(f, y);
        const loss = tf.div(tf.sum(tf.square(r)), 2 * n) as tf.Scalar;
        let delta = tf.mul(r, outScale / n) as tf.Tensor2D;
        const grads: Record<string, tf.Tensor> = {};
        for (let l = L - 1; l >= 0; l--) {
          grads[`weights.${l}`] = tf.matMul(tf.transpose(H[l]), delta);
          grads[`biases.${l}`] = tf.sum(delta, 0);
          if (l > 0) {
            const back = tf.matMul(delta, tf.transpose(params.weights[l]));
            delta = tf.mul(back, derivatives(act, Z[l - 1], H[l]).d1) as tf.Tensor2D;
          }
        }
        return { loss, grads };
      });
    },
    hessianOperator(params, X, y) {
      checkMlpInputs(sizes, params, X);
      checkLabels(X, y);
      return hessianOperator(params, X as tf.Tensor2D, y);
    },
  };

  function hessianOperator(params: MlpParams, X: tf.Tensor2D, y: tf.Tensor): MlpHessianOperator {
    const n = X.shape[0];
    const s = outScale;
    let lossValue = NaN;
    const cache = tf.tidy(() => {
      const { H, Z, f } = forward(params, X, fast, s);
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
        const { d1, d2 } = derivatives(act, Z[l - 1], H[l]);
        D1[l - 1] = d1;
        E[l - 1] = tf.mul(back, d2);
        deltas[l - 1] = tf.mul(back, d1) as tf.Tensor2D;
      }
      const deltaT = deltas.map((d) => tf.transpose(d));
      return { H, HT, WT, D1, E, deltas, deltaT, W: params.weights.map((w) => tf.clone(w)) };
    });
    // The first layer input is X itself (not ours to dispose).
    const kept: tf.Tensor[] = [
      ...cache.H.slice(1), ...cache.HT, ...cache.WT, ...cache.D1, ...cache.E, ...cache.deltas, ...cache.deltaT, ...cache.W,
    ];
    let disposed = false;
    return {
      dim,
      loss: lossValue,
      matvec(v) {
        if (disposed) throw new ValidationError("this Hessian operator was disposed");
        if (v.length !== dim) throw new ValidationError(`v must have length ${dim} (the parameter count), got ${v.length}`, { argument: "v" });
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

  return model;
}

function checkMlpInputs(sizes: number[], params: MlpParams, X: tf.Tensor): void {
  if (!(X instanceof tf.Tensor) || X.rank !== 2 || X.shape[1] !== sizes[0]) {
    const got = X instanceof tf.Tensor ? `[${X.shape.join(", ")}]` : String(X);
    throw new ValidationError(`X must have shape [n, ${sizes[0]}] (sizes[0] = ${sizes[0]}), got ${got}`, { argument: "X" });
  }
  const L = sizes.length - 1;
  if (!params || !Array.isArray(params.weights) || !Array.isArray(params.biases) || params.weights.length !== L || params.biases.length !== L) {
    throw new ValidationError(
      `params must have ${L} weight matrices and ${L} bias vectors, got ${params?.weights?.length} and ${params?.biases?.length}`,
      { argument: "params" },
    );
  }
  for (let l = 0; l < L; l++) {
    shape(`params.weights[${l}]`, params.weights[l].shape, [sizes[l], sizes[l + 1]]);
    shape(`params.biases[${l}]`, params.biases[l].shape, [sizes[l + 1]]);
  }
}
