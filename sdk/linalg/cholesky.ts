// Cholesky factor of a symmetric positive-definite matrix: A = L·Lᵀ, L lower triangular, diag(L) > 0.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { LinAlgError } from "./errors.js";
import { float64Arg, release, what } from "./matrix.js";

/**
 * Lower Cholesky factor L with A = L·Lᵀ, like torch.linalg.cholesky. Reads only the lower triangle of `a`
 * (the upper one is not checked). Computed in float64; a float32 `a` is converted first.
 * @param a (n, n) symmetric positive definite, float64 or float32, finite.
 * @returns L, (n, n) float64, zeros above the diagonal.
 * @throws LinAlgError naming the order of the first leading minor that is not positive definite.
 * @example
 * cholesky(tensor([[4, 2], [2, 3]], [2, 2], "float64"));   // [[2, 0], [1, 1.4142…]]
 * cholesky(tensor([[1, 2], [2, 1]], [2, 2], "float64"));   // LinAlgError: … leading minor of order 2 …
 */
export function cholesky(a: Tensor): Tensor {
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
