/**
 * Trace styles that keep every series of a figure recognizable: a marker symbol per series, theory
 * drawn in a darker shade of its series' colour (so its dashes show even where it runs along the
 * measurement), no two legend entries alike, and curves declared to coincide drawn so that both show.
 */
import { ValidationError } from "../runtime/errors";

type Trace = Record<string, unknown>;
interface Line {
  color?: string;
  dash?: string;
  width?: number;
}
interface Marker {
  color?: string;
  symbol?: string;
  size?: number;
}

/** Marker symbols, one per series in order (filled; the open variants mark coinciding series). */
export const SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "pentagon", "hexagon", "star"] as const;
/** Dash patterns, in the order a repeated style moves through them. */
export const DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"] as const;

/**
 * A darker shade of a `#rrggbb` colour (each channel × `f`); other colour strings are returned as given.
 * @internal
 */
export function shade(hex: string, f = 0.6): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  const c = (s: string) => Math.round(parseInt(s, 16) * f).toString(16).padStart(2, "0");
  return `#${c(m[1])}${c(m[2])}${c(m[3])}`;
}

const has = (t: Trace, part: "lines" | "markers") => String(t.mode ?? "lines").includes(part);
const inLegend = (t: Trace) => t.showlegend !== false && typeof t.name === "string" && t.name !== "";

function swatch(t: Trace): string {
  const l = (t.line ?? {}) as Line;
  const m = (t.marker ?? {}) as Marker;
  return JSON.stringify([has(t, "lines") ? [l.color, l.dash ?? "solid", l.width ?? 2] : null, has(t, "markers") ? [m.color, m.symbol ?? "circle"] : null]);
}

/** For a repeated line style, the alternatives to try, in order: a dashed line stays dashed. */
const ALTERNATIVES: Record<string, string[]> = {
  solid: ["longdash", "dashdot", "dot"],
  dash: ["longdash", "dashdot", "longdashdot", "dot"],
  longdash: ["dash", "longdashdot", "dashdot", "dot"],
  dot: ["dashdot", "longdashdot", "dash"],
  dashdot: ["longdashdot", "dot", "dash"],
  longdashdot: ["dashdot", "longdash", "dot"],
};

/**
 * Makes every legend entry look different: a trace whose colour, dash, width and marker repeat an
 * earlier entry's takes another marker symbol if it has markers, else another dash pattern of the
 * same kind (a dashed line stays dashed: long dashes, dash-dots), else a wider line.
 * @internal
 */
export function distinguish(data: Trace[]): void {
  const seen = new Set<string>();
  for (const t of data) {
    if (!inLegend(t)) continue;
    if (seen.has(swatch(t)) && has(t, "markers")) {
      const marker = { ...((t.marker ?? {}) as Marker) };
      t.marker = marker;
      for (let k = 0; k < SYMBOLS.length && seen.has(swatch(t)); k++) marker.symbol = SYMBOLS[k];
    }
    if (seen.has(swatch(t)) && has(t, "lines")) {
      const line = { ...((t.line ?? {}) as Line) };
      t.line = line;
      for (const dash of ALTERNATIVES[line.dash ?? "solid"] ?? DASHES) {
        if (!seen.has(swatch(t))) break;
        line.dash = dash;
      }
      for (let k = 0; k < 4 && seen.has(swatch(t)); k++) line.width = (line.width ?? 2) + 1;
    }
    seen.add(swatch(t));
  }
}

/**
 * Draws each trace declared to coincide (`meta.coincidesWith`, the name of the series it lies on)
 * on top of that series, dotted and wider, with open markers ringing the other's, and returns the
 * sentences that say so for the caption. The named series must be in the figure.
 * @internal
 */
export function drawCoinciding(data: Trace[]): string[] {
  const notes: string[] = [];
  for (const t of [...data]) {
    const target = (t.meta as { coincidesWith?: string } | undefined)?.coincidesWith;
    if (target === undefined) continue;
    const j = data.findIndex((u) => u !== t && (u.name === target || String(u.name ?? "").startsWith(`${target} (`)));
    if (j < 0) throw new ValidationError(`series "${String(t.name)}": coincidesWith names "${target}", which is not a series of this figure`, { argument: "coincidesWith" });
    const u = data[j];
    const ul = (u.line ?? {}) as Line;
    const um = (u.marker ?? {}) as Marker;
    const tl = (t.line ?? {}) as Line;
    const tm = (t.marker ?? {}) as Marker;
    t.line = { ...tl, dash: ul.dash === "dot" ? "dash" : "dot", width: Math.max(tl.width ?? 2, ul.width ?? 2) + 1.5 };
    t.marker = { ...tm, symbol: `${String(um.symbol ?? tm.symbol ?? "circle").replace(/-open$/, "")}-open`, size: (um.size ?? 7) + 5, line: { width: 2, color: tm.color ?? tl.color } };
    // On top of the series it lies on.
    const i = data.indexOf(t);
    if (i < j) {
      data.splice(i, 1);
      data.splice(data.indexOf(u) + 1, 0, t);
    }
    const own = (t.meta as { series?: string }).series ?? String(t.name);
    notes.push(`“${own}” lies on “${target}” where the two agree; it is drawn on top, dotted, with open markers.`);
  }
  return notes;
}
