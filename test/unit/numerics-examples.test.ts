/**
 * Every @example of lib/numerics runs as written: each example is transpiled from TypeScript and run
 * with the numerics exports (and tf) in scope; an example that throws or names something undefined
 * fails here. (docs-api.test.ts checks that the examples exist; this checks that they work.)
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import * as tf from "@tensorflow/tfjs";
import * as numerics from "../../lib/numerics";
import { useBackend } from "../helpers/backends";

const DIR = path.resolve(__dirname, "../../lib/numerics");

/** The @example blocks of a source file with the name of the function each documents. */
function examples(file: string): { name: string; code: string }[] {
  const src = fs.readFileSync(file, "utf8");
  const out: { name: string; code: string }[] = [];
  for (const m of src.matchAll(/\/\*\*([\s\S]*?)\*\/\s*export (?:function|const|class) (\w+)/g)) {
    const doc = m[1].split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
    const at = doc.findIndex((l) => l.startsWith("@example"));
    if (at < 0) continue;
    const lines = [doc[at].replace(/^@example\s*/, "")];
    for (const l of doc.slice(at + 1)) {
      if (l.startsWith("@")) break;
      lines.push(l);
    }
    out.push({ name: m[2], code: lines.join("\n").trim() });
  }
  return out;
}

describe("numerics: every @example runs", () => {
  before(async () => {
    await useBackend("cpu");
  });
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts");
  for (const f of files) {
    for (const ex of examples(path.join(DIR, f))) {
      it(`${f}: ${ex.name}`, () => {
        const js = ts.transpileModule(ex.code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
        const names = Object.keys(numerics).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
        const run = new Function("numerics", "tf", `"use strict"; const { ${names.join(", ")} } = numerics;\n${js}`);
        const before = tf.memory().numTensors;
        assert.doesNotThrow(() => run(numerics, tf), `example of ${ex.name}:\n${ex.code}`);
        assert.equal(tf.memory().numTensors, before, `the example of ${ex.name} leaks tensors`);
      });
    }
  }
});
