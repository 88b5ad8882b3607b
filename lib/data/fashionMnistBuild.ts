/**
 * Building the committed Fashion-MNIST subset (`data/fashion-mnist-subset/`) from the full data set
 * shipped by the Debian package `dataset-fashion-mnist`. The selection is deterministic: for each
 * split, keep an image when fewer than `perClass` images of its class came before it in file order
 * (i.e. the first `perClass` images of every class), and keep the kept images in file order.
 * The output is byte-for-byte reproducible: gzip level 9, no file name, modification time 0.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { decodeIdx, encodeIdx } from "./idx";

/** Where the Debian package `dataset-fashion-mnist` installs the full set. */
export const FASHION_MNIST_DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

/** The ten Fashion-MNIST classes, indexed by label (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
]);

/** The two splits of the subset: which full-set files they come from and how many images per class. */
export const FASHION_MNIST_SUBSET_SPLITS = Object.freeze({
  train: Object.freeze({ source: "train", perClass: 200 }),
  test: Object.freeze({ source: "t10k", perClass: 100 }),
});

/** The split names of the subset. */
export type FashionMnistSplit = keyof typeof FASHION_MNIST_SUBSET_SPLITS;

/**
 * File names of one split of the subset: `<split>-images-idx3-ubyte.gz` and `<split>-labels-idx1-ubyte.gz`.
 * @example fashionMnistSubsetFiles("test").images // "test-images-idx3-ubyte.gz"
 */
export function fashionMnistSubsetFiles(split: FashionMnistSplit): { images: string; labels: string } {
  return { images: `${split}-images-idx3-ubyte.gz`, labels: `${split}-labels-idx1-ubyte.gz` };
}

/**
 * The SHA-256 of `bytes` as lower-case hex (64 characters).
 * @example sha256Hex(new TextEncoder().encode("abc")) // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/**
 * gzip with fixed settings (level 9, memLevel 8, default strategy), so the same input gives the same
 * bytes (header mtime is 0, no file name); the checksums in `manifest.json` rely on it.
 * @example const gz = gzipDeterministic(idxBytes); sha256Hex(gz) // identical on every rebuild
 */
export function gzipDeterministic(bytes: Uint8Array): Buffer {
  return zlib.gzipSync(bytes, { level: 9, memLevel: 8, strategy: zlib.constants.Z_DEFAULT_STRATEGY });
}

/**
 * The message shown when the four full-set files (`train-`/`t10k-` `images-idx3`/`labels-idx1-ubyte.gz`)
 * are not all in `dir`: it names the missing ones and how to install them; null when all are there.
 * @example
 * const missing = fashionMnistSourceMissing(FASHION_MNIST_DEBIAN_DIR);
 * if (missing) console.log(missing); else buildFashionMnistSubset();
 */
export function fashionMnistSourceMissing(dir: string): string | null {
  const missing = ["train", "t10k"]
    .flatMap((s) => [`${s}-images-idx3-ubyte.gz`, `${s}-labels-idx1-ubyte.gz`])
    .filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length === 0) return null;
  return (
    `the full Fashion-MNIST set is not in ${dir} (missing ${missing.join(", ")}). ` +
    `Install it with \`sudo apt-get install dataset-fashion-mnist\` (Debian/Ubuntu), or pass the folder that holds the four *-ubyte.gz files.`
  );
}

/**
 * Builds every file of `data/fashion-mnist-subset/` except README.md, in memory: the gzipped IDX
 * files of both splits, `source-indices.json` (the index of each kept image in the full file) and
 * `manifest.json` (sizes and SHA-256 checksums of the files and of the sources).
 * @example
 * const files = buildFashionMnistSubset(); // Map name → bytes
 */
export function buildFashionMnistSubset(sourceDir: string = FASHION_MNIST_DEBIAN_DIR): Map<string, Uint8Array> {
  const missing = fashionMnistSourceMissing(sourceDir);
  if (missing) throw new Error(missing);
  const out = new Map<string, Uint8Array>();
  const indices: Record<string, number[]> = {};
  const sources: Record<string, { sha256: string; bytes: number }> = {};
  const files: Record<string, { sha256: string; bytes: number; uncompressedSha256: string; dims: number[] }> = {};
  for (const split of Object.keys(FASHION_MNIST_SUBSET_SPLITS) as FashionMnistSplit[]) {
    const { source, perClass } = FASHION_MNIST_SUBSET_SPLITS[split];
    const read = (kind: string) => {
      const name = `${source}-${kind}-ubyte.gz`;
      const gz = fs.readFileSync(path.join(sourceDir, name));
      sources[name] = { sha256: sha256Hex(gz), bytes: gz.length };
      return decodeIdx(zlib.gunzipSync(gz), name);
    };
    const images = read("images-idx3");
    const labels = read("labels-idx1");
    const [count, rows, cols] = images.dims;
    const pixels = rows * cols;
    const counts = new Array<number>(10).fill(0);
    const keep: number[] = [];
    for (let i = 0; i < count; i++) {
      const c = labels.data[i];
      if (counts[c] < perClass) {
        counts[c]++;
        keep.push(i);
      }
    }
    if (counts.some((c) => c !== perClass)) throw new Error(`${source}: a class has fewer than ${perClass} images`);
    const img = new Uint8Array(keep.length * pixels);
    const lab = new Uint8Array(keep.length);
    keep.forEach((src, k) => {
      img.set(images.data.subarray(src * pixels, (src + 1) * pixels), k * pixels);
      lab[k] = labels.data[src];
    });
    const names = fashionMnistSubsetFiles(split);
    const add = (name: string, dims: number[], data: Uint8Array) => {
      const raw = encodeIdx(dims, data);
      const gz = gzipDeterministic(raw);
      out.set(name, gz);
      files[name] = { sha256: sha256Hex(gz), bytes: gz.length, uncompressedSha256: sha256Hex(raw), dims };
    };
    add(names.images, [keep.length, rows, cols], img);
    add(names.labels, [keep.length], lab);
    indices[split] = keep;
  }
  const indexText =
    "{\n" + Object.entries(indices).map(([k, v]) => `  ${JSON.stringify(k)}: [${v.join(",")}]`).join(",\n") + "\n}\n";
  const indexBytes = Buffer.from(indexText, "utf8");
  out.set("source-indices.json", indexBytes);
  const manifest = {
    name: "fashion-mnist-subset",
    description: "Balanced subset of Fashion-MNIST: the first 200 training and the first 100 test images of each class, in file order.",
    license: "MIT (Expat), Copyright 2017 Zalando SE",
    upstream: "https://github.com/zalandoresearch/fashion-mnist",
    builtFrom: "Debian package dataset-fashion-mnist, " + FASHION_MNIST_DEBIAN_DIR,
    rebuild: "node --import tsx data/build-fashion-mnist-subset.ts",
    splits: FASHION_MNIST_SUBSET_SPLITS,
    classNames: FASHION_MNIST_CLASS_NAMES,
    sources,
    files: { ...files, "source-indices.json": { sha256: sha256Hex(indexBytes), bytes: indexBytes.length } },
  };
  out.set("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8"));
  return out;
}
