// Array inputs (numbers, nested arrays, typed arrays, tensors) as float64 data with a shape: reading parameters and values as float64 data, torch-style broadcasting,
// and expanding data to a broadcast shape (pure copies: no arithmetic, so determinism is untouched).
import { Tensor } from "./tensor.js";
import { describe } from "./errors.js";

type Nested = number | readonly Nested[];

/** What a parameter or a value may be: a number, (nested) arrays, a typed array (flat) or a Tensor. */
export type ArrayInput = number | readonly Nested[] | Float32Array | Float64Array | Int32Array | Tensor;

/** Row-major float64 data with its shape. */
export interface ShapedData {
  data: Float64Array;
  shape: readonly number[];
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The shape of an input without copying it (lets a subclass read event sizes before super()). */
export function shapeOf(input: ArrayInput, name = "value"): number[] {
  if (input instanceof Tensor) return [...input.shape];
  if (typeof input === "number") return [];
  if (ArrayBuffer.isView(input)) return [(input as Float64Array).length];
  if (!Array.isArray(input)) throw new TypeError(`${name} must be a number, an array, a typed array or a Tensor, got ${describe(input)}`);
  const shape: number[] = [];
  let d: Nested = input as Nested;
  while (Array.isArray(d)) {
    shape.push(d.length);
    d = (d as readonly Nested[])[0];
  }
  return shape;
}

/** Copies an input into float64 data (checking that nested arrays are rectangular and numeric). */
export function toShaped(input: ArrayInput, name: string): ShapedData {
  if (input instanceof Tensor) {
    input.assertLive(name);
    return { data: Float64Array.from(input.view()), shape: [...input.shape] };
  }
  const shape = shapeOf(input, name);
  if (typeof input === "number") return { data: Float64Array.of(input), shape };
  if (ArrayBuffer.isView(input)) return { data: Float64Array.from(input as Float64Array), shape };
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (v: Nested, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== "number") throw new TypeError(`${name} must hold numbers, got ${describe(v)}`);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) throw new RangeError(`${name} must be a rectangular array of shape ${describe(shape)}`);
    for (const e of v as readonly Nested[]) walk(e, dim + 1);
  };
  walk(input as Nested, 0);
  return { data, shape };
}

/**
 * The broadcast of shapes (numpy / torch rules), or a RangeError naming what did not fit. `what` may be a
 * function, so that a hot caller builds its message only when it throws.
 */
export function broadcastShapes(shapes: readonly (readonly number[])[], what: string | (() => string)): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      if (out[o] === 1) out[o] = s[i];
      else if (s[i] !== 1 && s[i] !== out[o]) {
        throw new RangeError(
          `${typeof what === "function" ? what() : what}: shapes ${shapes.map((x) => describe(x)).join(" and ")} cannot be broadcast together ` +
            `(dimension ${o - rank} is ${out[o]} in one and ${s[i]} in another; sizes must match or be 1)`,
        );
      }
    }
  }
  return out;
}

/** Whether two shapes are equal, dimension by dimension. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Copies data of `shape` into the broadcast `target` shape (which must be a broadcast of it). */
export function expandTo(data: Float64Array, shape: readonly number[], target: readonly number[]): Float64Array {
  const n = sizeOf(target);
  if (sameShape(shape, target)) return data;
  const out = new Float64Array(n);
  const rank = target.length;
  // stride of each target dimension in the source (0 where the source broadcasts)
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = rank - shape.length + i;
    strides[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    out[k] = data[src];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < target[d]) break;
      src -= strides[d] * target[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Whether `shape` ends with `suffix`. */
export function endsWith(shape: readonly number[], suffix: readonly number[]): boolean {
  if (suffix.length > shape.length) return false;
  const off = shape.length - suffix.length;
  return suffix.every((d, i) => shape[off + i] === d);
}
