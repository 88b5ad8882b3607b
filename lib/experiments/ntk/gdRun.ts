/**
 * Full-batch gradient descent on the square loss R̂_n(θ) = (1/2n) Σ_i (f(x_i; θ) − y_i)² for the
 * float64 two-layer ReLU network (models' twoLayer64 executor), through the training loop, optionally
 *   - with W frozen at W(0) (the random feature model: only a is trained, by the same GD), or
 *   - with the path-norm penalty coef·Σ_j |a_j| ‖w_j‖ (the proximal step proxPathNorm).
 * The run records train and test errors, the relative movement ‖W(t) − W(0)‖_F / ‖W(0)‖_F and the
 * path norm at the requested steps.
 */
import { ValidationError } from "../../runtime/errors";
import { integer, nonNegative, stepSize } from "../../runtime/validate";
import type { HostPoints } from "../../data/samplers";
import {
  pathNorm64,
  twoLayer64ApplyFeatures,
  twoLayer64Apply,
  twoLayer64Features,
  twoLayer64Gradient,
  checkTwoLayer64Params,
  type TwoLayerParams64,
} from "../../models/twoLayer64";
import { trainLoop } from "../../train/loop";
import { gd, proxPathNorm } from "../../train/transforms";
import { logSpacedSteps } from "../../numerics/grids";
import { mse64 } from "../../numerics/stats";

/** Options of {@link gdRun}. */
export interface GdRunOptions {
  /** Initial parameters (not modified). */
  init: TwoLayerParams64;
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
  /** Keep W at W(0) and train a only: the random feature model. */
  freezeW?: boolean;
  /** Penalty coef·Σ_j |a_j|‖w_j‖ (path norm); 0 or absent: none. */
  pathNormCoef?: number;
  /** Steps at which to record (0 … steps; the last step always); default {@link logSpacedSteps}(steps, 30). */
  recordAt?: number[];
}

/** What {@link gdRun} returns. */
export interface GdRunResult {
  params: TwoLayerParams64;
  history: {
    step: number[];
    /** Train MSE mean_i (f(x_i) − y_i)² = 2·R̂_n. */
    trainMse: number[];
    /** Test MSE (NaN without a test set). */
    testMse: number[];
    /** ‖W(t) − W(0)‖_F / ‖W(0)‖_F. */
    relMoveW: number[];
    /** Path norm Σ_j |a_j|‖w_j‖₂. */
    pathNorm: number[];
  };
}

/**
 * Gradient descent θ ← θ − lr·∇R̂_n(θ) from `init` (see the file comment): {@link trainLoop} on the
 * executor's closed-form gradient with gd(lr), or proxPathNorm({ lr, coef }) with a penalty. With
 * `freezeW` the features Φ = relu(XW) are computed once and only a moves (random feature model).
 * Throws a DivergenceError naming the step and step size if the loss becomes non-finite or grows
 * by 10⁸ over its initial value.
 * @example
 * const net = lab.models.twoLayer64Init({ m: 1000, d: 20, seed: 0 });
 * const run = gdRun({ init: net, X, y, Xtest, ytest, lr: 2 * 50 / 1000, steps: 2000 });
 * run.history.testMse.at(-1);
 */
export function gdRun(o: GdRunOptions): GdRunResult {
  if (!o || typeof o !== "object") throw new ValidationError("gdRun needs options { init, X, y, lr, steps, … }");
  checkTwoLayer64Params(o.init);
  const { m, d } = o.init;
  const lr = stepSize("lr", o.lr);
  const steps = integer("steps", o.steps, 0);
  const mu = nonNegative("pathNormCoef", o.pathNormCoef ?? 0);
  const freeze = o.freezeW ?? false;
  if (freeze && mu > 0) throw new ValidationError("pathNormCoef needs a trainable W (freezeW must be false)");
  const { X, y } = o;
  if (!X || X.d !== d) throw new ValidationError(`X has d = ${X?.d}, the network expects d = ${d}`);
  if (!y || y.length !== X.n) throw new ValidationError(`y must have one target per row of X (${X.n}), got ${y?.length}`);
  const hasTest = o.Xtest !== undefined;
  if (hasTest && (o.ytest === undefined || o.ytest.length !== o.Xtest!.n)) throw new ValidationError("ytest must have one value per row of Xtest");
  const recordAt = (o.recordAt ?? logSpacedSteps(Math.max(1, steps), 30)).filter((s) => s >= 0 && s <= steps);
  const W0 = o.init.W;
  let normW0 = 0;
  for (let k = 0; k < W0.length; k++) normW0 += W0[k] * W0[k];
  normW0 = Math.sqrt(normW0);
  // Random feature model: features fixed, so Φ_test is computed once too.
  const PhiTest = freeze && hasTest ? twoLayer64Features(o.init, o.Xtest!) : null;
  const gradient = twoLayer64Gradient({ X, y, m, wrt: freeze ? "outer" : "all", frozen: freeze ? o.init : undefined });
  const run = trainLoop<TwoLayerParams64>({
    params: o.init,
    gradient,
    optimizer: mu > 0 ? proxPathNorm({ lr, coef: mu }) : gd(lr),
    trainable: freeze ? ["a"] : o.init.b ? ["W", "a", "b"] : ["W", "a"],
    steps,
    recordAt,
    divergeAbove: 1e8,
    metrics: {
      testMse: (p) => (!hasTest ? NaN : mse64(PhiTest ? twoLayer64ApplyFeatures(PhiTest, p.a, p.c) : twoLayer64Apply(p, o.Xtest!), o.ytest!)),
      relMoveW: (p) => {
        if (freeze) return 0;
        let s = 0;
        for (let k = 0; k < W0.length; k++) s += (p.W[k] - W0[k]) ** 2;
        return Math.sqrt(s) / normW0;
      },
      pathNorm: (p) => pathNorm64(p, { inner: 2 }),
    },
  });
  const h = run.history;
  return {
    params: run.params,
    history: { step: h.step, trainMse: h.loss.map((l) => 2 * l), testMse: h.testMse, relMoveW: h.relMoveW, pathNorm: h.pathNorm },
  };
}
