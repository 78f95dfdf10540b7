// LU factorisation with partial pivoting, P·A = L·U (f64, row-major, right-looking: every update is a
// contiguous row axpy), and what it gives: linear solves and the log-determinant with its sign.
import { axpyF64 } from "./rowops";
import { solveTriangularF64 } from "./triangular";

// @ts-ignore: decorator
@inline function el(p: usize, n: i32, i: i32, j: i32): usize { return p + ((<usize>i * <usize>n + <usize>j) << 3); }

/** Bytes of scratch solveF64 and slogdetF64 need for an n×n matrix: the LU factors and n pivot indices. */
export function solveScratchBytes(n: i32): i32 {
  return ((n * n * 8 + n * 4) + 15) & ~15;
}

/**
 * P·A = L·U with partial pivoting: at step k the row with the largest |entry| in column k (the first such
 * row on ties) is swapped up. L (unit diagonal, not stored) sits below the diagonal of lu, U on and above.
 * A zero pivot is recorded and the factorisation continues (like LAPACK getrf).
 * @param lu     (n, n) f64 output; may equal a
 * @param pivots (n) i32 output: at step k, row k was swapped with row pivots[k] ≥ k
 * @param a      (n, n) f64
 * @returns 0, or k + 1 for the first k with U[k][k] == 0 (A singular)
 * @example A = [[1, 2], [3, 4]] gives pivots [1, 1], L = [[1, 0], [1/3, 1]], U = [[3, 4], [0, 2/3]].
 */
export function luFactorF64(lu: usize, pivots: usize, a: usize, n: i32): i32 {
  if (lu != a) memory.copy(lu, a, (<usize>n * <usize>n) << 3);
  let info = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(load<f64>(el(lu, n, k, k)));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(load<f64>(el(lu, n, i, k)));
      if (v > best) { best = v; p = i; }
    }
    store<i32>(pivots + (<usize>k << 2), p);
    if (p != k) {
      for (let j = 0; j < n; j++) {
        const t = load<f64>(el(lu, n, k, j));
        store<f64>(el(lu, n, k, j), load<f64>(el(lu, n, p, j)));
        store<f64>(el(lu, n, p, j), t);
      }
    }
    const pivot = load<f64>(el(lu, n, k, k));
    if (pivot == 0) {
      if (info == 0) info = k + 1;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const l = load<f64>(el(lu, n, i, k)) / pivot;
      store<f64>(el(lu, n, i, k), l);
      axpyF64(el(lu, n, i, k + 1), -l, el(lu, n, k, k + 1), n - k - 1);
    }
  }
  return info;
}

/**
 * Solve A·X = B from the factors of luFactorF64: X = U⁻¹·L⁻¹·P·B.
 * @param x (n, nrhs) f64 output; may equal b
 * @returns 0, or i + 1 when U[i][i] == 0 (x then holds P·B)
 */
export function luSolveF64(x: usize, lu: usize, pivots: usize, b: usize, n: i32, nrhs: i32): i32 {
  if (x != b) memory.copy(x, b, (<usize>n * <usize>nrhs) << 3);
  for (let k = 0; k < n; k++) {
    const p = load<i32>(pivots + (<usize>k << 2));
    if (p == k) continue;
    for (let c = 0; c < nrhs; c++) {
      const t = load<f64>(el(x, nrhs, k, c));
      store<f64>(el(x, nrhs, k, c), load<f64>(el(x, nrhs, p, c)));
      store<f64>(el(x, nrhs, p, c), t);
    }
  }
  solveTriangularF64(x, lu, x, n, nrhs, 0, 0, 1);
  return solveTriangularF64(x, lu, x, n, nrhs, 1, 0, 0);
}

/**
 * Solve A·X = B by LU with partial pivoting.
 * @param x       (n, nrhs) f64 output; may equal b
 * @param a       (n, n) f64, not modified
 * @param b       (n, nrhs) f64
 * @param scratch solveScratchBytes(n) bytes
 * @returns 0, or k + 1 when U[k][k] == 0: A is singular and x is not written
 * @example A = [[1, 2], [3, 4]], B = [[5], [11]] gives X = [[1], [2]]; A = [[1, 2], [2, 4]] returns 2.
 */
export function solveF64(x: usize, a: usize, b: usize, n: i32, nrhs: i32, scratch: usize): i32 {
  const lu = scratch;
  const pivots = scratch + ((<usize>n * <usize>n) << 3);
  const info = luFactorF64(lu, pivots, a, n);
  if (info != 0) return info;
  return luSolveF64(x, lu, pivots, b, n, nrhs);
}

/**
 * Sign and log of |det A| from P·A = L·U: det A = (−1)^{#swaps} · Π U[k][k], log|det A| = Σ log|U[k][k]|.
 * A singular matrix gives sign 0 and log|det| = −Infinity (as torch.linalg.slogdet).
 * @param out     2 f64: [sign, log|det A|]
 * @param a       (n, n) f64, not modified
 * @param scratch solveScratchBytes(n) bytes
 * @example A = [[1, 2], [3, 4]] (det −2) gives [−1, log 2]; the 0×0 matrix gives [1, 0].
 */
export function slogdetF64(out: usize, a: usize, n: i32, scratch: usize): void {
  const lu = scratch;
  const pivots = scratch + ((<usize>n * <usize>n) << 3);
  if (luFactorF64(lu, pivots, a, n) != 0) {
    store<f64>(out, 0.0);
    store<f64>(out + 8, -Infinity);
    return;
  }
  let sign = 1.0;
  let logAbs = 0.0;
  for (let k = 0; k < n; k++) {
    const u = load<f64>(el(lu, n, k, k));
    if (load<i32>(pivots + (<usize>k << 2)) != k) sign = -sign;
    if (u < 0) sign = -sign;
    logAbs += Math.log(Math.abs(u));
  }
  store<f64>(out, sign);
  store<f64>(out + 8, logAbs);
}
