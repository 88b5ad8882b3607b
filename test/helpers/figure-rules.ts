/**
 * The figure rules of the collection, checked on saved plotly specifications
 * (`build/figures/<notebook>/<NN>-<name>.json`):
 *
 * 1. **Log axes cannot be misread.** Every log axis either labels powers of ten only (a whole number
 *    `dtick` of decades with `exponentformat: "power"`: minor ticks are drawn unlabelled), or, when it
 *    spans less than a decade or two, lists its ticks (`tickmode: "array"`) with labels that are the
 *    full values ("0.02", "5×10⁻³"). Plotly's own choice on a short log axis ("D1"/"D2") labels
 *    minor ticks with bare digits, so a "2" on a decade axis means 20 or 0.2.
 * 2. **Every trace named in the legend is visible.** A trace is hidden when another trace passes
 *    through all its points and covers its strokes: one drawn over it with a solid line at least as
 *    wide (or the same dash at least as wide) and filled markers at least as large; or one drawn
 *    under it in the same colour with a solid line at least as wide, which swallows its dashes. A
 *    trace may be declared as coinciding (`meta.coincidesWith` names the trace it lies on; the
 *    builders draw it distinguishably and say so in the caption).
 * 3. **Distinct series never look identical.** No two legend entries share colour, dash, width,
 *    mode and marker symbol.
 */

export interface Violation {
  rule: "log-ticks" | "hidden-trace" | "identical-legend";
  message: string;
}

type Obj = Record<string, unknown>;
interface Trace extends Obj {
  type?: string;
  name?: string;
  x?: unknown[];
  y?: unknown[];
  mode?: string;
  line?: { color?: string; dash?: string; width?: number };
  marker?: { color?: string; symbol?: string; size?: number };
  showlegend?: boolean;
  visible?: boolean | string;
  opacity?: number;
  meta?: { coincidesWith?: string };
  fill?: string;
}

const SUP: Record<string, string> = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "−": "-" };

/** The number a full-value tick label states ("0.02", "5×10⁻³", "10⁴", "2000"), or NaN. */
export function labelValue(text: string): number {
  const t = text
    .replace(/<sup>(.*?)<\/sup>/g, (_, e: string) => `^${e}`)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+/g, (run) => `^${[...run].map((c) => SUP[c]).join("")}`)
    .replace(/−/g, "-")
    .replace(/\s+/g, "");
  let m = /^(-?\d+(?:\.\d+)?)[×x·]10\^(-?\d+)$/.exec(t);
  if (m) return Number(m[1]) * 10 ** Number(m[2]);
  m = /^10\^(-?\d+)$/.exec(t);
  if (m) return 10 ** Number(m[1]);
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

function checkLogAxis(name: string, ax: Obj): string | null {
  if (ax.type !== "log") return null;
  if (ax.tickmode === "array") {
    const vals = ax.tickvals as number[] | undefined;
    const text = ax.ticktext as string[] | undefined;
    if (!Array.isArray(vals) || !Array.isArray(text) || vals.length !== text.length || vals.length < 2) {
      return `${name}: listed ticks need tickvals and ticktext of equal length (at least 2)`;
    }
    for (let i = 0; i < vals.length; i++) {
      const v = labelValue(String(text[i]));
      if (!(Math.abs(v - vals[i]) <= 1e-9 * Math.abs(vals[i]))) return `${name}: tick ${vals[i]} is labelled "${text[i]}", not its full value`;
    }
    return null;
  }
  const dtick = ax.dtick;
  if (typeof dtick !== "number" || !Number.isInteger(dtick) || dtick < 1) {
    return `${name}: log axis without the agreed ticks (dtick ${JSON.stringify(dtick)}; plotly's default labels minor ticks with bare digits)`;
  }
  if (ax.exponentformat !== "power") return `${name}: powers of ten must be written as powers (exponentformat "power", got ${JSON.stringify(ax.exponentformat)})`;
  return null;
}

function num(v: unknown): number {
  return typeof v === "number" ? v : v === null || v === undefined ? NaN : Number(v);
}

interface Drawn {
  index: number;
  name: string;
  px: number[];
  py: number[];
  lines: boolean;
  markers: boolean;
  color: string;
  dash: string;
  width: number;
  symbol: string;
  size: number;
  legend: boolean;
  coincides?: string;
}

function drawn(t: Trace, index: number, xlog: boolean, ylog: boolean): Drawn | null {
  if ((t.type ?? "scatter") !== "scatter" || t.visible === false || t.visible === "legendonly") return null;
  const xs = (t.x ?? []).map(num);
  const ys = (t.y ?? []).map(num);
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xlog ? Math.log10(xs[i]) : xs[i];
    const y = ylog ? Math.log10(ys[i]) : ys[i];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      px.push(x);
      py.push(y);
    }
  }
  const mode = t.mode ?? (xs.length <= 20 ? "lines+markers" : "lines");
  const width = t.line?.width ?? 2;
  const color = String(t.line?.color ?? t.marker?.color ?? "").toLowerCase();
  return {
    index,
    name: String(t.name ?? `trace ${index}`),
    px,
    py,
    lines: mode.includes("lines") && width > 0,
    markers: mode.includes("markers"),
    color,
    dash: t.line?.dash ?? "solid",
    width,
    symbol: String(t.marker?.symbol ?? "circle"),
    size: t.marker?.size ?? 6,
    legend: t.showlegend !== false && Boolean(t.name),
    coincides: t.meta?.coincidesWith,
  };
}

/** Whether the polyline of `u` passes within `eps` (a fraction of each axis' span) of every point of `t`. */
function passesThrough(t: Drawn, u: Drawn, sx: number, sy: number, eps: number): boolean {
  if (t.px.length === 0 || u.px.length === 0) return false;
  const order = u.px.map((_, i) => i).sort((a, b) => u.px[a] - u.px[b]);
  const ux = order.map((i) => u.px[i]);
  const uy = order.map((i) => u.py[i]);
  for (let k = 0; k < t.px.length; k++) {
    const x = t.px[k];
    if (x < ux[0] - eps * sx || x > ux[ux.length - 1] + eps * sx) return false;
    let y: number;
    if (ux.length === 1 || x <= ux[0]) y = uy[0];
    else if (x >= ux[ux.length - 1]) y = uy[uy.length - 1];
    else {
      let j = 1;
      while (ux[j] < x) j++;
      const f = ux[j] === ux[j - 1] ? 0 : (x - ux[j - 1]) / (ux[j] - ux[j - 1]);
      y = uy[j - 1] + f * (uy[j] - uy[j - 1]);
    }
    if (Math.abs(y - t.py[k]) > eps * sy) return false;
  }
  return true;
}

/** Whether `u`'s markers sit on each of `t`'s points, filled and at least as large. */
function markersCover(t: Drawn, u: Drawn, sx: number, sy: number, eps: number): boolean {
  if (!t.markers) return true;
  if (!u.markers || u.symbol.includes("open") || u.size < t.size) return false;
  return t.px.every((x, k) => u.px.some((ux, j) => Math.abs(ux - x) <= eps * sx && Math.abs(u.py[j] - t.py[k]) <= eps * sy));
}

/** The axis span of all plotted points (in plotted units: log10 on a log axis), at least a tiny positive number. */
function span(values: number[]): number {
  if (values.length === 0) return 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return Math.max(hi - lo, 1e-12);
}

/**
 * Every rule a figure spec breaks (empty when it follows them all).
 * `eps` is the distance, as a fraction of the axis span, under which two curves coincide on screen.
 */
export function figureViolations(spec: { data: Trace[]; layout: Obj }, eps = 0.006): Violation[] {
  const out: Violation[] = [];
  for (const key of Object.keys(spec.layout).filter((k) => /^[xy]axis\d*$/.test(k))) {
    const msg = checkLogAxis(key, spec.layout[key] as Obj);
    if (msg) out.push({ rule: "log-ticks", message: msg });
  }
  // Traces are compared within their own panel (a pair of axes), in that panel's units.
  const panels = new Map<string, Trace[]>();
  spec.data.forEach((t, i) => {
    const key = `${String(t.xaxis ?? "x")}|${String(t.yaxis ?? "y")}`;
    panels.set(key, [...(panels.get(key) ?? []), { ...t, _index: i } as Trace]);
  });
  const legend: Drawn[] = [];
  for (const [key, members] of panels) {
    const [xr, yr] = key.split("|");
    const isLog = (ref: string, dim: string) => (spec.layout[`${dim}axis${ref.slice(1)}`] as Obj | undefined)?.type === "log";
    const traces = members.map((t) => drawn(t, Number(t._index), isLog(xr, "x"), isLog(yr, "y"))).filter((d): d is Drawn => d !== null);
    hiddenIn(traces, eps, out);
    legend.push(...traces);
  }
  legend.sort((a, b) => a.index - b.index);
  const seen = new Map<string, string>();
  for (const t of legend) {
    if (!t.legend) continue;
    const swatch = JSON.stringify([t.lines ? [t.color, t.dash, t.width] : null, t.markers ? [t.color, t.symbol] : null]);
    const other = seen.get(swatch);
    if (other !== undefined) out.push({ rule: "identical-legend", message: `"${t.name}" and "${other}" look identical in the legend (colour, dash, width, marker)` });
    else seen.set(swatch, t.name);
  }
  return out;
}

/** Adds a violation for each legend trace of one panel that another trace of the panel hides. */
function hiddenIn(traces: Drawn[], eps: number, out: Violation[]): void {
  const sx = span(traces.flatMap((t) => t.px));
  const sy = span(traces.flatMap((t) => t.py));
  const declared = (a: Drawn, b: Drawn) => a.coincides === b.name || b.coincides === a.name || (a.coincides !== undefined && b.name.startsWith(a.coincides)) || (b.coincides !== undefined && a.name.startsWith(b.coincides));
  for (const t of traces) {
    if (!t.legend) continue;
    for (const u of traces) {
      if (u === t || declared(t, u) || !passesThrough(t, u, sx, sy, eps)) continue;
      const above = u.index > t.index;
      // Drawn over t: a line at least as wide, solid or of t's own dash, covers t's line.
      const coversOver = above && (!t.lines || (u.lines && (u.dash === "solid" || u.dash === t.dash) && u.width >= t.width)) && markersCover(t, u, sx, sy, eps);
      // Drawn under t in t's colour: a solid line at least as wide swallows t's dashes.
      const swallows = !above && t.lines && u.lines && u.color === t.color && u.dash === "solid" && u.width >= t.width && (!t.markers || markersCover(t, u, sx, sy, eps));
      if (coversOver || swallows) {
        out.push({
          rule: "hidden-trace",
          message: `"${t.name}" is hidden ${coversOver ? "under" : "in"} "${u.name}" (same points${swallows ? ", same colour" : ""}); draw it distinguishably or declare it with coincidesWith`,
        });
        break;
      }
    }
  }
}
