import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
tf.env().set("PROD", true);
function rnd(shape: number[], s = 1) { const n = shape.reduce((a, b) => a * b, 1); const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (Math.random() * 2 - 1) * s; return tf.tensor(a, shape); }
function time(name: string, f: () => tf.Tensor | tf.Tensor[], reps = 20) {
  for (let i = 0; i < 3; i++) tf.tidy(f);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.tidy(() => { const r = f(); const arr = Array.isArray(r) ? r : [r]; arr[0].dataSync(); });
  console.log(name.padEnd(40), ((performance.now() - t0) / reps).toFixed(2), "ms");
}
async function main() {
  await tf.setBackend("wasm"); await tf.ready();
  const B = 2000, d = 20, m = 2000;
  const X = rnd([B, d]), W = rnd([d, m], 0.3), b = rnd([m]), g = rnd([B, 1]), a = rnd([m, 1]);
  const Z = rnd([B, m]);
  time("fresh copy add0", () => tf.add(Z, 0));
  time("fresh mul 2", () => tf.mul(Z, 2));
  time("g^T freshZ (incl copy)", () => tf.matMul(g.reshape([1, B]), tf.mul(Z, 2)));
  time("freshZ a (incl copy)", () => tf.matMul(tf.mul(Z, 2), a));
  time("freshZ^T (tA) g (incl copy)", () => tf.matMul(tf.mul(Z, 2), g, true, false));
  time("sum axis0", () => tf.sum(Z, 0));
  time("sum axis1", () => tf.sum(Z, 1));
  time("transpose Z", () => tf.transpose(Z));
  time("fused relu XW+b", () => tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" }));
  time("step fresh(incl copy)", () => tf.step(tf.mul(Z, 2)));
  time("relu fresh(incl copy)", () => tf.relu(tf.mul(Z, 2)));
  time("Z mul g[B,1] ", () => tf.mul(Z, g));
  time("Z mul a[1,m] ", () => tf.mul(Z, a.reshape([1, m])));
  const Wt = tf.transpose(W);
  const Xt = tf.transpose(X);
  time("fused relu Wt Xt", () => tf.fused.matMul({ a: Wt, b: Xt, activation: "relu" }));
  try { time("fused relu Wt Xt bias[m,1]", () => tf.fused.matMul({ a: Wt, b: Xt, bias: b.reshape([m, 1]), activation: "relu" })); } catch (e) { console.log("bias[m,1] fails", (e as Error).message.slice(0, 80)); }
  time("freshZ Xg (incl copy)", () => tf.matMul(tf.mul(Z, 2), X));
}
main();
