// Elementwise arithmetic and maps: add, sub, mul, div (tensor or number b; numpy broadcasting, torch's dtype
// promotion), neg, square, exp, log, sqrt, abs, clamp, each with its vector-Jacobian product beside it.
// Results are correctly rounded IEEE operations (exp, log: ≈ 1 ulp polynomials computed in WASM), the same bits
// in the SIMD and scalar builds and in every runtime; every NaN produced is the canonical quiet NaN.
import { core } from "../runtime/core.js";
import { Tensor, full } from "../tensor.js";
import { describe } from "../errors.js";
import { record, recording } from "../autograd/tape.js";
import { assertFloatTensor } from "./operand.js";
import { broadcastStrides, writeMeta } from "./broadcast.js";
import { broadcastShapes } from "../array-input.js";
import { promote, to } from "./cast.js";
import { sumToShape } from "./shape.js";

type Binary = "add" | "sub" | "mul" | "div";
const OPCODE: Record<Binary | "maximum" | "minimum", number> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };

function assertOperand(t: unknown, name: string, fn: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor or a number, got ${describe(t)}`);
  t.assertLive(`${fn}: ${name}`);
}

/** The kernel part of a binary op: out = a op b with numpy broadcasting, after dtype promotion. Not recorded. */
export function binaryKernel(op: Binary | "maximum" | "minimum", a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === "number") {
    if (typeof b === "number") throw new TypeError(`${op}: a or b must be a Tensor, got two numbers`);
    // torch's 1 − x, 2 / x: a number first. add, mul, maximum, minimum commute (the same bits); for sub and
    // div the number becomes a 0-d tensor of b's promoted dtype, freed before returning
    if (op !== "sub" && op !== "div") return binaryKernel(op, b, a);
    const at = full([], a, promote(b.dtype, a));
    try {
      return binaryKernel(op, at, b);
    } finally {
      at.dispose();
    }
  }
  const c = core();
  let dtype = promote(a.dtype, typeof b === "number" ? b : b.dtype);
  if (op === "div" && dtype === "int32") dtype = "float32"; // true division, as torch
  const temps: Tensor[] = [];
  const temp = (t: Tensor, original: unknown): Tensor => { if (t !== original) temps.push(t); return t; };
  try {
    if (typeof b === "number" && dtype !== "int32" && op in SCALAR_OPS) {
      const x = temp(to(a, dtype), a);
      const out = x.like();
      if (x.size > 0) c[`${op}Scalar${dtype === "float32" ? "F32" : "F64"}`](out.ptr, x.ptr, b, x.size);
      return out;
    }
    const bt = typeof b === "number" ? temp(full([], b, dtype), b) : b;
    const x = temp(to(a, dtype), a), y = temp(to(bt, dtype), bt);
    const shape = broadcastShapes([x.shape, y.shape], op);
    const out = new Tensor(shape, dtype);
    if (out.size === 0) return out;
    const suffix = dtype === "float32" ? "F32" : dtype === "float64" ? "F64" : "I32";
    const sameAsA = shape.length === x.shape.length && shape.every((d, i) => d === x.shape[i]);
    if (dtype !== "int32" && sameAsA && op in SCALAR_OPS && (y.size === x.size || isSuffix(y.shape, x.shape))) {
      c[`${op}${suffix}`](out.ptr, x.ptr, y.ptr, x.size / Math.max(y.size, 1), y.size);
      return out;
    }
    const [meta, rank] = writeMeta(op, shape, [broadcastStrides(x.shape, shape), broadcastStrides(y.shape, shape)]);
    c[`binaryStrided${suffix}`](OPCODE[op], out.ptr, x.ptr, y.ptr, meta, rank);
    return out;
  } finally {
    for (const t of temps) t.dispose();
  }
}

const SCALAR_OPS = { add: 1, sub: 1, mul: 1, div: 1 };

function isSuffix(b: readonly number[], a: readonly number[]): boolean {
  return b.length <= a.length && b.every((d, i) => d === a[a.length - b.length + i]);
}

function binary(op: Binary, a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a !== "number") assertOperand(a, "a", op);
  if (typeof b !== "number") assertOperand(b, "b", op);
  const out = binaryKernel(op, a, b);
  if (!recording() || out.dtype === "int32") return out;
  const at = typeof a === "number" ? null : a;
  const bt = typeof b === "number" ? null : b;
  return record(op, [at, bt], out, (g, needed) => {
    const ga = (v: () => Tensor) => (at === null || !needed[0] ? null : sumToShape(v(), at.shape));
    const gb = (v: () => Tensor) => (bt === null || !needed[1] ? null : sumToShape(v(), bt.shape));
    if (op === "add") return [ga(() => g), gb(() => g)];
    if (op === "sub") return [ga(() => g), gb(() => neg(g))];
    if (op === "mul") return [ga(() => mul(g, b)), gb(() => mul(g, a))];
    // d(a/b)/db = −a/b² = −out/b
    return [ga(() => div(g, b)), gb(() => neg(div(mul(g, out), b)))];
  });
}

/**
 * a + b, elementwise, with numpy broadcasting ([4, 3] + [4, 1], [2, 1, 3] + [4, 1] → [2, 4, 3]) and torch's
 * dtype promotion (float32 with float64 gives float64; int32 with a float gives the float; a JS number keeps
 * the tensor's dtype and is rounded to float32 for float32 a). Either operand may be a number, as torch's
 * 3 + x (not both). Differentiable.
 * @returns a new tensor of the broadcast shape.
 * @example
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20]));   // [[11, 22], [13, 24]]
 * add(tensor([1, 2]), 0.5);                          // [1.5, 2.5]
 * add(tensor([Infinity]), -Infinity);                // [NaN]
 */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("add", a, b);
}

/** a − b, elementwise; b broadcasts as in add; either may be a number (torch's 1 − x). @example sub(tensor([3, 4]), 1); // [2, 3]; sub(1, tensor([3, 4])); // [-2, -3] */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("sub", a, b);
}

/** a · b, elementwise; b broadcasts as in add. @example mul(tensor([[1, 2], [3, 4]]), tensor([2, 0])); // [[2, 0], [6, 0]] */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  return binary("mul", a, b);
}

/**
 * a / b, elementwise and correctly rounded (a true division even for a number b); b broadcasts as in add.
 * IEEE: x / 0 = ±Infinity, 0 / 0 = NaN.
 * Either may be a number (torch's 2 / x).
 * @example div(tensor([1, -1, 0]), 0); // [Infinity, -Infinity, NaN]; div(1, tensor([2, 4])); // [0.5, 0.25]
 */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
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
  const y = mapElementwise("exp", x);
  return recording() ? record("exp", [x], y, (g) => [mul(g, y)]) : y;
}

/** ln x elementwise (float32: ≈ 1 ulp; log 0 = −Infinity, log of a negative number = NaN). @example log(tensor([1, 0])); // [0, -Infinity] */
export function log(x: Tensor): Tensor {
  const y = mapElementwise("log", x);
  return recording() ? record("log", [x], y, (g) => [div(g, x)]) : y;
}

/** √x elementwise, correctly rounded (NaN for x < 0). @example sqrt(tensor([4, 2])); // [2, 1.4142135] */
export function sqrt(x: Tensor): Tensor {
  const y = mapElementwise("sqrt", x);
  return recording() ? record("sqrt", [x], y, (g) => [div(g, mul(y, 2))]) : y;
}

/** |x| elementwise. @example abs(tensor([-2, 0, 3])); // [2, 0, 3] */
export function abs(x: Tensor): Tensor {
  const y = mapElementwise("abs", x);
  // d|x|/dx = sign(x), 0 at 0 (torch)
  return recording() ? record("abs", [x], y, (g) => [mul(g, signOf(x))]) : y;
}

/** −x elementwise. @example neg(tensor([1, -2])); // [-1, 2] */
export function neg(x: Tensor): Tensor {
  assertOperand(x, "x", "neg");
  const y = binaryKernel("mul", x, -1); // int32 stays int32 (−(−2³¹) wraps, as torch)
  return recording() && y.dtype !== "int32" ? record("neg", [x], y, (g) => [neg(g)]) : y;
}

/** x² elementwise. @example square(tensor([3, -2])); // [9, 4] */
export function square(x: Tensor): Tensor {
  assertOperand(x, "x", "square");
  const y = binaryKernel("mul", x, x);
  return recording() && y.dtype !== "int32" ? record("square", [x], y, (g) => [mul(g, mul(x, 2))]) : y;
}

// sign(x) as x's float dtype: 1, −1 or 0 (NaN → 0: the gradient of |x| at NaN is NaN through g anyway)
function signOf(x: Tensor): Tensor {
  const s = new Tensor(x.shape, x.dtype);
  const v = x.view(), o = s.view();
  for (let i = 0; i < v.length; i++) o[i] = v[i] > 0 ? 1 : v[i] < 0 ? -1 : 0;
  return s;
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
  if (!recording()) return out;
  // the gradient passes where lo ≤ x ≤ hi (torch: the boundary counts as inside)
  const inside = new Tensor(x.shape, x.dtype);
  const v = x.view(), m = inside.view();
  for (let i = 0; i < v.length; i++) m[i] = v[i] >= lo && v[i] <= hi ? 1 : 0;
  return record("clamp", [x], out, (g) => [mul(g, inside)], [inside]);
}
