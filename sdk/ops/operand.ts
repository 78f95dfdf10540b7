// Checks shared by the ops: a live float tensor operand, and the (outer, axis, inner) view of a reduction.
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";

/** Checks that `t` is a live Tensor of any dtype; errors name the function and the argument. */
export function assertLiveTensor(t: unknown, name: string, fn: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(t)}`);
  t.assertLive(`${fn}: ${name}`);
}

/** Checks that `t` is a live float32 or float64 Tensor; errors name the function and the argument. */
export function assertFloatTensor(t: unknown, name: string, fn: string): asserts t is Tensor {
  assertLiveTensor(t, name, fn);
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new TypeError(`${fn}: ${name} must have dtype float32 or float64, got ${t.dtype}`);
  }
}

/** Checks that b has a's dtype. */
export function assertSameDType(a: Tensor, b: Tensor, fn: string): void {
  if (a.dtype !== b.dtype) throw new TypeError(`${fn}: b must have the same dtype as a (${a.dtype}), got ${b.dtype}`);
}

/** A reduction of x along one dim, seen as x: (outer, axis, inner) row-major and out: (outer, inner). */
export interface AxisSplit {
  outer: number;
  axis: number;
  inner: number;
  /** The result's shape: x's without `dim` (with a 1 there when keepdim). */
  outShape: number[];
}

/**
 * The split for reducing `shape` along `dim` (negative counts from the end, as torch), or over every element
 * when dim is undefined (result shape [], or all ones with keepdim).
 */
export function splitAxis(shape: readonly number[], dim: number | undefined, keepdim: boolean, fn: string): AxisSplit {
  if (typeof keepdim !== "boolean") throw new TypeError(`${fn}: keepdim must be a boolean, got ${describe(keepdim)}`);
  const rank = shape.length;
  const size = shape.reduce((p, d) => p * d, 1);
  if (dim === undefined) {
    return { outer: 1, axis: size, inner: 1, outShape: keepdim ? shape.map(() => 1) : [] };
  }
  const lo = -Math.max(rank, 1), hi = Math.max(rank, 1) - 1; // a 0-d tensor accepts dim 0 and -1, as torch
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(`${fn}: dim ${describe(dim)} is out of range for a tensor of shape ${describe(shape)} (expected an integer in [${lo}, ${hi}])`);
  }
  if (rank === 0) return { outer: 1, axis: 1, inner: 1, outShape: [] };
  const d = dim < 0 ? dim + rank : dim;
  const outer = shape.slice(0, d).reduce((p, v) => p * v, 1);
  const inner = shape.slice(d + 1).reduce((p, v) => p * v, 1);
  const outShape = keepdim ? shape.map((v, i) => (i === d ? 1 : v)) : shape.filter((_, i) => i !== d);
  return { outer, axis: shape[d], inner, outShape };
}
