// Triangular solves op(T)·X = B with many right-hand sides (f64, row-major): forward substitution when
// op(T) is lower triangular, back substitution when it is upper. Each step updates a whole row of X, so the
// inner loop is a contiguous axpy of length nrhs.
import { axpyF64 } from "./rowops";

// @ts-ignore: decorator
@inline function el(p: usize, n: i32, i: i32, j: i32): usize { return p + ((<usize>i * <usize>n + <usize>j) << 3); }

/**
 * Solve op(T)·X = B, op(T) = T or Tᵀ, T triangular:
 * X[i] = (B[i] − Σ_k op(T)[i][k]·X[k]) / op(T)[i][i], k running over the already solved rows.
 * Only the triangle named by `upper` is read; the other one may hold anything.
 * @param x         X, (n, nrhs) f64; may equal b
 * @param t         T, (n, n) f64
 * @param b         B, (n, nrhs) f64
 * @param upper     1: T is upper triangular, 0: lower
 * @param transpose 1: solve Tᵀ·X = B
 * @param unitDiagonal 1: take T[i][i] = 1 without reading it (the L of an LU factorisation)
 * @returns 0, or i + 1 for the first zero diagonal entry T[i][i] (x is then left untouched)
 * @example n = 2, T = [[2, 0], [1, 1]] lower, B = [[2], [3]] gives X = [[1], [2]]; with transpose = 1,
 *          Tᵀ = [[2, 1], [0, 1]] and X = [[-0.5], [3]].
 */
export function solveTriangularF64(
  x: usize, t: usize, b: usize, n: i32, nrhs: i32, upper: i32, transpose: i32, unitDiagonal: i32,
): i32 {
  if (unitDiagonal == 0) {
    for (let i = 0; i < n; i++) if (load<f64>(el(t, n, i, i)) == 0) return i + 1;
  }
  if (x != b) memory.copy(x, b, (<usize>n * <usize>nrhs) << 3);
  const forward = (upper != 0) == (transpose != 0); // op(T) lower ⇔ forward substitution
  for (let step = 0; step < n; step++) {
    const i = forward ? step : n - 1 - step;
    const xi = el(x, nrhs, i, 0);
    const k0 = forward ? 0 : i + 1;
    const k1 = forward ? i : n;
    for (let k = k0; k < k1; k++) {
      const c = transpose != 0 ? load<f64>(el(t, n, k, i)) : load<f64>(el(t, n, i, k));
      axpyF64(xi, -c, el(x, nrhs, k, 0), nrhs);
    }
    if (unitDiagonal == 0) {
      const d = load<f64>(el(t, n, i, i));
      for (let c = 0; c < nrhs; c++) store<f64>(el(x, nrhs, i, c), load<f64>(el(x, nrhs, i, c)) / d);
    }
  }
  return 0;
}
