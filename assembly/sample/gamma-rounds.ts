// The engine of the SIMD Gamma fills (gamma-simd.ts, and Beta's and Dirichlet's Gammas): the draws of the
// per-element code in gamma.ts, bit for bit, computed in rounds of short vector passes over a chunk of
// GAMMA_CHUNK elements (one fused loop with the rare log test inside spilled registers and ran ~1.5×
// slower). Round r takes the elements still without a draw — all of them in round 0, the ≈ 0.03–4 %
// rejected in round r − 1 after — and tries block r of their sub-streams, which is exactly the attempt
// the scalar loop makes next:
//   1. block r of each listed element's sub-stream (Philox, twelve lanes at a time);
//   2. the Box–Muller normal z of words 0–1 (cos branch, f32x4);
//   3. w = 1 + c·z, the 53-bit u of words 2–3 and the squeeze of `attempt` (f64x2), G = d·w³; the
//      ≈ 0.03–4 % the squeeze leaves (by α) are listed …
//   4. … for the log test of `attempt`, two at a time (logF64x2); those it rejects go to round r + 1;
//   5. α < 1: G·U^{1/α} with U from words 0–1 of block r + 1 (Marsaglia & Tsang 2000, §6).
// Each round writes every listed element's result to RESULTS; a later round overwrites the rejected ones.
// Every element sees the operations of `attempt` in its order, so both builds give the same bits.
// Parameters are per element (gamma-params.ts): (α, d, c, q) and the rate of each chunk element sit in
// arrays by chunk index, and rounds after the first gather them by position for the elements they retry.
import { philoxBlock4To, philoxBlock4x3CountersTo, philoxRoundKeys } from "../rng/philox";
import { boxMullerCosF32x4x2To } from "./normal";
import { logF64x2 } from "../math/logd";
import { expF64x2 } from "../math/expd";
import { logLutF64x2 } from "../math/loglut";
import { wordsToUniformF64, TAG_GAMMA, SUBSTREAM } from "./gamma";
import { GAMMA_CHUNK, PARAM_STRIDE, P_ALPHA, P_D, P_C, P_Q, paramsAt, k, ONE, ZERO, HALF, TWO_26, INV_2_53 } from "./gamma-params";

const WORDS: usize = memory.data(GAMMA_CHUNK * 16, 16); // block words, quads as philoxBlock4To stores them
const NORMALS: usize = memory.data(GAMMA_CHUNK * 4, 16); // z (f32), by position in the round's list
const DRAWS: usize = memory.data(GAMMA_CHUNK * 8, 16); // G (f64) by position (rounds after the first)
export const RESULTS: usize = memory.data(GAMMA_CHUNK * 8, 16); // G (f64) by element: the chunk's draws
const BOOST_LOGS: usize = memory.data(GAMMA_CHUNK * 8, 16); // log(1 − U)/α (f64) by position
const PENDING: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16); // positions the squeeze left
// Lists of chunk indices: round 0 reads ALL (0, 1, 2, …), later rounds alternate between the other two.
const ALL: usize = memory.data(GAMMA_CHUNK * 4, 16);
const LIST_A: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
const LIST_B: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
for (let i = 0; i < GAMMA_CHUNK; i++) store<i32>(ALL + (<usize>i << 2), i);
// The retried elements' parameters by round position (gamma-params.ts's layout).
const ROUND_PARAMS: usize = memory.data(4 * (GAMMA_CHUNK + 4) * 8, 16);
// log output: log(1 − U)/α of the boost by chunk index (the boost is added to log G, not multiplied)
const CHUNK_BOOST_LOGS: usize = memory.data(GAMMA_CHUNK * 8, 16);

// Sub-stream blocks: element i's attempt in round r reads block first[i] + r. first is 0 for every element
// (ZERO_FIRST) except for a Beta's second Gamma, which starts after the first one's last block
// (CHUNK_FIRST by chunk index, gathered by position into ROUND_FIRST); CHUNK_NEXT receives each element's
// next block (after its accepted attempt and boost) when recordNext is set.
const ZERO_FIRST: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
export const CHUNK_FIRST: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
const ROUND_FIRST: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
export const CHUNK_NEXT: usize = memory.data(GAMMA_CHUNK * 4, 16);
// The boost's sublist when only some α < 1: positions, chunk indices, first blocks and α, by sublist index.
const SUB_POSITIONS: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
const SUB_LIST: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
const SUB_FIRST: usize = memory.data((GAMMA_CHUNK + 4) * 4, 16);
const SUB_ALPHAS: usize = memory.data((GAMMA_CHUNK + 4) * 8, 16);

// The rounds' mode, set by each fill: the sampler whose sub-streams are read ("gamm" for Gamma fills,
// "diri", "beta"), whether draws are wanted as log G (f64) rather than G/rate, whether elements start at
// CHUNK_FIRST, and whether CHUNK_NEXT is recorded.
let samplerTag: u32 = TAG_GAMMA;
let logOutput = false; // read by boostPass
let fromFirst = false;
let recordNext = false;

/** Sets the mode of the following chunkRounds calls (see above). */
export function setRoundsMode(tag: u32, log: bool, startAtFirst: bool, recordNextBlock: bool): void {
  samplerTag = tag;
  logOutput = log;
  fromFirst = startAtFirst;
  recordNext = recordNextBlock;
}

// wordsToUniformF64 of two lanes: hi < 2^27 and lo < 2^26, so the signed conversions are exact.
// @ts-ignore: decorator
@inline function uniformPair(hi: v128, lo: v128): v128 {
  const h = f64x2.convert_low_i32x4_s(i32x4.shr_u(hi, 5));
  const l = f64x2.convert_low_i32x4_s(i32x4.shr_u(lo, 6));
  return f64x2.mul(f64x2.add(f64x2.mul(h, k(TWO_26)), l), k(INV_2_53));
}

// Words of block first[p] + `block` of elements e + list[p], p = 0 … m (m a multiple of 4), into WORDS.
function blockWords(list: usize, first: usize, e: u32, m: i32, block: u32, k0: u32, k1: u32): void {
  const tag = i32x4.splat(samplerTag), sub = i32x4.splat(SUBSTREAM), b = i32x4.splat(block), ev = i32x4.splat(e);
  let q = 0;
  for (; q + 12 <= m; q += 12) {
    const l = list + (<usize>q << 2), f = first + (<usize>q << 2);
    philoxBlock4x3CountersTo(WORDS + (<usize>q << 4),
      i32x4.add(b, v128.load(f)), i32x4.add(ev, v128.load(l)),
      i32x4.add(b, v128.load(f, 16)), i32x4.add(ev, v128.load(l, 16)),
      i32x4.add(b, v128.load(f, 32)), i32x4.add(ev, v128.load(l, 32)), tag, sub);
  }
  for (; q < m; q += 4) {
    const counter = i32x4.add(b, v128.load(first + (<usize>q << 2)));
    philoxBlock4To(WORDS + (<usize>q << 4), counter, i32x4.add(ev, v128.load(list + (<usize>q << 2))), tag, sub, k0, k1);
  }
}

// Pass 3 on two lanes (z, and words 2–3 in lanes 0–1 of hi, lo): stores d·v at g, returns the lanes
// the squeeze (1 − u)·min(1, w) > q·z⁴ of `attempt` accepts (bit l for lane l), tested as gamma.ts's
// squeezeAccepts does.
// @ts-ignore: decorator
@inline function squeezePair(g: usize, z: v128, hi: v128, lo: v128, cv: v128, dv: v128, qv: v128): i32 {
  const w = f64x2.add(k(ONE), f64x2.mul(cv, z));
  const positive = f64x2.gt(w, k(ZERO));
  v128.store(g, f64x2.mul(dv, f64x2.mul(f64x2.mul(w, w), w)));
  const z2 = f64x2.mul(z, z);
  const room = f64x2.sub(k(ONE), uniformPair(hi, lo)), bound = f64x2.mul(f64x2.mul(qv, z2), z2);
  const squeeze = v128.and(f64x2.gt(room, bound), f64x2.gt(f64x2.mul(room, w), bound));
  return i64x2.bitmask(v128.and(positive, squeeze));
}

// Passes 3 and 4 over positions 0 … m of a round (count of them real, the rest padding), with parameters
// by position at params: G at draws; returns how many the log test rejects, their chunk indices (from
// list) in next.
function acceptPasses(draws: usize, list: usize, next: usize, count: i32, m: i32, params: usize): i32 {
  let pending = 0;
  for (let q = 0; q < m; q += 4) {
    const z4 = v128.load(NORMALS + (<usize>q << 2));
    const w = WORDS + (<usize>q << 4);
    const hi = v128.load(w, 32), lo = v128.load(w, 48);
    const g = draws + (<usize>q << 3);
    const p = params + (<usize>q << 3);
    const low = squeezePair(g, f64x2.promote_low_f32x4(z4), hi, lo, v128.load(p + P_C), v128.load(p + P_D), v128.load(p + P_Q));
    const high = squeezePair(g + 16, f64x2.promote_low_f32x4(v128.shuffle<u32>(z4, z4, 2, 3, 2, 3)),
      v128.shuffle<u32>(hi, hi, 2, 3, 2, 3), v128.shuffle<u32>(lo, lo, 2, 3, 2, 3),
      v128.load(p + P_C, 16), v128.load(p + P_D, 16), v128.load(p + P_Q, 16));
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
    const a0 = params + (<usize>p0 << 3), a1 = params + (<usize>p1 << 3);
    const cv = f64x2(load<f64>(a0 + P_C), load<f64>(a1 + P_C));
    const dv = f64x2(load<f64>(a0 + P_D), load<f64>(a1 + P_D));
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

// Pass 5: G ← G·exp(log(1 − U)/α) for the positions whose α < 1, U from words 0–1 of block `block` (the
// one after the attempt), as gamma.ts's logBoost (expF64x2: the bits of Math.exp). With log output the
// positions keep log(1 − U)/α in CHUNK_BOOST_LOGS by chunk index instead. `dense`: every listed α < 1,
// so the pass runs on the list itself; otherwise on a sublist of the positions with α < 1, so that a
// batch with a few small α pays the boost's block, log and exp only for those.
function boostPass(draws: usize, list: usize, first: usize, e: u32, count: i32, m: i32, block: u32, k0: u32, k1: u32, params: usize, dense: bool): void {
  let bl = list, bf = first, ba = params + P_ALPHA, bc = count, bm = m;
  if (!dense) {
    bc = 0;
    for (let p = 0; p < count; p++) {
      const alpha = load<f64>(params + P_ALPHA + (<usize>p << 3));
      store<i32>(SUB_POSITIONS + (<usize>bc << 2), p);
      store<i32>(SUB_LIST + (<usize>bc << 2), load<i32>(list + (<usize>p << 2)));
      store<i32>(SUB_FIRST + (<usize>bc << 2), load<i32>(first + (<usize>p << 2)));
      store<f64>(SUB_ALPHAS + (<usize>bc << 3), alpha);
      bc += <i32>(alpha < 1.0); // branch-free: every position is written, the count moves for α < 1
    }
    if (bc == 0) return;
    bm = (bc + 3) & ~3;
    for (let k = bc; k < bm; k++) { // pad with the last one
      store<i32>(SUB_POSITIONS + (<usize>k << 2), load<i32>(SUB_POSITIONS + (<usize>(bc - 1) << 2)));
      store<i32>(SUB_LIST + (<usize>k << 2), load<i32>(SUB_LIST + (<usize>(bc - 1) << 2)));
      store<i32>(SUB_FIRST + (<usize>k << 2), load<i32>(SUB_FIRST + (<usize>(bc - 1) << 2)));
      store<f64>(SUB_ALPHAS + (<usize>k << 3), load<f64>(SUB_ALPHAS + (<usize>(bc - 1) << 3)));
    }
    bl = SUB_LIST; bf = SUB_FIRST; ba = SUB_ALPHAS;
  }
  blockWords(bl, bf, e, bm, block, k0, k1);
  // log(1 − U)/α into BOOST_LOGS, then G·exp of it: two short loops overlap their long dependency chains
  // (log → division → exp) better than one (interleaved A/B: the whole α < 1 draw 1.13× faster)
  for (let q = 0; q < bm; q += 4) {
    const w = WORDS + (<usize>q << 4);
    const b0 = v128.load(w), b1 = v128.load(w, 16);
    const l = BOOST_LOGS + (<usize>q << 3);
    const a = ba + (<usize>q << 3);
    v128.store(l, f64x2.div(logF64x2(f64x2.sub(k(ONE), uniformPair(b0, b1))), v128.load(a)));
    v128.store(l, f64x2.div(logF64x2(f64x2.sub(k(ONE), uniformPair(v128.shuffle<u32>(b0, b0, 2, 3, 2, 3), v128.shuffle<u32>(b1, b1, 2, 3, 2, 3)))), v128.load(a, 16)), 16);
  }
  if (logOutput) {
    for (let k = 0; k < bc; k++) {
      store<f64>(CHUNK_BOOST_LOGS + (<usize>load<i32>(bl + (<usize>k << 2)) << 3), load<f64>(BOOST_LOGS + (<usize>k << 3)));
    }
    return;
  }
  if (dense) {
    for (let p = 0; p < m; p += 2) {
      const g = draws + (<usize>p << 3);
      v128.store(g, f64x2.mul(v128.load(g), expF64x2(v128.load(BOOST_LOGS + (<usize>p << 3)))));
    }
  } else {
    // G by position, two at a time, up to bc only: an odd bc's pair repeats its last position (the same
    // element and U in both lanes), while the padding after it would boost that G a second time
    for (let k = 0; k < bc; k += 2) {
      const g0 = draws + (<usize>load<i32>(SUB_POSITIONS + (<usize>k << 2)) << 3);
      const g1 = draws + (<usize>load<i32>(SUB_POSITIONS + (<usize>k << 2), 4) << 3);
      const boosted = f64x2.mul(f64x2(load<f64>(g0), load<f64>(g1)), expF64x2(v128.load(BOOST_LOGS + (<usize>k << 3))));
      store<f64>(g0, f64x2.extract_lane(boosted, 0));
      store<f64>(g1, f64x2.extract_lane(boosted, 1));
    }
  }
}

// One round: elements list[0 … count) of the chunk starting at element e try block `block`. Writes
// their G to RESULTS (directly in round 0, whose list is ALL) and returns how many need another round
// (their indices in next).
function round(list: usize, next: usize, count: i32, e: u32, block: u32, k0: u32, k1: u32, flags: i32): i32 {
  const m = (count + 3) & ~3;
  const last = load<i32>(list + (<usize>(count - 1) << 2));
  for (let p = count; p < m; p++) store<i32>(list + (<usize>p << 2), last); // pad to whole quads
  let params = paramsAt();
  let first = fromFirst ? CHUNK_FIRST : ZERO_FIRST;
  if (block != 0) {
    // gather the listed elements' parameters (and first blocks) by position (a few % of the chunk)
    params = ROUND_PARAMS;
    for (let p = 0; p < m; p++) {
      const i = <usize>load<i32>(list + (<usize>p << 2));
      const from = paramsAt() + (i << 3);
      const to = ROUND_PARAMS + (<usize>p << 3);
      for (let a: usize = 0; a < 4 * PARAM_STRIDE; a += PARAM_STRIDE) store<f64>(to + a, load<f64>(from + a));
      if (fromFirst) store<i32>(ROUND_FIRST + (<usize>p << 2), load<i32>(CHUNK_FIRST + (i << 2)));
    }
    if (fromFirst) first = ROUND_FIRST;
  }
  blockWords(list, first, e, m, block, k0, k1);
  for (let q = 0; q < m; q += 8) {
    boxMullerCosF32x4x2To(NORMALS + (<usize>q << 2), WORDS + (<usize>q << 4), WORDS + (<usize>(q + 4) << 4));
  }
  const draws = block == 0 ? RESULTS : DRAWS;
  const rejected = acceptPasses(draws, list, next, count, m, params);
  if (recordNext) {
    // the block after this attempt, and after the boost's block for α < 1 (gamma.ts's gammaNextBlock);
    // a rejected element's entry is rewritten by its later round
    for (let p = 0; p < count; p++) {
      const after = <i32>block + 1 + load<i32>(first + (<usize>p << 2)) + (load<f64>(params + P_ALPHA + (<usize>p << 3)) < 1.0 ? 1 : 0);
      store<i32>(CHUNK_NEXT + (<usize>load<i32>(list + (<usize>p << 2)) << 2), after);
    }
  }
  if ((flags & 1) != 0) boostPass(draws, list, first, e, count, m, block + 1, k0, k1, params, (flags & 4) != 0);
  if (block != 0) {
    for (let p = 0; p < count; p++) {
      store<f64>(RESULTS + (<usize>load<i32>(list + (<usize>p << 2)) << 3), load<f64>(DRAWS + (<usize>p << 3)));
    }
  }
  return rejected;
}

/**
 * Draws chunk elements e … e+m−1 (m ≤ GAMMA_CHUNK, a multiple of 4) with the parameters of chunkParams
 * (whose flags it takes) into RESULTS, round after round until every element has one. Key from
 * philoxRoundKeys; mode from setRoundsMode.
 */
export function chunkRounds(e: u32, m: i32, k0: u32, k1: u32, flags: i32): void {
  let list = ALL, next = LIST_A;
  let left = m;
  for (let block: u32 = 0; left > 0; block++) {
    left = round(list, next, left, e, block, k0, k1, flags);
    list = next;
    next = next == LIST_A ? LIST_B : LIST_A;
  }
}

/**
 * The log output of chunkRounds into out (m f64, m even), as standardGamma4 with asLog: Math.log(G)
 * (logLutF64x2: std's bits), plus log(1 − U)/α where α < 1; NaN where α is invalid.
 */
export function storeLogChunk(out: usize, m: i32): void {
  const nan = f64x2.splat(NaN);
  for (let i = 0; i < m; i += 2) {
    const alpha = v128.load(paramsAt() + P_ALPHA + (<usize>i << 3));
    let r = logLutF64x2(v128.load(RESULTS + (<usize>i << 3)));
    r = v128.bitselect(f64x2.add(r, v128.load(CHUNK_BOOST_LOGS + (<usize>i << 3))), r, f64x2.lt(alpha, k(ONE)));
    v128.store(out + (<usize>i << 3), v128.bitselect(r, nan, f64x2.gt(alpha, k(ZERO))));
  }
}
