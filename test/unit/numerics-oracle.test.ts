/**
 * The float64 solvers of numerics/ against an implementation that shares no code with them: mathjs's
 * own eigs (Jacobi rotations for symmetric input), lusolve and inv, on small random matrices.
 * Tolerances are float64 backward-error bounds: a few hundred ε times the matrix's size and condition.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../lib/runtime/rng";
import { symEig, lambdaMin64 } from "../../lib/numerics/linalg64";
import { solve64 } from "../../lib/numerics/solve64";
import { svdFull, svdTopK } from "../../lib/numerics/svd64";
import { cholesky, choleskySolve } from "../../lib/numerics/cholesky64";
import { lanczosEigs, powerIterationEigs } from "../../lib/numerics/lanczos";

// mathjs is an ES module: loaded with a dynamic import, its types follow.
const loadMathJs = () => import("mathjs");
let math: Awaited<ReturnType<typeof loadMathJs>>;

const EPS = 2 ** -52;
const maxAbs = (xs: ArrayLike<number>): number => Array.from(xs).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const rows = (A: Float64Array, n: number, c = n): number[][] => Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * c, (i + 1) * c)));

function symmetric(n: number, r: Rng): Float64Array {
  const B = r.normals(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (B[i * n + j] + B[j * n + i]) / 2;
  return A;
}

function spd(n: number, r: Rng): Float64Array {
  const B = r.normals(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? 0.5 : 0;
    for (let k = 0; k < n; k++) s += (B[i * n + k] * B[j * n + k]) / n;
    A[i * n + j] = s;
  }
  return A;
}

describe("numerics against mathjs (independent oracle)", () => {
  before(async () => {
    math = await loadMathJs();
  });

  it("symEig: eigenvalues and eigenvectors agree with mathjs.eigs", () => {
    const r = new Rng(21);
    for (const n of [2, 3, 5, 8, 12]) {
      const A = symmetric(n, r);
      const ours = symEig(A, n);
      const theirs = math.eigs(rows(A, n));
      const vals = (theirs.values as number[]).slice().sort((a, b) => b - a);
      const scale = maxAbs(vals);
      for (let j = 0; j < n; j++) assert.ok(Math.abs(ours.values[j] - vals[j]) <= 100 * n * EPS * scale, `n = ${n}, λ${j}: ${ours.values[j]} vs ${vals[j]}`);
      // Eigenvectors of (almost surely) simple eigenvalues agree up to sign: |⟨v, w⟩| = 1.
      for (const { value, vector } of theirs.eigenvectors) {
        const j = ours.values.reduce((b, v, i) => (Math.abs(v - (value as number)) < Math.abs(ours.values[b] - (value as number)) ? i : b), 0);
        const w = vector as number[];
        const c = Math.abs(ours.vectors[j].reduce((s, v, i) => s + v * w[i], 0)) / Math.hypot(...w);
        assert.ok(Math.abs(c - 1) < 1e-9, `n = ${n}: |⟨v, w⟩| = ${c}`);
      }
      assert.ok(Math.abs(lambdaMin64(A, n) - vals[n - 1]) <= 100 * n * EPS * scale);
    }
  });

  it("solve64 and cholesky/choleskySolve agree with mathjs.lusolve; solve64 against I gives mathjs.inv", () => {
    const r = new Rng(22);
    for (const n of [1, 2, 4, 7, 10]) {
      const A = spd(n, r);
      const b = r.normals(n * 2);
      // mathjs.lusolve takes one right-hand side (a column) at a time.
      const cols = [0, 1].map((c) => (math.lusolve(rows(A, n), Array.from({ length: n }, (_, i) => [b[i * 2 + c]])) as number[][]).flat());
      const ref = Array.from({ length: n }, (_, i) => [cols[0][i], cols[1][i]]);
      const x1 = solve64(A, n, b, 2);
      const x2 = choleskySolve(cholesky(A, n), n, b, 2);
      const scale = maxAbs(ref.flat());
      const cond = 1e3; // the SPD matrices here have condition numbers below ~1e2
      assert.ok(maxAbs(x1.map((v, k) => v - ref[Math.floor(k / 2)][k % 2])) <= cond * n * EPS * scale, `solve64 n = ${n}`);
      assert.ok(maxAbs(x2.map((v, k) => v - ref[Math.floor(k / 2)][k % 2])) <= cond * n * EPS * scale, `cholesky n = ${n}`);
      const inv = math.inv(rows(A, n)) as number[][];
      const I = new Float64Array(n * n);
      for (let i = 0; i < n; i++) I[i * n + i] = 1;
      const ours = solve64(A, n, I, n);
      assert.ok(maxAbs(ours.map((v, k) => v - inv[Math.floor(k / n)][k % n])) <= cond * n * EPS * maxAbs(inv.flat()), `inverse n = ${n}`);
    }
    // A non-symmetric system that needs pivoting (a zero in the first pivot position).
    const A = [0, 2, 1, 1, 1, 0, 3, 0, 1];
    const x = solve64(A, 3, [3, 2, 4]);
    const ref = (math.lusolve(rows(Float64Array.from(A), 3), [[3], [2], [4]]) as number[][]).flat();
    assert.ok(maxAbs(x.map((v, i) => v - ref[i])) < 1e-14, `${Array.from(x)} vs ${ref}`);
    assert.throws(() => solve64([1, 2, 2, 4], 2, [1, 1]), /singular/);
  });

  it("svdFull and svdTopK: σ² are the eigenvalues of AᵀA by mathjs.eigs; A = U Σ Vᵀ", () => {
    const r = new Rng(23);
    for (const [m, n] of [[3, 2], [6, 4], [4, 6], [9, 9]] as const) {
      const A = r.normals(m * n);
      const s = svdFull(A, m, n);
      const AtA = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
        let t = 0;
        for (let k = 0; k < m; k++) t += A[k * n + i] * A[k * n + j];
        return t;
      }));
      const ev = (math.eigs(AtA).values as number[]).slice().sort((a, b) => b - a);
      const p = Math.min(m, n);
      for (let j = 0; j < p; j++) assert.ok(Math.abs(s.values[j] ** 2 - ev[j]) <= 1e-12 * ev[0], `${m}×${n} σ${j}² ${s.values[j] ** 2} vs ${ev[j]}`);
      let err = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < p; k++) t += s.U[k][i] * s.values[k] * s.V[k][j];
        err = Math.max(err, Math.abs(t - A[i * n + j]));
      }
      assert.ok(err <= 1e-13 * s.values[0], `${m}×${n} reconstruction ${err}`);
      const top = svdTopK(A, m, n, 2, { method: "gram" });
      assert.ok(Math.abs(top.values[0] - s.values[0]) <= 1e-13 * s.values[0] && Math.abs(top.values[1] - s.values[1]) <= 1e-10 * s.values[0]);
    }
  });

  it("Lanczos and power iteration: the top of mathjs.eigs' spectrum", () => {
    const r = new Rng(24);
    const n = 14;
    const A = symmetric(n, r);
    const ev = (math.eigs(rows(A, n)).values as number[]).slice().sort((a, b) => b - a);
    const mv = (v: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, i) => A.subarray(i * n, (i + 1) * n).reduce((s, a, j) => s + a * v[j], 0));
    const l = lanczosEigs(mv, n, { k: 3, tol: 1e-12 });
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(l.values[j] - ev[j]) <= 1e-10 * maxAbs(ev), `λ${j} ${l.values[j]} vs ${ev[j]}`);
    const big = Math.abs(ev[0]) >= Math.abs(ev[n - 1]) ? ev[0] : ev[n - 1];
    const p = powerIterationEigs(mv, n, { k: 1, tol: 1e-10, iters: 20000 });
    assert.ok(Math.abs(p.values[0] - big) <= 1e-8 * maxAbs(ev), `power ${p.values[0]} vs ${big}`);
  });
});
