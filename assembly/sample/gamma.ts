// Gamma(α, rate) samples by Marsaglia & Tsang 2000 ("A simple method for generating gamma variables",
// ACM TOMS 26(3)), computed in f64. Each element is drawn entirely from its own sub-stream (see
// rng/stream.ts), so element i is a pure function of (key, i) however many rejections it needed.
// For α < 1 the boost of the paper's §6: Gamma(α) = Gamma(α + 1)·U^{1/α}, done in log space
// (log G = log Gamma(α + 1) + log(U)/α) so that Beta and Dirichlet can normalise without underflow.
import { subStreamBegin, subStreamNextU32, subStreamUniformF64 } from "../rng/stream";

// @ts-ignore: decorator
@inline const TAG_GAMMA: u32 = 0x67616d6d; // "gamm"
// @ts-ignore: decorator
@inline const INV_2_32: f64 = 2.3283064365386963e-10;
// @ts-ignore: decorator
@inline const TWO_PI: f64 = 6.283185307179586;

/** Smallest positive normal f32 and f64: samples are clamped to it, as torch does (_standard_gamma). */
export const TINY_F32: f64 = 1.1754943508222875e-38;
export const TINY_F64: f64 = 2.2250738585072014e-308;

let spareR: f64 = 0;
let spareTheta: f64 = 0;
let hasSpare: bool = false;

/** Forgets the cached Box–Muller sin branch: call after every subStreamBegin. */
// @ts-ignore: decorator
@inline export function resetSubStreamNormal(): void {
  hasSpare = false;
}

/**
 * A standard normal from the current sub-stream: Box–Muller (Box & Muller 1958) on two 32-bit words,
 * u1 = (w1 + 1)/2^32 in (0, 1] (finite log), θ = 2π·w2/2^32; returns r·cos θ, and r·sin θ on the next
 * call (computed only if asked for).
 */
export function subStreamNormalF64(): f64 {
  if (hasSpare) {
    hasSpare = false;
    return spareR * Math.sin(spareTheta);
  }
  const u1 = (<f64>subStreamNextU32() + 1.0) * INV_2_32;
  const theta = TWO_PI * (<f64>subStreamNextU32() * INV_2_32);
  const r = Math.sqrt(-2.0 * Math.log(u1));
  spareR = r;
  spareTheta = theta;
  hasSpare = true;
  return r * Math.cos(theta);
}

// Marsaglia–Tsang for a ≥ 1: d = a − 1/3, c = 1/√(9d); x ~ N(0, 1), v = (1 + c·x)³; accept d·v when
// u < 1 − 0.0331·x⁴ (the squeeze) or log u < x²/2 + d·(1 − v + log v).
function marsagliaTsang(a: f64): f64 {
  const d = a - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  while (true) {
    let x: f64;
    let v: f64;
    do {
      x = subStreamNormalF64();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const u = subStreamUniformF64();
    const x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) return d * v;
  }
}

/**
 * log of a Gamma(α, 1) draw from the current sub-stream (begun by the caller, then resetSubStreamNormal).
 * For α < 1 the boost uniform is drawn first (as torch): log G = log(MT(α + 1)) + log(U)/α, U in (0, 1].
 * α ≤ 0 or NaN gives NaN (the SDK rejects it before).
 */
export function logStandardGammaF64(alpha: f64): f64 {
  if (!(alpha > 0)) return NaN;
  if (alpha < 1.0) {
    const logBoost = Math.log(1.0 - subStreamUniformF64()) / alpha; // 1 − u in (0, 1]: no log(0)
    return Math.log(marsagliaTsang(alpha + 1.0)) + logBoost;
  }
  return Math.log(marsagliaTsang(alpha));
}

/** A Gamma(α, 1) draw (the same draws as exp(logStandardGammaF64(α)), without the round trip for α ≥ 1). */
export function standardGammaF64(alpha: f64): f64 {
  if (!(alpha > 0)) return NaN;
  if (alpha < 1.0) return Math.exp(logStandardGammaF64(alpha));
  return marsagliaTsang(alpha);
}

/** One Gamma(α, 1) draw for element `element` of the sampler `tag`, as log G. */
export function logStandardGammaElement(k0: u32, k1: u32, element: u32, tag: u32, alpha: f64): f64 {
  subStreamBegin(k0, k1, element, tag);
  resetSubStreamNormal();
  return logStandardGammaF64(alpha);
}

// @ts-ignore: decorator
@inline function gammaElement(k0: u32, k1: u32, element: u32, alpha: f64, rate: f64, tiny: f64): f64 {
  subStreamBegin(k0, k1, element, TAG_GAMMA);
  resetSubStreamNormal();
  const g = standardGammaF64(alpha) / rate;
  return g < tiny ? tiny : g; // also maps a NaN-free underflow to the smallest normal
}

/**
 * out: n f32. Elements start … start+n-1 of Gamma(α, rate) (density ∝ x^{α−1}e^{−rate·x}): element i uses
 * α = concentration[i mod count], rate = rate[i mod count] (f64 parameters, count ≥ 1) and its own
 * sub-stream (tag "gamm"). Computed in f64, clamped below at the smallest normal f32, then rounded.
 * @example concentration = [0.5], rate = [2]: n draws with mean 0.25 and variance 0.125.
 */
export function gammaFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const a = load<f64>(concentration + (<usize>j << 3));
    const r = load<f64>(rate + (<usize>j << 3));
    store<f32>(out + (<usize>i << 2), <f32>gammaElement(k0, k1, start + <u32>i, a, r, TINY_F32));
    if (++j == count) j = 0;
  }
}

/** out: n f64. As gammaFillF32 in double precision (the same draws, clamped at the smallest normal f64). */
export function gammaFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const a = load<f64>(concentration + (<usize>j << 3));
    const r = load<f64>(rate + (<usize>j << 3));
    store<f64>(out + (<usize>i << 3), gammaElement(k0, k1, start + <u32>i, a, r, TINY_F64));
    if (++j == count) j = 0;
  }
}
