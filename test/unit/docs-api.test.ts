/**
 * Documentation coverage of the public API: every function reachable from lib/index.ts (through
 * `export *`, named re-exports, the `validate` namespace and the builders in the `plot` object) must
 * carry a TSDoc description and an `@example`, unless its doc marks it `@internal`.
 *
 * Uses the TypeScript compiler API on the sources; no tensors are created, so it is backend-free.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const LIB = path.join(ROOT, "lib");
const ENTRY = path.join(LIB, "index.ts");

/** A library-owned declaration: a .ts source under lib/ (not dist/, not node_modules, not .d.ts). */
function inLib(decl: ts.Declaration): boolean {
  const file = path.resolve(decl.getSourceFile().fileName);
  return (
    file.startsWith(LIB + path.sep) &&
    !file.startsWith(path.join(LIB, "dist") + path.sep) &&
    !file.includes(`${path.sep}node_modules${path.sep}`) &&
    !file.endsWith(".d.ts")
  );
}

interface Entry {
  /** `lib/<folder>/<file>.ts:<name>` */
  where: string;
  symbol: ts.Symbol;
}

/** Every exported function of the library, keyed by declaration (deduplicated), in a stable order. */
function collectExportedFunctions(): { checker: ts.TypeChecker; entries: Entry[] } {
  const program = ts.createProgram([ENTRY], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENTRY);
  assert.ok(source, `cannot load ${ENTRY}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  assert.ok(moduleSymbol, "lib/index.ts has no module symbol");

  const seen = new Set<ts.Declaration>();
  const visitedModules = new Set<ts.Symbol>();
  const entries: Entry[] = [];

  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

  const addFunction = (sym: ts.Symbol, decl: ts.Declaration): void => {
    if (seen.has(decl)) return;
    seen.add(decl);
    const rel = path.relative(ROOT, decl.getSourceFile().fileName).split(path.sep).join("/");
    entries.push({ where: `${rel}:${sym.getName()}`, symbol: sym });
  };

  /** The builder functions referenced by an exported object literal such as `plot = { lines: figures.lines }`. */
  const visitObjectLiteral = (obj: ts.ObjectLiteralExpression): void => {
    for (const prop of obj.properties) {
      let target: ts.Symbol | undefined;
      if (ts.isPropertyAssignment(prop)) {
        const init = prop.initializer;
        const at = ts.isPropertyAccessExpression(init) ? init.name : init;
        target = checker.getSymbolAtLocation(at);
      } else if (ts.isShorthandPropertyAssignment(prop)) {
        target = checker.getShorthandAssignmentValueSymbol(prop);
      }
      if (target) visitSymbol(resolve(target), false);
    }
  };

  const visitSymbol = (sym: ts.Symbol, fromModule: boolean): void => {
    const decls = (sym.getDeclarations() ?? []).filter(inLib);
    if (decls.length === 0) return; // e.g. the re-exported `tf` namespace of @tensorflow/tfjs
    if (sym.flags & ts.SymbolFlags.ValueModule) {
      // `export * as validate from "./validate"`: walk the namespace's own exports.
      if (visitedModules.has(sym)) return;
      visitedModules.add(sym);
      for (const e of checker.getExportsOfModule(sym)) visitSymbol(resolve(e), true);
      return;
    }
    if (sym.flags & ts.SymbolFlags.Function) {
      const decl = decls.find(ts.isFunctionDeclaration) ?? decls[0];
      addFunction(sym, decl);
      return;
    }
    if (sym.flags & ts.SymbolFlags.Variable) {
      const decl = decls.find(ts.isVariableDeclaration);
      if (!decl) return;
      const init = decl.initializer;
      if (init && ts.isObjectLiteralExpression(init) && fromModule) {
        visitObjectLiteral(init);
        return;
      }
      // An exported const bound to a function (arrow, function expression or an alias of one).
      const type = checker.getTypeOfSymbolAtLocation(sym, decl);
      const isClassLike = type.getConstructSignatures().length > 0;
      if (!isClassLike && type.getCallSignatures().length > 0) addFunction(sym, decl);
    }
  };

  for (const e of checker.getExportsOfModule(moduleSymbol)) visitSymbol(resolve(e), true);
  entries.sort((a, b) => a.where.localeCompare(b.where));
  return { checker, entries };
}

describe("public API documentation", () => {
  const { checker, entries } = collectExportedFunctions();

  it("finds the exported functions (including the validate namespace and the plot builders)", () => {
    const names = new Set(entries.map((e) => e.where));
    // A walker that silently finds nothing would make the next test vacuous.
    assert.ok(entries.length > 50, `only ${entries.length} exported functions found`);
    for (const expected of [
      "lib/runtime/validate.ts:finite",
      "lib/plot/figure.ts:scatter",
      "lib/plot/show.ts:show",
      "lib/runtime/setup.ts:setup",
    ]) {
      assert.ok(names.has(expected), `walker missed ${expected}`);
    }
  });

  it("gives every exported function a description and an @example (or @internal)", () => {
    const offenders: string[] = [];
    for (const { where, symbol } of entries) {
      const tags = symbol.getJsDocTags(checker);
      if (tags.some((t) => t.name === "internal")) continue;
      const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const example = tags.find((t) => t.name === "example");
      const exampleText = example ? ts.displayPartsToString(example.text).trim() : "";
      const missing: string[] = [];
      if (!description) missing.push("description");
      if (!exampleText) missing.push("@example");
      if (missing.length) offenders.push(`${where} (missing ${missing.join(", ")})`);
    }
    assert.deepEqual(offenders, [], `undocumented exports:\n  ${offenders.join("\n  ")}`);
  });
});
