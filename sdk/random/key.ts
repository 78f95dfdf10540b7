// Keys the JAX way: randomness is always an explicit, immutable key; split and foldIn derive new ones.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapU32 } from "../runtime/memory.js";
import { assertInteger, describe } from "../errors.js";

/** A 64-bit Philox key (two u32 words). Plain data: nothing to dispose. */
export class Key {
  readonly k0: number;
  readonly k1: number;
  readonly #brand = true;
  /** Only keys this module constructed pass `instanceof Key`: `Object.create(Key.prototype)` (no words) is refused. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && #brand in value;
  }
  /** Prefer key(seed); k0 and k1 are the low and high 32-bit words (integers in [-2^31, 2^32), taken mod 2^32). */
  constructor(k0: number, k1: number) {
    assertInteger(k0, "Key: k0", -(2 ** 31), 2 ** 32 - 1);
    assertInteger(k1, "Key: k1", -(2 ** 31), 2 ** 32 - 1);
    this.k0 = k0 >>> 0;
    this.k1 = k1 >>> 0;
    Object.freeze(this);
  }
  /** The key as a 16-digit hex string (high word first). */
  toString(): string {
    if (!(#brand in this)) return "a forged Key (not made by key, split or foldIn)";
    return `Key(0x${this.k1.toString(16).padStart(8, "0")}${this.k0.toString(16).padStart(8, "0")})`;
  }
  /** Equality by value. */
  equals(other: Key): boolean {
    assertKey(this, "equals: this");
    assertKey(other, "equals: other");
    return this.k0 === other.k0 && this.k1 === other.k1;
  }
}

const TWO_64 = 1n << 64n;

/**
 * A key from a seed: a non-negative integer below 2^53 (a number) or below 2^64 (a bigint).
 * Seed 0 is valid. Words: k0 = seed mod 2^32, k1 = ⌊seed / 2^32⌋.
 * @example
 * const k = key(42);  key(2n ** 64n - 1n);  // the largest seed
 */
export function key(seed: number | bigint): Key {
  if (typeof seed === "bigint") {
    if (seed < 0n || seed >= TWO_64) throw new RangeError(`seed must be in [0, 2^64), got ${describe(seed)}`);
    return new Key(Number(seed & 0xffffffffn), Number(seed >> 32n));
  }
  assertInteger(seed, "seed", 0, Number.MAX_SAFE_INTEGER);
  return new Key(seed % 2 ** 32, Math.floor(seed / 2 ** 32));
}

/** Checks that a value is a Key (a clear error instead of a wrong stream). */
export function assertKey(k: unknown, name = "key"): asserts k is Key {
  if (!(k instanceof Key)) throw new TypeError(`${name} must be a Key from key(seed), split or foldIn, got ${describe(k)}`);
}

/**
 * n independent child keys (default 2). Child j is Philox(counter = (j, 0, 0, 2), key)'s first two
 * words, so split(k, n) is a prefix of split(k, n + 1).
 * @example
 * const [kInit, kData] = split(key(0));      // typed [Key, Key] (tuples for n = 2, 3, 4)
 */
export function split(k: Key, n?: 2): [Key, Key];
export function split(k: Key, n: 3): [Key, Key, Key];
export function split(k: Key, n: 4): [Key, Key, Key, Key];
export function split(k: Key, n: number): Key[];
export function split(k: Key, n = 2): Key[] {
  assertKey(k);
  assertInteger(n, "n", 0, 2 ** 24);
  if (n === 0) return [];
  const ptr = allocBytes(8 * n);
  try {
    core().splitKeys(ptr, n, k.k0, k.k1);
    const words = heapU32();
    const base = ptr >>> 2;
    return Array.from({ length: n }, (_, j) => new Key(words[base + 2 * j], words[base + 2 * j + 1]));
  } finally {
    freeBytes(ptr);
  }
}

/**
 * A new key from k and an integer (e.g. a step or layer index): Philox(counter = (lo, hi, 0, 3), key).
 * @param data an integer in [0, 2^53) or a bigint in [0, 2^64).
 */
export function foldIn(k: Key, data: number | bigint): Key {
  assertKey(k);
  let lo: number;
  let hi: number;
  if (typeof data === "bigint") {
    if (data < 0n || data >= TWO_64) throw new RangeError(`data must be in [0, 2^64), got ${describe(data)}`);
    lo = Number(data & 0xffffffffn);
    hi = Number(data >> 32n);
  } else {
    assertInteger(data, "data", 0, Number.MAX_SAFE_INTEGER);
    lo = data % 2 ** 32;
    hi = Math.floor(data / 2 ** 32);
  }
  const ptr = allocBytes(8);
  try {
    core().foldInKey(ptr, k.k0, k.k1, lo, hi);
    const words = heapU32();
    return new Key(words[ptr >>> 2], words[(ptr >>> 2) + 1]);
  } finally {
    freeBytes(ptr);
  }
}

/** The raw Philox4x32-10 block for a counter and key (for known-answer tests). */
export function philox4x32(counter: readonly [number, number, number, number], k: readonly [number, number]): Uint32Array {
  assertWords(counter, 4, "philox4x32: counter");
  assertWords(k, 2, "philox4x32: key");
  const ptr = allocBytes(16);
  try {
    core().philoxBlockTo(ptr, counter[0], counter[1], counter[2], counter[3], k[0], k[1]);
    return heapU32().slice(ptr >>> 2, (ptr >>> 2) + 4);
  } finally {
    freeBytes(ptr);
  }
}

// A fixed-length array of u32 words (a wrong length or a fractional word would silently change the block).
function assertWords(words: unknown, n: number, name: string): void {
  if (!Array.isArray(words) && !(words instanceof Uint32Array)) {
    throw new TypeError(`${name} must be an array of ${n} integers in [0, 2^32), got ${describe(words)}`);
  }
  if (words.length !== n) throw new RangeError(`${name} must hold ${n} words, got ${words.length}`);
  for (let i = 0; i < n; i++) assertInteger(words[i], `${name}[${i}]`, 0, 2 ** 32 - 1);
}
