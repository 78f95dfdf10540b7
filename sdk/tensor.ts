// Tensor: a handle owning a region of WASM memory. Disposed explicitly (dispose(), `using`, scope()).
import { core, coreGeneration } from "./runtime/core.js";
import {
  allocBytes, freeBytes, heapF32, heapF64, heapI32, registerInScope, trackAllocation, trackRelease,
} from "./runtime/memory.js";
import { assertDTypeName, bytesPerElement, type DType, type TypedArrayFor } from "./dtype.js";
import { assertShape, describe, DisposedTensorError, StochasmError } from "./errors.js";

export type { DType } from "./dtype.js";

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

let leakRegistry: FinalizationRegistry<string> | null = null;

/**
 * Warn (console.warn) when a tensor is garbage-collected without dispose(). Off by default: it costs a
 * FinalizationRegistry entry per tensor. The memory of such a tensor is not reclaimed automatically.
 */
export function setLeakWarnings(on: boolean): void {
  leakRegistry = on && typeof FinalizationRegistry !== "undefined"
    ? new FinalizationRegistry((what: string) => console.warn(`stochasm: ${what} was garbage-collected without dispose(); its WASM memory leaked`))
    : null;
}

// Bytes in WASM memory shared by a tensor and its views (reshape, view, squeeze, unsqueeze, flatten).
interface Storage {
  readonly ptr: number;
  readonly bytes: number;
  refs: number;
}
let pendingStorage: Storage | null = null;
let makeView: (base: Tensor, shape: readonly number[]) => Tensor;

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * An n-dimensional array in WASM memory. Row-major, contiguous.
 * @example
 * using t = tensor([1, 2, 3], [3]);   // freed at the end of the block
 * t.toArray();                         // Float32Array [1, 2, 3] (a copy)
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Bytes of data (size × bytes per element). */
  readonly byteLength: number;
  #ptr: number;
  #generation: number;
  #storage: Storage;
  #disposed = false;

  /** Only tensors this module constructed pass `instanceof Tensor`: `Object.create(Tensor.prototype)` is refused. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && #disposed in value;
  }

  /** Allocates an uninitialised tensor; prefer empty / zeros / tensor. */
  constructor(shape: readonly number[], dtype: DType = "float32") {
    assertShape(shape);
    assertDTypeName(dtype);
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.byteLength = this.size * bytesPerElement(dtype);
    const shared = pendingStorage;
    pendingStorage = null;
    if (shared !== null) {
      // a view (viewOf): the same bytes under another shape; the storage is freed with its last tensor
      this.#storage = shared;
      shared.refs++;
      trackAllocation(0);
    } else {
      this.#storage = { ptr: allocBytes(this.byteLength), bytes: this.byteLength, refs: 1 };
      trackAllocation(this.byteLength);
    }
    this.#ptr = this.#storage.ptr;
    this.#generation = coreGeneration();
    registerInScope(this);
    leakRegistry?.register(this, `tensor ${describe(this.shape)} ${dtype}`, this);
  }

  /** Byte offset of the data in WASM memory. Throws after dispose(). */
  get ptr(): number {
    this.assertLive();
    return this.#ptr;
  }

  /** Whether dispose() has been called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Throws a clear error if this tensor was disposed or belongs to a core that was replaced. */
  assertLive(name = "tensor"): void {
    if (this.#disposed) throw new DisposedTensorError(`${name} ${describe(this.shape)} ${this.dtype}`);
    if (this.#generation !== coreGeneration()) {
      throw new StochasmError(`${name} belongs to a stochasm core that was re-initialised; its memory is gone`);
    }
  }

  /**
   * A zero-copy typed-array view of the data. Valid only until the next stochasm call: any call may
   * grow WASM memory, which detaches the view. Use toArray() for a copy you can keep.
   * With a shape, torch's view: the same as reshape (a tensor sharing this one's memory).
   */
  view(): TypedArrayFor<DType>;
  view(shape: readonly number[]): Tensor;
  view(shape?: readonly number[]): TypedArrayFor<DType> | Tensor {
    if (shape !== undefined) return (this as unknown as { reshape(s: readonly number[]): Tensor }).reshape(shape);
    this.assertLive();
    const p = this.#ptr;
    if (this.dtype === "float32") return heapF32().subarray(p >>> 2, (p >>> 2) + this.size);
    if (this.dtype === "float64") return heapF64().subarray(p >>> 3, (p >>> 3) + this.size);
    return heapI32().subarray(p >>> 2, (p >>> 2) + this.size);
  }

  /** A copy of the data as a typed array of the tensor's dtype. */
  toArray(): TypedArrayFor<DType> {
    return this.view().slice();
  }

  /** The single element of a size-1 tensor, as a number. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item() needs a tensor with one element, got shape ${describe(this.shape)}`);
    return this.view()[0];
  }

  /** Nested arrays, like torch.Tensor.tolist(). */
  toList(): unknown {
    const data = Array.from(this.view());
    const build = (offset: number, dim: number): unknown => {
      if (dim === this.shape.length) return data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(offset + i * stride, dim + 1));
    };
    return build(0, 0);
  }

  /** A new uninitialised tensor with the same shape (and dtype unless given). */
  like(dtype: DType = this.dtype): Tensor {
    this.assertLive();
    return new Tensor(this.shape, dtype);
  }

  /** Frees the memory. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    leakRegistry?.unregister(this);
    if (this.#generation === coreGeneration()) {
      const storage = this.#storage;
      storage.refs--;
      if (storage.refs === 0) {
        freeBytes(storage.ptr);
        trackRelease(storage.bytes);
      } else {
        trackRelease(0);
      }
    }
  }

  static {
    makeView = (base: Tensor, shape: readonly number[]): Tensor => {
      base.assertLive();
      pendingStorage = base.#storage;
      try {
        return new Tensor(shape, base.dtype);
      } finally {
        pendingStorage = null;
      }
    };
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  /** dispose(), for `using t = …` (the method above; declared here so the .d.ts has it). */
  declare [Symbol.dispose]: () => void;
}

/**
 * A tensor sharing `base`'s memory under another shape of the same size (no copy). Both stay valid until both
 * are disposed: the memory is freed with the last of them. Writes through one show in the other.
 */
export function viewOf(base: Tensor, shape: readonly number[]): Tensor {
  return makeView(base, shape);
}

/** An uninitialised tensor. */
export function empty(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return new Tensor(shape, dtype);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  const t = new Tensor(shape, dtype);
  core().zeroFill(t.ptr, t.byteLength);
  return t;
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
  if (typeof value !== "number") throw new TypeError(`full: value must be a number, got ${describe(value)}`);
  if (dtype === "int32" && !(Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31)) {
    throw new TypeError(`full: an int32 value must be an integer in [-2^31, 2^31), got ${describe(value)}`);
  }
  const t = new Tensor(shape, dtype);
  t.view().fill(value);
  return t;
}

type NestedNumbers = number | readonly NestedNumbers[];

function inferShape(data: NestedNumbers): number[] {
  const shape: number[] = [];
  let d: NestedNumbers = data;
  while (Array.isArray(d)) {
    shape.push(d.length);
    d = (d as readonly NestedNumbers[])[0];
  }
  return shape;
}

// Flattens nested arrays, refusing ragged ones: every array at depth i must have length shape[i], and only
// the innermost level holds numbers (`[[1], 2]` and `[[1, 2], [3, 4, 5, 6], []]` were re-chunked silently).
function flattenNested(data: readonly NestedNumbers[], shape: readonly number[]): unknown[] {
  const flat: unknown[] = [];
  const walk = (d: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(d)) throw new RangeError(`data is ragged: data${path} is an array, but its siblings are numbers (shape ${describe(shape)})`);
      flat.push(d);
      return;
    }
    if (!Array.isArray(d)) throw new RangeError(`data is ragged: data${path} is ${describe(d)}, not an array of length ${shape[depth]} (shape ${describe(shape)})`);
    if (d.length !== shape[depth]) {
      throw new RangeError(`data is ragged: data${path} has length ${d.length}, but data${"[0]".repeat(depth)} has ${shape[depth]}`);
    }
    for (let i = 0; i < d.length; i++) walk(d[i], depth + 1, `${path}[${i}]`);
  };
  walk(data, 0, "");
  return flat;
}

/**
 * A tensor holding a copy of `data` (a typed array, a flat array with `shape`, or nested arrays).
 * @param shape defaults to [data.length] for flat data, or the nesting of nested arrays.
 * @example
 * tensor([[1, 2], [3, 4]]);                 // shape [2, 2], float32
 * tensor(new Int32Array([0, 2]), [2], "int32");
 */
export function tensor(
  data: ArrayLike<number> | NestedNumbers,
  shape?: readonly number[],
  dtype?: DType,
): Tensor {
  let flat: ArrayLike<number>;
  if (data === null || (typeof data !== "number" && typeof data !== "object")) {
    throw new TypeError(`data must be a number, an array or a typed array, got ${describe(data)}`);
  }
  if (typeof data === "number") {
    flat = [data];
    shape ??= [];
  } else if (Array.isArray(data) && data.length > 0 && Array.isArray(data[0])) {
    const inferred = inferShape(data as NestedNumbers);
    flat = flattenNested(data as readonly NestedNumbers[], inferred) as number[];
    shape ??= inferred;
  } else {
    flat = data as ArrayLike<number>;
    if (!Number.isInteger(flat.length)) throw new TypeError(`data must be a number, an array or a typed array, got ${describe(data)}`);
    shape ??= [flat.length];
  }
  dtype ??= data instanceof Float64Array ? "float64" : data instanceof Int32Array ? "int32" : "float32";
  assertShape(shape);
  if (sizeOf(shape) !== flat.length) {
    throw new RangeError(`data has ${flat.length} elements but shape ${describe(shape)} needs ${sizeOf(shape)}`);
  }
  if (dtype === "int32") {
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
        throw new TypeError(`int32 data must hold integers in [-2^31, 2^31), got ${describe(v)} at index ${i}`);
      }
    }
  } else {
    for (let i = 0; i < flat.length; i++) {
      if (typeof flat[i] !== "number") throw new TypeError(`data must hold numbers, got ${describe(flat[i])} at index ${i}`);
    }
  }
  const t = new Tensor(shape, dtype);
  t.view().set(flat);
  return t;
}
