/**
 * Loader of the committed Fashion-MNIST subset (`data/fashion-mnist-subset/`, 2,000 training and
 * 1,000 test images, balanced over the ten classes). Every load checks the SHA-256 of the files
 * against `manifest.json`.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import * as tf from "@tensorflow/tfjs";
import { projectRoot } from "../runtime/env";
import { ValidationError } from "../runtime/errors";
import { integer, oneOf } from "../runtime/validate";
import { decodeIdx } from "./idx";
import { FASHION_MNIST_CLASS_NAMES, fashionMnistSubsetFiles, sha256Hex, type FashionMnistSplit } from "./fashionMnistBuild";

/** A data file whose checksum does not match its manifest (corrupted, truncated or edited). */
export class DataIntegrityError extends Error {
  override name = "DataIntegrityError";
}

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** "train" (2,000 images) or "test" (1,000 images). */
  split: FashionMnistSplit;
  /** Number of images to keep (default: all of the selected classes), taken class-balanced; see {@link loadFashionMnist}. */
  n?: number;
  /** Labels to keep, e.g. [0, 9] for a binary T-shirt vs ankle-boot task (default: all ten). */
  classes?: number[];
  /** true (default): pixels / 255 in [0, 1]; false: raw grey levels 0…255 as floats. */
  normalize?: boolean;
  /** Folder of the subset (default `<projectRoot>/data/fashion-mnist-subset`). */
  dir?: string;
}

/** What {@link loadFashionMnist} returns. Host arrays are plain; tensors are created on demand. */
export interface FashionMnistData {
  /** Number of images. */
  n: number;
  /** Pixels per image (784 = 28 × 28). */
  d: number;
  /** Images [n, 784], row-major, float32 (in [0, 1] when normalized). */
  pixels: Float32Array;
  /** Original Fashion-MNIST labels 0…9. */
  labels: Int32Array;
  /** Position of each label in `classes` (0…classes.length − 1): the label to train on. */
  classIndex: Int32Array;
  /** The kept labels, in the order used by `classIndex` and `yOneHot`. */
  classes: number[];
  /** Names of the kept classes, aligned with `classes`. */
  classNames: string[];
  /**
   * Images as a tf.Tensor2D [n, 784], created on first access and cached. It is kept (survives an
   * enclosing tf.tidy) and owned by the caller: call `dispose()` when done.
   */
  readonly X: tf.Tensor2D;
  /** A new [n, classes.length] one-hot float32 tensor of `classIndex` on every call; the caller disposes it. */
  yOneHot(): tf.Tensor2D;
  /** For two classes: a new [n] tensor, −1 for classes[0] and +1 for classes[1]; the caller disposes it. */
  ySigned(): tf.Tensor1D;
  /** Disposes the cached `X` (if it was created). Safe to call twice. */
  dispose(): void;
}

interface Manifest {
  files: Record<string, { sha256: string; bytes: number }>;
}

/**
 * The folder of the committed subset, `<root>/data/fashion-mnist-subset` (the default `dir` of
 * {@link loadFashionMnist}).
 * @example const manifest = path.join(lab.data.fashionMnistSubsetDir(), "manifest.json");
 */
export function fashionMnistSubsetDir(): string {
  return path.join(projectRoot(), "data", "fashion-mnist-subset");
}

function readVerified(dir: string, name: string, manifest: Manifest): Buffer {
  const file = path.join(dir, name);
  const entry = manifest.files[name];
  if (!entry) throw new DataIntegrityError(`${path.join(dir, "manifest.json")} lists no checksum for ${name}`);
  if (!fs.existsSync(file)) throw new DataIntegrityError(`${file} is missing (see ${path.join(dir, "README.md")})`);
  const bytes = fs.readFileSync(file);
  const got = sha256Hex(bytes);
  if (got !== entry.sha256) {
    throw new DataIntegrityError(
      `${file} is corrupted: its SHA-256 is ${got} (${bytes.length} bytes) but manifest.json says ${entry.sha256} ` +
        `(${entry.bytes} bytes). Restore it with \`git checkout -- data/fashion-mnist-subset\` or rebuild it with ` +
        "`node --import tsx data/build-fashion-mnist-subset.ts` (needs the Debian package dataset-fashion-mnist).",
    );
  }
  return bytes;
}

/**
 * Loads a split of the committed Fashion-MNIST subset after verifying its SHA-256 checksums.
 * With `classes`, only those labels are kept. With `n`, a class-balanced prefix is kept: the first
 * ⌊n/k⌋ images of each of the k classes (plus one more image for the first n mod k classes, in the
 * order of `classes`), returned in file order. Without `n`, all images of the kept classes.
 *
 * Ownership: `X` is created lazily and kept; call `data.dispose()` (or `data.X.dispose()`).
 * `yOneHot()` and `ySigned()` return new tensors the caller disposes.
 * @example
 * const data = loadFashionMnist({ split: "train", classes: [0, 9], n: 200 });
 * const logits = model(data.X);      // [200, 784] in [0, 1]
 * const y = data.ySigned();          // −1 for T-shirt/top, +1 for Ankle boot
 * y.dispose(); data.dispose();
 */
export function loadFashionMnist(options: FashionMnistOptions): FashionMnistData {
  if (!options || typeof options !== "object") throw new ValidationError('loadFashionMnist needs options, e.g. { split: "train" }');
  const split = oneOf("split", options.split, ["train", "test"] as const);
  const classes = options.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  if (!Array.isArray(classes) || classes.length === 0) throw new ValidationError("classes must be a non-empty array of labels 0…9");
  classes.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c > 9) throw new ValidationError(`classes[${i}] must be a label 0…9, got ${c}`);
  });
  if (new Set(classes).size !== classes.length) throw new ValidationError(`classes must not repeat a label, got [${classes.join(", ")}]`);
  const normalize = options.normalize ?? true;
  if (typeof normalize !== "boolean") throw new ValidationError(`normalize must be true or false, got ${String(normalize)}`);
  const dir = options.dir ?? fashionMnistSubsetDir();
  const manifestFile = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestFile)) {
    throw new DataIntegrityError(`${manifestFile} is missing: the Fashion-MNIST subset is not where expected (${dir})`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  const names = fashionMnistSubsetFiles(split);
  const images = decodeIdx(zlib.gunzipSync(readVerified(dir, names.images, manifest)), names.images);
  const labelsAll = decodeIdx(zlib.gunzipSync(readVerified(dir, names.labels, manifest)), names.labels).data;
  const d = images.dims[1] * images.dims[2];

  const pos = new Map(classes.map((c, i) => [c, i]));
  const available = classes.map((c) => labelsAll.reduce((s, l) => s + (l === c ? 1 : 0), 0));
  const total = available.reduce((a, b) => a + b, 0);
  const n = options.n === undefined ? total : integer("n", options.n, 1);
  const k = classes.length;
  const quota = classes.map((_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
  quota.forEach((q, i) => {
    if (q > available[i]) {
      throw new ValidationError(
        `n = ${n} needs ${q} images of class ${classes[i]} (${FASHION_MNIST_CLASS_NAMES[classes[i]]}) but the ${split} subset has ${available[i]}; ` +
          `use n ≤ ${k * Math.min(...available)}`,
      );
    }
  });
  const taken = new Array<number>(k).fill(0);
  const rows: number[] = [];
  for (let i = 0; i < labelsAll.length && rows.length < n; i++) {
    const p = pos.get(labelsAll[i]);
    if (p !== undefined && taken[p] < quota[p]) {
      taken[p]++;
      rows.push(i);
    }
  }
  const scale = normalize ? 1 / 255 : 1;
  const pixels = new Float32Array(n * d);
  const labels = new Int32Array(n);
  const classIndex = new Int32Array(n);
  rows.forEach((src, r) => {
    for (let j = 0; j < d; j++) pixels[r * d + j] = images.data[src * d + j] * scale;
    labels[r] = labelsAll[src];
    classIndex[r] = pos.get(labelsAll[src])!;
  });

  let X: tf.Tensor2D | null = null;
  return {
    n,
    d,
    pixels,
    labels,
    classIndex,
    classes: [...classes],
    classNames: classes.map((c) => FASHION_MNIST_CLASS_NAMES[c]),
    get X(): tf.Tensor2D {
      if (X === null || X.isDisposed) X = tf.keep(tf.tensor2d(pixels, [n, d], "float32"));
      return X;
    },
    yOneHot(): tf.Tensor2D {
      return tf.tidy(() => tf.oneHot(tf.tensor1d(classIndex, "int32"), k).toFloat() as tf.Tensor2D);
    },
    ySigned(): tf.Tensor1D {
      if (k !== 2) throw new ValidationError(`ySigned needs exactly two classes, got ${k}; use yOneHot for more`);
      return tf.tensor1d(Float32Array.from(classIndex, (c) => 2 * c - 1), "float32");
    },
    dispose(): void {
      if (X !== null && !X.isDisposed) X.dispose();
      X = null;
    },
  };
}
