// The loops behind the activation and pointwise kernels (nn/activations.ts, tensor/pointwise.ts): out[i] =
// f(x[i]) and gradX[i] = gradY[i]·f′(x[i]) over n elements of T (f32 or f64), f one of the functions of
// math/activation.ts (ids 0…9) or math/pointwise.ts (ids 20…). With `simd` (a literal at every call: the …Ref
// kernels pass false) and a vector form of f, whole v128s go through the vector form and the tail through the
// scalar one; the two forms give the same bits, so the SIMD kernels, the …Ref kernels and the scalar build
// agree. Every NaN written is the canonical quiet NaN (see accumulate.ts). out may alias x; gradX may alias
// gradY or x (each element is read before it is written).
import {
  activationForward, activationBackward, activationForwardV, activationBackwardV, hasActivationForwardV,
  hasActivationBackwardV,
} from "../math/activation";
import {
  NEG, pointwiseForward, pointwiseBackward, pointwiseForwardV, pointwiseBackwardV, hasPointwiseForwardV,
  hasPointwiseBackwardV,
} from "../math/pointwise";
import { vSplat } from "../math/lanes";
import { canonical, canonicalV } from "./accumulate";

// @ts-ignore: decorator
@inline function forward<T>(fn: i32, x: T, p: f64, q: f64): T {
  return fn < NEG ? activationForward<T>(fn, x, <T>p, <T>q) : pointwiseForward<T>(fn, x, p);
}

// @ts-ignore: decorator
@inline function backward<T>(fn: i32, gy: T, x: T, p: f64, q: f64): T {
  return fn < NEG ? activationBackward<T>(fn, gy, x, <T>p, <T>q) : pointwiseBackward<T>(fn, gy, x, p);
}

/** out[i] = fn(x[i]) for i < n; p, q are fn's parameters (an activation's are rounded to T first, as torch casts them; pow's exponent stays f64). */
// @ts-ignore: decorator
@inline export function unaryForward<T>(fn: i32, out: usize, x: usize, n: i32, p: f64, q: f64, simd: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    const vector = fn < NEG ? hasActivationForwardV<T>(fn) : hasPointwiseForwardV<T>(fn, p);
    if (vector) {
      const lanes = 16 / sizeof<T>();
      const pV = vSplat<T>(p), qV = vSplat<T>(q);
      for (; i + lanes <= n; i += lanes) {
        const off = <usize>i << alignof<T>();
        const v = v128.load(x + off);
        const y = fn < NEG ? activationForwardV<T>(fn, v, pV, qV) : pointwiseForwardV<T>(fn, v, p);
        v128.store(out + off, canonicalV<T>(y));
      }
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(out + off, canonical<T>(forward<T>(fn, load<T>(x + off), p, q)));
  }
}

/** gradX[i] = gradY[i]·fn′(x[i]) for i < n (overwritten, not accumulated). */
// @ts-ignore: decorator
@inline export function unaryBackward<T>(
  fn: i32, gradX: usize, gradY: usize, x: usize, n: i32, p: f64, q: f64, simd: bool,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    const vector = fn < NEG ? hasActivationBackwardV<T>(fn) : hasPointwiseBackwardV<T>(fn);
    if (vector) {
      const lanes = 16 / sizeof<T>();
      const pV = vSplat<T>(p), qV = vSplat<T>(q);
      for (; i + lanes <= n; i += lanes) {
        const off = <usize>i << alignof<T>();
        const gy = v128.load(gradY + off), v = v128.load(x + off);
        const g = fn < NEG ? activationBackwardV<T>(fn, gy, v, pV, qV) : pointwiseBackwardV<T>(fn, gy, v);
        v128.store(gradX + off, canonicalV<T>(g));
      }
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(gradX + off, canonical<T>(backward<T>(fn, load<T>(gradY + off), load<T>(x + off), p, q)));
  }
}
