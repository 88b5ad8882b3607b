/**
 * How an error escaping a notebook cell reads: the line map from tslab's compiled cell back to the
 * cell's source (on cells compiled by tslab's own converter), and the text built from a stack.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import { cellLineMap, describeDiagnostics, describeError, parseStack, type CellRecord } from "../../lib/runtime/cellErrors";
import { ValidationError } from "../../lib/runtime/errors";
import { integer } from "../../lib/runtime/validate";

const ROOT = path.resolve(__dirname, "..", "..");

interface Converter {
  convert(prevDecl: string, src: string): { output?: string; declOutput?: string; diagnostics: { messageText: string }[] };
  close(): void;
}
// tslab's converter, exactly as the kernel compiles cells (its own TypeScript, its own transforms).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createConverter } = require(path.join(ROOT, "node_modules", "tslab", "dist", "converter.js")) as { createConverter(o: object): Converter };

describe("cell line map (tslab's compiled cell → the cell's source)", () => {
  const conv = createConverter({});
  let prev = "";
  after(() => conv.close());
  const compile = (src: string): string => {
    const r = conv.convert(prev, src);
    assert.deepEqual(r.diagnostics.map((d) => d.messageText), [], "the cell compiles");
    prev = r.declOutput ?? prev;
    return r.output ?? "";
  };
  /** The source line of the compiled line holding `needle`. */
  const lineOf = (src: string, out: string, needle: string): number => {
    const k = out.split("\n").findIndex((l) => l.includes(needle));
    assert.ok(k >= 0, `compiled cell has ${needle}:\n${out}`);
    return cellLineMap(src, out)[k];
  };

  it("maps statements back through imports, dropped types and comments, added exports", () => {
    const first = 'import * as lab from "mltheory";\nconst widths: number[] = [1, 2];';
    const out1 = compile(first);
    assert.equal(lineOf(first, out1, "widths = [1, 2]"), 2);
    const src = [
      "// sizes",
      "interface Opts { m: number }",
      "const { m, seeds } = lab.scale.pick({",
      "  smoke: { m: 3, seeds: 2 },",
      "  class: { m: 5, seeds: 3 },",
      "  paper: { m: 8, seeds: 4 },",
      "});",
      "",
      "for (const s of widths) {",
      "  type T = number;",
      "  const o: Opts = { m: s };",
      "  lab.record(`x${s}`, o.m * m);",
      "}",
      "const curve = lab.numerics.monteCarloErrorCurve(lab.numerics.productSine(2), [4], 2.5, seeds);",
    ].join("\n");
    const out = compile(src);
    assert.equal(lineOf(src, out, "scale.pick"), 3);
    assert.equal(lineOf(src, out, "class: { m: 5"), 5);
    assert.equal(lineOf(src, out, "const o = { m: s }"), 11);
    assert.equal(lineOf(src, out, "lab.record"), 12);
    assert.equal(lineOf(src, out, "monteCarloErrorCurve"), 14);
  });

  it("keeps a cell's last expression on its line", () => {
    const src = 'const a = 2;\n\nlab.checkLess("a", a, 1, "planted");';
    const out = compile(src);
    assert.equal(lineOf(src, out, "checkLess"), 3);
  });
});

describe("describeError", () => {
  const source = "const ms = [16, 64];\nconst g = lab.numerics.productSine(3);\nconst curve = lab.numerics.monteCarloErrorCurve(g, ms, 2.5, 0);";
  const output = [
    'Object.defineProperty(exports, "__esModule", { value: true });',
    "exports.curve = exports.g = exports.ms = void 0;",
    "const ms = [16, 64];",
    "exports.ms = ms;",
    "const g = exports.lab.numerics.productSine(3);",
    "exports.g = g;",
    "const curve = exports.lab.numerics.monteCarloErrorCurve(g, ms, 2.5, 0);",
    "exports.curve = curve;",
  ].join("\n");
  const cells = new Map<string, CellRecord>([["cell[3]", { count: 3, source, output }]]);
  const lib = path.join(ROOT, "lib");

  it("reads as the message, the function and argument at fault, and the cell line", () => {
    const err = new ValidationError("reps must be an integer ≥ 2, got 2.5", { argument: "reps" });
    err.stack = [
      `${lib}/runtime/validate.js:59`,
      "        throw new errors_1.ValidationError(`...`);",
      "        ^",
      "",
      "ValidationError: reps must be an integer ≥ 2, got 2.5",
      `    at integer (${lib}/runtime/validate.js:59:15)`,
      `    at Object.monteCarloErrorCurve (${lib}/numerics/quadrature.js:66:28)`,
      "    at cell[3]:7:36",
      "    at cell[3]:10:3",
      "    at sigintHandlersWrap (node:vm:280:12)",
      "    at Script.runInThisContext (node:vm:135:14)",
      `    at Object.execute (${ROOT}/node_modules/tslab/dist/executor.js:160:38)`,
    ].join("\n");
    const text = describeError(err, cells, "cell[3]");
    assert.equal(
      text,
      [
        "ValidationError: reps must be an integer ≥ 2, got 2.5",
        "    in lab.numerics.monteCarloErrorCurve, argument reps",
        "    at line 3 of this cell: const curve = lab.numerics.monteCarloErrorCurve(g, ms, 2.5, 0);",
      ].join("\n"),
    );
  });

  it("names the argument of the validate helpers, and of a message that begins with it", () => {
    try {
      integer("width", -1);
      assert.fail("integer accepted -1");
    } catch (e) {
      assert.equal((e as ValidationError).argument, "width");
      assert.ok(!Object.keys(e as object).includes("argument"), "argument is not printed as a property");
    }
    const err = new ValidationError("ms must list at least one sample size");
    err.stack = `ValidationError: x\n    at Object.f (${lib}/numerics/quadrature.js:1:1)\n    at cell[3]:7:10`;
    assert.match(describeError(err, cells, "cell[3]"), /^ValidationError: ms must list at least one sample size\n {4}in f, argument ms\n {4}at line 3 of this cell/);
  });

  it("a frame from another cell shows that cell and the line of this cell that called it", () => {
    const other = new Map(cells);
    other.set("cell[2]", { count: 2, source: "function f() {\n  throw new Error('boom');\n}", output: "function f() {\n    throw new Error('boom');\n}" });
    const err = new Error("boom");
    err.stack = "Error: boom\n    at f (cell[2]:2:11)\n    at cell[3]:7:20\n    at node:vm:1:1";
    assert.equal(describeError(err, other, "cell[3]"), [
      "Error: boom",
      "    at line 2 of cell [2]: throw new Error('boom');",
      "    called from line 3 of this cell: const curve = lab.numerics.monteCarloErrorCurve(g, ms, 2.5, 0);",
    ].join("\n"));
  });

  it("without a cell frame: the message and the function alone, no internals", () => {
    const err = new Error("shapes do not match");
    err.stack = `Error: shapes do not match\n    at Object.matMul (${lib}/numerics/linalg64.js:3:3)\n    at node:internal/x:1:1`;
    assert.equal(describeError(err, cells, "cell[3]"), "Error: shapes do not match\n    in matMul");
  });

  it("a cell that does not compile: TypeScript's message and the cell line with line and column", () => {
    const src = "const a = 1;\nconst z = lab.numerics.monteCarloErrorCurve(g, [], 10, 0);";
    assert.equal(describeDiagnostics("2:47 - Cannot find name 'g'.\n", src), "TypeScript: Cannot find name 'g'.\n    at line 2, column 47 of this cell: const z = lab.numerics.monteCarloErrorCurve(g, [], 10, 0);\n");
    assert.equal(describeDiagnostics("just text\n", src), "just text\n");
  });

  it("parses V8 frames of every shape", () => {
    const f = parseStack("E: x\n    at new Rng (/a/b.js:1:2)\n    at async Promise.all (index 0)\n    at cell[4]:3:9\n    at async f (/c.js:5:6)");
    assert.deepEqual(f.map((x) => [x.fn, x.file, x.line]), [["Rng", "/a/b.js", 1], ["", "cell[4]", 3], ["f", "/c.js", 5]]);
  });
});
