// Natural log in f64 without tables, so that a scalar and an f64x2 form can run the identical sequence
// of IEEE operations (AS std's Math.log uses a lookup table, which has no vector form).
// fdlibm / musl e_log.c (before the 2018 table rewrite): x = 2^k·(1 + f) with 1 + f in [√½, √2),
// s = f/(2 + f), log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)) with the Remez polynomial R. Error < 1 ulp.

// @ts-ignore: decorator
@inline const LN2_HI: f64 = 6.93147180369123816490e-01; // 3fe62e42 fee00000
// @ts-ignore: decorator
@inline const LN2_LO: f64 = 1.90821492927058770002e-10; // 3dea39ef 35793c76
// @ts-ignore: decorator
@inline const LG1: f64 = 6.666666666666735130e-01;
// @ts-ignore: decorator
@inline const LG2: f64 = 3.999999999940941908e-01;
// @ts-ignore: decorator
@inline const LG3: f64 = 2.857142874366239149e-01;
// @ts-ignore: decorator
@inline const LG4: f64 = 2.222219843214978396e-01;
// @ts-ignore: decorator
@inline const LG5: f64 = 1.818357216161805012e-01;
// @ts-ignore: decorator
@inline const LG6: f64 = 1.531383769920937332e-01;
// @ts-ignore: decorator
@inline const LG7: f64 = 1.479819860511658591e-01;
// @ts-ignore: decorator
@inline const TWO54: f64 = 18014398509481984.0;
// @ts-ignore: decorator
@inline const SMALLEST_NORMAL: f64 = 2.2250738585072014e-308;

/**
 * log(x) in f64. log(0) = −∞, log(x < 0) = NaN, log(+∞) = +∞, log(NaN) = NaN; subnormals are scaled by
 * 2^54 first. Identical bits to logF64x2 lane by lane.
 * @example logF64(1) = 0, logF64(Math.E) = 1, logF64(5e-324) = −744.4400719213812.
 */
export function logF64(x: f64): f64 {
  const sub = x < SMALLEST_NORMAL;
  const y = sub ? x * TWO54 : x;
  let hx = <u32>(reinterpret<u64>(y) >>> 32);
  const lo = reinterpret<u64>(y) & 0xffffffff;
  // reduce into [√½, √2): k from the exponent of x·(√2 / (2·0x3fe6a09e…))
  hx += 0x3ff00000 - 0x3fe6a09e;
  const k = <i32>(hx >>> 20) - 0x3ff - (sub ? 54 : 0);
  hx = (hx & 0x000fffff) + 0x3fe6a09e;
  const f = reinterpret<f64>((<u64>hx << 32) | lo) - 1.0;
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  const dk = <f64>k;
  const v = s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
  // specials last, as logF64x2 selects them
  if (x == 0.0) return -Infinity;
  if (!(x >= 0.0)) return NaN;
  if (x == Infinity) return Infinity;
  return v;
}

// The f64x2 constants of logF64x2, splat at instantiation (see BOX_MULLER_K in sample/normal.ts).
const LOG_D_K: usize = memory.data(16 * 16, 16);
if (ASC_FEATURE_SIMD) {
  const f: StaticArray<f64> = [SMALLEST_NORMAL, TWO54, 1.0, 0.5, 2.0, LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_LO, LN2_HI, Infinity, 0.0];
  for (let i = 0; i < f.length; i++) v128.store(LOG_D_K + (<usize>i << 4), f64x2.splat(f[i]));
}
// @ts-ignore: decorator
@inline function kd(i: i32): v128 { return v128.load(LOG_D_K + (<usize>i << 4)); }

/** Two lanes of logF64: the same operations and special cases, the same bits. */
// @ts-ignore: decorator
@inline export function logF64x2(x: v128): v128 {
  const sub = f64x2.lt(x, kd(0)); // SMALLEST_NORMAL
  const y = v128.bitselect(f64x2.mul(x, kd(1)), x, sub); // · 2^54
  let hx = v128.shuffle<u32>(y, y, 1, 3, 1, 3);
  hx = i32x4.add(hx, i32x4.splat(0x3ff00000 - 0x3fe6a09e));
  const subI = v128.shuffle<u32>(sub, sub, 0, 2, 0, 2); // −1 where subnormal
  const k = i32x4.add(i32x4.sub(i32x4.shr_u(hx, 20), i32x4.splat(0x3ff)), v128.and(subI, i32x4.splat(-54)));
  hx = i32x4.add(v128.and(hx, i32x4.splat(0x000fffff)), i32x4.splat(0x3fe6a09e));
  const m = v128.shuffle<u32>(y, hx, 0, 4, 2, 5);
  const f = f64x2.sub(m, kd(2));
  const hfsq = f64x2.mul(f64x2.mul(kd(3), f), f);
  const s = f64x2.div(f, f64x2.add(kd(4), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(kd(6), f64x2.mul(w, f64x2.add(kd(8), f64x2.mul(w, kd(10))))));
  const t2 = f64x2.mul(z, f64x2.add(kd(5), f64x2.mul(w, f64x2.add(kd(7), f64x2.mul(w, f64x2.add(kd(9), f64x2.mul(w, kd(11))))))));
  const r = f64x2.add(t2, t1);
  const dk = f64x2.convert_low_i32x4_s(k);
  let v = f64x2.add(f64x2.add(f64x2.sub(f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(dk, kd(12))), hfsq), f), f64x2.mul(dk, kd(13)));
  const zero = kd(15), inf = kd(14);
  v = v128.bitselect(inf, v, f64x2.eq(x, inf));
  v = v128.bitselect(f64x2.splat(NaN), v, v128.not(f64x2.ge(x, zero)));
  return v128.bitselect(f64x2.neg(inf), v, f64x2.eq(x, zero));
}

/** out[i] = logF64(x[i]) over n f64, two at a time with SIMD. A test hook for the vector form. */
export function logArrayF64x2(out: usize, x: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= n; i += 2) v128.store(out + (<usize>i << 3), logF64x2(v128.load(x + (<usize>i << 3))));
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), logF64(load<f64>(x + (<usize>i << 3))));
}
