import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng, deriveSeed } from "../../lib/runtime/rng";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

describe("Rng", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = new Rng(42).normals(100);
    const b = new Rng(42).normals(100);
    const c = new Rng(43).normals(100);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("derives child streams that depend only on the seed and the label", () => {
    const r1 = new Rng(7);
    r1.uniform(); // consuming the parent does not change its children
    const c1 = r1.child("x", 3).uniforms(5);
    const c2 = new Rng(7).child("x", 3).uniforms(5);
    assert.deepEqual(c1, c2);
    assert.notDeepEqual(c1, new Rng(7).child("x", 4).uniforms(5));
    assert.notEqual(deriveSeed(1, "a"), deriveSeed(2, "a"));
  });

  it("draws uniforms and normals with the right moments", () => {
    // Monte Carlo tolerance: 5 standard errors for n = 200000 draws (sd/√n ≈ 0.0022 for N(0,1)).
    const n = 200000;
    const u = new Rng(1).uniforms(n);
    const z = new Rng(2).normals(n);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const varOf = (x: Float64Array) => {
      const m = mean(x);
      return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
    };
    assert.ok(Math.abs(mean(u) - 0.5) < 5 * Math.sqrt(1 / 12 / n));
    assert.ok(Math.abs(varOf(u) - 1 / 12) < 5 * 0.0745 / Math.sqrt(n)); // sd of (U−½)² is ≈ 0.0745
    assert.ok(Math.abs(mean(z)) < 5 / Math.sqrt(n));
    assert.ok(Math.abs(varOf(z) - 1) < 5 * Math.sqrt(2 / n));
    assert.ok(u.every((v) => v >= 0 && v < 1));
  });

  it("makes valid permutations and integers in range", () => {
    const p = new Rng(3).permutation(1000);
    assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
    const r = new Rng(4);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
    }
  });

  it("rejects a bad seed with a clear message", () => {
    assert.throws(() => new Rng(-1), /seed must be an integer ≥ 0, got -1/);
    assert.throws(() => new Rng(1.5), /seed must be an integer/);
  });

  for (const be of TEST_BACKENDS) {
    describe(`tensors on ${be}`, () => {
      before(() => useBackend(be));
      it("creates the same tensor values on every backend", async () => {
        await noLeak(() => {
          const t = new Rng(5).normalTensor([4, 3], 2);
          assert.deepEqual(t.shape, [4, 3]);
          const expected = Float32Array.from(new Rng(5).normals(12, 0, 2));
          assert.deepEqual(t.dataSync(), expected);
          t.dispose();
        });
        assert.equal(tf.getBackend(), be);
      });
    });
  }
});
