/**
 * The whole experiment of Ba et al. (NeurIPS 2022) for one draw of data and initialisation:
 * one full-batch gradient step on W with lr = m^α, then ridge regression of the second layer on the
 * trained features with a fresh batch, compared with ridge on the initial conjugate-kernel (CK)
 * features, ridge on the NTK features at initialisation, and the lower bound ‖P_{>1} f*‖².
 *
 * Data: x ~ N(0, I_d); y = σ*(⟨x, β*⟩) + ε, ε ~ N(0, noise²), β* uniform on the sphere. Student
 * f(x) = (1/√m) aᵀσ(Wᵀx), W₀ᵢⱼ ~ N(0, 1/d), aᵢ ~ N(0, 1/m); a stays fixed during the step and is then
 * refitted by ridge. Three independent samples: n points for the step, n fresh points for the ridge,
 * nTest points for the risk E(f̂ − f*)² (noise-free). All cases share the draws, so differences between
 * targets or step sizes are not seed noise; cases with the same student also share the CK and NTK kernels.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../../runtime/errors";
import { integer, nonNegative } from "../../runtime/validate";
import { toRng, type Rng } from "../../runtime/rng";
import type { ScalarLink } from "../../models/links";
import { featureLink, gaussianMoments, nonlinearPartNorm, type FeatureLinkName } from "./gaussianMoments";
import { firstLayerGradient, oneStepUpdate, rankOneGradient, resolveStudent, unitVector, type StudentActivation } from "./gradientStep";
import { largestSingularValues } from "../../numerics/svd64";
import { featureRidge, ntkFeatureRidge } from "./featureRidge";
import { spikeStats, type SpikeStats } from "./spike";

/** One (student, target) pair of {@link oneStepExperiment}. */
export interface OneStepCase {
  student: StudentActivation;
  target: FeatureLinkName | ScalarLink;
  /** Also measure the spectrum of W₁ for every α (costs one d×d eigen-decomposition per α). */
  spectrum?: boolean;
}

/** Results of one case. Risks are E(f̂ − f*)² on the test sample. */
export interface OneStepCaseResult {
  student: string;
  target: string;
  alphas: number[];
  /** lr = m^α. */
  lrs: number[];
  /** Ridge on the features σ(W₁ᵀx)/√m after one step, for each α. */
  trained: number[];
  /** Ridge on the initial CK features σ(W₀ᵀx)/√m. */
  ckInit: number;
  /** Ridge on the NTK features at initialisation (NaN when `ntk: false`). */
  ntkInit: number;
  /** CG iterations of the NTK solve (0 when skipped). */
  ntkIterations: number;
  /** ‖P_{>1} f*‖² by quadrature. */
  bound: number;
  /** ‖G₀ − A‖/‖G₀‖ for this draw. */
  rank1RelErr: number;
  /** Spectrum statistics per α when `spectrum` was asked for, else null. */
  spike: SpikeStats[] | null;
  /** The target direction β*. */
  beta: Float64Array;
  /** ‖a‖ of the draw (≈ 1). */
  aNorm: number;
}

function hostColumn(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync());
}

function mse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (pred[i] - truth[i]) ** 2;
  return s / truth.length;
}

/** The setting shared by {@link oneStepExperiment} and {@link oneStepStudy}. */
export interface OneStepOptions {
  /** Input dimension d, width m, samples per batch n, test points (default 2048). */
  d: number;
  m: number;
  n: number;
  nTest?: number;
  /** Step-size exponents α (lr = m^α). */
  alphas: number[];
  /** Student/target pairs. */
  cases: OneStepCase[];
  /** Ridge λ of the penalty (λ/m)‖a‖² (default 1e-3). */
  lambda?: number;
  /** Label-noise standard deviation (default 0.1). */
  noise?: number;
  seed: number | Rng;
}

/**
 * Runs the one-step feature-learning experiment for several (student, target) cases on one shared
 * draw: risks of ridge on trained features for each α (lr = m^α), on the initial CK and NTK features,
 * the bound ‖P_{>1} f*‖², the rank-one error of the first gradient, and optionally the spike of W₁.
 * Ridge penalty (λ/m)‖a‖² (see featureRidge).
 * @example
 * const [erf] = oneStepExperiment({ d: 64, m: 128, n: 1024, alphas: [0, 0.25, 0.5],
 *   cases: [{ student: "erf", target: "erf" }], seed: 0 });
 * erf.trained[2] < erf.bound // one large step beats every kernel
 */
export function oneStepExperiment(o: OneStepOptions & { ntk?: boolean }): OneStepCaseResult[] {
  const d = integer("d", o.d, 1);
  const m = integer("m", o.m, 1);
  const n = integer("n", o.n, 1);
  const nTest = integer("nTest", o.nTest ?? 2048, 1);
  const lambda = nonNegative("lambda", o.lambda ?? 1e-3);
  const noise = nonNegative("noise", o.noise ?? 0.1);
  if (o.alphas.length === 0) throw new ValidationError("alphas must list at least one exponent");
  o.alphas.forEach((a) => nonNegative("alpha", a));
  if (o.cases.length === 0) throw new ValidationError("cases must list at least one { student, target }");
  const doNtk = o.ntk ?? true;
  const rng = toRng(o.seed);
  const beta = unitVector(rng.child("beta"), d);
  const a = rng.child("a").normals(m, 0, 1 / Math.sqrt(m));
  const aNorm = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  const lrs = o.alphas.map((al) => m ** al);

  const shared = tf.tidy(() => {
    const W0 = rng.child("W0").normalTensor([d, m], 1 / Math.sqrt(d)) as tf.Tensor2D;
    const X = rng.child("X-step").normalTensor([n, d]) as tf.Tensor2D;
    const Xr = rng.child("X-ridge").normalTensor([n, d]) as tf.Tensor2D;
    const Xt = rng.child("X-test").normalTensor([nTest, d]) as tf.Tensor2D;
    const b = tf.tensor2d(Float32Array.from(beta), [d, 1]);
    return {
      W0,
      X,
      Xr,
      Xt,
      XT: tf.transpose(X) as tf.Tensor2D,
      z: tf.matMul(X, b),
      zr: tf.matMul(Xr, b),
      zt: tf.matMul(Xt, b),
      aCol: tf.tensor2d(Float32Array.from(a), [m, 1]),
      eps: rng.child("noise-step").normalTensor([n, 1], noise),
      epsR: rng.child("noise-ridge").normalTensor([n, 1], noise),
    };
  });
  // XXᵀ/d is shared by the NTK kernels of both students; for n > 8192 the NTK solve is matrix-free instead.
  const ntkKernel = n <= 8192;
  const gramX = doNtk && ntkKernel ? tf.tidy(() => tf.div(tf.matMul(shared.Xr, tf.transpose(shared.Xr)), d) as tf.Tensor2D) : null;

  const results: OneStepCaseResult[] = new Array(o.cases.length);
  const groups = new Map<string, number[]>();
  o.cases.forEach((c, i) => {
    const name = resolveStudent(c.student).name;
    groups.set(name, [...(groups.get(name) ?? []), i]);
  });
  try {
    for (const idx of groups.values()) {
      const act = resolveStudent(o.cases[idx[0]].student);
      const mu1 = gaussianMoments(act.scalar).mu1;
      const links = idx.map((i) => featureLink(o.cases[i].target));
      const targets = tf.tidy(() =>
        links.map((l) => ({ y: tf.add(l.apply(shared.z), shared.eps), yr: tf.add(l.apply(shared.zr), shared.epsR), ft: l.apply(shared.zt) })),
      );
      const yr = targets.map((t) => hostColumn(t.yr));
      const ft = targets.map((t) => hostColumn(t.ft));
      const features = (W: tf.Tensor2D, X: tf.Tensor2D) => tf.tidy(() => tf.div(act.apply(tf.matMul(X, W)), Math.sqrt(m)) as tf.Tensor2D);

      // Ridge on the initial conjugate kernel: one factorisation for all targets of this student.
      const ckInit = ridgeRisks(features(shared.W0, shared.Xr), features(shared.W0, shared.Xt), yr, ft, lambda, m);

      let ntkInit = yr.map(() => NaN);
      let ntkIterations = 0;
      if (doNtk) {
        const fit = ntkFeatureRidge({ W: shared.W0, X: shared.Xr, y: yr, activation: act, lambda, gramX: gramX ?? undefined, method: ntkKernel ? "kernel" : "matrixFree" });
        ntkInit = fit.predict(shared.Xt).map((p, k) => mse(p, ft[k]));
        ntkIterations = fit.iterations;
        fit.dispose();
      }

      // The first gradient: the model's closed-form gradient at (W₀, a), and its rank-one approximation.
      idx.forEach((ci, k) => {
        const G0 = firstLayerGradient({ W: shared.W0, a: shared.aCol, X: shared.X, y: targets[k].y, activation: act });
        const A = rankOneGradient({ X: shared.X, y: targets[k].y, a: shared.aCol, mu1, XT: shared.XT });
        const D = tf.sub(G0, A) as tf.Tensor2D;
        const rank1RelErr = largestSingularValues(D)[0] / largestSingularValues(G0)[0];
        tf.dispose([A, D]);
        const trained: number[] = [];
        const spike: SpikeStats[] = [];
        for (const lr of lrs) {
          const W1 = oneStepUpdate({ W0: shared.W0, G0, lr });
          trained.push(ridgeRisks(features(W1, shared.Xr), features(W1, shared.Xt), [yr[k]], [ft[k]], lambda, m)[0]);
          W1.dispose();
          if (o.cases[ci].spectrum) spike.push(spikeStats({ W0: shared.W0, G0, lr, beta }));
        }
        G0.dispose();
        results[ci] = {
          student: act.name,
          target: links[k].name,
          alphas: [...o.alphas],
          lrs,
          trained,
          ckInit: ckInit[k],
          ntkInit: ntkInit[k],
          ntkIterations,
          bound: nonlinearPartNorm(links[k]),
          rank1RelErr,
          spike: o.cases[ci].spectrum ? spike : null,
          beta,
          aNorm,
        };
      });
      targets.forEach((t) => tf.dispose([t.y, t.yr, t.ft]));
    }
  } finally {
    tf.dispose(Object.values(shared));
    if (gramX) gramX.dispose();
  }
  return results;
}

/** Fits ridge on Φ_train for each target and returns the test MSE against f* for each; disposes the features. */
function ridgeRisks(PhiTrain: tf.Tensor2D, PhiTest: tf.Tensor2D, y: Float64Array[], ft: Float64Array[], lambda: number, m: number): number[] {
  try {
    const fit = featureRidge({ features: PhiTrain, y, lambda, m });
    return fit.predict(PhiTest).map((p, k) => mse(p, ft[k]));
  } finally {
    tf.dispose([PhiTrain, PhiTest]);
  }
}
