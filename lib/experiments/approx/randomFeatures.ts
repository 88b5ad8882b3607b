/**
 * The ReLU random feature model on the sphere: targets in its RKHS realised as large expansions,
 * the closed-form L²(S^{d−1}) Gram matrix of ReLU features, and the best L² approximation by m random
 * features (least squares with a small ridge). Also empirical least squares on given points (the
 * models' float64 two-layer executor with its first layer frozen).
 *
 * Theory (Rahimi & Recht 2008; E, Ma & Wu 2020; Bach 2017): for f*(x) = E_{w∼π₀}[c(w) relu(w·x)] with
 * ‖f*‖²_H ≤ E c², m features w_j ∼ π₀ reach L² error ≲ ‖f*‖_H/√m in every dimension — the Monte
 * Carlo rate, since a_j = c(w_j)/m already achieves it.
 */
import * as tf from "@tensorflow/tfjs";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, nonNegative } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";
import { sampleSphereArray, type HostPoints } from "../../data/samplers";
import { cholesky, choleskySolve } from "../../numerics/cholesky64";
import { twoLayer64ApplyFeatures, twoLayer64Features, type TwoLayerParams64 } from "../../models/twoLayer64";

/** Row-major inner products A·Bᵀ ([n1, d] × [n2, d] → [n1, n2]); large products go through tf.matMul (float32 accumulation). */
function dotsAB(A: Float64Array, n1: number, B: Float64Array, n2: number, d: number): Float64Array {
  if (n1 * n2 * d <= 2e7) {
    const out = new Float64Array(n1 * n2);
    for (let i = 0; i < n1; i++) {
      const oi = i * d;
      for (let j = 0; j < n2; j++) {
        const oj = j * d;
        let s = 0;
        for (let t = 0; t < d; t++) s += A[oi + t] * B[oj + t];
        out[i * n2 + j] = s;
      }
    }
    return out;
  }
  // B stored as [d, n2] so the matMul needs no transpose (slow on wasm)
  const Bt = new Float32Array(d * n2);
  for (let j = 0; j < n2; j++) for (let t = 0; t < d; t++) Bt[t * n2 + j] = B[j * d + t];
  const out = new Float64Array(n1 * n2);
  const rows = Math.max(1, Math.floor(4e6 / n2));
  const Bten = tf.tensor2d(Bt, [d, n2]);
  try {
    for (let r0 = 0; r0 < n1; r0 += rows) {
      const r1 = Math.min(n1, r0 + rows);
      const block = tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(A.subarray(r0 * d, r1 * d)), [r1 - r0, d]), Bten));
      out.set(block.dataSync(), r0 * n2);
      block.dispose();
    }
  } finally {
    Bten.dispose();
  }
  return out;
}

function rowNorms(A: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += A[i * d + t] ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * L²(S^{d−1}) inner products of ReLU features, for x uniform on the unit sphere:
 * K_ij = E_x[relu(a_i·x) relu(b_j·x)] = ‖a_i‖‖b_j‖(sin θ + (π − θ) cos θ)/(2πd), θ = ∠(a_i, b_j)
 * (the arc-cosine kernel of order 1 with the roles of weights and inputs exchanged). A and B are
 * row-major [n1, d] and [n2, d]; the result is row-major float64 [n1, n2].
 * @example
 * const K = sphereReluKernel(W, 3, W, 3, 5); // K[0] = ‖w_0‖²/(2·5)
 */
export function sphereReluKernel(A: Float64Array, n1: number, B: Float64Array, n2: number, d: number): Float64Array {
  integer("n1", n1, 1);
  integer("n2", n2, 1);
  integer("d", d, 1);
  if (A.length !== n1 * d || B.length !== n2 * d) throw new ValidationError(`A must hold n1·d = ${n1 * d} and B n2·d = ${n2 * d} numbers, got ${A.length} and ${B.length}`);
  const na = rowNorms(A, n1, d);
  const nb = rowNorms(B, n2, d);
  const K = dotsAB(A, n1, B, n2, d);
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n2; j++) {
      const nn = na[i] * nb[j];
      if (nn === 0) {
        K[i * n2 + j] = 0;
        continue;
      }
      const c = Math.min(1, Math.max(-1, K[i * n2 + j] / nn));
      const th = Math.acos(c);
      K[i * n2 + j] = (nn * (Math.sin(th) + (Math.PI - th) * c)) / (2 * Math.PI * d);
    }
  }
  return K;
}

/** f*(x) = (1/M) Σ_k c_k relu(w_k·x): a target in the RKHS of the ReLU random feature model. */
export interface ReluFeatureTarget {
  name: string;
  d: number;
  /** Number of atoms M. */
  M: number;
  /** Atoms w_k, row-major [M, d] (points on the sphere, one per row). */
  atoms: Float64Array;
  /** Coefficients c_k = c(w_k) (not an output scale). */
  coef: Float64Array;
  /** √(mean c_k²): bounds the RKHS norm when the atoms are draws from the feature law. */
  rkhsNormBound: number;
  /** True when the atoms were drawn uniformly on the sphere (the feature law π₀). */
  sphereAtoms: boolean;
  /** f* at each row of the points (float64 result; dot products in float32 through tf). */
  evaluate(points: HostPoints): Float64Array;
}

/**
 * A target f*(x) = (1/M) Σ_{k=1}^M c(w_k) relu(w_k·x) with w_k uniform on S^{d−1} (from `seed`) and a
 * bounded coefficient function c (default c(w) = sign(w₁), so E c² = 1); or given `atoms` [M, d] and
 * coefficients `coef`. With M ≫ m it stands for E_w[c(w) relu(w·x)], whose RKHS norm is at most √(E c²).
 * @example
 * const t = reluFeatureTarget({ d: 50, M: 10000, seed: 0 });
 * t.evaluate(sampleSphereArray({ n: 10, d: 50, seed: 1 })) // 10 values
 */
export function reluFeatureTarget(o: {
  d: number;
  M?: number;
  seed?: number | Rng;
  coefficient?: (w: Float64Array) => number;
  atoms?: ArrayLike<number>;
  coef?: ArrayLike<number>;
  name?: string;
}): ReluFeatureTarget {
  const d = integer("d", o.d, 1);
  let W: Float64Array;
  let M: number;
  if (o.atoms !== undefined) {
    if (o.atoms.length % d !== 0 || o.atoms.length === 0) throw new ValidationError(`atoms must be row-major [M, ${d}], got ${o.atoms.length} numbers`);
    W = Float64Array.from(o.atoms);
    M = W.length / d;
  } else {
    M = integer("M", o.M, 1);
    if (o.seed === undefined) throw new ValidationError("reluFeatureTarget needs atoms or a seed to draw the atoms");
    W = sampleSphereArray({ n: M, d, seed: toRng(o.seed) }).data;
  }
  const coefFn = o.coefficient ?? ((w: Float64Array) => (w[0] >= 0 ? 1 : -1));
  const c = o.coef !== undefined ? Float64Array.from(o.coef) : Float64Array.from({ length: M }, (_, k) => coefFn(W.subarray(k * d, (k + 1) * d)));
  if (c.length !== M) throw new ValidationError(`coef must have M = ${M} entries, got ${c.length}`);
  c.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new ValidationError(`coef[${k}] must be finite, got ${v}`);
  });
  const rkhsNormBound = Math.sqrt(c.reduce((s, v) => s + v * v, 0) / M);
  return {
    name: o.name ?? `(1/${M}) Σ c(w_k) relu(w_k·x), d = ${d}`,
    d,
    M,
    atoms: W,
    coef: c,
    rkhsNormBound,
    sphereAtoms: o.atoms === undefined,
    evaluate(points) {
      if (points.d !== d) throw new ValidationError(`points have d = ${points.d}, the target expects d = ${d}`);
      const Z = dotsAB(points.data, points.n, W, M, d);
      const out = new Float64Array(points.n);
      for (let i = 0; i < points.n; i++) {
        let s = 0;
        for (let k = 0; k < M; k++) {
          const z = Z[i * M + k];
          if (z > 0) s += c[k] * z;
        }
        out[i] = s / M;
      }
      return out;
    },
  };
}

/** Result of {@link randomFeatureApproximation}. */
export interface RandomFeatureCurve {
  /** Numbers of features. */
  m: number[];
  /** L² test error ‖f* − f_m‖ (root mean square over the test points). */
  error: number[];
  /** error / ‖f*‖. */
  relError: number[];
  /** ‖f*‖ (root mean square over the test points). */
  targetNorm: number;
  /**
   * √((E c²·E_x relu(w·x)² − ‖f*‖²)/m) = √((E c²/(2d) − ‖f*‖²)/m): the RMS error of the Monte Carlo
   * choice a_j = c(w_j)/m — the theorem's rate with its constant; NaN unless the atoms are sphere draws.
   */
  mcBound: number[];
}

/**
 * Best L²(S^{d−1}) approximation of f* by m random ReLU features w_j uniform on the sphere:
 * f_m = Σ_j a_j relu(w_j·x) with (G + λI) a = b, G_ij = E_x[relu(w_i·x) relu(w_j·x)] and
 * b_i = E_x[relu(w_i·x) f*(x)] = (1/M) Σ_k c_k K(w_i, w_k) in closed form ({@link sphereReluKernel}),
 * λ = ridge·mean(diag G) (default 1e-8). This is least squares with infinitely many samples: it
 * isolates the approximation error. The feature sets are nested (the first m of max(ms) draws); the
 * error is measured on `nTest` fresh uniform test points (default 4096).
 * @example
 * const curve = randomFeatureApproximation({ target: reluFeatureTarget({ d: 5, M: 10000, seed: 0 }), ms: [16, 64, 256], seed: 1 });
 * curve.relError // falls with m
 */
export function randomFeatureApproximation(o: {
  target: ReluFeatureTarget;
  ms: number[];
  seed: number | Rng;
  ridge?: number;
  nTest?: number;
}): RandomFeatureCurve {
  const t = o.target;
  const d = t.d;
  if (!Array.isArray(o.ms) || o.ms.length === 0) throw new ValidationError("ms must list at least one number of features");
  o.ms.forEach((m) => integer("m", m, 1));
  const ridge = nonNegative("ridge", o.ridge ?? 1e-8);
  const nTest = integer("nTest", o.nTest ?? 4096, 1);
  const rng = toRng(o.seed);
  const mMax = Math.max(...o.ms);
  const Wf = sampleSphereArray({ n: mMax, d, seed: rng.child("features") }).data;
  const G = sphereReluKernel(Wf, mMax, Wf, mMax, d);
  const KB = sphereReluKernel(Wf, mMax, t.atoms, t.M, d);
  const b = new Float64Array(mMax);
  for (let i = 0; i < mMax; i++) {
    let s = 0;
    for (let k = 0; k < t.M; k++) s += KB[i * t.M + k] * t.coef[k];
    b[i] = s / t.M;
  }
  const test = sampleSphereArray({ n: nTest, d, seed: rng.child("test") });
  const fstar = t.evaluate(test);
  const Phi = dotsAB(test.data, nTest, Wf, mMax, d);
  for (let i = 0; i < Phi.length; i++) if (Phi[i] < 0) Phi[i] = 0;
  const norm2 = fstar.reduce((s, v) => s + v * v, 0) / nTest;
  const c2 = t.coef.reduce((s, v) => s + v * v, 0) / t.M;
  const out: RandomFeatureCurve = { m: [], error: [], relError: [], targetNorm: Math.sqrt(norm2), mcBound: [] };
  for (const m of o.ms) {
    const Gm = new Float64Array(m * m);
    let tr = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) Gm[i * m + j] = G[i * mMax + j];
      tr += G[i * mMax + i];
    }
    const lam = (ridge * tr) / m;
    for (let i = 0; i < m; i++) Gm[i * m + i] += lam;
    const a = choleskySolve(cholesky(Gm, m), m, b.subarray(0, m));
    let sq = 0;
    for (let x = 0; x < nTest; x++) {
      let s = 0;
      const row = x * mMax;
      for (let j = 0; j < m; j++) s += Phi[row + j] * a[j];
      sq += (s - fstar[x]) ** 2;
    }
    const err = Math.sqrt(sq / nTest);
    out.m.push(m);
    out.error.push(err);
    out.relError.push(err / out.targetNorm);
    out.mcBound.push(t.sphereAtoms ? Math.sqrt(Math.max(0, c2 / (2 * d) - norm2) / m) : NaN);
  }
  return out;
}

/** A fitted ReLU feature model f(x) = Σ_j a_j relu(w_j·x + b_j). */
export interface ReluFeatureFit {
  a: Float64Array;
  /** f at each row of the points. */
  predict(points: HostPoints): Float64Array;
}

/**
 * Empirical least squares for the ReLU feature model on points X with targets y:
 * a = argmin (1/n)‖Φa − y‖² + λ‖a‖², Φ_ij = relu(w_j·x_i + b_j) (the two-layer executor's features
 * with the first layer W, b frozen), solved in float64 from the normal equations
 * (ΦᵀΦ/n + λI) a = Φᵀy/n with λ = ridge·mean(diag ΦᵀΦ/n) (default 1e-8).
 * W is row-major [d, m] (column j is w_j); b (default zeros) has m entries.
 * @example
 * const fit = reluFeatureLeastSquares({ X: pts, y, W, b, ridge: 1e-8 });
 * const yhat = fit.predict(testPts);
 */
export function reluFeatureLeastSquares(o: { X: HostPoints; y: ArrayLike<number>; W: ArrayLike<number>; b?: ArrayLike<number>; ridge?: number }): ReluFeatureFit {
  const { X } = o;
  const d = X.d;
  if (o.W.length % d !== 0 || o.W.length === 0) throw new ValidationError(`W must be row-major [${d}, m], got ${o.W.length} numbers`);
  const m = o.W.length / d;
  if (o.y.length !== X.n) throw new ValidationError(`y must have n = ${X.n} entries, got ${o.y.length}`);
  const b = o.b !== undefined ? Float64Array.from(o.b) : new Float64Array(m);
  if (b.length !== m) throw new ValidationError(`b must have m = ${m} entries, got ${b.length}`);
  const ridge = nonNegative("ridge", o.ridge ?? 1e-8);
  const net: TwoLayerParams64 = { d, m, W: Float64Array.from(o.W), a: new Float64Array(m), b, c: 1 };
  const n = X.n;
  const Phi = twoLayer64Features(net, X);
  const A = new Float64Array(m * m);
  const r = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) {
      const v = Phi[row + j];
      if (v === 0) continue;
      r[j] += (v * o.y[i]) / n;
      for (let k = 0; k <= j; k++) A[j * m + k] += (v * Phi[row + k]) / n;
    }
  }
  let tr = 0;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) A[k * m + j] = A[j * m + k];
    tr += A[j * m + j];
  }
  const lam = (ridge * tr) / m;
  for (let j = 0; j < m; j++) A[j * m + j] += lam;
  const a = choleskySolve(cholesky(A, m, { jitter: 1e-14 * (tr / m || 1) }), m, r);
  net.a = a;
  return {
    a,
    predict(points) {
      if (points.d !== d) throw new ValidationError(`points have d = ${points.d}, the fit expects d = ${d}`);
      return twoLayer64ApplyFeatures(twoLayer64Features(net, points), a, 1);
    },
  };
}
