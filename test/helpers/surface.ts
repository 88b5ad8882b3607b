/**
 * The public surface of the library as the TypeScript compiler sees it from lib/index.ts: every name
 * a notebook can reach as `lab.<path>`, with its kind. Namespaces (`export * as numerics from …`) are
 * walked; `lab.tf` is the TensorFlow.js namespace and is not expanded.
 */
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");
export const LIB = path.join(ROOT, "lib");

export type SurfaceKind = "namespace" | "function" | "class" | "value" | "type";

export interface SurfaceEntry {
  /** Dotted path below `lab`, e.g. "numerics.fitLogLog". */
  path: string;
  kind: SurfaceKind;
}

let cache: SurfaceEntry[] | null = null;

function kindOf(checker: ts.TypeChecker, sym: ts.Symbol): SurfaceKind {
  const f = sym.flags;
  if (f & ts.SymbolFlags.ValueModule) return "namespace";
  if (f & ts.SymbolFlags.Function) return "function";
  if (f & ts.SymbolFlags.Class) return "class";
  if (f & ts.SymbolFlags.Variable) {
    const decl = sym.valueDeclaration;
    if (decl) {
      const type = checker.getTypeOfSymbolAtLocation(sym, decl);
      if (type.getCallSignatures().length > 0 && type.getConstructSignatures().length === 0) return "function";
    }
    return "value";
  }
  if (f & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Enum)) return "type";
  return "value";
}

/** Every entry of the public surface, sorted by path. */
export function publicSurface(): SurfaceEntry[] {
  if (cache) return cache;
  const entry = path.join(LIB, "index.ts");
  const program = ts.createProgram([entry], {
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
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot load ${entry}`);
  const root = checker.getSymbolAtLocation(source);
  if (!root) throw new Error("lib/index.ts has no module symbol");
  const out: SurfaceEntry[] = [];
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const walk = (mod: ts.Symbol, prefix: string): void => {
    for (const e of checker.getExportsOfModule(mod)) {
      const name = e.getName();
      const target = resolve(e);
      const p = prefix ? `${prefix}.${name}` : name;
      const kind = kindOf(checker, target);
      out.push({ path: p, kind });
      const inLib = (target.getDeclarations() ?? []).some((d) => path.resolve(d.getSourceFile().fileName).startsWith(LIB + path.sep));
      if (kind === "namespace" && inLib) walk(target, p);
    }
  };
  walk(root, "");
  out.sort((a, b) => a.path.localeCompare(b.path));
  cache = out;
  return out;
}

/** Whether `lab.<dotted>` names something public (a prefix through `tf` is accepted as is). */
export function resolvesInSurface(dotted: string): boolean {
  const parts = dotted.split(".");
  if (parts[0] === "tf") return true;
  const byPath = new Map(publicSurface().map((e) => [e.path, e]));
  for (let k = parts.length; k >= 1; k--) {
    const p = parts.slice(0, k).join(".");
    const e = byPath.get(p);
    if (!e) continue;
    // A longer chain is fine only below a value (property access), never below a missing namespace member.
    if (k === parts.length) return true;
    return e.kind !== "namespace" && e.kind !== "type";
  }
  return false;
}
