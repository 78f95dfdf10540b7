// Fixed-order f64 accumulation shared by reduce.ts and norms.ts (internal: not re-exported to JS).
//
// Contiguous order — the same in the SIMD and the scalar build: over x[0..n), lane partial j (j = 0..3) adds
// term(x[i]) for i ≡ j (mod 4), i < n − n mod 4, starting from +0; the partials are combined as
// (p0 + p2) + (p1 + p3); then the tail x[n − n mod 4], … is added in index order. SIMD holds (p0, p1) and
// (p2, p3) in two f64x2 registers, the plain path four f64 locals: the same IEEE operations, the same bits.
// Strided order (a column of a row-major block): index order k = 0, 1, … from +0, one column per lane.
// f32 inputs are widened to f64 first (exactly), so a sum of f32 data gathers ~1e-16 relative error per add
// instead of ~6e-8, and squares of f32 cannot overflow.
// The `simd` and `term` arguments are always literals: these functions are @inline, so AssemblyScript folds
// `ASC_FEATURE_SIMD && simd` at compile time and the …Ref kernels get the plain path in every build.

// What is summed: x, |x|, x², (x − shift)², or a·b (dot only).
// @ts-ignore: decorator
@inline export const TERM_VALUE: i32 = 0;
// @ts-ignore: decorator
@inline export const TERM_ABS: i32 = 1;
// @ts-ignore: decorator
@inline export const TERM_SQUARE: i32 = 2;
// @ts-ignore: decorator
@inline export const TERM_CENTRED_SQUARE: i32 = 3;

// NaN bits: WASM lets a NaN produced by arithmetic carry either sign (V8 on x86 gives 0xFFC00000 from scalar
// f32 ops and 0x7FC00000 from f32x4 ops), so every NaN written to an output is made the canonical quiet NaN
// (0x7FC00000 / 0x7FF8000000000000): same bits in both builds and on every CPU.
// @ts-ignore: decorator
@inline export function canonical<T>(x: T): T {
  return x != x ? <T>NaN : x;
}

/** canonical, lane by lane (f32x4 when T is f32, f64x2 when T is f64). */
// @ts-ignore: decorator
@inline export function canonicalV<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return v128.bitselect(f32x4.splat(NaN), v, f32x4.ne(v, v));
  return v128.bitselect(f64x2.splat(NaN), v, f64x2.ne(v, v));
}

// Scratch for sumColumns4 (four f64 column sums) and argmax lane merging: static data, so kernels never allocate.
export const COLUMN_SUMS: usize = memory.data(32, 16);

// @ts-ignore: decorator
@inline function term64(v: f64, term: i32, shift: f64): f64 {
  if (term == TERM_ABS) return abs<f64>(v);
  if (term == TERM_SQUARE) return v * v;
  if (term == TERM_CENTRED_SQUARE) return (v - shift) * (v - shift);
  return v;
}

// @ts-ignore: decorator
@inline function term64x2(v: v128, term: i32, shift: v128): v128 {
  if (term == TERM_ABS) return f64x2.abs(v);
  if (term == TERM_SQUARE) return f64x2.mul(v, v);
  if (term == TERM_CENTRED_SQUARE) return f64x2.mul(f64x2.sub(v, shift), f64x2.sub(v, shift));
  return v;
}

/** x[i] widened to f64. */
// @ts-ignore: decorator
@inline export function at64<T>(x: usize, i: i32): f64 {
  return <f64>load<T>(x + (<usize>i << alignof<T>()));
}

// Elements p[0], p[1] as an f64x2 (p points at f32 or f64 data).
// @ts-ignore: decorator
@inline function loadLow64x2<T>(p: usize): v128 {
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(p));
  return v128.load(p);
}

// Elements p[2], p[3] as an f64x2.
// @ts-ignore: decorator
@inline function loadHigh64x2<T>(p: usize): v128 {
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(p + 8));
  return v128.load(p + 16);
}

/** Σ term(x[i]) over x[0..n) in the contiguous order described above. x: n elements of T (f32 or f64). */
// @ts-ignore: decorator
@inline export function sumContiguous<T>(x: usize, n: i32, term: i32, shift: f64, simd: bool): f64 {
  const n4 = n & ~3;
  let s: f64;
  if (ASC_FEATURE_SIMD && simd) {
    const shiftV = f64x2.splat(shift);
    let p01 = f64x2.splat(0);
    let p23 = f64x2.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const p = x + (<usize>i << alignof<T>());
      p01 = f64x2.add(p01, term64x2(loadLow64x2<T>(p), term, shiftV));
      p23 = f64x2.add(p23, term64x2(loadHigh64x2<T>(p), term, shiftV));
    }
    const t = f64x2.add(p01, p23); // (p0 + p2, p1 + p3)
    s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  } else {
    let p0: f64 = 0, p1: f64 = 0, p2: f64 = 0, p3: f64 = 0;
    for (let i = 0; i < n4; i += 4) {
      p0 += term64(at64<T>(x, i), term, shift);
      p1 += term64(at64<T>(x, i + 1), term, shift);
      p2 += term64(at64<T>(x, i + 2), term, shift);
      p3 += term64(at64<T>(x, i + 3), term, shift);
    }
    s = (p0 + p2) + (p1 + p3);
  }
  for (let i = n4; i < n; i++) s += term64(at64<T>(x, i), term, shift);
  return s;
}

/** Σ a[i]·b[i] over [0..n) in the contiguous order (products of f32 are exact in f64). */
// @ts-ignore: decorator
@inline export function dotContiguous<T>(a: usize, b: usize, n: i32, simd: bool): f64 {
  const n4 = n & ~3;
  let s: f64;
  if (ASC_FEATURE_SIMD && simd) {
    let p01 = f64x2.splat(0);
    let p23 = f64x2.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const off = <usize>i << alignof<T>();
      p01 = f64x2.add(p01, f64x2.mul(loadLow64x2<T>(a + off), loadLow64x2<T>(b + off)));
      p23 = f64x2.add(p23, f64x2.mul(loadHigh64x2<T>(a + off), loadHigh64x2<T>(b + off)));
    }
    const t = f64x2.add(p01, p23);
    s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  } else {
    let p0: f64 = 0, p1: f64 = 0, p2: f64 = 0, p3: f64 = 0;
    for (let i = 0; i < n4; i += 4) {
      p0 += at64<T>(a, i) * at64<T>(b, i);
      p1 += at64<T>(a, i + 1) * at64<T>(b, i + 1);
      p2 += at64<T>(a, i + 2) * at64<T>(b, i + 2);
      p3 += at64<T>(a, i + 3) * at64<T>(b, i + 3);
    }
    s = (p0 + p2) + (p1 + p3);
  }
  for (let i = n4; i < n; i++) s += at64<T>(a, i) * at64<T>(b, i);
  return s;
}

/** Σ_k term(x[k·stride]) for k = 0 … count−1 in index order (one column of a row-major block). */
// @ts-ignore: decorator
@inline export function sumColumn<T>(x: usize, count: i32, stride: i32, term: i32, shift: f64): f64 {
  let s: f64 = 0;
  for (let k = 0; k < count; k++) s += term64(at64<T>(x, k * stride), term, shift);
  return s;
}

/**
 * Four adjacent columns x[k·stride + l], l = 0..3, each summed like sumColumn (shift_l for column l),
 * into COLUMN_SUMS[0..3]. SIMD only: callers reach it inside `if (ASC_FEATURE_SIMD && simd)`.
 */
// @ts-ignore: decorator
@inline export function sumColumns4<T>(x: usize, count: i32, stride: i32, term: i32, shift01: v128, shift23: v128): void {
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  const rowBytes = <usize>stride << alignof<T>();
  let p = x;
  for (let k = 0; k < count; k++) {
    s01 = f64x2.add(s01, term64x2(loadLow64x2<T>(p), term, shift01));
    s23 = f64x2.add(s23, term64x2(loadHigh64x2<T>(p), term, shift23));
    p += rowBytes;
  }
  v128.store(COLUMN_SUMS, s01);
  v128.store(COLUMN_SUMS, s23, 16);
}

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

// ---- Drivers over x: (outer, axis, inner) → out: (outer, inner), used by reduce.ts and norms.ts ----------

// How a finished f64 sum becomes an output element.
// @ts-ignore: decorator
@inline export const FINISH_SUM: i32 = 0;
// @ts-ignore: decorator
@inline export const FINISH_DIVIDE: i32 = 1;
// @ts-ignore: decorator
@inline export const FINISH_SQRT: i32 = 2;

// @ts-ignore: decorator
@inline function finishSum<T>(s: f64, finish: i32, divisor: f64): T {
  if (finish == FINISH_DIVIDE) return canonical<T>(<T>(s / divisor));
  if (finish == FINISH_SQRT) return canonical<T>(<T>Math.sqrt(s));
  return canonical<T>(<T>s);
}

// @ts-ignore: decorator
@inline export function elementAt<T>(base: usize, i: i32): usize {
  return base + (<usize>i << alignof<T>());
}

/** out[o, j] = finish(Σ_k term(x[o, k, j])): sum, mean and the L1/L2 norms. */
// @ts-ignore: decorator
@inline export function reduceSums<T>(
  out: usize, x: usize, outer: i32, axis: i32, inner: i32, term: i32, finish: i32, divisor: f64, simd: bool,
): void {
  for (let o = 0; o < outer; o++) {
    const xo = elementAt<T>(x, o * axis * inner);
    const oo = elementAt<T>(out, o * inner);
    if (inner == 1) {
      store<T>(oo, finishSum<T>(sumContiguous<T>(xo, axis, term, 0, simd), finish, divisor));
      continue;
    }
    let j = 0;
    if (ASC_FEATURE_SIMD && simd) {
      const zero = f64x2.splat(0);
      for (; j + 4 <= inner; j += 4) {
        sumColumns4<T>(elementAt<T>(xo, j), axis, inner, term, zero, zero);
        for (let l = 0; l < 4; l++) {
          store<T>(elementAt<T>(oo, j + l), finishSum<T>(load<f64>(COLUMN_SUMS + (<usize>l << 3)), finish, divisor));
        }
      }
    }
    for (; j < inner; j++) {
      store<T>(elementAt<T>(oo, j), finishSum<T>(sumColumn<T>(elementAt<T>(xo, j), axis, inner, term, 0), finish, divisor));
    }
  }
}

/** out[o, j] = max or min over k of x[o, k, j] (or of |x| when absFirst); NaN if any is NaN. */
// @ts-ignore: decorator
@inline export function reduceExtremes<T>(
  out: usize, x: usize, outer: i32, axis: i32, inner: i32, isMax: bool, absFirst: bool, simd: bool,
): void {
  for (let o = 0; o < outer; o++) {
    const xo = elementAt<T>(x, o * axis * inner);
    const oo = elementAt<T>(out, o * inner);
    if (inner == 1) {
      store<T>(oo, canonical<T>(extremumContiguous<T>(xo, axis, isMax, absFirst, simd)));
      continue;
    }
    let j = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; j + 4 <= inner; j += 4) {
        extremumColumns4<T>(elementAt<T>(oo, j), elementAt<T>(xo, j), axis, inner, isMax, absFirst);
      }
    }
    for (; j < inner; j++) {
      store<T>(elementAt<T>(oo, j), canonical<T>(extremumColumn<T>(elementAt<T>(xo, j), axis, inner, isMax, absFirst)));
    }
  }
}

