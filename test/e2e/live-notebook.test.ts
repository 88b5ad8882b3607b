/**
 * The interactive path in the classic Jupyter Notebook (6.x, what set-up installs from Debian where
 * PyPI is unreachable), driven in headless Chromium. The classic Notebook has no renderer for
 * plotly's JSON output, so each figure shows its light HTML fallback: the figure's title and a note
 * saying where it draws (JupyterLab, Notebook 7, the HTML export); running every cell of
 * 00-start-here must show that note with no page error. Runs on a copy of the notebook, so autosave
 * can never write outputs into notebooks/.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chromium } from "playwright-core";
import { chromiumPath } from "../helpers/browser";
import { startJupyter, type JupyterServer } from "../helpers/server";

const ROOT = path.resolve(__dirname, "..", "..");
const PY = fs.readFileSync(path.join(ROOT, "build", ".setup", "python"), "utf8").trim();
const hasClassic = spawnSync(PY, ["-c", "import notebook.notebookapp"], { encoding: "utf8" }).status === 0;
const skip = !chromiumPath() ? "Chromium not installed" : !hasClassic ? "Jupyter Notebook (classic) not installed" : false;

describe("live notebook in Jupyter", { skip }, () => {
  const dir = path.join(ROOT, "build", "test", "live");
  let nb: JupyterServer | null = null;
  let port = 0;
  let token = "";

  before(async () => {
    nb = await startJupyter({
      python: PY, root: ROOT, app: "notebook", dir, waitMs: 60000,
      files: [path.join(ROOT, "notebooks", "00-start-here.ipynb")],
      appArgs: (tok, d) => [`--NotebookApp.token=${tok}`, `--notebook-dir=${d}`],
    });
    ({ port, token } = nb);
  });

  after(() => {
    nb?.server.kill("SIGTERM");
  });

  it("running all cells of 00-start-here shows its figure's fallback in the page", async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath()!,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${port}/notebooks/00-start-here.ipynb?token=${token}`);
      type J = { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean }; execute_all_cells(): void } } };
      await page.waitForFunction(() => Boolean((window as unknown as J).Jupyter?.notebook?.kernel?.is_connected()), null, { timeout: 90000 });
      await page.evaluate(() => (window as unknown as J).Jupyter!.notebook!.execute_all_cells());
      await page.waitForSelector(".mlt-figure .mlt-figure-note", { timeout: 120000 });
      const notes = await page.evaluate(() => Array.from(document.querySelectorAll(".mlt-figure-note")).map((e) => e.textContent ?? ""));
      assert.equal(notes.length, 1);
      assert.match(notes[0], /^Monte Carlo integration.*drawn by the Python package plotly/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
