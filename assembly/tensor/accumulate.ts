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

// Scratch for sumColumns4 (four f64 column sums) and cosineSumsContiguous: static data, so kernels never allocate.
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

/**
 * a·b, ‖a‖² and ‖b‖² over [0..n) in one pass, into COLUMN_SUMS[0..2]. Each sum has exactly the additions of
 * dotContiguous / sumContiguous(TERM_SQUARE) (same partials, same combine, same tail), so the same bits.
 */
// @ts-ignore: decorator
@inline export function cosineSumsContiguous<T>(a: usize, b: usize, n: i32, simd: bool): void {
  const n4 = n & ~3;
  let dot: f64, aa: f64, bb: f64;
  if (ASC_FEATURE_SIMD && simd) {
    let d01 = f64x2.splat(0), d23 = f64x2.splat(0);
    let a01 = f64x2.splat(0), a23 = f64x2.splat(0);
    let b01 = f64x2.splat(0), b23 = f64x2.splat(0);
    for (let i = 0; i < n4; i += 4) {
      const off = <usize>i << alignof<T>();
      const aLo = loadLow64x2<T>(a + off), aHi = loadHigh64x2<T>(a + off);
      const bLo = loadLow64x2<T>(b + off), bHi = loadHigh64x2<T>(b + off);
      d01 = f64x2.add(d01, f64x2.mul(aLo, bLo));
      d23 = f64x2.add(d23, f64x2.mul(aHi, bHi));
      a01 = f64x2.add(a01, f64x2.mul(aLo, aLo));
      a23 = f64x2.add(a23, f64x2.mul(aHi, aHi));
      b01 = f64x2.add(b01, f64x2.mul(bLo, bLo));
      b23 = f64x2.add(b23, f64x2.mul(bHi, bHi));
    }
    const d = f64x2.add(d01, d23), sa = f64x2.add(a01, a23), sb = f64x2.add(b01, b23);
    dot = f64x2.extract_lane(d, 0) + f64x2.extract_lane(d, 1);
    aa = f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1);
    bb = f64x2.extract_lane(sb, 0) + f64x2.extract_lane(sb, 1);
  } else {
    let d0: f64 = 0, d1: f64 = 0, d2: f64 = 0, d3: f64 = 0;
    let a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0;
    let b0: f64 = 0, b1: f64 = 0, b2: f64 = 0, b3: f64 = 0;
    for (let i = 0; i < n4; i += 4) {
      const u0 = at64<T>(a, i), u1 = at64<T>(a, i + 1), u2 = at64<T>(a, i + 2), u3 = at64<T>(a, i + 3);
      const v0 = at64<T>(b, i), v1 = at64<T>(b, i + 1), v2 = at64<T>(b, i + 2), v3 = at64<T>(b, i + 3);
      d0 += u0 * v0; d1 += u1 * v1; d2 += u2 * v2; d3 += u3 * v3;
      a0 += u0 * u0; a1 += u1 * u1; a2 += u2 * u2; a3 += u3 * u3;
      b0 += v0 * v0; b1 += v1 * v1; b2 += v2 * v2; b3 += v3 * v3;
    }
    dot = (d0 + d2) + (d1 + d3);
    aa = (a0 + a2) + (a1 + a3);
    bb = (b0 + b2) + (b1 + b3);
  }
  for (let i = n4; i < n; i++) {
    const u = at64<T>(a, i), v = at64<T>(b, i);
    dot += u * v; aa += u * u; bb += v * v;
  }
  store<f64>(COLUMN_SUMS, dot);
  store<f64>(COLUMN_SUMS, aa, 8);
  store<f64>(COLUMN_SUMS, bb, 16);
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
