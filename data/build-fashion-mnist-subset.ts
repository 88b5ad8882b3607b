/**
 * Rebuilds data/fashion-mnist-subset/ (everything but README.md) from the full Fashion-MNIST set of the
 * Debian package `dataset-fashion-mnist`. The result is byte-for-byte the committed files.
 *
 *   node --import tsx data/build-fashion-mnist-subset.ts [--source DIR] [--out DIR] [--check]
 *
 * --source  folder with train-/t10k-{images-idx3,labels-idx1}-ubyte.gz (default /usr/share/datasets/fashion-mnist)
 * --out     where to write (default data/fashion-mnist-subset next to this script)
 * --check   write nothing; exit 1 if the built bytes differ from the files in --out
 */
import * as fs from "fs";
import * as path from "path";
import { buildFashionMnistSubset, fashionMnistSourceMissing, FASHION_MNIST_DEBIAN_DIR } from "../lib/data/fashionMnistBuild";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const source = arg("--source") ?? FASHION_MNIST_DEBIAN_DIR;
const outDir = path.resolve(arg("--out") ?? path.join(__dirname, "fashion-mnist-subset"));
const check = process.argv.includes("--check");

const missing = fashionMnistSourceMissing(source);
if (missing) {
  console.error(`build-fashion-mnist-subset: ${missing}`);
  process.exit(2);
}
const files = buildFashionMnistSubset(source);
let differ = 0;
for (const [name, bytes] of files) {
  const file = path.join(outDir, name);
  if (check) {
    const same = fs.existsSync(file) && Buffer.compare(fs.readFileSync(file), Buffer.from(bytes)) === 0;
    if (!same) differ++;
    console.log(`${same ? "same   " : "DIFFERS"} ${name}`);
  } else {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, bytes);
    console.log(`wrote ${file} (${bytes.length} bytes)`);
  }
}
if (check && differ > 0) {
  console.error(`${differ} file(s) differ from the build`);
  process.exit(1);
}
