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
 * A path as a reader should see it: relative to the project root when inside it (e.g.
 * "build/results/00-start-here.json"), "~/…" inside the home folder, else as given.
 * @internal
 */
export function displayPath(p: string): string {
  const abs = path.resolve(p);
  const root = projectRoot();
  if (abs === root || abs.startsWith(root + path.sep)) return path.relative(root, abs) || ".";
  const home = process.env.HOME;
  if (home && abs.startsWith(home + path.sep)) return `~/${path.relative(home, abs)}`;
  return abs;
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
 * A display entry that can be overwritten in place, or null outside a notebook.
 * @internal
 */
export function newNotebookDisplay(): TslabDisplay | null {
  return inNotebook() ? loadTslab()!.newDisplay() : null;
}
