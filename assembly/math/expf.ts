// e^x in f32, computed in WASM so every runtime gets the same bits.
// Cephes expf (S. L. Moshier): x = k·ln2 + r with |r| ≤ ½ln2 (Cody–Waite split of ln2), e^r by a degree-7
// polynomial, then scaled by 2^k built from exponent bits. k = round(x·log2 e) by the 1.5·2^23 trick: adding
// it rounds to an integer that the low mantissa bits then hold, so no float → int conversion is needed.
// The scale is applied as 2^k1 · 2^k2 (k1 = k >> 1) so that results near overflow and in the subnormal range
// are rounded once, with no special cases: x ≥ 88.73 gives +Infinity, x ≤ -103.98 gives 0, -Infinity gives 0,
// NaN gives NaN. The clamp uses pseudo-min/max (b < a ? b : a: one instruction on x86, unlike f32x4.min).
// expF32 and expF32x4 perform the identical sequence of IEEE operations, so they agree bit for bit.

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 significant bits so k·LN2_HI is exact for |k| < 2^15.
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;
// 1.5·2^23: for |y| < 2^22, y + ROUNDER rounds y to the nearest integer k (ties to even), held in the low bits.
// @ts-ignore: decorator
@inline const ROUNDER: f32 = 12582912.0;
// @ts-ignore: decorator
@inline const ROUNDER_BITS: i32 = 0x4b400000;
// Clamp: below -104 the result is 0 after rounding, above 89 it is +Infinity; keeps k in [-150, 128].
// @ts-ignore: decorator
@inline const X_LO: f32 = -104.0;
// @ts-ignore: decorator
@inline const X_HI: f32 = 89.0;
// Cephes expf coefficients: e^r ≈ 1 + r + r²·(Q0 + Q1 r + … + Q5 r^5).
// @ts-ignore: decorator
@inline const Q0: f32 = 1.9875691500e-4;
// @ts-ignore: decorator
@inline const Q1: f32 = 1.3981999507e-3;
// @ts-ignore: decorator
@inline const Q2: f32 = 8.3334519073e-3;
// @ts-ignore: decorator
@inline const Q3: f32 = 4.1665795894e-2;
// @ts-ignore: decorator
@inline const Q4: f32 = 1.6666665459e-1;
// @ts-ignore: decorator
@inline const Q5: f32 = 5.0000001201e-1;

/**
 * e^x for any f32 x. Max error ≈ 1 ulp against the exact value (tests/assembly/math/expf.spec.ts measures it
 * against f64 Math.exp over [-104, 89]); subnormal results are rounded once.
 * @example expF32(0) == 1; expF32(-Infinity) == 0; expF32(100) == Infinity
 */
export function expF32(x: f32): f32 {
  x = x < X_LO ? X_LO : x; // pmax(x, X_LO): NaN stays NaN
  x = X_HI < x ? X_HI : x; // pmin(x, X_HI)
  const t = x * LOG2E + ROUNDER;
  const kf = t - ROUNDER;
  const r = (x - kf * LN2_HI) - kf * LN2_LO;
  const z = r * r;
  let y = Q0 * r + Q1;
  y = y * r + Q2;
  y = y * r + Q3;
  y = y * r + Q4;
  y = y * r + Q5;
  y = y * z + r + <f32>1;
  const k = reinterpret<i32>(t) - ROUNDER_BITS; // for NaN x: any k; y is NaN and stays NaN
  const k1 = k >> 1;
  const k2 = k - k1;
  return y * reinterpret<f32>((k1 + 127) << 23) * reinterpret<f32>((k2 + 127) << 23);
}

// The vector constants of expF32x4, each splat to 4 lanes, filled once at instantiation: V8 (x64)
// rematerialises a v128.const inside a loop with three instructions, a load is one (see logf.ts's LOG_K).
const EXP_K: usize = memory.data(15 * 16, 16);
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f32> = [X_LO, X_HI, LOG2E, ROUNDER, LN2_HI, LN2_LO, Q0, Q1, Q2, Q3, Q4, Q5, 1];
  for (let i = 0; i < consts.length; i++) v128.store(EXP_K + (<usize>i << 4), f32x4.splat(consts[i]));
  v128.store(EXP_K + (13 << 4), i32x4.splat(ROUNDER_BITS));
  v128.store(EXP_K + (14 << 4), i32x4.splat(127));
}
// @ts-ignore: decorator
@inline function expK(i: i32): v128 {
  return v128.load(EXP_K + (<usize>i << 4));
}

/** Four lanes of expF32, identical bits lane by lane (same operations in the same order). */
// @ts-ignore: decorator
@inline export function expF32x4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, expK(0)), expK(1));
  const t = f32x4.add(f32x4.mul(x, expK(2)), expK(3));
  const kf = f32x4.sub(t, expK(3));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(kf, expK(4))), f32x4.mul(kf, expK(5)));
  const z = f32x4.mul(r, r);
  let y = f32x4.add(f32x4.mul(expK(6), r), expK(7));
  y = f32x4.add(f32x4.mul(y, r), expK(8));
  y = f32x4.add(f32x4.mul(y, r), expK(9));
  y = f32x4.add(f32x4.mul(y, r), expK(10));
  y = f32x4.add(f32x4.mul(y, r), expK(11));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), r), expK(12));
  const k = i32x4.sub(t, expK(13));
  const k1 = i32x4.shr_s(k, 1);
  const k2 = i32x4.sub(k, k1);
  const bias = expK(14);
  const s1 = i32x4.shl(i32x4.add(k1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(k2, bias), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}
