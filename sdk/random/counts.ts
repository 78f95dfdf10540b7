// Count samplers from an explicit key: Poisson (inversion below λ = 10, Hörmann's PTRS above) and
// Binomial (inversion below n·min(p, 1−p) = 10, Hörmann's BTRS above, as torch). Each element draws from
// its own sub-stream, so element i is a pure function of (key, i) whatever the rejections.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { ownOptions, assertShape } from "../errors.js";
import { assertKey, type Key } from "./key.js";
import { checkConstraint } from "../distributions/constraints.js";
import { broadcastShapes, expandTo, sameShape, toShaped, type ArrayInput } from "../distributions/broadcast.js";
import { withF64 } from "../distributions/distribution.js";
import { sampleDType } from "../distributions/draw.js";

function params(fn: string, shape: readonly number[], inputs: [string, ArrayInput, "nonNegative" | "nonNegativeInteger" | "unitInterval"][]): Float64Array[] {
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
  return shaped.map((s) => expandTo(s.data, s.shape, target));
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
  const [r] = params("poisson", shape, [["rate", rate, "nonNegative"]]);
  const dtype = sampleDType(options);
  const out = new Tensor(shape, dtype);
  if (out.size > 0) withF64([r], ([pr]) => core()[dtype === "float32" ? "poissonFillF32" : "poissonFillF64"](out.ptr, 0, out.size, k.k0, k.k1, pr, out.size));
  return out;
}

/**
 * Binomial(totalCount, probs) counts of `shape` (both broadcast to shape), float32 (default) or float64.
 * @example
 * binomial(key(0), [1000], 20, 0.3);       // mean ≈ 6, variance ≈ 4.2
 */
export function binomial(k: Key, shape: readonly number[], totalCount: ArrayInput, probs: ArrayInput, options: { dtype?: "float32" | "float64" } = {}): Tensor {
  options = ownOptions(options, "binomial");
  assertKey(k);
  const [n, p] = params("binomial", shape, [["totalCount", totalCount, "nonNegativeInteger"], ["probs", probs, "unitInterval"]]);
  const dtype = sampleDType(options);
  const out = new Tensor(shape, dtype);
  if (out.size > 0) withF64([n, p], ([pn, pp]) => core()[dtype === "float32" ? "binomialFillF32" : "binomialFillF64"](out.ptr, 0, out.size, k.k0, k.k1, pn, pp, out.size));
  return out;
}
