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
  const X = rnd([B, d]), W = rnd([d, m], 0.3), b = rnd([m]), a = rnd([m]), y = tf.sign(rnd([B]));
  const Xt = tf.transpose(X);
  time("fused relu", () => tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" }));
  time("fused linear", () => tf.fused.matMul({ a: X, b: W, bias: b }));
  time("fused relu nobias", () => tf.fused.matMul({ a: X, b: W, activation: "relu" }));
  const H = tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" });
  time("step H", () => tf.step(H));
  time("sign H", () => tf.sign(H));
  time("cast greater", () => tf.cast(tf.greater(H, 0), "float32"));
  const c = 1 / m;
  const step = () => tf.tidy(() => {
    const H = tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" });
    const f = tf.matMul(H, a.reshape([m, 1])).reshape([B]).mul(c);
    const yf = y.mul(f);
    const g = tf.neg(y.mul(tf.step(tf.sub(1, yf)))).div(B); // [B]
    const gRow = g.reshape([1, B]);
    const ga = tf.matMul(gRow, H).reshape([m]).mul(c);
    const M = tf.step(H);
    const P = tf.matMul(Xt.mul(gRow), M);
    const gW = P.mul(a.mul(c));
    const gb = tf.matMul(gRow, M).reshape([m]).mul(a).mul(c);
    return [ga, gW, gb];
  });
  time("full relu hinge grad", step);
}
main();
