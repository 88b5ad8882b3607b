/**
 * Backend selection. Tried in order, unless `MLT_BACKEND` names one:
 * `tfjs-node-gpu` (CUDA, when a GPU is visible) → `tfjs-node` (native TensorFlow on the CPU) →
 * `wasm` (WebAssembly with SIMD) → `cpu` (plain JavaScript). Each candidate is loaded inside
 * try/catch; `setBackend`'s answer is checked and a tiny op is run, so a backend that registers but
 * cannot compute falls through to the next. The report says which backend runs and why the better
 * ones do not.
 */
import * as fs from "fs";
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "./errors";

export type BackendChoice = "node-gpu" | "node" | "wasm" | "cpu";
export const BACKEND_ORDER: readonly BackendChoice[] = ["node-gpu", "node", "wasm", "cpu"];

/** One way to obtain a backend: load its package, then the tfjs name to `setBackend`. */
export interface BackendCandidate {
  choice: BackendChoice;
  /** Name registered with tfjs (`tensorflow` for both native packages). */
  tfName: string;
  /** Loads the package; throws with a reason when it cannot. */
  load(): Promise<void>;
}

export interface BackendAttempt {
  choice: BackendChoice;
  ok: boolean;
  /** Why it was not used ("not installed", "no GPU visible", …); empty when used. */
  why: string;
}

export interface BackendReport {
  /** The backend in use, as tfjs names it (`tf.getBackend()`). */
  active: string;
  choice: BackendChoice;
  attempts: BackendAttempt[];
  /** One sentence for humans: which backend runs and why the faster ones do not. */
  line: string;
}

/**
 * Turns the error thrown while loading backend package `pkg` into a short reason a user can act
 * on: "not installed", missing CUDA libraries, missing native TensorFlow library, or the error's
 * first line.
 * @example
 * try { require("@tensorflow/tfjs-node"); }
 * catch (err) { console.log(explainLoadError("@tensorflow/tfjs-node", err)); } // "not installed"
 */
export function explainLoadError(pkg: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | null)?.code;
  if (code === "MODULE_NOT_FOUND" && msg.includes(`'${pkg}'`)) return "not installed";
  if (/libcudart|libcublas|libcudnn|libcufft|libcurand|libcusolver|libcusparse/.test(msg)) {
    return "CUDA 11.2 / cuDNN 8.1 libraries not found";
  }
  if (/tfjs_binding\.node|libtensorflow/.test(msg)) {
    return "installed, but its native TensorFlow library is missing (its install script did not download libtensorflow)";
  }
  // Only the file name of a path in the message: a report never shows this machine's folders.
  return `failed to load: ${msg.split("\n")[0].replace(/(?:[A-Za-z]:)?(?:[\\/][^\\/\s'"]+)+[\\/]([^\\/\s'"]+)/g, "$1")}`;
}

/**
 * True when an NVIDIA GPU device node (`/dev/nvidia0` or `/dev/nvidiactl`) is visible to this process.
 * @example if (!lab.runtime.gpuVisible()) console.log("no GPU: tfjs-node-gpu will be skipped");
 */
export function gpuVisible(): boolean {
  try {
    return fs.existsSync("/dev/nvidia0") || fs.existsSync("/dev/nvidiactl");
  } catch {
    return false;
  }
}

function packageInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

function requirePackage(pkg: string): void {
  try {
    // Native and wasm backends are optional: loaded by name at run time, never bundled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(pkg);
  } catch (err) {
    throw new Error(explainLoadError(pkg, err));
  }
}

/**
 * The real candidates, in the policy's order: node-gpu, node, wasm, cpu. Each `load()` requires
 * the backend's package and throws with a readable reason when it cannot.
 * @example
 * const noGpu = defaultCandidates().filter((c) => c.choice !== "node-gpu");
 * await lab.runtime.initBackend({ candidates: noGpu, force: true });
 */
export function defaultCandidates(): BackendCandidate[] {
  return [
    {
      choice: "node-gpu",
      tfName: "tensorflow",
      async load() {
        if (!packageInstalled("@tensorflow/tfjs-node-gpu")) throw new Error("not installed");
        if (!gpuVisible()) throw new Error("installed, but no GPU visible (/dev/nvidia0 absent)");
        requirePackage("@tensorflow/tfjs-node-gpu");
      },
    },
    {
      choice: "node",
      tfName: "tensorflow",
      async load() {
        requirePackage("@tensorflow/tfjs-node");
      },
    },
    {
      choice: "wasm",
      tfName: "wasm",
      async load() {
        requirePackage("@tensorflow/tfjs-backend-wasm");
      },
    },
    {
      choice: "cpu",
      tfName: "cpu",
      async load() {
        /* always registered by @tensorflow/tfjs */
      },
    },
  ];
}

function parseChoice(value: string): BackendChoice {
  const v = value.trim().toLowerCase();
  const alias: Record<string, BackendChoice> = {
    "node-gpu": "node-gpu",
    "tfjs-node-gpu": "node-gpu",
    gpu: "node-gpu",
    node: "node",
    "tfjs-node": "node",
    tensorflow: "node",
    wasm: "wasm",
    cpu: "cpu",
  };
  const c = alias[v];
  if (!c) throw new ValidationError(`MLT_BACKEND must be one of node-gpu, node, wasm, cpu; got "${value}"`);
  return c;
}

let current: BackendReport | null = null;

/**
 * Selects and activates a backend; returns the report. Candidates are tried in order; each must
 * load, be accepted by `tf.setBackend`, and compute 1 + 2 = 3. With `prefer` (or `MLT_BACKEND`)
 * only that backend is tried, and failing to get it is an error. Idempotent unless `force` is set;
 * prints the report line unless `quiet`.
 * @example
 * const report = await lab.runtime.initBackend({ prefer: "wasm" });
 * console.log(report.active); // "wasm"
 */
export async function initBackend(
  opts: { prefer?: string; candidates?: BackendCandidate[]; force?: boolean; quiet?: boolean } = {},
): Promise<BackendReport> {
  const preferText = opts.prefer ?? process.env.MLT_BACKEND;
  if (current && !opts.force && !opts.candidates && (!preferText || parseChoice(preferText) === current.choice)) {
    return current;
  }
  const all = opts.candidates ?? defaultCandidates();
  const wanted = preferText ? parseChoice(preferText) : null;
  const list = wanted ? all.filter((c) => c.choice === wanted) : all;
  const attempts: BackendAttempt[] = [];
  for (const cand of list) {
    const handlersBefore = processHandlers();
    try {
      await cand.load();
      const ok = await tf.setBackend(cand.tfName);
      if (!ok) throw new Error(`tf.setBackend("${cand.tfName}") returned false`);
      await tf.ready();
      if (tf.getBackend() !== cand.tfName) throw new Error(`tfjs reports "${tf.getBackend()}" after switching`);
      const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]);
      if (probe !== 3) throw new Error(`a test addition gave ${probe}`);
      attempts.push({ choice: cand.choice, ok: true, why: "" });
      if (cand.tfName === "cpu") tf.env().set("PROD", true); // silences tfjs's "install tfjs-node" banner; the report explains instead
      current = { active: tf.getBackend(), choice: cand.choice, attempts, line: reportLine(cand.choice, attempts, wanted) };
      if (!opts.quiet) console.log(current.line);
      return current;
    } catch (err) {
      attempts.push({ choice: cand.choice, ok: false, why: err instanceof Error ? err.message : String(err) });
    } finally {
      removeAddedHandlers(handlersBefore);
    }
  }
  const detail = attempts.map((a) => `${a.choice}: ${a.why}`).join("; ");
  throw new Error(`no TensorFlow.js backend could be started (${detail})`);
}

type ProcessHandler = (...args: unknown[]) => void;
const FATAL_EVENTS = ["uncaughtException", "unhandledRejection"];
/** `process` seen as a plain event emitter (its typed overloads do not take an event-name variable). */
const emitter: NodeJS.EventEmitter = process;

function processHandlers(): Map<string, ProcessHandler[]> {
  return new Map(FATAL_EVENTS.map((e) => [e, emitter.listeners(e) as ProcessHandler[]]));
}

/**
 * The wasm backend's Emscripten runtime installs process handlers that re-throw every uncaught
 * exception and unhandled rejection. Inside the tslab kernel that turns a harmless asynchronous error
 * (a display update rejected with "Socket is busy writing" while a long synchronous cell runs) into the
 * death of the kernel, where tslab's own handlers would only log it. Handlers added while a backend
 * starts are therefore removed again; the process keeps the ones it had (Node's defaults outside a kernel).
 */
function removeAddedHandlers(before: Map<string, ProcessHandler[]>): void {
  for (const e of FATAL_EVENTS) {
    const had = before.get(e) ?? [];
    for (const h of emitter.listeners(e) as ProcessHandler[]) {
      if (!had.includes(h)) emitter.removeListener(e, h);
    }
  }
}

/** What each backend computes with, in a reader's words. */
const BACKEND_WORDS: Record<BackendChoice, string> = {
  "node-gpu": "native TensorFlow on the GPU",
  node: "native TensorFlow on the CPU",
  wasm: "WebAssembly on the CPU",
  cpu: "plain JavaScript on the CPU",
};

function reportLine(choice: BackendChoice, attempts: BackendAttempt[], wanted: BackendChoice | null): string {
  const skipped = attempts.filter((a) => !a.ok).map((a) => `${a.choice}: ${a.why}`);
  const head = `Computing with the ${choice} backend (${BACKEND_WORDS[choice]})`;
  if (wanted) return `${head}, chosen by MLT_BACKEND.`;
  if (!skipped.length) return `${head}, the fastest available.`;
  return `${head}; the faster ones are not available here (${skipped.join("; ")}).`;
}

/**
 * The report of the last successful selection, or null before {@link initBackend}.
 * @example console.log(lab.runtime.backendReport()?.line ?? "no backend selected yet");
 */
export function backendReport(): BackendReport | null {
  return current;
}
