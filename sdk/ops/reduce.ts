// Reductions along one dim (or over every element): sum, mean, variance, max, min, argmax.
// Sums accumulate in float64 in a fixed order (four interleaved partials along a contiguous dim, index order
// along a strided one; see docs/ops.md), then round once: identical bits in the SIMD and scalar builds.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { ownOptions, describe } from "../errors.js";
import { assertFloatTensor, splitAxis, type AxisSplit } from "./operand.js";

/** Where to reduce: `dim` (negative counts from the end; default every element) and whether to keep it as 1. */
export interface ReduceOptions {
  dim?: number;
  keepdim?: boolean;
}

/** Options of variance: ReduceOptions plus `unbiased` (divide by n − 1, Bessel; default true) or by n. */
export interface VarianceOptions extends ReduceOptions {
  unbiased?: boolean;
}

function run(fn: string, kernel: string, x: Tensor, options: ReduceOptions, extra: number[] = [], outDType?: "int32"): Tensor {
  assertFloatTensor(x, "x", fn);
  const { dim, keepdim = false } = options;
  const split: AxisSplit = splitAxis(x.shape, dim, keepdim, fn);
  const out = new Tensor(split.outShape, outDType ?? x.dtype);
  const suffix = x.dtype === "float32" ? "F32" : "F64";
  if (out.size > 0) core()[`${kernel}${suffix}`](out.ptr, x.ptr, split.outer, split.axis, split.inner, ...extra);
  return out;
}

function nonEmpty(fn: string, x: Tensor, options: ReduceOptions): void {
  assertFloatTensor(x, "x", fn);
  const split = splitAxis(x.shape, options.dim, options.keepdim ?? false, fn);
  if (split.axis === 0) {
    throw new RangeError(`${fn}: cannot reduce an empty dimension (x has shape ${describe(x.shape)}); ${fn} has no identity`);
  }
}

/**
 * Σ x along `dim` (default: every element), accumulated in float64. An empty dim sums to 0.
 * @example
 * sum(tensor([[1, 2], [3, 4]]));               // 10 (shape [])
 * sum(tensor([[1, 2], [3, 4]]), { dim: 0 });   // [4, 6]
 */
export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "sum");
  return run("sum", "sum", x, options);
}

/** The arithmetic mean along `dim` (default: every element); NaN for an empty dim, as torch. @example mean(tensor([1, 2, 3, 4]), { dim: 0, keepdim: true }); // [2.5] */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "mean");
  return run("mean", "mean", x, options);
}

/**
 * Σ(x − mean)² / (n − 1) (unbiased, default) or / n, along `dim` (default: every element). Two passes in
 * float64, so a large common offset does not cancel. NaN when n ≤ 1 for unbiased, as torch.
 * @example
 * variance(tensor([1, 2, 3, 4]));                       // 1.6666666
 * variance(tensor([1, 2, 3, 4]), { unbiased: false });  // 1.25
 */
export function variance(x: Tensor, options: VarianceOptions = {}): Tensor {
  options = ownOptions(options, "variance");
  const { unbiased = true } = options;
  if (typeof unbiased !== "boolean") throw new TypeError(`variance: unbiased must be a boolean, got ${describe(unbiased)}`);
  return run("variance", "variance", x, options, [unbiased ? 1 : 0]);
}

/** The maximum along `dim` (default: every element); NaN if any element is NaN (torch). Needs a non-empty dim. @example max(tensor([[1, 5], [7, 2]]), { dim: 1 }); // [5, 7] */
export function max(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "max");
  nonEmpty("max", x, options);
  return run("max", "max", x, options);
}

/** The minimum along `dim` (default: every element); NaN if any element is NaN. Needs a non-empty dim. @example min(tensor([3, -1, 2])); // -1 */
export function min(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "min");
  nonEmpty("min", x, options);
  return run("min", "min", x, options);
}

/**
 * The index (int32) of the first maximum along `dim`; without dim, the flat index over every element. A NaN
 * counts as larger than everything, so the first NaN wins (torch). Needs a non-empty dim.
 * @example
 * argmax(tensor([1, 9, 3, 9]));                        // 1 (the first of the tied maxima)
 * argmax(tensor([[1, 9], [8, 2]]), { dim: 1 });        // [1, 0]
 */
export function argmax(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "argmax");
  nonEmpty("argmax", x, options);
  return run("argmax", "argmax", x, options, [], "int32");
}
