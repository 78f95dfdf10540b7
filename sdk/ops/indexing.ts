// Integer indexing: indexSelect, gather, take, and scatterAdd (their gradient), plus the ops built on them:
// diag (both ways), tril, triu, outer. Every index is checked before the kernel runs.
import { core } from "../runtime/core.js";
import { Tensor, zeros } from "../tensor.js";
import { describe } from "../errors.js";
import { assertLiveTensor } from "./operand.js";
import { record, recording } from "../autograd/tape.js";
import { mul } from "./elementwise.js";
import { where } from "./compare.js";
import { narrow, normDim, reshape, unsqueeze } from "./shape.js";
import { composite } from "./composite.js";

function indexTensor(index: Tensor | readonly number[], fn: string): Tensor {
  if (Array.isArray(index)) {
    const t = new Tensor([index.length], "int32");
    index.forEach((v, i) => {
      if (!Number.isInteger(v)) throw new TypeError(`${fn}: index[${i}] must be an integer, got ${describe(v)}`);
    });
    t.view().set(index);
    return t;
  }
  assertLiveTensor(index, "index", fn);
  if (index.dtype !== "int32") throw new TypeError(`${fn}: index must have dtype int32, got ${index.dtype}`);
  return index;
}

function checkRange(index: Tensor, n: number, fn: string): void {
  const v = index.view();
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] >= n) throw new RangeError(`${fn}: index ${v[i]} (at position ${i}) is out of range for a dim of size ${n}`);
  }
}

const prod = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
const suffix = (t: Tensor): string => (t.dtype === "float64" ? "64" : "32");
const fsuffix = (t: Tensor): string => (t.dtype === "float64" ? "F64" : "F32");

/**
 * The entries of x at `index` (a 1-D int32 tensor or an array of integers) along `dim`, as torch.index_select.
 * Differentiable in x (repeated indices add up).
 * @example indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, [2, 0]);   // [[5, 6], [1, 2]]
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  assertLiveTensor(x, "x", "indexSelect");
  const d = normDim(dim, x.shape.length, "indexSelect");
  const idx = indexTensor(index, "indexSelect");
  try {
    if (idx.shape.length !== 1) throw new RangeError(`indexSelect: index must be 1-D, got shape ${describe(idx.shape)}`);
    const axis = x.shape.length === 0 ? 1 : x.shape[d];
    checkRange(idx, axis, "indexSelect");
    const outer = prod(x.shape.slice(0, d)), inner = prod(x.shape.slice(d + 1)), k = idx.size;
    const out = new Tensor(x.shape.length === 0 ? [k] : x.shape.map((v, i) => (i === d ? k : v)), x.dtype);
    if (out.size > 0) core()[`selectAxis${suffix(x)}`](out.ptr, x.ptr, idx.ptr, outer, axis, k, inner);
    if (!recording() || x.dtype === "int32") return out;
    const kept = idx === index ? idx : reshape(idx, idx.shape);
    return record("indexSelect", [x], out, (g) => [indexAdd(g, x.shape, d, kept)], [kept]);
  } finally {
    if (idx !== index) idx.dispose();
  }
}

// zeros(shape) with g's rows added at idx along d: the gradient of indexSelect (differentiable: indexSelect).
function indexAdd(g: Tensor, shape: readonly number[], d: number, idx: Tensor): Tensor {
  const out = zeros(shape, g.dtype);
  const axis = shape.length === 0 ? 1 : shape[d];
  if (g.size > 0) core()[`selectAxisAdd${fsuffix(g)}`](out.ptr, g.ptr, idx.ptr, prod(shape.slice(0, d)), axis, idx.size, prod(shape.slice(d + 1)));
  return recording() ? record("indexAdd", [g], out, (gg) => [indexSelect(gg, d, idx)], [idx]) : out;
}

function gatherShapes(x: Tensor, index: Tensor, d: number, fn: string): void {
  if (index.shape.length !== x.shape.length || index.shape.some((v, i) => i !== d && v !== x.shape[i])) {
    throw new RangeError(`${fn}: index shape ${describe(index.shape)} must equal x's ${describe(x.shape)} except along dim ${d}`);
  }
}

/**
 * out[…, j, …] = x[…, index[…, j, …], …] along `dim`, as torch.gather (index has x's shape except along dim).
 * Differentiable in x.
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1, 1], [0, 1]], [2, 2], "int32"));   // [[2, 2], [3, 4]]
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  assertLiveTensor(x, "x", "gather");
  const d = normDim(dim, x.shape.length, "gather");
  const idx = indexTensor(index, "gather");
  gatherShapes(x, idx, d, "gather");
  checkRange(idx, x.shape[d], "gather");
  const out = new Tensor(idx.shape, x.dtype);
  if (out.size > 0) core()[`gatherAxis${suffix(x)}`](out.ptr, x.ptr, idx.ptr, prod(x.shape.slice(0, d)), x.shape[d], idx.shape[d], prod(x.shape.slice(d + 1)));
  if (!recording() || x.dtype === "int32") return out;
  return record("gather", [x], out, (g) => [scatterAdd(zeros(x.shape, g.dtype), d, idx, g)], [idx]);
}

/**
 * x with src's entries added at index along dim (torch.scatter_add, out of place): out[…, index[…j…], …] +=
 * src[…j…]. Repeated indices accumulate in index order. Differentiable in x and src.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  assertLiveTensor(x, "x", "scatterAdd");
  assertLiveTensor(src, "src", "scatterAdd");
  const d = normDim(dim, x.shape.length, "scatterAdd");
  const idx = indexTensor(index, "scatterAdd");
  gatherShapes(x, idx, d, "scatterAdd");
  if (src.dtype !== x.dtype) throw new TypeError(`scatterAdd: src has dtype ${src.dtype}, x ${x.dtype}; they must agree`);
  if (src.shape.length !== idx.shape.length || src.shape.some((v, i) => v !== idx.shape[i])) {
    throw new RangeError(`scatterAdd: src shape ${describe(src.shape)} must equal index shape ${describe(idx.shape)}`);
  }
  if (x.dtype === "int32") throw new TypeError("scatterAdd: x must be float32 or float64");
  checkRange(idx, x.shape[d], "scatterAdd");
  const out = new Tensor(x.shape, x.dtype);
  out.view().set(x.view());
  if (src.size > 0) core()[`scatterAddAxis${fsuffix(x)}`](out.ptr, src.ptr, idx.ptr, prod(x.shape.slice(0, d)), x.shape[d], idx.shape[d], prod(x.shape.slice(d + 1)));
  if (!recording()) return out;
  return record("scatterAdd", [x, src], out, (g) => [g, gather(g, d, idx)], [idx]);
}

/**
 * The entries of x at flat indices (x read as 1-D), in index's shape, as torch.take. Differentiable in x.
 * @example take(tensor([[4, 3], [5, 7]]), [0, 3]);   // [4, 7]
 */
export function take(x: Tensor, index: Tensor | readonly number[]): Tensor {
  assertLiveTensor(x, "x", "take");
  return composite(() => {
    const idx = indexTensor(index, "take");
    return reshape(indexSelect(reshape(x, [x.size]), 0, reshape(idx, [idx.size])), idx.shape);
  });
}

/**
 * The slice of x at `index` along `dim`, that dim removed: torch.select, i.e. x[:, i] for dim 1 and x[i] for
 * dim 0. A negative index counts from the end. A copy (narrow, then a view without the dim). Differentiable.
 * @example
 * select(tensor([[1, 2], [3, 4]]), 1, 0);   // [1, 3]   (x[:, 0])
 * select(tensor([1, 2, 3]), 0, -1);         // 3, a 0-d tensor (x[-1])
 * select(tensor([1, 2, 3]), 0, 3);          // RangeError: select: index 3 is out of range for dim 0 of size 3 …
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`select: x must be a Tensor, got ${describe(x)}`);
  x.assertLive("select: x");
  if (x.shape.length === 0) throw new RangeError("select: x must have at least one dimension, got a 0-d tensor");
  const d = normDim(dim, x.shape.length, "select");
  const n = x.shape[d];
  if (typeof index !== "number" || !Number.isInteger(index) || index < -n || index >= n) {
    throw new RangeError(`select: index ${describe(index)} is out of range for dim ${dim} of size ${n} (expected an integer in [${-n}, ${n - 1}])`);
  }
  const i = index < 0 ? index + n : index;
  return composite(() => reshape(narrow(x, d, i, 1), x.shape.filter((_, k) => k !== d)));
}

/**
 * A 1-D tensor → the square matrix with it on the `diagonal`-th diagonal (0 the main one, > 0 above, < 0
 * below); a 2-D tensor → that diagonal as a 1-D tensor, as torch.diag. Differentiable.
 * @example
 * diag(tensor([1, 2]));                     // [[1, 0], [0, 2]]
 * diag(tensor([1, 2]), 1);                  // [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
 * diag(tensor([[1, 2], [3, 4]]), -1);       // [3]
 */
export function diag(x: Tensor, diagonal = 0): Tensor {
  assertLiveTensor(x, "x", "diag");
  if (!Number.isInteger(diagonal)) throw new TypeError(`diag: diagonal must be an integer, got ${describe(diagonal)}`);
  if (x.shape.length === 1) {
    const n = x.shape[0] + Math.abs(diagonal);
    return composite(() => reshape(indexAdd(x, [n * n], 0, diagonalIndex(n, n, diagonal)), [n, n]));
  }
  if (x.shape.length !== 2) throw new RangeError(`diag: x must be 1-D or 2-D, got shape ${describe(x.shape)}`);
  return composite(() => take(x, diagonalIndex(x.shape[0], x.shape[1], diagonal)));
}

// flat indices of the elements (i, i + k) of a rows × cols matrix
function diagonalIndex(rows: number, cols: number, k: number): Tensor {
  const first = k >= 0 ? 0 : -k;
  const n = Math.max(0, Math.min(rows - first, cols - (first + k)));
  const t = new Tensor([n], "int32");
  const v = t.view();
  for (let i = 0; i < n; i++) v[i] = (first + i) * cols + first + i + k;
  return t;
}

function triangle(fn: string, x: Tensor, diagonal: number, lower: boolean): Tensor {
  assertLiveTensor(x, "x", fn);
  if (x.shape.length < 2) throw new RangeError(`${fn}: x must have rank ≥ 2, got shape ${describe(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new TypeError(`${fn}: diagonal must be an integer, got ${describe(diagonal)}`);
  const [r, c] = x.shape.slice(-2);
  return composite(() => {
    const mask = new Tensor([r, c], "int32");
    const v = mask.view();
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) v[i * c + j] = (lower ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
    return where(mask, x, 0);
  });
}

/** The lower triangle (j − i ≤ diagonal) of the last two dims, zeros above. Differentiable. */
export function tril(x: Tensor, diagonal = 0): Tensor { return triangle("tril", x, diagonal, true); }
/** The upper triangle (j − i ≥ diagonal) of the last two dims, zeros below. Differentiable. */
export function triu(x: Tensor, diagonal = 0): Tensor { return triangle("triu", x, diagonal, false); }

/** The outer product a bᵀ of two 1-D tensors. @example outer(tensor([1, 2]), tensor([3, 4])); // [[3, 4], [6, 8]] */
export function outer(a: Tensor, b: Tensor): Tensor {
  assertLiveTensor(a, "a", "outer");
  assertLiveTensor(b, "b", "outer");
  if (a.shape.length !== 1 || b.shape.length !== 1) throw new RangeError(`outer: a and b must be 1-D, got ${describe(a.shape)} and ${describe(b.shape)}`);
  return composite(() => mul(unsqueeze(a, 1), unsqueeze(b, 0)));
}
