// sin and cos of one f64x2 argument sharing one range reduction, with the bits of AS std's
// NativeMath.sin and NativeMath.cos lane by lane (musl src/math/sin.c, cos.c, __rem_pio2.c, __sin.c,
// __cos.c, from fdlibm). No FMA in WASM, so a lane of f64x2.mul or add is the scalar operation.
// std's reductions become one with a per-lane quotient q: x ≤ π/4 has q = 0 (then y0 = x − 0·pio2_1
// = x and y1 = +0 exactly: std's unreduced cos_kern(x, 0)); x < 3π/4 has q = 1 (x − 1·pio2_1 is std's
// x − pio2_1); beyond, q = nearest(x·2/π) and the first Cody–Waite round of __rem_pio2. Lanes std
// treats otherwise are misses, left to Math.sin / Math.cos: x < 2^-26 (also negative, NaN), x ≥
// 2^20·π/2, and a remainder y0 small enough that std runs a second round (i > 16; always from 2^16
// up). The near-π/2 lanes (high word 0x3FF921FB, where std subtracts pio2_2 too) have |y0| < 2^-20,
// so i > 16 flags them as well.

// Each constant splat to two lanes in memory: V8 (x64) rematerialises a v128.const inside a loop with
// three instructions, a load is one.
const PIO2_1 = memory.data<u64>([0x3FF921FB54400000, 0x3FF921FB54400000], 16); // 1.57079632673412561417e+00
const PIO2_1T = memory.data<u64>([0x3DD0B4611A626331, 0x3DD0B4611A626331], 16); // 6.07710050650619224932e-11
const INV_PIO2 = memory.data<u64>([0x3FE45F306DC9C883, 0x3FE45F306DC9C883], 16); // 0.63661977236758134308
const S1 = memory.data<u64>([0xBFC5555555555549, 0xBFC5555555555549], 16); // -1.66666666666666324348e-01
const S2 = memory.data<u64>([0x3F8111111110F8A6, 0x3F8111111110F8A6], 16); //  8.33333333332248946124e-03
const S3 = memory.data<u64>([0xBF2A01A019C161D5, 0xBF2A01A019C161D5], 16); // -1.98412698298579493134e-04
const S4 = memory.data<u64>([0x3EC71DE357B1FE7D, 0x3EC71DE357B1FE7D], 16); //  2.75573137070700676789e-06
const S5 = memory.data<u64>([0xBE5AE5E68A2B9CEB, 0xBE5AE5E68A2B9CEB], 16); // -2.50507602534068634195e-08
const S6 = memory.data<u64>([0x3DE5D93A5ACFD57C, 0x3DE5D93A5ACFD57C], 16); //  1.58969099521155010221e-10
const C1 = memory.data<u64>([0x3FA555555555554C, 0x3FA555555555554C], 16); //  4.16666666666666019037e-02
const C2 = memory.data<u64>([0xBF56C16C16C15177, 0xBF56C16C16C15177], 16); // -1.38888888888741095749e-03
const C3 = memory.data<u64>([0x3EFA01A019CB1590, 0x3EFA01A019CB1590], 16); //  2.48015872894767294178e-05
const C4 = memory.data<u64>([0xBE927E4F809C52AD, 0xBE927E4F809C52AD], 16); // -2.75573143513906633035e-07
const C5 = memory.data<u64>([0x3E21EE9EBDB4B1C4, 0x3E21EE9EBDB4B1C4], 16); //  2.08757232129817482790e-09
const C6 = memory.data<u64>([0xBDA8FAE9BE8838D4, 0xBDA8FAE9BE8838D4], 16); // -1.13596475577881948265e-11
const ONE = memory.data<f64>([1.0, 1.0], 16);
const HALF = memory.data<f64>([0.5, 0.5], 16);
const TWO_52 = memory.data<f64>([4503599627370496.0, 4503599627370496.0], 16);
const UNREDUCED_BELOW = memory.data<u64>([0x3FE921FC00000000, 0x3FE921FC00000000], 16); // high word ≤ 0x3FE921FB: x ~≤ π/4
const Q_ONE_BELOW = memory.data<u64>([0x4002D97C00000000, 0x4002D97C00000000], 16); // x < 3π/4
const FAST_FROM = memory.data<u64>([0x3E50000000000000, 0x3E50000000000000], 16); // 2^-26
const FAST_BELOW = memory.data<u64>([0x413921FB00000000, 0x413921FB00000000], 16); // 2^20·π/2
const EXPONENT = memory.data<u64>([0x7FF, 0x7FF], 16);
const SIXTEEN = memory.data<u64>([16, 16], 16);
const ONE_I64 = memory.data<u64>([1, 1], 16);
const SIGN = memory.data<u64>([0x8000000000000000, 0x8000000000000000], 16);

// @ts-ignore: decorator
@inline function k(p: usize): v128 {
  return v128.load(p);
}

/** Lanes (bit 0, bit 1) of the last sinCosF64x2FastTo that are misses: there Math.cos / Math.sin give the bits. */
export let sinCosF64x2Misses: i32 = 0;

/**
 * cos x to out and sin x to out + 16 (2 f64 each), bit for bit Math.cos and Math.sin for 2^-26 ≤ x <
 * 2^16 (Box–Muller's 2π·u) except where std needs a second reduction round (about 3·10^-5 of 2π·u);
 * those lanes and the others are misses, flagged in sinCosF64x2Misses (their values are not std's).
 * @example x = (π/3, 2): cos (0.5000000000000001, −0.4161468365471424), sin (0.8660254037844386,
 * 0.9092974268256817), misses 0; x = (0, 1) has misses 1 (lane 0).
 */
// @ts-ignore: decorator
@inline export function sinCosF64x2FastTo(out: usize, x: v128): void {
  // (the stores of misses and of the raw cos split the work in three: V8 loads each part's constants
  // at its start, and fewer of them live at once spill less: −2 % time)
  const unreduced = f64x2.lt(x, k(UNREDUCED_BELOW));
  let q = v128.bitselect(k(ONE), f64x2.nearest(f64x2.mul(x, k(INV_PIO2))), f64x2.lt(x, k(Q_ONE_BELOW)));
  q = v128.andnot(q, unreduced);
  // __rem_pio2: r = x − q·pio2_1, w = q·pio2_1t, y0 = r − w, y1 = (r − y0) − w
  const r = f64x2.sub(x, f64x2.mul(q, k(PIO2_1)));
  const w = f64x2.mul(q, k(PIO2_1T));
  const y0 = f64x2.sub(r, w);
  const y1 = f64x2.sub(f64x2.sub(r, y0), w);
  // __rem_pio2 goes on to a second round when i = exponent(x) − exponent(y0) > 16
  const i = i64x2.sub(i64x2.shr_u(x, 52), v128.and(i64x2.shr_u(y0, 52), k(EXPONENT)));
  const fast = v128.and(f64x2.ge(x, k(FAST_FROM)), f64x2.lt(x, k(FAST_BELOW)));
  sinCosF64x2Misses = i64x2.bitmask(v128.andnot(fast, i64x2.gt_s(i, k(SIXTEEN)))) ^ 3;
  // __cos: z = y0², r = z(C1 + z(C2 + zC3)) + w²(C4 + z(C5 + zC6)), w = 1 − z/2 with its error
  const z = f64x2.mul(y0, y0);
  const zz = f64x2.mul(z, z);
  const rc = f64x2.add(f64x2.mul(z, f64x2.add(k(C1), f64x2.mul(z, f64x2.add(k(C2), f64x2.mul(z, k(C3)))))),
    f64x2.mul(f64x2.mul(zz, zz), f64x2.add(k(C4), f64x2.mul(z, f64x2.add(k(C5), f64x2.mul(z, k(C6)))))));
  const hz = f64x2.mul(k(HALF), z);
  const wc = f64x2.sub(k(ONE), hz);
  v128.store(out, f64x2.add(wc, f64x2.add(f64x2.sub(f64x2.sub(k(ONE), wc), hz), f64x2.sub(f64x2.mul(z, rc), f64x2.mul(y0, y1)))));
  // __sin: r = S2 + z(S3 + zS4) + z·w(S5 + zS6), v = z·y0; iy = 1 after a reduction, iy = 0 without
  const rs = f64x2.add(f64x2.add(k(S2), f64x2.mul(z, f64x2.add(k(S3), f64x2.mul(z, k(S4))))),
    f64x2.mul(f64x2.mul(z, zz), f64x2.add(k(S5), f64x2.mul(z, k(S6)))));
  const v = f64x2.mul(z, y0);
  const sReduced = f64x2.sub(y0, f64x2.sub(f64x2.sub(f64x2.mul(z, f64x2.sub(f64x2.mul(k(HALF), y1), f64x2.mul(v, rs))), y1), f64x2.mul(v, k(S1))));
  const sUnreduced = f64x2.add(y0, f64x2.mul(v, f64x2.add(k(S1), f64x2.mul(z, rs))));
  const s = v128.bitselect(sUnreduced, sReduced, unreduced);
  const c = v128.load(out);
  // q in the low bits of q + 2^52 (q < 2^20). Odd q swaps sin and cos (by xor); then cos is negated
  // when (q + 1) & 2, sin when q & 2 (std: n & 1 ? … , (n + 1) & 2 ? −x : x and n & 2 ? −x : x)
  const n = f64x2.add(q, k(TWO_52));
  const zero = i64x2.splat(0);
  const swap = v128.and(v128.xor(s, c), i64x2.lt_s(i64x2.shl(n, 63), zero)); // lt_s: x64 has no 64-bit shr_s
  v128.store(out, v128.xor(v128.xor(c, swap), v128.and(i64x2.shl(i64x2.add(n, k(ONE_I64)), 62), k(SIGN))));
  v128.store(out, v128.xor(v128.xor(s, swap), v128.and(i64x2.shl(n, 62), k(SIGN))), 16);
}

/** cos x to out and sin x to out + 16 on both lanes, bit for bit Math.cos / Math.sin on every input. */
// @ts-ignore: decorator
@inline export function sinCosF64x2To(out: usize, x: v128): void {
  sinCosF64x2FastTo(out, x);
  const misses = sinCosF64x2Misses;
  if (misses != 0) {
    if ((misses & 1) != 0) sinCosScalarTo(out, f64x2.extract_lane(x, 0));
    if ((misses & 2) != 0) sinCosScalarTo(out + 8, f64x2.extract_lane(x, 1));
  }
}

// Math.cos(x) to out, Math.sin(x) to out + 16: one lane of sinCosF64x2To by std itself.
function sinCosScalarTo(out: usize, x: f64): void {
  store<f64>(out, Math.cos(x));
  store<f64>(out, Math.sin(x), 16);
}
