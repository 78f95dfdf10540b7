// The SIMD bulk path of the Gamma fills (one α, one rate): the draws of the per-element code in
// gamma.ts, bit for bit, computed in rounds of short vector passes over a chunk of GAMMA_CHUNK elements
// (one fused loop with the rare log test inside spilled registers and ran ~1.5× slower). Round r takes
// the elements still without a draw — all of them in round 0, the ≈ 1–3 % rejected in round r − 1 after —
// and tries block r of their sub-streams, which is exactly the attempt the scalar loop makes next:
//   1. block r of each listed element's sub-stream (Philox, twelve lanes at a time);
//   2. the Box–Muller normal z of words 0–1 (cos branch, f32x4);
//   3. v = (1 + c·z)³, the 53-bit u of words 2–3 and the squeeze of `attempt` (f64x2), G = d·v; the
//      ≈ 0.03–4 % the squeeze leaves (by α) are listed …
//   4. … for the log test of `attempt`, two at a time (logF64x2); those it rejects go to round r + 1;
//   5. α < 1: G·U^{1/α} with U from words 0–1 of block r + 1 (Marsaglia & Tsang 2000, §6).
// Each round writes every listed element's result; a later round overwrites the rejected ones. Then
// x = G/rate clamped below at `tiny` is stored as f32 or f64. Every element sees the operations of
// `attempt` in its order, so both builds give the same bits.
import { philoxBlock4To, philoxBlock4x3SubTo, philoxRoundKeys } from "../rng/philox";
import { boxMullerCosF32x4x2To } from "./normal";
import { logF64x2 } from "../math/logd";
import { expF64x2 } from "../math/expd";
import { wordsToUniformF64, squeezeCoefficient, TAG_GAMMA, SUBSTREAM } from "./gamma";

// @ts-ignore: decorator
@inline const GAMMA_CHUNK: i32 = 384; // a multiple of 12 (Philox) and 8 (Box–Muller pairs of quads)

const WORDS: usize = memory.data(GAMMA_CHUNK * 16, 16); // block words, quads as philoxBlock4To stores them
const NORMALS: usize = memory.data(GAMMA_CHUNK * 4, 16); // z (f32), by position in the round's list
const DRAWS: usize = memory.data(GAMMA_CHUNK * 8, 16); // G (f64) by position (rounds after the first)
const RESULTS: usize = memory.data(GAMMA_CHUNK * 8, 16); // G (f64) by element: the chunk's draws
const BOOST_LOGS: usize = memory.data(GAMMA_CHUNK * 8, 16); // log(1 − U)/α (f64) by position
const PENDING: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16); // positions the squeeze left
// Lists of chunk indices: round 0 reads ALL (0, 1, 2, …), later rounds alternate between the other two.
const ALL: usize = memory.data(GAMMA_CHUNK * 4, 16);
const LIST_A: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
const LIST_B: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
for (let i = 0; i < GAMMA_CHUNK; i++) store<i32>(ALL + (<usize>i << 2), i);

// f64x2 constants, loaded rather than rematerialised inside loops (see BOX_MULLER_K in normal.ts)
const K: usize = memory.data(5 * 16, 16);
// @ts-ignore: decorator
@inline const ONE = 0;
// @ts-ignore: decorator
@inline const ZERO = 1;
// @ts-ignore: decorator
@inline const HALF = 2;
// @ts-ignore: decorator
@inline const TWO_26 = 3;
// @ts-ignore: decorator
@inline const INV_2_53 = 4;
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f64> = [1.0, 0.0, 0.5, 67108864.0, 1.1102230246251565e-16];
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

// Words of block `block` of elements e + list[0 … m) (m a multiple of 4) into WORDS.
function blockWords(list: usize, e: u32, m: i32, block: u32, k0: u32, k1: u32): void {
  const tag = i32x4.splat(TAG_GAMMA), sub = i32x4.splat(SUBSTREAM), b = i32x4.splat(block), ev = i32x4.splat(e);
  let q = 0;
  for (; q + 12 <= m; q += 12) {
    const l = list + (<usize>q << 2);
    philoxBlock4x3SubTo(WORDS + (<usize>q << 4), i32x4.add(ev, v128.load(l)), i32x4.add(ev, v128.load(l, 16)), i32x4.add(ev, v128.load(l, 32)), b, tag, sub);
  }
  for (; q < m; q += 4) {
    philoxBlock4To(WORDS + (<usize>q << 4), b, i32x4.add(ev, v128.load(list + (<usize>q << 2))), tag, sub, k0, k1);
  }
}

// Pass 3 on two lanes (z, and words 2–3 in lanes 0–1 of hi, lo): stores d·v at g, returns the lanes
// the squeeze (1 − u)·min(1, w) > q·z⁴ of `attempt` accepts (bit l for lane l).
// @ts-ignore: decorator
@inline function squeezePair(g: usize, z: v128, hi: v128, lo: v128, cv: v128, dv: v128, qv: v128): i32 {
  const w = f64x2.add(k(ONE), f64x2.mul(cv, z));
  const positive = f64x2.gt(w, k(ZERO));
  v128.store(g, f64x2.mul(dv, f64x2.mul(f64x2.mul(w, w), w)));
  const z2 = f64x2.mul(z, z);
  const room = f64x2.mul(f64x2.sub(k(ONE), uniformPair(hi, lo)), f64x2.min(k(ONE), w));
  const squeeze = f64x2.gt(room, f64x2.mul(f64x2.mul(qv, z2), z2));
  return i64x2.bitmask(v128.and(positive, squeeze));
}

// Passes 3 and 4 over positions 0 … m of a round (count of them real, the rest padding): G at draws;
// returns how many the log test rejects, their chunk indices (from list) in next.
function acceptPasses(draws: usize, list: usize, next: usize, count: i32, m: i32, d: f64, c: f64): i32 {
  const cv = f64x2.splat(c), dv = f64x2.splat(d), qv = f64x2.splat(squeezeCoefficient(d));
  let pending = 0;
  for (let q = 0; q < m; q += 4) {
    const z4 = v128.load(NORMALS + (<usize>q << 2));
    const w = WORDS + (<usize>q << 4);
    const hi = v128.load(w, 32), lo = v128.load(w, 48);
    const g = draws + (<usize>q << 3);
    const low = squeezePair(g, f64x2.promote_low_f32x4(z4), hi, lo, cv, dv, qv);
    const high = squeezePair(g + 16, f64x2.promote_low_f32x4(v128.shuffle<u32>(z4, z4, 2, 3, 2, 3)),
      v128.shuffle<u32>(hi, hi, 2, 3, 2, 3), v128.shuffle<u32>(lo, lo, 2, 3, 2, 3), cv, dv, qv);
    const left = ~(low | (high << 2));
    // branch-free append: every lane is written, the count moves only for the listed ones
    for (let l = 0; l < 4; l++) {
      store<i32>(PENDING + (<usize>pending << 2), q + l);
      pending += (left >> l) & 1;
    }
  }
  store<i32>(PENDING + (<usize>pending << 2), pending > 0 ? load<i32>(PENDING + (<usize>(pending - 1) << 2)) : 0);
  let rejected = 0;
  for (let j = 0; j < pending; j += 2) {
    const p0 = load<i32>(PENDING + (<usize>j << 2)), p1 = load<i32>(PENDING + (<usize>j << 2), 4);
    const z = f64x2(<f64>load<f32>(NORMALS + (<usize>p0 << 2)), <f64>load<f32>(NORMALS + (<usize>p1 << 2)));
    const w0 = WORDS + (<usize>(p0 >> 2) << 6) + (<usize>(p0 & 3) << 2);
    const w1 = WORDS + (<usize>(p1 >> 2) << 6) + (<usize>(p1 & 3) << 2);
    const u = f64x2(wordsToUniformF64(load<u32>(w0, 32), load<u32>(w0, 48)), wordsToUniformF64(load<u32>(w1, 32), load<u32>(w1, 48)));
    let v = f64x2.add(k(ONE), f64x2.mul(cv, z));
    const positive = f64x2.gt(v, k(ZERO));
    v = f64x2.mul(f64x2.mul(v, v), v);
    const z2 = f64x2.mul(z, z);
    // the log test of `attempt`: log u < z²/2 + d·(1 − v + log v) (NaN where v ≤ 0: false)
    const rhs = f64x2.add(f64x2.mul(k(HALF), z2), f64x2.mul(dv, f64x2.add(f64x2.sub(k(ONE), v), logF64x2(v))));
    const accepted = i64x2.bitmask(v128.and(positive, f64x2.lt(logF64x2(u), rhs)));
    // branch-free append of the real lanes the log test rejects (p1 repeats p0 past the end of PENDING)
    store<i32>(next + (<usize>rejected << 2), load<i32>(list + (<usize>p0 << 2)));
    rejected += ~accepted & <i32>(p0 < count) & 1;
    store<i32>(next + (<usize>rejected << 2), load<i32>(list + (<usize>p1 << 2)));
    rejected += (~accepted >> 1) & <i32>(p1 < count) & <i32>(j + 1 < pending) & 1;
  }
  return rejected;
}

// Pass 5 (α < 1): G ← G·exp(log(1 − U)/α), U from words 0–1 of block `block` (the one after the
// attempt), as gamma.ts's logBoost (expF64x2: the bits of Math.exp).
function boostPass(draws: usize, list: usize, e: u32, m: i32, block: u32, k0: u32, k1: u32, alpha: f64): void {
  blockWords(list, e, m, block, k0, k1);
  const av = f64x2.splat(alpha);
  // log(1 − U)/α into BOOST_LOGS, then G·exp of it: two short loops overlap their long dependency chains
  // (log → division → exp) better than one (interleaved A/B: the whole α < 1 draw 1.13× faster)
  for (let q = 0; q < m; q += 4) {
    const w = WORDS + (<usize>q << 4);
    const b0 = v128.load(w), b1 = v128.load(w, 16);
    const l = BOOST_LOGS + (<usize>q << 3);
    v128.store(l, f64x2.div(logF64x2(f64x2.sub(k(ONE), uniformPair(b0, b1))), av));
    v128.store(l, f64x2.div(logF64x2(f64x2.sub(k(ONE), uniformPair(v128.shuffle<u32>(b0, b0, 2, 3, 2, 3), v128.shuffle<u32>(b1, b1, 2, 3, 2, 3)))), av), 16);
  }
  for (let p = 0; p < m; p += 2) {
    const g = draws + (<usize>p << 3);
    v128.store(g, f64x2.mul(v128.load(g), expF64x2(v128.load(BOOST_LOGS + (<usize>p << 3)))));
  }
}

// One round: elements list[0 … count) of the chunk starting at element e try block `block`. Writes
// their G to RESULTS (directly in round 0, whose list is ALL) and returns how many need another round
// (their indices in next).
function round(list: usize, next: usize, count: i32, e: u32, block: u32, k0: u32, k1: u32, alpha: f64, d: f64, c: f64): i32 {
  const m = (count + 3) & ~3;
  const last = load<i32>(list + (<usize>(count - 1) << 2));
  for (let p = count; p < m; p++) store<i32>(list + (<usize>p << 2), last); // pad to whole quads
  blockWords(list, e, m, block, k0, k1);
  for (let q = 0; q < m; q += 8) {
    boxMullerCosF32x4x2To(NORMALS + (<usize>q << 2), WORDS + (<usize>q << 4), WORDS + (<usize>(q + 4) << 4));
  }
  const draws = block == 0 ? RESULTS : DRAWS;
  const rejected = acceptPasses(draws, list, next, count, m, d, c);
  if (alpha < 1.0) boostPass(draws, list, e, m, block + 1, k0, k1, alpha);
  if (block != 0) {
    for (let p = 0; p < count; p++) {
      store<f64>(RESULTS + (<usize>load<i32>(list + (<usize>p << 2)) << 3), load<f64>(DRAWS + (<usize>p << 3)));
    }
  }
  return rejected;
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
    const g = RESULTS + (<usize>q << 3);
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
 * bits as gammaFillFrom in gamma-fill.ts.
 */
export function gammaFillSimd(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, alpha: f64, rate: f64, tiny: f64): void {
  const a = alpha < 1.0 ? alpha + 1.0 : alpha;
  const d = a - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  philoxRoundKeys(k0, k1);
  for (let i = 0; i < n; i += GAMMA_CHUNK) {
    const m = min(GAMMA_CHUNK, n - i);
    const e = start + <u32>i;
    let list = ALL, next = LIST_A;
    let count = m;
    for (let block: u32 = 0; count > 0; block++) {
      count = round(list, next, count, e, block, k0, k1, alpha, d, c);
      list = next;
      next = next == LIST_A ? LIST_B : LIST_A;
    }
    storeChunk(out + (<usize>i << (isF32 ? 2 : 3)), isF32, m, rate, tiny);
  }
}
