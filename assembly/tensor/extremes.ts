// Fixed-order max/min (and max |x|) for reduce.ts and norms.ts (internal: not re-exported to JS).
// The contiguous order is accumulate.ts's four lane partials combined as (p0 ⊕ p2) ⊕ (p1 ⊕ p3), then the tail;
// a strided column goes in index order. `simd`, `isMax` and `absFirst` are literals (see accumulate.ts).
import { elementAt } from "./accumulate";

// Extremes: max or min of x or |x|. Each step is a select, as WASM's pmax/pmin (one instruction on x86, where
// f32x4.max needs several): acc = acc < v ? v : acc (max), v < acc ? v : acc (min). NaNs are tracked apart and
// turn the result into the canonical NaN (torch propagates NaN). The order is the fixed lane order of the sums,
// so even the sign of a zero result (−0 vs +0 compare equal; the earlier one stays) is the same in both builds.
// @ts-ignore: decorator
@inline function pick<T>(acc: T, v: T, isMax: bool): T {
  return isMax ? (acc < v ? v : acc) : (v < acc ? v : acc);
}

// @ts-ignore: decorator
@inline function magnitude<T>(v: T, absFirst: bool): T {
  return absFirst ? abs<T>(v) : v;
}

// @ts-ignore: decorator
@inline function pick32x4(acc: v128, v: v128, isMax: bool): v128 {
  return isMax ? f32x4.pmax(acc, v) : f32x4.pmin(acc, v);
}

// @ts-ignore: decorator
@inline function pick64x2(acc: v128, v: v128, isMax: bool): v128 {
  return isMax ? f64x2.pmax(acc, v) : f64x2.pmin(acc, v);
}

// The starting value: −∞ for max, +∞ for min, 0 for max |x| (so an empty L∞ norm is 0).
// @ts-ignore: decorator
@inline export function extremumStart<T>(isMax: bool, absFirst: bool): T {
  return absFirst ? <T>0 : (isMax ? <T>-Infinity : <T>Infinity);
}

/** max (isMax) or min of x[i] (or |x[i]| when absFirst) over x[0..n); the canonical NaN if any is NaN. */
// @ts-ignore: decorator
@inline export function extremumContiguous<T>(x: usize, n: i32, isMax: bool, absFirst: bool, simd: bool): T {
  const n4 = n & ~3;
  const start = extremumStart<T>(isMax, absFirst);
  let s: T;
  let sawNaN = false;
  if (ASC_FEATURE_SIMD && simd) {
    if (sizeof<T>() == 4) {
      let acc = f32x4.splat(<f32>start);
      let nan = i32x4.splat(0);
      for (let i = 0; i < n4; i += 4) {
        let v = v128.load(x + (<usize>i << 2));
        if (absFirst) v = f32x4.abs(v);
        nan = v128.or(nan, f32x4.ne(v, v));
        acc = pick32x4(acc, v, isMax);
      }
      const t = pick32x4(acc, v128.shuffle<f32>(acc, acc, 2, 3, 2, 3), isMax); // (p0 ⊕ p2, p1 ⊕ p3)
      s = <T>pick<f32>(f32x4.extract_lane(t, 0), f32x4.extract_lane(t, 1), isMax);
      sawNaN = v128.any_true(nan);
    } else {
      let p01 = f64x2.splat(<f64>start);
      let p23 = f64x2.splat(<f64>start);
      let nan = i32x4.splat(0);
      for (let i = 0; i < n4; i += 4) {
        const p = x + (<usize>i << 3);
        let lo = v128.load(p);
        let hi = v128.load(p + 16);
        if (absFirst) { lo = f64x2.abs(lo); hi = f64x2.abs(hi); }
        nan = v128.or(nan, v128.or(f64x2.ne(lo, lo), f64x2.ne(hi, hi)));
        p01 = pick64x2(p01, lo, isMax);
        p23 = pick64x2(p23, hi, isMax);
      }
      const t = pick64x2(p01, p23, isMax);
      s = <T>pick<f64>(f64x2.extract_lane(t, 0), f64x2.extract_lane(t, 1), isMax);
      sawNaN = v128.any_true(nan);
    }
  } else {
    let p0 = start, p1 = start, p2 = start, p3 = start;
    for (let i = 0; i < n4; i += 4) {
      const p = x + (<usize>i << alignof<T>());
      const v0 = magnitude<T>(load<T>(p), absFirst);
      const v1 = magnitude<T>(load<T>(p + sizeof<T>()), absFirst);
      const v2 = magnitude<T>(load<T>(p + 2 * sizeof<T>()), absFirst);
      const v3 = magnitude<T>(load<T>(p + 3 * sizeof<T>()), absFirst);
      sawNaN = sawNaN || v0 != v0 || v1 != v1 || v2 != v2 || v3 != v3;
      p0 = pick<T>(p0, v0, isMax);
      p1 = pick<T>(p1, v1, isMax);
      p2 = pick<T>(p2, v2, isMax);
      p3 = pick<T>(p3, v3, isMax);
    }
    s = pick<T>(pick<T>(p0, p2, isMax), pick<T>(p1, p3, isMax), isMax);
  }
  for (let i = n4; i < n; i++) {
    const v = magnitude<T>(load<T>(x + (<usize>i << alignof<T>())), absFirst);
    sawNaN = sawNaN || v != v;
    s = pick<T>(s, v, isMax);
  }
  return sawNaN ? <T>NaN : s;
}

/** Extreme of column x[k·stride], k = 0 … count−1, in index order; the canonical NaN if any is NaN. */
// @ts-ignore: decorator
@inline export function extremumColumn<T>(x: usize, count: i32, stride: i32, isMax: bool, absFirst: bool): T {
  let s = extremumStart<T>(isMax, absFirst);
  let sawNaN = false;
  for (let k = 0; k < count; k++) {
    const v = magnitude<T>(load<T>(x + (<usize>(k * stride) << alignof<T>())), absFirst);
    sawNaN = sawNaN || v != v;
    s = pick<T>(s, v, isMax);
  }
  return sawNaN ? <T>NaN : s;
}

/**
 * Extremes of the four adjacent columns at x (like extremumColumn each), stored as T into out[0..3].
 * SIMD only: callers reach it inside `if (ASC_FEATURE_SIMD && simd)`.
 */
// @ts-ignore: decorator
@inline export function extremumColumns4<T>(out: usize, x: usize, count: i32, stride: i32, isMax: bool, absFirst: bool): void {
  const rowBytes = <usize>stride << alignof<T>();
  const start = extremumStart<T>(isMax, absFirst);
  let p = x;
  if (sizeof<T>() == 4) {
    let acc = f32x4.splat(<f32>start);
    let nan = i32x4.splat(0);
    for (let k = 0; k < count; k++) {
      let v = v128.load(p);
      if (absFirst) v = f32x4.abs(v);
      nan = v128.or(nan, f32x4.ne(v, v));
      acc = pick32x4(acc, v, isMax);
      p += rowBytes;
    }
    v128.store(out, v128.bitselect(f32x4.splat(NaN), acc, nan));
  } else {
    let s01 = f64x2.splat(<f64>start);
    let s23 = f64x2.splat(<f64>start);
    let nan01 = i32x4.splat(0);
    let nan23 = i32x4.splat(0);
    for (let k = 0; k < count; k++) {
      let lo = v128.load(p);
      let hi = v128.load(p + 16);
      if (absFirst) { lo = f64x2.abs(lo); hi = f64x2.abs(hi); }
      nan01 = v128.or(nan01, f64x2.ne(lo, lo));
      nan23 = v128.or(nan23, f64x2.ne(hi, hi));
      s01 = pick64x2(s01, lo, isMax);
      s23 = pick64x2(s23, hi, isMax);
      p += rowBytes;
    }
    v128.store(out, v128.bitselect(f64x2.splat(NaN), s01, nan01));
    v128.store(out, v128.bitselect(f64x2.splat(NaN), s23, nan23), 16);
  }
}

// ---- Driver over x: (outer, axis, inner) → out: (outer, inner) -------------------------------------------

/** out[o, j] = max or min over k of x[o, k, j] (or of |x| when absFirst); the canonical NaN if any is NaN. */
// @ts-ignore: decorator
@inline export function reduceExtremes<T>(
  out: usize, x: usize, outer: i32, axis: i32, inner: i32, isMax: bool, absFirst: bool, simd: bool,
): void {
  for (let o = 0; o < outer; o++) {
    const xo = elementAt<T>(x, o * axis * inner);
    const oo = elementAt<T>(out, o * inner);
    if (inner == 1) {
      store<T>(oo, extremumContiguous<T>(xo, axis, isMax, absFirst, simd));
      continue;
    }
    let j = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; j + 4 <= inner; j += 4) {
        extremumColumns4<T>(elementAt<T>(oo, j), elementAt<T>(xo, j), axis, inner, isMax, absFirst);
      }
    }
    for (; j < inner; j++) {
      store<T>(elementAt<T>(oo, j), extremumColumn<T>(elementAt<T>(xo, j), axis, inner, isMax, absFirst));
    }
  }
}
