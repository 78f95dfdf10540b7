// Standard exponential and Laplace fills by inverting the cdf of the stream's uniforms (element i uses
// uniform i, so a draw depends only on (key, i)). Shift and scale in the SDK (locationScaleF32/F64).
import { uniformFillF32, uniformFillF64 } from "./uniform";

/** out: n f32 of Exp(1): −log(1 − u) with u of uniformFillF32 (1 − u ≥ 2^−24: finite, at most 16.64). */
export function standardExponentialFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  uniformFillF32(out, start, n, k0, k1);
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, <f32>-Math.log1p(-<f64>load<f32>(p)));
  }
}

/** out: n f64 of Exp(1): −log1p(−u) with the 53-bit u of uniformFillF64 (at most 36.74). */
export function standardExponentialFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  uniformFillF64(out, start, n, k0, k1);
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 3);
    store<f64>(p, -Math.log1p(-load<f64>(p)));
  }
}

// Laplace(0, 1) = −sign(t)·log1p(−2|t|) with t = (u − ½) + ½·2^−bits: both steps are exact in f64
// (u has 24 or 53 bits), so t lies on a grid symmetric about 0 that never hits 0 or ±½ (no ±∞).
// @ts-ignore: decorator
@inline function standardLaplace(u: f64, halfStep: f64): f64 {
  const t = (u - 0.5) + halfStep;
  return t > 0 ? -Math.log1p(-2.0 * t) : Math.log1p(2.0 * t);
}

/** out: n f32 of Laplace(0, 1) from the 24-bit uniforms of uniformFillF32 (|x| ≤ 16.64). */
export function standardLaplaceFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  uniformFillF32(out, start, n, k0, k1);
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, <f32>standardLaplace(<f64>load<f32>(p), 2.9802322387695312e-8));
  }
}

/** out: n f64 of Laplace(0, 1) from the 53-bit uniforms of uniformFillF64 (|x| ≤ 36.74). */
export function standardLaplaceFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  uniformFillF64(out, start, n, k0, k1);
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 3);
    store<f64>(p, standardLaplace(load<f64>(p), 5.551115123125783e-17));
  }
}
