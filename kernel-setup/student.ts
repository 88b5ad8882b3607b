/**
 * npm run student [-- notebooks/NN-name.ipynb … ] [--out DIR]
 *
 * The student version of notebooks without nbgrader (the fallback of `npm run assignments` where
 * nbgrader is not installed). It makes the same cells as nbgrader's `generate_assignment` with the
 * project's nbgrader_config.py: in a cell marked as a solution, every region between the lines
 * holding `// BEGIN SOLUTION` and `// END SOLUTION` becomes `// YOUR CODE HERE` and a line that throws
 * "not implemented: exercise N" (N counts the notebook's solution cells); in a graded check cell,
 * `// BEGIN HIDDEN TESTS` … `// END HIDDEN TESTS` is removed; outputs are cleared. As in nbgrader, a
 * delimiter in a cell not marked as a solution (a markdown cell quoting one, say) is an error.
 * Default output: build/release/<NN-name>/<NN-name>.ipynb, nbgrader's release folder.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: { nbgrader?: { solution?: boolean; grade?: boolean } } & Record<string, unknown>;
}

/** The stub a solution region becomes (the same text as nbgrader_config.py's). */
export function stub(exercise: number | string): string[] {
  return [
    "// YOUR CODE HERE",
    `throw new Error("not implemented: exercise ${exercise}: write your solution here, then rerun this cell");`,
  ];
}

/**
 * Removes the regions between lines holding `begin` and `end` (nbgrader's rule: the delimiter
 * anywhere in the line); with `replacement`, each region becomes those lines at the region's indent.
 */
export function stripRegions(source: string, label: string, begin: string, end: string, replacement?: string[]): { source: string; regions: number } {
  const out: string[] = [];
  let inside = false;
  let regions = 0;
  for (const line of source.split("\n")) {
    if (line.includes(begin)) {
      if (inside) throw new Error(`${label}: nested ${begin}`);
      inside = true;
      regions += 1;
      const indent = /^\s*/.exec(line)![0];
      for (const r of replacement ?? []) out.push(indent + r);
    } else if (line.includes(end)) {
      if (!inside) throw new Error(`${label}: ${end} without ${begin}`);
      inside = false;
    } else if (!inside) out.push(line);
  }
  if (inside) throw new Error(`${label}: ${begin} without ${end} (a line that names both, in a markdown cell say, opens a region nbgrader cannot close)`);
  return { source: out.join("\n"), regions };
}

/** Replaces each solution region of a code cell's source; returns the new source and the count. */
export function stripSolutions(source: string, label: string, exercise: number | string = "N"): { source: string; regions: number } {
  return stripRegions(source, label, "// BEGIN SOLUTION", "// END SOLUTION", stub(exercise));
}

export function studentNotebook(nbText: string, label: string): { text: string; regions: number } {
  const nb = JSON.parse(nbText) as { cells: Cell[] };
  let regions = 0;
  let exercise = 0;
  nb.cells.forEach((cell, i) => {
    const where = `${label}, cell ${i + 1}`;
    const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const g = cell.metadata?.nbgrader;
    const isSolution = g?.solution === true && cell.cell_type === "code";
    if (isSolution) exercise += 1;
    let res = stripSolutions(src, where, exercise);
    if (res.regions > 0 && !isSolution) throw new Error(`${where}: a solution region in a cell not marked as a code solution`);
    const hidden = stripRegions(res.source, where, "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS");
    if (hidden.regions > 0 && g?.grade !== true) throw new Error(`${where}: hidden tests in a cell that is not a graded check`);
    res = { source: hidden.source, regions: res.regions };
    regions += res.regions;
    cell.source = res.source;
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  });
  return { text: JSON.stringify(nb, null, 1) + "\n", regions };
}

function main(): void {
  const args = process.argv.slice(2);
  let out = path.join(ROOT, "build", "release");
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") out = path.resolve(args[++i]);
    else files.push(path.resolve(args[i]));
  }
  const list = files.length
    ? files
    : fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(ROOT, "notebooks", f));
  let failed = 0;
  for (const file of list) {
    const stem = path.basename(file, ".ipynb");
    try {
      const { text, regions } = studentNotebook(fs.readFileSync(file, "utf8"), path.basename(file));
      const dest = path.join(out, stem, path.basename(file));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, text);
      console.log(`✓ ${path.relative(ROOT, dest)}: ${regions} solution region(s) replaced`);
    } catch (err) {
      failed += 1;
      console.error(`✗ ${stem}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failed) process.exitCode = 1;
}

if (require.main === module) main();
