// Beta(α, β) samples as G_α / (G_α + G_β) with two Gamma draws (Marsaglia & Tsang 2000, sample/gamma.ts),
// both from element i's own sub-stream (tag "beta"), G_α first. Normalised in log space:
// x = 1 / (1 + exp(log G_β − log G_α)), so tiny α or β (G underflowing f64) still give a proper x.
import { logStandardGammaElement, logStandardGammaF64, TINY_F32, TINY_F64 } from "./gamma";

// @ts-ignore: decorator
@inline const TAG_BETA: u32 = 0x62657461; // "beta"
// Largest f32 and f64 below 1: samples are kept inside the open support (0, 1).
// @ts-ignore: decorator
@inline const BELOW_ONE_F32: f64 = 0.99999994039535522;
// @ts-ignore: decorator
@inline const BELOW_ONE_F64: f64 = 0.99999999999999989;

// @ts-ignore: decorator
@inline function betaElement(k0: u32, k1: u32, element: u32, a: f64, b: f64, tiny: f64, belowOne: f64): f64 {
  const la = logStandardGammaElement(k0, k1, element, TAG_BETA, a);
  const lb = logStandardGammaF64(b); // continues the same sub-stream
  const x = 1.0 / (1.0 + Math.exp(lb - la));
  return x < tiny ? tiny : x > belowOne ? belowOne : x;
}

/**
 * out: n f32. Elements start … start+n-1 of Beta(α, β): element i uses α = alpha[i mod count],
 * β = beta[i mod count] (f64, count ≥ 1). Computed in f64, clamped to [smallest normal, largest below 1].
 * @example alpha = [2], beta = [5]: mean 2/7.
 */
export function betaFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const a = load<f64>(alpha + (<usize>j << 3));
    const b = load<f64>(beta + (<usize>j << 3));
    const x = betaElement(k0, k1, start + <u32>i, a, b, TINY_F32, BELOW_ONE_F32);
    store<f32>(out + (<usize>i << 2), <f32>x);
    if (++j == count) j = 0;
  }
}

/** out: n f64. As betaFillF32 in double precision (the same draws). */
export function betaFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const a = load<f64>(alpha + (<usize>j << 3));
    const b = load<f64>(beta + (<usize>j << 3));
    store<f64>(out + (<usize>i << 3), betaElement(k0, k1, start + <u32>i, a, b, TINY_F64, BELOW_ONE_F64));
    if (++j == count) j = 0;
  }
}
