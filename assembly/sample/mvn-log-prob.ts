// The multivariate normal's log-density with the factor's work done once per distribution:
//   log N(x; μ, L·Lᵀ) = −½‖M·(x − μ)‖² + c,   M = L⁻¹ (lower triangular),   c = −Σ_i log L_ii − (d/2)·log 2π.
// mvnLogProbConstantsF64 computes c and M per batch element (the SDK caches them); a row then costs d
// subtractions and d(d+1)/2 multiply-adds with no division and no log, and the d dot products M_i·(x − μ) are
// independent (forward substitution chains d divisions). The SIMD path runs rows r and r + 1 in the two f64x2
// lanes (and, when b == 1, rows r + 2 and r + 3 in a second f64x2 that shares each load of M); each lane does the scalar path's operations in the same order (WASM has no fused multiply-add, so
// f64x2.mul then f64x2.add rounds exactly like scalar * then +): both builds give the same bits.
// M is packed by rows: row i holds M_i0 … M_ii at offset i(i+1)/2, d(d+1)/2 entries per batch element.

import { halfLogDet } from "./multivariate-normal";

// @ts-ignore: decorator
@inline const LOG_2PI: f64 = 1.8378770664093453;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline function packed(d: i32): i32 { return d * (d + 1) >> 1; }

/**
 * Per batch element: c = −Σ_i log L_ii − (d/2)·log 2π and M = L⁻¹, packed lower triangular.
 * c: b f64; inv: (b, d(d+1)/2) f64; scaleTril: (b, d, d) f64 with a positive diagonal (above it: not read).
 * M column by column by forward substitution against e_k, dividing by L_ii (not multiplying by 1/L_ii).
 * @example d = 2, L = [[2, 0], [1, 4]]: M = [0.5; −0.125, 0.25] packed as (0.5, −0.125, 0.25), c = −log 8 − log 2π.
 */
export function mvnLogProbConstantsF64(c: usize, inv: usize, scaleTril: usize, b: i32, d: i32): void {
  const p = packed(d);
  for (let r = 0; r < b; r++) {
    const l = scaleTril + ((<usize>r * <usize>(d * d)) << 3);
    const m = inv + ((<usize>r * <usize>p) << 3);
    put(c, r, -halfLogDet(l, d) - 0.5 * <f64>d * LOG_2PI);
    for (let k = 0; k < d; k++) {
      put(m, packed(k) + k, 1.0 / at(l, k * d + k));
      for (let i = k + 1; i < d; i++) {
        let s = 0.0;
        for (let j = k; j < i; j++) s += at(l, i * d + j) * at(m, packed(j) + k);
        put(m, packed(i) + k, -s / at(l, i * d + i));
      }
    }
  }
}

// A row whose result is not finite: NaN if a component of x − μ is NaN (the first one), −∞ if one is infinite
// (x infinitely far from μ, where M·(x − μ) would give ∞ − ∞ = NaN), else v (finite x − μ overflowing).
function nonFiniteRow<T>(xr: usize, mu: usize, d: i32, v: f64): f64 {
  let infinite = false;
  for (let i = 0; i < d; i++) {
    const e = <f64>load<T>(xr + (<usize>i << alignof<T>())) - at(mu, i);
    if (isNaN(e)) return e;
    if (!isFinite(e)) infinite = true;
  }
  return infinite ? -Infinity : v;
}

// log p of one row: y = x − μ into scratch (d f64), then −½·Σ_i (Σ_{j≤i} M_ij·y_j)² + c, sums in index order.
// @ts-ignore: decorator
@inline function rowLogProb<T>(xr: usize, mu: usize, m: usize, c: f64, d: i32, y: usize): f64 {
  for (let j = 0; j < d; j++) put(y, j, <f64>load<T>(xr + (<usize>j << alignof<T>())) - at(mu, j));
  let q = 0.0;
  let k = 0;
  for (let i = 0; i < d; i++) {
    let s = at(m, k++) * at(y, 0);
    for (let j = 1; j <= i; j++) s += at(m, k++) * at(y, j);
    q += s * s;
  }
  const v = -0.5 * q + c;
  return isFinite(v) ? v : nonFiniteRow<T>(xr, mu, d, v);
}

// @ts-ignore: decorator
@inline function storeOut<T>(out: usize, r: i32, v: f64): void {
  store<T>(out + (<usize>r << alignof<T>()), <T>v);
}

// The scalar path: row r uses batch element r mod b.
// @ts-ignore: decorator
@inline function logProbRef<T>(out: usize, x: usize, loc: usize, inv: usize, c: usize, n: i32, b: i32, d: i32, scratch: usize): void {
  const p = packed(d);
  for (let r = 0, j = 0; r < n; r++) {
    const xr = x + ((<usize>r * <usize>d) << alignof<T>());
    const mu = loc + ((<usize>j * <usize>d) << 3);
    const m = inv + ((<usize>j * <usize>p) << 3);
    storeOut<T>(out, r, rowLogProb<T>(xr, mu, m, at(c, j), d, scratch));
    if (++j == b) j = 0;
  }
}

// Lanes (a, b) of an f64x2 from two addresses; one splat when they are the same (b == 1).
// @ts-ignore: decorator
@inline function pairF64(p0: usize, p1: usize, shared: bool): v128 {
  return shared ? v128.load64_splat(p0) : v128.load64_lane(p1, v128.load64_zero(p0), 1);
}

// Lanes (x0[j] − μ, x1[j] − μ) with x promoted exactly; o = j's byte offset in a row, mu the lanes' μ_j.
// @ts-ignore: decorator
@inline function centredPair<T>(x0: usize, x1: usize, o: usize, mu: v128): v128 {
  const xv = sizeof<T>() == 4
    ? f64x2.promote_low_f32x4(v128.load32_lane(x1 + o, v128.load32_zero(x0 + o), 1))
    : v128.load64_lane(x1 + o, v128.load64_zero(x0 + o), 1);
  return f64x2.sub(xv, mu);
}

// Rows r (lane 0) and r + 1 (lane 1) with batch elements j0 and j1; mu0/mu1, m0/m1 their loc rows and packed M;
// y: scratch of d f64x2. Writes both results. `shared` (b == 1) is a constant at each call site; b == 1 takes
// quadLogProb first and this for the last pair.
// @ts-ignore: decorator
@inline function pairLogProb<T>(out: usize, r: i32, x0: usize, x1: usize, mu0: usize, mu1: usize, m0: usize, m1: usize,
  c0: f64, c1: f64, d: i32, y: usize, shared: bool): void {
  for (let j = 0; j < d; j++) {
    const mo = <usize>j << 3;
    v128.store(y + (<usize>j << 4), centredPair<T>(x0, x1, <usize>j << alignof<T>(), pairF64(mu0 + mo, mu1 + mo, shared)));
  }
  let q = f64x2.splat(0);
  let k: usize = 0;
  for (let i = 0; i < d; i++) {
    let s = f64x2.mul(pairF64(m0 + k, m1 + k, shared), v128.load(y));
    k += 8;
    for (let j = 1; j <= i; j++) {
      s = f64x2.add(s, f64x2.mul(pairF64(m0 + k, m1 + k, shared), v128.load(y + (<usize>j << 4))));
      k += 8;
    }
    q = f64x2.add(q, f64x2.mul(s, s));
  }
  const cv = shared ? f64x2.splat(c0) : f64x2.replace_lane(f64x2.splat(c0), 1, c1);
  const v = f64x2.add(f64x2.mul(f64x2.splat(-0.5), q), cv);
  const v0 = f64x2.extract_lane(v, 0);
  const v1 = f64x2.extract_lane(v, 1);
  storeOut<T>(out, r, isFinite(v0) ? v0 : nonFiniteRow<T>(x0, mu0, d, v0));
  storeOut<T>(out, r + 1, isFinite(v1) ? v1 : nonFiniteRow<T>(x1, mu1, d, v1));
}

// Rows r … r + 3 of one batch element (b == 1) as two f64x2 (rows r, r + 1 and r + 2, r + 3), so that each
// entry of M is loaded once for four rows; per lane the same operations as rowLogProb. y: scratch of 2d f64x2.
// @ts-ignore: decorator
@inline function quadLogProb<T>(out: usize, r: i32, x0: usize, rowBytes: usize, mu: usize, m: usize, c: f64, d: i32, y: usize): void {
  for (let j = 0; j < d; j++) {
    const o = <usize>j << alignof<T>();
    const muv = v128.load64_splat(mu + (<usize>j << 3));
    v128.store(y + (<usize>j << 5), centredPair<T>(x0, x0 + rowBytes, o, muv));
    v128.store(y + (<usize>j << 5) + 16, centredPair<T>(x0 + 2 * rowBytes, x0 + 3 * rowBytes, o, muv));
  }
  let qa = f64x2.splat(0);
  let qb = f64x2.splat(0);
  let k = m;
  for (let i = 0; i < d; i++) {
    let mk = v128.load64_splat(k);
    let sa = f64x2.mul(mk, v128.load(y));
    let sb = f64x2.mul(mk, v128.load(y + 16));
    k += 8;
    for (let j = 1; j <= i; j++) {
      mk = v128.load64_splat(k);
      const yj = y + (<usize>j << 5);
      sa = f64x2.add(sa, f64x2.mul(mk, v128.load(yj)));
      sb = f64x2.add(sb, f64x2.mul(mk, v128.load(yj + 16)));
      k += 8;
    }
    qa = f64x2.add(qa, f64x2.mul(sa, sa));
    qb = f64x2.add(qb, f64x2.mul(sb, sb));
  }
  const half = f64x2.splat(-0.5);
  const cv = f64x2.splat(c);
  const va = f64x2.add(f64x2.mul(half, qa), cv);
  const vb = f64x2.add(f64x2.mul(half, qb), cv);
  const v0 = f64x2.extract_lane(va, 0), v1 = f64x2.extract_lane(va, 1);
  const v2 = f64x2.extract_lane(vb, 0), v3 = f64x2.extract_lane(vb, 1);
  storeOut<T>(out, r, isFinite(v0) ? v0 : nonFiniteRow<T>(x0, mu, d, v0));
  storeOut<T>(out, r + 1, isFinite(v1) ? v1 : nonFiniteRow<T>(x0 + rowBytes, mu, d, v1));
  storeOut<T>(out, r + 2, isFinite(v2) ? v2 : nonFiniteRow<T>(x0 + 2 * rowBytes, mu, d, v2));
  storeOut<T>(out, r + 3, isFinite(v3) ? v3 : nonFiniteRow<T>(x0 + 3 * rowBytes, mu, d, v3));
}

// @ts-ignore: decorator
@inline function logProb<T>(out: usize, x: usize, loc: usize, inv: usize, c: usize, n: i32, b: i32, d: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) {
    const p = packed(d);
    const rowBytes = <usize>d << alignof<T>();
    let r = 0;
    if (b == 1) {
      const c0 = at(c, 0);
      for (; r + 4 <= n; r += 4) quadLogProb<T>(out, r, x + <usize>r * rowBytes, rowBytes, loc, inv, c0, d, scratch);
      for (; r + 2 <= n; r += 2) {
        const x0 = x + <usize>r * rowBytes;
        pairLogProb<T>(out, r, x0, x0 + rowBytes, loc, loc, inv, inv, c0, c0, d, scratch, true);
      }
    } else {
      // rows r, r + 1 use batch elements j0 = r mod b and j1 = (r + 1) mod b (b ≥ 2, so j0 ≠ j1)
      for (let j0 = 0; r + 2 <= n; r += 2) {
        const j1 = j0 + 1 == b ? 0 : j0 + 1;
        const x0 = x + <usize>r * rowBytes;
        pairLogProb<T>(out, r, x0, x0 + rowBytes,
          loc + ((<usize>j0 * <usize>d) << 3), loc + ((<usize>j1 * <usize>d) << 3),
          inv + ((<usize>j0 * <usize>p) << 3), inv + ((<usize>j1 * <usize>p) << 3), at(c, j0), at(c, j1), d, scratch, false);
        j0 += 2;
        if (j0 >= b) j0 -= b;
      }
    }
    if (r < n) {
      const j = r % b;
      storeOut<T>(out, r, rowLogProb<T>(x + <usize>r * rowBytes, loc + ((<usize>j * <usize>d) << 3),
        inv + ((<usize>j * <usize>p) << 3), at(c, j), d, scratch));
    }
  } else {
    logProbRef<T>(out, x, loc, inv, c, n, b, d, scratch);
  }
}

/**
 * log N(x; μ, L·Lᵀ) per row in the SDK's elementwise convention, from mvnLogProbConstantsF64's c and M.
 * out: n f64; x: (n, d) f64; loc: (b, d); inv: (b, d(d+1)/2) packed M = L⁻¹; c: b; row i uses batch element
 * i mod b; scratch: 4d f64 (16-byte aligned). −∞ for a row with an infinite component, NaN for one with a NaN.
 * @example d = 1, L = 2, μ = 0: x = 2 gives −½ − log 2 − ½ log 2π; x = ∞ gives −∞.
 */
export function mvnLogProbF64(out: usize, x: usize, loc: usize, inv: usize, c: usize, n: i32, b: i32, d: i32, scratch: usize): void {
  logProb<f64>(out, x, loc, inv, c, n, b, d, scratch);
}

/** As mvnLogProbF64 with x and out f32 (x promoted exactly, computed in f64, rounded once). */
export function mvnLogProbF32(out: usize, x: usize, loc: usize, inv: usize, c: usize, n: i32, b: i32, d: i32, scratch: usize): void {
  logProb<f32>(out, x, loc, inv, c, n, b, d, scratch);
}

/** Scalar sibling of mvnLogProbF64 (and the scalar build's path): the same bits. */
export function mvnLogProbF64Ref(out: usize, x: usize, loc: usize, inv: usize, c: usize, n: i32, b: i32, d: i32, scratch: usize): void {
  logProbRef<f64>(out, x, loc, inv, c, n, b, d, scratch);
}

/** Scalar sibling of mvnLogProbF32 (and the scalar build's path): the same bits. */
export function mvnLogProbF32Ref(out: usize, x: usize, loc: usize, inv: usize, c: usize, n: i32, b: i32, d: i32, scratch: usize): void {
  logProbRef<f32>(out, x, loc, inv, c, n, b, d, scratch);
}
