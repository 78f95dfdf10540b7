// Reverse-mode derivatives of the small factorisations (f64, row-major, n × n): given the gradient of a
// loss with respect to an output, the gradient with respect to the input. Symmetric inputs get symmetric
// gradients (the derivative along symmetric perturbations), as torch's autograd gives them.
//   Cholesky  A = L·Lᵀ:  Ā = ½(S + Sᵀ),  S = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹,  Φ = lower triangle with its diagonal halved
//                        (Murray 2016, "Differentiation of the Cholesky decomposition", arXiv:1602.07527)
//   inverse   X = A⁻¹:   Ā = −Xᵀ·X̄·Xᵀ
import { solveTriangularF64 } from "./triangular";

// @ts-ignore: decorator
@inline function el(p: usize, n: i32, i: i32, j: i32): usize { return p + ((<usize>i * <usize>n + <usize>j) << 3); }

// out = ½(m + mᵀ), in place when out == m.
function symmetrize(out: usize, m: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const s = 0.5 * (load<f64>(el(m, n, i, j)) + load<f64>(el(m, n, j, i)));
      store<f64>(el(out, n, i, j), s);
      store<f64>(el(out, n, j, i), s);
    }
  }
}

// out = mᵀ (out may not alias m).
function transposeTo(out: usize, m: usize, n: i32): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) store<f64>(el(out, n, j, i), load<f64>(el(m, n, i, j)));
}

/**
 * Ā from L̄ for A = L·Lᵀ (the backward pass of choleskyF64): Ā = ½(S + Sᵀ), S = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹.
 * Only the lower triangle of L̄ is read (the upper one is not an output of the factorisation).
 * @param out     Ā, (n, n) f64, symmetric; may not alias l or lbar
 * @param l       L, (n, n) lower triangular with a positive diagonal (choleskyF64's output)
 * @param lbar    L̄, (n, n)
 * @param scratch n·n f64
 * @returns 0, or i + 1 when L[i][i] == 0
 * @example n = 1: A = a, L = √a, L̄ = g gives Ā = g/(2√a) (d√a/da = 1/(2√a)).
 */
export function choleskyBackwardF64(out: usize, l: usize, lbar: usize, n: i32, scratch: usize): i32 {
  // Φ(Lᵀ·L̄): (Lᵀ·L̄)_ij = Σ_k L_ki·L̄_kj, k ≥ max(i, j); kept for j ≤ i, the diagonal halved
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0.0;
      if (j <= i) {
        for (let k = i; k < n; k++) s += load<f64>(el(l, n, k, i)) * load<f64>(el(lbar, n, k, j));
        if (j == i) s *= 0.5;
      }
      store<f64>(el(scratch, n, i, j), s);
    }
  }
  // Y = L⁻ᵀ·Φ, then Sᵀ = L⁻ᵀ·Yᵀ (S = Y·L⁻¹); Ā = ½(Sᵀ + S)
  let bad = solveTriangularF64(scratch, l, scratch, n, n, 0, 1, 0);
  if (bad != 0) return bad;
  transposeTo(out, scratch, n);
  bad = solveTriangularF64(out, l, out, n, n, 0, 1, 0);
  if (bad != 0) return bad;
  symmetrize(out, out, n);
  return 0;
}

/**
 * Ā = −Xᵀ·X̄·Xᵀ for X = A⁻¹ (from dX = −X·dA·X).
 * @param out     Ā, (n, n) f64; may not alias the inputs
 * @param x       X = A⁻¹, (n, n)
 * @param xbar    X̄, (n, n)
 * @param scratch n·n f64
 * @example n = 1: X = 1/a, X̄ = g gives Ā = −g/a².
 */
export function inverseBackwardF64(out: usize, x: usize, xbar: usize, n: i32, scratch: usize): void {
  // scratch = X̄·Xᵀ, then out = −Xᵀ·scratch; every sum runs k = 0, 1, … in order
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0.0;
      for (let k = 0; k < n; k++) s += load<f64>(el(xbar, n, i, k)) * load<f64>(el(x, n, j, k));
      store<f64>(el(scratch, n, i, j), s);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0.0;
      for (let k = 0; k < n; k++) s += load<f64>(el(x, n, k, i)) * load<f64>(el(scratch, n, k, j));
      store<f64>(el(out, n, i, j), -s);
    }
  }
}
