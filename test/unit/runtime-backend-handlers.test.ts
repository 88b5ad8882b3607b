/**
 * Starting the wasm backend must not make every asynchronous error fatal: its Emscripten runtime adds
 * process handlers that re-throw, which inside the tslab kernel turned a rejected display update into
 * a dead kernel. The child process reproduces that sequence.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";

it("an unhandled rejection after the wasm backend starts is handled by the process's own handler", () => {
  const root = path.resolve(__dirname, "..", "..");
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "test", "fixtures", "unhandled-after-wasm.ts")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, MLT_BACKEND: "" },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /handlers before 1 after 1/);
  assert.match(r.stdout, /logged: Error: Socket is busy writing/);
  assert.match(r.stdout, /still alive/);
});
