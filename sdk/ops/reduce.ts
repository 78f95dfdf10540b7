// Reductions along one dim (or over every element): sum, mean, variance, max, min, argmax.
// Sums accumulate in float64 in a fixed order (four interleaved partials along a contiguous dim, index order
// along a strided one; see docs/ops.md), then round once: identical bits in the SIMD and scalar builds.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { ownOptions, describe } from "../errors.js";
import { assertFloatTensor, splitAxis, type AxisSplit } from "./operand.js";
import { record, recording } from "../autograd/tape.js";
import { expand, reshape } from "./shape.js";
import { eq, ne, where } from "./compare.js";
import { to } from "./cast.js";
import { composite } from "./composite.js";
import { add, binaryKernel, div, exp, log, mapElementwise, mul, sub } from "./elementwise.js";

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

// g (the reduced shape) reshaped with the reduced dim kept as 1, then expanded back over x's shape.
function spread(g: Tensor, x: Tensor, options: ReduceOptions): Tensor {
  const split = splitAxis(x.shape, options.dim, true, "backward");
  return expand(reshape(g, split.outShape), x.shape);
}

function countOf(x: Tensor, options: ReduceOptions): number {
  return splitAxis(x.shape, options.dim, false, "backward").axis;
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
  const y = run("sum", "sum", x, options);
  return recording() ? record("sum", [x], y, (g) => [spread(g, x, options)]) : y;
}

/** The arithmetic mean along `dim` (default: every element); NaN for an empty dim, as torch. @example mean(tensor([1, 2, 3, 4]), { dim: 0, keepdim: true }); // [2.5] */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "mean");
  const y = run("mean", "mean", x, options);
  return recording() ? record("mean", [x], y, (g) => [div(spread(g, x, options), countOf(x, options))]) : y;
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
  const y = run("variance", "variance", x, options, [unbiased ? 1 : 0]);
  if (!recording()) return y;
  // ∂var/∂x = 2(x − x̄)/(n − δ), δ = 1 when unbiased
  return record("variance", [x], y, (g) => {
    const n = countOf(x, options);
    const centred = sub(x, mean(x, { dim: options.dim, keepdim: true }));
    return [mul(spread(g, x, options), mul(centred, 2 / (n - (unbiased ? 1 : 0))))];
  });
}

/**
 * The standard deviation √variance along `dim` (unbiased by default). Differentiable (∞ gradient where it is 0).
 * @example std(tensor([1, 2, 3, 4]));   // 1.2909944
 */
export function std(x: Tensor, options: VarianceOptions = {}): Tensor {
  options = ownOptions(options, "std");
  return composite(() => {
    const v = variance(x, options);
    const y = mapElementwise("sqrt", v); // the kernel alone: std records its own VJP
    return recording() ? record("std", [v], y, (g) => [div(g, mul(y, 2))]) : y;
  });
}

/**
 * log Σ exp(x) along `dim` (default every element), stable: the max is subtracted first. Differentiable
 * (the gradient is the softmax along dim).
 * @example logsumexp(tensor([0, 0]));   // 0.6931472
 */
export function logsumexp(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "logsumexp");
  nonEmpty("logsumexp", x, options);
  const { dim, keepdim = false } = options;
  return composite(() => {
    const m = stopMax(x, dim);
    // a row of −∞ (or +∞) would give ∞ − ∞: shift by 0 there, as torch
    const finite = new Tensor(m.shape, m.dtype);
    const mv = m.view(), fv = finite.view();
    for (let i = 0; i < mv.length; i++) fv[i] = Number.isFinite(mv[i]) ? mv[i] : 0;
    const shifted = exp(sub(x, finite));
    const lse = add(log(sum(shifted, { dim, keepdim: true })), finite);
    return keepdim ? lse : reshape(lse, splitAxis(x.shape, dim, false, "logsumexp").outShape);
  });
}

// the row max as a constant (the shift of logsumexp needs no gradient: it cancels)
function stopMax(x: Tensor, dim: number | undefined): Tensor {
  return run("max", "max", x, { dim, keepdim: true });
}

/**
 * ∏ x along `dim` (default every element), accumulated in float64. Differentiable, zeros included (torch's
 * rule): ∂/∂x_i is the product of the other elements, so out/x_i where x_i ≠ 0, the product of the non-zeros
 * at the only zero of a slice, and 0 where a slice has two zeros or more.
 * @example prod(tensor([2, 3, 4]));   // 24
 */
export function prod(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "prod");
  const y = run("prod", "prod", x, options);
  if (!recording()) return y;
  return record("prod", [x], y, (g) => [mul(spread(g, x, options), productOfOthers(x, y, options))]);
}

function productOfOthers(x: Tensor, y: Tensor, options: ReduceOptions): Tensor {
  return composite(() => {
    const nonzero = ne(x, 0);
    const safe = where(nonzero, x, 1);
    const zeros = sum(to(eq(x, 0), x.dtype), { dim: options.dim, keepdim: true });
    const atOnlyZero = where(eq(zeros, 1), prod(safe, { dim: options.dim, keepdim: true }), 0);
    return where(nonzero, div(spread(y, x, options), safe), expand(atOnlyZero, x.shape));
  });
}

/**
 * The index (int32) of the first minimum along `dim`; without dim, the flat index over every element.
 * @example argmin(tensor([3, -1, 2, -1]));   // 1
 */
export function argmin(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "argmin");
  nonEmpty("argmin", x, options);
  const negated = binaryKernel("mul", x, -1);
  try {
    return run("argmin", "argmax", negated, options, [], "int32");
  } finally {
    negated.dispose();
  }
}

// The gradient of max / min: g shared equally among the elements equal to the extreme (torch's amax rule).
function extremeBackward(g: Tensor, x: Tensor, y: Tensor, options: ReduceOptions): Tensor {
  const hit = eq(x, spread(y, x, options));
  const mask = to(hit, x.dtype);
  const count = expand(sum(mask, { dim: options.dim, keepdim: true }), x.shape);
  return div(mul(spread(g, x, options), mask), count);
}

/** The maximum along `dim` (default: every element); NaN if any element is NaN (torch). Needs a non-empty dim. @example max(tensor([[1, 5], [7, 2]]), { dim: 1 }); // [5, 7] */
export function max(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "max");
  nonEmpty("max", x, options);
  const y = run("max", "max", x, options);
  return recording() ? record("max", [x], y, (g) => [extremeBackward(g, x, y, options)]) : y;
}

/** The minimum along `dim` (default: every element); NaN if any element is NaN. Needs a non-empty dim. @example min(tensor([3, -1, 2])); // -1 */
export function min(x: Tensor, options: ReduceOptions = {}): Tensor {
  options = ownOptions(options, "min");
  nonEmpty("min", x, options);
  const y = run("min", "min", x, options);
  return recording() ? record("min", [x], y, (g) => [extremeBackward(g, x, y, options)]) : y;
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
