/**
 * How an error that escapes a notebook cell reads. tslab compiles a cell to JavaScript with its own
 * TypeScript and runs it with `vm.runInThisContext`; left alone, a failing cell shows the compiled
 * library line with a caret, the message, and a dozen frames of tslab and Node internals whose line
 * numbers refer to the compiled cell. Inside a tslab kernel, {@link installCellErrors} (called by
 * `setup`) makes it read as
 *
 *     ValidationError: reps must be an integer ≥ 2, got 2.5
 *         in lab.numerics.monteCarloErrorCurve, argument reps
 *         at line 3 of this cell: const curve = lab.numerics.monteCarloErrorCurve(g, ms, 2.5, 0);
 *
 * the message, the library function the cell called and the argument at fault, and the line of the
 * cell as the student wrote it; library, tfjs, tslab and Node frames are folded away. The error's
 * `stack` and its printed form both become this text, so it reads the same whether the kernel prints
 * the error or reports it as a Jupyter error. `MLT_ERRORS=full` keeps the original stacks.
 */
import * as path from "path";
import * as util from "util";

/** One frame of a V8 stack trace. */
export interface StackFrame {
  /** The function as V8 names it ("Object.monteCarloErrorCurve", "new Rng"), or "" when anonymous. */
  fn: string;
  file: string;
  line: number;
  column: number;
}

/** The source of one executed cell and the JavaScript tslab ran for it. */
export interface CellRecord {
  /** tslab's execution count, shown by Jupyter as `[count]`. */
  count: number;
  source: string;
  /** The compiled cell as run, without tslab's one-line wrapper prefix. */
  output: string;
  /** Lazily computed: output line (1-based index) → source line (1-based). */
  lines?: number[];
}

const FRAME = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * The frames of a V8 stack string (lines that do not parse as frames are skipped).
 * @internal
 */
export function parseStack(stack: string): StackFrame[] {
  const out: StackFrame[] = [];
  for (const l of stack.split("\n")) {
    if (!/^\s+at /.test(l)) continue;
    const m = FRAME.exec(l);
    if (!m) continue;
    out.push({ fn: (m[1] ?? "").replace(/^new /, ""), file: m[2], line: Number(m[3]), column: Number(m[4]) });
  }
  return out;
}

const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[-+]?\d+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
/** Tokens tslab adds to a cell when it compiles it. */
const ADDED = new Set(["exports", "tsLastExpr", "void", "0"]);
/** Compiled lines that tslab adds and that have no source line of their own. */
const BOILERPLATE = [/^Object\.defineProperty\(exports, "__esModule"/, /^exports\.[\w$]+ = (exports\.[\w$]+ = )*void 0;$/, /^exports\.([\w$]+) = \1;$/];

function tokens(line: string, compiled: boolean): string[] {
  const all = line.match(TOKEN) ?? [];
  return compiled ? all.filter((t) => !ADDED.has(t)) : all;
}

function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let hit = 0;
  for (const t of a) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      hit += 1;
      counts.set(t, c - 1);
    }
  }
  return hit / a.length;
}

/**
 * For each line of a compiled cell, the line of the cell's TypeScript source it came from (1-based).
 * tslab's compiler keeps statements in order but drops types, comments and blank lines, rewrites
 * names from earlier cells as `exports.name` and adds export lines; the map is the monotone alignment
 * of compiled lines to source lines that maximizes the shared tokens, and a compiled line with nothing
 * of its own (an added export, a lone `});`) takes the line of the statement before it.
 * @internal
 */
export function cellLineMap(source: string, output: string): number[] {
  const src = source.split("\n").map((l) => tokens(l, false));
  const out = output.split("\n").map((l) => (BOILERPLATE.some((re) => re.test(l.trim())) ? [] : tokens(l, true)));
  const S = src.length;
  const O = out.length;
  // best[i][j]: the best total score of compiled lines 0..i with line i mapped to source line j.
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i < O; i++) {
    const row = new Float64Array(S);
    const back = new Int32Array(S);
    let runMax = -Infinity;
    let runArg = 0;
    for (let j = 0; j < S; j++) {
      if (i > 0 && best[i - 1][j] > runMax) {
        runMax = best[i - 1][j];
        runArg = j;
      }
      // A small preference for the earliest source line keeps lines without tokens with the statement before them.
      row[j] = (i > 0 ? runMax : 0) + overlap(out[i], src[j]) - 1e-6 * j;
      back[j] = runArg;
    }
    best.push(row);
    from.push(back);
  }
  const map = new Array<number>(O).fill(1);
  if (O === 0 || S === 0) return map;
  let j = 0;
  for (let k = 1; k < S; k++) if (best[O - 1][k] > best[O - 1][j]) j = k;
  for (let i = O - 1; i >= 0; i--) {
    map[i] = j + 1;
    j = from[i][j];
  }
  // A line with nothing of its own belongs to the statement before it.
  for (let i = 1; i < O; i++) if (out[i].length === 0) map[i] = map[i - 1];
  return map;
}

/** Where the library's own files live (its compiled `dist/` in a notebook, its sources in tests). */
const LIB_DIR = path.resolve(__dirname, "..");

function isLibrary(file: string): boolean {
  return file.startsWith(LIB_DIR + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

const CELL_FILE = /^cell\[(\d+)\]$/;

/** The name a function has in the cell that called it: `lab.numerics.monteCarloErrorCurve` for "Object.monteCarloErrorCurve". */
function calledName(frameFn: string, cellLine: string | undefined): string | null {
  const bare = frameFn.replace(/^(Object|Module|Function)\./, "");
  if (!bare || bare.includes("<anonymous>")) return null;
  const last = bare.split(".").pop()!;
  if (cellLine) {
    const re = new RegExp(`((?:[A-Za-z_$][\\w$]*\\s*\\.\\s*)*)${last.replace(/\$/g, "\\$")}\\b\\s*[(<]`);
    const m = re.exec(cellLine);
    if (m) return `${m[1].replace(/\s+/g, "")}${last}`;
  }
  return bare;
}

/** The argument a ValidationError blames: its `argument`, else the name its message begins with. */
function argumentOf(err: Error): string | null {
  const named = (err as { argument?: unknown }).argument;
  if (typeof named === "string" && named) return named;
  if (err.name !== "ValidationError") return null;
  const m = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\[\d+\])?) (?:must|should|has|have|is|are|needs|cannot|contains|expects)\b/.exec(err.message);
  return m ? m[1] : null;
}

function shorten(line: string): string {
  const t = line.trim();
  return t.length > 100 ? `${t.slice(0, 99)}…` : t;
}

/**
 * The text a student sees for an error that escaped cell `cellFile` (a name `cell[N]` that the kernel
 * hook gives each cell's script): the message, the library function the cell called and the argument
 * at fault, the cell line, and, for an error raised in a function defined in another cell, that
 * cell's line too. Without a cell frame, the message and the function alone.
 * @internal
 */
export function describeError(err: Error, cells: ReadonlyMap<string, CellRecord>, cellFile: string | null): string {
  const stack = typeof err.stack === "string" ? err.stack : "";
  const frames = parseStack(stack);
  const head = `${err.name || "Error"}: ${err.message}`;
  const lines = [head];
  const where = (f: StackFrame): { rec: CellRecord; line: number; text: string } | null => {
    const rec = cells.get(f.file);
    if (!rec) return null;
    rec.lines ??= cellLineMap(rec.source, rec.output);
    const line = rec.lines[f.line - 1] ?? 1;
    return { rec, line, text: rec.source.split("\n")[line - 1] ?? "" };
  };
  const firstCell = frames.findIndex((f) => CELL_FILE.test(f.file));
  const inner = firstCell >= 0 ? where(frames[firstCell]) : null;
  // The function the cell called: the outermost library frame above the first cell frame, else
  // (tfjs called directly, say) the frame right above it.
  const above = firstCell >= 0 ? frames.slice(0, firstCell) : frames;
  let called: string | null = null;
  for (let k = above.length - 1; k >= 0 && called === null; k--) {
    if (isLibrary(above[k].file)) called = calledName(above[k].fn, inner?.text);
  }
  if (called === null && firstCell > 0) {
    const f = frames[firstCell - 1];
    const bare = f.fn.replace(/^(Object|Module)\./, "").replace(/_+(op)?$/, ""); // tfjs names an op matMul__op
    if (bare && inner && new RegExp(`\\.\\s*${bare.split(".").pop()!.replace(/\$/g, "\\$")}\\s*\\(`).test(inner.text)) called = calledName(bare, inner.text);
  }
  const arg = argumentOf(err);
  if (called) lines.push(`    in ${called}${arg ? `, argument ${arg}` : ""}`);
  else if (arg) lines.push(`    argument ${arg}`);
  if (inner) {
    const label = (f: StackFrame, line: number) => (f.file === cellFile ? `line ${line} of this cell` : `line ${line} of cell [${CELL_FILE.exec(f.file)![1]}]`);
    lines.push(`    at ${label(frames[firstCell], inner.line)}: ${shorten(inner.text)}`);
    // Raised in a function another cell defined: also the line of this cell that called it.
    if (frames[firstCell].file !== cellFile && cellFile) {
      const outer = frames.find((f) => f.file === cellFile);
      const w = outer ? where(outer) : null;
      if (outer && w) lines.push(`    called from ${label(outer, w.line)}: ${shorten(w.text)}`);
    }
  }
  return lines.join("\n");
}

const DIAGNOSTIC = /^(\d+):(\d+) - (.*)$/;

/**
 * tslab prints a cell that does not compile as `3:45 - Cannot find name 'g'.`; this reads
 * `TypeScript: Cannot find name 'g'.` and the cell line with its line and column. Other text is
 * returned as it is.
 * @internal
 */
export function describeDiagnostics(text: string, source: string): string {
  const lines = source.split("\n");
  return text
    .split("\n")
    .map((l) => {
      const m = DIAGNOSTIC.exec(l);
      const code = m ? lines[Number(m[1]) - 1] : undefined;
      return m && code !== undefined ? `TypeScript: ${m[3]}\n    at line ${m[1]}, column ${m[2]} of this cell: ${shorten(code)}` : l;
    })
    .join("\n");
}

// ---------------------------------------------------------------------------------------------------
// The kernel hook.

const CELL_PREFIX = /^\((?:async )?function\(exports, require\) \{ /;
const INSTALLED = Symbol.for("mltheory.cellErrors");
const KEEP = 200;

interface HookState {
  cells: Map<string, CellRecord>;
  pending: { count: number; source: string } | null;
}

function present(err: unknown, state: HookState, cellFile: string): void {
  if (!(err instanceof Error) || process.env.MLT_ERRORS === "full") return;
  if (Object.prototype.hasOwnProperty.call(err, util.inspect.custom)) return;
  let text: string;
  try {
    text = describeError(err, state.cells, cellFile);
  } catch {
    return; // never let the display of an error hide the error
  }
  try {
    Object.defineProperty(err, "stack", { value: text, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(err, util.inspect.custom, { value: () => text, writable: true, configurable: true, enumerable: false });
  } catch {
    /* a frozen error keeps its own stack */
  }
}

/**
 * Inside a tslab kernel, names each cell's script `cell[N]` (N its execution count), remembers its
 * source and compiled code, and rewrites errors escaping a cell as {@link describeError} does.
 * Does nothing outside tslab, when already installed, or with `MLT_ERRORS=full`. Returns whether the
 * hook is active.
 * @internal
 */
export function installCellErrors(): boolean {
  const g = globalThis as { [INSTALLED]?: HookState };
  if (g[INSTALLED]) return true;
  if (process.env.MLT_ERRORS === "full") return false;
  let handler: { prototype: { handleExecuteImpl?: (...a: unknown[]) => unknown } } | undefined;
  try {
    // The kernel's own modules: tslab's Jupyter handler (to read each cell's source) and Node's vm
    // (whose runInThisContext tslab looks up on every cell).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require("tslab/dist/jupyter") as { JupyterHandlerImpl?: typeof handler }).JupyterHandlerImpl;
  } catch {
    return false;
  }
  if (!handler || typeof handler.prototype.handleExecuteImpl !== "function") return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vm = require("vm") as { runInThisContext: (code: string, options?: unknown) => unknown };
  const state: HookState = { cells: new Map(), pending: null };
  g[INSTALLED] = state;
  // tfjs and the library nest deeply: keep enough frames that the cell's own frame is among them.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 64);

  const handleExecuteImpl = handler.prototype.handleExecuteImpl;
  handler.prototype.handleExecuteImpl = function (this: { execCount?: number }, ...args: unknown[]) {
    const req = args[0] as { code?: unknown } | undefined;
    if (req && typeof req.code === "string") {
      state.pending = { count: (this.execCount ?? 0) + 1, source: req.code };
      const write = args[1];
      const source = req.code;
      if (typeof write === "function") args[1] = (name: string, text: string) => write(name, name === "stderr" ? describeDiagnostics(text, source) : text);
    }
    return handleExecuteImpl.apply(this, args);
  };

  const runInThisContext = vm.runInThisContext;
  vm.runInThisContext = function (this: unknown, code: string, options?: unknown) {
    const cell = state.pending;
    if (!cell || typeof code !== "string" || !CELL_PREFIX.test(code)) return runInThisContext.call(this, code, options);
    state.pending = null;
    const file = `cell[${cell.count}]`;
    state.cells.set(file, { count: cell.count, source: cell.source, output: code.replace(CELL_PREFIX, "") });
    if (state.cells.size > KEEP) state.cells.delete(state.cells.keys().next().value as string);
    const opts = options && typeof options === "object" ? { ...options, filename: file } : { filename: file };
    let result: unknown;
    try {
      result = runInThisContext.call(this, code, opts);
    } catch (e) {
      present(e, state, file);
      throw e;
    }
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<unknown>).then(undefined, (e: unknown) => {
        present(e, state, file);
        throw e;
      });
    }
    return result;
  };
  return true;
}
