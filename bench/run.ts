/**
 * npm run bench: the same computations in this library (active backend) and in the peers a user would
 * pick instead — numpy and PyTorch on the CPU — measured in one run on one machine.
 *
 * Cases:
 *   two-layer step  d = 20, m = 2000, B = 2000, relu, hinge loss, one fused gradient step of the training
 *                   loop (10 steps per timed run, per step)
 *   hvp mlp         tanh MLP 50-64-64-10, square loss, n = 1000, one Hessian-vector product
 *   gram two-layer  relu two-layer net, d = 20, n = 1000, m = 4000, the empirical NTK Gram [n, n]
 * Each case: one warm-up, then REPEATS timed runs (MLT_BENCH_REPEATS, default 15); medians reported.
 * Writes build/bench.json and prints a table with the ratio (peer time / our time: > 1 means we are faster).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/runtime/backend";
import { Rng } from "../lib/runtime/rng";
import { twoLayer } from "../lib/models/twoLayer";
import { mlp } from "../lib/models/mlp";
import { activation } from "../lib/models/activations";
import { unflattenParams, flattenParams } from "../lib/models/params";
import { trainTwoLayer } from "../lib/train/trainTwoLayer";
import { gd } from "../lib/train/transforms";
import { squareLoss } from "../lib/train/losses";
import { hvp } from "../lib/analysis/hessian";
import { twoLayerGram } from "../lib/models/twoLayerGram";
import type { TwoLayerParams } from "../lib/models/types";

const ROOT = path.resolve(__dirname, "..");
const REPEATS = Number(process.env.MLT_BENCH_REPEATS ?? 15);

interface Timing {
  median_ms: number;
  times_ms: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

function timeCase(run: () => void): Timing {
  run(); // warm-up (kernel compilation, weight packing)
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return { median_ms: median(times), times_ms: times };
}

function twoLayerStepCase(): Timing {
  const d = 20, m = 2000, B = 2000;
  const net = twoLayer({ d, m, activation: "relu", scaling: "meanField", init: { W: { gaussian: 1 / Math.sqrt(d) }, a: { gaussian: 1 / m } } });
  const rng = new Rng(0);
  const X = rng.normalTensor([B, d]) as tf.Tensor2D;
  const y = tf.tensor1d(Array.from(rng.normals(B), (v) => (v >= 0 ? 1 : -1)));
  // The training loop's fused full-batch step: STEPS steps per timed run, reported per step.
  const STEPS = 10;
  let p: TwoLayerParams = net.init(1);
  const t = timeCase(() => {
    const r = trainTwoLayer({ model: net, params: p, X, y, loss: "hinge", optimizer: gd(0.1), steps: STEPS, evalEvery: STEPS });
    tf.dispose([p.W, p.a]);
    p = r.params;
  });
  tf.dispose([X, y, p.W, p.a]);
  const perStep = t.times_ms.map((v) => v / STEPS);
  return { median_ms: median(perStep), times_ms: perStep };
}

function hvpCase(): Timing {
  const net = mlp({ sizes: [50, 64, 64, 10], activation: "tanh" });
  const rng = new Rng(0);
  const X = rng.normalTensor([1000, 50]) as tf.Tensor2D;
  const Y = rng.normalTensor([1000, 10]) as tf.Tensor2D;
  const params = net.init(1);
  const leaves = flattenParams(params);
  const v = leaves.map((l, i) => rng.child("v", i).normalTensor(l.shape));
  const lossFn = (ps: tf.Tensor[]) => squareLoss(net.apply(unflattenParams(params, ps), X), Y);
  const t = timeCase(() => {
    const out = hvp(lossFn, leaves, v);
    out[0].dataSync();
    tf.dispose(out);
  });
  tf.dispose([X, Y, ...leaves, ...v]);
  return t;
}

function gramCase(): Timing {
  const d = 20, n = 1000, m = 4000;
  const rng = new Rng(0);
  const X = rng.normalTensor([n, d]) as tf.Tensor2D;
  const params: TwoLayerParams = { W: rng.normalTensor([d, m], 1 / Math.sqrt(d)) as tf.Tensor2D, a: rng.normalTensor([m]) as tf.Tensor1D };
  const relu = activation("relu");
  const t = timeCase(() => {
    const K = twoLayerGram(params, X, { activation: relu, scaling: "ntk", wrt: "all" });
    K.dataSync();
    K.dispose();
  });
  tf.dispose([X, params.W, params.a]);
  return t;
}

function findPython(module: string): string | null {
  for (const py of [process.env.MLT_PYTHON, "/usr/bin/python3", "python3"]) {
    if (!py) continue;
    const r = spawnSync(py, ["-c", `import ${module}`], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return null;
}

type PeerResult = { results: Record<string, Timing>; version: string; threads?: number } | { missing: string };

function peer(which: "numpy" | "torch", threads?: number): PeerResult {
  const py = findPython(which);
  if (!py) {
    return {
      missing:
        which === "torch"
          ? "PyTorch not found (Debian: apt-get install python3-torch; elsewhere: pip install torch)"
          : "numpy not found (Debian: apt-get install python3-numpy; elsewhere: pip install numpy)",
    };
  }
  const r = spawnSync(py, [path.join(__dirname, "peers", "cases.py"), which, String(REPEATS), ...(threads ? [String(threads)] : [])], { encoding: "utf8", timeout: 10 * 60 * 1000 });
  if (r.status !== 0) return { missing: `${which} peer failed: ${r.stderr.trim().split("\n").pop()}` };
  const json = JSON.parse(r.stdout) as Record<string, Timing | string | number>;
  const results: Record<string, Timing> = {};
  for (const [k, v] of Object.entries(json)) if (!k.startsWith("_")) results[k] = v as Timing;
  return { results, version: String(json._version), threads: typeof json._threads === "number" ? json._threads : undefined };
}

function bestOf(a: PeerResult, b: PeerResult): PeerResult {
  if ("missing" in a) return b;
  if ("missing" in b) return a;
  const results: Record<string, Timing> = {};
  const threads: string[] = [];
  for (const k of Object.keys(a.results)) {
    const useB = b.results[k] && b.results[k].median_ms < a.results[k].median_ms;
    results[k] = useB ? b.results[k] : a.results[k];
    threads.push(`${k}: ${(useB ? b.threads : a.threads) ?? "?"}`);
  }
  return { results, version: `${a.version} (threads per case, the faster of default ${a.threads} and ${b.threads}: ${threads.join(", ")})` };
}

async function main(): Promise<void> {
  const backend = await initBackend({ quiet: true });
  console.log(backend.line);
  console.log(`machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ${REPEATS} repeats after one warm-up`);
  const ours: [string, () => Timing][] = [
    ["two-layer step", twoLayerStepCase],
    ["hvp mlp", hvpCase],
    ["gram two-layer", gramCase],
  ];
  const mine: Record<string, Timing> = {};
  for (const [name, fn] of ours) {
    process.stderr.write(`measuring ${name} (${backend.choice}) …\n`);
    mine[name] = fn();
  }
  process.stderr.write("measuring numpy and PyTorch …\n");
  // PyTorch runs twice, with its default thread count and with one thread per core, and the faster
  // run of each case is the peer figure: the comparison is against the best a PyTorch user gets here.
  const torchDefault = peer("torch");
  const torchAll = os.cpus().length > 1 ? peer("torch", os.cpus().length) : torchDefault;
  const peers: Record<string, PeerResult> = { numpy: peer("numpy"), torch: bestOf(torchDefault, torchAll) };

  const label: Record<string, string> = {
    "two-layer step": "two-layer step (d=20, m=2000, B=2000, hinge)",
    "hvp mlp": "hvp mlp (tanh 50-64-64-10, n=1000)",
    "gram two-layer": "gram two-layer (n=1000, m=4000)",
  };
  const cases = Object.keys(mine).map((name) => {
    const peerOut: Record<string, { median_ms: number } | null> = {};
    for (const [p, res] of Object.entries(peers)) {
      peerOut[p] = "results" in res && res.results[name] ? { median_ms: res.results[name].median_ms } : null;
    }
    return { name: label[name], backend: backend.choice, median_ms: mine[name].median_ms, times_ms: mine[name].times_ms, peers: peerOut };
  });

  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const rows = [["case", `mltheory (${backend.choice}) ms`, "numpy ms", "torch ms", "speed vs numpy", "speed vs torch"]];
  for (const c of cases) {
    const np = c.peers.numpy?.median_ms;
    const th = c.peers.torch?.median_ms;
    rows.push([
      c.name,
      fmt(c.median_ms),
      np === undefined ? "—" : fmt(np),
      th === undefined ? "—" : fmt(th),
      np === undefined ? "—" : `${(np / c.median_ms).toFixed(2)}x`,
      th === undefined ? "—" : `${(th / c.median_ms).toFixed(2)}x`,
    ]);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  console.log("\n" + rows.map((r, i) => "| " + r.map((c, j) => c.padEnd(widths[j])).join(" | ") + " |" + (i === 0 ? "\n|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|" : "")).join("\n"));
  console.log("\nspeed = peer median / mltheory median (above 1: mltheory is faster; 0.5x = half the peer's speed)");
  for (const [p, res] of Object.entries(peers)) {
    if ("missing" in res) console.log(`${p}: ${res.missing}`);
    else console.log(`${p}: ${res.version}`);
  }
  const out = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version },
    repeats: REPEATS,
    cases,
  };
  fs.mkdirSync(path.join(ROOT, "build"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "build", "bench.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(`\nwrote ${path.join("build", "bench.json")}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
