import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
tf.env().set("PROD", true);
function rnd(shape: number[], s = 1) { const n = shape.reduce((a, b) => a * b, 1); const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (Math.random() * 2 - 1) * s; return tf.tensor(a, shape); }
function time(name: string, f: () => tf.Tensor | tf.Tensor[], reps = 30) {
  for (let i = 0; i < 3; i++) tf.tidy(f);
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); tf.tidy(() => { const r = f(); const arr = Array.isArray(r) ? r : [r]; arr[0].dataSync(); }); ts.push(performance.now() - t0); }
  ts.sort((x, y) => x - y);
  console.log(name.padEnd(40), "median", ts[reps >> 1].toFixed(2), "min", ts[0].toFixed(2), "ms");
}
async function main() {
  await tf.setBackend("wasm"); await tf.ready();
  const B = 2000, d = 20, m = 2000, c = 1 / m;
  const X = rnd([B, d]), W = rnd([d, m], 0.3), b = rnd([m], 0.3), a = rnd([m]), y = tf.sign(rnd([B]));
  // correctness of bias [m,1]
  const Wt = tf.transpose(W), Xt = tf.transpose(X);
  const h1 = tf.fused.matMul({ a: Wt, b: Xt, bias: b.reshape([m, 1]), activation: "relu" });
  const h2 = tf.relu(tf.add(tf.matMul(Wt, Xt), b.reshape([m, 1])));
  console.log("bias[m,1] max diff", tf.max(tf.abs(tf.sub(h1, h2))).dataSync()[0]);
  const Z = rnd([B, m]);
  time("step Z", () => tf.step(Z));
  time("Z^T a (tA matvec)", () => tf.matMul(Z, a.reshape([m, 1]), true, false));
  time("transpose Wt", () => tf.transpose(W));
  time("fused Wt Xt bias relu", () => tf.fused.matMul({ a: Wt, b: Xt, bias: b.reshape([m, 1]), activation: "relu" }));
  time("Z Xg", () => tf.matMul(Z, X));
  const planI = () => {
    const Wt = tf.transpose(W);
    const Ht = tf.fused.matMul({ a: Wt, b: Xt, bias: b.reshape([m, 1]), activation: "relu" }) as tf.Tensor2D; // [m,B]
    const f = tf.matMul(Ht, a.reshape([m, 1]), true, false).reshape([B]).mul(c);
    const g = tf.neg(y.mul(tf.step(tf.sub(1, y.mul(f))))).div(B);
    const Mt = tf.step(Ht);
    const Xg = tf.concat([X, tf.ones([B, 1])], 1).mul(g.reshape([B, 1]));
    const Pt = tf.matMul(Mt, Xg); // [m, d+1]
    const Wta = tf.concat([Wt, b.reshape([m, 1])], 1);
    const ga = tf.sum(tf.mul(Wta, Pt), 1).mul(c);
    const gWt = Pt.mul(a.mul(c).reshape([m, 1]));
    const gW = tf.transpose(gWt.slice([0, 0], [m, d]));
    const gb = gWt.slice([0, d], [m, 1]).reshape([m]);
    return [ga, gW, gb];
  };
  time("plan I", planI);
  time("plan I", planI);
}
main();
