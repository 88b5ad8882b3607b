/**
 * The width sweep of the kernel-regime notebook: for each width m, the full network and its random
 * feature model (W frozen at W(0)) trained by the same full-batch GD from a(0) = 0, w_j(0) ∼ Unif(S^{d−1}),
 * with step size lr = κ·n/m (so one step advances the lectures' time t by κ/m, and m·t = κ·step).
 */
import { toRng, type Rng } from "../../runtime/rng";
import { ValidationError } from "../../runtime/errors";
import { integer, positive } from "../../runtime/validate";
import type { HostPoints } from "../../data/samplers";
import { twoLayer64Apply, twoLayer64Init, type TwoLayerParams64 } from "../../models/twoLayer64";
import { gdRun, type GdRunResult } from "./gdRun";
import { relDiff64 } from "../../numerics/stats";
import { logSpacedSteps } from "../../numerics/grids";

/** One width of {@link kernelRegimeSweep}: per-seed runs and their summaries. */
export interface KernelRegimeWidth {
  m: number;
  /** Step size lr = κ·n/m on R̂_n. */
  lr: number;
  /** Lecture time per step, lr/n = κ/m. */
  dt: number;
  init: TwoLayerParams64[];
  nn: GdRunResult[];
  rfm: GdRunResult[];
  /** ‖f_NN − f_RFM‖/‖f_RFM‖ on the test set at the end, per seed. */
  relDiff: number[];
  /** Seed means of the final test MSEs and of ‖W(T) − W(0)‖_F/‖W(0)‖_F. */
  testNn: number;
  testRfm: number;
  relMoveW: number;
}

/**
 * Trains, for every width in `ms` and `seeds(m)` initializations each, the network and its random
 * feature model with lr = κ·n/m (`kappa`) for `steps` steps, recording `records` log-spaced points.
 * @example
 * const sweep = kernelRegimeSweep({ X, y, Xtest, ytest, ms: [4, 50, 1000], steps: 600, kappa: 2, seeds: () => 1, seed: 0 });
 * sweep[2].relDiff[0]; // ≈ 0 at m = 1000
 */
export function kernelRegimeSweep(o: {
  X: HostPoints;
  y: ArrayLike<number>;
  Xtest: HostPoints;
  ytest: ArrayLike<number>;
  ms: number[];
  steps: number;
  /** κ in lr = κ·n/m (a step-size multiplier, not an output scale). */
  kappa: number;
  seeds: (m: number) => number;
  seed: number | Rng;
  records?: number;
}): KernelRegimeWidth[] {
  const steps = integer("steps", o.steps, 1);
  const kappa = positive("kappa", o.kappa);
  if (!Array.isArray(o.ms) || o.ms.length === 0) throw new ValidationError("ms must be a non-empty array of widths");
  const rng = toRng(o.seed);
  const n = o.X.n;
  const recordAt = logSpacedSteps(steps, o.records ?? 24);
  return o.ms.map((m) => {
    integer("m", m, 1);
    const S = integer("seeds(m)", o.seeds(m), 1);
    const lr = (kappa * n) / m;
    const w: KernelRegimeWidth = { m, lr, dt: lr / n, init: [], nn: [], rfm: [], relDiff: [], testNn: 0, testRfm: 0, relMoveW: 0 };
    for (let s = 0; s < S; s++) {
      const init = twoLayer64Init({ m, d: o.X.d, seed: rng.child("init", m, s) });
      const common = { init, X: o.X, y: o.y, Xtest: o.Xtest, ytest: o.ytest, lr, steps, recordAt };
      const nn = gdRun(common);
      const rfm = gdRun({ ...common, freezeW: true });
      w.init.push(init);
      w.nn.push(nn);
      w.rfm.push(rfm);
      w.relDiff.push(relDiff64(twoLayer64Apply(nn.params, o.Xtest), twoLayer64Apply(rfm.params, o.Xtest)));
      w.testNn += nn.history.testMse.at(-1)! / S;
      w.testRfm += rfm.history.testMse.at(-1)! / S;
      w.relMoveW += nn.history.relMoveW.at(-1)! / S;
    }
    return w;
  });
}

/**
 * Path-norm-weighted alignment of the neurons with a unit direction u:
 * Σ_j |a_j|‖w_j‖ cos∠(w_j, u) / Σ_j |a_j|‖w_j‖ (1 when all the output weight sits on neurons parallel
 * to u; about 0 for random features).
 * @example featureAlignment(run.params, [1, 0, 0]) // near 1 once the network has found relu(x₁)
 */
export function featureAlignment(p: TwoLayerParams64, u: ArrayLike<number>): number {
  if (u.length !== p.d) throw new ValidationError(`u must have d = ${p.d} entries, got ${u.length}`);
  const { m, d, W } = p;
  let nu = 0;
  for (let k = 0; k < d; k++) nu += u[k] * u[k];
  nu = Math.sqrt(nu);
  let s = 0;
  let w = 0;
  for (let j = 0; j < m; j++) {
    let nb = 0;
    let dot = 0;
    for (let k = 0; k < d; k++) {
      nb += W[k * m + j] ** 2;
      dot += W[k * m + j] * u[k];
    }
    nb = Math.sqrt(nb);
    if (nb === 0) continue;
    const wt = Math.abs(p.a[j]) * nb;
    s += (wt * dot) / (nb * nu);
    w += wt;
  }
  return w > 0 ? s / w : 0;
}
