// Shape ops: views (reshape, view, flatten, squeeze, unsqueeze: no copy) and copies through strides (transpose,
// permute, expand, narrow, flip), concat / stack / split / chunk, and sumToShape, the reduction that undoes a
// broadcast in every binary op's backward. Each op's VJP sits beside it.
import { Tensor, viewOf } from "../tensor.js";
import { describe } from "../errors.js";
import { assertLiveTensor } from "./operand.js";
import { record, recording } from "../autograd/tape.js";
import { heapU8 } from "../runtime/memory.js";
import { contiguousStrides, copyStrided } from "./broadcast.js";
import { sum } from "./reduce.js";

/** A dim in [−rank, rank) (or [−rank−1, rank] with `extra`, for unsqueeze) as a non-negative index. */
export function normDim(dim: unknown, rank: number, fn: string, extra = 0): number {
  const r = rank + extra;
  const lo = -Math.max(r, 1), hi = Math.max(r, 1) - 1;
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(`${fn}: dim ${describe(dim)} is out of range for rank ${rank} (expected an integer in [${lo}, ${hi}])`);
  }
  return dim < 0 ? dim + Math.max(r, 1) : dim;
}

function product(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/**
 * The same data under another shape, without copying (a view: it shares x's memory and stays valid until
 * disposed, whatever happens to x). One dim may be −1 (inferred). Differentiable.
 * @example reshape(arange(6), [2, -1]);   // [[0, 1, 2], [3, 4, 5]]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  assertLiveTensor(x, "x", "reshape");
  if (!Array.isArray(shape)) throw new TypeError(`reshape: shape must be an array of integers, got ${describe(shape)}`);
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new RangeError(`reshape: at most one dim may be -1, got ${describe(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < -1) throw new RangeError(`reshape: dims must be integers ≥ 0 (or one -1), got ${describe(shape)}`);
  }
  const known = product(shape.filter((d) => d !== -1));
  const resolved = free === 0 ? [...shape]
    : shape.map((d) => (d === -1 ? (known === 0 ? -2 : x.size / known) : d));
  if (resolved.some((d) => !Number.isInteger(d) || d < 0) || product(resolved) !== x.size) {
    throw new RangeError(`reshape: cannot view ${describe(x.shape)} (${x.size} elements) as ${describe(shape)}`);
  }
  const y = viewOf(x, resolved);
  return recording() ? record("reshape", [x], y, (g) => [reshape(g, x.shape)]) : y;
}

/** Collapses dims startDim … endDim into one (a view). @example flatten(zeros([2, 3, 4]), 1); // [2, 12] */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  assertLiveTensor(x, "x", "flatten");
  if (x.shape.length === 0) return reshape(x, [1]);
  const s = normDim(startDim, x.shape.length, "flatten"), e = normDim(endDim, x.shape.length, "flatten");
  if (s > e) throw new RangeError(`flatten: startDim (${startDim}) must not come after endDim (${endDim})`);
  return reshape(x, [...x.shape.slice(0, s), product(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Removes size-1 dims (all, or the one at `dim` if it has size 1). A view. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  assertLiveTensor(x, "x", "squeeze");
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const d = normDim(dim, x.shape.length, "squeeze");
  if (x.shape.length === 0 || x.shape[d] !== 1) return reshape(x, x.shape);
  return reshape(x, x.shape.filter((_, i) => i !== d));
}

/** Inserts a size-1 dim at `dim` (−rank−1 … rank). A view. @example unsqueeze(tensor([1, 2]), 1); // [[1], [2]] */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  assertLiveTensor(x, "x", "unsqueeze");
  const d = normDim(dim, x.shape.length, "unsqueeze", 1);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/**
 * Dims reordered: out.shape[i] = x.shape[dims[i]]. A contiguous copy by a strided kernel (rows of the last
 * dim move as blocks when it stays last). Differentiable (the inverse permutation).
 * @example permute(zeros([2, 3, 4]), [2, 0, 1]).shape;   // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  assertLiveTensor(x, "x", "permute");
  const rank = x.shape.length;
  if (!Array.isArray(dims) || dims.length !== rank) {
    throw new RangeError(`permute: dims must list all ${rank} dims of a tensor of shape ${describe(x.shape)}, got ${describe(dims)}`);
  }
  const order = dims.map((d) => normDim(d, rank, "permute"));
  if (new Set(order).size !== rank) throw new RangeError(`permute: dims must be a permutation, got ${describe(dims)}`);
  const strides = contiguousStrides(x.shape);
  const out = new Tensor(order.map((d) => x.shape[d]), x.dtype);
  copyStrided(out, x, out.shape, order.map((d) => strides[d]));
  if (!recording()) return out;
  const inverse = new Array<number>(rank);
  order.forEach((d, i) => { inverse[d] = i; });
  return record("permute", [x], out, (g) => [permute(g, inverse)]);
}

/** Swaps two dims (a contiguous copy). @example transpose(zeros([2, 3]), 0, 1).shape; // [3, 2] */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  assertLiveTensor(x, "x", "transpose");
  const rank = x.shape.length;
  if (rank < 2 && dim0 === -2 && dim1 === -1) return reshape(x, x.shape);
  const a = normDim(dim0, rank, "transpose"), b = normDim(dim1, rank, "transpose");
  const order = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, order);
}

/**
 * x repeated along size-1 (or new leading) dims to `shape` (−1 keeps a dim), as torch.expand but as a
 * contiguous copy. Differentiable (the gradient sums over the repeated dims).
 * @example expand(tensor([[1], [2]]), [2, 3]);   // [[1, 1, 1], [2, 2, 2]]
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  assertLiveTensor(x, "x", "expand");
  if (!Array.isArray(shape) || shape.length < x.shape.length) {
    throw new RangeError(`expand: shape ${describe(shape)} must have at least the ${x.shape.length} dims of x ${describe(x.shape)}`);
  }
  const pad = shape.length - x.shape.length;
  const own = contiguousStrides(x.shape);
  const target = shape.map((d, i) => (d === -1 && i >= pad ? x.shape[i - pad] : d));
  const strides = target.map((d, i) => {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`expand: sizes must be integers ≥ 0 (or -1), got ${describe(shape)}`);
    if (i < pad) return 0;
    const s = x.shape[i - pad];
    if (s === d) return own[i - pad];
    if (s === 1) return 0;
    throw new RangeError(`expand: cannot expand ${describe(x.shape)} to ${describe(shape)} (dim ${i} has size ${s}, not 1)`);
  });
  const out = new Tensor(target, x.dtype);
  copyStrided(out, x, target, strides);
  return recording() ? record("expand", [x], out, (g) => [sumToShape(g, x.shape)]) : out;
}

/**
 * Sums g over the dims that broadcasting added or stretched, so the result has `shape`: the gradient of a
 * broadcast operand. Returns g itself when the shapes already agree.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  let r = g;
  const pad = g.shape.length - shape.length;
  for (let d = 0; d < pad; d++) r = sum(r, { dim: 0 });
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1 && r.shape[d] !== 1) r = sum(r, { dim: d, keepdim: true });
  }
  return r;
}

/** A copy with its own memory. Differentiable. */
export function clone(x: Tensor): Tensor {
  assertLiveTensor(x, "x", "clone");
  const out = new Tensor(x.shape, x.dtype);
  out.view().set(x.view());
  return recording() ? record("clone", [x], out, (g) => [g]) : out;
}

/**
 * `length` entries of x along `dim` from `start` (a copy; torch.narrow). Differentiable.
 * @example narrow(tensor([1, 2, 3, 4]), 0, 1, 2);   // [2, 3]
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  assertLiveTensor(x, "x", "narrow");
  const d = normDim(dim, x.shape.length, "narrow");
  const n = x.shape[d];
  if (!Number.isInteger(start) || start < -n || start > n) throw new RangeError(`narrow: start ${describe(start)} is out of range for dim ${dim} of size ${n}`);
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(length) || length < 0 || s + length > n) {
    throw new RangeError(`narrow: length ${describe(length)} from start ${s} exceeds dim ${dim} of size ${n}`);
  }
  const shape = x.shape.map((v, i) => (i === d ? length : v));
  const strides = contiguousStrides(x.shape);
  const out = new Tensor(shape, x.dtype);
  copyStrided(out, x, shape, strides, s * strides[d]);
  return recording() ? record("narrow", [x], out, (g) => [padInto(g, x.shape, d, s)]) : out;
}

/**
 * Python's x[start:end] along `dim` (a copy): negative indices count from the end, out-of-range bounds are
 * clamped, an empty range gives a size-0 dim. Differentiable.
 * @example slice(arange(10), 0, -3);        // [7, 8, 9]
 * @example slice(arange(10), 0, 2, 4);      // [2, 3]
 */
export function slice(x: Tensor, dim: number, start = 0, end?: number): Tensor {
  assertLiveTensor(x, "x", "slice");
  const d = normDim(dim, x.shape.length, "slice");
  const n = x.shape[d];
  for (const [name, v] of [["start", start], ["end", end]] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new TypeError(`slice: ${name} must be an integer, got ${describe(v)}`);
  }
  const clamp = (v: number): number => Math.min(n, Math.max(0, v < 0 ? v + n : v));
  const s = clamp(start), e = end === undefined ? n : clamp(end);
  return narrow(x, d, s, Math.max(0, e - s));
}

/**
 * Reversed along each of `dims`. Differentiable (flip again).
 * @example flip(tensor([[1, 2], [3, 4]]), [1]);   // [[2, 1], [4, 3]]
 */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  assertLiveTensor(x, "x", "flip");
  if (!Array.isArray(dims)) throw new TypeError(`flip: dims must be an array of dims, got ${describe(dims)}`);
  const set = new Set(dims.map((d) => normDim(d, x.shape.length, "flip")));
  const own = contiguousStrides(x.shape);
  let offset = 0;
  const strides = own.map((s, i) => {
    if (!set.has(i)) return s;
    offset += s * (x.shape[i] - 1);
    return -s;
  });
  const out = new Tensor(x.shape, x.dtype);
  if (x.size > 0) copyStrided(out, x, x.shape, strides, offset);
  return recording() ? record("flip", [x], out, (g) => [flip(g, dims)]) : out;
}

// Copies each piece's rows into `out` at its offset along dim d (raw bytes: concat and the gradient of narrow).
function copyInto(out: Tensor, pieces: readonly Tensor[], d: number, offsets: readonly number[]): void {
  const bytes = out.dtype === "float64" ? 8 : 4;
  const outer = product(out.shape.slice(0, d));
  const inner = product(out.shape.slice(d + 1)) * bytes;
  const total = out.shape[d] * inner;
  const op = out.ptr;
  const ptrs = pieces.map((p) => p.ptr);
  const heap = heapU8();
  pieces.forEach((p, k) => {
    const row = p.shape[d] * inner;
    if (row === 0) return;
    for (let o = 0; o < outer; o++) {
      heap.copyWithin(op + o * total + offsets[k] * inner, ptrs[k] + o * row, ptrs[k] + (o + 1) * row);
    }
  });
}

// g (x narrowed along d from s) placed into zeros of x's shape: the gradient of narrow. Differentiable.
function padInto(g: Tensor, shape: readonly number[], d: number, s: number): Tensor {
  const out = new Tensor(shape, g.dtype);
  out.view().fill(0);
  copyInto(out, [g], d, [s]);
  return recording() ? record("pad", [g], out, (gg) => [narrow(gg, d, s, g.shape[d])]) : out;
}

/**
 * Tensors joined along an existing dim; all share the other dims and (after promotion) a dtype.
 * Differentiable (each input gets its slice of the gradient).
 * @example concat([tensor([[1, 2]]), tensor([[3, 4]])], 0);   // [[1, 2], [3, 4]]
 */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) throw new TypeError(`concat: tensors must be a non-empty array of Tensors, got ${describe(tensors)}`);
  tensors.forEach((t, i) => assertLiveTensor(t, `tensors[${i}]`, "concat"));
  const first = tensors[0];
  const d = normDim(dim, first.shape.length, "concat");
  tensors.forEach((t, i) => {
    if (t.dtype !== first.dtype) throw new TypeError(`concat: tensors[${i}] has dtype ${t.dtype}, tensors[0] ${first.dtype}; convert with .to() first`);
    if (t.shape.length !== first.shape.length || t.shape.some((v, j) => j !== d && v !== first.shape[j])) {
      throw new RangeError(`concat: tensors[${i}] has shape ${describe(t.shape)}; every tensor must match tensors[0] ${describe(first.shape)} except along dim ${dim}`);
    }
  });
  const offsets: number[] = [];
  let total = 0;
  for (const t of tensors) { offsets.push(total); total += t.shape[d]; }
  const out = new Tensor(first.shape.map((v, j) => (j === d ? total : v)), first.dtype);
  copyInto(out, tensors, d, offsets);
  if (!recording()) return out;
  return record("concat", tensors, out, (g) => tensors.map((t, k) => narrow(g, d, offsets[k], t.shape[d])));
}

/** Tensors of one shape stacked along a new dim. @example stack([tensor([1, 2]), tensor([3, 4])]).shape; // [2, 2] */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) throw new TypeError(`stack: tensors must be a non-empty array of Tensors, got ${describe(tensors)}`);
  tensors.forEach((t, i) => assertLiveTensor(t, `tensors[${i}]`, "stack"));
  const shape = tensors[0].shape;
  tensors.forEach((t, i) => {
    if (t.shape.length !== shape.length || t.shape.some((v, j) => v !== shape[j])) {
      throw new RangeError(`stack: tensors[${i}] has shape ${describe(t.shape)}, tensors[0] ${describe(shape)}; all must match`);
    }
  });
  const d = normDim(dim, shape.length, "stack", 1);
  return concat(tensors.map((t) => unsqueeze(t, d)), d);
}

/**
 * Pieces along `dim`: of `size` entries each (the last may be smaller), or of the listed sizes (torch.split).
 * Exported as splitTensor (split is the key splitter); the method is x.split(…).
 * @example splitTensor(arange(5), 2).map((t) => t.toList());   // [[0, 1], [2, 3], [4]]
 */
export function splitTensor(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  assertLiveTensor(x, "x", "split");
  const d = normDim(dim, x.shape.length, "split");
  const n = x.shape[d];
  let list: number[];
  if (typeof sizes === "number") {
    if (!Number.isInteger(sizes) || sizes < 1) throw new RangeError(`split: sizes must be an integer ≥ 1 (the size of each piece) or a list of sizes, got ${describe(sizes)}`);
    list = [];
    for (let s = 0; s < n; s += sizes) list.push(Math.min(sizes, n - s));
    if (n === 0) list.push(0);
  } else {
    if (!Array.isArray(sizes) || sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
      throw new RangeError(`split: sizes ${describe(sizes)} must be integers ≥ 0 summing to dim ${dim}'s size ${n}`);
    }
    list = [...sizes];
  }
  const out: Tensor[] = [];
  let at = 0;
  for (const s of list) { out.push(narrow(x, d, at, s)); at += s; }
  return out;
}

/** `chunks` pieces along `dim` of ⌈n / chunks⌉ entries (fewer if n is small), as torch.chunk. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  assertLiveTensor(x, "x", "chunk");
  if (!Number.isInteger(chunks) || chunks < 1) throw new RangeError(`chunk: chunks must be an integer ≥ 1, got ${describe(chunks)}`);
  const n = x.shape[normDim(dim, x.shape.length, "chunk")];
  return splitTensor(x, Math.max(1, Math.ceil(n / chunks)), dim);
}
