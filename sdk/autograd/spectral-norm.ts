// The spectral norm ‖∂f/∂x‖₂ of a function's Jacobian at a point, by power iteration on JᵀJ, without ever forming
// J: Jᵀu is a vjp, and Jv is the vjp of that vjp (c ↦ Jᵀc is linear, so its own vjp with cotangent v is Jv: the
// "double vjp" trick, which needs no forward mode). Per example for a batch: when row i of f(X) depends on row i
// of X only (an MLP in eval mode), J of the batch is block-diagonal, so one vjp of the batch gives every
// example's Jᵢᵀuᵢ at once, and the iteration runs for all examples together.
// see: Golub & Van Loan, Matrix Computations, §8.2.1 (the power method) and §10.1 (Rayleigh quotient)
import { Tensor, tensor, zeros } from "../tensor.js";
import { describe } from "../errors.js";
import { checkOptions, ownOption } from "../options.js";
import { assertKey, type Key } from "../random/key.js";
import { normal } from "../random/sample.js";
import { keep, scope } from "../runtime/memory.js";
import { div } from "../ops/elementwise.js";
import { maximum } from "../ops/compare.js";
import { norm } from "../ops/norms.js";
import { reshape } from "../ops/shape.js";
import { indexSelect } from "../ops/indexing.js";
import { vjp } from "./transforms.js";

/** Options of jacobianSpectralNorm and perExampleJacobianSpectralNorm. */
export interface SpectralNormOptions {
  /** The random start v₀ ~ N(0, I) is drawn from this key (required: the estimate depends on it). */
  key: Key;
  /** At most this many power steps (each one Jv and one Jᵀ(Jv)); default 100. */
  iterations?: number;
  /** Stop once every estimate changed by ≤ tolerance · itself in the last step; default 1e-6 (0: only at an exact fixed point). */
  tolerance?: number;
}

/** What the power iteration found. */
export interface SpectralNormResult {
  /** The estimate of σ₁(J) = ‖J‖₂: ‖JᵀJv‖/‖Jv‖ for the last unit v (computed as ‖Jᵀu‖, u = Jv/‖Jv‖), a lower bound up to rounding. */
  norm: number;
  /** Power steps taken. */
  iterations: number;
  /** Whether the relative change fell to `tolerance` before `iterations` ran out. */
  converged: boolean;
}

/** What the batched power iteration found. */
export interface PerExampleSpectralNormResult {
  /** float64 [B]: example i's ‖∂f(X)ᵢ/∂Xᵢ‖₂ estimate. Yours to dispose. */
  norms: Tensor;
  /** Power steps taken by the slowest example (each example stops as soon as its own estimate has converged). */
  iterations: number;
  /** Whether every example's relative change fell to `tolerance`. */
  converged: boolean;
  /** The power steps each example took (it stops when its own estimate has converged). */
  steps: Int32Array;
  /** The examples (row indices) that had not converged when `iterations` ran out (their estimates are still lower bounds). */
  unconverged: number[];
}

const OPTIONS = ["key", "iterations", "tolerance"];

function readOptions(options: SpectralNormOptions, fn: string): { k: Key; iterations: number; tolerance: number } {
  if (options === undefined) throw new TypeError(`${fn}: options must be { key, iterations?, tolerance? } (the key of the random start is required), got undefined`);
  checkOptions(options, OPTIONS, fn);
  const k = ownOption<unknown>(options, "key", undefined);
  if (k === undefined) throw new TypeError(`${fn}: options.key is required (the random start of the power iteration is drawn from it)`);
  assertKey(k, `${fn}: options.key`);
  const iterations = ownOption<unknown>(options, "iterations", 100);
  if (typeof iterations !== "number" || !Number.isInteger(iterations) || iterations < 1 || iterations > 1e6) {
    throw new RangeError(`${fn}: iterations must be an integer in [1, 1e6], got ${describe(iterations)}`);
  }
  const tolerance = ownOption<unknown>(options, "tolerance", 1e-6);
  if (typeof tolerance !== "number" || !(tolerance >= 0) || tolerance === Infinity) {
    throw new RangeError(`${fn}: tolerance must be a finite number ≥ 0, got ${describe(tolerance)}`);
  }
  return { k, iterations, tolerance };
}

function assertInput(f: unknown, x: unknown, fn: string): asserts x is Tensor {
  if (typeof f !== "function") throw new TypeError(`${fn}: f must be a function, got ${describe(f)}`);
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}: x must be a Tensor, got ${describe(x)}`);
  x.assertLive(`${fn}: x`);
  if (x.dtype === "int32") throw new TypeError(`${fn}: x has dtype int32; a Jacobian needs float32 or float64 (use .to("float32"))`);
  if (x.size === 0) throw new RangeError(`${fn}: x must have at least one element, got shape ${describe(x.shape)}`);
}

// f's output shape at x (f run once, outside any tape), checked: a float tensor, and with `batch` rows when batched.
function outputShape(f: (x: Tensor) => Tensor, x: Tensor, fn: string, batch: number | null): number[] {
  return scope(() => {
    const y: unknown = f(x);
    if (!(y instanceof Tensor)) throw new TypeError(`${fn}: f must return a Tensor, got ${describe(y)}`);
    y.assertLive(`${fn}: f's result`);
    if (y.dtype === "int32") throw new TypeError(`${fn}: f returned an int32 tensor; its Jacobian needs float32 or float64`);
    if (batch !== null && (y.shape.length === 0 || y.shape[0] !== batch)) {
      throw new RangeError(`${fn}: f must map a batch of ${batch} examples to ${batch} rows (shape [${batch}, ...]), got shape ${describe(y.shape)}`);
    }
    return [...y.shape];
  });
}

// Per-row 2-norms of t viewed as [rows, rest]: float64 numbers (the reduction in WASM).
function rowNorms(t: Tensor, rows: number): Float64Array {
  return scope(() => Float64Array.from(norm(reshape(t, [rows, t.size / rows]), { dim: 1 }).toArray() as ArrayLike<number>));
}

// v / ‖v‖ row by row (a zero row stays zero: its Jacobian annihilated it, and σ = 0 is then the estimate; the
// floor 1e-30 is a normal float32, so 0/0 never happens; a row that small is rescaled, not exactly normalised,
// which the next step's normalisation absorbs).
function normalizeRows(v: Tensor, rows: number): Tensor {
  return scope(() => {
    const flat = reshape(v, [rows, v.size / rows]);
    const n = maximum(norm(flat, { dim: 1, keepdim: true }), 1e-30);
    return reshape(div(flat, n), v.shape);
  });
}

// The power iteration on the block-diagonal JᵀJ of f at x (rows independent blocks; rows = 1 is the plain case).
// A row leaves the batch once its estimate has converged, so the rest iterate on fewer rows (f is then called on
// the rows still active: row-independence makes that the same per-row computation).
function powerIteration(f: (x: Tensor) => Tensor, x: Tensor, rows: number, outShape: number[], k: Key, iterations: number, tolerance: number):
  { norms: Float64Array; steps: Int32Array; iterations: number; unconverged: number[] } {
  const outRow = outShape.slice(1);
  const estimate = new Float64Array(rows), steps = new Int32Array(rows);
  let active = Array.from({ length: rows }, (_, i) => i);
  let xa = x;                                                   // the active rows of x
  let v = keep(scope(() => normalizeRows(normal(k, x.shape, { dtype: x.dtype }), rows)));
  let step = 0;
  try {
    while (step < iterations && active.length > 0) {
      const n = active.length;
      const [next, sigma] = scope(() => {
        const jvp = vjp((c: Tensor) => vjp(f, xa, c)[1], zeros([n, ...outRow], x.dtype), v)[1];   // Jv: the vjp of c ↦ Jᵀc
        // Jᵀu for u = Jv/‖Jv‖: its norm ‖JᵀJv‖/‖Jv‖ is the estimate — at least ‖Jv‖ (Cauchy–Schwarz: ‖Jv‖² =
        // vᵀJᵀJv ≤ ‖JᵀJv‖) and at most σ₁ — and normalising u first keeps σ₁² from overflowing float32
        const jtu = vjp(f, xa, normalizeRows(jvp, n))[1];
        return [normalizeRows(jtu, n), rowNorms(jtu, n)] as const;
      });
      v.dispose();
      v = keep(next);
      step++;
      const still: number[] = [];                               // positions (in the active batch) not yet converged
      active.forEach((row, i) => {
        const done = step > 1 && Math.abs(sigma[i] - estimate[row]) <= tolerance * sigma[i];
        estimate[row] = sigma[i];
        steps[row] = step;
        if (!done) still.push(i);
      });
      if (still.length < n && still.length > 0) {
        const keepRows = still;
        const [nx, nv] = scope(() => [indexSelect(xa, 0, keepRows), indexSelect(v, 0, keepRows)]);
        if (xa !== x) xa.dispose();
        v.dispose();
        xa = keep(nx);
        v = keep(nv);
      }
      active = still.map((i) => active[i]);
    }
  } finally {
    v.dispose();
    if (xa !== x) xa.dispose();
  }
  return { norms: estimate, steps, iterations: step, unconverged: active };
}

/**
 * ‖∂f/∂x‖₂, the largest singular value of f's Jacobian at x (flattened: output elements × input elements), by
 * power iteration on JᵀJ from a random unit start drawn from `key`, using only reverse mode (Jᵀu is a vjp, Jv
 * the vjp of that vjp). Each step costs about five passes through f; the estimate never exceeds σ₁ (up to
 * rounding) and converges like (σ₂/σ₁)^(2t). Everything made inside is freed.
 * @example
 * const { norm } = jacobianSpectralNorm((x) => matmul(A, x), x, { key: key(0) });   // σ₁(A)
 */
export function jacobianSpectralNorm(f: (x: Tensor) => Tensor, x: Tensor, options: SpectralNormOptions): SpectralNormResult {
  const fn = "jacobianSpectralNorm";
  assertInput(f, x, fn);
  const { k, iterations, tolerance } = readOptions(options, fn);
  const shape = [...x.shape];
  const outShape = outputShape(f, x, fn, null);
  if (outShape.reduce((a, b) => a * b, 1) === 0) throw new RangeError(`${fn}: f(x) has no elements (shape ${describe(outShape)}), so it has no Jacobian to measure`);
  // the plain case is a batch of one: x as [1, ...shape], f's output as [1, ...]
  const fb = (xb: Tensor) => reshape(f(reshape(xb, shape)), [1, ...outShape]);
  const r = scope(() => powerIteration(fb, reshape(x, [1, ...shape]), 1, [1, ...outShape], k, iterations, tolerance));
  return { norm: r.norms[0], iterations: r.iterations, converged: r.unconverged.length === 0 };
}

/**
 * Every example's ‖∂f(X)ᵢ/∂Xᵢ‖₂ for a batch X [B, ...]: f must treat rows independently (row i of f(X) depends on
 * row i of X only — an MLP, or a net in eval mode; not BatchNorm in training mode, whose rows interact), then the
 * batch's Jacobian is block-diagonal and one power iteration runs all B blocks together. An example leaves the
 * batch once its estimate has converged, so f is called on fewer rows as the iteration goes on (any number of
 * rows must work, each row computed the same way whatever its position — no per-row parameters). Same start and
 * guarantees per example as jacobianSpectralNorm.
 * @example
 * const { norms } = perExampleJacobianSpectralNorm((x) => net.forward(x), images, { key: key(1) });   // [B]
 */
export function perExampleJacobianSpectralNorm(f: (x: Tensor) => Tensor, x: Tensor, options: SpectralNormOptions): PerExampleSpectralNormResult {
  const fn = "perExampleJacobianSpectralNorm";
  assertInput(f, x, fn);
  if (x.shape.length < 1) throw new RangeError(`${fn}: x must be a batch [B, ...] (rank ≥ 1), got shape ${describe(x.shape)}`);
  const { k, iterations, tolerance } = readOptions(options, fn);
  const rows = x.shape[0];
  const outShape = outputShape(f, x, fn, rows);
  if (outShape.reduce((a, b) => a * b, 1) === 0) throw new RangeError(`${fn}: f(x) has no elements (shape ${describe(outShape)}), so it has no Jacobian to measure`);
  const r = scope(() => powerIteration(f, x, rows, outShape, k, iterations, tolerance));
  return { norms: tensor(r.norms, [rows], "float64"), iterations: r.iterations, converged: r.unconverged.length === 0, steps: r.steps, unconverged: r.unconverged };
}
