// WASM heap access: allocation, typed-array views rebuilt when memory grows, scopes, live counts.
import { core } from "./core.js";
import { StochasmError } from "../errors.js";

/** Anything a scope can dispose. */
export interface Disposable {
  dispose(): void;
  readonly disposed: boolean;
}

let viewMemory: WebAssembly.Memory | null = null;
let viewBuffer: ArrayBuffer | null = null;
let u8: Uint8Array = new Uint8Array(0);
let i32: Int32Array = new Int32Array(0);
let u32: Uint32Array = new Uint32Array(0);
let f32: Float32Array = new Float32Array(0);
let f64: Float64Array = new Float64Array(0);

// Views detach when memory.grow() replaces the ArrayBuffer: rebuild them when it did (the old buffer is then
// detached, byteLength 0) or when init() brought another Memory. Checking that is cheaper than reading
// memory.buffer, a host call, on every access (it was 9 % of a small logProb).
function refreshViews(): void {
  const memory = core().memory;
  if (memory !== viewMemory || viewBuffer === null || viewBuffer.byteLength === 0) {
    const buffer = memory.buffer as ArrayBuffer;
    viewMemory = memory;
    viewBuffer = buffer;
    u8 = new Uint8Array(buffer);
    i32 = new Int32Array(buffer);
    u32 = new Uint32Array(buffer);
    f32 = new Float32Array(buffer);
    f64 = new Float64Array(buffer);
  }
}

/** Current byte view of the whole heap. Valid until the next call into WASM. */
export function heapU8(): Uint8Array { refreshViews(); return u8; }
/** Current Int32 view of the whole heap. Valid until the next call into WASM. */
export function heapI32(): Int32Array { refreshViews(); return i32; }
/** Current Uint32 view of the whole heap. Valid until the next call into WASM. */
export function heapU32(): Uint32Array { refreshViews(); return u32; }
/** Current Float32 view of the whole heap. Valid until the next call into WASM. */
export function heapF32(): Float32Array { refreshViews(); return f32; }
/** Current Float64 view of the whole heap. Valid until the next call into WASM. */
export function heapF64(): Float64Array { refreshViews(); return f64; }

let liveCount = 0;
let liveBytes = 0;

/**
 * The largest single allocation: the core's TLSF allocator serves blocks below 2^30 bytes, so one tensor holds
 * at most 268 435 452 float32 / int32 or 134 217 726 float64 elements (wasm32 memory itself stops at 4 GiB).
 */
export const MAX_ALLOCATION_BYTES = 2 ** 30 - 16;

/** Allocates `bytes` in WASM memory (16-byte aligned); throws a clear error when memory runs out. */
export function allocBytes(bytes: number): number {
  if (!(bytes >= 0 && bytes <= MAX_ALLOCATION_BYTES)) {
    throw new RangeError(`cannot allocate ${bytes} bytes: one tensor or buffer is limited to 2^30 − 16 bytes (${MAX_ALLOCATION_BYTES})`);
  }
  const c = core(); // before init(): "not initialised", not "out of memory"
  let ptr: number;
  try {
    ptr = c.heapAlloc(bytes) >>> 0;
  } catch (err) {
    throw new StochasmError(`out of WASM memory allocating ${bytes} bytes (${(err as Error).message})`);
  }
  return ptr;
}

/** Returns memory from allocBytes. */
export function freeBytes(ptr: number): void {
  core().heapFree(ptr);
}

/** Bookkeeping for tensors (called by Tensor). */
export function trackAllocation(bytes: number): void { liveCount++; liveBytes += bytes; }
/** Bookkeeping for tensors (called by Tensor). */
export function trackRelease(bytes: number): void { liveCount--; liveBytes -= bytes; }
/**
 * Resets the counts when a new core replaces the old one (all its tensors are gone with it). Open scopes stay
 * open: initSync inside scope() must not orphan the tensors made after it (their old entries dispose as no-ops).
 */
export function resetTracking(): void { liveCount = 0; liveBytes = 0; viewBuffer = null; }

/** Live tensor count, their bytes, and the WASM memory size. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed. */
  tensors: number;
  /** Bytes those tensors own. */
  bytes: number;
  /** Size of the WASM linear memory (it only ever grows; freed blocks are reused). */
  wasmBytes: number;
}

/** What is alive right now: use it to find leaks (`memory().tensors` should return to its old value). */
export function memory(): MemoryInfo {
  return { tensors: liveCount, bytes: liveBytes, wasmBytes: core().memory.buffer.byteLength };
}

const scopes: Set<Disposable>[] = [];

/** Registers a new disposable with the innermost open scope (no-op outside scopes). */
export function registerInScope(d: Disposable): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(d);
}

/** Removes a disposable from every open scope, so it outlives them (`keep`). */
export function keep<T extends Disposable>(d: T): T {
  for (const s of scopes) s.delete(d);
  return d;
}

// Disposables reachable from a scope's result (a tensor, or arrays/plain objects of them) survive it.
function collectReturned(value: unknown, found: Set<unknown>, depth = 0): void {
  if (value === null || typeof value !== "object" || depth > 4) return;
  if (typeof (value as Disposable).dispose === "function" && "disposed" in (value as object)) {
    found.add(value);
  }
  if (Array.isArray(value)) {
    for (const v of value) collectReturned(v, found, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectReturned(v, found, depth + 1);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

/**
 * Runs fn and disposes every tensor created inside it that is not part of its result (like tf.tidy).
 * Returned tensors (directly, or inside arrays / plain objects) move to the enclosing scope.
 * If fn throws, everything it created is disposed and the error is rethrown.
 * fn must be synchronous (like tf.tidy): an async function is refused before it runs (TypeError). A plain
 * function that returns a promise gets the same TypeError after it returned: the tensors it made so far are
 * disposed, tensors in the promise's eventual value are disposed when it settles, and its rejection is
 * absorbed (no unhandled rejection). Tensors made after its first await belong to no scope: dispose them.
 * @example
 * const y = scope(() => normal(k, [3]).toArray()); // the tensor is freed, the copy survives
 */
export function scope<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`scope(fn): fn must be a function, got ${typeof fn === "object" && fn !== null ? "an object" : String(fn)}`);
  if (Object.prototype.toString.call(fn) === "[object AsyncFunction]") {
    throw new TypeError("scope(fn): fn must be synchronous (like tf.tidy), got an async function; await first, then scope the synchronous part");
  }
  return scopeRetaining(fn, () => false);
}

/**
 * scope() that also keeps (moves to the enclosing scope) what `retain` selects: autograd keeps the tensors an
 * enclosing tape still refers to. Internal.
 */
export function scopeRetaining<T>(fn: () => T, retain: (d: Disposable) => boolean): T {
  const frame = new Set<Disposable>();
  scopes.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    scopes.pop();
    for (const d of frame) if (!d.disposed) d.dispose();
    throw err;
  }
  scopes.pop();
  if (isThenable(result)) {
    for (const d of frame) if (!d.disposed) d.dispose();
    // Nobody else holds this promise: dispose what it resolves to and absorb its rejection.
    Promise.resolve(result).then((value) => {
      const late = new Set<unknown>();
      collectReturned(value, late);
      for (const d of late) if (!(d as Disposable).disposed) (d as Disposable).dispose();
    }, () => undefined);
    throw new TypeError("scope(fn): fn must be synchronous (like tf.tidy), but it returned a promise; the tensors it made were disposed");
  }
  const returned = new Set<unknown>();
  collectReturned(result, returned);
  for (const d of frame) {
    if (returned.has(d) || (!d.disposed && retain(d))) registerInScope(d);
    else if (!d.disposed) d.dispose();
  }
  return result;
}

/** Copies float64 arrays into WASM memory for the duration of fn (which receives their pointers). */
export function withF64<T>(arrays: readonly Float64Array[], fn: (ptrs: number[]) => T): T {
  const ptrs: number[] = [];
  try {
    for (const a of arrays) {
      const p = allocBytes(Math.max(8, a.length * 8));
      ptrs.push(p);
      heapF64().set(a, p >>> 3);
    }
    return fn(ptrs);
  } finally {
    for (const p of ptrs) freeBytes(p);
  }
}
