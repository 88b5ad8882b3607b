import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import * as crypto from "crypto";
import * as tf from "@tensorflow/tfjs";
import { loadFashionMnist, fashionMnistSubsetDir, DataIntegrityError } from "../../lib/data/fashionMnist";
import { buildFashionMnistSubset, fashionMnistSourceMissing, FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_CLASS_NAMES } from "../../lib/data/fashionMnistBuild";
import { ValidationError } from "../../lib/runtime/errors";
import { TEST_BACKENDS, useBackend, noLeak } from "../helpers/backends";

const dir = fashionMnistSubsetDir();

describe("Fashion-MNIST subset files", () => {
  it("match the SHA-256 checksums of manifest.json and stay small", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { files: Record<string, { sha256: string; bytes: number }> };
    let total = 0;
    for (const [name, entry] of Object.entries(manifest.files)) {
      const bytes = fs.readFileSync(path.join(dir, name));
      assert.equal(crypto.createHash("sha256").update(bytes).digest("hex"), entry.sha256, name);
      assert.equal(bytes.length, entry.bytes, name);
      total += bytes.length;
    }
    assert.equal(Object.keys(manifest.files).length, 5);
    assert.ok(total < 3e6, `committed subset is ${total} bytes`);
  });

  it("rebuilds byte for byte from the Debian package dataset-fashion-mnist", (t) => {
    const missing = fashionMnistSourceMissing(FASHION_MNIST_DEBIAN_DIR);
    if (missing) {
      t.skip(`skipped: ${missing}`);
      return;
    }
    const built = buildFashionMnistSubset(FASHION_MNIST_DEBIAN_DIR);
    assert.equal(built.size, 6);
    for (const [name, bytes] of built) {
      const committed = fs.readFileSync(path.join(dir, name));
      if (Buffer.compare(committed, Buffer.from(bytes)) !== 0 && name.endsWith(".gz")) {
        // Say whether the content or only the gzip encoding differs (a different zlib).
        const same = Buffer.compare(zlib.gunzipSync(committed), zlib.gunzipSync(bytes)) === 0;
        assert.fail(`${name} differs from the rebuild (${same ? "same content, different gzip bytes: zlib changed" : "different content"})`);
      }
      assert.equal(Buffer.compare(committed, Buffer.from(bytes)), 0, `${name} differs from the rebuild`);
    }
  });

  it("says how to install the full set when it is absent", () => {
    const msg = fashionMnistSourceMissing(path.join(os.tmpdir(), "no-such-fashion-mnist"));
    assert.match(msg ?? "", /apt-get install dataset-fashion-mnist/);
    assert.throws(() => buildFashionMnistSubset(path.join(os.tmpdir(), "no-such-fashion-mnist")), /apt-get install dataset-fashion-mnist/);
  });
});

for (const be of TEST_BACKENDS) {
  describe(`loadFashionMnist (${be})`, () => {
    before(() => useBackend(be));

    it("loads 2,000 balanced training images in [0, 1] with one-hot labels and no leaks", async () => {
      await noLeak(() => {
        const data = loadFashionMnist({ split: "train" });
        assert.equal(data.n, 2000);
        assert.equal(data.d, 784);
        assert.deepEqual(data.classNames, [...FASHION_MNIST_CLASS_NAMES]);
        const counts = new Array(10).fill(0);
        data.labels.forEach((l) => counts[l]++);
        assert.deepEqual(counts, new Array(10).fill(200));
        assert.deepEqual(data.X.shape, [2000, 784]);
        assert.equal(data.X, data.X, "X is cached");
        const [lo, hi] = tf.tidy(() => [data.X.min().dataSync()[0], data.X.max().dataSync()[0]]);
        assert.equal(lo, 0);
        assert.equal(hi, 1);
        const Y = data.yOneHot();
        assert.deepEqual(Y.shape, [2000, 10]);
        const argmax = tf.tidy(() => tf.argMax(Y, 1).dataSync());
        assert.deepEqual(Int32Array.from(argmax), data.classIndex);
        Y.dispose();
        data.dispose();
      });
    });

    it("keeps chosen classes, takes a class-balanced n, and gives ±1 labels for two classes", async () => {
      await noLeak(() => {
        const data = loadFashionMnist({ split: "test", classes: [9, 0], n: 51, normalize: false });
        assert.equal(data.n, 51);
        assert.deepEqual(data.classNames, ["Ankle boot", "T-shirt/top"]);
        assert.equal(data.labels.filter((l) => l === 9).length, 26);
        assert.equal(data.labels.filter((l) => l === 0).length, 25);
        assert.ok(data.pixels.every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
        assert.ok(data.pixels.some((v) => v > 1));
        const y = data.ySigned();
        assert.deepEqual(Array.from(y.dataSync()), Array.from(data.labels, (l) => (l === 0 ? 1 : -1)));
        y.dispose();
        data.dispose(); // X was never created: nothing to dispose, no error
        const all = loadFashionMnist({ split: "test" });
        assert.equal(all.n, 1000);
        const counts = new Array(10).fill(0);
        all.labels.forEach((l) => counts[l]++);
        assert.deepEqual(counts, new Array(10).fill(100));
        // normalized = raw / 255 for the same images
        const norm = loadFashionMnist({ split: "test", classes: [9, 0], n: 51 });
        assert.ok(norm.pixels.every((v, i) => Math.abs(v - data.pixels[i] / 255) <= 1e-7));
      });
      assert.throws(() => loadFashionMnist({ split: "test", classes: [1, 2], n: 202 }), (e: Error) => e instanceof ValidationError && /n ≤ 200/.test(e.message));
      // @ts-expect-error: split is checked at run time
      assert.throws(() => loadFashionMnist({ split: "validation" }), /split must be one of "train", "test"/);
      assert.throws(() => loadFashionMnist({ split: "train", classes: [0, 10] }), /classes\[1\] must be a label 0…9/);
      assert.throws(() => loadFashionMnist({ split: "train" }).ySigned(), /exactly two classes/);
    });

    it("rejects a corrupted copy with an error naming the file and the checksums", () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fmnist-"));
      try {
        for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(tmp, f));
        assert.equal(loadFashionMnist({ split: "train", dir: tmp, n: 10 }).n, 10, "an intact copy loads");
        const victim = path.join(tmp, "train-images-idx3-ubyte.gz");
        const bytes = fs.readFileSync(victim);
        bytes[bytes.length >> 1] ^= 0x01; // one flipped bit
        fs.writeFileSync(victim, bytes);
        assert.throws(
          () => loadFashionMnist({ split: "train", dir: tmp }),
          (e: Error) => e instanceof DataIntegrityError && e.message.includes("train-images-idx3-ubyte.gz is corrupted") && /SHA-256/.test(e.message) && /git checkout/.test(e.message),
        );
        assert.equal(loadFashionMnist({ split: "test", dir: tmp, n: 10 }).n, 10, "the other split is still intact");
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}
