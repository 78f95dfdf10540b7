// Beta(α, β) samples as G_α / (G_α + G_β) with two Gamma draws (Marsaglia & Tsang 2000, sample/gamma.ts)
// from element i's own sub-stream (tag "beta"): G_α from block 0 on, G_β from the block after G_α's last.
// Normalised in log space, x = 1 / (1 + exp(log G_β − log G_α)), so tiny α or β (G underflowing f64) still
// give a proper x; clamped to the open support. The SIMD build draws whole quads in gamma-rounds.ts's vector
// rounds, chunk by chunk (G_α recording each element's next block, then G_β from it): the same bits.
import { logStandardGammaAt, gammaNextBlock, gammaLastLogU, TINY_F32, TINY_F64 } from "./gamma";
import { CHUNK_FIRST, CHUNK_NEXT, setRoundsMode, chunkRounds, storeLogChunk } from "./gamma-rounds";
import { GAMMA_CHUNK, useParamBank, chunkParams } from "./gamma-params";
import { expF64x2 } from "../math/expd";
import { philoxRoundKeys } from "../rng/philox";

// @ts-ignore: decorator
@inline const TAG_BETA: u32 = 0x62657461; // "beta"
// Largest f32 and f64 below 1: samples stay inside (0, 1), where the log-density is finite.
// @ts-ignore: decorator
@inline const BELOW_ONE_F32: f64 = 0.99999994039535522;
// @ts-ignore: decorator
@inline const BELOW_ONE_F64: f64 = 0.99999999999999989;

// @ts-ignore: decorator
@inline function betaElement(k0: u32, k1: u32, element: u32, a: f64, b: f64, tiny: f64, belowOne: f64): f64 {
  const la = logStandardGammaAt(k0, k1, element, TAG_BETA, 0, a);
  const logUa = gammaLastLogU;
  const lb = logStandardGammaAt(k0, k1, element, TAG_BETA, gammaNextBlock, b);
  let d = lb - la;
  // α and β below ~1e-308: both log U/α and log U/β overflowed to −∞ (Beta(1e-320, 1e-320) gave NaN). Compare
  // log U_b/β with log U_a/α as log U_b·α vs log U_a·β, both scaled by 2^1000 (exact) so nothing underflows.
  if (la == -Infinity && lb == -Infinity) {
    const sa = a * 1.0715086071862673e301, sb = b * 1.0715086071862673e301;
    const lhs = gammaLastLogU * sa, rhs = logUa * sb;
    d = lhs > rhs ? Infinity : lhs < rhs ? -Infinity : 0.0;
  }
  const x = 1.0 / (1.0 + Math.exp(d));
  return x < tiny ? tiny : x > belowOne ? belowOne : x;
}

// After the SIMD chunks: elements whose two boosts both overflowed (NaN there, with α, β > 0) are redone by
// betaElement, which resolves them; the scalar build runs betaElement for every element: the same bits.
function betaFixOverflowed(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32, tiny: f64, belowOne: f64): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = isF32 ? <f64>load<f32>(out + (<usize>i << 2)) : load<f64>(out + (<usize>i << 3));
    if (v != v) {
      const a = load<f64>(alpha + (<usize>j << 3)), b = load<f64>(beta + (<usize>j << 3));
      if (a > 0 && b > 0) {
        const x = betaElement(k0, k1, start + <u32>i, a, b, tiny, belowOne);
        if (isF32) store<f32>(out + (<usize>i << 2), <f32>x);
        else store<f64>(out + (<usize>i << 3), x);
      }
    }
    if (++j == count) j = 0;
  }
}

// n draws of Beta as f32 or f64 into out, clamped to [tiny, belowOne]: with SIMD the first 4·⌊n/4⌋ by
// betaChunks, the rest (everything in the scalar build) element by element. Same bits.
// @ts-ignore: decorator
@inline function betaFill(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32, tiny: f64, belowOne: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    i = n & ~3;
    betaChunks(out, isF32, start, i, k0, k1, alpha, beta, count, tiny, belowOne);
    betaFixOverflowed(out, isF32, start, i, k0, k1, alpha, beta, count, tiny, belowOne);
  }
  betaFillFrom(out, isF32, start, i, n, k0, k1, alpha, beta, count, tiny, belowOne);
}

// Output elements from … n−1 one at a time: the scalar reference of betaChunks.
function betaFillFrom(out: usize, isF32: bool, start: u32, from: i32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32, tiny: f64, belowOne: f64): void {
  let j = from % count;
  for (let i = from; i < n; i++) {
    const x = betaElement(k0, k1, start + <u32>i, load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)), tiny, belowOne);
    if (isF32) store<f32>(out + (<usize>i << 2), <f32>x);
    else store<f64>(out + (<usize>i << 3), x);
    if (++j == count) j = 0;
  }
}

const LOG_G_ALPHA: usize = memory.data(GAMMA_CHUNK * 8, 16);
const LOG_G_BETA: usize = memory.data(GAMMA_CHUNK * 8, 16);
// f64x2 constants of the combination: 1, tiny, belowOne (set per call)
const BETA_K: usize = memory.data(48, 16);

// SIMD build only: n (a multiple of 4) Beta draws, chunk by chunk: log G_α in vector rounds recording each
// element's next block, log G_β in rounds starting there, then betaElement's x = 1/(1 + exp(lb − la))
// (expF64x2: std's Math.exp bits) and its clamps, two lanes at a time.
function betaChunks(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32, tiny: f64, belowOne: f64): void {
  philoxRoundKeys(k0, k1);
  v128.store(BETA_K, f64x2.splat(1.0));
  v128.store(BETA_K, f64x2.splat(tiny), 16);
  v128.store(BETA_K, f64x2.splat(belowOne), 32);
  // α's parameters in bank 0, β's in bank 1: filled once when count divides the chunk (as gammaFillSimd)
  const fillOnce = GAMMA_CHUNK % count == 0;
  let flagsAlpha = 0, flagsBeta = 0;
  if (fillOnce) {
    useParamBank(0);
    flagsAlpha = chunkParams(alpha, alpha, count, 0, GAMMA_CHUNK);
    useParamBank(1);
    flagsBeta = chunkParams(beta, beta, count, 0, GAMMA_CHUNK);
  }
  let j = 0; // parameter index of the chunk's first element
  for (let i = 0; i < n; i += GAMMA_CHUNK) {
    const m = min(GAMMA_CHUNK, n - i);
    const e = start + <u32>i;
    useParamBank(0);
    if (!fillOnce) flagsAlpha = chunkParams(alpha, alpha, count, j, m);
    setRoundsMode(TAG_BETA, true, false, true);
    chunkRounds(e, m, k0, k1, flagsAlpha);
    storeLogChunk(LOG_G_ALPHA, m);
    memory.copy(CHUNK_FIRST, CHUNK_NEXT, <usize>m << 2);
    useParamBank(1);
    if (!fillOnce) flagsBeta = chunkParams(beta, beta, count, j, m);
    setRoundsMode(TAG_BETA, true, true, false);
    chunkRounds(e, m, k0, k1, flagsBeta);
    storeLogChunk(LOG_G_BETA, m);
    j = <i32>((<i64>j + <i64>m) % <i64>count);
    for (let p = 0; p < m; p += 4) {
      const x0 = betaPair(p), x1 = betaPair(p + 2);
      if (isF32) {
        v128.store(out + (<usize>(i + p) << 2), v128.shuffle<u32>(f32x4.demote_f64x2_zero(x0), f32x4.demote_f64x2_zero(x1), 0, 1, 4, 5));
      } else {
        v128.store(out + (<usize>(i + p) << 3), x0);
        v128.store(out + (<usize>(i + p) << 3), x1, 16);
      }
    }
  }
}

// betaElement's combination for chunk indices p, p + 1: the same operations lane by lane (NaN passes
// both clamps, as in the scalar ternaries).
// @ts-ignore: decorator
@inline function betaPair(p: i32): v128 {
  const one = v128.load(BETA_K), tiny = v128.load(BETA_K, 16), belowOne = v128.load(BETA_K, 32);
  const la = v128.load(LOG_G_ALPHA + (<usize>p << 3)), lb = v128.load(LOG_G_BETA + (<usize>p << 3));
  let x = f64x2.div(one, f64x2.add(one, expF64x2(f64x2.sub(lb, la))));
  x = v128.bitselect(tiny, x, f64x2.lt(x, tiny));
  return v128.bitselect(belowOne, x, f64x2.gt(x, belowOne));
}

/**
 * out: n f32. Elements start … start+n-1 of Beta(α, β): element i uses α = alpha[i mod count],
 * β = beta[i mod count] (f64, count ≥ 1). Computed in f64, clamped to [smallest normal, largest below 1].
 * @example alpha = [2], beta = [5]: mean 2/7.
 */
export function betaFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32): void {
  betaFill(out, true, start, n, k0, k1, alpha, beta, count, TINY_F32, BELOW_ONE_F32);
}

/** out: n f64. As betaFillF32 in double precision (the same draws). */
export function betaFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32): void {
  betaFill(out, false, start, n, k0, k1, alpha, beta, count, TINY_F64, BELOW_ONE_F64);
}

/** The scalar reference of betaFillF64 (what the scalar build runs): same bits. */
export function betaFillF64Ref(out: usize, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32): void {
  betaFillFrom(out, false, start, 0, n, k0, k1, alpha, beta, count, TINY_F64, BELOW_ONE_F64);
}
