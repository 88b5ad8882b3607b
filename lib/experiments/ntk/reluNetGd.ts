/**
 * Full-batch gradient descent on the square loss R̂_n(θ) = (1/2n) Σ_i (f(x_i; θ) − y_i)² for the
 * float64 ReLU network of {@link reluNetInit}, optionally
 *   - with B frozen at B(0) (the random feature model: only a is trained, by the same GD), or
 *   - with the path-norm penalty coef·Σ_j |a_j| ‖b_j‖ (a proximal step in a, a gradient step in B).
 * The run records train and test errors and the relative movement ‖B(t) − B(0)‖_F / ‖B(0)‖_F at the
 * requested steps.
 */
import { DivergenceError, ValidationError } from "../../runtime/errors";
import { finiteArray, hostPoints, integer, nonNegative, stepSize } from "../../runtime/validate";
import type { HostPoints } from "../../data/samplers";
import { reluFeatures, reluNetClone, reluNetLossGradInto, reluNetPredict, reluNetWorkspace, type ReluNetParams } from "./reluNet";
import { logSpacedSteps } from "../../numerics/grids";

/** Options of {@link reluNetGd}. */
export interface ReluNetGdOptions {
  /** Initial parameters (not modified). */
  init: ReluNetParams;
  /** Training inputs and targets. */
  X: HostPoints;
  y: ArrayLike<number>;
  /** Test inputs and clean targets (optional): the test MSE mean_i (f(x_i) − y_i)² is recorded. */
  Xtest?: HostPoints;
  ytest?: ArrayLike<number>;
  /** Step size on R̂_n (the lectures' flow θ̇ = −Σ_i e_i ∇f_i runs at time t = steps·lr/n). */
  lr: number;
  /** Number of GD steps. */
  steps: number;
  /** Keep B at B(0) and train a only: the random feature model. */
  freezeB?: boolean;
  /** Penalty coef·Σ_j |a_j|‖b_j‖ (path norm); 0 or absent: none. */
  pathNormCoef?: number;
  /** Steps at which to record (0 … steps); default {@link logSpacedSteps}(steps, 30). */
  recordAt?: number[];
}

/** What {@link reluNetGd} returns. */
export interface ReluNetGdResult {
  params: ReluNetParams;
  history: {
    step: number[];
    /** Train MSE mean_i (f(x_i) − y_i)² = 2·R̂_n. */
    trainMse: number[];
    /** Test MSE (NaN without a test set). */
    testMse: number[];
    /** ‖B(t) − B(0)‖_F / ‖B(0)‖_F. */
    relMoveB: number[];
    /** Path norm Σ_j |a_j|‖b_j‖. */
    pathNorm: number[];
  };
}

function pathNormOf(p: ReluNetParams): number {
  let s = 0;
  for (let j = 0; j < p.m; j++) {
    let nb = 0;
    for (let k = 0; k < p.d; k++) nb += p.B[j * p.d + k] ** 2;
    s += Math.abs(p.a[j]) * Math.sqrt(nb);
  }
  return s;
}

function mse(f: Float64Array, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += (f[i] - y[i]) ** 2;
  return s / f.length;
}

/**
 * Gradient descent θ ← θ − lr·∇R̂_n(θ) from `init` (see the file comment). With `pathNormCoef` = μ,
 * each step is a gradient step on R̂_n + μ Σ_j |a_j|‖b_j‖ in B (using ∂‖b_j‖/∂b_j = b_j/‖b_j‖) and a
 * proximal step in a: a_j ← soft(a_j − lr ∂R̂_n/∂a_j, lr μ ‖b_j‖), soft(u, τ) = sign(u)·max(|u| − τ, 0).
 * With `freezeB` the features Φ = relu(X Bᵀ) are computed once and only a moves (random feature model).
 * Throws a DivergenceError naming the step and step size if the loss becomes non-finite.
 * @example
 * const net = reluNetInit({ m: 1000, d: 20, seed: 0 });
 * const run = reluNetGd({ init: net, X, y, Xtest, ytest, lr: 2 * 50 / 1000, steps: 2000 });
 * run.history.testMse.at(-1);
 */
export function reluNetGd(o: ReluNetGdOptions): ReluNetGdResult {
  const p = reluNetClone(o.init);
  const { m, d, c } = p;
  const lr = stepSize("lr", o.lr);
  const steps = integer("steps", o.steps, 0);
  const mu = nonNegative("pathNormCoef", o.pathNormCoef ?? 0);
  const freeze = o.freezeB ?? false;
  if (freeze && mu > 0) throw new ValidationError("pathNormCoef needs a trainable B (freezeB must be false)");
  const { X, y } = o;
  if (X.d !== d) throw new ValidationError(`X has d = ${X.d}, the network expects d = ${d}`);
  if (y.length !== X.n) throw new ValidationError(`y must have one target per row of X (${X.n}), got ${y.length}`);
  hostPoints("X", X);
  finiteArray("y", y);
  const hasTest = o.Xtest !== undefined;
  if (hasTest && (o.ytest === undefined || o.ytest.length !== o.Xtest!.n)) throw new ValidationError("ytest must have one value per row of Xtest");
  const record = new Set((o.recordAt ?? logSpacedSteps(Math.max(1, steps), 30)).filter((s) => s >= 0 && s <= steps));
  const n = X.n;
  const B0 = Float64Array.from(p.B);
  let normB0 = 0;
  for (let k = 0; k < B0.length; k++) normB0 += B0[k] * B0[k];
  normB0 = Math.sqrt(normB0);

  // Random feature model: features fixed, so Φ (train) and Φ_test are computed once.
  const Phi = freeze ? reluFeatures(p.B, m, X) : null;
  const PhiTest = freeze && hasTest ? reluFeatures(p.B, m, o.Xtest!) : null;
  const ws = reluNetWorkspace(freeze ? 0 : m, X);
  const { f, e } = ws;
  const ga = new Float64Array(m);
  const gB = freeze ? null : new Float64Array(m * d);
  const history: ReluNetGdResult["history"] = { step: [], trainMse: [], testMse: [], relMoveB: [], pathNorm: [] };

  const predictRfm = (P: Float64Array, rows: number, out: Float64Array): void => {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const o2 = i * m;
      for (let j = 0; j < m; j++) s += P[o2 + j] * p.a[j];
      out[i] = c * s;
    }
  };
  const testMse = (): number => {
    if (!hasTest) return NaN;
    if (PhiTest) {
      const ft = new Float64Array(o.Xtest!.n);
      predictRfm(PhiTest, o.Xtest!.n, ft);
      return mse(ft, o.ytest!);
    }
    return mse(reluNetPredict(p, o.Xtest!), o.ytest!);
  };
  const relMove = (): number => {
    if (freeze) return 0;
    let s = 0;
    for (let k = 0; k < B0.length; k++) s += (p.B[k] - B0[k]) ** 2;
    return Math.sqrt(s) / normB0;
  };

  const loss0 = { v: NaN };
  for (let t = 0; t <= steps; t++) {
    let loss: number;
    if (Phi) {
      predictRfm(Phi, n, f);
      loss = 0;
      for (let i = 0; i < n; i++) {
        e[i] = f[i] - y[i];
        loss += e[i] * e[i];
      }
      loss /= 2 * n;
      ga.fill(0);
      for (let i = 0; i < n; i++) {
        const w = (c * e[i]) / n;
        const o2 = i * m;
        for (let j = 0; j < m; j++) ga[j] += w * Phi[o2 + j];
      }
    } else {
      loss = reluNetLossGradInto(p, ws, y, ga, gB);
    }
    if (t === 0) loss0.v = loss;
    if (!Number.isFinite(loss) || loss > 1e8 * Math.max(loss0.v, 1e-12)) {
      throw new DivergenceError(`gradient descent diverged at step ${t} (loss ${loss}) with lr = ${lr}; try a smaller step size`, t, lr);
    }
    if (record.has(t)) {
      history.step.push(t);
      history.trainMse.push(2 * loss);
      history.testMse.push(testMse());
      history.relMoveB.push(relMove());
      history.pathNorm.push(pathNormOf(p));
    }
    if (t === steps) break;
    if (gB) {
      for (let j = 0; j < m; j++) {
        const bo = j * d;
        if (mu > 0) {
          let nb = 0;
          for (let k = 0; k < d; k++) nb += p.B[bo + k] ** 2;
          nb = Math.sqrt(nb);
          const w = nb > 0 ? (mu * Math.abs(p.a[j])) / nb : 0;
          for (let k = 0; k < d; k++) gB[bo + k] += w * p.B[bo + k];
          // proximal step in a_j with threshold lr·μ·‖b_j‖ (‖b_j‖ before the B update)
          const u = p.a[j] - lr * ga[j];
          const tau = lr * mu * nb;
          p.a[j] = u > tau ? u - tau : u < -tau ? u + tau : 0;
        } else {
          p.a[j] -= lr * ga[j];
        }
        for (let k = 0; k < d; k++) p.B[bo + k] -= lr * gB[bo + k];
      }
    } else {
      for (let j = 0; j < m; j++) p.a[j] -= lr * ga[j];
    }
  }
  return { params: p, history };
}
