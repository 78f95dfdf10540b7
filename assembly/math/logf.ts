// Natural log in f32, computed in WASM so every runtime gets the same bits.
// Cephes logf (S. L. Moshier): x = m·2^e with m in [√½, √2), log(1 + f) by a degree-9 polynomial.
// logF32 and logF32x4 perform the identical sequence of IEEE operations, so they agree bit for bit.

// @ts-ignore: decorator
@inline const SQRT_HALF: f32 = 0.707106781186547524;
// @ts-ignore: decorator
@inline const P0: f32 = 7.0376836292e-2;
// @ts-ignore: decorator
@inline const P1: f32 = -1.1514610310e-1;
// @ts-ignore: decorator
@inline const P2: f32 = 1.1676998740e-1;
// @ts-ignore: decorator
@inline const P3: f32 = -1.2420140846e-1;
// @ts-ignore: decorator
@inline const P4: f32 = 1.4249322787e-1;
// @ts-ignore: decorator
@inline const P5: f32 = -1.6668057665e-1;
// @ts-ignore: decorator
@inline const P6: f32 = 2.0000714765e-1;
// @ts-ignore: decorator
@inline const P7: f32 = -2.4999993993e-1;
// @ts-ignore: decorator
@inline const P8: f32 = 3.3333331174e-1;
// ln 2 split in two so that e·LN2_HI is exact (Cody–Waite).
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;

/**
 * log(x) for x > 0 finite and normal (the samplers' domain). Special values follow IEEE:
 * log(0) = -Infinity, log(x < 0) = NaN, log(+Infinity) = +Infinity, log(NaN) = NaN. Subnormals are
 * scaled by 2^23 first. Max error ≈ 1 ulp on [2^-126, 2^128).
 */
export function logF32(x: f32): f32 {
  if (!(x > 0) || x == Infinity) {
    if (x == 0) return -Infinity;
    if (x == Infinity) return Infinity;
    return NaN;
  }
  let bits = reinterpret<u32>(x);
  let bias: i32 = 0;
  if (bits < 0x00800000) { // subnormal: scale into the normal range
    x = x * <f32>8388608.0;
    bits = reinterpret<u32>(x);
    bias = 23;
  }
  let e = <i32>((bits >> 23) & 0xff) - 126 - bias;
  let m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000); // m in [0.5, 1)
  if (m < SQRT_HALF) { e -= 1; m = m + m - <f32>1; } else { m = m - <f32>1; }
  const z = m * m;
  let y = P0 * m + P1;
  y = y * m + P2;
  y = y * m + P3;
  y = y * m + P4;
  y = y * m + P5;
  y = y * m + P6;
  y = y * m + P7;
  y = y * m + P8;
  y = y * m * z;
  const fe = <f32>e;
  y = y + fe * LN2_LO;
  y = y - <f32>0.5 * z;
  return m + y + fe * LN2_HI;
}

// The vector constants of logF32x4, each splat to 4 lanes, filled once at instantiation. V8 (x64)
// rematerialises every v128.const inside a loop with three instructions (movq, vmovq, vpunpcklqdq);
// a load from this table is one (−30 % time for the Box–Muller log). Same values, same bits.
const LOG_K: usize = memory.data(17 * 16, 16);
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f32> = [SQRT_HALF, 1, P0, P1, P2, P3, P4, P5, P6, P7, P8, LN2_LO, 0.5, LN2_HI];
  for (let i = 0; i < consts.length; i++) v128.store(LOG_K + (<usize>i << 4), f32x4.splat(consts[i]));
  v128.store(LOG_K + (14 << 4), i32x4.splat(0x007fffff));
  v128.store(LOG_K + (15 << 4), i32x4.splat(0x3f000000));
  v128.store(LOG_K + (16 << 4), i32x4.splat(126));
}
// @ts-ignore: decorator
@inline function logK(i: i32): v128 {
  return v128.load(LOG_K + (<usize>i << 4));
}

/**
 * Four lanes of logF32 for x > 0, finite and normal (no special-value handling: callers pass
 * uniforms in (0, 1] or other strictly positive normal numbers). Identical bits to logF32 there.
 */
// @ts-ignore: decorator
@inline export function logF32x4(x: v128): v128 {
  return logScaledF32x4(x, logK(16));
}

/**
 * logF32x4(x·2^-s) without the multiplication, for bias = 126 + s splat to 4 lanes (x and x·2^-s
 * positive normal numbers): scaling by 2^-s only changes the exponent field, so this is the same
 * sequence of roundings and the same bits. Box–Muller passes x = the integer n1 and s = 24.
 */
// @ts-ignore: decorator
@inline export function logScaledF32x4(x: v128, bias: v128): v128 {
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), bias);
  let m = v128.or(v128.and(bits, logK(14)), logK(15));
  // m < SQRT_HALF compared as integers (both positive floats, so the order is that of their bits):
  // one cycle where the float compare takes three
  const small = i32x4.lt_s(m, logK(0));
  // e -= 1 where small (the mask is all ones = -1 there)
  e = i32x4.add(e, small);
  // m + m − 1 where small, else m − 1, as (m + (m where small, else +0)) − 1: the same two roundings
  // (m + 0 = m exactly), three instructions instead of a bitselect over two branches
  m = f32x4.sub(f32x4.add(m, v128.and(m, small)), logK(1));
  const z = f32x4.mul(m, m);
  let y = f32x4.add(f32x4.mul(logK(2), m), logK(3)); // P0·m + P1
  y = f32x4.add(f32x4.mul(y, m), logK(4)); // P2
  y = f32x4.add(f32x4.mul(y, m), logK(5));
  y = f32x4.add(f32x4.mul(y, m), logK(6));
  y = f32x4.add(f32x4.mul(y, m), logK(7));
  y = f32x4.add(f32x4.mul(y, m), logK(8));
  y = f32x4.add(f32x4.mul(y, m), logK(9));
  y = f32x4.add(f32x4.mul(y, m), logK(10)); // P8
  y = f32x4.mul(f32x4.mul(y, m), z);
  const fe = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(fe, logK(11))); // LN2_LO
  y = f32x4.sub(y, f32x4.mul(logK(12), z)); // 0.5
  return f32x4.add(f32x4.add(m, y), f32x4.mul(fe, logK(13))); // LN2_HI
}

/**
 * logScaledF32x4 of two vectors, xa → out and xb → out + 16, with the two dependency chains
 * interleaved op by op: V8 emits a vector function's operations in about the order of the wasm, and
 * one chain alone (≈ 25 dependent roundings) leaves the CPU waiting. Same operations, same bits.
 */
// @ts-ignore: decorator
@inline export function logScaledF32x4x2To(out: usize, xa: v128, xb: v128, bias: v128): void {
  let ea = i32x4.sub(i32x4.shr_u(xa, 23), bias);
  let eb = i32x4.sub(i32x4.shr_u(xb, 23), bias);
  let ma = v128.or(v128.and(xa, logK(14)), logK(15));
  let mb = v128.or(v128.and(xb, logK(14)), logK(15));
  const sa = i32x4.lt_s(ma, logK(0));
  const sb = i32x4.lt_s(mb, logK(0));
  ea = i32x4.add(ea, sa);
  eb = i32x4.add(eb, sb);
  ma = f32x4.sub(f32x4.add(ma, v128.and(ma, sa)), logK(1));
  mb = f32x4.sub(f32x4.add(mb, v128.and(mb, sb)), logK(1));
  const za = f32x4.mul(ma, ma);
  const zb = f32x4.mul(mb, mb);
  let ya = f32x4.add(f32x4.mul(logK(2), ma), logK(3));
  let yb = f32x4.add(f32x4.mul(logK(2), mb), logK(3));
  for (let i = 4; i <= 10; i++) {
    ya = f32x4.add(f32x4.mul(ya, ma), logK(i));
    yb = f32x4.add(f32x4.mul(yb, mb), logK(i));
  }
  ya = f32x4.mul(f32x4.mul(ya, ma), za);
  yb = f32x4.mul(f32x4.mul(yb, mb), zb);
  const fa = f32x4.convert_i32x4_s(ea);
  const fb = f32x4.convert_i32x4_s(eb);
  ya = f32x4.add(ya, f32x4.mul(fa, logK(11)));
  yb = f32x4.add(yb, f32x4.mul(fb, logK(11)));
  ya = f32x4.sub(ya, f32x4.mul(logK(12), za));
  yb = f32x4.sub(yb, f32x4.mul(logK(12), zb));
  v128.store(out, f32x4.add(f32x4.add(ma, ya), f32x4.mul(fa, logK(13))));
  v128.store(out, f32x4.add(f32x4.add(mb, yb), f32x4.mul(fb, logK(13))), 16);
}
