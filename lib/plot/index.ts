/** Figures: builders in the collection's house style (`lines`, `loglog`, `scatter`, `heatmap`, `band`) and `show`. */
export { type Trace, type Figure, type Series, type AxisSpec, PALETTE, lines, scatter, loglog, heatmap, band } from "./figure";
export { show, figureHtml } from "./show";
