/**
 * npm run bench: the same computations in this library (active backend) and in the peers a user would
 * pick instead — numpy and PyTorch on the CPU — measured in one run on one machine.
 *
 * Cases (sizes also in each label):
 *   two-layer step        d = 20, m = 2000, B = 2000, relu, hinge loss, one fused gradient step of the
 *                         training loop (10 steps per timed run, reported per step)
 *   hvp mlp autodiff      tanh MLP 50-64-64-10, square loss, n = 1000: one Hessian-vector product by
 *                         autodiff (`analysis.hvp`: forward, gradient, second backward)
 *   hvp mlp closed-form   the same Hessian, one product of `mlp(...).hessianOperator` (forward and
 *                         backward cached once, as Lanczos uses it); peer: PyTorch with the gradient's
 *                         graph built once and differentiated again per product
 *   sharpness mlp         the same network: λ_max of the Hessian by Lanczos to the default tolerance
 *                         1e-6, closed-form products (what the stability notebook runs), including the
 *                         operator's set-up; and the same by `analysis.sharpness` (autodiff products).
 *                         Peer: PyTorch Lanczos (full reorthogonalisation, float64 on the host) with
 *                         the same number of steps our closed-form run took
 *   path-norm search      `rademacherPathNormBall` at the largest size notebook 02 runs at `class`:
 *                         d = 50, n = 1024 points on the sphere, 16 sign draws, 64 directions (no peer:
 *                         the Frank–Wolfe search is not a few lines of numpy)
 *   dsm step              notebook 06's score network at `class`: tanh MLP 4-64-64-1, batch 512, one
 *                         Adam step on the σ²-weighted denoising score-matching loss over n = 1000
 *                         training points, drawing the batch included (20 steps per timed run,
 *                         reported per step); peer: PyTorch
 *   gram two-layer        relu two-layer net, d = 20, n = 1000, m = 4000, the empirical NTK Gram [n, n]
 * Each case: one warm-up, then up to REPEATS timed runs (MLT_BENCH_REPEATS, default 15), at least
 * min(5, REPEATS), stopping early once a case has spent MLT_BENCH_BUDGET_S seconds (default 8).
 * Reported: median with min, quartiles and max. The peers run twice, at 1 thread and at all cores, and
 * the faster median of each case is kept (the thread count that won is named). Writes build/bench.json
 * and prints a table with the ratio (peer time / our time: > 1 means we are faster).
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
import { sharpness } from "../lib/analysis/sharpness";
import { rademacherPathNormBall } from "../lib/analysis/rademacher";
import { lanczosEigs } from "../lib/numerics/lanczos";
import { quantile64 } from "../lib/numerics/stats";
import { twoLayerGram } from "../lib/models/twoLayerGram";
import { sampleSphereArray } from "../lib/data/samplers";
import { sampleMixture } from "../lib/data/mixture";
import { target1d } from "../lib/experiments/diffusion/sampling";
import { trainScoreNet } from "../lib/experiments/diffusion/scoreNet";
import type { TwoLayerParams } from "../lib/models/types";

const ROOT = path.resolve(__dirname, "..");
const REPEATS = Number(process.env.MLT_BENCH_REPEATS ?? 15);
const BUDGET_MS = 1000 * Number(process.env.MLT_BENCH_BUDGET_S ?? 8);
const CORES = os.cpus().length;

interface Timing {
  median_ms: number;
  min_ms: number;
  q1_ms: number;
  q3_ms: number;
  max_ms: number;
  runs: number;
  times_ms: number[];
}

function summarize(times: number[]): Timing {
  const q = (p: number) => quantile64(times, p);
  return { median_ms: q(0.5), min_ms: q(0), q1_ms: q(0.25), q3_ms: q(0.75), max_ms: q(1), runs: times.length, times_ms: times };
}

/** One warm-up, then timed runs until REPEATS or until the budget is spent (at least min(5, REPEATS)). */
function timeRuns(run: () => void): number[] {
  run(); // warm-up (kernel compilation, weight packing)
  const times: number[] = [];
  const minRuns = Math.min(5, REPEATS);
  let spent = 0;
  while (times.length < REPEATS && (times.length < minRuns || spent < BUDGET_MS)) {
    const t0 = performance.now();
    run();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return times;
}

const timeCase = (run: () => void): Timing => summarize(timeRuns(run));

function twoLayerStepCase(): Timing {
  const d = 20, m = 2000, B = 2000;
  const net = twoLayer({ d, m, activation: "relu", scaling: "meanField", init: { W: { gaussian: 1 / Math.sqrt(d) }, a: { gaussian: 1 / m } } });
  const rng = new Rng(0);
  const X = rng.normalTensor([B, d]) as tf.Tensor2D;
  const y = tf.tensor1d(Array.from(rng.normals(B), (v) => (v >= 0 ? 1 : -1)));
  // The training loop's fused full-batch step: STEPS steps per timed run, reported per step.
  const STEPS = 10;
  let p: TwoLayerParams = net.init(1);
  const times = timeRuns(() => {
    const r = trainTwoLayer({ model: net, params: p, X, y, loss: "hinge", optimizer: gd(0.1), steps: STEPS, evalEvery: STEPS });
    tf.dispose([p.W, p.a]);
    p = r.params;
  });
  tf.dispose([X, y, p.W, p.a]);
  return summarize(times.map((v) => v / STEPS));
}

/** The tanh MLP 50-64-64-10 on n = 1000 Gaussian inputs and targets, shared by the curvature cases. */
function mlpProblem() {
  const net = mlp({ sizes: [50, 64, 64, 10], activation: "tanh" });
  const rng = new Rng(0);
  const X = rng.normalTensor([1000, 50]) as tf.Tensor2D;
  const Y = rng.normalTensor([1000, 10]) as tf.Tensor2D;
  const params = net.init(1);
  const leaves = flattenParams(params);
  const lossFn = (ps: tf.Tensor[]) => squareLoss(net.apply(unflattenParams(params, ps), X), Y);
  const dispose = () => tf.dispose([X, Y, ...leaves]);
  return { net, X, Y, params, leaves, lossFn, rng, dispose };
}

function hvpAutodiffCase(): Timing {
  const pb = mlpProblem();
  const v = pb.leaves.map((l, i) => pb.rng.child("v", i).normalTensor(l.shape));
  const t = timeCase(() => {
    const out = hvp(pb.lossFn, pb.leaves, v);
    out[0].dataSync();
    tf.dispose(out);
  });
  tf.dispose(v);
  pb.dispose();
  return t;
}

function hvpClosedFormCase(): Timing {
  const pb = mlpProblem();
  const op = pb.net.hessianOperator(pb.params, pb.X, pb.Y);
  const v = pb.rng.child("v-flat").normals(op.dim);
  const t = timeCase(() => {
    op.matvec(v);
  });
  op.dispose();
  pb.dispose();
  return t;
}

/** Lanczos steps of the closed-form sharpness run: the peer runs the same number. */
let lanczosSteps = 0;

function sharpnessClosedFormCase(): Timing {
  const pb = mlpProblem();
  const t = timeCase(() => {
    const op = pb.net.hessianOperator(pb.params, pb.X, pb.Y);
    const r = lanczosEigs(op.matvec, op.dim, { k: 1, seed: 0 });
    op.dispose();
    lanczosSteps = r.matvecs;
  });
  pb.dispose();
  return t;
}

function sharpnessAutodiffCase(): Timing {
  const pb = mlpProblem();
  const t = timeCase(() => {
    sharpness(pb.lossFn, pb.leaves, { seed: 0 });
  });
  pb.dispose();
  return t;
}

function pathNormCase(): Timing {
  const X = sampleSphereArray({ n: 1024, d: 50, seed: 0 });
  return timeCase(() => {
    rademacherPathNormBall(X, { draws: 16, directions: 64, seed: 1 });
  });
}

function dsmStepCase(): Timing {
  const X0 = sampleMixture(target1d(), 1000, 0);
  const STEPS = 20;
  const times = timeRuns(() => {
    const net = trainScoreNet({ X0, d: 1, steps: STEPS, width: 64, batchSize: 512, evalEvery: STEPS, seed: 0 });
    net.dispose();
  });
  return summarize(times.map((v) => v / STEPS));
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

/** What a peer process reports about itself: versions, BLAS and threads (see cases.py). */
type PeerInfo = Record<string, unknown>;

interface PeerRun {
  threads: number;
  /** The machine's load when this run started (the machine may be shared). */
  load: string;
  results: Record<string, Timing>;
  info: PeerInfo;
}

type PeerOutcome = { runs: PeerRun[] } | { missing: string };

function peerRun(which: "numpy" | "torch", threads: number): PeerRun | { missing: string } {
  const py = findPython(which);
  if (!py) {
    return {
      missing:
        which === "torch"
          ? "PyTorch not found (Debian: apt-get install python3-torch; elsewhere: pip install torch)"
          : "numpy not found (Debian: apt-get install python3-numpy; elsewhere: pip install numpy)",
    };
  }
  const load = loadLine();
  const n = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, BLIS_NUM_THREADS: n };
  const args = [path.join(__dirname, "peers", "cases.py"), which, String(REPEATS), n, String(BUDGET_MS / 1000), String(lanczosSteps)];
  const r = spawnSync(py, args, { encoding: "utf8", env, timeout: 10 * 60 * 1000 });
  if (r.status !== 0) return { missing: `${which} peer failed: ${(r.stderr ?? "").trim().split("\n").pop()}` };
  const json = JSON.parse(r.stdout) as { results: Record<string, number[]>; info: PeerInfo };
  const results: Record<string, Timing> = {};
  for (const [k, v] of Object.entries(json.results)) results[k] = summarize(v);
  return { threads, load, results, info: json.info };
}

/** The peer at 1 thread and at all cores. */
function peer(which: "numpy" | "torch"): PeerOutcome {
  const runs: PeerRun[] = [];
  for (const threads of CORES > 1 ? [1, CORES] : [1]) {
    process.stderr.write(`measuring ${which} at ${threads} thread(s) …\n`);
    const r = peerRun(which, threads);
    if ("missing" in r) return r;
    runs.push(r);
  }
  return { runs };
}

/** The faster run of a case (by median) and its thread count. */
function bestFor(outcome: PeerOutcome, key: string): (Timing & { threads: number }) | null {
  if ("missing" in outcome) return null;
  let best: (Timing & { threads: number }) | null = null;
  for (const r of outcome.runs) {
    const t = r.results[key];
    if (t && (!best || t.median_ms < best.median_ms)) best = { ...t, threads: r.threads };
  }
  return best;
}

interface CaseDef {
  key: string;
  label: string;
  run: () => Timing;
  /** The peers' case this one is compared with (default: key). */
  peerKey?: string;
}

const CASES: CaseDef[] = [
  { key: "two-layer step", label: "two-layer step (d=20, m=2000, B=2000, hinge)", run: twoLayerStepCase },
  { key: "hvp mlp", label: "HVP autodiff, tanh MLP 50-64-64-10, n=1000", run: hvpAutodiffCase },
  { key: "hvp mlp closed-form", label: "HVP closed form (per product), same MLP", run: hvpClosedFormCase },
  { key: "sharpness mlp", label: "sharpness, Lanczos + closed-form HVP, same MLP", run: sharpnessClosedFormCase },
  { key: "sharpness mlp autodiff", label: "sharpness, analysis.sharpness (autodiff), same MLP", run: sharpnessAutodiffCase, peerKey: "sharpness mlp" },
  { key: "path-norm search", label: "path-norm search, d=50, n=1024, 16 draws, 64 dirs", run: pathNormCase },
  { key: "dsm step", label: "DSM step, score net 4-64-64-1, B=512, Adam", run: dsmStepCase },
  { key: "gram two-layer", label: "NTK Gram two-layer ReLU (n=1000, m=4000)", run: gramCase },
];

function selectedCases(): CaseDef[] {
  const only = process.env.MLT_BENCH_ONLY;
  if (!only) return CASES;
  const keys = only.split(",").map((s) => s.trim());
  return CASES.filter((c) => keys.includes(c.key));
}

function loadLine(): string {
  const [l1, l5] = os.loadavg();
  return `load average ${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min) on ${CORES} cores`;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const backend = await initBackend({ quiet: true });
  const loadBefore = loadLine();
  console.log(backend.line);
  console.log(`machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${CORES} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; tfjs ${tf.version.tfjs}`);
  console.log(`up to ${REPEATS} timed runs per case after one warm-up (at least ${Math.min(5, REPEATS)}, budget ${BUDGET_MS / 1000} s a case); ${loadBefore}`);
  const cases = selectedCases();
  const mine: Record<string, Timing> = {};
  for (const c of cases) {
    process.stderr.write(`measuring ${c.key} (${backend.choice}) …\n`);
    mine[c.key] = c.run();
    process.stderr.write(`  median ${mine[c.key].median_ms.toFixed(2)} ms over ${mine[c.key].runs} runs\n`);
  }
  const peers: Record<string, PeerOutcome> = { numpy: peer("numpy"), torch: peer("torch") };
  const loadAfter = loadLine();

  const rows = cases.map((c) => {
    const pk = c.peerKey ?? c.key;
    return {
      key: c.key,
      name: c.label,
      backend: backend.choice,
      ...mine[c.key],
      peers: { numpy: bestFor(peers.numpy, pk), torch: bestFor(peers.torch, pk) },
    };
  });

  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const cell = (t: Timing & { threads?: number }) =>
    `${fmt(t.median_ms)} (${fmt(t.min_ms)}–${fmt(t.max_ms)}${t.threads === undefined ? "" : `, ${t.threads} thr`})`;
  const table = [["case", `mltheory (${backend.choice}) ms`, "numpy ms", "PyTorch ms", "vs numpy", "vs PyTorch"]];
  for (const r of rows) {
    const np = r.peers.numpy;
    const th = r.peers.torch;
    table.push([
      r.name,
      cell(r),
      np ? cell(np) : "—",
      th ? cell(th) : "—",
      np ? `${(np.median_ms / r.median_ms).toFixed(2)}x` : "—",
      th ? `${(th.median_ms / r.median_ms).toFixed(2)}x` : "—",
    ]);
  }
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  console.log("\n" + table.map((r, i) => "| " + r.map((c, j) => c.padEnd(widths[j])).join(" | ") + " |" + (i === 0 ? "\n|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|" : "")).join("\n"));
  console.log("\nmedian (min–max) of the timed runs; the peer's figure is its faster thread count (thr).");
  console.log("speed = peer median / mltheory median (above 1: mltheory is faster; 0.5x = half the peer's speed)");
  if (lanczosSteps > 0) console.log(`sharpness: ${lanczosSteps} Lanczos steps (the peer ran the same number)`);
  for (const [p, res] of Object.entries(peers)) {
    if ("missing" in res) {
      console.log(`${p}: ${res.missing}`);
      continue;
    }
    for (const run of res.runs) console.log(`${p} at ${run.threads} thread(s): ${String(run.info.summary)}; started at ${run.load}`);
  }
  console.log(`load: before ${loadBefore}; after ${loadAfter}`);
  const out = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: CORES, memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version, load_before: loadBefore, load_after: loadAfter },
    ours: { backend: backend.choice, line: backend.line, tfjs: tf.version.tfjs, threads: 1 },
    repeats: REPEATS,
    budget_s: BUDGET_MS / 1000,
    lanczos_steps: lanczosSteps,
    cases: rows,
    peers: Object.fromEntries(
      Object.entries(peers).map(([p, res]) => [p, "missing" in res ? { missing: res.missing } : { runs: res.runs.map((r) => ({ threads: r.threads, load: r.load, info: r.info, results: r.results })) }]),
    ),
  };
  fs.mkdirSync(path.join(ROOT, "build"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "build", "bench.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(`\nwrote ${path.join("build", "bench.json")} (whole run ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
