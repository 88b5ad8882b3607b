/**
 * The search behind the path-norm Rademacher estimator: for signs ξ, the largest
 * |(1/n) Σ_i ξ_i relu(u·x̃_i)| over u on the unit ℓ1 sphere, by Frank–Wolfe ascent with an exact line
 * search (internal to {@link rademacherPathNormBall}).
 */
import { ValidationError } from "../runtime/errors";

/**
 * Points in float64, row-major [n, d].
 * @internal
 */
export interface Pts {
  data: Float64Array;
  n: number;
  d: number;
}

/**
 * The points with a constant 1 appended to each row, x̃ = (x, 1), when `bias` is set; else `p` itself.
 * @internal
 */
export function augment(p: Pts, bias: boolean): Pts {
  if (!bias) return p;
  const D = p.d + 1;
  const data = new Float64Array(p.n * D);
  for (let i = 0; i < p.n; i++) {
    data.set(p.data.subarray(i * p.d, (i + 1) * p.d), i * D);
    data[i * D + p.d] = 1;
  }
  return { data, n: p.n, d: D };
}

/**
 * σ·g(u) for ‖u‖₁ = 1 after Frank–Wolfe ascent of σ·g(u)/‖u‖₁ from u; returns the value reached.
 * @internal
 */
export function ascend(Xt: Float64Array, n: number, D: number, u: Float64Array, sigma: number, xi: Float64Array, maxSteps: number): number {
  const a = new Float64Array(n);
  const value = (): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < D; j++) z += u[j] * Xt[i * D + j];
      a[i] = z;
      if (z > 0) s += xi[i] * z;
    }
    return (sigma * s) / n;
  };
  let cur = value();
  const v = new Float64Array(D);
  for (let step = 0; step < maxSteps; step++) {
    v.fill(0);
    for (let i = 0; i < n; i++) if (a[i] > 0) for (let j = 0; j < D; j++) v[j] += sigma * xi[i] * Xt[i * D + j];
    const coords = Array.from({ length: D }, (_, j) => j).sort((p, q) => Math.abs(v[q]) - Math.abs(v[p])).slice(0, 3);
    let bestRatio = cur;
    let bestGamma = 0;
    let bestJ = -1;
    let bestS = 0;
    for (const j of coords) {
      const s = v[j] >= 0 ? 1 : -1;
      const r = lineSearch(Xt, n, D, u, a, j, s, sigma, xi);
      if (r.ratio > bestRatio) ({ ratio: bestRatio, gamma: bestGamma, j: bestJ, s: bestS } = { ...r, j, s });
    }
    if (bestJ < 0 || bestRatio <= cur + 1e-13 * (1 + Math.abs(cur))) break;
    let norm = 0;
    for (let j = 0; j < D; j++) {
      u[j] = (1 - bestGamma) * u[j] + (j === bestJ ? bestGamma * bestS : 0);
      norm += Math.abs(u[j]);
    }
    for (let j = 0; j < D; j++) u[j] /= norm;
    cur = value();
  }
  return cur;
}

/**
 * Exact max over γ ∈ [0, 1] of σ·g(u(γ))/‖u(γ)‖₁ along u(γ) = (1−γ)u + γ·s·e_j. Both numerator and
 * denominator are piecewise linear in γ, so the max is at a breakpoint: a neuron's zero crossing,
 * the zero crossing of u_j, or γ = 1.
 */
function lineSearch(Xt: Float64Array, n: number, D: number, u: Float64Array, a: Float64Array, j: number, s: number, sigma: number, xi: Float64Array): { ratio: number; gamma: number } {
  const delta = new Float64Array(n);
  const events: number[] = [];
  let A = 0;
  let Dl = 0;
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    delta[i] = s * Xt[i * D + j] - a[i];
    if (a[i] > 0 || (a[i] === 0 && delta[i] > 0)) {
      active[i] = 1;
      A += sigma * xi[i] * a[i];
      Dl += sigma * xi[i] * delta[i];
    }
    if (delta[i] !== 0) {
      const g = -a[i] / delta[i];
      if (g > 0 && g <= 1) events.push(i);
    }
  }
  const gammaOf = (i: number): number => -a[i] / delta[i];
  const gammas = events.map(gammaOf);
  const order = events.map((_, k) => k).sort((p, q) => gammas[p] - gammas[q]);
  let l1Rest = 0;
  for (let k = 0; k < D; k++) if (k !== j) l1Rest += Math.abs(u[k]);
  const norm = (g: number): number => (1 - g) * l1Rest + Math.abs((1 - g) * u[j] + g * s);
  let best = { ratio: -Infinity, gamma: 0 };
  const consider = (g: number): void => {
    const N = norm(g);
    if (N > 1e-12) {
      const r = (A + g * Dl) / n / N;
      if (r > best.ratio) best = { ratio: r, gamma: g };
    }
  };
  const gc = u[j] * s < 0 ? u[j] / (u[j] - s) : -1;
  let gcDone = !(gc > 0 && gc < 1);
  for (const k of order) {
    const g = gammas[k];
    if (!gcDone && gc <= g) {
      consider(gc);
      gcDone = true;
    }
    consider(g);
    const i = events[k];
    const w = sigma * xi[i];
    if (active[i]) {
      A -= w * a[i];
      Dl -= w * delta[i];
    } else {
      A += w * a[i];
      Dl += w * delta[i];
    }
    active[i] ^= 1;
  }
  if (!gcDone) consider(gc);
  consider(1);
  return best;
}

/**
 * Every line where D − 1 linearly independent hyperplanes of the arrangement {x̃_i^⊥} ∪ {e_k^⊥} meet
 * (D = p.d), one direction per line (row-major [count, D]); the opposite direction is the caller's.
 * The direction spans the null space of the D − 1 normals (Gaussian elimination with partial
 * pivoting, one free column); dependent choices are skipped, and lines met by more than D − 1
 * hyperplanes (not in general position) may appear more than once.
 * @internal
 */
export function extremeRays(p: Pts, maxRays: number): { u: Float64Array; count: number } {
  const { n, d: D, data } = p;
  const H = n + D;
  const k = D - 1;
  if (k === 0) return { u: Float64Array.of(1), count: 1 };
  let total = 1;
  for (let t = 0; t < k; t++) total = (total * (H - t)) / (t + 1);
  total = Math.round(total);
  if (total > maxRays) throw new ValidationError(`the arrangement has C(${H}, ${k}) = ${total} lines, more than maxRays = ${maxRays}; use a smaller n or d`);
  const u = new Float64Array(total * D);
  const idx = Array.from({ length: k }, (_, t) => t);
  const A = new Float64Array(k * D);
  const pivCol = new Int32Array(k);
  let scale = 0;
  for (let i = 0; i < data.length; i++) scale = Math.max(scale, Math.abs(data[i]));
  const tiny = 1e-12 * Math.max(1, scale);
  let count = 0;
  for (;;) {
    for (let r = 0; r < k; r++) {
      const h = idx[r];
      if (h < n) for (let j = 0; j < D; j++) A[r * D + j] = data[h * D + j];
      else for (let j = 0; j < D; j++) A[r * D + j] = h - n === j ? 1 : 0;
    }
    // Row echelon form; the single column without a pivot is the free one.
    let row = 0;
    let free = -1;
    let ok = true;
    for (let c = 0; c < D && ok; c++) {
      let piv = row;
      if (row < k) for (let r = row + 1; r < k; r++) if (Math.abs(A[r * D + c]) > Math.abs(A[piv * D + c])) piv = r;
      if (row >= k || Math.abs(A[piv * D + c]) <= tiny) {
        if (free >= 0) ok = false;
        free = c;
        continue;
      }
      if (piv !== row) for (let j = 0; j < D; j++) {
        const tmp = A[row * D + j];
        A[row * D + j] = A[piv * D + j];
        A[piv * D + j] = tmp;
      }
      const pv = A[row * D + c];
      for (let r = row + 1; r < k; r++) {
        const f = A[r * D + c] / pv;
        if (f !== 0) for (let j = c; j < D; j++) A[r * D + j] -= f * A[row * D + j];
      }
      pivCol[row++] = c;
    }
    if (ok && free >= 0 && row === k) {
      const o = count * D;
      u[o + free] = 1;
      for (let r = k - 1; r >= 0; r--) {
        const c = pivCol[r];
        let s = 0;
        for (let j = c + 1; j < D; j++) s += A[r * D + j] * u[o + j];
        u[o + c] = -s / A[r * D + c];
      }
      count++;
    }
    let t = k - 1;
    while (t >= 0 && idx[t] === H - k + t) t--;
    if (t < 0) break;
    idx[t]++;
    for (let s2 = t + 1; s2 < k; s2++) idx[s2] = idx[s2 - 1] + 1;
  }
  return { u: u.subarray(0, count * D), count };
}
