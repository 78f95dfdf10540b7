// The digits the experiments of items 8 and 10 measure on: MNIST when the caller passes it (npm run experiments
// reads it with stochasm/node's loadMnist), else a stand-in made from a key, so the same code runs — and is the
// same bits — in every runtime of the battery, where no MNIST files are at hand. The stand-in is noise with the
// digits' brightness labelled by a rule a net can learn (which tenth of the image's ink lies in its top half),
// so a trained net, its Jacobian and its bounds are all defined; its numbers say nothing about MNIST.
import { Tensor } from "../tensor.js";
import { assertInteger, describe } from "../errors.js";
import { assertKey, foldIn, split, type Key } from "../random/key.js";
import { imageSet, type ImageSet } from "../data/images.js";
import { gaussianNoiseImages } from "../data/ood.js";
import { assertImageSet, batches } from "../data/batches.js";
import { Linear, Sequential } from "../nn/layers.js";
import { ReLU } from "../nn/activation-modules.js";
import { Adam } from "../optim/torch.js";
import { moduleTrainer } from "../training/module-trainer.js";

/** A training and a test set of 28×28 labelled digits (or the stand-in). */
export interface Digits {
  train: ImageSet;
  test: ImageSet;
}

/** Checks `digits` is { train, test } of labelled image sets with the same image size. */
export function assertDigits(digits: unknown, fn: string): asserts digits is Digits {
  if (typeof digits !== "object" || digits === null) throw new TypeError(`${fn}: digits must be { train, test } image sets, got ${describe(digits)}`);
  const { train, test } = digits as Digits;
  assertImageSet(train, `${fn}: digits.train`);
  assertImageSet(test, `${fn}: digits.test`);
  if (train.labels === null || test.labels === null) throw new TypeError(`${fn}: digits.train and digits.test must be labelled`);
  if (train.height !== test.height || train.width !== test.width) {
    throw new RangeError(`${fn}: digits.train (${train.height}×${train.width}) and digits.test (${test.height}×${test.width}) must have the same image size`);
  }
}

// label = ⌊10 · (ink in the top half) / (all ink)⌋, clamped to 9: integer sums, so exact in every runtime
function standInSet(name: string, k: Key, count: number): ImageSet {
  const noise = gaussianNoiseImages(k, count);
  const labels = new Uint8Array(count);
  const pixels = 28 * 28, half = 14 * 28;
  for (let i = 0; i < count; i++) {
    let top = 0, all = 0;
    for (let j = 0; j < pixels; j++) {
      const v = noise.images[i * pixels + j];
      all += v;
      if (j < half) top += v;
    }
    labels[i] = all === 0 ? 0 : Math.min(9, Math.floor((10 * top) / all));
  }
  return imageSet(name, noise.images, labels, { height: 28, width: 28 });
}

/**
 * A stand-in for the digits drawn from `k`: `train` and `test` labelled 28×28 noise images (see the file's
 * comment). For tests and the battery; its numbers say nothing about MNIST.
 */
export function standInDigits(k: Key, trainCount: number, testCount: number): Digits {
  assertKey(k, "standInDigits: k");
  assertInteger(trainCount, "trainCount", 1, 2 ** 20);
  assertInteger(testCount, "testCount", 1, 2 ** 20);
  const [kTrain, kTest] = split(k);
  return { train: standInSet("stand-in train", kTrain, trainCount), test: standInSet("stand-in test", kTest, testCount) };
}

/** The first `count` images of a set (at most all of them): a view, no copy. */
export function firstImages(set: ImageSet, count: number): ImageSet {
  const n = Math.min(count, set.count), pixels = set.height * set.width;
  return imageSet(set.name, set.images.subarray(0, n * pixels), set.labels === null ? null : set.labels.subarray(0, n), { height: set.height, width: set.width });
}

/** Options of trainDigitsNet. */
export interface DigitsNetOptions {
  /** Hidden widths (default [100]); ReLU after each. */
  hidden?: readonly number[];
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Output units (default 10). */
  classes?: number;
}

/**
 * A ReLU MLP (784-hidden…-classes, float32) trained on `train` with Adam and mean cross-entropy, synchronously:
 * init from foldIn(k, 0), epoch e shuffled by foldIn(k, 1 + e). The caller owns the net (net.dispose()).
 */
export function trainDigitsNet(train: ImageSet, options: DigitsNetOptions, k: Key): Sequential {
  assertImageSet(train, "trainDigitsNet: train");
  assertKey(k, "trainDigitsNet: k");
  const { hidden = [100], epochs = 1, batchSize = 64, lr = 1e-3, classes = 10 } = options;
  const widths = [train.height * train.width, ...hidden, classes];
  const layers = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push(new Linear(widths[i], widths[i + 1], { key: foldIn(foldIn(k, 0), i) }));
    if (i + 2 < widths.length) layers.push(new ReLU());
  }
  const net = new Sequential(...layers);
  const optimizer = new Adam(net.parameters(), { lr });
  const trainer = moduleTrainer(net, optimizer);
  let step = 0;
  for (let e = 0; e < epochs; e++) {
    for (const b of batches(train, { batchSize, key: foldIn(k, 1 + e) })) {
      trainer.trainStep(b.x, b.y as Tensor, foldIn(k, 1 + epochs + step), { epoch: e, step: b.index, globalStep: step });
      b.x.dispose();
      b.y?.dispose();
      step++;
    }
  }
  optimizer.dispose();
  net.eval();
  return net;
}
