/**
 * Progress for long loops: a bar updated in place in a notebook, a line on stderr in a terminal
 * (rewritten in place on a TTY, every 10 % otherwise). Updates are throttled to a few per second.
 */
import { newNotebookDisplay } from "./env";
import { escapeHtml } from "./html";

export interface Progress {
  /** Reports that `done` of `total` units are finished; `note` is shown beside the bar. */
  update(done: number, note?: string): void;
  /** Marks the loop finished. */
  finish(note?: string): void;
}

function eta(start: number, done: number, total: number): string {
  if (done <= 0) return "";
  const elapsed = (Date.now() - start) / 1000;
  const left = (elapsed / done) * (total - done);
  return `${elapsed.toFixed(1)} s elapsed${done < total ? `, ~${left.toFixed(0)} s left` : ""}`;
}

/**
 * Creates a progress display.
 * @example
 * const bar = lab.progress("training", steps);
 * for (let t = 0; t < steps; t++) { …; bar.update(t + 1, `loss ${loss.toFixed(3)}`); }
 * bar.finish();
 */
export function progress(label: string, total: number, opts: { intervalMs?: number } = {}): Progress {
  const start = Date.now();
  const interval = opts.intervalMs ?? 250;
  let last = 0;
  let lastDecile = -1;
  const disp = newNotebookDisplay();
  const quiet = process.env.MLT_QUIET === "1";
  const tty = Boolean(process.stderr.isTTY);

  const render = (done: number, note: string, final: boolean) => {
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const text = `${label}: ${done}/${total} ${note ? `· ${note} ` : ""}· ${eta(start, done, total)}`;
    if (disp) {
      disp.html(
        `<div style="font-family:monospace;font-size:12px"><progress value="${done}" max="${total}" style="width:240px;vertical-align:middle"></progress> ${escapeHtml(text)}</div>`,
      );
      return;
    }
    if (quiet) return;
    if (tty) {
      process.stderr.write(`\r${text}`.padEnd(100) + (final ? "\n" : ""));
    } else {
      const decile = Math.floor(frac * 10);
      if (final || decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${text}\n`);
      }
    }
  };

  return {
    update(done: number, note = "") {
      const now = Date.now();
      if (now - last < interval && done < total) return;
      last = now;
      render(done, note, false);
    },
    finish(note = "") {
      render(total, note, true);
    },
  };
}
