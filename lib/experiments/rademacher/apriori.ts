/**
 * Section 3 of notebook 02: two-layer ReLU networks trained with the explicit path-norm penalty of
 * E, Ma & Wu (2019) on a Barron target, beside the a priori and a posteriori estimates.
 */
import * as tf from "@tensorflow/tfjs";
import { pathNormValue } from "../../analysis/norms";
import { hostPointsToTensor, sampleCubeArray } from "../../data/samplers";
import { barronTarget, evaluateTargetArray } from "../../data/targets";
import { twoLayer } from "../../models/twoLayer";
import type { TwoLayerParams } from "../../models/types";
import { pathNorm } from "../../train/regularizers";
import { trainTwoLayer } from "../../train/trainTwoLayer";
import { chain, momentum, scaleBy } from "../../train/transforms";
import { Rng, toRng } from "../../runtime/rng";
import { integer, nonNegative, positive } from "../../runtime/validate";
import { firstRows } from "./complexity";

/** One trained network of {@link aprioriStudy}. */
export interface AprioriRun {
  n: number;
  /** λ of the penalty λ√(ln(2d)/n)·‖θ‖_P (0: unregularized). */
  lambda: number;
  /** R(θ) = E(f_θ − f*)², on the test points. */
  testMse: number;
  /** R̂_n(θ) = (1/n)Σ(f_θ(x_i) − y_i)² on the training labels. */
  trainMse: number;
  /** ‖θ‖_P = (1/m)Σ_j|a_j|(‖w_j‖₁ + |b_j|). */
  pathNorm: number;
  /** The a posteriori term ‖θ‖_P·√(ln(2d)/n). */
  aposteriori: number;
}

/** Result of {@link aprioriStudy}. */
export interface AprioriStudy {
  d: number;
  m: number;
  /** Upper bound on ‖f*‖_B from the target's representation. */
  targetNorm: number;
  /** sup |f*| on the test points. */
  targetMax: number;
  runs: AprioriRun[];
  /** The a priori shape ‖f*‖²_B/m + ‖f*‖_B√(ln(2d)/n) for each n. */
  apriori: { n: number; value: number }[];
}

/**
 * Trains, for every n in `ns` and every λ in `lambdas`, a two-layer ReLU network
 * f_θ(x) = (1/m)Σ_j a_j relu(w_j·x + b_j) (mean-field scaling, biases) by full-batch heavy-ball GD
 * (momentum 0.9, step lr·m) on the penalised objective of E, Ma & Wu (2019),
 * L_n(θ) = R̂_n(θ) + λ√(ln(2d)/n)·‖θ‖_P, ‖θ‖_P = (1/m)Σ_j|a_j|(‖w_j‖₁ + |b_j|), with x uniform on
 * [0,1]^d (nested training samples: the first n rows of one sample) and y = f*(x) + σε, f* a Barron
 * target of `targetWidth` relu atoms. Same initialisation for every run.
 * @example aprioriStudy({ d: 5, m: 32, ns: [64, 128], lambdas: [0, 1], steps: 50, lr: 0.1, sigma: 0.1, nTest: 200, seed: 0 })
 */
export function aprioriStudy(o: { d: number; m: number; ns: number[]; lambdas: number[]; steps: number; lr: number; sigma: number; nTest: number; seed: number | Rng; targetWidth?: number }): AprioriStudy {
  const d = integer("d", o.d, 1);
  const m = integer("m", o.m, 1);
  const steps = integer("steps", o.steps, 1);
  const lr = positive("lr", o.lr);
  const sigma = nonNegative("sigma", o.sigma);
  const rng = toRng(o.seed);
  const target = barronTarget({ d, m: integer("targetWidth", o.targetWidth ?? 8, 1), seed: rng.child("target") });
  const nMax = Math.max(...o.ns);
  const X = sampleCubeArray({ n: nMax, d, seed: rng.child("train") });
  const T = sampleCubeArray({ n: integer("nTest", o.nTest, 1), d, seed: rng.child("test") });
  const fX = evaluateTargetArray(target, X);
  const fT = evaluateTargetArray(target, T);
  const noise = rng.child("noise").normals(nMax, 0, sigma);
  const y = fX.map((v, i) => v + noise[i]);
  const net = twoLayer({ d, m, scaling: "meanField", bias: true, init: { W: "sphere", a: { gaussian: 1 }, b: { gaussian: 0.5 } } });
  const p0 = net.init(rng.child("init"));
  const log2d = Math.log(2 * d);
  const Tt = hostPointsToTensor(T);
  const runs: AprioriRun[] = [];
  try {
    for (const n of o.ns) {
      const Xn = firstRows(X, n);
      const Xt = hostPointsToTensor(Xn);
      const yt = tf.tensor1d(Float32Array.from(y.subarray(0, n)));
      for (const lambda of o.lambdas) {
        nonNegative("lambda", lambda);
        const weight = lambda * Math.sqrt(log2d / n);
        const regularizer = lambda > 0 ? (p: TwoLayerParams) => tf.mul(pathNorm(p, { inner: 1, scaling: "meanField", includeBias: true }), weight) as tf.Scalar : undefined;
        const r = trainTwoLayer({ model: net, params: p0, X: Xt, y: yt, loss: "square", optimizer: chain(momentum(0.9), scaleBy(lr * m)), steps, evalEvery: steps, regularizer });
        const predT = tf.tidy(() => net.apply(r.params, Tt).dataSync());
        const predX = tf.tidy(() => net.apply(r.params, Xt).dataSync());
        let te = 0;
        for (let i = 0; i < T.n; i++) te += (predT[i] - fT[i]) ** 2;
        let tr = 0;
        for (let i = 0; i < n; i++) tr += (predX[i] - y[i]) ** 2;
        const pn = pathNormValue(r.params, { scaling: "meanField", inner: 1 });
        runs.push({ n, lambda, testMse: te / T.n, trainMse: tr / n, pathNorm: pn, aposteriori: pn * Math.sqrt(log2d / n) });
        tf.dispose(Object.values(r.params) as tf.Tensor[]);
      }
      tf.dispose([Xt, yt]);
    }
  } finally {
    tf.dispose([Tt, ...(Object.values(p0) as tf.Tensor[])]);
  }
  const B = target.barronNormBound;
  let targetMax = 0;
  for (const v of fT) targetMax = Math.max(targetMax, Math.abs(v));
  return { d, m, targetNorm: B, targetMax, runs, apriori: o.ns.map((n) => ({ n, value: (B * B) / m + B * Math.sqrt(log2d / n) })) };
}
