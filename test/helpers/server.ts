/** A local Jupyter server for the live browser tests: a free port, and waiting until it answers. */
import { spawn, ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** A TCP port the OS reports free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Polls url until it answers 200 or ms have passed. */
export async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The server did not answer at ${url} within ${ms / 1000} s`);
}

/** A running Jupyter server on 127.0.0.1 serving a fresh folder of notebooks. */
export interface JupyterServer {
  server: ChildProcess;
  port: number;
  token: string;
  dir: string;
}

/**
 * Starts `python -m <app>` (jupyterlab or notebook) on a free port with a token, serving `dir`
 * (emptied, then filled with `files`), with the project's kernelspec and smoke scale, and waits
 * until it answers. `appArgs(port, token, dir)` gives the flags that differ between the two apps.
 */
export async function startJupyter(o: {
  python: string;
  root: string;
  app: "jupyterlab" | "notebook";
  dir: string;
  files: string[];
  appArgs: (token: string, dir: string) => string[];
  waitMs: number;
}): Promise<JupyterServer> {
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(o.dir, { recursive: true });
  for (const f of o.files) fs.copyFileSync(f, path.join(o.dir, path.basename(f)));
  const port = await freePort();
  const token = `t${process.pid}`;
  const server = spawn(o.python, ["-m", o.app, "--no-browser", "--allow-root", `--port=${port}`, "--ip=127.0.0.1", ...o.appArgs(token, o.dir)], {
    env: {
      ...process.env,
      MLT_SCALE: "smoke",
      MLT_BUILD_DIR: path.join(o.dir, "build"),
      JUPYTER_PATH: path.join(o.root, "build", "jupyter"),
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    },
    stdio: "ignore",
  });
  await waitForServer(`http://127.0.0.1:${port}/api?token=${token}`, o.waitMs);
  return { server, port, token, dir: o.dir };
}
