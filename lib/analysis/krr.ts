/**
 * Kernel ridge regression in float64 on the host. Penalty normalisation: the coefficients minimise
 *   (1/n) Σ_i (f(x_i) − y_i)² + λ‖f‖²_H,   f = Σ_i α_i k(·, x_i),
 * so α solves (K + nλI) α = y; λ = 0 interpolates (needs K positive definite, or a jitter).
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { finiteArray, nonNegative } from "../runtime/validate";
import { cholesky, choleskySolve } from "../numerics/cholesky64";
import { toFloat64Matrix, type HostMatrix } from "../numerics/linalg64";

/** A fitted kernel ridge regressor. */
export interface KernelRidgeFit {
  /** α with (K + nλI) α = y. */
  alpha: Float64Array;
  /** f(x') = Σ_i α_i k(x', x_i) from the cross-kernel Kcross [n', n] (row-major or a tensor). */
  predict(Kcross: HostMatrix | tf.Tensor2D): Float64Array;
}

function hostMatrix(name: string, K: HostMatrix | tf.Tensor2D, rows: number | null, cols: number): { M: Float64Array; rows: number } {
  if (K instanceof tf.Tensor) {
    if (K.rank !== 2 || K.shape[1] !== cols || (rows !== null && K.shape[0] !== rows)) {
      throw new ValidationError(`${name} must have shape [${rows ?? "*"}, ${cols}], got [${K.shape.join(", ")}]`);
    }
    return { M: Float64Array.from(K.dataSync()), rows: K.shape[0] };
  }
  const first = (K as ArrayLike<unknown>)[0];
  const r = rows ?? (typeof first === "object" && first !== null ? K.length : Math.floor(K.length / cols));
  return { M: toFloat64Matrix(name, K, r, cols), rows: r };
}

/**
 * Fits kernel ridge regression: α = (K + nλI)⁻¹ y by Cholesky (n = y.length).
 * @param K training kernel matrix [n, n] (row-major, rows, or a tensor)
 * @param y targets [n]
 * @param lambda λ ≥ 0 in the normalisation (K + nλI)α = y
 * @param opts.jitter extra diagonal for a numerically singular K (default 0)
 * @example
 * const fit = kernelRidge(arcCosineKernel(X, X, { order: 1 }), y, 1e-3);
 * const yhat = fit.predict(arcCosineKernel(Xtest, X, { order: 1 }));
 */
export function kernelRidge(K: HostMatrix | tf.Tensor2D, y: ArrayLike<number>, lambda: number, opts: { jitter?: number } = {}): KernelRidgeFit {
  const n = y.length;
  if (n === 0) throw new ValidationError("y must hold at least one target", { argument: "y" });
  finiteArray("y", y);
  nonNegative("lambda", lambda);
  const { M } = hostMatrix("K", K, n, n);
  for (let i = 0; i < n; i++) M[i * n + i] += n * lambda;
  const L = cholesky(M, n, { jitter: opts.jitter ?? 0 });
  const alpha = choleskySolve(L, n, y);
  return {
    alpha,
    predict(Kcross) {
      const { M: C, rows } = hostMatrix("Kcross", Kcross, null, n);
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += C[i * n + j] * alpha[j];
        out[i] = s;
      }
      return out;
    },
  };
}
