/**
 * One tick style for every log axis of the collection, chosen so that no label can be misread.
 * Plotly's default on a log axis spanning a decade or two labels the minor ticks with bare digits
 * ("2", "5"), so that a "2" between 10 and 100 means 20. Here:
 * - an axis that holds two or more powers of ten labels the powers of ten only, written 10ⁿ
 *   (every decade, or every k-th when there are many), with unlabelled minor ticks;
 * - a shorter axis lists its ticks (1, 2, 5 per decade, or 1…9, or an even step) and labels each
 *   with its full value ("0.02", "5×10⁻⁷").
 */

const MINOR = { ticks: "outside", ticklen: 3, tickcolor: "#999", showgrid: true, gridcolor: "#f3f3f3" };

/** At most this many labelled decades on one axis; more are thinned to every k-th. */
const MAX_DECADES = 8;

function superscript(n: number): string {
  return `<sup>${n < 0 ? "−" : ""}${Math.abs(n)}</sup>`;
}

/**
 * The full value of a tick as a label: plain decimals between 0.001 and 100 000, else m×10ⁿ.
 * @internal
 */
export function fullTickLabel(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(6)));
  const e = Math.floor(Math.log10(a) + 1e-12);
  const m = Number((v / 10 ** e).toPrecision(6));
  return m === 1 ? `10${superscript(e)}` : `${m}×10${superscript(e)}`;
}

function niceStep(raw: number): number {
  const e = Math.floor(Math.log10(raw));
  const f = raw / 10 ** e;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * 10 ** e;
}

/**
 * The tick attributes of a log axis whose data run from `lo` to `hi` (both > 0): see the file's
 * comment for the rule. Without a valid range, powers of ten every decade.
 * @internal
 */
export function logAxisTicks(lo: number, hi: number): Record<string, unknown> {
  const base = { exponentformat: "power", minorloglabels: "none", minor: MINOR };
  if (!(lo > 0 && hi > 0 && Number.isFinite(lo) && Number.isFinite(hi))) return { ...base, dtick: 1 };
  if (hi < lo) [lo, hi] = [hi, lo];
  const kLo = Math.ceil(Math.log10(lo) - 1e-9);
  const kHi = Math.floor(Math.log10(hi) + 1e-9);
  const powers = kHi - kLo + 1;
  if (powers >= 2) {
    const dtick = Math.max(1, Math.ceil(powers / MAX_DECADES));
    // Minor ticks at 2…9 × 10ⁿ (at the skipped powers of ten when decades are thinned), unlabelled.
    return { ...base, tickmode: "linear", tick0: 0, dtick, minor: { ...MINOR, dtick: dtick === 1 ? "D1" : 1 } };
  }
  // Less than two powers of ten: list the ticks, each labelled with its full value. Plotly pads the
  // range a little beyond the data, so candidates just outside it still show.
  const pad = (hi / lo) ** 0.04;
  const within = (v: number) => v >= lo / pad && v <= hi * pad;
  const candidates = (mults: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)); k++) {
      for (const m of mults) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (within(v)) out.push(v);
      }
    }
    return out;
  };
  let vals = candidates([1, 2, 5]);
  if (vals.length < 3) vals = candidates([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  if (vals.length < 3) {
    const step = niceStep((hi - lo) / 4);
    vals = [];
    for (let v = Math.ceil(lo / pad / step) * step; v <= hi * pad; v += step) if (v > 0) vals.push(Number(v.toPrecision(12)));
  }
  const minorVals = candidates([1, 2, 3, 4, 5, 6, 7, 8, 9]).filter((v) => !vals.includes(v));
  return { ...base, tickmode: "array", tickvals: vals, ticktext: vals.map(fullTickLabel), minor: { ...MINOR, tickmode: "array", tickvals: minorVals } };
}

/** Positive finite values of an array-like (the values a log axis can show). */
function positives(a: unknown): number[] {
  if (!Array.isArray(a)) return [];
  const out: number[] = [];
  for (const v of a) {
    if (Array.isArray(v)) out.push(...positives(v));
    else if (typeof v === "number" && v > 0 && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** The positive values a trace draws along one axis, error bars included. */
function drawnValues(t: Record<string, unknown>, dim: "x" | "y"): number[] {
  const v = t[dim];
  const err = (t[`error_${dim}`] as { array?: unknown } | undefined)?.array;
  if (!Array.isArray(v) || !Array.isArray(err)) return positives(v);
  const out = positives(v);
  v.forEach((c, i) => {
    const e = Number(err[i]);
    if (typeof c === "number" && Number.isFinite(e)) out.push(...positives([c - e, c + e]));
  });
  return out;
}

/**
 * Gives every log axis of a finished figure (`xaxis`, `yaxis`, and those of further panels,
 * `xaxis2`, …) the collection's tick style, from the range of the data drawn on it (the coordinates
 * of the traces on that axis, an explicit axis range, and `extra` values such as reference lines on
 * the first axes).
 * @internal
 */
export function styleLogAxes(layout: Record<string, unknown>, data: Record<string, unknown>[], extra: { x?: number[]; y?: number[] } = {}): void {
  for (const key of Object.keys(layout)) {
    const m = /^([xy])axis(\d*)$/.exec(key);
    const ax = layout[key] as Record<string, unknown> | undefined;
    if (!m || !ax || ax.type !== "log") continue;
    const dim = m[1] as "x" | "y";
    const ref = `${dim}${m[2]}`;
    const on = data.filter((t) => (t[`${dim}axis`] ?? dim) === ref);
    // An explicit range is what shows; else the data and the extra values.
    const vals = Array.isArray(ax.range)
      ? (ax.range as number[]).map((r) => 10 ** r)
      : [...on.flatMap((t) => drawnValues(t, dim)), ...(m[2] === "" ? positives(extra[dim] ?? []) : [])];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of vals) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    Object.assign(ax, logAxisTicks(lo, hi));
  }
}
