// Symmetric eigendecomposition A = Q·Λ·Qᵀ (f64, row-major): Householder tridiagonalisation (tred2) then
// the implicit QL algorithm with Wilkinson-type shifts (tql2).
// see: Bowdler, Martin, Reinsch & Wilkinson, Handbook for Automatic Computation II (1971), as EISPACK
// tred2/tql2, following the public-domain JAMA EigenvalueDecomposition (NIST/MathWorks, 1998).
//
// JAMA keeps the eigenvectors in the columns of V; here the work array is Z = Vᵀ (it lives in the
// `vectors` output), so the inner loops — the Householder updates and every QL rotation — run along
// contiguous rows. Z is transposed in place at the end.
import { axpyF64, dotF64, rank2UpdateF64, rotateRowsF64 } from "./rowops";

// @ts-ignore: decorator
@inline function el(p: usize, n: i32, i: i32, j: i32): usize { return p + ((<usize>i * <usize>n + <usize>j) << 3); }
// @ts-ignore: decorator
@inline function vec(p: usize, k: i32): usize { return p + (<usize>k << 3); }

/** Bytes of scratch eighF64 needs: the n off-diagonal entries of the tridiagonal matrix. */
export function eighScratchBytes(n: i32): i32 {
  return (n * 8 + 15) & ~15;
}

/**
 * Eigenvalues ascending (like torch.linalg.eigh) and orthonormal eigenvectors in the columns of `vectors`:
 * A·vectors[:, j] = values[j]·vectors[:, j]. Reads only the lower triangle of A (torch's UPLO="L").
 * Sign convention: in each eigenvector the component of largest magnitude (the first one on ties) is
 * positive, so the output is a function of A alone.
 * @param values  (n) f64 output λ, ascending
 * @param vectors (n, n) f64 output Q, eigenvectors in columns; may equal a
 * @param a       (n, n) f64 symmetric
 * @param scratch eighScratchBytes(n) bytes
 * @returns 0, or l + 1 when the QL iteration for eigenvalue l did not converge in 60 sweeps
 * @example A = [[2, 1], [1, 2]] gives values [1, 3] and vectors [[s, s], [−s, s]] with s = 1/√2: the
 *          columns are [s, −s] and [s, s]; where components tie in magnitude the first one is made
 *          positive (ties are decided on the computed bits, so the choice is still reproducible).
 */
export function eighF64(values: usize, vectors: usize, a: usize, n: i32, scratch: usize): i32 {
  const z = vectors;
  const d = values;
  const e = scratch;
  // Z = A, symmetrised from the lower triangle (row order so that z may equal a).
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = load<f64>(el(a, n, i, j));
      store<f64>(el(z, n, i, j), v);
      store<f64>(el(z, n, j, i), v);
    }
  }
  tridiagonalize(d, e, z, n);
  const info = implicitQL(d, e, z, n);
  // Sign convention, on the rows of Z (the eigenvectors), then Z → Zᵀ.
  for (let j = 0; j < n; j++) {
    let big = 0.0;
    let at = 0;
    for (let k = 0; k < n; k++) {
      const m = Math.abs(load<f64>(el(z, n, j, k)));
      if (m > big) { big = m; at = k; }
    }
    if (load<f64>(el(z, n, j, at)) < 0) {
      for (let k = 0; k < n; k++) store<f64>(el(z, n, j, k), -load<f64>(el(z, n, j, k)));
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = load<f64>(el(z, n, i, j));
      store<f64>(el(z, n, i, j), load<f64>(el(z, n, j, i)));
      store<f64>(el(z, n, j, i), t);
    }
  }
  return info;
}

// tred2 on Z = Vᵀ: Householder reduction to tridiagonal form (d diagonal, e[1..n-1] sub-diagonal) and
// accumulation of the orthogonal transformation in Z. JAMA's V[r][c] is Z[c][r] throughout.
function tridiagonalize(d: usize, e: usize, z: usize, n: i32): void {
  for (let j = 0; j < n; j++) store<f64>(vec(d, j), load<f64>(el(z, n, j, n - 1)));
  for (let i = n - 1; i > 0; i--) {
    let scale = 0.0;
    for (let k = 0; k < i; k++) scale += Math.abs(load<f64>(vec(d, k)));
    let h = 0.0;
    if (scale == 0.0) {
      store<f64>(vec(e, i), load<f64>(vec(d, i - 1)));
      for (let j = 0; j < i; j++) {
        store<f64>(vec(d, j), load<f64>(el(z, n, j, i - 1)));
        store<f64>(el(z, n, j, i), 0.0);
        store<f64>(el(z, n, i, j), 0.0);
      }
    } else {
      // Householder vector u = d (scaled against under/overflow), h = ‖u‖²/2-ish as in tred2.
      for (let k = 0; k < i; k++) store<f64>(vec(d, k), load<f64>(vec(d, k)) / scale);
      h = dotF64(d, d, i);
      let f = load<f64>(vec(d, i - 1));
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      store<f64>(vec(e, i), scale * g);
      h = h - f * g;
      store<f64>(vec(d, i - 1), f - g);
      for (let j = 0; j < i; j++) store<f64>(vec(e, j), 0.0);
      // e = A·u over the leading i×i block (lower triangle of V ↔ rows of Z).
      for (let j = 0; j < i; j++) {
        f = load<f64>(vec(d, j));
        store<f64>(el(z, n, i, j), f);
        const zj = el(z, n, j, 0);
        g = load<f64>(vec(e, j)) + load<f64>(vec(zj, j)) * f;
        g += dotF64(vec(zj, j + 1), vec(d, j + 1), i - 1 - j);
        axpyF64(vec(e, j + 1), f, vec(zj, j + 1), i - 1 - j);
        store<f64>(vec(e, j), g);
      }
      for (let j = 0; j < i; j++) store<f64>(vec(e, j), load<f64>(vec(e, j)) / h);
      f = dotF64(e, d, i);
      const hh = f / (h + h);
      axpyF64(e, -hh, d, i);
      for (let j = 0; j < i; j++) {
        f = load<f64>(vec(d, j));
        g = load<f64>(vec(e, j));
        rank2UpdateF64(el(z, n, j, j), f, vec(e, j), g, vec(d, j), i - j);
        store<f64>(vec(d, j), load<f64>(el(z, n, j, i - 1)));
        store<f64>(el(z, n, j, i), 0.0);
      }
    }
    store<f64>(vec(d, i), h);
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    store<f64>(el(z, n, i, n - 1), load<f64>(el(z, n, i, i)));
    store<f64>(el(z, n, i, i), 1.0);
    const h = load<f64>(vec(d, i + 1));
    const zi1 = el(z, n, i + 1, 0);
    if (h != 0.0) {
      for (let k = 0; k <= i; k++) store<f64>(vec(d, k), load<f64>(vec(zi1, k)) / h);
      for (let j = 0; j <= i; j++) {
        const g = dotF64(zi1, el(z, n, j, 0), i + 1);
        axpyF64(el(z, n, j, 0), -g, d, i + 1);
      }
    }
    for (let k = 0; k <= i; k++) store<f64>(vec(zi1, k), 0.0);
  }
  for (let j = 0; j < n; j++) {
    store<f64>(vec(d, j), load<f64>(el(z, n, j, n - 1)));
    store<f64>(el(z, n, j, n - 1), 0.0);
  }
  if (n > 0) {
    store<f64>(el(z, n, n - 1, n - 1), 1.0);
    store<f64>(e, 0.0);
  }
}

// tql2: implicit QL on the tridiagonal (d, e) with the rotations applied to the rows of Z, then the
// eigenvalues sorted ascending (selection sort: the first of equal values stays first).
function implicitQL(d: usize, e: usize, z: usize, n: i32): i32 {
  for (let i = 1; i < n; i++) store<f64>(vec(e, i - 1), load<f64>(vec(e, i)));
  if (n > 0) store<f64>(vec(e, n - 1), 0.0);
  let info = 0;
  let f = 0.0;
  let tst1 = 0.0;
  const eps = 2.220446049250313e-16; // 2^-52
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(load<f64>(vec(d, l))) + Math.abs(load<f64>(vec(e, l))));
    let m = l;
    while (m < n - 1 && !(Math.abs(load<f64>(vec(e, m))) <= eps * tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) { if (info == 0) info = l + 1; break; }
        // Implicit shift from the leading 2×2 block.
        let g = load<f64>(vec(d, l));
        const el0 = load<f64>(vec(e, l));
        let p = (load<f64>(vec(d, l + 1)) - g) / (2.0 * el0);
        let r = Math.hypot(p, 1.0);
        if (p < 0) r = -r;
        store<f64>(vec(d, l), el0 / (p + r));
        store<f64>(vec(d, l + 1), el0 * (p + r));
        const dl1 = load<f64>(vec(d, l + 1));
        let h = g - load<f64>(vec(d, l));
        for (let i = l + 2; i < n; i++) store<f64>(vec(d, i), load<f64>(vec(d, i)) - h);
        f = f + h;
        // Implicit QL transformation.
        p = load<f64>(vec(d, m));
        let c = 1.0, c2 = 1.0, c3 = 1.0;
        const el1 = load<f64>(vec(e, l + 1));
        let s = 0.0, s2 = 0.0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const ei = load<f64>(vec(e, i));
          const di = load<f64>(vec(d, i));
          g = c * ei;
          h = c * p;
          r = Math.hypot(p, ei);
          store<f64>(vec(e, i + 1), s * r);
          s = ei / r;
          c = p / r;
          p = c * di - s * g;
          store<f64>(vec(d, i + 1), h + s * (c * g + s * di));
          rotateRowsF64(el(z, n, i, 0), el(z, n, i + 1, 0), c, s, n);
        }
        p = -s * s2 * c3 * el1 * load<f64>(vec(e, l)) / dl1;
        store<f64>(vec(e, l), s * p);
        store<f64>(vec(d, l), c * p);
      } while (Math.abs(load<f64>(vec(e, l))) > eps * tst1);
    }
    store<f64>(vec(d, l), load<f64>(vec(d, l)) + f);
    store<f64>(vec(e, l), 0.0);
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = load<f64>(vec(d, i));
    for (let j = i + 1; j < n; j++) {
      const dj = load<f64>(vec(d, j));
      if (dj < p) { k = j; p = dj; }
    }
    if (k != i) {
      store<f64>(vec(d, k), load<f64>(vec(d, i)));
      store<f64>(vec(d, i), p);
      for (let j = 0; j < n; j++) {
        const t = load<f64>(el(z, n, i, j));
        store<f64>(el(z, n, i, j), load<f64>(el(z, n, k, j)));
        store<f64>(el(z, n, k, j), t);
      }
    }
  }
  return info;
}
