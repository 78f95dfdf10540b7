// The Gamma fills of the ABI: element i of Gamma(α_i, rate_i), α and rate cycled from arrays, each element
// from its own sub-stream (gamma.ts). With SIMD, gammaFillSimd (gamma-simd.ts) does the bulk; the scalar
// build and the last n mod 4 elements run standardGamma4 four elements at a time. Both give the same bits.
import { standardGamma4, TAG_GAMMA, TINY_F32, TINY_F64 } from "./gamma";
import { gammaFillSimd } from "./gamma-simd";

const quad: usize = memory.data(32 * 2, 16);

// n draws of Gamma(α, rate) as f64 into dst (f64 stride 8) or f32 (stride 4), clamped below at `tiny`.
// With SIMD, gammaFillSimd does the first 4·⌊n/4⌋ elements; the rest (and everything in the scalar
// build) runs the per-element code below. Same bits.
// @ts-ignore: decorator
@inline function gammaFill(out: usize, isF32: bool, start: u32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32, tiny: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    i = n & ~3;
    gammaFillSimd(out, isF32, start, i, k0, k1, concentration, rate, count, tiny);
  }
  gammaFillFrom(out, isF32, start, i, n, k0, k1, concentration, rate, count, tiny);
}

// Elements `from` … n−1 (output index = element − start) with per-element parameters, 4 at a time
// by standardGamma4. The scalar reference of gammaFillSimd.
export function gammaFillFrom(out: usize, isF32: bool, start: u32, from: i32, n: i32, k0: u32, k1: u32, concentration: usize, rate: usize, count: i32, tiny: f64): void {
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
