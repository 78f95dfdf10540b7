// The SIMD Gamma fills: whole chunks of draws by gamma-rounds.ts's vector rounds, then x = G/rate clamped
// below at `tiny` as f32 or f64 (gammaFillSimd), or log G (logGammaFillSimd, for Dirichlet). The same bits
// as the per-element code of gamma-fill.ts and gamma.ts's standardGamma4.
import { philoxRoundKeys } from "../rng/philox";
import { TAG_GAMMA } from "./gamma";
import { RESULTS, setRoundsMode, chunkRounds, storeLogChunk } from "./gamma-rounds";
import { GAMMA_CHUNK, CHUNK_RATES, chunkAlphas, useParamBank, chunkParams } from "./gamma-params";

/**
 * SIMD build only. out: n draws (n a multiple of 4) of Gamma(α, rate), elements start … start+n−1 of
 * the "gamm" sampler, as f32 (isF32) or f64, clamped below at `tiny`; output element i uses
 * concentration[i mod count] and rate[i mod count] (f64 arrays). The same bits as gammaFillFrom in
 * gamma-fill.ts.
 */
export function gammaFillSimd(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32, tiny: f64): void {
  gammaRounds(out, isF32, false, TAG_GAMMA, start, n, k0, k1, concentration, rate, count, tiny);
}

/**
 * SIMD build only. out: n f64 (n a multiple of 4), log G of Gamma(concentration[i mod count], 1) for
 * elements start … start+n−1 of the sampler `tag`: log G for α ≥ 1, log G(α + 1) + log(1 − U)/α for
 * α < 1 (no underflow however small α is), NaN for α ≤ 0 — the bits of standardGamma4(…, asLog = true).
 */
export function logGammaFillSimd(out: usize, tag: u32, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, count: i32): void {
  gammaRounds(out, false, true, tag, start, n, k0, k1, concentration, concentration, count, 0.0);
}

// @ts-ignore: decorator
@inline function gammaRounds(out: usize, isF32: bool, log: bool, tag: u32, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32, tiny: f64): void {
  setRoundsMode(tag, log, false, false);
  philoxRoundKeys(k0, k1);
  useParamBank(0);
  // When count divides the chunk (one α, or a batch of 2, 4, …, 128, 3, 6, … parameter sets), every chunk
  // starts at parameter 0: the arrays are filled once for all of them.
  const fillOnce = GAMMA_CHUNK % count == 0;
  let flags = fillOnce ? chunkParams(concentration, rate, count, 0, GAMMA_CHUNK) : 0;
  let j = 0; // parameter index of the chunk's first element
  for (let i = 0; i < n; i += GAMMA_CHUNK) {
    const m = min(GAMMA_CHUNK, n - i);
    if (!fillOnce) {
      flags = chunkParams(concentration, rate, count, j, m);
      j = <i32>((<i64>j + <i64>m) % <i64>count);
    }
    chunkRounds(start + <u32>i, m, k0, k1, flags);
    if (log) storeLogChunk(out + (<usize>i << 3), m);
    else storeChunk(out + (<usize>i << (isF32 ? 2 : 3)), isF32, m, count > 1, load<f64>(rate), tiny, (flags & 2) != 0);
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
// `if (g < tiny)`); rate one number, or CHUNK_RATES by chunk index when perElementRate. Elements whose
// α is invalid (flag) become NaN, as standardGamma4's.
function storeChunk(out: usize, isF32: bool, m: i32, perElementRate: bool, rate: f64, tiny: f64, invalid: bool): void {
  const exact = !perElementRate && reciprocalIsExact(rate);
  const vrate = f64x2.splat(rate), vinv = f64x2.splat(1.0 / rate), vtiny = f64x2.splat(tiny);
  const vnan = f64x2.splat(NaN), vzero = f64x2.splat(0.0);
  for (let q = 0; q < m; q += 4) {
    const g = RESULTS + (<usize>q << 3);
    let g0 = v128.load(g), g1 = v128.load(g, 16);
    if (invalid) {
      const a = chunkAlphas() + (<usize>q << 3);
      g0 = v128.bitselect(g0, vnan, f64x2.gt(v128.load(a), vzero));
      g1 = v128.bitselect(g1, vnan, f64x2.gt(v128.load(a, 16), vzero));
    }
    let r0 = vrate, r1 = vrate;
    if (perElementRate) {
      r0 = v128.load(CHUNK_RATES + (<usize>q << 3));
      r1 = v128.load(CHUNK_RATES + (<usize>q << 3), 16);
    }
    let x0 = exact ? f64x2.mul(g0, vinv) : f64x2.div(g0, r0);
    x0 = v128.bitselect(vtiny, x0, f64x2.lt(x0, vtiny));
    let x1 = exact ? f64x2.mul(g1, vinv) : f64x2.div(g1, r1);
    x1 = v128.bitselect(vtiny, x1, f64x2.lt(x1, vtiny));
    if (isF32) {
      v128.store(out + (<usize>q << 2), v128.shuffle<u32>(f32x4.demote_f64x2_zero(x0), f32x4.demote_f64x2_zero(x1), 0, 1, 4, 5));
    } else {
      v128.store(out + (<usize>q << 3), x0);
      v128.store(out + (<usize>q << 3), x1, 16);
    }
  }
}
