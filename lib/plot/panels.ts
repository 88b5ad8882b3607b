/**
 * Several heatmaps side by side (a grid of panels) sharing one colour scale, e.g. one landscape per
 * parameter value, with curves drawn over each panel.
 */
import { ValidationError } from "../runtime/errors";
import { axis, baseLayout, finishFigure, packMatrix, seriesTrace, toArray, type AxisSpec, type Figure, type Series, type Trace } from "./figure";

/** One panel of {@link heatmapPanels}: its title, grid and z[row][col] (rows follow y). */
export interface HeatmapPanel {
  title: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>[];
  /** Curves drawn over the panel (theory: dashed). */
  overlay?: Series[];
}

/**
 * A grid of heatmaps with one shared colour scale (range `zRange`, or the range of all panels) and
 * one colour bar; `columns` panels per row (default all in one row). Overlays are drawn in white
 * unless they name a colour; only the first panel's overlays appear in the legend.
 * @example
 * lab.plot.heatmapPanels({ title: "Landscapes", x: { label: "w₁" }, y: { label: "w₂" }, zLabel: "risk",
 *   panels: Ls.map((L, i) => ({ title: `L = ${L}`, x: axis, y: axis, z: grids[i] })) })
 */
export function heatmapPanels(opts: {
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  panels: HeatmapPanel[];
  zLabel: string;
  zRange?: [number, number];
  columns?: number;
  colorscale?: string;
  caption?: string;
}): Figure {
  const n = opts.panels?.length ?? 0;
  if (n === 0) throw new ValidationError("heatmapPanels needs at least one panel");
  const cols = opts.columns ?? n;
  if (!Number.isInteger(cols) || cols < 1) throw new ValidationError(`columns must be an integer ≥ 1, got ${opts.columns}`);
  const rows = Math.ceil(n / cols);
  let lo = Infinity;
  let hi = -Infinity;
  opts.panels.forEach((p, i) => {
    if (p.z.length !== p.y.length) throw new ValidationError(`panel ${i} ("${p.title}"): z has ${p.z.length} rows but y has ${p.y.length} values`);
    for (const row of p.z) for (let j = 0; j < row.length; j++) if (Number.isFinite(row[j])) (lo = Math.min(lo, row[j])), (hi = Math.max(hi, row[j]));
  });
  const [zmin, zmax] = opts.zRange ?? [lo, hi];
  const gap = 0.06;
  const width = (1 - gap * (cols - 1) - 0.08) / cols; // 8 % kept for the colour bar
  const height = (1 - gap * (rows - 1)) / rows;
  const layout = baseLayout(opts.title, opts.x, opts.y);
  const data: Trace[] = [];
  const annotations: Record<string, unknown>[] = [];
  opts.panels.forEach((p, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const suffix = i === 0 ? "" : String(i + 1);
    const x0 = c * (width + gap);
    const y1 = 1 - r * (height + gap);
    layout[`xaxis${suffix}`] = { ...axis(opts.x), domain: [x0, x0 + width], anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = { ...axis(opts.y), domain: [y1 - height, y1], anchor: `x${suffix}`, scaleanchor: `x${suffix}` };
    data.push({
      type: "heatmap",
      x: toArray(p.x),
      y: toArray(p.y),
      z: packMatrix(p.z),
      zmin,
      zmax,
      colorscale: opts.colorscale ?? "Viridis",
      showscale: i === 0,
      colorbar: { title: { text: opts.zLabel } },
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
    });
    (p.overlay ?? []).forEach((s, k) =>
      data.push({ ...seriesTrace({ color: "white", ...s }, k), xaxis: `x${suffix}`, yaxis: `y${suffix}`, showlegend: i === 0 }),
    );
    annotations.push({ text: p.title, xref: "paper", yref: "paper", x: x0 + width / 2, y: y1, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } });
  });
  layout.annotations = annotations;
  layout.height = 360 * rows + 60;
  layout.legend = { ...(layout.legend as object), orientation: "h", y: -0.15 };
  return finishFigure({ data, layout, caption: opts.caption });
}
