// Matrix products: C = α·op(A)·op(B) + β·C for float32 and float64, 2-D (matmul) and batched 3-D (bmm).
// Every output element sums over k in order 0..k-1, one product at a time (see docs/linalg-matmul.md), so
// results are the same bits in the SIMD and scalar builds and in every JS runtime.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes } from "../runtime/memory.js";
import { Tensor, type DType } from "../tensor.js";
import { assertDType, assertFinite, ownOptions, describe } from "../errors.js";
import { sameShape } from "../array-input.js";
import { anyTracked, record } from "../autograd/tape.js";
import { sum } from "../ops/reduce.js";

/** Options shared by matmul and bmm. */
export interface MatmulOptions {
  /** Use Aᵀ: a holds (k, m) instead of (m, k). Default false. */
  transposeA?: boolean;
  /** Use Bᵀ: b holds (n, k) instead of (k, n). Default false. */
  transposeB?: boolean;
  /** Scale of the product. Default 1. Rounded to float32 for float32 operands. */
  alpha?: number;
  /** Scale of the existing `out` added to the product. Default 0; non-zero needs `out`. */
  beta?: number;
  /** Tensor to write into (and read from when beta ≠ 0): the result's shape and dtype, not a or b. */
  out?: Tensor;
}

// The kernels size their scratch with i32 arithmetic: (96 + 512)·k + 40 elements at most; 616·k elements of
// 8 bytes below 2^31 bounds it with room to spare if the block sizes change.
const MAX_K = Math.floor((2 ** 31 - 1) / (616 * 8)) - 1;

interface Plan { m: number; n: number; k: number; transA: number; transB: number; alpha: number; beta: number }

function assertTensor(t: unknown, name: string, fn: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(t)}`);
  if (t.disposed) t.assertLive(`${fn}: ${name}`);
}

function assertFlag(value: unknown, name: string, fn: string): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(`${fn}: ${name} must be a boolean, got ${describe(value)}`);
  }
}

// Shared checks: operands, dtypes, flags, scalars, the inner dimension. Returns the sizes of op(A)·op(B).
// Hot path for small products: no allocation and no message strings unless a check fails.
function plan(fn: string, a: Tensor, b: Tensor, options: MatmulOptions, rankA: number, rankB: number): Plan {
  const transposeA = options.transposeA ?? false, transposeB = options.transposeB ?? false;
  const alpha = options.alpha ?? 1, beta = options.beta ?? 0;
  if (a.dtype !== "float32" && a.dtype !== "float64") assertDType(a, ["float32", "float64"], `${fn}: a`);
  if (b.dtype !== a.dtype) throw new TypeError(`${fn}: b must have the same dtype as a (${a.dtype}), got ${b.dtype}`);
  assertFlag(transposeA, "transposeA", fn);
  assertFlag(transposeB, "transposeB", fn);
  if (!Number.isFinite(alpha)) assertFinite(alpha, `${fn}: alpha`);
  if (!Number.isFinite(beta)) assertFinite(beta, `${fn}: beta`);
  // float32 products take alpha and beta as float32: above its maximum they became ∞ and the result NaN
  if (a.dtype === "float32" && !(Number.isFinite(Math.fround(alpha)) && Number.isFinite(Math.fround(beta)))) {
    const [name, v] = Number.isFinite(Math.fround(alpha)) ? ["beta", beta] : ["alpha", alpha];
    throw new RangeError(`${fn}: ${name} must fit in float32 for float32 tensors (|${name}| ≤ 3.4028234663852886e38), got ${v}`);
  }
  if (beta !== 0 && options.out === undefined) {
    throw new RangeError(`${fn}: beta = ${beta} scales an existing result, so it needs options.out; got no out`);
  }
  const rowsA = a.shape[rankA - 2], colsA = a.shape[rankA - 1];
  const rowsB = b.shape[rankB - 2], colsB = b.shape[rankB - 1];
  const m = transposeA ? colsA : rowsA, k = transposeA ? rowsA : colsA;
  const kB = transposeB ? colsB : rowsB, n = transposeB ? rowsB : colsB;
  if (k !== kB) {
    throw new RangeError(
      `${fn}: inner dimensions must agree: op(a) is [${m}, ${k}] (a ${describe(a.shape)}, transposeA = ${transposeA}) ` +
        `but op(b) is [${kB}, ${n}] (b ${describe(b.shape)}, transposeB = ${transposeB})`,
    );
  }
  if (k > MAX_K) throw new RangeError(`${fn}: the inner dimension k = ${k} exceeds the supported maximum ${MAX_K}`);
  return { m, n, k, transA: transposeA ? 1 : 0, transB: transposeB ? 1 : 0, alpha, beta };
}

// The result tensor: options.out after checks, or a new one.
function output(fn: string, shape: number[], dtype: DType, a: Tensor, b: Tensor, out: Tensor | undefined): Tensor {
  if (out === undefined) return new Tensor(shape, dtype);
  assertTensor(out, "out", fn);
  if (out.dtype !== dtype) throw new TypeError(`${fn}: out must have dtype ${dtype}, got ${out.dtype}`);
  if (!sameShape(out.shape, shape)) throw new RangeError(`${fn}: out must have shape ${describe(shape)}, got ${describe(out.shape)}`);
  if (out === a || out === b) {
    throw new RangeError(`${fn}: out must not be ${out === a ? "a" : "b"} itself: the product reads its operands while writing`);
  }
  return out;
}

// One kernel call with caller-owned scratch: batch items at stride (elements), stride 0 broadcasts.
// A result created here is disposed again if the scratch allocation fails (out of WASM memory).
function run(
  out: Tensor, a: Tensor, b: Tensor, p: Plan, batch: number, strideA: number, strideB: number, created: boolean,
): void {
  if (out.size === 0) return;
  const c = core();
  const f32 = a.dtype === "float32";
  let scratch: number;
  try {
    scratch = allocBytes(f32 ? c.matmulScratchBytesF32(p.m, p.n, p.k) : c.matmulScratchBytesF64(p.m, p.n, p.k));
  } catch (err) {
    if (created) out.dispose();
    throw err;
  }
  try {
    const kernel = f32 ? c.matmulBatchedF32 : c.matmulBatchedF64;
    kernel(
      out.ptr, a.ptr, b.ptr, batch, p.m * p.n, strideA, strideB,
      p.m, p.n, p.k, p.transA, p.transB, p.alpha, p.beta, scratch,
    );
  } finally {
    freeBytes(scratch);
  }
}

/**
 * Matrix product C = α·op(A)·op(B) + β·C, op(X) = X or Xᵀ. float32 or float64, both operands alike.
 * Each C[i, j] is summed over k in order, one product at a time: identical bits in every build and runtime.
 * @param a (m, k), or (k, m) with transposeA.
 * @param b (k, n), or (n, k) with transposeB.
 * @returns (m, n), the dtype of a: options.out when given, else a new tensor.
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]]));          // [[17], [39]]
 * matmul(x, w, { transposeB: true });                             // x·wᵀ, as in a dense layer
 * matmul(a, b, { alpha: 2, beta: 1, out: c });                    // c ← 2·a·b + c
 * matmul(empty([3, 0]), empty([0, 2]));                          // k = 0: a [3, 2] of zeros
 */
export function matmul2d(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  options = ownOptions(options, "matmul");
  assertTensor(a, "a", "matmul");
  assertTensor(b, "b", "matmul");
  if (a.shape.length !== 2) throw new RangeError(`matmul: a must have rank 2, got shape ${describe(a.shape)} (use bmm for batches)`);
  if (b.shape.length !== 2) throw new RangeError(`matmul: b must have rank 2, got shape ${describe(b.shape)} (use bmm for batches)`);
  const p = plan("matmul", a, b, options, 2, 2);
  const out = output("matmul", [p.m, p.n], a.dtype, a, b, options.out);
  run(out, a, b, p, 1, 0, 0, options.out === undefined);
  return recordProduct("matmul", a, b, out, options, matmul2d);
}

// The VJP of C = α·op(A)·op(B), written with the same (differentiable) product so that it nests:
//   plain  gA = α·G·Bᵀ      gB = α·Aᵀ·G        transposeA  gA = α·B·Gᵀ    gB = α·A·G
//   transposeB  gA = α·G·B  gB = α·Gᵀ·A        both        gA = α·Bᵀ·Gᵀ   gB = α·Gᵀ·Aᵀ
// A 2-D operand of bmm broadcast over the batch gets the batch-sum of its gradient.
function recordProduct(fn: string, a: Tensor, b: Tensor, out: Tensor, options: MatmulOptions,
  product: (a: Tensor, b: Tensor, o: MatmulOptions) => Tensor): Tensor {
  if (!anyTracked([a, b])) return out;
  if (options.out !== undefined) throw new TypeError(`${fn}: options.out writes in place and cannot be differentiated; drop it inside grad / valueAndGrad`);
  const tA = options.transposeA ?? false, tB = options.transposeB ?? false, alpha = options.alpha ?? 1;
  return record(fn, [a, b], out, (g, needed) => {
    const gA = (): Tensor => {
      if (!tA && !tB) return product(g, b, { transposeB: true, alpha });
      if (tA && !tB) return product(b, g, { transposeB: true, alpha });
      if (!tA && tB) return product(g, b, { alpha });
      return product(b, g, { transposeA: true, transposeB: true, alpha });
    };
    const gB = (): Tensor => {
      if (!tA && !tB) return product(a, g, { transposeA: true, alpha });
      if (tA && !tB) return product(a, g, { alpha });
      if (!tA && tB) return product(g, a, { transposeA: true, alpha });
      return product(g, a, { transposeA: true, transposeB: true, alpha });
    };
    return [needed[0] ? batchSum(gA(), a) : null, needed[1] ? batchSum(gB(), b) : null];
  });
}

function batchSum(g: Tensor, like: Tensor): Tensor {
  if (g.shape.length === like.shape.length && g.shape[0] === like.shape[0]) return g;
  return sum(g, { dim: 0, keepdim: like.shape.length === 3 });
}

/**
 * Batched matrix product: C[t] = α·op(A[t])·op(B[t]) + β·C[t] for every batch index t.
 * A 2-D operand, or a batch of size 1, is broadcast over the batch of the other.
 * @param a (batch, m, k) or (m, k); with transposeA the last two dimensions are (k, m).
 * @param b (batch, k, n) or (k, n); with transposeB the last two dimensions are (n, k).
 * @returns (batch, m, n).
 * @example
 * bmm(queries, keys, { transposeB: true, alpha: 1 / Math.sqrt(d) });   // attention scores, (B, T, T)
 * bmm(x, w);                                                            // x (B, T, d) · w (d, h), shared w
 */
export function bmm(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  options = ownOptions(options, "bmm");
  assertTensor(a, "a", "bmm");
  assertTensor(b, "b", "bmm");
  const rankA = a.shape.length, rankB = b.shape.length;
  if (rankA !== 2 && rankA !== 3) throw new RangeError(`bmm: a must have rank 3 (or 2 to broadcast), got shape ${describe(a.shape)}`);
  if (rankB !== 2 && rankB !== 3) throw new RangeError(`bmm: b must have rank 3 (or 2 to broadcast), got shape ${describe(b.shape)}`);
  if (rankA === 2 && rankB === 2) throw new RangeError(`bmm: at least one of a, b must have rank 3, got ${describe(a.shape)} and ${describe(b.shape)} (use matmul)`);
  const batchA = rankA === 3 ? a.shape[0] : 1, batchB = rankB === 3 ? b.shape[0] : 1;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new RangeError(`bmm: batch sizes must agree or one must be 1, got a ${describe(a.shape)} and b ${describe(b.shape)}`);
  }
  const p = plan("bmm", a, b, options, rankA, rankB);
  const batch = batchA === 1 ? batchB : batchA;
  const out = output("bmm", [batch, p.m, p.n], a.dtype, a, b, options.out);
  run(out, a, b, p, batch, batchA === 1 ? 0 : p.m * p.k, batchB === 1 ? 0 : p.k * p.n, options.out === undefined);
  return recordProduct("bmm", a, b, out, options, bmm);
}
