// Vector norms (L1, L2, L∞, Frobenius) along a dim, and cosine similarity row-wise and pairwise.
// Sums accumulate in float64 in the fixed order of the reductions (docs/ops.md): a float32 L2 norm cannot
// overflow (squares of float32 fit in float64); a float64 one is not rescaled and overflows past ~1e154, as torch.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { ownOptions, assertSameShape, describe } from "../errors.js";
import { assertFloatTensor, assertSameDType, splitAxis } from "./operand.js";

/** Options of norm: the order, the dim (default every element) and keepdim. */
export interface NormOptions {
  /** 1 (Σ|x|), 2 (√Σx², default), Infinity (max |x|) or "fro" (√Σx² over every element; no dim). */
  ord?: 1 | 2 | typeof Infinity | "fro";
  dim?: number;
  keepdim?: boolean;
}

/** Options of cosineSimilarity: the dim to compare along (default the last) and eps (default 1e-8, torch). */
export interface CosineOptions {
  dim?: number;
  eps?: number;
}

const KERNELS = new Map<unknown, string>([[1, "normL1"], [2, "normL2"], [Infinity, "normInf"], ["fro", "normL2"]]);

/**
 * A vector norm along `dim` (default: over every element). ord 1 = Σ|x|, 2 = √Σx², Infinity = max |x|
 * (NaN if any element is NaN), "fro" = √Σx² over every element (the Frobenius norm of a matrix).
 * @example
 * norm(tensor([3, 4]));                          // 5
 * norm(tensor([3, 4]), { ord: 1 });              // 7
 * norm(tensor([3, -4]), { ord: Infinity });      // 4
 * norm(tensor([[1, 2], [3, 4]]), { ord: "fro" });  // √30 = 5.477226
 * norm(tensor([[3, 4], [6, 8]]), { dim: 1 });    // [5, 10]
 */
export function norm(x: Tensor, options: NormOptions = {}): Tensor {
  options = ownOptions(options, "norm");
  assertFloatTensor(x, "x", "norm");
  const { ord = 2, dim, keepdim = false } = options;
  const kernel = KERNELS.get(ord);
  if (kernel === undefined) throw new RangeError(`norm: ord must be 1, 2, Infinity or "fro", got ${describe(ord)}`);
  if (ord === "fro" && dim !== undefined) {
    throw new RangeError(`norm: ord "fro" reduces every element and takes no dim, got dim ${describe(dim)} (use ord 2 with a dim)`);
  }
  const split = splitAxis(x.shape, dim, keepdim, "norm");
  const out = new Tensor(split.outShape, x.dtype);
  if (out.size > 0) core()[`${kernel}${x.dtype === "float32" ? "F32" : "F64"}`](out.ptr, x.ptr, split.outer, split.axis, split.inner);
  return out;
}

function assertEps(eps: unknown, fn: string): asserts eps is number {
  if (typeof eps !== "number" || !(eps > 0) || !Number.isFinite(eps)) {
    throw new RangeError(`${fn}: eps must be a finite number > 0, got ${describe(eps)}`);
  }
}

/**
 * Cosine similarity along `dim`: a·b / max(‖a‖·‖b‖, eps), the formula of torch.nn.functional.cosine_similarity
 * (whose default dim is 1; here the default is the last dim, the same for 2-D rows). a and b have the same
 * shape and dtype; the result drops `dim`. A zero vector gives 0.
 * @example
 * cosineSimilarity(tensor([1, 2, 3]), tensor([2, 2, 1]));   // 0.8017837 (= 9 / (√14 · 3))
 * cosineSimilarity(tensor([[1, 0], [0, 0]]), tensor([[2, 0], [1, 1]]));  // [1, 0]
 */
export function cosineSimilarity(a: Tensor, b: Tensor, options: CosineOptions = {}): Tensor {
  options = ownOptions(options, "cosineSimilarity");
  assertFloatTensor(a, "a", "cosineSimilarity");
  assertFloatTensor(b, "b", "cosineSimilarity");
  assertSameDType(a, b, "cosineSimilarity");
  assertSameShape(a, b, "cosineSimilarity: a", "b");
  const { dim = -1, eps = 1e-8 } = options;
  assertEps(eps, "cosineSimilarity");
  const split = splitAxis(a.shape, dim, false, "cosineSimilarity");
  const out = new Tensor(split.outShape, a.dtype);
  const kernel = a.dtype === "float32" ? "cosineSimilarityF32" : "cosineSimilarityF64";
  if (out.size > 0) core()[kernel](out.ptr, a.ptr, b.ptr, split.outer, split.axis, split.inner, eps);
  return out;
}

/**
 * The cosine of every pair of rows: out[i, j] = cos(a[i], b[j]) with a: (n, d), b: (m, d) → (n, m).
 * Same sums as cosineSimilarity, so out[i, i] equals cosineSimilarity(a, b)[i] bit for bit when n = m.
 * @example
 * pairwiseCosine(tensor([[1, 0], [0, 1]]), tensor([[1, 1], [0, 2], [0, 0]]));
 * // [[0.70710677, 0, 0], [0.70710677, 1, 0]]
 */
export function pairwiseCosine(a: Tensor, b: Tensor, options: { eps?: number } = {}): Tensor {
  options = ownOptions(options, "pairwiseCosine");
  assertFloatTensor(a, "a", "pairwiseCosine");
  assertFloatTensor(b, "b", "pairwiseCosine");
  assertSameDType(a, b, "pairwiseCosine");
  if (a.shape.length !== 2) throw new RangeError(`pairwiseCosine: a must have rank 2 (rows, d), got shape ${describe(a.shape)}`);
  if (b.shape.length !== 2) throw new RangeError(`pairwiseCosine: b must have rank 2 (rows, d), got shape ${describe(b.shape)}`);
  const [n, d] = a.shape, [m, dB] = b.shape;
  if (d !== dB) {
    throw new RangeError(`pairwiseCosine: a and b must have rows of the same length, got a ${describe(a.shape)} and b ${describe(b.shape)}`);
  }
  const { eps = 1e-8 } = options;
  assertEps(eps, "pairwiseCosine");
  const out = new Tensor([n, m], a.dtype);
  if (out.size === 0) return out;
  const scratch = allocBytes(8 * m); // the norms ‖b_j‖ in float64
  try {
    const kernel = a.dtype === "float32" ? "pairwiseCosineF32" : "pairwiseCosineF64";
    core()[kernel](out.ptr, a.ptr, b.ptr, scratch, n, m, d, eps);
  } finally {
    freeBytes(scratch);
  }
  return out;
}
