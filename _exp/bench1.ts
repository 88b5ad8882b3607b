import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
tf.env().set("PROD", true);
function rnd(shape: number[], s = 1) { const n = shape.reduce((a, b) => a * b, 1); const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (Math.random() * 2 - 1) * s; return tf.tensor(a, shape); }
function time(name: string, f: () => tf.Tensor | tf.Tensor[], reps = 20) {
  for (let i = 0; i < 3; i++) tf.dispose(f());
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) { const r = f(); const arr = Array.isArray(r) ? r : [r]; arr[0].dataSync(); tf.dispose(r); }
  console.log(name.padEnd(40), ((performance.now() - t0) / reps).toFixed(2), "ms");
}
async function main() {
  await tf.setBackend("wasm"); await tf.ready();
  const B = 2000, d = 20, m = 2000;
  const X = rnd([B, d]), W = rnd([d, m]), Xa = rnd([B, d + 1]), Wa = rnd([d + 1, m]), a = rnd([m, 1]), Z = rnd([B, m]), g = rnd([1, B]), gc = rnd([B, 1]);
  const Xt = rnd([d, B]);
  time("XW [B,20]x[20,m]", () => tf.matMul(X, W));
  time("XaWa [B,21]x[21,m]", () => tf.matMul(Xa, Wa));
  time("step", () => tf.step(Z));
  time("relu", () => tf.relu(Z));
  time("mul", () => tf.mul(Z, Z));
  time("greater", () => tf.greater(Z, 0));
  time("H a matvec", () => tf.matMul(Z, a));
  time("H mul a sum", () => tf.sum(tf.mul(Z, a.reshape([1, m])), 1));
  time("g^T H", () => tf.matMul(g, Z));
  time("Xt [20,B] x M[B,m]", () => tf.matMul(Xt, Z));
  time("X^T M transposeA", () => tf.matMul(X, Z, true, false));
  time("M^T X transposeA", () => tf.matMul(Z, X, true, false));
  time("X mul gc", () => tf.mul(X, gc));
  time("transpose [B,d]", () => tf.transpose(X));
  time("add bias", () => tf.add(Z, a.reshape([1, m])));
  time("concat ones", () => tf.concat([X, tf.ones([B, 1])], 1));
}
main();
