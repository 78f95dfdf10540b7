// Out-of-distribution image sets for uncertainty reports: transformed digits (rotated, inverted) and noise
// images from explicit keys. All are uint8 ImageSets, so they go through the same scaling as the digits.
import { assertKey, type Key } from "../random/key.js";
import { normal, randint } from "../random/sample.js";
import { assertFinite, assertInteger, assertPositive, describe } from "../errors.js";
import { checkOptions, ownOption } from "../options.js";
import { imageSet, type ImageSet } from "./images.js";
import { assertImageSet } from "./batches.js";
import { MNIST_MEAN, MNIST_STD } from "./mnist.js";

/**
 * Every image turned 90° counter-clockwise: out[r][c] = in[c][width − 1 − r] (height and width swap).
 * Labels are kept (they name the digit that was turned).
 */
export function rotate90(set: ImageSet, name = `${set?.name} rotated 90°`): ImageSet {
  assertImageSet(set);
  const { height: h, width: w, count } = set;
  const out = new Uint8Array(set.images.length);
  for (let i = 0; i < count; i++) {
    const src = i * h * w;
    for (let r = 0; r < w; r++) {
      for (let c = 0; c < h; c++) out[src + r * h + c] = set.images[src + c * w + (w - 1 - r)];
    }
  }
  return imageSet(name, out, set.labels, { height: w, width: h });
}

/** Every pixel b → 255 − b (white digits on black become black on white). Labels kept. */
export function invertImages(set: ImageSet, name = `${set?.name} inverted`): ImageSet {
  assertImageSet(set);
  const out = new Uint8Array(set.images.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - set.images[i];
  return imageSet(name, out, set.labels, { height: set.height, width: set.width });
}

/** Options of the noise image builders. */
export interface NoiseImageOptions {
  height?: number;
  width?: number;
  name?: string;
}

function readShape(options: object, fn: string, extra: string[]): { height: number; width: number } {
  checkOptions(options, ["height", "width", "name", ...extra], fn);
  const height = ownOption<unknown>(options, "height", 28);
  const width = ownOption<unknown>(options, "width", 28);
  assertInteger(height, "height", 1, 2 ** 15);
  assertInteger(width, "width", 1, 2 ** 15);
  return { height, width };
}

/**
 * `count` unlabelled images of independent Gaussian pixels: b = clamp(round(255·z), 0, 255) with
 * z ~ N(mean, std²) drawn in WASM from `key` (defaults: MNIST's pixel mean 0.1307 and std 0.3081, in [0, 1]
 * units), so the noise has the digits' brightness but no strokes.
 * @example gaussianNoiseImages(key(3), 1000).count;  // 1000 images of 28×28
 */
export function gaussianNoiseImages(k: Key, count: number, options: NoiseImageOptions & { mean?: number; std?: number } = {}): ImageSet {
  assertKey(k);
  assertInteger(count, "count", 0, 2 ** 24);
  const { height, width } = readShape(options, "gaussianNoiseImages", ["mean", "std"]);
  const mean = ownOption<unknown>(options, "mean", MNIST_MEAN);
  const std = ownOption<unknown>(options, "std", MNIST_STD);
  assertFinite(mean, "mean");
  assertPositive(std, "std");
  const z = normal(k, [count * height * width], { mean, std });
  const out = new Uint8Array(z.size);
  try {
    const v = z.view();
    for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(255 * v[i])));
  } finally {
    z.dispose();
  }
  return imageSet(ownOption(options, "name", "Gaussian noise"), out, null, { height, width });
}

/**
 * `count` unlabelled images of independent pixels uniform on {0, …, 255}, drawn in WASM from `key`.
 * @example uniformNoiseImages(key(4), 1000, { name: "uniform noise" });
 */
export function uniformNoiseImages(k: Key, count: number, options: NoiseImageOptions = {}): ImageSet {
  assertKey(k);
  assertInteger(count, "count", 0, 2 ** 24);
  const { height, width } = readShape(options, "uniformNoiseImages", []);
  const r = randint(k, [count * height * width], 0, 256);
  let out: Uint8Array;
  try {
    out = Uint8Array.from(r.view() as Int32Array);
  } finally {
    r.dispose();
  }
  const name = ownOption<unknown>(options, "name", "uniform noise");
  if (typeof name !== "string") throw new TypeError(`uniformNoiseImages: name must be a string, got ${describe(name)}`);
  return imageSet(name, out, null, { height, width });
}
