// Shared argument handling of sdk/linalg: every routine computes in float64. A float64 tensor is used as is;
// a float32 tensor is converted to a float64 copy (disposed after the call). Results are always float64.
import { allocBytes, freeBytes } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";

/** A float64 view of an argument: the tensor to pass to WASM and whether we own (must dispose) it. */
export interface Float64Arg {
  t: Tensor;
  owned: boolean;
  rows: number;
  cols: number;
}

/**
 * Checks `a` is a live float32/float64 tensor of rank 2 (or rank 1 when allowVector; it is then a column)
 * with finite entries, and returns it in float64.
 */
export function float64Arg(fn: string, name: string, a: unknown, { square = false, allowVector = false } = {}): Float64Arg {
  if (!(a instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(a)}`);
  a.assertLive(`${fn}: ${name}`);
  if (a.dtype !== "float64" && a.dtype !== "float32") {
    throw new TypeError(`${fn}: ${name} must have dtype float64 or float32 (converted to float64), got ${a.dtype}`);
  }
  const rank = a.shape.length;
  if (!(rank === 2 || (allowVector && rank === 1))) {
    throw new RangeError(`${fn}: ${name} must have rank 2${allowVector ? " (or 1)" : ""}, got shape ${describe(a.shape)}`);
  }
  const rows = a.shape[0];
  const cols = rank === 2 ? a.shape[1] : 1;
  if (square && rows !== cols) throw new RangeError(`${fn}: ${name} must be square, got shape ${describe(a.shape)}`);
  const v = a.view();
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      const at = rank === 2 ? `[${Math.floor(i / cols)}][${i % cols}]` : `[${i}]`;
      throw new RangeError(`${fn}: ${name} must have finite entries, got ${name}${at} = ${v[i]}`);
    }
  }
  if (a.dtype === "float64") return { t: a, owned: false, rows, cols };
  const t = new Tensor(a.shape, "float64");
  t.view().set(a.view());
  return { t, owned: true, rows, cols };
}

/** Disposes the converted copies among `args`. */
export function release(...args: Float64Arg[]): void {
  for (const a of args) if (a.owned) a.t.dispose();
}

/** Runs fn with `bytes` of WASM scratch, freed afterwards (also on throw). */
export function withScratch<T>(fn: string, bytes: number, body: (scratch: number) => T): T {
  if (!(bytes >= 0 && bytes < 2 ** 31)) throw new RangeError(`${fn}: the matrix is too large (needs ${bytes} bytes of scratch)`);
  const scratch = allocBytes(bytes);
  try {
    return body(scratch);
  } finally {
    freeBytes(scratch);
  }
}

/** The shape text used in messages: "5×5 float64". */
export function what(a: Tensor): string {
  return `${a.shape.join("×")} ${a.dtype}`;
}
