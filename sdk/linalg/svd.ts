// Singular value decomposition A = U·diag(S)·Vh and what it answers: rank, condition number, best low-rank
// approximation.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertFinite, assertInteger, ownOptions, describe } from "../errors.js";
import { LinAlgError } from "./errors.js";
import { float64Arg, release, what, withScratch, type Float64Arg } from "./matrix.js";

const EPS = { float64: 2 ** -52, float32: 2 ** -23 } as const;

// The thin SVD of a checked float64 argument into new tensors (disposed on failure).
function thinSvd(fn: string, a: Tensor, A: Float64Arg): { U: Tensor; S: Tensor; Vh: Tensor } {
  const m = A.rows, n = A.cols, k = Math.min(m, n), p = Math.max(m, n);
  const bytes = (k * p + k * k + 2 * k + p) * 8;
  const made: Tensor[] = [];
  try {
    const U = new Tensor([m, k], "float64");
    made.push(U);
    const S = new Tensor([k], "float64");
    made.push(S);
    const Vh = new Tensor([k, n], "float64");
    made.push(Vh);
    const info = k === 0 ? 0 : withScratch(fn, bytes, (scratch) => core().svdF64(U.ptr, S.ptr, Vh.ptr, A.t.ptr, m, n, scratch));
    if (info !== 0) throw new LinAlgError(`${fn}: one-sided Jacobi did not converge in 60 sweeps for a (${what(a)})`);
    return { U, S, Vh };
  } catch (err) {
    for (const t of made) t.dispose(); // U, S, Vh leaked when the scratch allocation failed
    throw err;
  }
}

function singularValues(fn: string, a: Tensor): Float64Array {
  const A = float64Arg(fn, "a", a);
  try {
    const { U, S, Vh } = thinSvd(fn, a, A);
    const s = S.toArray() as Float64Array;
    U.dispose(); S.dispose(); Vh.dispose();
    return s;
  } finally {
    release(A);
  }
}

/**
 * Thin SVD like torch.linalg.svd(a, full_matrices=False): a = U·diag(S)·Vh with k = min(m, n), U (m, k)
 * orthonormal columns, S (k) descending and ≥ 0, Vh (k, n) orthonormal rows. One-sided Jacobi in float64
 * (float32 input is converted), accurate to a few ulps relative to σ_max. Sign convention (as sklearn's
 * svd_flip): the largest-magnitude entry of each column of U is positive, the row of Vh flipped with it.
 * Singular vectors of exactly zero singular values complete the orthonormal sets.
 * @param a (m, n), float64 or float32, finite.
 * @example
 * const { U, S, Vh } = svd(tensor([[3, 0], [4, 5]], [2, 2], "float64"));   // S = [6.7082, 2.2361]
 */
export function svd(a: Tensor): { U: Tensor; S: Tensor; Vh: Tensor } {
  const A = float64Arg("svd", "a", a);
  try {
    return thinSvd("svd", a, A);
  } finally {
    release(A);
  }
}

/**
 * Numerical rank: the number of singular values > tol, like torch.linalg.matrix_rank. Default
 * tol = σ_max·max(m, n)·eps with eps of the input dtype (2^-52 for float64, 2^-23 for float32 — the
 * data's own rounding), as torch and NumPy do.
 * @param a (m, n), float64 or float32, finite.
 * @param options.tol absolute threshold ≥ 0 (replaces the default).
 * @example
 * matrixRank(tensor([[1, 2], [2, 4]], [2, 2], "float64"));   // 1
 * matrixRank(zeros([3, 3], "float64"));                      // 0
 */
export function matrixRank(a: Tensor, options: { tol?: number } = {}): number {
  options = ownOptions(options, "matrixRank");
  if (options.tol !== undefined) {
    assertFinite(options.tol, "matrixRank: options.tol");
    if (options.tol < 0) throw new RangeError(`matrixRank: options.tol must be ≥ 0, got ${options.tol}`);
  }
  const s = singularValues("matrixRank", a);
  if (s.length === 0) return 0;
  const eps = a.dtype === "float32" ? EPS.float32 : EPS.float64;
  const tol = options.tol ?? s[0] * Math.max(a.shape[0], a.shape[1]) * eps;
  let rank = 0;
  for (const sv of s) if (sv > tol) rank++;
  return rank;
}

/**
 * 2-norm condition number σ_max / σ_min, like torch.linalg.cond(a) (p = None). Infinity when σ_min = 0.
 * @param a (m, n) with m, n ≥ 1, float64 or float32 (converted), finite.
 * @example
 * cond(tensor([[1, 0], [0, 1e-8]], [2, 2], "float64"));   // 1e8
 */
export function cond(a: Tensor): number {
  if (a instanceof Tensor && a.shape.length === 2 && a.size === 0) {
    throw new RangeError(`cond: a must be non-empty, got shape ${describe(a.shape)}`);
  }
  const s = singularValues("cond", a);
  return s[0] / s[s.length - 1];
}

/**
 * Best rank-r approximation A_r = U[:, :r]·diag(S[:r])·Vh[:r, :] (Eckart–Young) and its Frobenius error
 * ‖A − A_r‖_F = √(Σ_{i≥r} σ_i²), computed from the difference as in seed 003's PCA example.
 * @param a (m, n), float64 or float32 (converted), finite.
 * @param r integer in [0, min(m, n)].
 * @returns approx (m, n) float64 and error.
 * @example
 * const { approx, error } = lowRankApprox(x, 2);   // for seed 003's 6×4 A: error = 2.2288
 */
export function lowRankApprox(a: Tensor, r: number): { approx: Tensor; error: number } {
  const A = float64Arg("lowRankApprox", "a", a);
  try {
    const m = A.rows, n = A.cols;
    assertInteger(r, "lowRankApprox: r", 0, Math.min(m, n));
    const { U, S, Vh } = thinSvd("lowRankApprox", a, A);
    try {
      const approx = new Tensor([m, n], "float64");
      const error = core().lowRankApproxF64(approx.ptr, U.ptr, S.ptr, Vh.ptr, A.t.ptr, m, n, r);
      return { approx, error };
    } finally {
      U.dispose(); S.dispose(); Vh.dispose();
    }
  } finally {
    release(A);
  }
}
