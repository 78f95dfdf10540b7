// Cholesky factor of a symmetric positive-definite matrix: A = L·Lᵀ, L lower triangular, diag(L) > 0.
// Differentiable: the VJP sits beside the forward, written with differentiable ops so that it nests.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { anyTracked, record } from "../autograd/tape.js";
import { add, mul, sub } from "../ops/elementwise.js";
import { diag, tril } from "../ops/indexing.js";
import { narrow, reshape, stack, transpose } from "../ops/shape.js";
import { composite } from "../ops/composite.js";
import { LinAlgError } from "./errors.js";
import { float64Arg, release, what } from "./matrix.js";
import { matmul2d } from "./matmul.js";
import { solveTriangular } from "./triangular.js";

/**
 * Lower Cholesky factor L with A = L·Lᵀ, like torch.linalg.cholesky. Reads only the lower triangle of `a`
 * (the upper one is not checked). Computed in float64; a float32 `a` is converted first. A batch [..., n, n]
 * gives a batch of factors. Differentiable, with torch's convention that A is symmetric: the gradient is the
 * symmetric Ā = ½(S + Sᵀ), S = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹, Φ = the lower triangle with its diagonal halved (Murray 2016,
 * arXiv:1602.07527); entry-wise finite differences of the lower triangle give 2Ā below the diagonal.
 * @param a (n, n) or (..., n, n) symmetric positive definite, float64 or float32, finite.
 * @returns L, the shape of a, float64, zeros above the diagonal.
 * @throws LinAlgError naming the order of the first leading minor that is not positive definite.
 * @example
 * cholesky(tensor([[4, 2], [2, 3]], [2, 2], "float64"));   // [[2, 0], [1, 1.4142…]]
 * cholesky(tensor([[1, 2], [2, 1]], [2, 2], "float64"));   // LinAlgError: … leading minor of order 2 …
 */
export function cholesky(a: Tensor): Tensor {
  if (a instanceof Tensor && a.shape.length > 2) return batched(a);
  const L = factor(a);
  if (!anyTracked([a])) return L;
  return record("cholesky", [a], L, (g) => [choleskyVjp(L, g)]);
}

function factor(a: Tensor): Tensor {
  const arg = float64Arg("cholesky", "a", a, { square: true });
  const n = arg.rows;
  const out = new Tensor([n, n], "float64");
  try {
    const failed = core().choleskyF64(out.ptr, arg.t.ptr, n);
    if (failed !== 0) {
      throw new LinAlgError(
        `cholesky: a (${what(a)}) is not positive definite: the leading minor of order ${failed} is not ` +
          `positive definite (the pivot for a[${failed - 1}][${failed - 1}] was ≤ 0)`,
      );
    }
    return out;
  } catch (err) {
    out.dispose();
    throw err;
  } finally {
    release(arg);
  }
}

// Ā = ½(S + Sᵀ), S = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹ (assembly/linalg/backward.ts's choleskyBackwardF64, as ops)
function choleskyVjp(L: Tensor, g: Tensor): Tensor {
  return composite(() => {
    const m = matmul2d(L, g, { transposeA: true });
    const phi = sub(tril(m), mul(diag(diag(m)), 0.5));
    const y = solveTriangular(L, phi, { transpose: true });            // L⁻ᵀ·Φ
    const sT = solveTriangular(L, transpose(y), { transpose: true });  // Sᵀ = L⁻ᵀ·Yᵀ
    return mul(add(sT, transpose(sT)), 0.5);
  });
}

function batched(a: Tensor): Tensor {
  a.assertLive("cholesky: a");
  const [n, m] = a.shape.slice(-2);
  if (n !== m) throw new RangeError(`cholesky: a must be square in its last two dims, got shape ${describe(a.shape)}`);
  const count = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return composite(() => {
    const flat = reshape(a, [count, n, n]);
    const factors: Tensor[] = [];
    for (let i = 0; i < count; i++) factors.push(cholesky(reshape(narrow(flat, 0, i, 1), [n, n])));
    return reshape(count === 0 ? new Tensor([0, n, n], "float64") : stack(factors), a.shape);
  });
}
