/**
 * The float64 host executor of the two-layer ReLU network
 *
 *   f(x) = c·Σ_j a_j relu(w_j·x + b_j),   W = [w_1 … w_m] row-major [d, m],  a [m],  b [m] or absent,
 *
 * the same parameters as {@link twoLayer}'s tensors, held in Float64Arrays for experiments that follow
 * a loss over many decades (float32 stalls near 1e−7 relative). Sizes in those experiments are small
 * (n ≈ 50, d ≈ 20, m ≤ 4000), so blocked typed-array loops cost ≈ 2·m·n·d multiply–adds per forward
 * pass and are exact to float64 rounding.
 */
import { toRng, type Rng } from "../runtime/rng";
import { ValidationError } from "../runtime/errors";
import { finite, finiteArray, hostPoints, integer, oneOf, positive, width } from "../runtime/validate";
import { matVec64, type HostPoints } from "../numerics/linalg64";
import type { Scaling } from "./types";
import { outputScale } from "./twoLayer";

/** Parameters of a float64 two-layer network (owned by the caller). */
export interface TwoLayerParams64 {
  /** Input dimension. */
  d: number;
  /** Width. */
  m: number;
  /** First-layer weights, row-major [d, m]: neuron j is column j, W[k·m + j] = (w_j)_k. */
  W: Float64Array;
  /** Output weights a [m]. */
  a: Float64Array;
  /** Biases b [m] (absent: none). */
  b?: Float64Array;
  /** Output scale c in f = c·Σ_j a_j relu(w_j·x + b_j). */
  c: number;
}

/** Options of {@link twoLayer64Init}. */
export interface TwoLayer64InitOptions {
  d: number;
  m: number;
  seed: number | Rng;
  /** w_j uniform on S^{d−1} ("sphere", default) or N(0, I_d/d) ("gaussian"). */
  W?: "sphere" | "gaussian";
  /** a = 0 ("zero", default) or a_j = ±aScale with random signs ("signs"). */
  a?: "zero" | "signs";
  /** |a_j| with `a: "signs"` (default 1). */
  aScale?: number;
  /** c = outputScale(scaling, m) (default "standard", c = 1, the kernel-regime lectures' convention). */
  scaling?: Scaling | number;
}

/**
 * Fresh float64 parameters: w_j uniform on S^{d−1} (or N(0, I_d/d)), a = 0 or ±aScale, no biases,
 * c = outputScale(scaling, m). The draws run neuron by neuron (d normals for w_1, then w_2, …), then
 * the signs of a.
 * @example const p = twoLayer64Init({ d: 20, m: 1000, seed: 0 }); // a = 0, ‖w_j‖ = 1, c = 1
 */
export function twoLayer64Init(o: TwoLayer64InitOptions): TwoLayerParams64 {
  const m = width("m", o.m);
  const d = integer("d", o.d, 1);
  const aInit = oneOf("a", o.a ?? "zero", ["zero", "signs"] as const);
  const wInit = oneOf("W", o.W ?? "sphere", ["sphere", "gaussian"] as const);
  const aScale = finite("aScale", o.aScale ?? 1);
  const c = outputScale(o.scaling ?? "standard", m);
  const rng = toRng(o.seed);
  const W = new Float64Array(d * m);
  const w = new Float64Array(d);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const g = rng.normal();
      w[k] = g;
      s += g * g;
    }
    const scale = wInit === "sphere" ? 1 / Math.sqrt(s) : 1 / Math.sqrt(d);
    for (let k = 0; k < d; k++) W[k * m + j] = w[k] * scale;
  }
  const a = new Float64Array(m);
  if (aInit === "signs") for (let j = 0; j < m; j++) a[j] = rng.uniform() < 0.5 ? -aScale : aScale;
  return { d, m, W, a, c };
}

/** A deep copy of the parameters. @example const p0 = twoLayer64Clone(p); */
export function twoLayer64Clone(p: TwoLayerParams64): TwoLayerParams64 {
  const q: TwoLayerParams64 = { d: p.d, m: p.m, W: Float64Array.from(p.W), a: Float64Array.from(p.a), c: p.c };
  if (p.b) q.b = Float64Array.from(p.b);
  return q;
}

/**
 * Checks the parameters' sizes (W d·m, a m, b m when present, c finite); throws a ValidationError
 * naming the first mismatch.
 * @example checkTwoLayer64Params(p);
 */
export function checkTwoLayer64Params(p: TwoLayerParams64): void {
  if (!p || !(p.W instanceof Float64Array) || !(p.a instanceof Float64Array)) {
    throw new ValidationError("params must be { d, m, W: Float64Array [d, m], a: Float64Array [m], c }");
  }
  const { d, m } = p;
  integer("params.d", d, 1);
  integer("params.m", m, 1);
  if (p.W.length !== d * m) throw new ValidationError(`params.W must hold d·m = ${d * m} numbers, got ${p.W.length}`);
  if (p.a.length !== m) throw new ValidationError(`params.a must have m = ${m} entries, got ${p.a.length}`);
  if (p.b !== undefined && p.b.length !== m) throw new ValidationError(`params.b must have m = ${m} entries, got ${p.b.length}`);
  finite("params.c", p.c);
}

/** Checks HostPoints X against the input dimension d. @internal */
export function checkHostPoints(name: string, X: HostPoints, d: number): void {
  if (!X || !(X.data instanceof Float64Array)) throw new ValidationError(`${name} must be HostPoints { data: Float64Array, n, d }`);
  if (X.d !== d) throw new ValidationError(`${name} has d = ${X.d}, the network expects d = ${d}`);
  if (X.data.length !== X.n * X.d) throw new ValidationError(`${name}.data must hold n·d = ${X.n * X.d} numbers, got ${X.data.length}`);
  // Empty or non-finite points are named here (O(nd), beside the O(ndm) work of every caller).
  hostPoints(name, X);
}

function checkTargets(y: ArrayLike<number>, n: number): void {
  if (!y || typeof y.length !== "number") throw new ValidationError(`y must be an array of ${n} targets`);
  if (y.length !== n) throw new ValidationError(`y must have one target per row of X (${n}), got ${y.length}`);
  finiteArray("y", y);
}

/**
 * Z = Wᵀ Xᵀ (+ b) [m, n], Z_ji = w_j·x_i + b_j, blocked over four neurons at a time so each input
 * coordinate is loaded once per block (about 2x faster than one dot product at a time in V8).
 */
function preactivations(p: TwoLayerParams64, X: Float64Array, n: number, Z: Float64Array): void {
  const { W, m, d, b } = p;
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const zo = j * n;
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
      for (let k = 0; k < d; k++) {
        const x = X[xo + k];
        const wo = k * m + j;
        z0 += W[wo] * x;
        z1 += W[wo + 1] * x;
        z2 += W[wo + 2] * x;
        z3 += W[wo + 3] * x;
      }
      if (b) {
        z0 += b[j];
        z1 += b[j + 1];
        z2 += b[j + 2];
        z3 += b[j + 3];
      }
      Z[zo + i] = z0;
      Z[zo + n + i] = z1;
      Z[zo + 2 * n + i] = z2;
      Z[zo + 3 * n + i] = z3;
    }
  }
  for (; j < m; j++) {
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let z = 0;
      for (let k = 0; k < d; k++) z += W[k * m + j] * X[xo + k];
      Z[j * n + i] = b ? z + b[j] : z;
    }
  }
}

/**
 * The feature matrix Φ_ij = relu(w_j·x_i + b_j), row-major [n, m] (float64): the network is
 * f = c·Φ a, and with W frozen it is the random feature model.
 * @example const Phi = twoLayer64Features(p, X); // [X.n, p.m]
 */
export function twoLayer64Features(p: TwoLayerParams64, X: HostPoints): Float64Array {
  checkTwoLayer64Params(p);
  checkHostPoints("X", X, p.d);
  const { n, data } = X;
  const { m, d, W, b } = p;
  const Phi = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += W[k * m + j] * data[xo + k];
      if (b) z += b[j];
      Phi[i * m + j] = z > 0 ? z : 0;
    }
  }
  return Phi;
}

/**
 * f = c·Φ a for a feature matrix Φ [n, m] (from {@link twoLayer64Features}): the network's outputs
 * with its features computed once.
 * @example const f = twoLayer64ApplyFeatures(Phi, p.a, p.c); // [n]
 */
export function twoLayer64ApplyFeatures(Phi: Float64Array, a: Float64Array, c: number): Float64Array {
  const m = a.length;
  if (m === 0 || Phi.length % m !== 0) throw new ValidationError(`Phi must be [n, m] with m = a.length = ${m}, got ${Phi.length} numbers`);
  const f = matVec64(Phi, Phi.length / m, m, a);
  for (let i = 0; i < f.length; i++) f[i] *= c;
  return f;
}

/**
 * Network outputs f(x_i) = c·Σ_j a_j relu(w_j·x_i + b_j) for every row of X.
 * @example const f = twoLayer64Apply(p, Xtest); // Float64Array [Xtest.n]
 */
export function twoLayer64Apply(p: TwoLayerParams64, X: HostPoints): Float64Array {
  checkTwoLayer64Params(p);
  checkHostPoints("X", X, p.d);
  const { m, d, a, c } = p;
  const out = new Float64Array(X.n);
  const chunk = 256; // rows per block of Z = Wᵀ Xᵀ
  const Z = new Float64Array(m * Math.min(chunk, X.n));
  for (let start = 0; start < X.n; start += chunk) {
    const rows = Math.min(chunk, X.n - start);
    preactivations(p, X.data.subarray(start * d, (start + rows) * d), rows, Z);
    for (let j = 0; j < m; j++) {
      const aj = a[j];
      if (aj === 0) continue;
      const zo = j * rows;
      for (let i = 0; i < rows; i++) {
        const z = Z[zo + i];
        if (z > 0) out[start + i] += aj * z;
      }
    }
    for (let i = 0; i < rows; i++) out[start + i] *= c;
  }
  return out;
}

/**
 * Path norm c_P·Σ_j |a_j|·‖(w_j, b_j)‖_q of two-layer weights W [d, m] (row-major, column j is w_j),
 * a [m] and optional biases b [m], q = `inner` ∈ {1, 2}, in float64; `c` (default 1) is the factor in
 * front (the output scale c(m) for the path norm of the function, 1 for the penalty Σ_j|a_j|‖w_j‖).
 * The one home of the path norm's arithmetic (the tensor version in analysis/norms reads its
 * tensors and calls this).
 * @example pathNorm64({ W: p.W, a: p.a, d: p.d, m: p.m }, { inner: 2 }) // Σ_j |a_j|‖w_j‖₂ (inner default 1)
 */
export function pathNorm64(
  p: { W: ArrayLike<number>; a: ArrayLike<number>; b?: ArrayLike<number> | null; d: number; m: number },
  o: { inner?: 1 | 2; c?: number } = {},
): number {
  const q = o.inner ?? 1;
  if (q !== 1 && q !== 2) throw new ValidationError(`inner must be 1 or 2, got ${String(q)}`);
  const { W, a, b, d, m } = p;
  if (W.length !== d * m || a.length !== m) throw new ValidationError(`W must hold d·m = ${d * m} numbers and a m = ${m}`);
  let total = 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += q === 1 ? Math.abs(W[i * m + j]) : W[i * m + j] * W[i * m + j];
    if (b) s += q === 1 ? Math.abs(b[j]) : b[j] * b[j];
    total += Math.abs(a[j]) * (q === 1 ? s : Math.sqrt(s));
  }
  return o.c === undefined ? total : o.c * total;
}

/** Gradients of {@link twoLayer64Gradient}: a always, W and b when differentiated. */
export interface TwoLayerGrads64 {
  W?: Float64Array;
  a: Float64Array;
  b?: Float64Array;
}

/** Options of {@link twoLayer64Gradient}. */
export interface TwoLayer64GradientOptions {
  /** Training inputs X [n, d] and targets y [n]. */
  X: HostPoints;
  y: ArrayLike<number>;
  /** Width and input dimension of the networks the gradient will see. */
  m: number;
  /**
   * "all" (default): ∂/∂W, ∂/∂a (and ∂/∂b with biases); "outer": ∂/∂a only, W frozen at `frozen`'s
   * value, whose features Φ are computed once (the random feature model).
   */
  wrt?: "all" | "outer";
  /** The parameters whose W (and b) stay frozen, with `wrt: "outer"`. */
  frozen?: TwoLayerParams64;
}

/** A closed-form gradient bound to data: writes ∇L(θ) into `grads` and returns L(θ). */
export type TwoLayerGradient64 = ((p: TwoLayerParams64, grads: Partial<TwoLayerGrads64>) => number) & {
  /** The outputs f on the training points at the last call. */
  readonly f: Float64Array;
  /** Allocates gradient buffers of the right sizes. */
  buffers(p: TwoLayerParams64): TwoLayerGrads64;
};

/**
 * The square loss L(θ) = (1/2n)·Σ_i (f(x_i) − y_i)² and its gradient in closed form, bound to (X, y)
 * with its buffers allocated once (no allocation per call): with e_i = f(x_i) − y_i,
 * ∂L/∂a_j = (c/n) Σ_i e_i relu(z_ij), ∂L/∂w_j = (c a_j/n) Σ_i e_i 1[z_ij > 0] x_i,
 * ∂L/∂b_j = (c a_j/n) Σ_i e_i 1[z_ij > 0], z_ij = w_j·x_i + b_j. With `wrt: "outer"` W is frozen at
 * `frozen.W` and f = c·Φa, ∂L/∂a = (c/n) Φᵀe with Φ computed once.
 * @example
 * const grad = twoLayer64Gradient({ X, y, m: p.m });
 * const g = grad.buffers(p);
 * const loss = grad(p, g); // g.a, g.W filled
 */
export function twoLayer64Gradient(o: TwoLayer64GradientOptions): TwoLayerGradient64 {
  const { X, y } = o;
  const m = integer("m", o.m, 1);
  const wrt = oneOf("wrt", o.wrt ?? "all", ["all", "outer"] as const);
  if (!X || !(X.data instanceof Float64Array)) throw new ValidationError("X must be HostPoints { data: Float64Array, n, d }");
  hostPoints("X", X); // once per bound gradient, not per step
  const { n, d } = X;
  checkTargets(y, n);
  const f = new Float64Array(n);
  const e = new Float64Array(n);
  if (wrt === "outer") {
    if (!o.frozen) throw new ValidationError('wrt: "outer" needs the frozen parameters (frozen: p0)');
    if (o.frozen.m !== m) throw new ValidationError(`frozen has m = ${o.frozen.m}, expected m = ${m}`);
    const Phi = twoLayer64Features(o.frozen, X);
    const fn = (p: TwoLayerParams64, grads: Partial<TwoLayerGrads64>): number => {
      const { a, c } = p;
      const ga = grads.a;
      if (!ga) throw new ValidationError("grads.a must be a buffer of m numbers");
      let loss = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const r = i * m;
        for (let j = 0; j < m; j++) s += Phi[r + j] * a[j];
        f[i] = c * s;
        e[i] = f[i] - y[i];
        loss += e[i] * e[i];
      }
      loss /= 2 * n;
      ga.fill(0);
      for (let i = 0; i < n; i++) {
        const w = (c * e[i]) / n;
        const r = i * m;
        for (let j = 0; j < m; j++) ga[j] += w * Phi[r + j];
      }
      return loss;
    };
    return Object.assign(fn, { f, buffers: (p: TwoLayerParams64) => ({ a: new Float64Array(p.m) }) });
  }
  const XT = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) XT[k * n + i] = X.data[i * d + k];
  const Z = new Float64Array(m * n);
  const fn = (p: TwoLayerParams64, grads: Partial<TwoLayerGrads64>): number => {
    const ga = grads.a;
    if (!ga) throw new ValidationError("grads.a must be a buffer of m numbers");
    if (p.m !== m || p.d !== d) throw new ValidationError(`params are [d = ${p.d}, m = ${p.m}], the gradient was made for [${d}, ${m}]`);
    const { a, c } = p;
    preactivations(p, X.data, n, Z);
    f.fill(0);
    for (let j = 0; j < m; j++) {
      const aj = a[j];
      if (aj === 0) continue;
      const zo = j * n;
      for (let i = 0; i < n; i++) {
        const z = Z[zo + i];
        if (z > 0) f[i] += aj * z;
      }
    }
    let loss = 0;
    for (let i = 0; i < n; i++) {
      f[i] *= c;
      e[i] = f[i] - y[i];
      loss += e[i] * e[i];
    }
    loss /= 2 * n;
    // ∂L/∂a_j = (c/n) Σ_i e_i relu(z_ji); then Z becomes V_ji = e_i·1[z_ji > 0] for ∂L/∂W and ∂L/∂b.
    for (let j = 0; j < m; j++) {
      const zo = j * n;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const z = Z[zo + i];
        if (z > 0) {
          s += e[i] * z;
          Z[zo + i] = e[i];
        } else Z[zo + i] = 0;
      }
      ga[j] = (c * s) / n;
    }
    const gW = grads.W;
    if (!gW) return loss;
    const gb = grads.b;
    if (gb) {
      for (let j = 0; j < m; j++) {
        const vo = j * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += Z[vo + i];
        gb[j] = ((c * a[j]) / n) * s;
      }
    }
    // ∂L/∂w_j = (c a_j/n) Σ_i V_ji x_i, blocked over four neurons (each Xᵀ entry loaded once per block).
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      const v0 = j * n, v1 = v0 + n, v2 = v1 + n, v3 = v2 + n;
      const w0 = (c * a[j]) / n, w1 = (c * a[j + 1]) / n, w2 = (c * a[j + 2]) / n, w3 = (c * a[j + 3]) / n;
      if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) {
        for (let k = 0; k < d; k++) gW.fill(0, k * m + j, k * m + j + 4);
        continue;
      }
      for (let k = 0; k < d; k++) {
        const xo = k * n;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let i = 0; i < n; i++) {
          const x = XT[xo + i];
          s0 += Z[v0 + i] * x;
          s1 += Z[v1 + i] * x;
          s2 += Z[v2 + i] * x;
          s3 += Z[v3 + i] * x;
        }
        const go = k * m + j;
        gW[go] = w0 * s0;
        gW[go + 1] = w1 * s1;
        gW[go + 2] = w2 * s2;
        gW[go + 3] = w3 * s3;
      }
    }
    for (; j < m; j++) {
      const vo = j * n;
      const w = (c * a[j]) / n;
      for (let k = 0; k < d; k++) {
        const xo = k * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += Z[vo + i] * XT[xo + i];
        gW[k * m + j] = w * s;
      }
    }
    return loss;
  };
  const buffers = (p: TwoLayerParams64): TwoLayerGrads64 => {
    const g: TwoLayerGrads64 = { W: new Float64Array(p.d * p.m), a: new Float64Array(p.m) };
    if (p.b) g.b = new Float64Array(p.m);
    return g;
  };
  return Object.assign(fn, { f, buffers });
}

/**
 * The square loss (1/2n)·Σ_i (f_i − y_i)², its gradients and f on the training points, in one call
 * (allocating; a training loop binds {@link twoLayer64Gradient} once instead).
 * @example const { loss, grads } = twoLayer64LossGrad(p, X, y); // grads.W [d, m], grads.a [m]
 */
export function twoLayer64LossGrad(
  p: TwoLayerParams64,
  X: HostPoints,
  y: ArrayLike<number>,
  opts: { wrt?: "all" | "outer" } = {},
): { loss: number; f: Float64Array; grads: TwoLayerGrads64 } {
  checkTwoLayer64Params(p);
  checkHostPoints("X", X, p.d);
  const wrt = oneOf("wrt", opts.wrt ?? "all", ["all", "outer"] as const);
  const grad = twoLayer64Gradient({ X, y, m: p.m });
  const grads = grad.buffers(p);
  if (wrt === "outer") {
    delete grads.W;
    delete grads.b;
  }
  const loss = grad(p, grads);
  return { loss, f: Float64Array.from(grad.f), grads };
}

/**
 * The finite-width Gram matrix of the output-layer gradients, K̂ = Φ Φᵀ / m with Φ = relu(XW + b)
 * [n, m] (row-major [n, n]); the tangent kernel's ∂/∂a part is c²·m·K̂. Computed as one product
 * over the rows of Φ.
 * @example const Khat = twoLayer64FeatureGram(p, X); // → the arc-cosine kernel as m → ∞
 */
export function twoLayer64FeatureGram(p: TwoLayerParams64, X: HostPoints): Float64Array {
  return featureGram64(twoLayer64Features(p, X), X.n, p.m);
}

/**
 * Φ Φᵀ / m for a row-major feature matrix Φ [n, m] (symmetric, row-major [n, n]).
 * @example const K = featureGram64(Phi, n, m);
 */
export function featureGram64(Phi: Float64Array, n: number, m: number): Float64Array {
  if (Phi.length !== n * m) throw new ValidationError(`Phi must hold n·m = ${n * m} numbers, got ${Phi.length}`);
  positive("m", m);
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      const oi = i * m;
      const oj = j * m;
      for (let k = 0; k < m; k++) s += Phi[oi + k] * Phi[oj + k];
      K[i * n + j] = s / m;
      K[j * n + i] = s / m;
    }
  }
  return K;
}
