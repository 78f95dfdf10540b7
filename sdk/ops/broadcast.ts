// numpy broadcasting and strided walks: the shapes, the element strides of each operand over the result, and
// the i32 table (shape, strides…) that the kernels of assembly/tensor/strided.ts read from WASM memory.
import { core, coreGeneration } from "../runtime/core.js";
import { allocBytes, heapI32 } from "../runtime/memory.js";
import { describe } from "../errors.js";
import type { Tensor } from "../tensor.js";

/** Row-major element strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** The strides of `shape` (contiguous) when read over the broadcast result `outShape`: 0 on broadcast dims. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const pad = outShape.length - shape.length;
  return outShape.map((_, d) => (d < pad || shape[d - pad] === 1 ? 0 : own[d - pad]));
}

/**
 * Merges adjacent dims that every operand walks as one (stride[d] = stride[d+1]·shape[d+1] for all) and drops
 * size-1 dims, so the kernels loop over as few, as long rows as possible. Returns rank ≥ 1.
 */
export function coalesce(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const keep = shape.map((n, d) => d).filter((d) => shape[d] !== 1);
  let outShape = keep.map((d) => shape[d]);
  let outStrides = strides.map((s) => keep.map((d) => s[d]));
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  for (let d = outShape.length - 2; d >= 0; d--) {
    if (outStrides.every((s) => s[d] === s[d + 1] * outShape[d + 1])) {
      outShape = [...outShape.slice(0, d), outShape[d] * outShape[d + 1], ...outShape.slice(d + 2)];
      outStrides = outStrides.map((s) => [...s.slice(0, d), s[d + 1], ...s.slice(d + 2)]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

let metaPtr = 0;
let metaGeneration = -1;
const META_DIMS = 8;

/** Writes (shape, …strides) for a kernel walk and returns [meta pointer, rank]. At most 8 dims after coalescing. */
export function writeMeta(fn: string, shape: readonly number[], strides: number[][]): [number, number] {
  const c = coalesce(shape, strides);
  const rank = c.shape.length;
  if (rank > META_DIMS) throw new RangeError(`${fn}: more than ${META_DIMS} dimensions after merging contiguous ones (shape ${describe(shape)})`);
  if (metaGeneration !== coreGeneration()) {
    metaPtr = allocBytes(4 * META_DIMS * 5);
    metaGeneration = coreGeneration();
  }
  const heap = heapI32();
  const base = metaPtr >>> 2;
  for (let d = 0; d < rank; d++) heap[base + d] = c.shape[d];
  c.strides.forEach((s, k) => { for (let d = 0; d < rank; d++) heap[base + (k + 1) * rank + d] = s[d]; });
  return [metaPtr, rank];
}

/** Copies `src` read with element `strides` (from element offset `offset`) over `shape` into contiguous `out`. */
export function copyStrided(out: Tensor, src: Tensor, shape: readonly number[], strides: number[], offset = 0): void {
  if (out.size === 0) return;
  const [meta, rank] = writeMeta("copy", shape, [strides]);
  const wide = src.dtype === "float64";
  const bytes = wide ? 8 : 4;
  core()[wide ? "copyStrided64" : "copyStrided32"](out.ptr, src.ptr + offset * bytes, meta, rank);
}
