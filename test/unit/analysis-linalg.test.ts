/**
 * Float64 linear algebra against reconstructions: A ≈ V Λ Vᵀ with VᵀV = I, A ≈ U Σ Vᵀ with
 * orthonormal U and V, and Cholesky solve residuals. Pure host code (no tensors), so it runs once,
 * not per backend. Tolerances: backward-stable float64 algorithms give residuals ≈ c·n·ε·‖A‖ with
 * ε = 2.2e-16 and c a small constant; we allow 1e-12·‖A‖ for n ≤ 150.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../lib/runtime/rng";
import { symEig } from "../../lib/numerics/linalg64";
import { svdTopK, svdFull } from "../../lib/numerics/svd64";
import { cholesky, choleskySolve, NotPositiveDefiniteError } from "../../lib/numerics/cholesky64";

function randomSym(n: number, seed: number): Float64Array {
  const B = new Rng(seed).normals(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = B[i * n + j] + B[j * n + i];
  return A;
}

const maxAbs = (v: ArrayLike<number>): number => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

function orthoError(V: Float64Array[]): number {
  let e = 0;
  for (let i = 0; i < V.length; i++) for (let j = 0; j < V.length; j++) {
    let s = 0;
    for (let t = 0; t < V[i].length; t++) s += V[i][t] * V[j][t];
    e = Math.max(e, Math.abs(s - (i === j ? 1 : 0)));
  }
  return e;
}

describe("analysis linalg64 (host)", () => {
  it("symEig reconstructs A = V Λ Vᵀ with orthonormal V, values descending", () => {
    for (const n of [1, 2, 7, 40, 150]) {
      const A = randomSym(n, n);
      const { values, vectors } = symEig(A, n);
      for (let j = 1; j < n; j++) assert.ok(values[j - 1] >= values[j]);
      assert.ok(orthoError(vectors) < 1e-12, `n=${n} orthogonality`);
      let err = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += values[k] * vectors[k][i] * vectors[k][j];
        err = Math.max(err, Math.abs(s - A[i * n + j]));
      }
      assert.ok(err < 1e-12 * Math.max(1, maxAbs(values)), `n=${n} reconstruction error ${err}`);
      // Values-only mode gives the same values.
      const v2 = symEig(A, n, { vectors: false }).values;
      assert.ok(maxAbs(v2.map((x, i) => x - values[i])) < 1e-12 * Math.max(1, maxAbs(values)));
    }
  });

  it("symEig: known spectra (2×2, diagonal with repeats, rank one)", () => {
    const r = symEig([2, 1, 1, 2], 2);
    assert.ok(Math.abs(r.values[0] - 3) < 1e-15 && Math.abs(r.values[1] - 1) < 1e-15);
    assert.ok(Math.abs(Math.abs(r.vectors[0][0]) - Math.SQRT1_2) < 1e-15);
    const D = symEig([[3, 0, 0], [0, 3, 0], [0, 0, -1]], 3);
    assert.deepEqual(Array.from(D.values), [3, 3, -1]);
    const u = [1, 2, 3];
    const R = symEig(u.flatMap((a) => u.map((b) => a * b)), 3).values;
    assert.ok(Math.abs(R[0] - 14) < 1e-13 && Math.abs(R[1]) < 1e-13 && Math.abs(R[2]) < 1e-13);
    assert.throws(() => symEig([1, 2, 3], 2), /must hold 2×2/);
  });

  it("svdTopK (gram and subspace) and svdFull agree and reconstruct", () => {
    const rows = 90;
    const cols = 35;
    const A = new Rng(4).normals(rows * cols);
    const full = svdFull(A, rows, cols);
    assert.ok(orthoError(full.U) < 1e-12 && orthoError(full.V) < 1e-12);
    let err = 0;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += full.values[k] * full.U[k][i] * full.V[k][j];
      err = Math.max(err, Math.abs(s - A[i * cols + j]));
    }
    assert.ok(err < 1e-12 * full.values[0], `svdFull reconstruction ${err}`);
    // Wide input goes through the transpose.
    const At = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) At[j * rows + i] = A[i * cols + j];
    const fullT = svdFull(At, cols, rows);
    assert.ok(maxAbs(fullT.values.map((s, i) => s - full.values[i])) < 1e-12 * full.values[0]);
    for (const [method, tol] of [["gram", 1e-12], ["subspace", 1e-7]] as const) {
      for (const [M, r, c] of [[A, rows, cols], [At, cols, rows]] as const) {
        const top = svdTopK(M, r, c, 4, { method, tol: 1e-14, iters: 500 });
        // Relative error of σ_j: "gram" ≈ ε·σ_1²/σ_j²; "subspace" stops on the change of the values,
        // converging like (σ_{k+p+1}/σ_j)^{2·iters}; both far inside the tolerance used.
        assert.ok(maxAbs(top.values.map((s, i) => s - full.values[i])) < tol * full.values[0], `${method} values`);
        for (let j = 0; j < 4; j++) {
          // A v_j = σ_j u_j
          let res = 0;
          for (let i = 0; i < r; i++) {
            let s = 0;
            for (let t = 0; t < c; t++) s += M[i * c + t] * top.V[j][t];
            res = Math.max(res, Math.abs(s - top.values[j] * top.U[j][i]));
          }
          assert.ok(res < 1e-6 * full.values[0], `${method} residual ${res}`);
        }
        assert.ok(orthoError(top.U) < 1e-8 && orthoError(top.V) < 1e-8);
      }
    }
  });

  it("cholesky: L Lᵀ = A, solve residual, clear error for indefinite input, jitter", () => {
    const n = 50;
    const G = new Rng(8).normals(n * n);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += G[i * n + k] * G[j * n + k];
      A[i * n + j] = s;
    }
    const L = cholesky(A, n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L[i * n + j], 0);
    const b = new Rng(9).normals(n * 2);
    const x = choleskySolve(L, n, b, 2);
    let res = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * x[j * 2 + c];
      res = Math.max(res, Math.abs(s - b[i * 2 + c]));
    }
    // Backward error ≈ n·ε·‖A‖‖x‖.
    assert.ok(res < 1e-10 * maxAbs(A) * Math.max(1, maxAbs(x)), `residual ${res}`);
    assert.throws(() => cholesky([1, 2, 2, 1], 2), (e: unknown) => e instanceof NotPositiveDefiniteError && e.row === 1 && /not positive definite/.test(e.message));
    // Singular PSD: fails without jitter, succeeds with.
    assert.throws(() => cholesky([1, 1, 1, 1], 2), NotPositiveDefiniteError);
    const Lj = cholesky([1, 1, 1, 1], 2, { jitter: 1e-8 });
    // L Lᵀ = A + 1e-8·I to rounding; the last pivot is ≈ √(2e-8).
    assert.ok(Math.abs(Lj[2] * Lj[2] + Lj[3] * Lj[3] - (1 + 1e-8)) < 1e-15 && Math.abs(Lj[3] - Math.sqrt(2e-8)) < 1e-12);
  });
});
