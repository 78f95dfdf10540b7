// Beta(α, β) samples as G_α / (G_α + G_β) with two Gamma draws (Marsaglia & Tsang 2000, sample/gamma.ts)
// from element i's own sub-stream (tag "beta"): G_α from block 0 on, G_β from the block after G_α's last.
// Normalised in log space, x = 1 / (1 + exp(log G_β − log G_α)), so tiny α or β (G underflowing f64) still
// give a proper x; clamped to the open support.
import { logStandardGammaAt, gammaNextBlock, TINY_F32, TINY_F64 } from "./gamma";

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
  const lb = logStandardGammaAt(k0, k1, element, TAG_BETA, gammaNextBlock, b);
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
    const x = betaElement(k0, k1, start + <u32>i, load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)), TINY_F32, BELOW_ONE_F32);
    store<f32>(out + (<usize>i << 2), <f32>x);
    if (++j == count) j = 0;
  }
}

/** out: n f64. As betaFillF32 in double precision (the same draws). */
export function betaFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, alpha: usize, beta: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = betaElement(k0, k1, start + <u32>i, load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)), TINY_F64, BELOW_ONE_F64);
    store<f64>(out + (<usize>i << 3), x);
    if (++j == count) j = 0;
  }
}
