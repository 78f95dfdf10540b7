// isclose / allclose: |a − b| ≤ atol + rtol·|b| elementwise, torch's test for "equal up to rounding".
import { Tensor } from "../tensor.js";
import { assertOptions, describe } from "../errors.js";
import { abs, add, mul, sub } from "./elementwise.js";
import { eq, le, lt, maximum, ne } from "./compare.js";
import { min } from "./reduce.js";
import { promote, to } from "./cast.js";
import { composite } from "./composite.js";

/** Options of isclose and allclose (torch's defaults). */
export interface CloseOptions {
  /** Relative tolerance, ≥ 0. Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance, ≥ 0. Default 1e-8. */
  atol?: number;
  /** NaN counts as close to NaN. Default false. */
  equalNan?: boolean;
}

function checked(a: unknown, b: unknown, options: CloseOptions, fn: string): Required<CloseOptions> {
  for (const [name, t] of [["a", a], ["b", b]] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(t)}`);
    t.assertLive(`${fn}: ${name}`);
  }
  assertOptions(options, fn);
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  for (const [name, v] of [["rtol", rtol], ["atol", atol]] as const) {
    if (typeof v !== "number" || !(v >= 0)) throw new RangeError(`${fn}: ${name} must be a number ≥ 0, got ${describe(v)}`);
  }
  if (typeof equalNan !== "boolean") throw new TypeError(`${fn}: equalNan must be a boolean, got ${describe(equalNan)}`);
  return { rtol, atol, equalNan };
}

/**
 * |a − b| ≤ atol + rtol·|b| elementwise, as torch.isclose (not symmetric: b is the reference), with numpy
 * broadcasting; equal values (±Infinity included) are close, NaN is close to nothing unless equalNan. Computed
 * in the promoted dtype (float64 for two int32 tensors, so integers compare exactly). An int32 mask.
 * @example
 * isclose(tensor([1, 1.001]), tensor([1, 1]));                     // [1, 0]
 * isclose(tensor([1, 1.001]), tensor([1, 1]), { rtol: 1e-2 });     // [1, 1]
 * isclose(tensor([NaN]), tensor([NaN]), { equalNan: true });       // [1]
 */
export function isclose(a: Tensor, b: Tensor, options: CloseOptions = {}): Tensor {
  const { rtol, atol, equalNan } = checked(a, b, options, "isclose");
  return composite(() => {
    const common = promote(a.dtype, b.dtype);
    const dtype = common === "int32" ? "float64" : common;
    const x = to(a, dtype), y = to(b, dtype);
    // as torch: equal, or a finite |a − b| within the tolerance (so ∞ is close only to the same ∞)
    const error = abs(sub(x, y));
    let close = maximum(eq(x, y), mul(lt(error, Infinity), le(error, add(mul(abs(y), rtol), atol))));
    if (equalNan) close = maximum(close, mul(ne(x, x), ne(y, y)));
    return close;
  });
}

/**
 * Whether every element of a is close to b's (isclose), as torch.allclose; true for empty tensors.
 * @example allclose(kl(p, q), klByHand, { atol: 1e-5 });   // true
 */
export function allclose(a: Tensor, b: Tensor, options: CloseOptions = {}): boolean {
  checked(a, b, options, "allclose");
  return composite(() => {
    const close = isclose(a, b, options);
    return close.size === 0 || min(to(close, "float32")).item() === 1;
  });
}
