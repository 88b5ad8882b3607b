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
  const X = rnd([B, d]), W = rnd([d, m], 0.3), b = rnd([m]), y = tf.sign(rnd([B]));
  const H = tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" });
  const Z = rnd([B, m]);
  const g1 = rnd([1, B]);
  const g2 = tf.step(rnd([1, B])).div(B);
  const g3 = rnd([B]).reshape([1, B]);
  time("g1 H", () => tf.matMul(g1, H));
  time("g1 Z", () => tf.matMul(g1, Z));
  time("g2 Z", () => tf.matMul(g2, Z));
  time("g3 Z", () => tf.matMul(g3, Z));
  const Zr = tf.relu(Z);
  time("g1 reluZ", () => tf.matMul(g1, Zr));
  time("g1 stepZ", () => tf.matMul(g1, tf.step(Z)));
  time("stepZ", () => tf.step(Z));
  time("g1 Z again", () => tf.matMul(g1, Z));
  const Xt = rnd([d, B]);
  time("Xt Z", () => tf.matMul(Xt, Z));
  time("Xt reluZ", () => tf.matMul(Xt, Zr));
  const Zs = tf.step(Z);
  time("Xt stepZ", () => tf.matMul(Xt, Zs));
  time("Xt H", () => tf.matMul(Xt, H));
  const Zh = tf.mul(Z, 1e-3);
  time("Xt Z*1e-3", () => tf.matMul(Xt, Zh));
}
main();
