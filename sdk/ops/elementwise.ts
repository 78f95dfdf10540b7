// Elementwise arithmetic and maps: add, sub, mul, div (tensor or number b), exp, log, sqrt, abs, clamp.
// Results are correctly rounded IEEE operations (exp, log: ≈ 1 ulp polynomials computed in WASM), the same bits
// in the SIMD and scalar builds and in every runtime; every NaN produced is the canonical quiet NaN.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { assertFloatTensor, assertSameDType } from "./operand.js";

type Binary = "add" | "sub" | "mul" | "div";

// b broadcasts when its shape is a suffix of a's (a = (outer, inner), b = (inner)) or it holds one element.
function broadcastInner(a: Tensor, b: Tensor, fn: string): number {
  const ra = a.shape.length, rb = b.shape.length;
  const suffix = rb <= ra && b.shape.every((d, i) => d === a.shape[ra - rb + i]);
  if (suffix) return b.size;
  if (b.size === 1 && rb <= ra) return 1;
  throw new RangeError(
    `${fn}: b's shape ${describe(b.shape)} must equal a's shape ${describe(a.shape)} or a suffix of it ` +
      `(b broadcasts over a's leading dimensions), or hold a single element`,
  );
}

function binary(op: Binary, a: Tensor, b: Tensor | number): Tensor {
  assertFloatTensor(a, "a", op);
  const f32 = a.dtype === "float32";
  const c = core();
  if (typeof b === "number") {
    const out = a.like();
    if (a.size > 0) c[`${op}Scalar${f32 ? "F32" : "F64"}`](out.ptr, a.ptr, b, a.size);
    return out;
  }
  if (!(b instanceof Tensor)) throw new TypeError(`${op}: b must be a Tensor or a number, got ${describe(b)}`);
  assertFloatTensor(b, "b", op);
  assertSameDType(a, b, op);
  const inner = broadcastInner(a, b, op);
  const out = a.like();
  if (a.size === 0) return out;
  if (inner === 1 && b.size === 1) {
    // One element: the scalar kernel with that element (a float32 value passes to an f32 argument exactly).
    c[`${op}Scalar${f32 ? "F32" : "F64"}`](out.ptr, a.ptr, b.view()[0], a.size);
  } else {
    c[`${op}${f32 ? "F32" : "F64"}`](out.ptr, a.ptr, b.ptr, a.size / inner, inner);
  }
  return out;
}

/**
 * a + b, elementwise. b is a tensor of a's dtype whose shape is a suffix of a's (broadcast over the leading
 * dims), a one-element tensor, or a number (rounded to float32 for float32 a).
 * @returns a new tensor of a's shape and dtype.
 * @example
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20]));   // [[11, 22], [13, 24]]
 * add(tensor([1, 2]), 0.5);                          // [1.5, 2.5]
 * add(tensor([Infinity]), -Infinity);                // [NaN]
 */
export function add(a: Tensor, b: Tensor | number): Tensor {
  return binary("add", a, b);
}

/** a − b, elementwise; b broadcasts as in add. @example sub(tensor([3, 4]), 1); // [2, 3] */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  return binary("sub", a, b);
}

/** a · b, elementwise; b broadcasts as in add. @example mul(tensor([[1, 2], [3, 4]]), tensor([2, 0])); // [[2, 0], [6, 0]] */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  return binary("mul", a, b);
}

/**
 * a / b, elementwise and correctly rounded (a true division even for a number b); b broadcasts as in add.
 * IEEE: x / 0 = ±Infinity, 0 / 0 = NaN.
 * @example div(tensor([1, -1, 0]), 0); // [Infinity, -Infinity, NaN]
 */
export function div(a: Tensor, b: Tensor | number): Tensor {
  return binary("div", a, b);
}

/**
 * out = fn(x) by the WASM kernel `${fn}ElementwiseF32` / `…F64` (out, x, n), after checking x is a live float
 * tensor. The unary ops here and the special functions of ./special.ts share it.
 */
export function mapElementwise(fn: string, x: Tensor): Tensor {
  assertFloatTensor(x, "x", fn);
  const out = x.like();
  if (x.size > 0) core()[`${fn}Elementwise${x.dtype === "float32" ? "F32" : "F64"}`](out.ptr, x.ptr, x.size);
  return out;
}

/** eˣ elementwise (float32: ≈ 1 ulp; exp(−Infinity) = 0, overflow to Infinity above ≈ 88.72). @example exp(tensor([0, 1])); // [1, 2.7182817] */
export function exp(x: Tensor): Tensor {
  return mapElementwise("exp", x);
}

/** ln x elementwise (float32: ≈ 1 ulp; log 0 = −Infinity, log of a negative number = NaN). @example log(tensor([1, 0])); // [0, -Infinity] */
export function log(x: Tensor): Tensor {
  return mapElementwise("log", x);
}

/** √x elementwise, correctly rounded (NaN for x < 0). @example sqrt(tensor([4, 2])); // [2, 1.4142135] */
export function sqrt(x: Tensor): Tensor {
  return mapElementwise("sqrt", x);
}

/** |x| elementwise. @example abs(tensor([-2, 0, 3])); // [2, 0, 3] */
export function abs(x: Tensor): Tensor {
  return mapElementwise("abs", x);
}

/**
 * min(max(x, lo), hi) elementwise, as torch.clamp. lo ≤ hi; either may be ±Infinity for a one-sided clamp.
 * NaN stays NaN. Bounds are rounded to float32 for float32 x.
 * @example
 * clamp(tensor([-3, 0.5, 9]), -1, 1);        // [-1, 0.5, 1]
 * clamp(tensor([-3, 9]), 0, Infinity);       // [0, 9]  (ReLU)
 */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  assertFloatTensor(x, "x", "clamp");
  if (typeof lo !== "number" || Number.isNaN(lo)) throw new TypeError(`clamp: lo must be a number, got ${describe(lo)}`);
  if (typeof hi !== "number" || Number.isNaN(hi)) throw new TypeError(`clamp: hi must be a number, got ${describe(hi)}`);
  if (lo > hi) throw new RangeError(`clamp: lo must be ≤ hi, got lo = ${lo} > hi = ${hi}`);
  const out = x.like();
  if (x.size > 0) core()[`clampElementwise${x.dtype === "float32" ? "F32" : "F64"}`](out.ptr, x.ptr, x.size, lo, hi);
  return out;
}
