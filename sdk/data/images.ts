// Labelled image sets as plain bytes (no WASM memory until a batch is drawn), and the two deterministic
// steps between them and a network: a permutation of the examples from a key, and uint8 → float32 scaling.
import { describe } from "../errors.js";
import { parseIdx } from "./idx.js";

/** A set of equally sized greyscale images with optional integer labels. Plain data: nothing to dispose. */
export interface ImageSet {
  /** What to call the set in reports ("test", "rotated 90°", …). */
  readonly name: string;
  /** count × height × width pixels, row-major, 0 = black (MNIST's background). */
  readonly images: Uint8Array;
  /** count labels in [0, classes), or null for unlabelled sets (noise images). */
  readonly labels: Uint8Array | null;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/**
 * An ImageSet from pixels and labels, checked: images.length = count·height·width, one label per image.
 * @example
 * imageSet("tiny", new Uint8Array(2 * 4), new Uint8Array([3, 7]), { height: 2, width: 2 }); // 2 images
 */
export function imageSet(name: string, images: Uint8Array, labels: Uint8Array | null, { height, width }: { height: number; width: number }): ImageSet {
  if (typeof name !== "string") throw new TypeError(`imageSet: name must be a string, got ${describe(name)}`);
  if (!(images instanceof Uint8Array)) throw new TypeError(`imageSet: images must be a Uint8Array, got ${describe(images)}`);
  for (const [n, v] of [["height", height], ["width", width]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`imageSet: ${n} must be a positive integer, got ${describe(v)}`);
  }
  const pixels = height * width;
  if (images.length % pixels !== 0) {
    throw new RangeError(`imageSet: images holds ${images.length} bytes, not a whole number of ${height}×${width} images`);
  }
  const count = images.length / pixels;
  if (labels !== null) {
    if (!(labels instanceof Uint8Array)) throw new TypeError(`imageSet: labels must be a Uint8Array or null, got ${describe(labels)}`);
    if (labels.length !== count) throw new RangeError(`imageSet: labels must hold one label per image (${count}), got ${labels.length}`);
  }
  return Object.freeze({ name, images, labels, count, height, width });
}

/**
 * An ImageSet from the bytes of an IDX images file (uint8, rank 3) and an IDX labels file (uint8, rank 1,
 * values < classes); errors name the file.
 */
export function imageSetFromIdx(name: string, imagesFile: Uint8Array, labelsFile: Uint8Array,
  { imagesName = `${name} images`, labelsName = `${name} labels`, classes = 10 } = {}): ImageSet {
  const img = parseIdx(imagesFile, imagesName);
  const lab = parseIdx(labelsFile, labelsName);
  if (img.type !== "uint8" || img.shape.length !== 3) {
    throw new RangeError(`${imagesName}: expected uint8 images of rank 3 (count, rows, cols), got ${img.type} of shape ${describe(img.shape)}`);
  }
  if (lab.type !== "uint8" || lab.shape.length !== 1) {
    throw new RangeError(`${labelsName}: expected uint8 labels of rank 1, got ${lab.type} of shape ${describe(lab.shape)}`);
  }
  if (lab.shape[0] !== img.shape[0]) {
    throw new RangeError(`${labelsName}: ${lab.shape[0]} labels for the ${img.shape[0]} images of ${imagesName}`);
  }
  const labels = lab.data as Uint8Array;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes) throw new RangeError(`${labelsName}: label ${labels[i]} at index ${i} is not in [0, ${classes})`);
  }
  return imageSet(name, img.data as Uint8Array, labels, { height: img.shape[1], width: img.shape[2] });
}
