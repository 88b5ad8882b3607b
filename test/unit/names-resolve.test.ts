/**
 * Every `lab.<name>` that a reader meets — in a notebook's code, markdown or exercise hints, in the
 * README, or in a doc comment's example — names something on the public surface, so renaming or
 * moving a library function cannot leave a notebook or a doc pointing at nothing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { resolvesInSurface, ROOT, LIB } from "../helpers/surface";

const REF = /\blab\.([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)/g;

function refs(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => m[1]);
}

function notebookTexts(dir: string): { where: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .flatMap((f) => {
      const cells = (JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { cells: { source: string | string[] }[] }).cells;
      return cells.map((c, i) => ({ where: `${path.relative(ROOT, dir)}/${f} cell ${i + 1}`, text: Array.isArray(c.source) ? c.source.join("") : c.source }));
    });
}

function docExamples(dir: string): { where: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : docExamples(p);
    if (!e.name.endsWith(".ts")) return [];
    const src = fs.readFileSync(p, "utf8");
    return [...src.matchAll(/\/\*\*[\s\S]*?\*\//g)].map((m) => ({ where: path.relative(ROOT, p), text: m[0] }));
  });
}

function unresolved(texts: { where: string; text: string }[]): string[] {
  return texts.flatMap(({ where, text }) => refs(text).filter((r) => !resolvesInSurface(r)).map((r) => `${where}: lab.${r}`));
}

describe("lab.<name> references resolve on the public surface", () => {
  it("resolves known names and rejects a missing one (the check can fail)", () => {
    assert.ok(resolvesInSurface("numerics.fitLogLog"));
    assert.ok(resolvesInSurface("scale.pick"));
    assert.ok(resolvesInSurface("tf.tensor1d"));
    assert.ok(!resolvesInSurface("numerics.noSuchFunction"));
    assert.ok(!resolvesInSurface("fitLogLog"), "a layer function is not flat");
  });

  it("in the notebooks (code, markdown, hints) and the test fixtures", () => {
    const bad = unresolved([...notebookTexts(path.join(ROOT, "notebooks")), ...notebookTexts(path.join(ROOT, "test", "fixtures"))]);
    assert.deepEqual(bad, [], `names that do not resolve:\n  ${bad.join("\n  ")}`);
  });

  it("in the README", () => {
    const bad = unresolved([{ where: "README.md", text: fs.readFileSync(path.join(ROOT, "README.md"), "utf8") }]);
    assert.deepEqual(bad, [], `names that do not resolve:\n  ${bad.join("\n  ")}`);
  });

  it("in the library's doc comments and examples", () => {
    const bad = unresolved(docExamples(LIB));
    assert.deepEqual(bad, [], `names that do not resolve:\n  ${bad.join("\n  ")}`);
  });
});
