/**
 * Where the library runs: the project root, the build folder, and whether a tslab kernel is listening.
 */
import * as fs from "fs";
import * as path from "path";

let rootCache: string | null = null;

/**
 * The project root: the nearest folder above this file whose package.json declares workspaces
 * (the current working directory if there is none). Cached after the first call.
 * @example const dataDir = path.join(lab.runtime.projectRoot(), "data");
 */
export function projectRoot(): string {
  if (rootCache) return rootCache;
  let dir = fs.realpathSync(__dirname);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, "utf8")) as { workspaces?: unknown };
        if (json.workspaces) return (rootCache = dir);
      } catch {
        /* an unreadable package.json is not the root; keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return (rootCache = process.cwd());
    dir = up;
  }
}

/**
 * The build folder: `MLT_BUILD_DIR` (resolved to an absolute path) if set, else `<root>/build`.
 * @example const figuresDir = path.join(lab.runtime.buildDir(), "figures");
 */
export function buildDir(): string {
  return process.env.MLT_BUILD_DIR ? path.resolve(process.env.MLT_BUILD_DIR) : path.join(projectRoot(), "build");
}

/**
 * A path as a reader should see it, never an absolute path of the machine: relative to the project
 * root when inside it (e.g. "build/results/00-start-here.json"), relative to the build folder named
 * by `MLT_BUILD_DIR` when inside that ("results/00-start-here.json in MLT_BUILD_DIR"), else the file
 * name alone.
 * @internal
 */
export function displayPath(p: string): string {
  const abs = path.resolve(p);
  const root = projectRoot();
  const inside = (dir: string) => abs === dir || abs.startsWith(dir + path.sep);
  const build = buildDir();
  if (inside(root)) return path.relative(root, abs).split(path.sep).join("/") || ".";
  if (inside(build)) return `${path.relative(build, abs).split(path.sep).join("/")} in MLT_BUILD_DIR`;
  return path.basename(abs);
}

/**
 * Writes a file atomically (write to a temporary name, then rename), creating folders as needed.
 * @internal
 */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The display API of tslab, when this process is a tslab kernel executing a cell. */
export interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
  text(s: string): void;
}
interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

let tslabCache: TslabModule | null | undefined;

function loadTslab(): TslabModule | null {
  if (tslabCache !== undefined) return tslabCache;
  try {
    // tslab is only importable where it is installed; its display works only inside the kernel.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require("tslab") as TslabModule;
    tslabCache = jupyter && mod ? mod : null;
  } catch {
    tslabCache = null;
  }
  return tslabCache;
}

/**
 * True when this code runs inside a tslab kernel that is executing a cell (rich display works);
 * always false when `MLT_NO_DISPLAY=1`.
 * @example if (!lab.runtime.inNotebook()) console.log("figures are written to build/figures only");
 */
export function inNotebook(): boolean {
  if (process.env.MLT_NO_DISPLAY === "1") return false;
  const mod = loadTslab();
  if (!mod) return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    return jupyter.lastWriteDisplayData != null;
  } catch {
    return false;
  }
}

/**
 * tslab's display, or null outside a notebook.
 * @internal
 */
export function notebookDisplay(): TslabDisplay | null {
  return inNotebook() ? loadTslab()!.display : null;
}

/**
 * Sends one output with several representations (a MIME bundle such as plotly's JSON with an HTML
 * fallback and plain text); the front end shows the richest one it can render. Returns false
 * (sending nothing) outside a notebook.
 * @internal
 */
export function displayBundle(data: Record<string, unknown>): boolean {
  if (!inNotebook()) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: ((msg: unknown, update: boolean) => void) | null };
  if (!jupyter.lastWriteDisplayData) return false;
  jupyter.lastWriteDisplayData({ data, metadata: {}, transient: {} }, false);
  return true;
}

/**
 * A display entry that can be overwritten in place, or null outside a notebook.
 * @internal
 */
export function newNotebookDisplay(): TslabDisplay | null {
  return inNotebook() ? loadTslab()!.newDisplay() : null;
}
