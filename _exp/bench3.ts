import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
tf.env().set("PROD", true);
function rnd(shape: number[], s = 1) { const n = shape.reduce((a, b) => a * b, 1); const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (Math.random() * 2 - 1) * s; return tf.tensor(a, shape); }
async function main() {
  await tf.setBackend(process.argv[2] ?? "wasm"); await tf.ready();
  const B = 2000, d = 20, m = 2000;
  const X = rnd([B, d]), W = rnd([d, m], 0.3), b = rnd([m]), a = rnd([m]), y = tf.sign(rnd([B]));
  const Xt = tf.transpose(X);
  const c = 1 / m;
  const acc: Record<string, number> = {};
  let last = 0;
  const mark = (k: string, t?: tf.Tensor) => { if (t) t.dataSync(); const now = performance.now(); acc[k] = (acc[k] ?? 0) + now - last; last = now; };
  const reps = 40;
  for (let r = 0; r < reps + 3; r++) {
    if (r === 3) for (const k in acc) acc[k] = 0;
    last = performance.now();
    tf.tidy(() => {
      const H = tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" }); mark("fwd", H);
      const f = tf.matMul(H, a.reshape([m, 1])).reshape([B]).mul(c); mark("matvec", f);
      const yf = y.mul(f);
      const g = tf.neg(y.mul(tf.step(tf.sub(1, yf)))).div(B); // [B]
      const gRow = g.reshape([1, B]); mark("g", gRow);
      const ga = tf.matMul(gRow, H).reshape([m]).mul(c); mark("ga", ga);
      const M = tf.step(H); mark("step", M);
      const P = tf.matMul(Xt.mul(gRow), M); mark("P", P);
      const gW = P.mul(a.mul(c)); mark("gW", gW);
      const gb = tf.matMul(gRow, M).reshape([m]).mul(a).mul(c); mark("gb", gb);
      return [ga, gW, gb];
    });
    mark("dispose"); if (r>=3 && r%5==0) console.log(r, JSON.stringify(tf.memory()).slice(0,80));
  }
  let tot = 0;
  for (const k in acc) { console.log(k.padEnd(10), (acc[k] / reps).toFixed(2)); tot += acc[k] / reps; }
  console.log("total", tot.toFixed(2));
}
main();
