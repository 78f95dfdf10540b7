// The SIMD bulk path of the Gamma fills (one α, one rate): the draws of the per-element code in
// gamma.ts, bit for bit, computed in passes over chunks of GAMMA_CHUNK elements. Each pass is a short
// loop V8 keeps in registers; one fused loop with the rare log test inside spilled and ran ~1.5× slower.
//   1. block 0 of every element's sub-stream (Philox, twelve lanes at a time);
//   2. the Box–Muller normal z of words 0–1 (cos branch, f32x4);
//   3. v = (1 + c·z)³, the 53-bit u of words 2–3 and the squeeze u < 1 − 0.0331·z⁴ (f64x2), G = d·v;
//      the ≈ 10 % of elements the squeeze leaves are listed;
//   4. the log test of `attempt` for the listed elements, two at a time (logF64x2); the ≈ 1 % it
//      rejects are redone from block 1 on by standardGammaElement (boost included);
//   5. α < 1: G·U^{1/α} with U from words 0–1 of block 1 (Marsaglia & Tsang 2000, §6);
//   6. x = G/rate clamped below at `tiny`, stored as f32 or f64.
// Every element sees the operations of `attempt` in its order, so both builds give the same bits.
import { philoxBlock4To, philoxBlock4x3SubTo, philoxRoundKeys } from "../rng/philox";
import { boxMullerCosF32x4x2To } from "./normal";
import { logF64x2 } from "../math/logd";
import { expF64x2 } from "../math/expd";
import { standardGammaElement, wordsToUniformF64, TAG_GAMMA, SUBSTREAM } from "./gamma";

// @ts-ignore: decorator
@inline const GAMMA_CHUNK: i32 = 96; // a multiple of 12 (Philox) and 8 (Box–Muller pairs of quads)

const WORDS: usize = memory.data(GAMMA_CHUNK * 16, 16); // block words, quads as philoxBlock4To stores them
const NORMALS: usize = memory.data(GAMMA_CHUNK * 4, 16); // z (f32)
const DRAWS: usize = memory.data(GAMMA_CHUNK * 8, 16); // G (f64) before the division by the rate
const PENDING: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16); // chunk indices the squeeze left
const REDONE: usize = memory.data(GAMMA_CHUNK * 4, 16); // chunk indices redone past block 0 …
const REDONE_DRAWS: usize = memory.data(GAMMA_CHUNK * 8, 16); // … and their draws (boost included)

// f64x2 constants, loaded rather than rematerialised inside loops (see BOX_MULLER_K in normal.ts)
const K: usize = memory.data(6 * 16, 16);
// @ts-ignore: decorator
@inline const ONE = 0;
// @ts-ignore: decorator
@inline const ZERO = 1;
// @ts-ignore: decorator
@inline const SQUEEZE = 2;
// @ts-ignore: decorator
@inline const HALF = 3;
// @ts-ignore: decorator
@inline const TWO_26 = 4;
// @ts-ignore: decorator
@inline const INV_2_53 = 5;
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f64> = [1.0, 0.0, 0.0331, 0.5, 67108864.0, 1.1102230246251565e-16];
  for (let i = 0; i < consts.length; i++) v128.store(K + (<usize>i << 4), f64x2.splat(consts[i]));
}
// @ts-ignore: decorator
@inline function k(i: i32): v128 { return v128.load(K + (<usize>i << 4)); }

// wordsToUniformF64 of two lanes: hi < 2^27 and lo < 2^26, so the signed conversions are exact.
// @ts-ignore: decorator
@inline function uniformPair(hi: v128, lo: v128): v128 {
  const h = f64x2.convert_low_i32x4_s(i32x4.shr_u(hi, 5));
  const l = f64x2.convert_low_i32x4_s(i32x4.shr_u(lo, 6));
  return f64x2.mul(f64x2.add(f64x2.mul(h, k(TWO_26)), l), k(INV_2_53));
}

// Words of block `block` of elements e … e+m−1 (m a multiple of 4) into WORDS.
function blockWords(e: u32, m: i32, block: u32, k0: u32, k1: u32): void {
  const tag = i32x4.splat(TAG_GAMMA), sub = i32x4.splat(SUBSTREAM), b = i32x4.splat(block);
  let q = 0;
  for (; q + 12 <= m; q += 12) {
    const f = e + <u32>q;
    philoxBlock4x3SubTo(WORDS + (<usize>q << 4), i32x4(f, f + 1, f + 2, f + 3), i32x4(f + 4, f + 5, f + 6, f + 7), i32x4(f + 8, f + 9, f + 10, f + 11), b, tag, sub);
  }
  for (; q < m; q += 4) {
    const f = e + <u32>q;
    philoxBlock4To(WORDS + (<usize>q << 4), b, i32x4(f, f + 1, f + 2, f + 3), tag, sub, k0, k1);
  }
}

// Pass 3 on two lanes (z, and words 2–3 in lanes 0–1 of hi, lo): stores d·v at g, returns the lanes
// the squeeze accepts (bit l for lane l).
// @ts-ignore: decorator
@inline function squeezePair(g: usize, z: v128, hi: v128, lo: v128, cv: v128, dv: v128): i32 {
  let v = f64x2.add(k(ONE), f64x2.mul(cv, z));
  const positive = f64x2.gt(v, k(ZERO));
  v = f64x2.mul(f64x2.mul(v, v), v);
  v128.store(g, f64x2.mul(dv, v));
  const z2 = f64x2.mul(z, z);
  const squeeze = f64x2.lt(uniformPair(hi, lo), f64x2.sub(k(ONE), f64x2.mul(f64x2.mul(k(SQUEEZE), z2), z2)));
  return i64x2.bitmask(v128.and(positive, squeeze));
}

// Passes 3 and 4 over m elements; returns how many were redone (their indices and draws in REDONE…).
function acceptChunk(e: u32, m: i32, k0: u32, k1: u32, alpha: f64, d: f64, c: f64): i32 {
  const cv = f64x2.splat(c), dv = f64x2.splat(d);
  let pending = 0;
  for (let q = 0; q < m; q += 4) {
    const z4 = v128.load(NORMALS + (<usize>q << 2));
    const w = WORDS + (<usize>q << 4);
    const hi = v128.load(w, 32), lo = v128.load(w, 48);
    const g = DRAWS + (<usize>q << 3);
    const low = squeezePair(g, f64x2.promote_low_f32x4(z4), hi, lo, cv, dv);
    const high = squeezePair(g + 16, f64x2.promote_low_f32x4(v128.shuffle<u32>(z4, z4, 2, 3, 2, 3)),
      v128.shuffle<u32>(hi, hi, 2, 3, 2, 3), v128.shuffle<u32>(lo, lo, 2, 3, 2, 3), cv, dv);
    const left = ~(low | (high << 2));
    // branch-free append: every lane is written, the count moves only for the listed ones
    for (let l = 0; l < 4; l++) {
      store<i32>(PENDING + (<usize>pending << 2), q + l);
      pending += (left >> l) & 1;
    }
  }
  store<i32>(PENDING + (<usize>pending << 2), pending > 0 ? load<i32>(PENDING + (<usize>(pending - 1) << 2)) : 0);
  let redone = 0;
  for (let j = 0; j < pending; j += 2) {
    const i0 = load<i32>(PENDING + (<usize>j << 2)), i1 = load<i32>(PENDING + (<usize>j << 2), 4);
    const z = f64x2(<f64>load<f32>(NORMALS + (<usize>i0 << 2)), <f64>load<f32>(NORMALS + (<usize>i1 << 2)));
    const w0 = WORDS + (<usize>(i0 >> 2) << 6) + (<usize>(i0 & 3) << 2);
    const w1 = WORDS + (<usize>(i1 >> 2) << 6) + (<usize>(i1 & 3) << 2);
    const u = f64x2(wordsToUniformF64(load<u32>(w0, 32), load<u32>(w0, 48)), wordsToUniformF64(load<u32>(w1, 32), load<u32>(w1, 48)));
    let v = f64x2.add(k(ONE), f64x2.mul(f64x2.splat(c), z));
    const positive = f64x2.gt(v, k(ZERO));
    v = f64x2.mul(f64x2.mul(v, v), v);
    const z2 = f64x2.mul(z, z);
    // the log test of `attempt`: log u < z²/2 + d·(1 − v + log v) (NaN where v ≤ 0: false)
    const rhs = f64x2.add(f64x2.mul(k(HALF), z2), f64x2.mul(f64x2.splat(d), f64x2.add(f64x2.sub(k(ONE), v), logF64x2(v))));
    const accepted = i64x2.bitmask(v128.and(positive, f64x2.lt(logF64x2(u), rhs)));
    for (let l = 0; l < 2 && j + l < pending; l++) {
      if ((accepted >> l) & 1) continue;
      const i = l == 0 ? i0 : i1;
      store<i32>(REDONE + (<usize>redone << 2), i);
      store<f64>(REDONE_DRAWS + (<usize>redone << 3), standardGammaElement(k0, k1, e + <u32>i, alpha, d, c));
      redone++;
    }
  }
  return redone;
}

// Pass 5 (α < 1): G ← G·exp(log(1 − U)/α), U from words 0–1 of block 1, as gamma.ts's logBoost
// (expF64x2: the bits of Math.exp).
function boostChunk(e: u32, m: i32, k0: u32, k1: u32, alpha: f64): void {
  blockWords(e, m, 1, k0, k1);
  const av = f64x2.splat(alpha);
  for (let q = 0; q < m; q += 4) {
    const w = WORDS + (<usize>q << 4);
    const b0 = v128.load(w), b1 = v128.load(w, 16);
    const lbLow = f64x2.div(logF64x2(f64x2.sub(k(ONE), uniformPair(b0, b1))), av);
    const lbHigh = f64x2.div(logF64x2(f64x2.sub(k(ONE), uniformPair(v128.shuffle<u32>(b0, b0, 2, 3, 2, 3), v128.shuffle<u32>(b1, b1, 2, 3, 2, 3)))), av);
    const g = DRAWS + (<usize>q << 3);
    v128.store(g, f64x2.mul(v128.load(g), expF64x2(lbLow)));
    v128.store(g, f64x2.mul(v128.load(g, 16), expF64x2(lbHigh)), 16);
  }
}

// True when x/rate == x·(1/rate) for every x: rate = ±2^k with 1/rate a normal number, so both are the
// exact x·2^−k rounded once. Then the division (the slowest f64x2 operation) becomes a product.
function reciprocalIsExact(rate: f64): bool {
  const bits = reinterpret<u64>(rate);
  const exponent = <i32>((bits >> 52) & 0x7ff);
  return (bits & 0x000fffffffffffff) == 0 && exponent > 1 && exponent < 0x7fe;
}

// Pass 6: out[0 … m) = G/rate clamped below at tiny as f32 or f64 (NaN stays NaN, as the scalar
// `if (g < tiny)`).
function storeChunk(out: usize, isF32: bool, m: i32, rate: f64, tiny: f64): void {
  const exact = reciprocalIsExact(rate);
  const vrate = f64x2.splat(rate), vinv = f64x2.splat(1.0 / rate), vtiny = f64x2.splat(tiny);
  for (let q = 0; q < m; q += 4) {
    const g = DRAWS + (<usize>q << 3);
    let x0 = exact ? f64x2.mul(v128.load(g), vinv) : f64x2.div(v128.load(g), vrate);
    x0 = v128.bitselect(vtiny, x0, f64x2.lt(x0, vtiny));
    let x1 = exact ? f64x2.mul(v128.load(g, 16), vinv) : f64x2.div(v128.load(g, 16), vrate);
    x1 = v128.bitselect(vtiny, x1, f64x2.lt(x1, vtiny));
    if (isF32) {
      v128.store(out + (<usize>q << 2), v128.shuffle<u32>(f32x4.demote_f64x2_zero(x0), f32x4.demote_f64x2_zero(x1), 0, 1, 4, 5));
    } else {
      v128.store(out + (<usize>q << 3), x0);
      v128.store(out + (<usize>q << 3), x1, 16);
    }
  }
}

/**
 * SIMD build only. out: n draws (n a multiple of 4) of Gamma(α, rate), α > 0 one number, elements
 * start … start+n−1 of the "gamm" sampler, as f32 (isF32) or f64, clamped below at `tiny`. The same
 * bits as gammaFillFrom in gamma.ts.
 */
export function gammaFillSimd(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, alpha: f64, rate: f64, tiny: f64): void {
  const a = alpha < 1.0 ? alpha + 1.0 : alpha;
  const d = a - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  philoxRoundKeys(k0, k1);
  for (let i = 0; i < n; i += GAMMA_CHUNK) {
    const m = min(GAMMA_CHUNK, n - i);
    const e = start + <u32>i;
    blockWords(e, m, 0, k0, k1);
    for (let q = 0; q < m; q += 8) {
      boxMullerCosF32x4x2To(NORMALS + (<usize>q << 2), WORDS + (<usize>q << 4), WORDS + (<usize>(q + 4) << 4));
    }
    const redone = acceptChunk(e, m, k0, k1, alpha, d, c);
    if (alpha < 1.0) boostChunk(e, m, k0, k1, alpha);
    for (let r = 0; r < redone; r++) {
      store<f64>(DRAWS + (<usize>load<i32>(REDONE + (<usize>r << 2)) << 3), load<f64>(REDONE_DRAWS + (<usize>r << 3)));
    }
    storeChunk(out + (<usize>i << (isF32 ? 2 : 3)), isF32, m, rate, tiny);
  }
}
