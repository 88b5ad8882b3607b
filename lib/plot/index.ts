/** Figures: builders in the collection's house style (`lines`, `loglog`, `scatter`, `heatmap`, `heatmapPanels`, `band`) and `show`. */
export { type Trace, type Figure, type Series, type AxisSpec, PALETTE, lines, scatter, loglog, heatmap, band } from "./figure";
export { type HeatmapPanel, heatmapPanels } from "./panels";
export { SYMBOLS, DASHES } from "./style";
export { show, figureHtml } from "./show";
