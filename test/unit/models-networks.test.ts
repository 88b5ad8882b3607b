/**
 * Two-layer networks, MLPs and parameter trees: forward passes against float64 references,
 * initialisations against their laws, validation errors, and a tanh-MLP Hessian-vector product
 * against float64 finite differences (the case tfjs's own tanh gradient gets wrong).
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";
import {
  twoLayer,
  mlp,
  activation,
  flattenParams,
  unflattenParams,
  paramPaths,
  paramsToVector,
  vectorToParams,
  disposeParams,
  countParams,
} from "../../lib/models";
import type { ActivationName, MlpParams, Scaling } from "../../lib/models";
import { Rng } from "../../lib/runtime/rng";
import { ValidationError } from "../../lib/runtime/errors";

function arr2(t: tf.Tensor): number[][] {
  return t.arraySync() as number[][];
}

/** float64 two-layer forward: c Σ_j a_j σ(Σ_k x_k W_kj + b_j). */
function twoLayerRef(X: number[][], W: number[][], a: number[], b: number[] | null, c: number, s: (z: number) => number): number[] {
  return X.map((x) => {
    let f = 0;
    for (let j = 0; j < a.length; j++) {
      let z = b ? b[j] : 0;
      for (let k = 0; k < x.length; k++) z += x[k] * W[k][j];
      f += a[j] * s(z);
    }
    return c * f;
  });
}

/** float64 MLP forward and square loss (1/2n)Σ‖f − y‖², from a flat parameter vector laid out like flattenParams. */
function mlpLossRef(sizes: number[], theta: Float64Array, X: number[][], Y: number[][], s: (z: number) => number): number {
  // flattenParams order for MlpParams: biases.0 … biases.{L-1}, weights.0 … weights.{L-1}
  const L = sizes.length - 1;
  let off = 0;
  const biases: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    biases.push(theta.subarray(off, off + sizes[l + 1]));
    off += sizes[l + 1];
  }
  const weights: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    weights.push(theta.subarray(off, off + sizes[l] * sizes[l + 1]));
    off += sizes[l] * sizes[l + 1];
  }
  let loss = 0;
  X.forEach((x, i) => {
    let h = x.slice();
    for (let l = 0; l < L; l++) {
      const out = new Array<number>(sizes[l + 1]).fill(0);
      for (let j = 0; j < sizes[l + 1]; j++) {
        let z = biases[l][j];
        for (let k = 0; k < sizes[l]; k++) z += h[k] * weights[l][k * sizes[l + 1] + j];
        out[j] = l < L - 1 ? s(z) : z;
      }
      h = out;
    }
    h.forEach((v, j) => (loss += (v - Y[i][j]) ** 2));
  });
  return loss / (2 * X.length);
}

for (const be of TEST_BACKENDS) {
  describe(`two-layer networks on ${be}`, () => {
    before(() => useBackend(be));

    const cases: [ActivationName, Scaling, boolean][] = [
      ["relu", "meanField", false],
      ["tanh", "ntk", true],
      ["erf", "standard", true],
      ["sigmoid", "meanField", true],
    ];
    for (const [act, scaling, bias] of cases) {
      it(`apply matches a float64 reference (${act}, ${scaling}, bias ${bias})`, async () => {
        const d = 4;
        const m = 30;
        const net = twoLayer({ d, m, activation: act, scaling, bias, init: { b: { gaussian: 0.5 } } });
        const c = scaling === "meanField" ? 1 / m : scaling === "ntk" ? 1 / Math.sqrt(m) : 1;
        assert.equal(net.c, c);
        await noLeak(() => {
          const p = net.init(3);
          const X = new Rng(7).normalTensor([6, d]);
          const f = net.apply(p, X);
          const ref = twoLayerRef(arr2(X), arr2(p.W), Array.from(p.a.dataSync()), p.b ? Array.from(p.b.dataSync()) : null, c, activation(act).scalar);
          // float32 sums of m = 30 products of O(1) terms: relative error ~ √m·2⁻²⁴ ≈ 3e-7; 1e-5 is a safe bound.
          const out = f.dataSync();
          ref.forEach((r, i) => assert.ok(Math.abs(out[i] - r) <= 1e-5 * Math.max(1, Math.abs(r) * m * c), `f[${i}] = ${out[i]}, ref ${r}`));
          tf.dispose([f, X]);
          disposeParams(p);
        });
      });
    }

    it("initialisations follow their laws", () => {
      const d = 20;
      const m = 500;
      tf.tidy(() => {
        // sphere: every column has unit norm (float32 rounding ~1e-7).
        const ps = twoLayer({ d, m, init: { W: "sphere", a: "signs" } }).init(1);
        const norms = tf.sqrt(tf.sum(tf.square(ps.W), 0)).dataSync();
        for (const v of norms) assert.ok(Math.abs(v - 1) < 1e-5);
        // signs: entries ±1; count of +1 ~ Binomial(m, 1/2): within 4 sd = 4·√m/2.
        const a = ps.a.dataSync();
        let plus = 0;
        for (const v of a) {
          assert.ok(v === 1 || v === -1);
          if (v === 1) plus++;
        }
        assert.ok(Math.abs(plus - m / 2) < 4 * Math.sqrt(m) / 2, `${plus} of ${m} signs are +1`);
        // default W ~ N(0, 1/d): the sample variance of N = d·m draws has relative sd √(2/N) ≈ 1.4 %; allow 4 sd.
        const pg = twoLayer({ d, m, init: { a: { uniform: [-2, 2] } } }).init(2);
        const varW = tf.mean(tf.square(pg.W)).dataSync()[0];
        assert.ok(Math.abs(varW * d - 1) < 4 * Math.sqrt(2 / (d * m)), `var(W)·d = ${varW * d}`);
        const au = pg.a.dataSync();
        for (const v of au) assert.ok(v >= -2 && v < 2);
        // zero a, gaussian b with given std
        const pz = twoLayer({ d, m, bias: true, init: { a: "zero", b: { gaussian: 2 } } }).init(3);
        assert.equal(tf.max(tf.abs(pz.a)).dataSync()[0], 0);
        const varB = tf.mean(tf.square(pz.b!)).dataSync()[0];
        assert.ok(Math.abs(varB / 4 - 1) < 4 * Math.sqrt(2 / m), `var(b) = ${varB}`);
      });
    });

    it('"pytorch" initialisation: every weight and bias U(−1/√fan_in, 1/√fan_in), output bias added by apply', () => {
      const d = 20;
      const m = 400;
      tf.tidy(() => {
        const net = twoLayer({ d, m, scaling: "standard", bias: true, outputBias: true, init: "pytorch" });
        assert.deepEqual(net.trainableKeys, ["W", "a", "b", "b0"]);
        const p = net.init(7);
        // Range: |θ| ≤ 1/√fan_in; variance of U(−r, r) is r²/3. The sample variance of N draws of a
        // uniform has relative sd √(4/(5N)) (kurtosis 9/5); allow 4 sd.
        const law = (t: tf.Tensor, r: number, name: string) => {
          const v = t.dataSync();
          for (const x of v) assert.ok(Math.abs(x) <= r * (1 + 1e-6), `${name}: ${x} outside ±${r}`);
          if (v.length > 1) {
            const ms = Array.from(v).reduce((s, x) => s + x * x, 0) / v.length;
            assert.ok(Math.abs(ms / (r * r / 3) - 1) < 4 * Math.sqrt(4 / (5 * v.length)), `${name}: mean square ${ms}`);
          }
        };
        law(p.W, 1 / Math.sqrt(d), "W");
        law(p.b!, 1 / Math.sqrt(d), "b");
        law(p.a, 1 / Math.sqrt(m), "a");
        law(p.b0!, 1 / Math.sqrt(m), "b0");
        const X = new Rng(1).normalTensor([5, d]);
        const withBias = net.apply(p, X).dataSync();
        const without = twoLayer({ d, m, scaling: "standard", bias: true }).apply({ W: p.W, a: p.a, b: p.b }, X).dataSync();
        const b0 = p.b0!.dataSync()[0];
        withBias.forEach((v, i) => assert.ok(Math.abs(v - without[i] - b0) < 1e-5, "h = Σ a relu(w·x + b) + b0"));
        assert.throws(() => net.apply({ W: p.W, a: p.a, b: p.b }, X), (e: unknown) => e instanceof ValidationError && /params\.b0/.test(e.message));
        assert.throws(() => twoLayer({ d, m, init: "torch" as "pytorch" }), (e: unknown) => e instanceof ValidationError && /init/.test(e.message));
      });
    });

    it("same seed gives identical parameters; another seed differs", () => {
      tf.tidy(() => {
        const net = twoLayer({ d: 3, m: 8, bias: true, init: { b: { gaussian: 1 } } });
        const p1 = paramsToVector(net.init(5)).dataSync();
        const p2 = paramsToVector(net.init(5)).dataSync();
        const p3 = paramsToVector(net.init(6)).dataSync();
        assert.deepEqual(Array.from(p1), Array.from(p2));
        assert.notDeepEqual(Array.from(p1), Array.from(p3));
      });
    });

    it("trainable 'outer' is the random feature model", () => {
      assert.deepEqual(twoLayer({ d: 2, m: 3, trainable: "outer" }).trainableKeys, ["a"]);
      assert.deepEqual(twoLayer({ d: 2, m: 3, bias: true }).trainableKeys, ["W", "a", "b"]);
    });

    it("validation errors name the argument", () => {
      const isVE = (re: RegExp) => (e: unknown) => e instanceof ValidationError && re.test(e.message);
      assert.throws(() => twoLayer({ d: 3, m: -5 }), isVE(/\bm\b.*width.*-5/));
      assert.throws(() => twoLayer({ d: 0, m: 5 }), isVE(/\bd\b/));
      assert.throws(() => twoLayer({ d: 3, m: 5, scaling: "mf" as Scaling }), isVE(/scaling/));
      assert.throws(() => twoLayer({ d: 3, m: 5, init: { a: { gaussian: -1 } } }), isVE(/init\.a/));
      const net = twoLayer({ d: 3, m: 5 });
      const p = net.init(0);
      const X = tf.zeros([4, 2]);
      assert.throws(() => net.apply(p, X), isVE(/X must have shape \[n, 3\].*\[4, 2\]/));
      const p2 = twoLayer({ d: 3, m: 6 }).init(0);
      const X3 = tf.zeros([4, 3]);
      assert.throws(() => net.apply(p2, X3), isVE(/params\.W/));
      tf.dispose([X, X3]);
      disposeParams(p);
      disposeParams(p2);
    });
  });

  describe(`MLP and parameter trees on ${be}`, () => {
    before(() => useBackend(be));

    it("apply matches a float64 reference; default init is LeCun N(0, 1/fan_in)", () => {
      tf.tidy(() => {
        const sizes = [5, 7, 6, 3];
        const net = mlp({ sizes, activation: "tanh" });
        const p = net.init(1);
        const X = new Rng(2).normalTensor([4, 5]);
        const Y = tf.zeros([4, 3]);
        const out = net.apply(p, X);
        assert.deepEqual(out.shape, [4, 3]);
        // loss at Y = 0 is (1/2n)Σ f², compared with the float64 reference forward pass.
        const theta = Float64Array.from(paramsToVector(p).dataSync());
        const ref = mlpLossRef(sizes, theta, arr2(X), arr2(Y), Math.tanh);
        const got = tf.div(tf.sum(tf.square(out)), 8).dataSync()[0];
        assert.ok(Math.abs(got - ref) < 1e-5 * Math.max(1, ref), `loss ${got} vs float64 ${ref}`);
        // LeCun: var(W_l)·fan_in ≈ 1; sample of N = 784·64 draws, relative sd √(2/N) ≈ 0.6 %, allow 4 sd.
        const big = mlp({ sizes: [784, 64, 10] }).init(0);
        const v = tf.mean(tf.square(big.weights[0])).dataSync()[0] * 784;
        assert.ok(Math.abs(v - 1) < 4 * Math.sqrt(2 / (784 * 64)), `var·fan_in = ${v}`);
        assert.equal(tf.max(tf.abs(big.biases[0])).dataSync()[0], 0);
      });
    });

    it("tanh MLP Hessian-vector product (grad of grad·v) matches float64 finite differences", async () => {
      const sizes = [3, 5, 4, 2];
      const net = mlp({ sizes, activation: "tanh" });
      await noLeak(() =>
        tf.tidy(() => {
          const p = net.init(11);
          const rng = new Rng(12);
          const X = rng.normalTensor([6, 3]);
          const Y = rng.normalTensor([6, 2]);
          const leaves = flattenParams(p);
          const v = leaves.map((t, i) => new Rng(100 + i).normalTensor(t.shape));
          const loss = (...ls: tf.Tensor[]) => {
            const f = net.apply(unflattenParams(p, ls), X);
            return tf.div(tf.sum(tf.square(tf.sub(f, Y))), 2 * 6) as tf.Scalar;
          };
          const gradDotV = (...ls: tf.Tensor[]) => {
            const g = tf.grads(loss)(ls);
            return tf.addN(g.map((gi, i) => tf.sum(tf.mul(gi, v[i])))) as tf.Scalar;
          };
          const hv = Float64Array.from(paramsToVector(unflattenParams(p, tf.grads(gradDotV)(leaves))).dataSync());
          // Oracle: (Hv)_i = ∂²L/∂θ_i∂ε at ε = 0 by mixed central differences in float64 with h = ε = 1e-4
          // (truncation ~1e-8, rounding ~1e-16/(h·ε) = 1e-8).
          const theta = Float64Array.from(paramsToVector(p).dataSync());
          const vv = Float64Array.from(paramsToVector(unflattenParams(p, v)).dataSync());
          const Xa = arr2(X);
          const Ya = arr2(Y);
          const L = (th: Float64Array) => mlpLossRef(sizes, th, Xa, Ya, Math.tanh);
          const h = 1e-4;
          const eps = 1e-4;
          let maxErr = 0;
          let maxRef = 0;
          for (let i = 0; i < theta.length; i++) {
            const at = (si: number, se: number) => {
              const th = theta.slice();
              for (let k = 0; k < th.length; k++) th[k] += se * eps * vv[k];
              th[i] += si * h;
              return L(th);
            };
            const ref = (at(1, 1) - at(-1, 1) - at(1, -1) + at(-1, -1)) / (4 * h * eps);
            maxErr = Math.max(maxErr, Math.abs(hv[i] - ref));
            maxRef = Math.max(maxRef, Math.abs(ref));
          }
          // float32 backprop through 3 layers of width ≤ 5 twice: relative error ~1e-6; tfjs's own tanh
          // gradient gives errors of order 1 here. Bound: 1e-4 of the largest entry.
          assert.ok(maxErr <= 1e-4 * maxRef, `HVP max error ${maxErr.toExponential(2)} vs max |Hv| ${maxRef.toExponential(2)}`);
        }),
      );
    });

    it("flatten / unflatten / vector round trips, paths in canonical order", async () => {
      const net = mlp({ sizes: [2, 3, 1] });
      const p = net.init(0);
      assert.deepEqual(paramPaths(p), ["biases.0", "biases.1", "weights.0", "weights.1"]);
      assert.equal(countParams(p), 3 + 1 + 6 + 3);
      await noLeak(() => {
        const vec = paramsToVector(p);
        const back = vectorToParams(p, vec) as MlpParams;
        const vec2 = paramsToVector(back);
        assert.deepEqual(Array.from(vec2.dataSync()), Array.from(vec.dataSync()));
        vec2.dispose();
        assert.deepEqual(back.weights[0].shape, [2, 3]);
        disposeParams(back);
        vec.dispose();
        tf.tidy(() => {
          const again = unflattenParams(p, flattenParams(p));
          assert.equal(again.weights[1], p.weights[1]);
        });
      });
      assert.throws(() => unflattenParams(p, flattenParams(p).slice(1)), ValidationError);
      disposeParams(p);
    });

    it("validation errors name the argument", () => {
      assert.throws(() => mlp({ sizes: [3] }), (e: unknown) => e instanceof ValidationError && /sizes/.test(e.message));
      assert.throws(() => mlp({ sizes: [3, -1, 2] }), (e: unknown) => e instanceof ValidationError && /sizes\[1\]/.test(e.message));
      const net = mlp({ sizes: [3, 4, 2] });
      const p = net.init(0);
      const X = tf.zeros([2, 5]);
      assert.throws(() => net.apply(p, X), (e: unknown) => e instanceof ValidationError && /X must have shape \[n, 3\]/.test(e.message));
      X.dispose();
      disposeParams(p);
    });
  });
}
