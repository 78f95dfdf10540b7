// Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix (f64, row-major), row by row
// (Cholesky–Banachiewicz): every inner product runs along two contiguous rows of L.
import { dotF64 } from "./rowops";
import { solveTriangularF64 } from "./triangular";

// @ts-ignore: decorator
@inline function el(p: usize, n: i32, i: i32, j: i32): usize { return p + ((<usize>i * <usize>n + <usize>j) << 3); }

/**
 * Lower Cholesky factor: L[i][j] = (A[i][j] − Σ_{k<j} L[i][k]·L[j][k]) / L[j][j],
 * L[i][i] = √(A[i][i] − Σ_{k<i} L[i][k]²). Reads only the lower triangle of A; writes zeros above the
 * diagonal of L. out may equal a (in place).
 * @param out L, (n, n) f64
 * @param a   A, (n, n) f64, symmetric positive definite
 * @returns 0 on success, or i + 1 when the pivot of column i is not > 0 (or NaN): the leading minor of
 *          order i + 1 is not positive definite. out is then only partly written.
 * @example choleskyF64(out, a, 2) with A = [[4, 2], [2, 3]] gives L = [[2, 0], [1, √2]] and returns 0;
 *          with A = [[1, 2], [2, 1]] it returns 2 (the 2×2 leading minor has determinant −3).
 */
export function choleskyF64(out: usize, a: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const rowI = el(out, n, i, 0);
    for (let j = 0; j < i; j++) {
      const s = load<f64>(el(a, n, i, j)) - dotF64(rowI, el(out, n, j, 0), j);
      store<f64>(el(out, n, i, j), s / load<f64>(el(out, n, j, j)));
    }
    const d = load<f64>(el(a, n, i, i)) - dotF64(rowI, rowI, i);
    if (!(d > 0)) return i + 1; // also catches NaN
    store<f64>(el(out, n, i, i), Math.sqrt(d));
    for (let j = i + 1; j < n; j++) store<f64>(el(out, n, i, j), 0.0);
  }
  return 0;
}

/**
 * Solve A·X = B given the Cholesky factor L of A (A = L·Lᵀ): L·Y = B forward, then Lᵀ·X = Y backward.
 * @param x    X, (n, nrhs) f64; may equal b
 * @param l    L, (n, n) f64 lower triangular with positive diagonal (as written by choleskyF64)
 * @param b    B, (n, nrhs) f64
 * @returns 0, or i + 1 when L[i][i] == 0 (x untouched)
 * @example with L = [[2, 0], [1, √2]] (A = [[4, 2], [2, 3]]) and B = [[6], [5]] gives X = [[1], [1]].
 */
export function choleskySolveF64(x: usize, l: usize, b: usize, n: i32, nrhs: i32): i32 {
  const bad = solveTriangularF64(x, l, b, n, nrhs, 0, 0, 0);
  if (bad != 0) return bad;
  return solveTriangularF64(x, l, x, n, nrhs, 0, 1, 0);
}
