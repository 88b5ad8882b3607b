/**
 * npm run doctor: what this machine can run, and why the faster paths are not available.
 * Prints Node/npm, each TensorFlow.js backend (loads or the reason it does not), GPU and CUDA
 * libraries, Jupyter, the tslab kernel registration and the library build.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BACKEND_ORDER, defaultCandidates, gpuVisible, initBackend } from "../lib/runtime/backend";

const ROOT = path.resolve(__dirname, "..");
const ok = (s: string) => `  ✓ ${s}`;
const no = (s: string) => `  ✗ ${s}`;

function run(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20000 }).trim();
  } catch {
    return null;
  }
}

/** A Python package's installed version, read from its metadata (importing nbgrader takes seconds). */
function version(py: string, pkg: string): string | null {
  return run(py, ["-c", `import importlib.metadata as m; print(m.version("${pkg}"))`]);
}

function cudaLibraries(): string[] {
  const listing = run("ldconfig", ["-p"]) ?? "";
  const want = ["libcudart.so.11.0", "libcublas.so.11", "libcudnn.so.8", "libcufft.so.10", "libcusolver.so.11"];
  return want.map((lib) => (listing.includes(lib) ? ok(`${lib} found`) : no(`${lib} not found`)));
}

async function main(): Promise<void> {
  console.log("mltheory-notebooks doctor\n");
  console.log("Runtime");
  console.log(ok(`node ${process.version}`));
  const npmV = run("npm", ["--version"]);
  console.log(npmV ? ok(`npm ${npmV}`) : no("npm not found"));

  console.log("\nTensorFlow.js backends, fastest first (the first that loads is used; MLT_BACKEND overrides)");
  for (const cand of defaultCandidates()) {
    try {
      await cand.load();
      console.log(ok(`${cand.choice}: package loads`));
    } catch (err) {
      console.log(no(`${cand.choice}: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  const report = await initBackend({ quiet: true });
  console.log(`  → ${report.line}`);

  console.log("\nGPU path (needs @tensorflow/tfjs-node-gpu, an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1 on Linux x86-64)");
  console.log(gpuVisible() ? ok("an NVIDIA device is visible (/dev/nvidia*)") : no("no NVIDIA device visible (/dev/nvidia0 absent)"));
  const smi = run("nvidia-smi", ["--query-gpu=name,driver_version", "--format=csv,noheader"]);
  console.log(smi ? ok(`nvidia-smi: ${smi}`) : no("nvidia-smi not found"));
  for (const line of cudaLibraries()) console.log(line);

  console.log("\nJupyter");
  const pyFile = path.join(ROOT, "build", ".setup", "python");
  const py = fs.existsSync(pyFile) ? fs.readFileSync(pyFile, "utf8").trim() : null;
  if (!py) {
    console.log(no("set-up has not found Jupyter yet: run `npm run setup`"));
  } else {
    console.log(ok(`python with nbclient: ${py}${py.startsWith(path.join(ROOT, ".venv")) ? " (the project's .venv)" : ""}`));
    const lab = version(py, "jupyterlab");
    const nb = version(py, "notebook");
    const grader = version(py, "nbgrader");
    const plotly = version(py, "plotly");
    console.log(lab ? ok(`JupyterLab ${lab} (npm start opens it)`) : no("JupyterLab not installed (npm run setup installs it into .venv/ where PyPI is reachable)"));
    console.log(nb ? ok(`Jupyter Notebook ${nb}`) : no("Jupyter Notebook not installed"));
    console.log(plotly ? ok(`plotly ${plotly} (draws the figures in JupyterLab)`) : no("plotly not installed: JupyterLab shows each figure's text fallback"));
    console.log(grader ? ok(`nbgrader ${grader} (npm run assignments, npm run grade)`) : no("nbgrader not installed: npm run assignments uses the Node student builder, npm run grade grades by its rule through nbclient"));
    const spec = run(py, ["-c", "import jupyter_client.kernelspec as k, json; s = k.KernelSpecManager().get_kernel_spec('tslab'); print(json.dumps([s.resource_dir, s.argv[0]]))"]);
    const launcher = path.join(ROOT, "kernel-setup", "kernel.sh");
    if (!spec) console.log(no("tslab kernel not registered: run `npm run setup`"));
    else {
      const [dir, argv0] = JSON.parse(spec) as [string, string];
      if (argv0 !== launcher) console.log(no(`the tslab kernel Jupyter finds (${dir}) runs ${argv0}, not this checkout's ${launcher}: run \`npm run setup\``));
      else console.log(ok(`tslab kernel registered in this checkout (${path.relative(ROOT, dir)}), running this checkout's tslab`));
    }
  }

  console.log("\nLibrary");
  const dist = path.join(ROOT, "lib", "dist", "index.js");
  console.log(fs.existsSync(dist) ? ok("lib/dist built (npm run build after editing lib/, then restart the kernel)") : no("lib/dist missing: run `npm run build`"));
  console.log(`\nBackends known: ${BACKEND_ORDER.join(" → ")}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
