/**
 * Displays figures in a tslab notebook and saves their specifications.
 *
 * The plotly bundle (about 10 MB) is sent with the first figure of a kernel session only; later
 * figures wait for `window.Plotly`. Every figure's spec is also written to
 * `build/figures/<notebook>/<NN>-<name>.json`.
 */
import * as fs from "fs";
import * as path from "path";
import { buildDir, notebookDisplay, writeFileAtomic } from "../runtime/env";
import { Figure } from "./figure";
import { escapeHtml } from "../runtime/html";
import { currentSession, type Session } from "../runtime/setup";

let bundleSent = false;
let notebook = "scratch";
let counter = 0;
let session: Session | null = null;
let lastFile: string | null = null;

/** Figure numbering restarts with every notebook session (each `lab.setup`). */
function followSession(): void {
  const s = currentSession();
  if (s !== session) {
    session = s;
    notebook = s?.notebook ?? "scratch";
    counter = 0;
  }
}

function bundleScript(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const file = require.resolve("plotly.js-dist/plotly.js");
  return `<script type="text/javascript">${fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script")}</script>`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "figure";
}

/**
 * The HTML that draws a figure into a `<div id={id}>` (without the plotly bundle: the script waits
 * up to 20 s for `window.Plotly`), followed by the figure's caption if it has one.
 * @example fs.writeFileSync("fig.html", lab.plot.figureHtml(fig, "fig-1"));
 */
export function figureHtml(fig: Figure, id: string): string {
  const spec = JSON.stringify({ data: fig.data, layout: fig.layout }).replace(/<\//g, "<\\/");
  const caption = fig.caption ? `<p style="font-size:13px;color:#333;max-width:800px;margin:4px 0 12px 0"><b>What to notice.</b> ${escapeHtml(fig.caption)}</p>` : "";
  return (
    `<div class="mlt-figure"><div id="${id}" style="width:100%;min-height:${Number(fig.layout.height ?? 420)}px"></div>${caption}</div>` +
    `<script type="text/javascript">(function(){var spec=${spec};var tries=0;function draw(){var el=document.getElementById("${id}");` +
    `if(window.Plotly&&el){window.Plotly.newPlot(el,spec.data,spec.layout,{responsive:true,displaylogo:false});}` +
    `else if(tries++<400){setTimeout(draw,50);}else if(el){el.textContent="plotly.js did not load: rerun the notebook's first figure cell.";}}draw();})();</script>`
  );
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
  const stem = `${String(counter).padStart(2, "0")}-${slug(name ?? String((fig.layout.title as { text?: string } | undefined)?.text ?? "figure"))}`;
  const file = path.join(buildDir(), "figures", notebook, `${stem}.json`);
  writeFileAtomic(file, JSON.stringify({ data: fig.data, layout: fig.layout, caption: fig.caption ?? null }) + "\n");
  lastFile = file;
  const disp = notebookDisplay();
  if (disp) {
    const id = `mlt-fig-${notebook}-${stem}-${Math.random().toString(36).slice(2, 8)}`;
    const bundle = bundleSent ? "" : bundleScript();
    bundleSent = true;
    disp.html(bundle + figureHtml(fig, id));
  }
}

/**
 * The file the last {@link show} saved its figure's specification to (null before the first figure).
 * @internal
 */
export function lastFigureFile(): string | null {
  return lastFile;
}
