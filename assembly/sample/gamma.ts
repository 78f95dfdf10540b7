// Gamma(α, rate) samples by Marsaglia & Tsang 2000 ("A simple method for generating gamma variables",
// ACM TOMS 26(3)), in f64. Each element is drawn entirely from its own sub-stream (rng/stream.ts: block k
// of element e's sub-stream is Philox counter (k, e, tag, 1)), so element i is a pure function of
// (key, i) however many rejections it needed. Attempt k uses block k: a normal z = boxMullerF32(w0, w1)
// (f32 Box–Muller, |z| ≤ 5.77) and a 53-bit uniform u from (w2, w3); accept d·v with d = a − 1/3,
// c = 1/√(9d), v = (1 + c·z)³ when v > 0 and u < 1 − 0.0331·z⁴ or log u < z²/2 + d·(1 − v + log v).
// For α < 1 the boost of the paper's §6: Gamma(α) = Gamma(α + 1)·U^{1/α}, U from words 0–1 of the block
// after the accepted one. The SIMD build computes block 0 of four elements in one philoxBlock4To: the same
// words, then the same scalar arithmetic per lane, so both builds give the same bits.
import { philoxBlock, philoxBlock4To, philoxBlock4x3SubTo, philoxRoundKeys, philoxOut0, philoxOut1, philoxOut2, philoxOut3 } from "../rng/philox";
import { boxMullerF32 } from "./normal";
import { logF32x4 } from "../math/logf";
import { logF64, logF64x2 } from "../math/logd";
import { sinCosTurnScaledF32x4 } from "../math/sincosf";

// @ts-ignore: decorator
@inline const TAG_GAMMA: u32 = 0x67616d6d; // "gamm"
// @ts-ignore: decorator
@inline const INV_2_53: f64 = 1.1102230246251565e-16;
// @ts-ignore: decorator
@inline const INV_2_24_F32: f32 = 5.9604644775390625e-8;
// @ts-ignore: decorator
@inline const SUBSTREAM: u32 = 1; // word 3 of a sub-stream counter (rng/stream.ts)

/** Smallest positive normal f32 and f64: samples are clamped to it, as torch does (_standard_gamma). */
export const TINY_F32: f64 = 1.1754943508222875e-38;
export const TINY_F64: f64 = 2.2250738585072014e-308;

/** The 53-bit uniform in [0, 1) of two words, as subStreamUniformF64. */
// @ts-ignore: decorator
@inline export function wordsToUniformF64(hiWord: u32, loWord: u32): f64 {
  return (<f64>(hiWord >>> 5) * 67108864.0 + <f64>(loWord >>> 6)) * INV_2_53;
}

// One Marsaglia–Tsang attempt on one block's words: d·v when accepted, −1 when rejected.
// @ts-ignore: decorator
@inline function attempt(w0: u32, w1: u32, w2: u32, w3: u32, d: f64, c: f64): f64 {
  const z = <f64>boxMullerF32(w0, w1, false);
  let v = 1.0 + c * z;
  if (v <= 0.0) return -1.0;
  v = v * v * v;
  const u = wordsToUniformF64(w2, w3);
  const z2 = z * z;
  if (u < 1.0 - 0.0331 * z2 * z2) return d * v;
  if (logF64(u) < 0.5 * z2 + d * (1.0 - v + logF64(v))) return d * v;
  return -1.0;
}

/** Index of the block after the last one the most recent draw used (where a following draw starts). */
export let gammaNextBlock: u32 = 0;

// Attempts from block `first` on until one is accepted; leaves gammaNextBlock after it.
function attemptsFrom(k0: u32, k1: u32, element: u32, tag: u32, first: u32, d: f64, c: f64): f64 {
  let b = first;
  while (true) {
    philoxBlock(b, element, tag, SUBSTREAM, k0, k1);
    const g = attempt(philoxOut0, philoxOut1, philoxOut2, philoxOut3, d, c);
    if (g >= 0.0) { gammaNextBlock = b + 1; return g; }
    b++;
  }
}

// log U^{1/α} with U = 1 − u in (0, 1] (no log 0), u from words 0–1 of block `block`; advances gammaNextBlock.
function logBoost(k0: u32, k1: u32, element: u32, tag: u32, block: u32, alpha: f64): f64 {
  philoxBlock(block, element, tag, SUBSTREAM, k0, k1);
  gammaNextBlock = block + 1;
  return logF64(1.0 - wordsToUniformF64(philoxOut0, philoxOut1)) / alpha;
}

/**
 * log of a Gamma(α, 1) draw of `element` of the sampler `tag`, starting at sub-stream block `first`
 * (0 for a fresh element); gammaNextBlock is left after the last block used. α ≤ 0 or NaN gives NaN.
 */
export function logStandardGammaAt(k0: u32, k1: u32, element: u32, tag: u32, first: u32, alpha: f64): f64 {
  if (!(alpha > 0)) { gammaNextBlock = first; return NaN; }
  const a = alpha < 1.0 ? alpha + 1.0 : alpha;
  const d = a - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  const g = attemptsFrom(k0, k1, element, tag, first, d, c);
  if (alpha >= 1.0) return Math.log(g);
  return Math.log(g) + logBoost(k0, k1, element, tag, gammaNextBlock, alpha);
}

// Four consecutive elements e … e+3 with concentrations a[0..3]: block 0 of all four by one SIMD call,
// a scalar continuation for the lanes it rejects. Writes log G (asLog) or G to out (4 f64).
const lanes: usize = memory.data(64 * 2, 16);

export function standardGamma4(out: usize, k0: u32, k1: u32, e: u32, tag: u32, alpha: usize, asLog: bool): void {
  let anyBoost = false;
  for (let l = 0; l < 4; l++) if (load<f64>(alpha + (<usize>l << 3)) < 1.0) anyBoost = true;
  if (ASC_FEATURE_SIMD) {
    const counters = i32x4(e, e + 1, e + 2, e + 3);
    philoxBlock4To(lanes, i32x4.splat(0), counters, i32x4.splat(tag), i32x4.splat(SUBSTREAM), k0, k1);
    if (anyBoost) philoxBlock4To(lanes + 64, i32x4.splat(1), counters, i32x4.splat(tag), i32x4.splat(SUBSTREAM), k0, k1);
  } else {
    const blocks: u32 = anyBoost ? 2 : 1;
    for (let l: u32 = 0; l < 4; l++) {
      for (let b: u32 = 0; b < blocks; b++) {
        philoxBlock(b, e + l, tag, SUBSTREAM, k0, k1);
        const p = lanes + (<usize>b << 6) + (<usize>l << 2);
        store<u32>(p, philoxOut0); store<u32>(p, philoxOut1, 16); store<u32>(p, philoxOut2, 32); store<u32>(p, philoxOut3, 48);
      }
    }
  }
  for (let l = 0; l < 4; l++) {
    const alpha_ = load<f64>(alpha + (<usize>l << 3));
    let r: f64;
    if (!(alpha_ > 0)) {
      r = NaN;
    } else {
      const a = alpha_ < 1.0 ? alpha_ + 1.0 : alpha_;
      const d = a - 1.0 / 3.0;
      const c = 1.0 / Math.sqrt(9.0 * d);
      const p = lanes + (<usize>l << 2);
      let g = attempt(load<u32>(p), load<u32>(p, 16), load<u32>(p, 32), load<u32>(p, 48), d, c);
      let next: u32 = 1;
      if (g < 0.0) { g = attemptsFrom(k0, k1, e + <u32>l, tag, 1, d, c); next = gammaNextBlock; }
      if (alpha_ >= 1.0) {
        r = asLog ? Math.log(g) : g;
      } else {
        let lb: f64;
        if (next == 1) lb = logF64(1.0 - wordsToUniformF64(load<u32>(p, 64), load<u32>(p, 80))) / alpha_;
        else lb = logBoost(k0, k1, e + <u32>l, tag, next, alpha_);
        r = asLog ? Math.log(g) + lb : g * Math.exp(lb);
      }
    }
    store<f64>(out + (<usize>l << 3), r);
  }
}

const quad: usize = memory.data(32 * 2, 16);

// n draws of Gamma(α, rate) as f64 into dst (f64 stride 8) or f32 (stride 4), clamped below at `tiny`.
// Scalar parameters with SIMD: gammaFillSimd does the first 4·⌊n/4⌋ elements; the rest (and everything
// in the scalar build or with per-element parameters) runs the per-element code below. Same bits.
// @ts-ignore: decorator
@inline function gammaFill(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32, tiny: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (count == 1 && load<f64>(concentration) > 0) {
      i = n & ~3;
      gammaFillSimd(out, isF32, start, i, k0, k1, load<f64>(concentration), load<f64>(rate), tiny);
    }
  }
  gammaFillFrom(out, isF32, start, i, n, k0, k1, concentration, rate, count, tiny);
}

// Elements `from` … n−1 (output index = element − start) with per-element parameters, 4 at a time
// by standardGamma4. The scalar reference of gammaFillSimd.
function gammaFillFrom(out: usize, isF32: bool, start: u32, from: i32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32, tiny: f64): void {
  const alpha4 = quad;
  const g4 = quad + 32;
  let j = from % count;
  for (let i = from; i < n; i += 4) {
    const m = min(4, n - i);
    let jj = j;
    for (let l = 0; l < 4; l++) {
      store<f64>(alpha4 + (<usize>l << 3), l < m ? load<f64>(concentration + (<usize>jj << 3)) : 1.0);
      if (++jj == count) jj = 0;
    }
    standardGamma4(g4, k0, k1, start + <u32>i, TAG_GAMMA, alpha4, false);
    for (let l = 0; l < m; l++) {
      let g = load<f64>(g4 + (<usize>l << 3)) / load<f64>(rate + (<usize>j << 3));
      if (g < tiny) g = tiny; // an underflow (α ≪ 1) becomes the smallest normal, as torch
      if (isF32) store<f32>(out + (<usize>(i + l) << 2), <f32>g);
      else store<f64>(out + (<usize>(i + l) << 3), g);
      if (++j == count) j = 0;
    }
  }
}

// G ~ Gamma(α, 1) of one element of the "gamm" sampler whose block 0 was rejected: the lane path of
// standardGamma4 (asLog false) from block 1 on. d and c as computed from α there.
function standardGammaElement(k0: u32, k1: u32, e: u32, alpha: f64, d: f64, c: f64): f64 {
  const g = attemptsFrom(k0, k1, e, TAG_GAMMA, 1, d, c);
  if (alpha >= 1.0) return g;
  return g * Math.exp(logBoost(k0, k1, e, TAG_GAMMA, gammaNextBlock, alpha));
}

// Block words of 12 lanes (as philoxBlock4x3SubTo stores them), a boost block, the normals, 4 results.
const simdWords: usize = memory.data(64 * 4 + 32 + 32, 16);

// SIMD only. Elements start … start+n−1 (n a multiple of 4) of Gamma(α, rate), α > 0 one number:
// block 0 of twelve elements' sub-streams in one philoxBlock4x3SubTo (four with philoxBlock4To at the
// end), then gammaQuad on each four.
function gammaFillSimd(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, alpha: f64, rate: f64, tiny: f64): void {
  const a = alpha < 1.0 ? alpha + 1.0 : alpha;
  const d = a - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  const tagV = i32x4.splat(TAG_GAMMA), subV = i32x4.splat(SUBSTREAM), zeroV = i32x4.splat(0);
  const w = simdWords;
  philoxRoundKeys(k0, k1);
  let i = 0;
  for (; i + 12 <= n; i += 12) {
    const e = start + <u32>i;
    philoxBlock4x3SubTo(w, i32x4(e, e + 1, e + 2, e + 3), i32x4(e + 4, e + 5, e + 6, e + 7), i32x4(e + 8, e + 9, e + 10, e + 11), zeroV, tagV, subV);
    gammaQuad(out, isF32, w, start, i, k0, k1, alpha, d, c, rate, tiny);
    gammaQuad(out, isF32, w + 64, start, i + 4, k0, k1, alpha, d, c, rate, tiny);
    gammaQuad(out, isF32, w + 128, start, i + 8, k0, k1, alpha, d, c, rate, tiny);
  }
  for (; i < n; i += 4) {
    const e = start + <u32>i;
    philoxBlock4To(w, zeroV, i32x4(e, e + 1, e + 2, e + 3), tagV, subV, k0, k1);
    gammaQuad(out, isF32, w, start, i, k0, k1, alpha, d, c, rate, tiny);
  }
}

// Elements start+i … start+i+3 from their block-0 words at w (4 v128: word j of the 4 lanes at 16j):
// the Box–Muller normal of words 0–1 in f32x4 (logF32x4, sinCosTurnScaledF32x4: the bits of
// boxMullerF32), then v = (1 + c·z)³ and the squeeze u < 1 − 0.0331·z⁴ in f64x2 — the operations of
// `attempt`, in its order. A lane the squeeze does not accept (≈ 2% for α ≥ 1) is redone by
// standardGammaElement, which decides it from the same words and continues its sub-stream. For α < 1
// the boost takes words 0–1 of block 1 (philoxBlock4To), log and exp per lane as standardGamma4.
function gammaQuad(out: usize, isF32: bool, w: usize, start: u32, i: i32, k0: u32, k1: u32, alpha: f64, d: f64, c: f64, rate: f64, tiny: f64): void {
  const normals = simdWords + 256;
  const g4 = simdWords + 288;
  const one = f64x2.splat(1.0);
  const n1 = i32x4.add(i32x4.shr_u(v128.load(w), 8), i32x4.splat(1));
  const u1 = f32x4.mul(f32x4.convert_i32x4_s(n1), f32x4.splat(INV_2_24_F32));
  const r = f32x4.sqrt(f32x4.mul(logF32x4(u1), f32x4.splat(-2)));
  sinCosTurnScaledF32x4(normals, i32x4.shr_u(v128.load(w, 16), 8), r); // r·cos at normals, r·sin at +16
  const z4 = v128.load(normals);
  const hi4 = i32x4.shr_u(v128.load(w, 32), 5);
  const lo4 = i32x4.shr_u(v128.load(w, 48), 6);
  let accepted = 0; // bit l: lane l accepted by the squeeze
  let g0 = one;
  let g1 = one;
  for (let h = 0; h < 2; h++) {
    const zs = h == 0 ? z4 : v128.shuffle<u32>(z4, z4, 2, 3, 2, 3);
    const his = h == 0 ? hi4 : v128.shuffle<u32>(hi4, hi4, 2, 3, 2, 3);
    const los = h == 0 ? lo4 : v128.shuffle<u32>(lo4, lo4, 2, 3, 2, 3);
    const z = f64x2.promote_low_f32x4(zs);
    let v = f64x2.add(one, f64x2.mul(f64x2.splat(c), z));
    const positive = f64x2.gt(v, f64x2.splat(0.0));
    v = f64x2.mul(f64x2.mul(v, v), v);
    // hi < 2^27, lo < 2^26: the signed conversion gives the doubles of the unsigned one
    const u = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(his), f64x2.splat(67108864.0)), f64x2.convert_low_i32x4_s(los)), f64x2.splat(INV_2_53));
    const z2 = f64x2.mul(z, z);
    let ok = v128.and(positive, f64x2.lt(u, f64x2.sub(one, f64x2.mul(f64x2.mul(f64x2.splat(0.0331), z2), z2))));
    if (i64x2.bitmask(ok) != 3) {
      // the log test of `attempt` for the lanes the squeeze left (NaN where v ≤ 0: false)
      const rhs = f64x2.add(f64x2.mul(f64x2.splat(0.5), z2), f64x2.mul(f64x2.splat(d), f64x2.add(f64x2.sub(one, v), logF64x2(v))));
      ok = v128.or(ok, v128.and(positive, f64x2.lt(logF64x2(u), rhs)));
    }
    accepted |= i64x2.bitmask(ok) << (2 * h);
    const g = f64x2.mul(f64x2.splat(d), v);
    if (h == 0) g0 = g; else g1 = g;
  }
  if (alpha < 1.0) {
    // the boost of accepted lanes: U from words 0–1 of block 1 (rejected lanes are redone below)
    const e = start + <u32>i;
    const wb = simdWords + 192; // the fourth block slot (the twelve use 0 … 191)
    philoxBlock4To(wb, i32x4.splat(1), i32x4(e, e + 1, e + 2, e + 3), i32x4.splat(TAG_GAMMA), i32x4.splat(SUBSTREAM), k0, k1);
    // lb = log(1 − U)/α two lanes at a time (logF64x2: the bits of logBoost's logF64), exp per lane
    const onev = f64x2.splat(1.0), av = f64x2.splat(alpha);
    const b0 = v128.load(wb), b1 = v128.load(wb, 16);
    const ub = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(b0, 5)), f64x2.splat(67108864.0)), f64x2.convert_low_i32x4_s(i32x4.shr_u(b1, 6))), f64x2.splat(INV_2_53));
    const b0h = v128.shuffle<u32>(b0, b0, 2, 3, 2, 3), b1h = v128.shuffle<u32>(b1, b1, 2, 3, 2, 3);
    const ubh = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(b0h, 5)), f64x2.splat(67108864.0)), f64x2.convert_low_i32x4_s(i32x4.shr_u(b1h, 6))), f64x2.splat(INV_2_53));
    v128.store(g4, f64x2.div(logF64x2(f64x2.sub(onev, ub)), av));
    v128.store(g4, f64x2.div(logF64x2(f64x2.sub(onev, ubh)), av), 16);
    g0 = f64x2.replace_lane(f64x2.replace_lane(g0, 0, f64x2.extract_lane(g0, 0) * Math.exp(load<f64>(g4))), 1, f64x2.extract_lane(g0, 1) * Math.exp(load<f64>(g4, 8)));
    g1 = f64x2.replace_lane(f64x2.replace_lane(g1, 0, f64x2.extract_lane(g1, 0) * Math.exp(load<f64>(g4, 16))), 1, f64x2.extract_lane(g1, 1) * Math.exp(load<f64>(g4, 24)));
  }
  // x = G/rate clamped below at tiny (NaN stays NaN, as the scalar `if (g < tiny)`)
  const vrate = f64x2.splat(rate), vtiny = f64x2.splat(tiny);
  let x0 = f64x2.div(g0, vrate);
  x0 = v128.bitselect(vtiny, x0, f64x2.lt(x0, vtiny));
  let x1 = f64x2.div(g1, vrate);
  x1 = v128.bitselect(vtiny, x1, f64x2.lt(x1, vtiny));
  if (isF32) {
    v128.store(out + (<usize>i << 2), v128.shuffle<u32>(f32x4.demote_f64x2_zero(x0), f32x4.demote_f64x2_zero(x1), 0, 1, 4, 5));
  } else {
    const p = out + (<usize>i << 3);
    v128.store(p, x0);
    v128.store(p, x1, 16);
  }
  if (accepted != 15) {
    for (let l = 0; l < 4; l++) {
      if ((accepted >> l) & 1) continue;
      // standardGamma4's lane path, then gammaFillFrom's last steps
      let g = standardGammaElement(k0, k1, start + <u32>(i + l), alpha, d, c) / rate;
      if (g < tiny) g = tiny;
      if (isF32) store<f32>(out + (<usize>(i + l) << 2), <f32>g);
      else store<f64>(out + (<usize>(i + l) << 3), g);
    }
  }
}

/**
 * out: n f32. Elements start … start+n-1 of Gamma(α, rate) (density ∝ x^{α−1}e^{−rate·x}): element i uses
 * α = concentration[i mod count], rate = rate[i mod count] (f64 parameters, count ≥ 1) and its own
 * sub-stream (tag "gamm"). Computed in f64, clamped below at the smallest normal f32, then rounded.
 * @example concentration = [0.5], rate = [2]: n draws with mean 0.25 and variance 0.125.
 */
export function gammaFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32): void {
  gammaFill(out, true, start, n, k0, k1, concentration, rate, count, TINY_F32);
}

/** out: n f64. As gammaFillF32 in double precision (the same draws, clamped at the smallest normal f64). */
export function gammaFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32): void {
  gammaFill(out, false, start, n, k0, k1, concentration, rate, count, TINY_F64);
}
