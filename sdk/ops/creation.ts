// Creation ops: onesLike, zerosLike, fullLike, arange, linspace, eye. Values are computed with plain IEEE
// arithmetic (start + i·step), identical in every runtime.
import { Tensor, full, zeros } from "../tensor.js";
import { assertDTypeName, type DType } from "../dtype.js";
import { describe } from "../errors.js";
import { assertLiveTensor } from "./operand.js";

/** Zeros of x's shape (and dtype unless given). */
export function zerosLike(x: Tensor, dtype?: DType): Tensor {
  assertLiveTensor(x, "x", "zerosLike");
  return zeros(x.shape, dtype ?? x.dtype);
}

/** Ones of x's shape (and dtype unless given). */
export function onesLike(x: Tensor, dtype?: DType): Tensor {
  assertLiveTensor(x, "x", "onesLike");
  return full(x.shape, 1, dtype ?? x.dtype);
}

/** `value` everywhere, in x's shape (and dtype unless given). */
export function fullLike(x: Tensor, value: number, dtype?: DType): Tensor {
  assertLiveTensor(x, "x", "fullLike");
  return full(x.shape, value, dtype ?? x.dtype);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return full(shape, 1, dtype);
}

function finite(v: unknown, name: string, fn: string): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${fn}: ${name} must be a finite number, got ${describe(v)}`);
}

/**
 * start, start + step, … below end (above it for a negative step), as torch.arange. arange(n) counts 0 … n − 1.
 * The dtype is int32 when start, end and step are all integers, else float32 (as torch's defaults).
 * @example
 * arange(4);             // int32 [0, 1, 2, 3]
 * arange(0, 1, 0.25);    // float32 [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, dtype?: DType): Tensor {
  if (end === undefined) { end = start; start = 0; }
  finite(start, "start", "arange"); finite(end, "end", "arange"); finite(step, "step", "arange");
  if (step === 0) throw new RangeError("arange: step must not be 0");
  if (dtype !== undefined) assertDTypeName(dtype);
  const n = Math.max(0, Math.ceil((end - start) / step));
  if (n > 2 ** 31 - 1) throw new RangeError(`arange: ${n} elements is more than a tensor holds (2^31 - 1)`);
  const type = dtype ?? (Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step) ? "int32" : "float32");
  const out = new Tensor([n], type);
  const v = out.view();
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return out;
}

/**
 * `steps` evenly spaced values from start to end inclusive, as torch.linspace (the second half is counted
 * back from end, so both ends are exact).
 * @example linspace(0, 1, 5);   // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, dtype: DType = "float32"): Tensor {
  finite(start, "start", "linspace"); finite(end, "end", "linspace");
  if (!Number.isInteger(steps) || steps < 0 || steps > 2 ** 31 - 1) throw new RangeError(`linspace: steps must be an integer ≥ 0, got ${describe(steps)}`);
  assertDTypeName(dtype);
  const out = new Tensor([steps], dtype);
  const v = out.view();
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) v[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return out;
}

/** The n × m identity (m = n by default). @example eye(2); // [[1, 0], [0, 1]] */
export function eye(n: number, m: number = n, dtype: DType = "float32"): Tensor {
  for (const [name, v] of [["n", n], ["m", m]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`eye: ${name} must be an integer ≥ 0, got ${describe(v)}`);
  }
  const out = zeros([n, m], dtype);
  const v = out.view();
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  return out;
}
