// Errors and the argument checks every public function runs before entering WASM.
import type { DType } from "./dtype.js";

/** Base class for stochasm's own errors (bad state rather than a bad argument). */
export class StochasmError extends Error {
  constructor(message: string) {
    super(typeof message === "string" ? message : describe(message));
    this.name = "StochasmError";
  }
}

/** Thrown when a tensor is used after dispose(). */
export class DisposedTensorError extends StochasmError {
  constructor(what: string) {
    super(`${typeof what === "string" ? what : describe(what)} was used after dispose(); it no longer owns memory`);
    this.name = "DisposedTensorError";
  }
}

/** Describes a value for an error message. Never throws (null-prototype objects, symbols, throwing toString). */
export function describe(value: unknown, depth = 0): string {
  if (typeof value === "bigint") return `${value}n (a BigInt)`;
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return `a function${value.name ? ` ${value.name}` : ""}`;
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) {
    if (depth > 2) return `[…${value.length} items]`;
    const shown = value.slice(0, 8).map((v) => describe(v, depth + 1));
    return `[${shown.join(", ")}${value.length > 8 ? `, …${value.length - 8} more` : ""}]`;
  }
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null) return "an object with a null prototype";
  if (proto === Object.prototype) return "a plain object";
  // Tensor and Key accept only instances they constructed: an object from Object.create(Tensor.prototype) fails
  // its own class's instanceof
  const C = proto.constructor as unknown;
  if (typeof C === "function" && Object.hasOwn(C, Symbol.hasInstance) && !(value instanceof (C as new () => unknown))) {
    return `a forged ${(C as { name: string }).name} (not made by stochasm)`;
  }
  try {
    const s = String(value);
    if (s !== "[object Object]") return s;
  } catch {
    // a toString that throws: fall through to the class name
  }
  const name = proto.constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object";
}

/** Checks that `value` is a finite number. */
export function assertFinite(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number, got ${describe(value)}`);
  }
}

/** Checks that `value` is a finite number > 0. */
export function assertPositive(value: unknown, name: string): asserts value is number {
  assertFinite(value, name);
  if (!(value > 0)) throw new RangeError(`${name} must be > 0, got ${describe(value)}`);
}

/** Checks that `value` is an integer in [lo, hi]. */
export function assertInteger(value: unknown, name: string, lo = -Infinity, hi = Infinity): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
  if (value < lo || value > hi) throw new RangeError(`${name} must be in [${lo}, ${hi}], got ${value}`);
}

/** Checks a probability in [0, 1]. */
export function assertProbability(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${describe(value)}`);
  }
}

/** Checks a shape: an array of non-negative integers with a total size below 2^31 (allocation then limits one
 * tensor to 2^30 − 16 bytes: see MAX_ALLOCATION_BYTES in runtime/memory.ts). */
export function assertShape(shape: unknown, name = "shape"): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${name} must be an array of non-negative integers, got ${describe(shape)}`);
  let size = 1;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new TypeError(`${name} must be an array of non-negative integers, got ${describe(shape)}`);
    }
    size *= d;
  }
  if (size > 2 ** 31 - 1) throw new RangeError(`${name} ${describe(shape)} has ${size} elements; the limit is 2^31 − 1`);
}

/**
 * Reads an options argument as its own properties only: undefined gives {}; anything but a plain object
 * (null, a number, a string, an array, a function) is a TypeError naming `fn`. The copy has a null prototype,
 * so `options.reduction` never finds an inherited `toString`, `constructor` or `__proto__`, and a missing key is
 * `undefined` (defaults then apply). Every public function reads its options through this.
 */
export function ownOptions<T extends object>(options: T | undefined, fn: string, what = "options"): Partial<T> {
  if (options === undefined) return NO_OPTIONS as Partial<T>;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}: ${what} must be an object, got ${describe(options)}`);
  }
  // Fast path (no copy, ~25 ns): a null-prototype object, or a plain object while Object.prototype has no
  // enumerable additions; none of stochasm's option names is a standard Object.prototype member, so reads then
  // see own properties only. Anything else (a custom prototype, a polluted Object.prototype) is copied.
  const proto = Object.getPrototypeOf(options);
  if (proto === null || (proto === Object.prototype && objectPrototypeIsClean())) return options as Partial<T>;
  const names = Object.keys(options);
  if (names.length === 0) return NO_OPTIONS as Partial<T>;
  const copy = Object.create(null) as Record<string, unknown>;
  // plain assignment is safe: without Object.prototype in the chain, "__proto__" is an ordinary key
  for (const name of names) copy[name] = (options as Record<string, unknown>)[name];
  return copy as Partial<T>;
}

const NO_OPTIONS: object = Object.freeze(Object.create(null));

function objectPrototypeIsClean(): boolean {
  for (const name in Object.prototype) return name === undefined; // any enumerable key (pollution): false
  return true;
}

/** Checks that an options argument is an object (not null, an array, a number or a string), for callers that then
 * read it with their own own-property helper (main's sdk/options.ts ownOption); ownOptions does both in one. */
export function assertOptions(options: unknown, fn: string): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  }
}

/** Checks an optional boolean option: undefined or true / false (not 0, 1 or "yes"). */
export function assertBooleanOption(value: unknown, name: string): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
}

/** Checks that a tensor-like has the given dtype. */
export function assertDType(t: { dtype: DType }, dtypes: readonly DType[], name: string): void {
  if (!dtypes.includes(t.dtype)) {
    throw new TypeError(`${name} must have dtype ${dtypes.join(" or ")}, got ${t.dtype}`);
  }
}

/** Checks that a tensor-like has the given rank. */
export function assertRank(t: { shape: readonly number[] }, rank: number, name: string): void {
  if (t.shape.length !== rank) {
    throw new RangeError(`${name} must have rank ${rank}, got shape ${describe(t.shape)}`);
  }
}

/** Checks two shapes are equal. */
export function assertSameShape(a: { shape: readonly number[] }, b: { shape: readonly number[] }, nameA: string, nameB: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new RangeError(`${nameA} and ${nameB} must have the same shape, got ${describe(a.shape)} and ${describe(b.shape)}`);
  }
}
