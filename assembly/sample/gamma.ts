// Gamma(α, rate) samples by Marsaglia & Tsang 2000 ("A simple method for generating gamma variables",
// ACM TOMS 26(3)), in f64. Each element is drawn entirely from its own sub-stream (rng/stream.ts: block k
// of element e's sub-stream is Philox counter (k, e, tag, 1)), so element i is a pure function of
// (key, i) however many rejections it needed. Attempt k uses block k: a normal z = boxMullerF32(w0, w1)
// (f32 Box–Muller, |z| ≤ 5.77) and a 53-bit uniform u from (w2, w3); accept d·v with d = a − 1/3,
// c = 1/√(9d), v = (1 + c·z)³ when v > 0 and log u < z²/2 + d·(1 − v + log v), tested first by a squeeze
// (see `attempt`) that spares the two logs for all but ≈ 2 % of attempts at α = 2.5 (0.03 % at α = 100).
// For α < 1 the boost of the paper's §6: Gamma(α) = Gamma(α + 1)·U^{1/α}, U from words 0–1 of the block
// after the accepted one. This is the reference and the scalar build's code; the SIMD build's fills draw
// whole quads in the vector rounds of gamma-rounds.ts (Gamma, Beta, Dirichlet) with the same bits, and
// their last n mod 4 elements here (standardGamma4 computes block 0 of four elements in one SIMD call).
import { philoxBlock, philoxBlock4To, philoxOut0, philoxOut1, philoxOut2, philoxOut3 } from "../rng/philox";
import { boxMullerF32 } from "./normal";
import { logF64 } from "../math/logd";

// @ts-ignore: decorator
@inline export const TAG_GAMMA: u32 = 0x67616d6d; // "gamm"
// @ts-ignore: decorator
@inline const INV_2_53: f64 = 1.1102230246251565e-16;
// @ts-ignore: decorator
@inline export const SUBSTREAM: u32 = 1; // word 3 of a sub-stream counter (rng/stream.ts)

/** Smallest positive normal f32 and f64: samples are clamped to it, as torch does (_standard_gamma). */
export const TINY_F32: f64 = 1.1754943508222875e-38;
export const TINY_F64: f64 = 2.2250738585072014e-308;

/** The 53-bit uniform in [0, 1) of two words, as subStreamUniformF64. */
// @ts-ignore: decorator
@inline export function wordsToUniformF64(hiWord: u32, loWord: u32): f64 {
  return (<f64>(hiWord >>> 5) * 67108864.0 + <f64>(loWord >>> 6)) * INV_2_53;
}

/**
 * The squeeze coefficient q(d) of `attempt`: 1/(108·d), raised by 10⁻⁶ so that rounding cannot carry the
 * squeeze outside the acceptance region.
 */
export function squeezeCoefficient(d: f64): f64 {
  return 1.000001 / (108.0 * d);
}

// One Marsaglia–Tsang attempt on one block's words: d·v when accepted, −1 when rejected. The squeeze
// accepts without logs when (1 − u)·min(1, w) > q(d)·z⁴ (w = 1 + c·z, q from squeezeCoefficient), a
// d-dependent form of the paper's u < 1 − 0.0331·z⁴ that leaves 2–270× fewer attempts to the logs (2.2×
// at α = 1.5, 4.5× at 2.5, 270× at 100; simulated). With t = c·z the exponent
// of the log test is 3d·(log(1 + t) − t + t²/2 − t³/3) ≥ −¾d·t⁴/min(1, 1 + t) = −z⁴/(108d·min(1, w))
// (Taylor remainder for t ≥ 0, a geometric tail for −1 < t < 0) and e^x ≥ 1 + x, so every attempt
// it accepts lies inside the acceptance region: the same draws with fewer logs (the old squeeze gave the
// same bits on 2·10⁶ draws; they could differ only within rounding of the region's edge).
// @ts-ignore: decorator
@inline function attempt(w0: u32, w1: u32, w2: u32, w3: u32, d: f64, c: f64, q: f64): f64 {
  const z = <f64>boxMullerF32(w0, w1, false);
  const w = 1.0 + c * z;
  if (w <= 0.0) return -1.0;
  const u = wordsToUniformF64(w2, w3);
  if (squeezeAccepts(u, z, w, q) || logTestAccepts(u, z, w, d)) return d * (w * w * w);
  return -1.0;
}

/**
 * The squeeze of `attempt` for uniform u, normal z, w = 1 + c·z > 0 and q = squeezeCoefficient(d):
 * (1 − u)·min(1, w) > q·z⁴, tested as (1 − u) > q·z⁴ and (1 − u)·w > q·z⁴ (the same decision, as rounding
 * is monotonic), because V8 compiles a scalar f64.min to branches that a random w mispredicts.
 */
// @ts-ignore: decorator
@inline export function squeezeAccepts(u: f64, z: f64, w: f64, q: f64): bool {
  const z2 = z * z;
  const room = 1.0 - u, bound = q * z2 * z2;
  return <bool>(<i32>(room > bound) & <i32>(room * w > bound));
}

/** Marsaglia–Tsang's acceptance test log u < z²/2 + d·(1 − v + log v), v = w³, w = 1 + c·z > 0. */
// @ts-ignore: decorator
@inline export function logTestAccepts(u: f64, z: f64, w: f64, d: f64): bool {
  const v = w * w * w;
  return logF64(u) < 0.5 * (z * z) + d * (1.0 - v + logF64(v));
}

/** Index of the block after the last one the most recent draw used (where a following draw starts). */
export let gammaNextBlock: u32 = 0;
/** log U of the last α < 1 boost (log G = log G(α + 1) + log U / α), for callers whose log U / α overflowed. */
export let gammaLastLogU: f64 = 0;

// Attempts from block `first` on until one is accepted; leaves gammaNextBlock after it.
function attemptsFrom(k0: u32, k1: u32, element: u32, tag: u32, first: u32, d: f64, c: f64): f64 {
  const q = squeezeCoefficient(d);
  let b = first;
  while (true) {
    philoxBlock(b, element, tag, SUBSTREAM, k0, k1);
    const g = attempt(philoxOut0, philoxOut1, philoxOut2, philoxOut3, d, c, q);
    if (g >= 0.0) { gammaNextBlock = b + 1; return g; }
    b++;
  }
}

// log U^{1/α} with U = 1 − u in (0, 1] (no log 0), u from words 0–1 of block `block`; advances gammaNextBlock.
function logBoost(k0: u32, k1: u32, element: u32, tag: u32, block: u32, alpha: f64): f64 {
  philoxBlock(block, element, tag, SUBSTREAM, k0, k1);
  gammaNextBlock = block + 1;
  gammaLastLogU = logF64(1.0 - wordsToUniformF64(philoxOut0, philoxOut1));
  return gammaLastLogU / alpha;
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
      let g = attempt(load<u32>(p), load<u32>(p, 16), load<u32>(p, 32), load<u32>(p, 48), d, c, squeezeCoefficient(d));
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
