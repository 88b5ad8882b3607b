/**
 * The layers of lib/ and the direction of their imports. Bottom to top:
 *   runtime < numerics < models, plot < data, train, analysis < experiments < index
 * An import may only go down the layers: folders of one level do not import each other (a figure
 * needs no model), experiments never import another topic, and every folder of lib/ has a level.
 * Read from the sources' import statements (static, dynamic and require), so nothing is run.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const LIB = path.resolve(__dirname, "..", "..", "lib");
const LEVEL: Record<string, number> = {
  runtime: 0,
  numerics: 1,
  models: 2,
  plot: 2,
  data: 3,
  train: 3,
  analysis: 3,
  experiments: 4,
  ".": 5, // lib/index.ts
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** The folder of a lib file ("." for lib/index.ts) and, under experiments/, its topic. */
function place(root: string, file: string): { folder: string; topic: string | null } {
  const rel = path.relative(root, file).split(path.sep);
  if (rel.length === 1) return { folder: ".", topic: null };
  const folder = rel[0];
  const topic = folder === "experiments" && rel.length > 2 ? rel[1] : null;
  return { folder, topic };
}

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  const specs: string[] = [];
  const re = /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm;
  for (let m = re.exec(src); m; m = re.exec(src)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return specs.filter((s) => s.startsWith("."));
}

/** Every import of a lib tree that runs up or across the layers, as readable lines. */
function layerViolations(root: string): string[] {
  const offenders: string[] = [];
  for (const file of sources(root)) {
    const from = place(root, file);
    for (const spec of importsOf(file)) {
      const target = path.resolve(path.dirname(file), spec);
      const rel = path.relative(root, file);
      if (!target.startsWith(root + path.sep)) {
        offenders.push(`${rel} imports ${spec}, outside lib/`);
        continue;
      }
      const to = place(root, target.endsWith(".ts") ? target : `${target}.ts`);
      if (to.folder === from.folder) {
        if (from.topic && to.topic && from.topic !== to.topic) offenders.push(`${rel} imports another topic: ${spec}`);
        continue;
      }
      if (from.folder === "experiments" && from.topic === null && to.folder === "experiments") continue;
      const a = LEVEL[from.folder];
      const b = LEVEL[to.folder];
      if (b === undefined || b >= a) offenders.push(`${rel} (${from.folder}, level ${a}) imports ${spec} (${to.folder}, level ${b})`);
    }
  }
  return offenders;
}

describe("library layers", () => {
  const files = sources(LIB);

  it("finds the library sources", () => {
    assert.ok(files.length > 50, `only ${files.length} files under lib/`);
  });

  it("gives every folder of lib/ a level", () => {
    const unknown = [...new Set(files.map((f) => place(LIB, f).folder))].filter((f) => !(f in LEVEL));
    assert.deepEqual(unknown, [], `folders without a level (add them to the layer order): ${unknown.join(", ")}`);
  });

  it("imports only go down the layers, and topics do not import each other", () => {
    const offenders = layerViolations(LIB);
    assert.deepEqual(offenders, [], `imports that run up or across the layers:\n  ${offenders.join("\n  ")}`);
  });

  it("rejects upward, sideways and cross-topic imports in a planted tree", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "mlt-layers-"));
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    put("runtime/setup.ts", 'import { show } from "../plot/show";\n');
    put("plot/show.ts", 'import { twoLayer } from "../models/twoLayer";\nexport const show = 1;\n');
    put("models/twoLayer.ts", 'import { finite } from "../runtime/validate";\nexport const twoLayer = 1;\n');
    put("runtime/validate.ts", "export const finite = 1;\n");
    put("experiments/a/x.ts", 'import { y } from "../b/y";\n');
    put("experiments/b/y.ts", 'const m = require("../../train/loop");\nexport const y = m;\n');
    put("train/loop.ts", "export {};\n");
    const v = layerViolations(root);
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(v.length, 3, v.join("\n"));
    assert.ok(v.some((l) => l.startsWith("runtime/setup.ts")), "runtime → plot runs up");
    assert.ok(v.some((l) => l.startsWith("plot/show.ts")), "plot → models runs across one level");
    assert.ok(v.some((l) => l.includes("another topic")), "experiments/a → experiments/b");
  });
});
