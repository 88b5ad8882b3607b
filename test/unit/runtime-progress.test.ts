import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { progress } from "../../lib/runtime/progress";

describe("progress outside a notebook", () => {
  it("reports on stderr at most once per tenth of the loop, and always at the end", () => {
    const lines: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    const tty = process.stderr.isTTY;
    Object.defineProperty(process.stderr, "isTTY", { value: false, configurable: true });
    process.stderr.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const bar = progress("training", 100, { intervalMs: 0 });
      for (let i = 1; i <= 100; i++) bar.update(i, `loss ${(1 / i).toFixed(3)}`);
      bar.finish("done");
    } finally {
      process.stderr.write = original;
      Object.defineProperty(process.stderr, "isTTY", { value: tty, configurable: true });
    }
    assert.ok(lines.length >= 10 && lines.length <= 12, `got ${lines.length} lines`);
    assert.match(lines[0], /^training: 1\/100 · loss 1\.000 · /);
    assert.match(lines[lines.length - 1], /^training: 100\/100 · done · .* s elapsed\n$/);
  });
});
