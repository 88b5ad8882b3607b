import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { initBackend, explainLoadError, BackendCandidate } from "../../lib/runtime/backend";
import { ValidationError } from "../../lib/runtime/errors";

const missing = (choice: BackendCandidate["choice"]): BackendCandidate => ({
  choice,
  tfName: "tensorflow",
  async load() {
    throw new Error("not installed");
  },
});

describe("backend selection", () => {
  const saved = process.env.MLT_BACKEND;
  after(async () => {
    if (saved === undefined) delete process.env.MLT_BACKEND;
    else process.env.MLT_BACKEND = saved;
    await tf.setBackend("cpu");
  });

  it("falls through missing and failing backends to the next one, and getBackend() agrees", async () => {
    delete process.env.MLT_BACKEND;
    const cands: BackendCandidate[] = [
      missing("node-gpu"),
      // registers nothing under this name: setBackend fails and the loop must move on
      { choice: "node", tfName: "no-such-backend", async load() {} },
      { choice: "wasm", tfName: "wasm", async load() {} },
      { choice: "cpu", tfName: "cpu", async load() {} },
    ];
    const r = await initBackend({ candidates: cands, quiet: true });
    assert.equal(r.choice, "wasm");
    assert.equal(tf.getBackend(), "wasm");
    assert.equal(r.active, "wasm");
    assert.deepEqual(r.attempts.map((a) => [a.choice, a.ok]), [["node-gpu", false], ["node", false], ["wasm", true]]);
    assert.match(r.line, /^Computing with the wasm backend \(WebAssembly on the CPU\); the faster ones are not available here \(node-gpu: not installed; node: .*\)\.$/);
  });

  it("skips a backend that registers but cannot compute", async () => {
    tf.registerBackend("broken-for-test", () => {
      throw new Error("no device");
    });
    const r = await initBackend({
      candidates: [{ choice: "node", tfName: "broken-for-test", async load() {} }, { choice: "cpu", tfName: "cpu", async load() {} }],
      quiet: true,
    });
    assert.equal(r.choice, "cpu");
    assert.equal(tf.getBackend(), "cpu");
    tf.removeBackend("broken-for-test");
  });

  it("honours MLT_BACKEND and fails clearly when that backend is unavailable", async () => {
    process.env.MLT_BACKEND = "cpu";
    const r = await initBackend({ force: true, quiet: true });
    assert.equal(r.choice, "cpu");
    assert.equal(tf.getBackend(), "cpu");
    assert.match(r.line, /^Computing with the cpu backend \(plain JavaScript on the CPU\), chosen by MLT_BACKEND\.$/);
    process.env.MLT_BACKEND = "wasm";
    assert.equal((await initBackend({ quiet: true })).choice, "wasm");
    process.env.MLT_BACKEND = "node";
    await assert.rejects(initBackend({ candidates: [missing("node")], quiet: true }), /no TensorFlow\.js backend could be started \(node: not installed\)/);
    process.env.MLT_BACKEND = "quantum";
    await assert.rejects(initBackend({ quiet: true }), (e: unknown) => e instanceof ValidationError && /MLT_BACKEND must be one of/.test(e.message));
    delete process.env.MLT_BACKEND;
  });

  it("explains load errors in words a user can act on", () => {
    const notFound = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node-gpu'"), { code: "MODULE_NOT_FOUND" });
    assert.equal(explainLoadError("@tensorflow/tfjs-node-gpu", notFound), "not installed");
    assert.equal(explainLoadError("x", new Error("libcudart.so.11.0: cannot open shared object file")), "CUDA 11.2 / cuDNN 8.1 libraries not found");
    assert.match(explainLoadError("x", new Error("Cannot find module '/a/lib/napi-v8/tfjs_binding.node'")), /native TensorFlow library is missing/);
  });
});
