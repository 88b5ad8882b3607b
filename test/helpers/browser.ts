/**
 * Opens an HTML file in headless Chromium (Debian's `chromium`, or MLT_CHROMIUM) with playwright-core
 * and reports how many plotly charts drew and which page errors occurred.
 */
import * as fs from "fs";
import { chromium } from "playwright-core";

export function chromiumPath(): string | null {
  for (const p of [process.env.MLT_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (p && fs.existsSync(p)) return p;
  }
  return null;
}

export interface RenderReport {
  charts: number;
  figures: number;
  errors: string[];
}

export async function renderHtml(file: string, opts: { screenshot?: string; expectCharts?: number; timeoutMs?: number } = {}): Promise<RenderReport> {
  const exe = chromiumPath();
  if (!exe) throw new Error("Chromium not found: apt-get install chromium, or set MLT_CHROMIUM");
  const browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${file}`, { waitUntil: "load", timeout: opts.timeoutMs ?? 60000 });
    const want = opts.expectCharts ?? 1;
    await page
      .waitForFunction((n) => document.querySelectorAll(".main-svg").length >= n * 2 || document.querySelectorAll(".js-plotly-plot").length >= n, want, { timeout: opts.timeoutMs ?? 60000 })
      .catch(() => undefined);
    const charts = await page.evaluate(() => document.querySelectorAll(".js-plotly-plot").length);
    const figures = await page.evaluate(() => document.querySelectorAll(".mlt-figure").length);
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: false });
    return { charts, figures, errors };
  } finally {
    await browser.close();
  }
}
