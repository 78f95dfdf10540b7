// Thin singular value decomposition A = U·diag(S)·Vᵀ (f64, row-major) by one-sided Jacobi.
// see: Hestenes (1958); Demmel & Veselić, "Jacobi's method is more accurate than QR" (SIAM J. Matrix Anal.
// Appl. 13, 1992) for the rotation and the relative stopping rule.
//
// With k = min(m, n) and p = max(m, n), the work array W holds the k columns of A (or of Aᵀ when m < n) as
// k contiguous rows of length p, and Vt the k rows of the accumulated rotation. Sweeps of plane rotations
// make the rows of W mutually orthogonal; then σ_j = ‖w_j‖, one side's singular vectors are w_j / σ_j and
// the other side's are the rows of Vt.
import { axpyF64, dotF64, rotateRowsF64 } from "./rowops";

// @ts-ignore: decorator
@inline function el(p: usize, n: i32, i: i32, j: i32): usize { return p + ((<usize>i * <usize>n + <usize>j) << 3); }
// @ts-ignore: decorator
@inline function vec(p: usize, k: i32): usize { return p + (<usize>k << 3); }

const EPS: f64 = 2.220446049250313e-16; // 2^-52
const MAX_SWEEPS: i32 = 60;

// Element operations done by svdF64 so far (row dots, rotations, basis completion): tests compare it for n and
// 2n to check the O(k²·p) per sweep growth by counting, not timing. One add per row operation: free.
let work: f64 = 0;

/** Cumulative count of f64 row-element operations performed by svdF64 (a work counter for scaling tests). */
export function svdWorkCount(): f64 {
  return work;
}

/** Bytes of scratch svdF64 needs for an m×n matrix: W (k·p), Vt (k·k), σ (k), order (k), one row (p). */
export function svdScratchBytes(m: i32, n: i32): i32 {
  const k = min(m, n);
  const p = max(m, n);
  return (k * p + k * k + 2 * k + p) * 8;
}

/**
 * Thin SVD like torch.linalg.svd(A, full_matrices=False): U (m, k) with orthonormal columns, S (k)
 * descending, Vh = Vᵀ (k, n) with orthonormal rows, A = U·diag(S)·Vh.
 * Sign convention (as sklearn's svd_flip): in each column of U the component of largest magnitude (the
 * first one on ties) is positive; the matching row of Vh is flipped with it. Singular vectors of exactly
 * zero singular values are completed to an orthonormal set by Gram–Schmidt on the unit vectors.
 * @param u       (m, k) f64 output
 * @param s       (k) f64 output, descending, ≥ 0
 * @param vh      (k, n) f64 output
 * @param a       (m, n) f64, not modified
 * @param scratch svdScratchBytes(m, n) bytes
 * @returns 0, or 1 when the rows were not orthogonal after 60 sweeps (outputs still written)
 * @example A = [[3, 0], [4, 5]] gives S = [3√5, √5] ≈ [6.7082, 2.2361]; A = [[0, 0]] (1×2) gives
 *          S = [0], U = [[1]] and Vh = [[1, 0]] (the completed basis).
 */
export function svdF64(u: usize, s: usize, vh: usize, a: usize, m: i32, n: i32, scratch: usize): i32 {
  const tall = m >= n;
  const k = tall ? n : m;
  const p = tall ? m : n;
  const w = scratch;
  const vt = w + ((<usize>k * <usize>p) << 3);
  const sigma = vt + ((<usize>k * <usize>k) << 3);
  const order = sigma + (<usize>k << 3);
  const row = order + (<usize>k << 3);
  // W: the columns of A when tall, the rows of A when wide; Vt = I.
  if (tall) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) store<f64>(el(w, p, j, i), load<f64>(el(a, n, i, j)));
  } else {
    memory.copy(w, a, (<usize>m * <usize>n) << 3);
  }
  memory.fill(vt, 0, (<usize>k * <usize>k) << 3);
  for (let j = 0; j < k; j++) store<f64>(el(vt, k, j, j), 1.0);
  // Exact power-of-two scaling so that ‖w_j‖² neither overflows nor underflows.
  let amax = 0.0;
  for (let t = 0; t < k * p; t++) amax = Math.max(amax, Math.abs(load<f64>(vec(w, t))));
  const scale = powerOfTwoNear(amax);
  if (scale != 1.0) for (let t = 0; t < k * p; t++) store<f64>(vec(w, t), load<f64>(vec(w, t)) / scale);

  const info = orthogonalizeRows(w, vt, k, p);

  for (let j = 0; j < k; j++) store<f64>(vec(sigma, j), rowNorm(el(w, p, j, 0), p));
  // Order by σ descending (selection sort: the first of equal values stays first).
  for (let j = 0; j < k; j++) store<i32>(order + (<usize>j << 2), j);
  for (let r = 0; r < k; r++) {
    let best = r;
    for (let t = r + 1; t < k; t++) {
      if (load<f64>(vec(sigma, load<i32>(order + (<usize>t << 2)))) > load<f64>(vec(sigma, load<i32>(order + (<usize>best << 2))))) best = t;
    }
    const tmp = load<i32>(order + (<usize>r << 2));
    store<i32>(order + (<usize>r << 2), load<i32>(order + (<usize>best << 2)));
    store<i32>(order + (<usize>best << 2), tmp);
  }
  // Normalise the rows of W in σ order; complete the basis where σ = 0.
  for (let r = 0; r < k; r++) {
    const j = load<i32>(order + (<usize>r << 2));
    const wj = el(w, p, j, 0);
    const sj = load<f64>(vec(sigma, j));
    if (sj > 0) {
      for (let t = 0; t < p; t++) store<f64>(vec(wj, t), load<f64>(vec(wj, t)) / sj);
    } else {
      completeBasis(wj, w, order, r, p, row);
    }
  }
  // Write U, S, Vh with the sign convention (decided on the columns of U).
  for (let r = 0; r < k; r++) {
    const j = load<i32>(order + (<usize>r << 2));
    const wj = el(w, p, j, 0);
    const vj = el(vt, k, j, 0);
    const uSide = tall ? wj : vj;
    const uLen = tall ? p : k;
    let big = 0.0;
    let at = 0;
    for (let t = 0; t < uLen; t++) {
      const mag = Math.abs(load<f64>(vec(uSide, t)));
      if (mag > big) { big = mag; at = t; }
    }
    const sign = load<f64>(vec(uSide, at)) < 0 ? -1.0 : 1.0;
    store<f64>(vec(s, r), load<f64>(vec(sigma, j)) * scale);
    const vSide = tall ? vj : wj;
    for (let i = 0; i < m; i++) store<f64>(el(u, k, i, r), sign * load<f64>(vec(uSide, i)));
    for (let c = 0; c < n; c++) store<f64>(el(vh, n, r, c), sign * load<f64>(vec(vSide, c)));
  }
  return info;
}

/**
 * Rank-r truncation A_r = Σ_{t<r} σ_t·u_t·v_tᵀ (Eckart–Young: the best rank-r approximation in the Frobenius
 * and spectral norms) and its Frobenius error ‖A − A_r‖_F, from the output of svdF64. Each A_r[i][j] sums
 * t = 0..r−1 in order; the error sums row by row.
 * @param out (m, n) f64 output A_r
 * @param u, s, vh as written by svdF64 for the (m, n) matrix a; 0 ≤ r ≤ min(m, n)
 * @returns ‖A − A_r‖_F
 * @example for A = [[3, 0], [4, 5]], r = 1 gives ‖A − A_1‖_F = σ_2 = √5 (up to rounding).
 */
export function lowRankApproxF64(out: usize, u: usize, s: usize, vh: usize, a: usize, m: i32, n: i32, r: i32): f64 {
  const k = min(m, n);
  let sq = 0.0;
  for (let i = 0; i < m; i++) {
    const row = el(out, n, i, 0);
    memory.fill(row, 0, <usize>n << 3);
    for (let t = 0; t < r; t++) axpyF64(row, load<f64>(el(u, k, i, t)) * load<f64>(vec(s, t)), el(vh, n, t, 0), n);
    for (let j = 0; j < n; j++) {
      const d = load<f64>(el(a, n, i, j)) - load<f64>(vec(row, j));
      sq += d * d;
    }
  }
  return Math.sqrt(sq);
}

// Cyclic sweeps over the pairs (i < j): rotate when |w_i·w_j| > tol·‖w_i‖·‖w_j‖, tol = √p·eps (the dgesvj
// threshold), until a whole sweep rotates nothing. Returns 1 if MAX_SWEEPS were not enough.
function orthogonalizeRows(w: usize, vt: usize, k: i32, p: i32): i32 {
  const tol = Math.sqrt(<f64>p) * EPS;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let i = 0; i < k - 1; i++) {
      const wi = el(w, p, i, 0);
      for (let j = i + 1; j < k; j++) {
        const wj = el(w, p, j, 0);
        const alpha = dotF64(wi, wi, p);
        const beta = dotF64(wj, wj, p);
        const gamma = dotF64(wi, wj, p);
        work += <f64>(3 * p);
        if (alpha == 0 || beta == 0) continue;
        if (!(Math.abs(gamma) > tol * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
        // t = tan θ, the smaller root of t² + 2ζt − 1 = 0 with ζ = (β − α) / 2γ (no cancellation).
        const zeta = (beta - alpha) / (2.0 * gamma);
        const az = Math.abs(zeta);
        const t = (zeta >= 0 ? 1.0 : -1.0) / (az + (az > 1e150 ? az : Math.sqrt(1.0 + zeta * zeta)));
        const c = 1.0 / Math.sqrt(1.0 + t * t);
        const sn = c * t;
        rotateRowsF64(wi, wj, c, sn, p);
        rotateRowsF64(el(vt, k, i, 0), el(vt, k, j, 0), c, sn, k);
        work += <f64>(2 * p + 2 * k);
        rotated = true;
      }
    }
    if (!rotated) return 0;
  }
  return 1;
}

// ‖w‖₂ of a row of p f64 without underflow: a row far below the largest (‖w‖² < 2^-1022 after the global
// scaling, e.g. σ = 1e-300 beside σ = 1) is rescaled by a power of two first, so its σ keeps full precision.
function rowNorm(w: usize, p: i32): f64 {
  const sq = dotF64(w, w, p);
  if (sq > 1e-280) return Math.sqrt(sq);
  let amax = 0.0;
  for (let t = 0; t < p; t++) amax = Math.max(amax, Math.abs(load<f64>(vec(w, t))));
  if (amax == 0) return 0.0;
  const scale = powerOfTwoNear(amax);
  let acc = 0.0;
  for (let t = 0; t < p; t++) {
    const v = load<f64>(vec(w, t)) / scale;
    acc += v * v;
  }
  return Math.sqrt(acc) * scale;
}

// Power of two 2^e with 2^e ≤ x < 2^(e+1), or 1 when x is 0, subnormal or not finite (no scaling).
function powerOfTwoNear(x: f64): f64 {
  const biased = <i32>((reinterpret<u64>(x) >> 52) & 0x7ff);
  if (biased == 0 || biased == 0x7ff) return 1.0;
  return reinterpret<f64>(<u64>biased << 52);
}

// Replace the zero row `target` by the unit vector e_t with the largest residual, made orthogonal (Gram–Schmidt
// applied twice) to the rows order[0..r-1] already normalised. The residual of e_t is 1 − Σ_q w_q[t]², so t is
// found from the column sums of squares in O(r·p), and only that one vector is orthogonalised: O(r·p) per zero
// row, O(k²·p) for a zero matrix (trying every e_t made svd(zeros([n, n])) O(n⁴) and a zero [32768, 2] quadratic).
function completeBasis(target: usize, w: usize, order: usize, r: i32, p: i32, row: usize): void {
  work += <f64>(5 * r + 3) * <f64>p;
  memory.fill(row, 0, <usize>p << 3);
  for (let q = 0; q < r; q++) {
    const wq = el(w, p, load<i32>(order + (<usize>q << 2)), 0);
    for (let c = 0; c < p; c++) {
      const v = load<f64>(vec(wq, c));
      store<f64>(vec(row, c), load<f64>(vec(row, c)) + v * v);
    }
  }
  let t = 0;
  let least = Infinity;
  for (let c = 0; c < p; c++) {
    const sq = load<f64>(vec(row, c));
    if (sq < least) { least = sq; t = c; }
  }
  memory.fill(row, 0, <usize>p << 3);
  store<f64>(vec(row, t), 1.0);
  for (let pass = 0; pass < 2; pass++) {
    for (let q = 0; q < r; q++) {
      const wq = el(w, p, load<i32>(order + (<usize>q << 2)), 0);
      const proj = dotF64(wq, row, p);
      for (let c = 0; c < p; c++) store<f64>(vec(row, c), load<f64>(vec(row, c)) - proj * load<f64>(vec(wq, c)));
    }
  }
  const nrm = Math.sqrt(dotF64(row, row, p));
  for (let c = 0; c < p; c++) store<f64>(vec(target, c), load<f64>(vec(row, c)) / nrm);
}
