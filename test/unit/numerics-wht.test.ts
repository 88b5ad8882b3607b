/**
 * The fast Walsh–Hadamard transform against its O(N²) definition, the batched (columns) form against
 * column-by-column transforms, the involution H² = N·I, Parseval, and the parity helper.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fwht, walshCoefficients, parityValue } from "../../lib/numerics/wht";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";

function popcountParity(v: number, k: number): number {
  let c = 0;
  for (let x = v & k; x; x >>>= 1) c += x & 1;
  return c % 2 ? -1 : 1;
}

/** (Hg)[v] = Σ_k (−1)^{popcount(v AND k)} g[k], by definition. */
function slowWht(g: Float64Array): Float64Array {
  const n = g.length;
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) for (let k = 0; k < n; k++) out[v] += popcountParity(v, k) * g[k];
  return out;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}

describe("Walsh–Hadamard transform", () => {
  it("equals the O(N²) definition for d = 0 … 9", () => {
    const rng = new Rng(1);
    for (let d = 0; d <= 9; d++) {
      const g = rng.normals(2 ** d);
      const want = slowWht(g);
      const got = fwht(Float64Array.from(g));
      // Both are sums of N terms of size ~1 in float64: rounding ~N·2⁻⁵³ ≈ 1e-13 at N = 512.
      assert.ok(maxAbs(got, want) < 1e-11, `d = ${d}: ${maxAbs(got, want)}`);
    }
  });

  it("the columns form transforms every column of a row-major matrix", () => {
    const rng = new Rng(2);
    const n = 64;
    const P = 5;
    const G = rng.normals(n * P);
    const T = fwht(Float64Array.from(G), { columns: P });
    for (let p = 0; p < P; p++) {
      const col = Float64Array.from({ length: n }, (_, k) => G[k * P + p]);
      const want = slowWht(col);
      for (let v = 0; v < n; v++) assert.ok(Math.abs(T[v * P + p] - want[v]) < 1e-11);
    }
  });

  it("is an involution up to N, and walshCoefficients satisfy Parseval and inversion", () => {
    const rng = new Rng(3);
    const g = rng.normals(256);
    const twice = fwht(fwht(Float64Array.from(g)));
    assert.ok(maxAbs(twice.map((x) => x / 256), g) < 1e-12);
    const c = walshCoefficients(g);
    const energy = g.reduce((s, x) => s + x * x, 0) / 256;
    const parseval = c.reduce((s, x) => s + x * x, 0);
    assert.ok(Math.abs(parseval - energy) < 1e-12 * energy);
    // g(x_k) = Σ_v ĝ(v) χ_v(x_k)
    for (const k of [0, 17, 255]) {
      let s = 0;
      for (let v = 0; v < 256; v++) s += c[v] * parityValue(v, k);
      assert.ok(Math.abs(s - g[k]) < 1e-12);
    }
    assert.deepEqual(Array.from(walshCoefficients([1, -1, 1, -1])), [0, 1, 0, 0]);
    assert.deepEqual(Array.from(fwht(Float64Array.from([1, 2, 3, 4]))), [10, -2, -4, 0]);
  });

  it("parityValue is (−1)^{popcount(v AND k)}", () => {
    const rng = new Rng(4);
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(2 ** 30);
      const k = rng.int(2 ** 30);
      assert.equal(parityValue(v, k), popcountParity(v, k));
    }
  });

  it("validation errors name the argument", () => {
    const isVE = (re: RegExp) => (e: unknown) => e instanceof ValidationError && re.test(e.message);
    assert.throws(() => fwht(new Float64Array(6)), isVE(/power-of-two/));
    assert.throws(() => fwht([1, 2] as unknown as Float64Array), isVE(/Float64Array/));
    assert.throws(() => fwht(new Float64Array(12), { columns: 5 }), isVE(/columns/));
    assert.throws(() => fwht(new Float64Array(12), { columns: 4 }), isVE(/rows/));
    assert.throws(() => walshCoefficients([1, 2, 3]), isVE(/power-of-two/));
  });
});
