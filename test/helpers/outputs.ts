/**
 * What a reader sees in an executed notebook's outputs, and the output rules: no absolute path of
 * the machine that ran it (they end up in shared notebooks and HTML exports), and no line that is
 * only a number (a number means something only in a sentence that says what it is).
 */
import * as os from "os";
import * as path from "path";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  traceback?: string[];
}
interface Cell {
  id?: string;
  cell_type: string;
  outputs?: Output[];
}

export interface OutputProblem {
  /** The cell's id. */
  cell: string;
  /** 1-based position among the notebook's cells. */
  index: number;
  rule: "machine-path" | "bare-number";
  line: string;
}

const join = (t: unknown): string => (Array.isArray(t) ? t.join("") : typeof t === "string" ? t : "");
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** The text of an HTML output as a reader sees it (scripts and tags removed, entities decoded). */
function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, "")
    .replace(/<style[\s\S]*?<\/style>/gi, "")
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/tr>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** What each output shows as text (streams, plain text, HTML as rendered, errors). */
export function shownTexts(o: Output): string[] {
  if (o.output_type === "stream") return [plain(join(o.text))];
  if (o.output_type === "error") return [plain((o.traceback ?? []).join("\n"))];
  const d = o.data ?? {};
  const out: string[] = [];
  if (d["text/plain"] !== undefined) out.push(join(d["text/plain"]));
  if (d["text/html"] !== undefined) out.push(htmlText(join(d["text/html"])));
  if (d["text/markdown"] !== undefined) out.push(join(d["text/markdown"]));
  // Figure specs: their titles, names and labels are shown too (packed numbers are not text).
  for (const [k, v] of Object.entries(d)) if (k.endsWith("+json")) out.push(strings(v).join("\n"));
  return out;
}

/** The strings of a JSON value, except packed binary data (`bdata`). */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => (k === "bdata" ? [] : strings(x)));
  return [];
}

/** Absolute paths: a slash-led run of at least two path segments, not inside a word, URL or fraction. */
const ABSOLUTE = /(?<![\w.:/~\\-])\/(?:[\w.@+-]+\/)+[\w.@+-]*/g;
const BARE_NUMBER = /^\s*[-+−]?(\d[\d_,]*(\.\d+)?|\.\d+)([eE][-+−]?\d+)?\s*$/;

/** The places of this machine that must never show: the project, the home and temporary folders. */
export function machinePlaces(root: string): string[] {
  return [...new Set([path.resolve(root), os.homedir(), os.tmpdir(), "/work", "/root", "/home"].filter((p) => p && p !== "/"))];
}

/** Every output line of the notebook that breaks an output rule. */
export function outputProblems(nb: { cells: Cell[] }, places: string[]): OutputProblem[] {
  const out: OutputProblem[] = [];
  nb.cells.forEach((c, i) => {
    for (const o of c.outputs ?? []) {
      const isValue = o.output_type === "stream" || (o.output_type === "execute_result" && o.data?.["text/plain"] !== undefined);
      for (const text of shownTexts(o)) {
        for (const line of text.split(/\n|\\n/)) {
          const hit = places.some((p) => line.includes(p)) || [...line.matchAll(ABSOLUTE)].some((m) => !/^\/\//.test(m[0]));
          if (hit) out.push({ cell: c.id ?? "?", index: i + 1, rule: "machine-path", line: line.trim().slice(0, 160) });
        }
        if (isValue && o.output_type !== "error") {
          for (const line of text.split("\n")) if (BARE_NUMBER.test(line)) out.push({ cell: c.id ?? "?", index: i + 1, rule: "bare-number", line: line.trim() });
        }
      }
    }
  });
  return out;
}
