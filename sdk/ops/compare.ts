// Comparisons (int32 0/1 masks: stochasm's boolean type), where, and the elementwise maximum / minimum, all
// with numpy broadcasting and torch's dtype promotion.
import { core } from "../runtime/core.js";
import { Tensor, full } from "../tensor.js";
import { describe } from "../errors.js";
import { record, recording } from "../autograd/tape.js";
import { broadcastStrides, writeMeta } from "./broadcast.js";
import { broadcastShapes } from "../array-input.js";
import { promote, to } from "./cast.js";
import { binaryKernel, mul } from "./elementwise.js";
import { sumToShape } from "./shape.js";

type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
const CODE: Record<Comparison, number> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };

function operand(x: unknown, name: string, fn: string, dtype?: Tensor["dtype"]): Tensor {
  if (typeof x === "number") return full([], x, dtype === "int32" && !Number.isInteger(x) ? "float32" : dtype ?? "float32");
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor or a number, got ${describe(x)}`);
  x.assertLive(`${fn}: ${name}`);
  return x;
}

function compare(op: Comparison, a: Tensor, b: Tensor | number): Tensor {
  const x0 = operand(a, "a", op);
  const y0 = operand(b, "b", op, x0.dtype);
  const dtype = promote(x0.dtype, y0.dtype);
  const x = to(x0, dtype), y = to(y0, dtype);
  const shape = broadcastShapes([x.shape, y.shape], op);
  const out = new Tensor(shape, "int32");
  if (out.size > 0) {
    const [meta, rank] = writeMeta(op, shape, [broadcastStrides(x.shape, shape), broadcastStrides(y.shape, shape)]);
    const suffix = dtype === "float32" ? "F32" : dtype === "float64" ? "F64" : "I32";
    core()[`compareStrided${suffix}`](CODE[op], out.ptr, x.ptr, y.ptr, meta, rank);
  }
  for (const t of new Set([x, y, x0, y0])) if (t !== a && t !== b) t.dispose();
  return out;
}

/** a == b elementwise as an int32 mask (1 true, 0 false); NaN equals nothing. @example eq(tensor([1, 2]), 2); // [0, 1] */
export function eq(a: Tensor, b: Tensor | number): Tensor { return compare("eq", a, b); }
/** a != b elementwise as an int32 mask. */
export function ne(a: Tensor, b: Tensor | number): Tensor { return compare("ne", a, b); }
/** a < b elementwise as an int32 mask. @example lt(tensor([1, 3]), tensor([2, 2])); // [1, 0] */
export function lt(a: Tensor, b: Tensor | number): Tensor { return compare("lt", a, b); }
/** a <= b elementwise as an int32 mask. */
export function le(a: Tensor, b: Tensor | number): Tensor { return compare("le", a, b); }
/** a > b elementwise as an int32 mask. */
export function gt(a: Tensor, b: Tensor | number): Tensor { return compare("gt", a, b); }
/** a >= b elementwise as an int32 mask. */
export function ge(a: Tensor, b: Tensor | number): Tensor { return compare("ge", a, b); }

/**
 * cond ? a : b elementwise, broadcasting all three; cond is an int32 mask (any non-zero is true), a and b
 * tensors or numbers (promoted like a binary op). Differentiable in a and b.
 * @example where(gt(x, 0), x, 0);   // ReLU
 */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (!(cond instanceof Tensor)) throw new TypeError(`where: cond must be an int32 Tensor (a mask from eq/lt/…), got ${describe(cond)}`);
  cond.assertLive("where: cond");
  if (cond.dtype !== "int32") throw new TypeError(`where: cond must have dtype int32 (a mask from eq/lt/…), got ${cond.dtype}`);
  const a0 = operand(a, "a", "where", b instanceof Tensor ? b.dtype : undefined);
  const b0 = operand(b, "b", "where", a0.dtype);
  const dtype = promote(a0.dtype, b0.dtype);
  const x = to(a0, dtype), y = to(b0, dtype);
  const shape = broadcastShapes([cond.shape, x.shape, y.shape], "where");
  const out = new Tensor(shape, dtype);
  if (out.size > 0) {
    const strides = [x.shape, y.shape, cond.shape].map((s) => broadcastStrides(s, shape));
    const [meta, rank] = writeMeta("where", shape, strides);
    core()[dtype === "float64" ? "whereStrided64" : "whereStrided32"](out.ptr, cond.ptr, x.ptr, y.ptr, meta, rank);
  }
  for (const t of new Set([x, y, a0, b0])) if (t !== a && t !== b) t.dispose();
  if (!recording() || dtype === "int32") return out;
  const at = a instanceof Tensor ? a : null, bt = b instanceof Tensor ? b : null;
  return record("where", [null, at, bt], out, (g) => [
    null,
    at === null ? null : sumToShape(where(cond, g, 0), at.shape),
    bt === null ? null : sumToShape(where(cond, 0, g), bt.shape),
  ], [cond]);
}

function extreme(op: "maximum" | "minimum", a: Tensor, b: Tensor | number): Tensor {
  operand(a, "a", op);
  if (typeof b !== "number") operand(b, "b", op);
  const out = binaryKernel(op, a, b);
  if (!recording() || out.dtype === "int32") return out;
  const bt = typeof b === "number" ? null : b;
  // torch: the gradient goes to the larger (smaller) operand, split in half where they are equal
  return record(op, [a, bt], out, (g) => {
    const y = bt ?? b;
    const wins = op === "maximum" ? gt(a, y) : lt(a, y);
    const ties = eq(a, y);
    const share = binaryKernel("add", to(wins, g.dtype), mul(to(ties, g.dtype), 0.5));
    const ga = sumToShape(mul(g, share), a.shape);
    return [ga, bt === null ? null : sumToShape(mul(g, binaryKernel("sub", full([], 1, g.dtype), share)), bt.shape)];
  });
}

/** The larger of a and b elementwise (NaN if either is NaN), broadcasting. @example maximum(tensor([1, 5]), 3); // [3, 5] */
export function maximum(a: Tensor, b: Tensor | number): Tensor { return extreme("maximum", a, b); }
/** The smaller of a and b elementwise (NaN if either is NaN), broadcasting. */
export function minimum(a: Tensor, b: Tensor | number): Tensor { return extreme("minimum", a, b); }
