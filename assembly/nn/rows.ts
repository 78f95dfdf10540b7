// Row passes shared by the softmax family, in one fixed order of IEEE operations.
// A row x[0..cols) is read as groups of 4 lanes; the last group may be partial (the tail, cols % 4 entries).
// A sum keeps 4 lane partials, lane l adding x[j] for every j ≡ l (mod 4) in increasing j (tail included),
// then combines them as (l0 + l1) + (l2 + l3). The …Simd helpers do this with f32x4 (a partial group's
// missing lanes add +0, which changes no partial: partials start at +0 and are never -0), the …Ref helpers
// with four scalars. Same operations, same order: the SIMD and scalar builds give the same bits.
// Only the …Simd helpers touch v128; they are compiled only where a caller sits under `if (ASC_FEATURE_SIMD)`.

import { expF32, expF32x4 } from "../math/expf";

/** (l0 + l1) + (l2 + l3) of an f32x4: the fixed combination tree of the four lane partials. */
// @ts-ignore: decorator
@inline export function sumLanesF32(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** (l0 + l1) + (l2 + l3) of two f64x2 holding the lane partials (l0, l1) and (l2, l3). */
// @ts-ignore: decorator
@inline export function sumLanesF64(lo: v128, hi: v128): f64 {
  return (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
}

/** Lanes 0, 1 of an f32x4 widened to f64x2 (exact). */
// @ts-ignore: decorator
@inline export function widenLo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2, 3 of an f32x4 widened to f64x2 (exact). */
// @ts-ignore: decorator
@inline export function widenHi(v: v128): v128 {
  return f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
}

/**
 * The n (1..3) floats at p in lanes 0..n-1 and `fill` in the others; reads nothing past p + 4n. Callers fill
 * exp inputs with the row max (z = 0), never -Infinity: e^z that underflows costs x86 a ~100-cycle assist.
 */
// @ts-ignore: decorator
@inline export function loadTail(p: usize, n: i32, fill: f32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(fill), 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores lanes 0..n-1 (n in 1..3) of v at p. */
// @ts-ignore: decorator
@inline export function storeTail(p: usize, v: v128, n: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** All-ones in lanes 0..n-1, zero in the others: v128.and(v, tailMask(n)) zeroes a partial group's extra lanes. */
// @ts-ignore: decorator
@inline export function tailMask(n: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(n));
}

// The row max uses pseudo-max pmax(a, b) = a < b ? b : a (one x86 instruction; f32x4.max costs about seven).
// It skips NaN entries, which is harmless: a NaN entry makes its own term, the row sum and so the whole
// row NaN anyway. Both forms take the same lanes in the same order, so ±0 ties resolve the same way.
// @ts-ignore: decorator
@inline export function pmaxF32(a: f32, b: f32): f32 {
  return a < b ? b : a;
}

/** max_j x[j] over the non-NaN entries, starting at -Infinity (a row of -Infinity gives -Infinity). */
// @ts-ignore: decorator
@inline export function rowMaxSimd(x: usize, cols: i32): f32 {
  let acc = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= cols; j += 4) acc = f32x4.pmax(acc, v128.load(x + (<usize>j << 2)));
  if (j < cols) acc = f32x4.pmax(acc, loadTail(x + (<usize>j << 2), cols - j, -Infinity));
  return pmaxF32(pmaxF32(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)),
    pmaxF32(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
}

/** Scalar twin of rowMaxSimd. */
export function rowMaxRef(x: usize, cols: i32): f32 {
  let m0: f32 = -Infinity, m1: f32 = -Infinity, m2: f32 = -Infinity, m3: f32 = -Infinity;
  for (let j = 0; j < cols; j += 4) {
    const p = x + (<usize>j << 2);
    const n = cols - j;
    m0 = pmaxF32(m0, load<f32>(p));
    if (n > 1) m1 = pmaxF32(m1, load<f32>(p, 4));
    if (n > 2) m2 = pmaxF32(m2, load<f32>(p, 8));
    if (n > 3) m3 = pmaxF32(m3, load<f32>(p, 12));
  }
  return pmaxF32(pmaxF32(m0, m1), pmaxF32(m2, m3));
}

/**
 * Returns Σ_j exp(z_j) in the fixed order, z_j = (x[j] - m)·c, and writes exp(z_j) to out[j] (keepZ false) or
 * z_j itself (keepZ true, for log-softmax). out may be x. Inlined, so the constant keepZ folds away.
 */
// @ts-ignore: decorator
@inline export function expShiftSumSimd(out: usize, x: usize, cols: i32, m: f32, c: f32, keepZ: bool): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(c);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    const z = f32x4.mul(f32x4.sub(v128.load(x + o), vm), vc);
    const v = expF32x4(z);
    v128.store(out + o, keepZ ? z : v);
    acc = f32x4.add(acc, v);
  }
  if (j < cols) {
    const o = <usize>j << 2;
    const n = cols - j;
    const z = f32x4.mul(f32x4.sub(loadTail(x + o, n, m), vm), vc);
    const v = expF32x4(z); // missing lanes hold x = m, so z = 0 there: no subnormal slow path; masked below
    storeTail(out + o, keepZ ? z : v, n);
    acc = f32x4.add(acc, v128.and(v, tailMask(n)));
  }
  return sumLanesF32(acc);
}

/** Scalar twin of expShiftSumSimd. */
// @ts-ignore: decorator
@inline export function expShiftSumRef(out: usize, x: usize, cols: i32, m: f32, c: f32, keepZ: bool): f32 {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let j = 0; j < cols; j += 4) {
    const o = <usize>j << 2;
    const n = cols - j;
    const z0 = (load<f32>(x + o) - m) * c;
    const v0 = expF32(z0);
    store<f32>(out + o, keepZ ? z0 : v0);
    s0 += v0;
    if (n > 1) {
      const z1 = (load<f32>(x + o, 4) - m) * c;
      const v1 = expF32(z1);
      store<f32>(out + o, keepZ ? z1 : v1, 4);
      s1 += v1;
    }
    if (n > 2) {
      const z2 = (load<f32>(x + o, 8) - m) * c;
      const v2 = expF32(z2);
      store<f32>(out + o, keepZ ? z2 : v2, 8);
      s2 += v2;
    }
    if (n > 3) {
      const z3 = (load<f32>(x + o, 12) - m) * c;
      const v3 = expF32(z3);
      store<f32>(out + o, keepZ ? z3 : v3, 12);
      s3 += v3;
    }
  }
  return (s0 + s1) + (s2 + s3);
}

// NaN bits: WebAssembly leaves the sign of a NaN made by arithmetic to the CPU (and V8's scalar and vector
// code differ), so every NaN these kernels write is the canonical quiet NaN 0x7FC00000.
/** x, or the canonical NaN if x is NaN. */
// @ts-ignore: decorator
@inline export function canonF32(x: f32): f32 {
  return x != x ? <f32>NaN : x;
}

/** v lane by lane, with NaN lanes replaced by the canonical NaN. */
// @ts-ignore: decorator
@inline export function canonF32x4(v: v128): v128 {
  return v128.bitselect(f32x4.splat(NaN), v, f32x4.ne(v, v));
}

/** Writes the canonical NaN to p[0..n): a row whose normaliser S is NaN is NaN throughout. */
export function fillNaN(p: usize, n: i32): void {
  for (let j = 0; j < n; j++) store<f32>(p + (<usize>j << 2), NaN);
}

/** max_j x[j] over the non-NaN entries of a row of n f64, from −∞ (pseudo-max, as rowMaxRef). */
export function rowMaxF64(x: usize, n: i32): f64 {
  let m: f64 = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = load<f64>(x + (<usize>j << 3));
    m = m < v ? v : m;
  }
  return m;
}

/** Writes the canonical NaN to p[0..n). */
export function fillNaNF64(p: usize, n: i32): void {
  for (let j = 0; j < n; j++) store<f64>(p + (<usize>j << 3), NaN);
}
