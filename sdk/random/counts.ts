// Count samplers from an explicit key: Poisson (inversion below λ = 10, Hörmann's PTRS above) and
// Binomial (inversion below n·min(p, 1−p) = 10, Hörmann's BTRS above, as torch). Each element draws from
// its own sub-stream, so element i is a pure function of (key, i) whatever the rejections.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertShape, describe, ownOptions } from "../errors.js";
import { MAX_ALLOCATION_BYTES } from "../runtime/memory.js";
import { assertKey, type Key } from "./key.js";
import { checkConstraint } from "../constraints.js";
import { broadcastShapes, expandTo, sameShape, toShaped, type ArrayInput } from "../array-input.js";
import { withF64 } from "../runtime/memory.js";
import { sampleDType } from "./draw-options.js";

// The parameters, broadcast only over the trailing dims of `shape` they span (the kernels cycle through `count`
// parameter sets, so element i uses set i mod count): a scalar rate for a [2^27] draw stays one float64 instead of
// 2^27 of them. Sizes are checked before anything is expanded or allocated.
function params(fn: string, shape: readonly number[], dtype: "float32" | "float64", inputs: [string, ArrayInput, "nonNegative" | "nonNegativeInteger" | "unitInterval"][]): Float64Array[] {
  assertShape(shape);
  const shaped = inputs.map(([name, v, c]) => {
    const s = toShaped(v, `${fn}: ${name}`);
    checkConstraint(fn, name, c, s.data, s.shape);
    return s;
  });
  const target = broadcastShapes([shape, ...shaped.map((s) => s.shape)], `${fn}: shape against parameters`);
  if (!sameShape(target, shape)) {
    throw new RangeError(`${fn}: parameters of shapes ${shaped.map((s) => JSON.stringify(s.shape)).join(", ")} must broadcast to shape ${JSON.stringify(shape)}`);
  }
  const rank = Math.max(...shaped.map((s) => s.shape.length));
  const suffix = shape.slice(shape.length - rank);
  const sets = suffix.reduce((a, b) => a * b, 1);
  const outBytes = shape.reduce((a, b) => a * b, 1) * (dtype === "float64" ? 8 : 4);
  if (outBytes > MAX_ALLOCATION_BYTES || sets * 8 > MAX_ALLOCATION_BYTES) {
    throw new RangeError(`${fn}: shape ${describe(shape)} needs ${outBytes} bytes of output and ${sets * 8} of float64 parameters; one buffer is limited to ${MAX_ALLOCATION_BYTES} bytes`);
  }
  return shaped.map((s) => expandTo(s.data, s.shape, suffix));
}

// Allocates the output, then runs the fill; the output is disposed if the parameter buffers cannot be allocated.
function fill(shape: readonly number[], dtype: "float32" | "float64", sets: Float64Array[], run: (out: Tensor, ptrs: number[]) => void): Tensor {
  const out = new Tensor(shape, dtype);
  try {
    if (out.size > 0) withF64(sets, (ptrs) => run(out, ptrs));
  } catch (err) {
    out.dispose();
    throw err;
  }
  return out;
}

/**
 * Poisson(rate) counts of `shape` (rate ≥ 0 broadcast to shape), as float32 (default) or float64.
 * @example
 * poisson(key(0), [1000], 3.5);            // mean ≈ variance ≈ 3.5
 * poisson(key(0), [2], [0, 1e4]);          // rate 0 always gives 0
 */
export function poisson(k: Key, shape: readonly number[], rate: ArrayInput, options: { dtype?: "float32" | "float64" } = {}): Tensor {
  options = ownOptions(options, "poisson");
  assertKey(k);
  const dtype = sampleDType(options);
  const [r] = params("poisson", shape, dtype, [["rate", rate, "nonNegative"]]);
  const kernel = dtype === "float32" ? "poissonFillF32" : "poissonFillF64";
  return fill(shape, dtype, [r], (out, [pr]) => core()[kernel](out.ptr, 0, out.size, k.k0, k.k1, pr, r.length));
}

/**
 * Binomial(totalCount, probs) counts of `shape` (both broadcast to shape), float32 (default) or float64.
 * @example
 * binomial(key(0), [1000], 20, 0.3);       // mean ≈ 6, variance ≈ 4.2
 */
export function binomial(k: Key, shape: readonly number[], totalCount: ArrayInput, probs: ArrayInput, options: { dtype?: "float32" | "float64" } = {}): Tensor {
  options = ownOptions(options, "binomial");
  assertKey(k);
  const dtype = sampleDType(options);
  const [n, p] = params("binomial", shape, dtype, [["totalCount", totalCount, "nonNegativeInteger"], ["probs", probs, "unitInterval"]]);
  const kernel = dtype === "float32" ? "binomialFillF32" : "binomialFillF64";
  return fill(shape, dtype, [n, p], (out, [pn, pp]) => core()[kernel](out.ptr, 0, out.size, k.k0, k.k1, pn, pp, n.length));
}
