// Minibatches drawn without replacement: one permutation of the set per epoch from an explicit key, cut
// into consecutive slices; pixels scaled to float32 in WASM.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapU8 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertInteger, describe } from "../errors.js";
import { assertKey, type Key } from "../random/key.js";
import { checkOptions, ownOption } from "../options.js";
import type { ImageSet } from "./images.js";
import { permutation, pixelScaling, type PixelScaling } from "./permutation.js";

/** One minibatch. x and y belong to the caller (dispose them, or draw inside scope()). */
export interface Batch {
  /** float32 [size, height·width], scaled pixels. */
  x: Tensor;
  /** int32 [size] labels, or null for an unlabelled set. */
  y: Tensor | null;
  /** Which examples of the set, in batch order. */
  indices: Int32Array;
  /** 0, 1, … within the epoch. */
  index: number;
}

/** Options of batches(). */
export interface BatchOptions extends PixelScaling {
  /** Examples per batch, ≥ 1. */
  batchSize: number;
  /** The epoch's shuffle key (e.g. foldIn(key, epoch)); without it the set's own order (for evaluation). */
  key?: Key;
  /** Drop a last batch smaller than batchSize (default false: every example is seen once). */
  dropLast?: boolean;
}

const OPTIONS = ["batchSize", "key", "dropLast", "mean", "std"];

/** How many batches batches() yields for `count` examples. */
export function batchCount(count: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/** Checks batches() options; returns them with defaults filled in. */
export function readBatchOptions(options: BatchOptions, fn = "batches"): Required<Omit<BatchOptions, "key">> & { key: Key | undefined } {
  checkOptions(options, OPTIONS, fn);
  const batchSize = ownOption<unknown>(options, "batchSize", undefined);
  assertInteger(batchSize, "batchSize", 1, 2 ** 31 - 1);
  const k = ownOption<Key | undefined>(options, "key", undefined);
  if (k !== undefined) assertKey(k);
  const dropLast = ownOption<unknown>(options, "dropLast", false);
  if (typeof dropLast !== "boolean") throw new TypeError(`${fn}: dropLast must be a boolean, got ${describe(dropLast)}`);
  return { batchSize, key: k, dropLast, ...pixelScaling(options) };
}

/** Checks that `set` looks like an ImageSet (count, height, width, images of the right length). */
export function assertImageSet(set: unknown, name = "set"): asserts set is ImageSet {
  const s = set as ImageSet;
  if (typeof s !== "object" || s === null || !(s.images instanceof Uint8Array) || !Number.isInteger(s.count)
    || s.images.length !== s.count * s.height * s.width) {
    throw new TypeError(`${name} must be an ImageSet (from imageSet, imageSetFromIdx or loadMnist), got ${describe(set)}`);
  }
}

/**
 * The batches of one epoch. With a key, the order is permutation(key, count): every example exactly once,
 * and the same key gives the same batches everywhere. Without a key, examples 0, 1, 2, … in order.
 * @example
 * for (const { x, y } of batches(mnist.train, { batchSize: 64, key: foldIn(k, epoch) })) {
 *   try { step(x, y); } finally { x.dispose(); y?.dispose(); }
 * }
 */
export function* batches(set: ImageSet, options: BatchOptions): Generator<Batch, void, undefined> {
  assertImageSet(set);
  const { batchSize, key: k, dropLast, mean, std } = readBatchOptions(options);
  const order = orderOf(set.count, k);
  const pixels = set.height * set.width;
  const n = batchCount(set.count, batchSize, dropLast);
  if (n === 0) return;
  const scratch = allocBytes(Math.min(batchSize, set.count) * pixels);
  try {
    for (let b = 0; b < n; b++) {
      const indices = order.subarray(b * batchSize, Math.min(set.count, (b + 1) * batchSize));
      yield gather(set, indices, b, scratch, mean, std);
    }
  } finally {
    freeBytes(scratch);
  }
}

function orderOf(count: number, k: Key | undefined): Int32Array {
  if (k === undefined) return Int32Array.from({ length: count }, (_, i) => i);
  const p = permutation(k, count);
  try {
    return p.toArray() as Int32Array;
  } finally {
    p.dispose();
  }
}

function gather(set: ImageSet, indices: Int32Array, index: number, scratch: number, mean: number, std: number): Batch {
  const pixels = set.height * set.width;
  const size = indices.length;
  const x = new Tensor([size, pixels], "float32");
  let y: Tensor | null = null;
  try {
    y = set.labels === null ? null : new Tensor([size], "int32");
    const heap = heapU8();
    for (let r = 0; r < size; r++) {
      const i = indices[r];
      heap.set(set.images.subarray(i * pixels, (i + 1) * pixels), scratch + r * pixels);
    }
    core().pixelsToF32(x.ptr, scratch, size * pixels, mean, std);
    if (y !== null) {
      const labels = y.view();
      for (let r = 0; r < size; r++) labels[r] = set.labels![indices[r]];
    }
  } catch (err) {
    x.dispose();
    y?.dispose();
    throw err;
  }
  return { x, y, indices: indices.slice(), index };
}
