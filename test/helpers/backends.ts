/**
 * Test helpers: run a suite on every backend named in MLT_TEST_BACKENDS (default "cpu,wasm").
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export const TEST_BACKENDS: string[] = (process.env.MLT_TEST_BACKENDS ?? "cpu,wasm").split(",").map((s) => s.trim()).filter(Boolean);

let silenced = false;

/** Switches tfjs to `name` and fails loudly if it cannot. */
export async function useBackend(name: string): Promise<void> {
  if (!silenced) {
    tf.env().set("PROD", true); // no "install tfjs-node" banner in test logs
    silenced = true;
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`could not switch tfjs to the ${name} backend`);
}

/** Asserts that `fn` leaves the number of live tensors unchanged. */
export async function noLeak<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak: ${after - before} tensors (${before} → ${after})`);
  return out;
}
