// Random fills from an explicit key. Element i of any draw is a pure function of (key, i): a draw of
// shape [n] is a prefix of a draw of [n + k] with the same key, and `offset` continues a stream.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes } from "../runtime/memory.js";
import { Tensor, type DType } from "../tensor.js";
import { assertFinite, assertInteger, ownOptions, assertPositive, assertProbability, assertShape } from "../errors.js";
import { assertDTypeName } from "../dtype.js";
import { assertKey, type Key } from "./key.js";

/** Common options of every fill. */
export interface DrawOptions {
  /** Index of the first element in the key's stream (default 0): draws [offset, offset + size). */
  offset?: number;
}

function prepare(k: Key, shape: readonly number[], dtype: DType, options: DrawOptions): { out: Tensor; start: number } {
  assertKey(k);
  assertShape(shape);
  assertDTypeName(dtype);
  const offset = options.offset ?? 0;
  assertInteger(offset, "offset", 0, 2 ** 32 - 1);
  const out = new Tensor(shape, dtype);
  if (offset + out.size > 2 ** 32) {
    out.dispose();
    throw new RangeError(`offset + size must be ≤ 2^32 (a stream has 2^32 elements), got ${offset} + ${out.size}`);
  }
  return { out, start: offset };
}

/**
 * Uniform samples on [low, high) (default [0, 1)). float32: 24 random bits; float64: 53 bits.
 * @example
 * uniform(key(0), [2, 3]);                          // Tensor [2, 3] float32 in [0, 1)
 * uniform(key(0), [4], { low: -1, high: 1, dtype: "float64" });
 */
export function uniform(k: Key, shape: readonly number[], options: DrawOptions & { low?: number; high?: number; dtype?: DType } = {}): Tensor {
  options = ownOptions(options, "uniform");
  const { low = 0, high = 1, dtype = "float32" } = options;
  assertFinite(low, "low");
  assertFinite(high, "high");
  if (!(low < high)) throw new RangeError(`low must be < high, got low = ${low}, high = ${high}`);
  // the draws are low + (high − low)·u in the output dtype: a width that overflows gave ∞ and NaN
  const width = dtype === "float32" ? Math.fround(Math.fround(high) - Math.fround(low)) : high - low;
  if (!Number.isFinite(width) || (dtype === "float32" && !(Number.isFinite(Math.fround(low)) && Number.isFinite(Math.fround(high))))) {
    throw new RangeError(`uniform: low, high and high − low must be finite in ${dtype}, got low = ${low}, high = ${high}`);
  }
  if (dtype === "int32") throw new TypeError(`uniform: dtype must be "float32" or "float64" (use randint for integers)`);
  const { out, start } = prepare(k, shape, dtype, options);
  const c = core();
  if (dtype === "float32") {
    if (low === 0 && high === 1) c.uniformFillF32(out.ptr, start, out.size, k.k0, k.k1);
    else c.uniformRangeFillF32(out.ptr, start, out.size, k.k0, k.k1, low, high);
  } else {
    c.uniformFillF64(out.ptr, start, out.size, k.k0, k.k1);
    if (low !== 0 || high !== 1) {
      const v = out.view();
      const width = high - low;
      for (let i = 0; i < v.length; i++) v[i] = low + width * v[i];
    }
  }
  return out;
}

/**
 * Normal samples N(mean, std²) by Box–Muller computed in WASM.
 * @param options.std must be > 0 (σ ≤ 0 is an error, not a degenerate draw).
 * @example
 * normal(key(1), [1000], { mean: 2, std: 1.5 });
 */
export function normal(k: Key, shape: readonly number[], options: DrawOptions & { mean?: number; std?: number; dtype?: DType } = {}): Tensor {
  options = ownOptions(options, "normal");
  const { mean = 0, std = 1, dtype = "float32" } = options;
  assertFinite(mean, "mean");
  assertPositive(std, "std");
  if (dtype === "int32") throw new TypeError(`normal: dtype must be "float32" or "float64", got "int32"`);
  const { out, start } = prepare(k, shape, dtype, options);
  if (dtype === "float32") {
    core().normalFillF32(out.ptr, start, out.size, k.k0, k.k1, mean, std);
  } else {
    const scratch = allocBytes(16);
    try {
      core().normalFillF64(out.ptr, start, out.size, k.k0, k.k1, mean, std, scratch);
    } finally {
      freeBytes(scratch);
    }
  }
  return out;
}

/**
 * Normal samples truncated to [mean − 2·std, mean + 2·std], re-drawn outside (as tf.truncatedNormal and
 * torch.nn.init.trunc_normal_(a = −2σ, b = 2σ)). float32.
 */
export function truncatedNormal(k: Key, shape: readonly number[], options: DrawOptions & { mean?: number; std?: number } = {}): Tensor {
  options = ownOptions(options, "truncatedNormal");
  const { mean = 0, std = 1 } = options;
  assertFinite(mean, "mean");
  assertPositive(std, "std");
  const { out, start } = prepare(k, shape, "float32", options);
  core().truncatedNormalFillF32(out.ptr, start, out.size, k.k0, k.k1, mean, std);
  return out;
}

/**
 * Integers uniform on [low, high) without modulo bias (Lemire's method). int32.
 * @example
 * randint(key(3), [10], 0, 6);   // dice faces 0…5
 */
export function randint(k: Key, shape: readonly number[], low: number, high: number, options: DrawOptions = {}): Tensor {
  options = ownOptions(options, "randint");
  assertInteger(low, "low", -(2 ** 31), 2 ** 31 - 1);
  assertInteger(high, "high", -(2 ** 31) + 1, 2 ** 31);
  if (!(low < high)) throw new RangeError(`randint: low must be < high, got low = ${low}, high = ${high}`);
  const range = high - low; // ≤ 2^32; 2^32 is passed as 0
  const { out, start } = prepare(k, shape, "int32", options);
  core().randintFillI32(out.ptr, start, out.size, k.k0, k.k1, low, range >>> 0);
  return out;
}

/**
 * Bernoulli(p) samples as float32 0/1: element i is 1 when its 32-bit word < ⌊p·2^32⌋.
 * p = 0 never and p = 1 always gives 1.
 */
export function bernoulli(k: Key, shape: readonly number[], p: number, options: DrawOptions = {}): Tensor {
  options = ownOptions(options, "bernoulli");
  assertProbability(p, "p");
  const threshold = p === 1 ? 2 ** 32 : Math.floor(p * 2 ** 32);
  const { out, start } = prepare(k, shape, "float32", options);
  core().bernoulliFillF32(out.ptr, start, out.size, k.k0, k.k1, threshold % 2 ** 32, Math.floor(threshold / 2 ** 32));
  return out;
}

/** Rademacher samples: ±1 with probability ½ each, float32. */
export function rademacher(k: Key, shape: readonly number[], options: DrawOptions = {}): Tensor {
  options = ownOptions(options, "rademacher");
  const { out, start } = prepare(k, shape, "float32", options);
  core().rademacherFillF32(out.ptr, start, out.size, k.k0, k.k1);
  return out;
}

/** The raw 32-bit words of the stream (stored in an int32 tensor; read them with `>>> 0`). */
export function randomBits(k: Key, shape: readonly number[], options: DrawOptions = {}): Tensor {
  options = ownOptions(options, "randomBits");
  const { out, start } = prepare(k, shape, "int32", options);
  core().randomBitsFill(out.ptr, start, out.size, k.k0, k.k1);
  return out;
}

