// Linear systems and determinants through LU with partial pivoting, P·A = L·U.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64 } from "../runtime/memory.js";
import { Tensor, full } from "../tensor.js";
import { describe } from "../errors.js";
import { LinAlgError } from "./errors.js";
import { float64Arg, release, what, withScratch } from "./matrix.js";
import { anyTracked, record } from "../autograd/tape.js";
import { mul, neg } from "../ops/elementwise.js";
import { eye } from "../ops/creation.js";
import { transpose } from "../ops/shape.js";
import { matmul2d } from "./matmul.js";
import { column } from "./triangular.js";

function scratchBytes(n: number): number {
  return n * n * 8 + n * 4 + 16;
}

/**
 * X with A·X = B, like torch.linalg.solve, by LU with partial pivoting. Computed in float64; float32
 * arguments are converted first. Only exact singularity (a zero pivot) is an error: an ill-conditioned A
 * gives a solution with relative error about cond(A)·1e-16 — check cond(a) when in doubt.
 * @param a (n, n), float64 or float32, finite.
 * @param b (n, k) or (n), float64 or float32, finite.
 * @returns X, float64, the shape of b.
 * Differentiable in a and b: B̄ = A⁻ᵀ·X̄ (one more solve), Ā = −B̄·Xᵀ.
 * @throws LinAlgError when a is singular (names the zero pivot).
 * @example
 * solve(tensor([[1, 2], [3, 4]], [2, 2], "float64"), tensor([5, 11], [2], "float64"));   // [1, 2]
 * solve(tensor([[1, 2], [2, 4]], [2, 2], "float64"), tensor([1, 1], [2], "float64"));    // LinAlgError
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  const A = float64Arg("solve", "a", a, { square: true });
  let B;
  try {
    B = float64Arg("solve", "b", b, { allowVector: true });
  } catch (err) {
    release(A);
    throw err;
  }
  const n = A.rows;
  try {
    if (B.rows !== n) throw new RangeError(`solve: b must have ${n} rows to match a ${describe(a.shape)}, got shape ${describe(b.shape)}`);
    const out = new Tensor(b.shape, "float64");
    const bad = withScratch("solve", scratchBytes(n), (scratch) => core().solveF64(out.ptr, A.t.ptr, B.t.ptr, n, B.cols, scratch));
    if (bad !== 0) {
      out.dispose();
      throw new LinAlgError(
        `solve: a (${what(a)}) is singular: LU with partial pivoting found U[${bad - 1}][${bad - 1}] = 0 (step ${bad} of ${n})`,
      );
    }
    if (!anyTracked([a, b])) return out;
    return record("solve", [a, b], out, (g) => {
      const gb = solve(transpose(a), g);
      return [neg(matmul2d(column(gb), column(out), { transposeB: true })), gb];
    });
  } finally {
    release(A, B);
  }
}

/**
 * Sign and natural log of |det A|, like torch.linalg.slogdet: det A = sign·exp(logAbsDet), both float64 tensors
 * of shape []. Stable where det itself would overflow or underflow. A singular matrix gives sign 0 and
 * logAbsDet −Infinity. logAbsDet is differentiable: ∂ log|det A| / ∂A = A⁻ᵀ (a solve against the identity).
 * @param a (n, n), float64 or float32 (converted), finite.
 * @example
 * slogdet(tensor([[1, 2], [3, 4]], [2, 2], "float64"));   // { sign: -1, logAbsDet: 0.6931… } (det = −2)
 * slogdet(empty([0, 0], "float64"));                      // { sign: 1, logAbsDet: 0 }
 */
export function slogdet(a: Tensor): { sign: Tensor; logAbsDet: Tensor } {
  const { sign, logAbsDet } = slogdetOf("slogdet", a);
  return { sign: full([], sign, "float64"), logAbsDet: recordLogAbsDet("slogdet", a, full([], logAbsDet, "float64")) };
}

// ∂ log|det A| / ∂A = A⁻ᵀ, scaled by the cotangent
function recordLogAbsDet(fn: string, a: Tensor, out: Tensor): Tensor {
  if (!anyTracked([a])) return out;
  return record(fn, [a], out, (g) => [mul(solve(transpose(a), eye(a.shape[0], a.shape[0], "float64")), g)]);
}

// slogdet, with errors naming the public function the user called.
function slogdetOf(fn: string, a: Tensor): { sign: number; logAbsDet: number } {
  const A = float64Arg(fn, "a", a, { square: true });
  const n = A.rows;
  try {
    const out = allocBytes(16);
    try {
      withScratch(fn, scratchBytes(n), (scratch) => core().slogdetF64(out, A.t.ptr, n, scratch));
      const v = heapF64();
      return { sign: v[out >>> 3], logAbsDet: v[(out >>> 3) + 1] };
    } finally {
      freeBytes(out);
    }
  } finally {
    release(A);
  }
}

/**
 * log det A, like torch.logdet: a float64 tensor of shape [], NaN when det A < 0, −Infinity when A is
 * singular. Differentiable where det A > 0 (∂/∂A = A⁻ᵀ).
 * @param a (n, n), float64 or float32 (converted), finite.
 * @example
 * logDet(tensor([[2, 0], [0, 3]], [2, 2], "float64"));   // log 6 = 1.7917…
 * logDet(tensor([[0, 1], [1, 0]], [2, 2], "float64"));   // NaN (det = −1)
 */
export function logDet(a: Tensor): Tensor {
  const { sign, logAbsDet } = slogdetOf("logDet", a);
  if (sign < 0) return full([], NaN, "float64");
  return recordLogAbsDet("logDet", a, full([], logAbsDet, "float64"));
}
