// Argument checks shared by the softmax family and the losses (sdk/nn/softmax.ts, sdk/nn/losses.ts).
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";

/** A soft-target or probability row must sum to 1 within this absolute tolerance (f32 rows of 10^3 entries
 * rounded independently sum to 1 within about 6e-5). */
export const ROW_SUM_TOLERANCE = 1e-4;

/** Checks a live float32 Tensor. */
export function assertFloat32Tensor(t: unknown, name: string, fn: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(t)}`);
  t.assertLive(`${fn}: ${name}`);
  if (t.dtype !== "float32") throw new TypeError(`${fn}: ${name} must have dtype float32, got ${t.dtype}`);
}

/**
 * The axis `dim` (negative counts from the end, as torch) of a tensor seen as rows over that axis: `d` the
 * axis as an index in [0, rank), `cols` its length, `rows` the product of the other dims.
 */
export function rowsOverDim(t: Tensor, dim: unknown, name: string, fn: string): { d: number; rows: number; cols: number } {
  const rank = t.shape.length;
  if (rank === 0) throw new RangeError(`${fn}: ${name} must have at least one dimension, got a scalar`);
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < -rank || dim >= rank) {
    throw new RangeError(`${fn}: dim must be an integer in [${-rank}, ${rank - 1}] for ${name} of shape ${describe(t.shape)}, got ${describe(dim)}`);
  }
  const d = dim < 0 ? dim + rank : dim;
  const cols = t.shape[d];
  return { d, rows: cols === 0 ? 0 : t.size / cols, cols };
}

/** Rows and columns of a tensor seen as rows over its last axis. */
export function rowsOverLastAxis(t: Tensor, name: string, fn: string): { rows: number; cols: number } {
  const { rows, cols } = rowsOverDim(t, -1, name, fn);
  return { rows, cols };
}

/** The smallest temperature whose reciprocal is a finite float32 (≈ 2.94e-39). */
export const MIN_TEMPERATURE = 2.938735964636876e-39;

/** The smallest temperature whose reciprocal is a finite float64 (just above 2^-1024 ≈ 5.56e-309). */
export const MIN_TEMPERATURE_F64 = 5.56268464626801e-309;

/** Checks a temperature: a finite number > 0 whose reciprocal is finite in the kernel's dtype. */
export function assertTemperature(temperature: unknown, fn: string, dtype: "float32" | "float64" = "float32"): asserts temperature is number {
  if (typeof temperature !== "number" || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`${fn}: temperature must be a finite number > 0, got ${describe(temperature)}`);
  }
  // the kernels multiply by 1/T in their dtype: below this, 1/T is ∞ and every row NaN
  if (dtype === "float32" && !Number.isFinite(Math.fround(1 / temperature))) {
    throw new RangeError(`${fn}: temperature must be ≥ ${MIN_TEMPERATURE} (1/temperature must fit in float32), got ${temperature}`);
  }
  if (!Number.isFinite(1 / temperature)) {
    throw new RangeError(`${fn}: temperature must be ≥ ${MIN_TEMPERATURE_F64} (1/temperature must fit in float64), got ${temperature}`);
  }
}

/** Index [i, j] of the first NaN in row i of a (rows, cols) view, or -1. */
function nanInRow(v: ArrayLike<number>, i: number, cols: number): number {
  for (let j = 0; j < cols; j++) if (v[i * cols + j] !== v[i * cols + j]) return j;
  return -1;
}

/**
 * After a kernel ran: a NaN input makes its whole output row NaN, so only rows whose first output is NaN
 * need their inputs scanned (O(rows) when nothing is wrong). Throws naming the first NaN input found;
 * rows that are NaN for another reason (all -Infinity, +Infinity logits: torch gives NaN too) pass.
 * `firstOut(i)` reads the first output of row i; `inputs` are (name, tensor) pairs laid out as (rows, cols);
 * `position(i, j)` names entry [i, j] in the user's coordinates (default: [i, j] itself).
 */
export function assertNoNaNInputs(
  fn: string, rows: number, cols: number, firstOut: (i: number) => number, inputs: [string, Tensor][],
  position: (i: number, j: number) => readonly number[] = (i, j) => [i, j],
): void {
  for (let i = 0; i < rows; i++) {
    const o = firstOut(i);
    if (o === o) continue;
    for (const [name, t] of inputs) {
      const j = nanInRow(t.view(), i, cols);
      if (j >= 0) throw new RangeError(`${fn}: ${name} contains NaN at [${position(i, j).join(", ")}]`);
    }
  }
}

/**
 * Checks that every row of a (rows, cols) float tensor holds probabilities: in [0, 1], summing to 1.
 * `position(i, j)` names entry [i, j] in the user's coordinates and `row(i)` names row i (defaults: [i, j] and
 * "row i of name").
 */
export function assertProbabilityRows(
  t: Tensor, rows: number, cols: number, name: string, fn: string,
  position: (i: number, j: number) => readonly number[] = (i, j) => [i, j], row: (i: number) => string = (i) => `row ${i} of ${name}`,
): void {
  const v = t.view();
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const x = v[i * cols + j];
      if (!(x >= 0 && x <= 1)) {
        throw new RangeError(`${fn}: ${name}[${position(i, j).join(", ")}] = ${describe(x)} is not a probability in [0, 1]`);
      }
      s += x;
    }
    if (!(Math.abs(s - 1) <= ROW_SUM_TOLERANCE)) {
      throw new RangeError(`${fn}: ${row(i)} sums to ${s}, not 1 (tolerance ${ROW_SUM_TOLERANCE})`);
    }
  }
}

/** Reduction names and the kernels' codes. */
export type Reduction = "mean" | "sum" | "none";
const REDUCTION_CODES: Record<Reduction, number> = { none: 0, mean: 1, sum: 2 };

/** The kernel code of a reduction, with a clear error for anything else. */
export function reductionCode(reduction: unknown, fn: string): number {
  if (typeof reduction !== "string" || !Object.hasOwn(REDUCTION_CODES, reduction)) {
    throw new RangeError(`${fn}: reduction must be "mean", "sum" or "none", got ${describe(reduction)}`);
  }
  return REDUCTION_CODES[reduction as Reduction];
}
