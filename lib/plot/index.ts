export * from "./fit";
export { show, figureHtml } from "./show";
export type { Figure, Series, AxisSpec, Trace } from "./figure";
import * as figures from "./figure";
/** Figure builders: `lab.plot.lines`, `loglog`, `scatter`, `heatmap`, `band`. */
export const plot = {
  lines: figures.lines,
  loglog: figures.loglog,
  scatter: figures.scatter,
  heatmap: figures.heatmap,
  band: figures.band,
  PALETTE: figures.PALETTE,
};
