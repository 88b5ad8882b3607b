/**
 * Displays figures in a tslab notebook and saves their specifications.
 *
 * A figure is sent as plotly's JSON output (`application/vnd.plotly.v1+json`), which JupyterLab and
 * Jupyter Notebook 7 draw with plotly's renderer (the Python package `plotly`, installed by set-up),
 * with a light HTML fallback (the figure's title and a note saying where it draws; the runner's HTML
 * export replaces it by the drawn figure, loading the plotly bundle once) and a plain-text line.
 * Neither the plotly bundle nor a second copy of the spec is stored in the notebook, so a saved
 * notebook stays small. The caption follows as its own output. Every figure's spec is also written
 * to `build/figures/<notebook>/<NN>-<name>.json`.
 */
import * as path from "path";
import { buildDir, displayBundle, writeFileAtomic } from "../runtime/env";
import { Figure } from "./figure";
import { escapeHtml } from "../runtime/html";
import { currentSession, type Session } from "../runtime/setup";

let notebook = "scratch";
let counter = 0;
let session: Session | null = null;
let lastFile: string | null = null;

/** The MIME type of plotly's JSON figure output. */
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const CONFIG = { responsive: true, displaylogo: false };

/** Figure numbering restarts with every notebook session (each `lab.setup`). */
function followSession(): void {
  const s = currentSession();
  if (s !== session) {
    session = s;
    notebook = s?.notebook ?? "scratch";
    counter = 0;
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "figure";
}

function titleOf(fig: Figure): string {
  return String((fig.layout.title as { text?: string } | undefined)?.text ?? "figure");
}

/** The figure alone: a `<div id={id}>` and a script that draws it once `window.Plotly` exists. */
function drawHtml(fig: Figure, id: string): string {
  const spec = JSON.stringify({ data: fig.data, layout: fig.layout }).replace(/<\//g, "<\\/");
  return (
    `<div class="mlt-figure"><div id="${id}" style="width:100%;min-height:${Number(fig.layout.height ?? 420)}px"></div></div>` +
    `<script type="text/javascript">(function(){var spec=${spec};var tries=0;function draw(){var el=document.getElementById("${id}");` +
    `if(window.Plotly&&el){window.Plotly.newPlot(el,spec.data,spec.layout,${JSON.stringify(CONFIG)});}` +
    `else if(tries++<400){setTimeout(draw,50);}else if(el){el.textContent="plotly.js did not load.";}}draw();})();</script>`
  );
}

/**
 * What a front end without plotly's renderer shows in place of the figure: its title and where it
 * draws. No script and no copy of the spec (the JSON output holds it).
 */
function fallbackHtml(fig: Figure): string {
  return (
    `<div class="mlt-figure"><p class="mlt-figure-note" style="font-size:12px;color:#666">${escapeHtml(titleOf(fig))}: ` +
    "this interactive figure is drawn by the Python package plotly in JupyterLab and Jupyter Notebook 7 " +
    "(npm run setup installs it) and in the HTML export (npm run reproduce).</p></div>"
  );
}

function captionHtml(fig: Figure): string {
  return fig.caption
    ? `<p class="mlt-caption" style="font-size:13px;color:#333;max-width:800px;margin:4px 0 12px 0"><b>What to notice.</b> ${escapeHtml(fig.caption)}</p>`
    : "";
}

/**
 * The HTML that draws a figure into a `<div id={id}>` (without the plotly bundle: the script waits
 * up to 20 s for `window.Plotly`), followed by the figure's caption if it has one.
 * @example fs.writeFileSync("fig.html", lab.plot.figureHtml(fig, "fig-1"));
 */
export function figureHtml(fig: Figure, id: string): string {
  return drawHtml(fig, id) + captionHtml(fig);
}

/**
 * Shows a figure in the notebook (interactive plotly) and saves its spec as
 * `build/figures/<notebook>/<NN>-<name>.json`. Returns nothing, so a cell ending in `lab.show(…)`
 * prints nothing but the figure.
 * @example lab.show(lab.plot.loglog({ … }), "mc-error");
 */
export function show(fig: Figure, name?: string): void {
  followSession();
  counter += 1;
  const stem = `${String(counter).padStart(2, "0")}-${slug(name ?? titleOf(fig))}`;
  const file = path.join(buildDir(), "figures", notebook, `${stem}.json`);
  writeFileAtomic(file, JSON.stringify({ data: fig.data, layout: fig.layout, caption: fig.caption ?? null }) + "\n");
  lastFile = file;
  const shown = displayBundle({
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout, config: CONFIG },
    "text/html": fallbackHtml(fig),
    "text/plain": `Figure: ${titleOf(fig)}`,
  });
  if (shown && fig.caption) {
    displayBundle({ "text/html": captionHtml(fig), "text/plain": `What to notice. ${fig.caption}` });
  }
}

/**
 * The file the last {@link show} saved its figure's specification to (null before the first figure).
 * @internal
 */
export function lastFigureFile(): string | null {
  return lastFile;
}
