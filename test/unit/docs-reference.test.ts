/**
 * The API reference (`npm run docs`, TypeDoc from the doc comments) builds without warnings — a
 * broken {@link} or an unexported type in a signature fails it — and has one page per namespace of
 * the public surface.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { publicSurface, ROOT } from "../helpers/surface";

describe("API reference", () => {
  it("builds with TypeDoc, one page per namespace, no warnings", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "mlt-docs-"));
    const bin = path.join(ROOT, "node_modules", ".bin", "typedoc");
    const r = spawnSync(bin, ["--out", out, "--logLevel", "Warn"], { cwd: ROOT, encoding: "utf8" });
    try {
      assert.equal(r.status, 0, `typedoc failed:\n${r.stdout}\n${r.stderr}`);
      assert.doesNotMatch(`${r.stdout}${r.stderr}`, /warning/i, "typedoc warned");
      const namespaces = publicSurface().filter((e) => e.kind === "namespace" && e.path !== "tf" && !e.path.startsWith("tf."));
      for (const ns of namespaces) {
        const page = path.join(out, "modules", `${ns.path}.html`);
        assert.ok(fs.existsSync(page), `no reference page for lab.${ns.path} (${page})`);
      }
      assert.ok(fs.existsSync(path.join(out, "index.html")));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
