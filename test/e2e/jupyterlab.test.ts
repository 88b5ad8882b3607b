/**
 * The notebooks where people read them: real JupyterLab 4 (from the project's .venv), started headless
 * on a free port with a token and the checkout's tslab kernelspec, driven in Chromium by playwright.
 * Running every cell of 00-start-here (smoke scale) must draw its plotly figure in JupyterLab's output
 * area (plotly's JupyterLab renderer, installed by set-up with the plotly package), reach the last
 * cell, and show no error; a cell that throws must show its message in the cell's output. Runs on
 * copies in build/test/lab, so JupyterLab's autosave never writes outputs into notebooks/.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chromium, Browser, Page } from "playwright-core";
import { chromiumPath } from "../helpers/browser";
import { startJupyter, type JupyterServer } from "../helpers/server";

const ROOT = path.resolve(__dirname, "..", "..");
const PY = fs.readFileSync(path.join(ROOT, "build", ".setup", "python"), "utf8").trim();
const hasLab = spawnSync(PY, ["-c", "import jupyterlab, sys; sys.exit(0 if int(jupyterlab.__version__.split('.')[0]) >= 4 else 1)"]).status === 0;
const skip = !chromiumPath() ? "Chromium not installed" : !hasLab ? "JupyterLab 4 not installed (set-up installs it where PyPI is reachable)" : false;

describe("the notebooks in JupyterLab", { skip }, () => {
  const dir = path.join(ROOT, "build", "test", "lab");
  let lab: JupyterServer | null = null;
  let browser: Browser | null = null;
  let port = 0;
  let token = "";

  before(async () => {
    lab = await startJupyter({
      python: PY, root: ROOT, app: "jupyterlab", dir, waitMs: 90000,
      files: [path.join(ROOT, "notebooks", "00-start-here.ipynb"), path.join(ROOT, "test", "fixtures", "throws.ipynb")],
      appArgs: (tok, d) => [`--IdentityProvider.token=${tok}`, `--ServerApp.root_dir=${d}`, "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
    });
    ({ port, token } = lab);
    browser = await chromium.launch({
      executablePath: chromiumPath()!,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  after(async () => {
    await browser?.close();
    lab?.server.kill("SIGTERM");
  });

  /** Opens a notebook in JupyterLab and runs every cell from the Run menu. */
  async function runAll(name: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/lab/tree/${name}?token=${token}`);
    await page.waitForSelector(".jp-NotebookPanel .jp-Cell", { timeout: 120000 });
    // the kernel named in the notebook's metadata (tslab) is up and idle
    await page.waitForSelector(".jp-NotebookPanel-toolbar .jp-KernelName:has-text('TypeScript')", { timeout: 120000 });
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".jp-Notebook-ExecutionIndicator"))
      .some((e) => e.getAttribute("data-status") === "idle"), null, { timeout: 120000 });
    await page.click(".lm-MenuBar-item:has-text('Run')");
    await page.click(".lm-Menu-item:has-text('Run All Cells')");
    return { page, errors };
  }

  it("running all cells of 00-start-here draws its plotly figure in the output area, with no error", async () => {
    const { page, errors } = await runAll("00-start-here.ipynb");
    // plotly's renderer draws into the output element itself (jp-RenderedPlotly js-plotly-plot)
    await page.waitForSelector(".jp-OutputArea-output.js-plotly-plot .main-svg", { timeout: 180000 });
    await page.waitForSelector(".jp-OutputArea-output:has-text('Finished 00-start-here')", { timeout: 180000 });
    const figures = await page.locator(".jp-OutputArea-output.js-plotly-plot").count();
    assert.equal(figures, 1, "one figure drawn by plotly's renderer");
    const title = await page.locator(".jp-OutputArea-output.js-plotly-plot .gtitle").first().textContent();
    assert.match(title ?? "", /Monte Carlo/);
    const stderr = await page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count();
    assert.equal(stderr, 0, "no cell wrote an error");
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("a cell that throws shows its message in its output", async () => {
    const { page } = await runAll("throws.ipynb");
    const err = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']");
    await err.first().waitFor({ timeout: 120000 });
    assert.match((await err.first().textContent()) ?? "", /deliberate failure: width must be positive, got -3/);
    await page.close();
  });
});
