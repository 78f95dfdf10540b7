// Eigendecomposition of a symmetric matrix: A = Q·diag(λ)·Qᵀ with Q orthogonal.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertFinite, ownOptions } from "../errors.js";
import { LinAlgError } from "./errors.js";
import { float64Arg, release, what, withScratch } from "./matrix.js";

/** Options of eigh. */
export interface EighOptions {
  /**
   * Largest accepted asymmetry, relative: |a[i][j] − a[j][i]| ≤ symmetryTol·max|a|. Default 1e-10 for
   * float64 input, 1e-6 for float32 (a few float32 roundings). Use Infinity to skip the check (only the
   * lower triangle is read, like torch's UPLO = "L").
   */
  symmetryTol?: number;
}

/**
 * Eigenvalues in ascending order and orthonormal eigenvectors in the columns, like torch.linalg.eigh:
 * a·eigenvectors[:, j] = eigenvalues[j]·eigenvectors[:, j]. Householder tridiagonalisation + implicit QL in
 * float64 (float32 input is converted). Sign convention: the largest-magnitude component of every
 * eigenvector (the first one on exact ties) is positive, so results are reproducible; torch picks signs
 * by LAPACK's internals, so compare vectors up to sign.
 * @param a (n, n) symmetric, float64 or float32, finite.
 * @returns eigenvalues (n) and eigenvectors (n, n), float64.
 * @throws RangeError when a is not symmetric within symmetryTol; LinAlgError if QL does not converge.
 * @example
 * const { eigenvalues, eigenvectors } = eigh(tensor([[2, 1], [1, 2]], [2, 2], "float64"));
 * // eigenvalues [1, 3]; eigenvectors columns [0.7071, -0.7071] and [0.7071, 0.7071]
 */
export function eigh(a: Tensor, options: EighOptions = {}): { eigenvalues: Tensor; eigenvectors: Tensor } {
  options = ownOptions(options, "eigh");
  const A = float64Arg("eigh", "a", a, { square: true });
  const n = A.rows;
  try {
    const symmetryTol = options.symmetryTol ?? (a.dtype === "float32" ? 1e-6 : 1e-10);
    if (symmetryTol !== Infinity) assertFinite(symmetryTol, "eigh: options.symmetryTol");
    if (!(symmetryTol >= 0)) throw new RangeError(`eigh: options.symmetryTol must be ≥ 0, got ${symmetryTol}`);
    const v = A.t.view();
    let amax = 0;
    for (let i = 0; i < v.length; i++) amax = Math.max(amax, Math.abs(v[i]));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const gap = Math.abs(v[i * n + j] - v[j * n + i]);
        if (gap > symmetryTol * amax) {
          throw new RangeError(
            `eigh: a (${what(a)}) must be symmetric: |a[${i}][${j}] − a[${j}][${i}]| = ${gap} exceeds ` +
              `symmetryTol·max|a| = ${symmetryTol}·${amax}`,
          );
        }
      }
    }
    const eigenvalues = new Tensor([n], "float64");
    const eigenvectors = new Tensor([n, n], "float64");
    const c = core();
    const info = withScratch("eigh", c.eighScratchBytes(n), (scratch) => c.eighF64(eigenvalues.ptr, eigenvectors.ptr, A.t.ptr, n, scratch));
    if (info !== 0) {
      eigenvalues.dispose();
      eigenvectors.dispose();
      throw new LinAlgError(`eigh: the QL iteration did not converge for eigenvalue ${info - 1} of a (${what(a)})`);
    }
    return { eigenvalues, eigenvectors };
  } finally {
    release(A);
  }
}
