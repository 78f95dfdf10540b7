// dtype conversion and torch's type promotion for binary ops.
import { Tensor } from "../tensor.js";
import { assertDTypeName, type DType } from "../dtype.js";
import { record } from "../autograd/tape.js";

/**
 * torch's promotion for two operands: float64 beats float32 beats int32. A JS number keeps the tensor's
 * dtype, except that a non-integer number with an int32 tensor gives float32 (as torch's default dtype).
 */
export function promote(a: DType, b: DType | number): DType {
  if (typeof b === "number") return a === "int32" && !Number.isInteger(b) ? "float32" : a;
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

/**
 * A copy of x converted to `dtype` (x itself, not a copy, when it already has it — as torch's .to).
 * float → int32 truncates toward zero (NaN and out-of-range values become 0 or wrap, as JS's Int32Array);
 * float64 → float32 rounds to nearest even. Differentiable between float dtypes.
 * @example
 * to(tensor([1.7, -1.7]), "int32");   // [1, -1]
 */
export function to(x: Tensor, dtype: DType): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`to: x must be a Tensor, got ${String(x)}`);
  x.assertLive("to: x");
  assertDTypeName(dtype);
  if (x.dtype === dtype) return x;
  const out = new Tensor(x.shape, dtype);
  if (dtype === "int32") {
    const src = x.view(), dst = out.view() as Int32Array;
    for (let i = 0; i < src.length; i++) dst[i] = Math.trunc(src[i]) | 0;
  } else {
    out.view().set(x.view());
  }
  if (dtype === "int32" || x.dtype === "int32") return out;
  const from = x.dtype;
  return record("to", [x], out, (g) => [to(g, from)]);
}
