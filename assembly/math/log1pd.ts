// log1p(x) in f64x2 with the bits of AS std's NativeMath.log1p (musl src/math/log1p.c, from fdlibm
// s_log1p.c) lane by lane, fast on Box–Muller's arguments x = −u, u = k·2^-53 in [0, 1).
// Both of std's paths run per lane and a select picks one (no FMA in WASM, so a lane of f64x2.mul or
// add is the scalar operation): |x| ≤ 0.2929 takes k = 0, f = x; otherwise 1 + x = 2^k·(1 + f) with
// 1 + f in [√½, √2). There std adds the rounding error of 1 + x, c = (x − (1 + x − 1))/(1 + x); for x =
// −k·2^-53 the sum 1 + x is exact, so c = +0 and adding it changes nothing, and we skip the division.
// Lanes outside that domain (x ≤ −1, x > 0, NaN, or 1 + x inexact) are misses: Math.log1p's job.

// Each constant splat to two lanes in memory: V8 (x64) rematerialises a v128.const inside a loop with
// three instructions, a load is one.
const LN2_HI = memory.data<u64>([0x3FE62E42FEE00000, 0x3FE62E42FEE00000], 16); // 6.93147180369123816490e-01
const LN2_LO = memory.data<u64>([0x3DEA39EF35793C76, 0x3DEA39EF35793C76], 16); // 1.90821492927058770002e-10
const LG1 = memory.data<u64>([0x3FE5555555555593, 0x3FE5555555555593], 16); // 6.666666666666735130e-01
const LG2 = memory.data<u64>([0x3FD999999997FA04, 0x3FD999999997FA04], 16); // 3.999999999940941908e-01
const LG3 = memory.data<u64>([0x3FD2492494229359, 0x3FD2492494229359], 16); // 2.857142874366239149e-01
const LG4 = memory.data<u64>([0x3FCC71C51D8E78AF, 0x3FCC71C51D8E78AF], 16); // 2.222219843214978396e-01
const LG5 = memory.data<u64>([0x3FC7466496CB03DE, 0x3FC7466496CB03DE], 16); // 1.818357216161805012e-01
const LG6 = memory.data<u64>([0x3FC39A09D078C69F, 0x3FC39A09D078C69F], 16); // 1.531383769920937332e-01
const LG7 = memory.data<u64>([0x3FC2F112DF3E5244, 0x3FC2F112DF3E5244], 16); // 1.479819860511658591e-01
const ONE = memory.data<f64>([1.0, 1.0], 16);
const TWO = memory.data<f64>([2.0, 2.0], 16);
const HALF = memory.data<f64>([0.5, 0.5], 16);
const MINUS_ONE = memory.data<f64>([-1.0, -1.0], 16);
const K_ZERO_BELOW = memory.data<u64>([0x3FD2BEC500000000, 0x3FD2BEC500000000], 16); // high word 0x3FD2BEC4 + 1
const TINY_BELOW = memory.data<f64>([1.1102230246251565e-16, 1.1102230246251565e-16], 16); // 2^-53
const HU_SHIFT = memory.data<u64>([0x00095F6200000000, 0x00095F6200000000], 16); // (0x3FF00000 − 0x3FE6A09E) << 32
const MANTISSA = memory.data<u64>([0x000FFFFFFFFFFFFF, 0x000FFFFFFFFFFFFF], 16);
const SQRT_HALF_HIGH = memory.data<u64>([0x3FE6A09E00000000, 0x3FE6A09E00000000], 16);
const BIAS = memory.data<i32>([0x3FF, 0x3FF, 0x3FF, 0x3FF], 16);

/** Lanes (bit 0, bit 1) of the last log1pF64x2Fast that are misses: there Math.log1p gives the bits. */
export let log1pF64x2Misses: i32 = 0;

/**
 * log(1 + x) on both lanes, bit for bit Math.log1p for −1 < x ≤ 0 when 1 + x is exact (always for
 * x = −k·2^-53); the other lanes are misses, flagged in log1pF64x2Misses (their value is not std's).
 * @example log1pF64x2Fast(f64x2(-0.0, -0.5)) = (−0, −0.6931471805599453), misses 0.
 */
// @ts-ignore: decorator
@inline export function log1pF64x2Fast(x: v128): v128 {
  const one = v128.load(ONE);
  const ax = f64x2.abs(x);
  // std: high word of x ≤ 0xBFD2BEC4 (x < 0) → k = 0, c = 0, f = x
  const kIsZero = f64x2.lt(ax, v128.load(K_ZERO_BELOW));
  // std: u = 1 + x; hu = high(u) + (0x3FF00000 − 0x3FE6A09E); k = (hu >> 20) − 0x3FF;
  // f = (hu & 0xFFFFF) + 0x3FE6A09E over the low word of u, minus 1 (on i64 lanes: no carry across)
  const uf = f64x2.add(one, x);
  const hu = i64x2.add(uf, v128.load(HU_SHIFT));
  const e = i64x2.shr_u(hu, 52);
  const kLanes = i32x4.sub(v128.shuffle<i32>(e, e, 0, 2, 0, 2), v128.load(BIAS));
  const dk = v128.andnot(f64x2.convert_low_i32x4_s(kLanes), kIsZero);
  const m = i64x2.add(v128.and(hu, v128.load(MANTISSA)), v128.load(SQRT_HALF_HIGH));
  const f = v128.bitselect(x, f64x2.sub(m, one), kIsZero);
  // the same polynomial as std, in the same order
  const hfsq = f64x2.mul(f64x2.mul(v128.load(HALF), f), f);
  const s = f64x2.div(f, f64x2.add(v128.load(TWO), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(v128.load(LG2), f64x2.mul(w, f64x2.add(v128.load(LG4), f64x2.mul(w, v128.load(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(v128.load(LG1), f64x2.mul(w, f64x2.add(v128.load(LG3),
    f64x2.mul(w, f64x2.add(v128.load(LG5), f64x2.mul(w, v128.load(LG7))))))));
  const r = f64x2.add(t2, t1);
  // std: s·(hfsq + r) + (dk·ln2_lo + c) − hfsq + f + dk·ln2_hi, with c = +0
  let v = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(dk, v128.load(LN2_LO)));
  v = f64x2.add(f64x2.add(f64x2.sub(v, hfsq), f), f64x2.mul(dk, v128.load(LN2_HI)));
  // std: |x| < 2^-53 (±0 included) returns x
  v = v128.bitselect(x, v, f64x2.lt(ax, v128.load(TINY_BELOW)));
  // misses: outside (−1, 0], or c ≠ 0 (1 + x inexact) on the k path
  const zero = f64x2.splat(0.0);
  const inDomain = v128.and(f64x2.gt(x, v128.load(MINUS_ONE)), f64x2.le(x, zero));
  const cIsZero = v128.or(f64x2.eq(f64x2.sub(x, f64x2.sub(uf, one)), zero), kIsZero);
  log1pF64x2Misses = i64x2.bitmask(v128.and(inDomain, cIsZero)) ^ 3;
  return v;
}

/** log(1 + x) on both lanes, bit for bit Math.log1p on every input (misses of log1pF64x2Fast by Math.log1p). */
// @ts-ignore: decorator
@inline export function log1pF64x2(x: v128): v128 {
  let v = log1pF64x2Fast(x);
  const misses = log1pF64x2Misses;
  if (misses != 0) {
    if ((misses & 1) != 0) v = f64x2.replace_lane(v, 0, Math.log1p(f64x2.extract_lane(x, 0)));
    if ((misses & 2) != 0) v = f64x2.replace_lane(v, 1, Math.log1p(f64x2.extract_lane(x, 1)));
  }
  return v;
}
