// Deterministic shuffles and scaling, computed in WASM (the same bits in every runtime and both builds).
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapU8 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertFinite, assertInteger, assertPositive, assertShape, describe } from "../errors.js";
import { checkOptions, ownOption } from "../options.js";
import { assertKey, type Key } from "../random/key.js";

/**
 * A uniformly random permutation of 0 … n−1 (Fisher–Yates with Lemire's unbiased draws), int32 [n].
 * Step t uses word t of the key's stream: the same key and n give the same permutation everywhere.
 * @param n an integer in [0, 2^31 − 1]
 * @example
 * permutation(key(0), 5).toArray();   // Int32Array of 0 … 4 in an order fixed by key(0)
 * permutation(key(0), 0).size;        // 0
 */
export function permutation(k: Key, n: number): Tensor {
  assertKey(k);
  assertInteger(n, "n", 0, 2 ** 31 - 1);
  const out = new Tensor([n], "int32");
  core().permutationI32(out.ptr, n, k.k0, k.k1);
  return out;
}

/** Options of pixelsToFloat32: x = (b / 255 − mean) / std. */
export interface PixelScaling {
  /** Subtracted after dividing by 255 (default 0; MNIST's is 0.1307). */
  mean?: number;
  /** Divides after subtracting the mean, > 0 (default 1; MNIST's is 0.3081). */
  std?: number;
}

/** Reads and checks the PixelScaling part of an options object (own properties only). */
export function pixelScaling(options: object): { mean: number; std: number } {
  const mean = ownOption<unknown>(options, "mean", 0);
  const std = ownOption<unknown>(options, "std", 1);
  assertFinite(mean, "mean");
  assertPositive(std, "std");
  return { mean, std };
}

/**
 * Image bytes to a float32 tensor: x = (b / 255 − mean) / std, computed in WASM in the order of
 * torchvision's ToTensor() then Normalize(mean, std).
 * @param pixels uint8 values, shape.product of them
 * @example
 * pixelsToFloat32(new Uint8Array([0, 255]), [2]).toArray();                        // [0, 1]
 * pixelsToFloat32(new Uint8Array([0]), [1], { mean: 0.1307, std: 0.3081 }).item(); // −0.42421296
 */
export function pixelsToFloat32(pixels: Uint8Array, shape: readonly number[], options: PixelScaling = {}): Tensor {
  checkOptions(options, ["mean", "std"], "pixelsToFloat32");
  const { mean, std } = pixelScaling(options);
  if (!(pixels instanceof Uint8Array)) throw new TypeError(`pixelsToFloat32: pixels must be a Uint8Array, got ${describe(pixels)}`);
  assertShape(shape);
  const out = new Tensor(shape, "float32");
  if (out.size !== pixels.length) {
    out.dispose();
    throw new RangeError(`pixelsToFloat32: ${pixels.length} pixels do not fill shape ${describe(shape)} (${out.size} elements)`);
  }
  const scratch = allocBytes(pixels.length);
  try {
    heapU8().set(pixels, scratch);
    core().pixelsToF32(out.ptr, scratch, out.size, mean, std);
  } catch (err) {
    out.dispose();
    throw err;
  } finally {
    freeBytes(scratch);
  }
  return out;
}
