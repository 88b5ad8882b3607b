/**
 * Iterative eigensolvers on operators with repeated eigenvalues. A single Krylov space holds one copy
 * of each eigenvalue, so Lanczos must restart on the complement of what it found (deflation) before it
 * may claim the top k; block power iteration sees multiplicities up to its block size. Oracles: the
 * spectra are built in (A = Q diag(λ) Qᵀ with a random orthogonal Q), and for a two-output linear
 * model the Hessian is (XᵀX/n) ⊗ I₂, whose spectrum is that of XᵀX/n with every value twice.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import { Rng } from "../../lib/runtime/rng";
import { lanczosEigs, powerIterationEigs, warmStartTopEig, type SymMatvec } from "../../lib/numerics/lanczos";
import { symEig } from "../../lib/numerics/linalg64";
import { topHessianEigs } from "../../lib/analysis/sharpness";
import { squareLoss } from "../../lib/train/losses";

/** A = Q diag(λ) Qᵀ with Q the eigenvectors of a random symmetric matrix (orthogonal to rounding). */
function withSpectrum(lam: number[], seed: number): { mv: SymMatvec; A: Float64Array } {
  const n = lam.length;
  const B = new Rng(seed).normals(n * n);
  const Q = symEig(B.map((_, k) => B[k] + B[Math.floor(k / n) + (k % n) * n]), n).vectors;
  const A = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] += lam[k] * Q[k][i] * Q[k][j];
  const mv = (v: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += A[i * n + j] * v[j];
    return out;
  };
  return { mv, A };
}

const close = (got: ArrayLike<number>, want: number[], tol: number): boolean => want.every((w, i) => Math.abs(got[i] - w) <= tol);

describe("numerics: eigensolvers and repeated eigenvalues (host)", () => {
  it("diag(3, 3, 1, 0.5), k = 2: Lanczos returns [3, 3], power iteration too", () => {
    const dg = [3, 3, 1, 0.5];
    const mv: SymMatvec = (v) => v.map((x, i) => dg[i] * x);
    const l = lanczosEigs(mv, 4, { k: 2 });
    assert.ok(l.converged && close(l.values, [3, 3], 1e-12), `Lanczos ${Array.from(l.values)} converged=${l.converged}`);
    const p = powerIterationEigs(mv, 4, { k: 2, tol: 1e-10, iters: 2000 });
    assert.ok(p.converged && close(p.values, [3, 3], 1e-9), `power ${Array.from(p.values)}`);
    const three = lanczosEigs(mv, 4, { k: 3, vectors: true });
    assert.ok(three.converged && close(three.values, [3, 3, 1], 1e-12), `k = 3: ${Array.from(three.values)}`);
    // The two Ritz vectors of 3 span the eigenspace {e1, e2} and are orthonormal.
    const [y0, y1] = three.vectors!;
    assert.ok(Math.abs(y0[0] * y1[0] + y0[1] * y1[1]) < 1e-10 && Math.abs(y0[2]) + Math.abs(y0[3]) + Math.abs(y1[2]) + Math.abs(y1[3]) < 1e-10);
  });

  it("a triple and a double eigenvalue at the top of a 60-dimensional spectrum (Lanczos, power)", () => {
    const rest = Array.from({ length: 55 }, (_, i) => 1.5 - i / 40);
    const lam = [5, 5, 5, 4, 4, ...rest];
    const { mv } = withSpectrum(lam, 3);
    for (const k of [2, 3, 4, 5, 6]) {
      const l = lanczosEigs(mv, 60, { k, tol: 1e-10, seed: k });
      assert.ok(l.converged && close(l.values, lam.slice(0, k), 1e-8), `Lanczos k = ${k}: ${Array.from(l.values)}`);
    }
    const p = powerIterationEigs(mv, 60, { k: 5, tol: 1e-9, iters: 3000 });
    assert.ok(p.converged && close(p.values, [5, 5, 5, 4, 4], 1e-8), `power: ${Array.from(p.values)}`);
    // A negative eigenvalue repeated: Lanczos's k algebraically largest ignore it.
    const neg = withSpectrum([-9, -9, ...lam.slice(0, 58)], 4);
    const ln = lanczosEigs(neg.mv, 60, { k: 4, tol: 1e-10 });
    assert.ok(close(ln.values, [5, 5, 5, 4], 1e-8), `${Array.from(ln.values)}`);
  });

  it("never reports convergence for a wrong spectrum (random spectra with repeats, small budgets)", () => {
    const r = new Rng(11);
    let claimed = 0;
    let declined = 0;
    for (let trial = 0; trial < 24; trial++) {
      const n = 30;
      // Values on a coarse grid, so repeats are common; sorted descending.
      const lam = Array.from({ length: n }, () => Math.round(r.uniform() * 6) / 2).sort((a, b) => b - a);
      const { mv } = withSpectrum(lam, 100 + trial);
      const k = 1 + (trial % 5);
      const iters = [k + 1, 8, 30][trial % 3];
      const res = lanczosEigs(mv, n, { k, iters, tol: 1e-8, seed: trial });
      if (res.converged) {
        claimed++;
        assert.ok(close(res.values, lam.slice(0, k), 1e-6), `trial ${trial}: claimed ${Array.from(res.values)} for ${lam.slice(0, k)}`);
      } else declined++;
    }
    // Both outcomes occur, so the property is tested on each side.
    assert.ok(claimed > 5 && declined > 0, `claimed ${claimed}, declined ${declined}`);
  });

  it("warmStartTopEig: the top value of a repeated eigenvalue and a vector inside its eigenspace", () => {
    const dg = [3, 1, 3, 0.5, 3, 0.2];
    const mv: SymMatvec = (v) => v.map((x, i) => dg[i] * x);
    const w = warmStartTopEig(mv, 6, null, { steps: 6 });
    assert.ok(Math.abs(w.value - 3) < 1e-12, `${w.value}`);
    const outside = Math.hypot(w.vector[1], w.vector[3], w.vector[5]);
    assert.ok(outside < 1e-8, `component outside the eigenspace ${outside}`);
    // A warm start from inside the eigenspace stays there.
    const again = warmStartTopEig(mv, 6, w.vector, { steps: 3, jitter: 0.01 });
    assert.ok(Math.abs(again.value - 3) < 1e-9);
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`analysis: top Hessian eigenvalues of a two-output linear model (${backend})`, () => {
    before(async () => {
      await useBackend(backend);
    });

    it("topHessianEigs sees every eigenvalue of (XᵀX/n) ⊗ I₂ twice (Lanczos and power)", async () => {
      const n = 300;
      const d = 80;
      // Seed 1: single-vector Lanczos alone returns [λ1, λ2] here and says it converged.
      const r = new Rng(1);
      const Xh = Float64Array.from(Float32Array.from(r.normals(n * d)));
      const X = tf.tensor2d(Float32Array.from(Xh), [n, d]);
      const Y = tf.tensor2d(Float32Array.from(r.normals(n * 2)), [n, 2]);
      const W = tf.tensor2d(Float32Array.from(r.normals(d * 2, 0, 0.1)), [d, 2]);
      // L(W) = (1/2n) Σ_i ‖x_iᵀW − y_i‖²: its Hessian is XᵀX/n on each output column.
      const lossFn = (ps: tf.Tensor[]): tf.Scalar => squareLoss(tf.matMul(X, ps[0] as tf.Tensor2D), Y);
      const G = new Float64Array(d * d);
      for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) G[a * d + b] += (Xh[i * d + a] * Xh[i * d + b]) / n;
      const g = symEig(G, d).values;
      const want = [g[0], g[0], g[1], g[1]];
      const lan = await noLeak(() => topHessianEigs(lossFn, [W], { k: 4, seed: 1 }));
      // float32 Hessian-vector products: eigenvalues within ~1e-6·‖H‖ (Weyl); allow 1e-5·‖H‖.
      assert.ok(lan.converged && close(lan.values, want, 1e-5 * g[0]), `Lanczos ${Array.from(lan.values)} vs ${want}`);
      const two = topHessianEigs(lossFn, [W], { k: 2, seed: 2 });
      assert.ok(two.converged && close(two.values, want.slice(0, 2), 1e-5 * g[0]), `k = 2: ${Array.from(two.values)}`);
      const pow = topHessianEigs(lossFn, [W], { k: 2, method: "power", seed: 3, iters: 3000, tol: 1e-5 });
      assert.ok(close(pow.values, want.slice(0, 2), 1e-4 * g[0]), `power ${Array.from(pow.values)}`);
      tf.dispose([X, Y, W]);
    });
  });
}
