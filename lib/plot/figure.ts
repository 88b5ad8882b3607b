/**
 * Figure builders. Each returns a plain plotly specification ({@link Figure}) in the collection's
 * house style; `show` displays it. Figures put theory beside measurement: `loglog` fits a slope to
 * each measured series and draws the theoretical rate as a dashed line through the same data.
 */
import { ValidationError } from "../runtime/errors";
import { fitLogLog, LineFit } from "../numerics/fit";
import { styleLogAxes } from "./ticks";
import { SYMBOLS, distinguish, drawCoinciding, shade } from "./style";

export type Trace = Record<string, unknown>;

export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  /** What to notice, shown under the figure. */
  caption?: string;
  /** Fitted log–log slopes by series name (from `loglog`). */
  fits?: Record<string, LineFit>;
}

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Draw as lines, markers or both (default: both when ≤ 30 points, else lines). */
  mode?: "lines" | "markers" | "lines+markers";
  dash?: "solid" | "dash" | "dot" | "dashdot" | "longdash" | "longdashdot";
  color?: string;
  /** Marker symbol (default: one per series, in the order of {@link SYMBOLS}). */
  symbol?: string;
  /** Symmetric error bars. */
  error?: ArrayLike<number>;
  /** Marks a theoretical curve: drawn dashed, in a darker shade of its colour (grey without one). */
  theory?: boolean;
  /**
   * The name of another series of the figure that this one lies on (where the two agree). It is
   * drawn on top of it, dotted and wider, with open markers ringing the other's, and the caption
   * says so; without it, a curve that falls on another would vanish under it.
   */
  coincidesWith?: string;
}

export interface AxisSpec {
  label: string;
  log?: boolean;
  range?: [number, number];
}

export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

/** Plain numbers rounded to 7 significant digits (NaN for non-finite). @internal */
export function toArray(a: ArrayLike<number>): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number.isFinite(a[i]) ? Number(a[i].toPrecision(7)) : NaN;
  return out;
}

/**
 * A matrix z[row][col] as plotly's packed typed array (float32, base64): a heatmap's values take
 * one line of a saved notebook instead of one indented line per number. Non-finite values are NaN
 * (an empty cell). Every row must have the same length.
 * @internal
 */
export function packMatrix(z: ArrayLike<number>[]): { dtype: "f4"; bdata: string; shape: string } {
  const rows = z.length;
  const cols = rows ? z[0].length : 0;
  const buf = new Float32Array(rows * cols);
  z.forEach((row, r) => {
    if (row.length !== cols) throw new ValidationError(`z: row ${r} has ${row.length} values, row 0 has ${cols}`, { argument: "z" });
    for (let c = 0; c < cols; c++) buf[r * cols + c] = Number.isFinite(row[c]) ? row[c] : NaN;
  });
  return { dtype: "f4", bdata: Buffer.from(buf.buffer).toString("base64"), shape: `${rows},${cols}` };
}

/** A plotly axis in the house style. @internal */
export function axis(spec: AxisSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: { text: spec.label },
    type: spec.log ? "log" : "linear",
    showgrid: true,
    gridcolor: "#e5e5e5",
    zeroline: false,
    showline: true,
    linecolor: "#444",
    ticks: "outside",
    exponentformat: "power",
  };
  if (spec.range) out.range = spec.log ? spec.range.map((v) => Math.log10(v)) : spec.range;
  return out;
}

/** The house layout with one pair of axes. @internal */
export function baseLayout(title: string, x: AxisSpec, y: AxisSpec): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: 15 } },
    xaxis: axis(x),
    yaxis: axis(y),
    template: "none",
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Helvetica, Arial, sans-serif", size: 12, color: "#222" },
    margin: { l: 70, r: 20, t: 50, b: 60 },
    legend: { bgcolor: "rgba(255,255,255,0.8)", bordercolor: "#ccc", borderwidth: 1 },
    height: 420,
  };
}

/** A scatter trace for a series in the house style. @internal */
export function seriesTrace(s: Series, i: number): Trace {
  if (s.x.length !== s.y.length) {
    throw new ValidationError(`series "${s.name}": x has ${s.x.length} points but y has ${s.y.length}`, { argument: "series" });
  }
  const color = s.theory ? (s.color ? shade(s.color) : "#555") : (s.color ?? PALETTE[i % PALETTE.length]);
  const mode = s.mode ?? (s.theory ? "lines" : s.x.length <= 30 ? "lines+markers" : "lines");
  const t: Trace = {
    type: "scatter",
    name: s.name,
    x: toArray(s.x),
    y: toArray(s.y),
    mode,
    line: { color, dash: s.dash ?? (s.theory ? "dash" : "solid"), width: s.theory ? 1.5 : 2 },
    marker: { color, size: 7, symbol: s.symbol ?? SYMBOLS[i % SYMBOLS.length] },
  };
  if (s.error) t.error_y = { type: "data", array: toArray(s.error), visible: true, color };
  if (s.coincidesWith !== undefined) t.meta = { coincidesWith: s.coincidesWith, series: s.name };
  return t;
}

/**
 * The last step of every builder: coinciding series drawn so both show (and said in the caption),
 * no two legend entries alike, and the collection's tick style on every log axis.
 * @internal
 */
export function finishFigure(fig: Figure, extra: { x?: number[]; y?: number[] } = {}): Figure {
  const notes = drawCoinciding(fig.data);
  distinguish(fig.data);
  styleLogAxes(fig.layout, fig.data, extra);
  if (notes.length) fig.caption = [fig.caption, ...notes].filter(Boolean).join(" ");
  return fig;
}

/**
 * Lines (or markers) against linear or log axes.
 * @example lab.plot.lines({ title: "Loss", x: { label: "step" }, y: { label: "loss", log: true }, series: [{ name: "GD", x: t, y: loss }] })
 */
export function lines(opts: { title: string; x: AxisSpec; y: AxisSpec; series: Series[]; caption?: string; hlines?: { y: number; label: string }[] }): Figure {
  const data = opts.series.map(seriesTrace);
  const layout = baseLayout(opts.title, opts.x, opts.y);
  if (opts.hlines?.length) {
    layout.shapes = opts.hlines.map((h) => ({ type: "line", xref: "paper", x0: 0, x1: 1, y0: h.y, y1: h.y, line: { color: "#555", dash: "dot", width: 1.5 } }));
    layout.annotations = opts.hlines.map((h) => ({ xref: "paper", x: 1, xanchor: "right", y: opts.y.log ? Math.log10(h.y) : h.y, yanchor: "bottom", text: h.label, showarrow: false, font: { size: 11, color: "#555" } }));
  }
  return finishFigure({ data, layout, caption: opts.caption }, { y: (opts.hlines ?? []).map((h) => h.y) });
}

/**
 * Like {@link lines}, but every series defaults to markers only (a series' own `mode` still wins).
 * @example lab.plot.scatter({ title: "Predictions", x: { label: "target y" }, y: { label: "prediction" }, series: [{ name: "test", x: yTest, y: yHat }] })
 */
export function scatter(opts: { title: string; x: AxisSpec; y: AxisSpec; series: Series[]; caption?: string }): Figure {
  return lines({ ...opts, series: opts.series.map((s) => ({ mode: "markers", ...s })) });
}

function fmtSlope(v: number): string {
  return v.toFixed(2).replace(/^-/, "−");
}

/**
 * A log–log plot that fits a slope to each measured series and draws the theoretical rate beside it.
 * `theory` gives, per series name (or `"*"` for all), the slope the theory predicts; the dashed
 * theory line passes through the geometric centre of that series' data.
 * The returned figure's `fits` holds each fitted slope.
 * @example
 * const fig = lab.plot.loglog({ title: "Monte Carlo error", x: { label: "samples m" }, y: { label: "RMSE" },
 *   series: [{ name: "d = 8", x: ms, y: errs }], theory: { "*": -0.5 } });
 * fig.fits["d = 8"].slope // ≈ −0.5
 */
export function loglog(opts: {
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  series: Series[];
  theory?: Record<string, number>;
  /** Fit only points with x in [lo, hi] (the asymptotic range); default all. */
  fitRange?: [number, number];
  caption?: string;
}): Figure {
  const data: Trace[] = [];
  const fits: Record<string, LineFit> = {};
  opts.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const fx: number[] = [];
    const fy: number[] = [];
    for (let k = 0; k < s.x.length; k++) {
      if (!opts.fitRange || (s.x[k] >= opts.fitRange[0] && s.x[k] <= opts.fitRange[1])) {
        fx.push(s.x[k]);
        fy.push(s.y[k]);
      }
    }
    const fit = s.theory ? null : fitLogLog(fx, fy);
    if (fit) fits[s.name] = fit;
    const label = fit ? `${s.name} (fit ${fmtSlope(fit.slope)})` : s.name;
    const trace = seriesTrace({ ...s, name: label, color }, i);
    if (trace.meta) (trace.meta as { series: string }).series = s.name;
    data.push(trace);
    const slope = opts.theory?.[s.name] ?? opts.theory?.["*"];
    if (fit && slope !== undefined) {
      const lx = fx.map(Math.log);
      const ly = fy.map(Math.log);
      const cx = lx.reduce((a, b) => a + b, 0) / lx.length;
      const cy = ly.reduce((a, b) => a + b, 0) / ly.length;
      const xs = [Math.min(...fx), Math.max(...fx)];
      data.push({
        type: "scatter",
        mode: "lines",
        name: `theory for ${s.name}: slope ${fmtSlope(slope)}`,
        x: xs,
        y: xs.map((x) => Math.exp(cy + slope * (Math.log(x) - cx))),
        // Dashed in a darker shade, on top: its dashes show where it runs along the measurement.
        line: { color: shade(color), dash: "dash", width: 2 },
      });
    }
  });
  const layout = baseLayout(opts.title, { ...opts.x, log: true }, { ...opts.y, log: true });
  return finishFigure({ data, layout, caption: opts.caption, fits });
}

/**
 * A heatmap of z[row][col] over (x = columns, y = rows), optionally with curves drawn over it
 * (e.g. a predicted stability boundary). `z` must have one row per `y.values` entry.
 * @example
 * lab.plot.heatmap({ title: "Final loss", x: { label: "step size lr", log: true, values: lrs },
 *   y: { label: "width m", log: true, values: widths }, z: finalLoss, zLabel: "loss",
 *   overlay: [{ name: "lr = 2/λmax", x: edge, y: widths, theory: true }] })
 */
export function heatmap(opts: {
  title: string;
  x: AxisSpec & { values: ArrayLike<number> };
  y: AxisSpec & { values: ArrayLike<number> };
  z: ArrayLike<number>[];
  zLabel: string;
  overlay?: Series[];
  colorscale?: string;
  caption?: string;
}): Figure {
  if (opts.z.length !== opts.y.values.length) {
    throw new ValidationError(`heatmap: z has ${opts.z.length} rows but y has ${opts.y.values.length} values`);
  }
  const data: Trace[] = [
    {
      type: "heatmap",
      x: toArray(opts.x.values),
      y: toArray(opts.y.values),
      z: packMatrix(opts.z),
      colorscale: opts.colorscale ?? "Viridis",
      colorbar: { title: { text: opts.zLabel } },
    },
  ];
  (opts.overlay ?? []).forEach((s, i) => data.push(seriesTrace({ color: "white", ...s }, i)));
  const layout = baseLayout(opts.title, opts.x, opts.y);
  return finishFigure({ data, layout, caption: opts.caption });
}

/**
 * Mean over runs (e.g. seeds) as a line, with a shaded band of ± one standard deviation
 * (the sample sd, sd = √(Σ(v − mean)² / (runs − 1))), or min–max with `band: "range"`.
 * Every run of a group must have one value per x.
 * @example
 * lab.plot.band({ title: "Training loss over 5 seeds", x: { label: "step" }, y: { label: "loss", log: true },
 *   groups: [{ name: "SGD, B = 32", x: steps, runs: lossPerSeed }] })
 */
export function band(opts: {
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  groups: { name: string; x: ArrayLike<number>; runs: ArrayLike<number>[]; color?: string }[];
  band?: "sd" | "range";
  extra?: Series[];
  caption?: string;
}): Figure {
  const data: Trace[] = [];
  opts.groups.forEach((g, i) => {
    const color = g.color ?? PALETTE[i % PALETTE.length];
    if (g.runs.length === 0) throw new ValidationError(`band "${g.name}": no runs`);
    const n = g.x.length;
    const mean: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (let k = 0; k < n; k++) {
      const vals = g.runs.map((r) => {
        if (r.length !== n) throw new ValidationError(`band "${g.name}": a run has ${r.length} points, x has ${n}`);
        return r[k];
      });
      const mu = vals.reduce((a, b) => a + b, 0) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, vals.length - 1));
      mean.push(mu);
      if (opts.band === "range") {
        lo.push(Math.min(...vals));
        hi.push(Math.max(...vals));
      } else {
        lo.push(mu - sd);
        hi.push(mu + sd);
      }
    }
    const xs = toArray(g.x);
    data.push({ type: "scatter", mode: "lines", x: xs, y: toArray(hi), line: { width: 0 }, showlegend: false, hoverinfo: "skip" });
    data.push({
      type: "scatter",
      mode: "lines",
      x: xs,
      y: toArray(lo),
      line: { width: 0 },
      fill: "tonexty",
      fillcolor: hexToRgba(color, 0.2),
      name: `${g.name} (${opts.band === "range" ? "min–max" : "± 1 sd"} over ${g.runs.length} runs)`,
      hoverinfo: "skip",
    });
    data.push(seriesTrace({ name: `${g.name} (mean)`, x: g.x, y: mean, color, mode: "lines" }, i));
  });
  (opts.extra ?? []).forEach((s, i) => data.push(seriesTrace(s, i + opts.groups.length)));
  return finishFigure({ data, layout: baseLayout(opts.title, opts.x, opts.y), caption: opts.caption });
}

function hexToRgba(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}
