/**
 * npm run student [-- notebooks/NN-name.ipynb … ] [--out DIR]
 *
 * Builds the student version of notebooks: every region between `// BEGIN SOLUTION` and
 * `// END SOLUTION` is replaced by a line that throws "not implemented", outputs are cleared, and the
 * check cells are kept. The instructor's notebook passes every check; the student's fails exactly at
 * the exercises until they are solved. Default output: build/student/.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

/** Replaces each solution region of a code cell's source; returns the new source and the count. */
export function stripSolutions(source: string, label: string): { source: string; regions: number } {
  const lines = source.split("\n");
  const out: string[] = [];
  let inside = false;
  let regions = 0;
  let indent = "";
  for (const line of lines) {
    if (/^\s*\/\/\s*BEGIN SOLUTION\b/.test(line)) {
      if (inside) throw new Error(`${label}: nested BEGIN SOLUTION`);
      inside = true;
      indent = /^\s*/.exec(line)![0];
      continue;
    }
    if (/^\s*\/\/\s*END SOLUTION\b/.test(line)) {
      if (!inside) throw new Error(`${label}: END SOLUTION without BEGIN SOLUTION`);
      inside = false;
      regions += 1;
      out.push(`${indent}// YOUR CODE HERE`);
      out.push(`${indent}throw new Error("not implemented: write your solution here, then rerun this cell");`);
      continue;
    }
    if (!inside) out.push(line);
  }
  if (inside) throw new Error(`${label}: BEGIN SOLUTION without END SOLUTION`);
  return { source: out.join("\n"), regions };
}

export function studentNotebook(nbText: string, label: string): { text: string; regions: number } {
  const nb = JSON.parse(nbText) as { cells: Cell[] };
  let regions = 0;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const res = stripSolutions(src, `${label}, cell ${i + 1}`);
    regions += res.regions;
    cell.source = res.source;
    cell.outputs = [];
    cell.execution_count = null;
  });
  return { text: JSON.stringify(nb, null, 1) + "\n", regions };
}

function main(): void {
  const args = process.argv.slice(2);
  let out = path.join(ROOT, "build", "student");
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") out = path.resolve(args[++i]);
    else files.push(path.resolve(args[i]));
  }
  const list = files.length
    ? files
    : fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(ROOT, "notebooks", f));
  fs.mkdirSync(out, { recursive: true });
  for (const file of list) {
    const { text, regions } = studentNotebook(fs.readFileSync(file, "utf8"), path.basename(file));
    const dest = path.join(out, path.basename(file));
    fs.writeFileSync(dest, text);
    console.log(`${path.relative(ROOT, dest)}: ${regions} solution region(s) replaced`);
  }
}

if (require.main === module) main();
