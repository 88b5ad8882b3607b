/**
 * npm run bench:linalg — the float64 dense linear algebra of lib/numerics against ml-matrix, at the
 * sizes the notebooks use. It is the measurement behind each choice: the library is used where it
 * is as fast or faster (full SVD, general solves), and the symmetric eigensolver and Cholesky
 * factorisation are kept where ml-matrix is measurably slower. Runs alternate between the two
 * implementations so that a busy machine slows both alike; medians of MLT_BENCH_REPEATS (default 7)
 * after a warm-up. Writes build/bench-linalg.json.
 */
import * as fs from "fs";
import * as path from "path";
import { CholeskyDecomposition, EigenvalueDecomposition, LuDecomposition } from "ml-matrix";
import { Rng } from "../lib/runtime/rng";
import { symEig } from "../lib/numerics/linalg64";
import { cholesky, choleskySolve } from "../lib/numerics/cholesky64";
import { toMlMatrix } from "../lib/numerics/solve64";

const REPEATS = Number(process.env.MLT_BENCH_REPEATS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Median times of a and b, run alternately. */
function pair(a: () => void, b: () => void, repeats = REPEATS): [number, number] {
  a();
  b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let t0 = performance.now();
    a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    b();
    tb.push(performance.now() - t0);
  }
  return [median(ta), median(tb)];
}

function symmetric(n: number): Float64Array {
  const r = new Rng(n).normals(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (r[i * n + j] + r[j * n + i]) / 2;
  return A;
}

function spd(n: number): Float64Array {
  const r = new Rng(n + 1).normals(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = i === j ? 0.1 : 0;
    for (let k = 0; k < n; k++) s += (r[i * n + k] * r[j * n + k]) / n;
    A[i * n + j] = A[j * n + i] = s;
  }
  return A;
}

interface Row {
  case: string;
  n: number;
  ours_ms: number;
  mlmatrix_ms: number;
}

const rows: Row[] = [];
const add = (c: string, n: number, [ours, lib]: [number, number]): void => {
  rows.push({ case: c, n, ours_ms: ours, mlmatrix_ms: lib });
  console.log(`${c.padEnd(38)} n = ${String(n).padStart(4)}   numerics ${ours.toFixed(2).padStart(9)} ms   ml-matrix ${lib.toFixed(2).padStart(9)} ms   ml-matrix/numerics ${(lib / ours).toFixed(2)}`);
};

const sizes = (process.env.MLT_BENCH_SIZES ?? "32,128,256,512").split(",").map(Number);
for (const n of sizes) {
  const A = symmetric(n);
  const evd = (): unknown => new EigenvalueDecomposition(toMlMatrix(A, n, n), { assumeSymmetric: true });
  add("symmetric eigendecomposition", n, pair(() => symEig(A, n), evd));
  add("symmetric eigenvalues only", n, pair(() => symEig(A, n, { vectors: false }), evd));
}
for (const n of [...sizes, 1024]) {
  const A = spd(n);
  const b = new Rng(2).normals(n);
  add("Cholesky factorisation", n, pair(() => cholesky(A, n), () => new CholeskyDecomposition(toMlMatrix(A, n, n)), n >= 1024 ? 3 : REPEATS));
  const L = cholesky(A, n);
  const dec = new CholeskyDecomposition(toMlMatrix(A, n, n));
  const B = toMlMatrix(b, n, 1);
  add("Cholesky solve (one right-hand side)", n, pair(() => choleskySolve(L, n, b), () => dec.solve(B), 5 * REPEATS));
  add("SPD solve: Cholesky vs LU", n, pair(() => choleskySolve(cholesky(A, n), n, b), () => new LuDecomposition(toMlMatrix(A, n, n)).solve(B), n >= 1024 ? 3 : REPEATS));
}

const out = path.resolve(__dirname, "../build/bench-linalg.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, repeats: REPEATS, rows }, null, 2) + "\n");
console.log(`written to ${path.relative(process.cwd(), out)}`);
