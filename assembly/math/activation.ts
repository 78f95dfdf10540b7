// Activation functions and their derivatives, one element at a time (scalar, T = f32 or f64) and one v128
// at a time (f32x4 / f64x2) where every step has a vector form. The vector formula of each function runs the
// same IEEE operations as its scalar twin and selects the same branch per lane, so the two give the same bits
// (tests/assembly/nn/activations.spec.ts checks it). The kernels of nn/activations.ts call these through
// tensor/unary.ts. Semantics are torch's (torch.nn.functional, 1.13), evaluated stably:
//   σ(x) from e = exp(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) below, so neither side overflows; σ(x)·σ(−x) =
//   e/(1 + e)²; softplus and logsigmoid as max(z, 0) + log1p(e) and min(x, 0) − log1p(e); f32 tanh from
//   u = e^{−2|x|} as (1 − u)/(1 + u), or from expm1 near 0;
//   gelu (erf) = x·Φ(x) with math/erf.ts's normalCdf (no 1 + erf cancellation for x ≪ 0); gelu (tanh) =
//   x·σ(2u), u = √(2/π)(x + 0.044715x³), since ½(1 + tanh u) = σ(2u).
// f32 uses math/expf.ts, math/logf.ts and math/expm1f.ts (f32x4 forms); f64 uses AS std Math.exp (expF64x2
// has its bits) and Math.log1p (log1pF64x2 has its bits); erf-based gelu and f64 tanh / expm1 are scalar.
import { expF32 } from "./expf";
import { expm1F32, expm1F32x4, expm1FromExpF32, expm1FromExpF32x4, log1pF32, log1pF32x4 } from "./expm1f";
import { log1pF64x2 } from "./log1pd";
import { normalCdf } from "./erf";
import { vSplat, vAdd, vSub, vMul, vDiv, vNeg, vAbs, vLt, vLe, vEq, vSelect, vCopysign, vExp } from "./lanes";

// @ts-ignore: decorator
@inline export const RELU: i32 = 0;
// @ts-ignore: decorator
@inline export const LEAKY_RELU: i32 = 1;
// @ts-ignore: decorator
@inline export const ELU: i32 = 2;
// @ts-ignore: decorator
@inline export const GELU_ERF: i32 = 3;
// @ts-ignore: decorator
@inline export const GELU_TANH: i32 = 4;
// @ts-ignore: decorator
@inline export const SIGMOID: i32 = 5;
// @ts-ignore: decorator
@inline export const TANH: i32 = 6;
// @ts-ignore: decorator
@inline export const SOFTPLUS: i32 = 7;
// @ts-ignore: decorator
@inline export const SILU: i32 = 8;
// @ts-ignore: decorator
@inline export const LOG_SIGMOID: i32 = 9;

// @ts-ignore: decorator
@inline const GELU_K: f64 = 0.7978845608028654; // √(2/π)
// @ts-ignore: decorator
@inline const GELU_C: f64 = 0.044715;
// @ts-ignore: decorator
@inline const TANH_SPLIT: f64 = 0.55; // ≥ ln 3 / 2, where e^{−2|x|} ≤ 1/3
// @ts-ignore: decorator
@inline const INV_SQRT_2PI: f64 = 0.3989422804014327; // 1/√(2π)

// ---- scalar building blocks --------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function expT<T>(x: T): T { return sizeof<T>() == 4 ? <T>expF32(<f32>x) : <T>Math.exp(<f64>x); }
// @ts-ignore: decorator
@inline function expm1T<T>(x: T): T { return sizeof<T>() == 4 ? <T>expm1F32(<f32>x) : <T>Math.expm1(<f64>x); }
// @ts-ignore: decorator
@inline function log1pT<T>(x: T): T { return sizeof<T>() == 4 ? <T>log1pF32(<f32>x) : <T>Math.log1p(<f64>x); }

/** σ(x) from e = exp(−|x|). */
// @ts-ignore: decorator
@inline function sigmoidOf<T>(x: T, e: T): T {
  const d = <T>1 + e;
  return x >= 0 ? <T>1 / d : e / d;
}

/** σ(−x) = 1 − σ(x) from e = exp(−|x|), without the subtraction. */
// @ts-ignore: decorator
@inline function sigmoidNegOf<T>(x: T, e: T): T {
  const d = <T>1 + e;
  return x >= 0 ? e / d : <T>1 / d;
}

/** σ(x)·σ(−x) = e/(1 + e)², e = exp(−|x|): the derivative of σ, accurate in both tails. */
// @ts-ignore: decorator
@inline function sigmoidSlopeOf<T>(e: T): T {
  const d = <T>1 + e;
  return e / (d * d);
}

/** f32 gelu (erf) and its derivative in f64, rounded once. */
// @ts-ignore: decorator
@inline function geluErf64(x: f64): f64 { return x * normalCdf(x); }
// @ts-ignore: decorator
@inline function geluErfSlope64(x: f64): f64 { return normalCdf(x) + x * (Math.exp(-0.5 * (x * x)) * INV_SQRT_2PI); }

// u = √(2/π)(x + 0.044715·x³) as torch computes it, x³ = (x·x)·x
// @ts-ignore: decorator
@inline function geluInner<T>(x: T): T { return <T>GELU_K * (x + <T>GELU_C * (x * x * x)); }

/** activation fn at x; p, q are its parameters (slope, alpha, beta and threshold), already of type T. */
// @ts-ignore: decorator
@inline export function activationForward<T>(fn: i32, x: T, p: T, q: T): T {
  if (fn == RELU) return x < 0 ? <T>0 : x; // NaN passes (torch.relu is clamp_min)
  if (fn == LEAKY_RELU) return x > 0 ? x : x * p;
  if (fn == ELU) return x > 0 ? x : p * expm1T<T>(x);
  if (fn == GELU_ERF) return <T>geluErf64(<f64>x); // f32: in f64, rounded once
  if (fn == GELU_TANH) {
    const v = geluInner<T>(x);
    const w = v + v;
    return x * sigmoidOf<T>(w, expT<T>(-abs<T>(w)));
  }
  if (fn == SIGMOID) return sigmoidOf<T>(x, expT<T>(-abs<T>(x)));
  if (fn == TANH) {
    if (sizeof<T>() == 8) return <T>Math.tanh(<f64>x);
    // f32: u = e^{−2|x|}; (1 − u)/(1 + u) where u ≤ 1/3 (no cancellation), −t/(2 + t) with t = expm1(−2|x|) below
    const a = abs<T>(x);
    const m = <T>-2 * a;
    const u = expT<T>(m);
    if (a >= <T>TANH_SPLIT) return copysign<T>((<T>1 - u) / (<T>1 + u), x);
    const t = <T>expm1FromExpF32(<f32>m, <f32>u);
    return copysign<T>(-t / (<T>2 + t), x);
  }
  if (fn == SOFTPLUS) {
    const z = x * p;
    if (z > q) return x;
    return ((z > 0 ? z : <T>0) + log1pT<T>(expT<T>(-abs<T>(z)))) / p;
  }
  if (fn == SILU) return x * sigmoidOf<T>(x, expT<T>(-abs<T>(x)));
  // LOG_SIGMOID
  return (x < 0 ? x : <T>0) - log1pT<T>(expT<T>(-abs<T>(x)));
}

/** gy · fn′(x) (torch's backward formulas at NaN and the kinks: relu′(0) = 0, relu′(NaN)·gy = gy). */
// @ts-ignore: decorator
@inline export function activationBackward<T>(fn: i32, gy: T, x: T, p: T, q: T): T {
  if (fn == RELU) return x <= 0 ? <T>0 : gy;
  if (fn == LEAKY_RELU) return x > 0 ? gy : gy * p;
  if (fn == ELU) return x > 0 ? gy : gy * (p * expT<T>(x)); // NaN x: NaN (torch's vector path; its scalar loop gives gy)
  if (fn == GELU_ERF) return <T>(<f64>gy * geluErfSlope64(<f64>x));
  if (fn == GELU_TANH) {
    const v = geluInner<T>(x);
    const w = v + v;
    const e = expT<T>(-abs<T>(w));
    const t = sigmoidSlopeOf<T>(e);
    // σ(2u) + 2x·σ(2u)σ(−2u)·u′; the second term is 0 where σσ′ underflows (x³ may be ∞ there: no ∞·0)
    const term = t == 0 ? <T>0 : (x + x) * t * (<T>GELU_K * (<T>1 + <T>(3 * GELU_C) * (x * x)));
    return gy * (sigmoidOf<T>(w, e) + term);
  }
  if (fn == SIGMOID) return gy * sigmoidSlopeOf<T>(expT<T>(-abs<T>(x)));
  if (fn == TANH) return gy * (<T>4 * sigmoidSlopeOf<T>(expT<T>(<T>-2 * abs<T>(x)))); // 1 − tanh² = 4σ(2x)σ(−2x)
  if (fn == SOFTPLUS) {
    const z = x * p;
    return z > q ? gy : gy * sigmoidOf<T>(z, expT<T>(-abs<T>(z)));
  }
  const e = expT<T>(-abs<T>(x));
  if (fn == SILU) return gy * (sigmoidOf<T>(x, e) * (<T>1 + x * sigmoidNegOf<T>(x, e)));
  // LOG_SIGMOID
  return gy * sigmoidNegOf<T>(x, e);
}

// ---- vector forms ------------------------------------------------------------------------------------------

/** Whether activationForwardV has fn for T (else the kernels run the scalar form on every element). */
// @ts-ignore: decorator
@inline export function hasActivationForwardV<T>(fn: i32): bool {
  if (fn == GELU_ERF) return false;
  if (sizeof<T>() == 8 && (fn == ELU || fn == TANH)) return false; // Math.expm1 and Math.tanh are scalar
  return true;
}

// @ts-ignore: decorator
@inline export function hasActivationBackwardV<T>(fn: i32): bool {
  return fn != GELU_ERF;
}

// @ts-ignore: decorator
@inline function vLog1p<T>(a: v128): v128 { return sizeof<T>() == 4 ? log1pF32x4(a) : log1pF64x2(a); }

// @ts-ignore: decorator
@inline function vSigmoidOf<T>(x: v128, e: v128): v128 {
  // the numerator is selected before the one division: the same 1/d or e/d per lane as the scalar form
  const one = vSplat<T>(1);
  return vDiv<T>(vSelect(vLe<T>(vSplat<T>(0), x), one, e), vAdd<T>(one, e));
}

// @ts-ignore: decorator
@inline function vSigmoidNegOf<T>(x: v128, e: v128): v128 {
  const one = vSplat<T>(1);
  return vDiv<T>(vSelect(vLe<T>(vSplat<T>(0), x), e, one), vAdd<T>(one, e));
}

// @ts-ignore: decorator
@inline function vSigmoidSlopeOf<T>(e: v128): v128 {
  const d = vAdd<T>(vSplat<T>(1), e);
  return vDiv<T>(e, vMul<T>(d, d));
}

// @ts-ignore: decorator
@inline function vGeluInner<T>(x: v128): v128 {
  return vMul<T>(vSplat<T>(GELU_K), vAdd<T>(x, vMul<T>(vSplat<T>(GELU_C), vMul<T>(vMul<T>(x, x), x))));
}

/** activationForward on every lane of x (p, q splat). */
// @ts-ignore: decorator
@inline export function activationForwardV<T>(fn: i32, x: v128, p: v128, q: v128): v128 {
  const zero = vSplat<T>(0);
  if (fn == RELU) return vSelect(vLt<T>(x, zero), zero, x);
  if (fn == LEAKY_RELU) return vSelect(vLt<T>(zero, x), x, vMul<T>(x, p));
  if (fn == ELU) return vSelect(vLt<T>(zero, x), x, vMul<T>(p, expm1F32x4(x)));
  if (fn == GELU_TANH) {
    const v = vGeluInner<T>(x);
    const w = vAdd<T>(v, v);
    return vMul<T>(x, vSigmoidOf<T>(w, vExp<T>(vNeg<T>(vAbs<T>(w)))));
  }
  if (fn == SIGMOID) return vSigmoidOf<T>(x, vExp<T>(vNeg<T>(vAbs<T>(x))));
  if (fn == TANH) {
    const a = vAbs<T>(x);
    const m = vMul<T>(vSplat<T>(-2), a);
    const u = vExp<T>(m);
    const one = vSplat<T>(1);
    const far = vDiv<T>(vSub<T>(one, u), vAdd<T>(one, u));
    const isFar = vLe<T>(vSplat<T>(TANH_SPLIT), a);
    if (i32x4.all_true(isFar)) return vCopysign<T>(far, x); // no lane near 0 (or NaN): skip expm1's log and division
    const t = expm1FromExpF32x4(m, u);
    const near = vDiv<T>(vNeg<T>(t), vAdd<T>(vSplat<T>(2), t));
    return vCopysign<T>(vSelect(isFar, far, near), x);
  }
  if (fn == SOFTPLUS) {
    const z = vMul<T>(x, p);
    const soft = vDiv<T>(vAdd<T>(vSelect(vLt<T>(zero, z), z, zero), vLog1p<T>(vExp<T>(vNeg<T>(vAbs<T>(z))))), p);
    return vSelect(vLt<T>(q, z), x, soft);
  }
  if (fn == SILU) return vMul<T>(x, vSigmoidOf<T>(x, vExp<T>(vNeg<T>(vAbs<T>(x)))));
  // LOG_SIGMOID
  return vSub<T>(vSelect(vLt<T>(x, zero), x, zero), vLog1p<T>(vExp<T>(vNeg<T>(vAbs<T>(x)))));
}

/** activationBackward on every lane. */
// @ts-ignore: decorator
@inline export function activationBackwardV<T>(fn: i32, gy: v128, x: v128, p: v128, q: v128): v128 {
  const zero = vSplat<T>(0);
  if (fn == RELU) return vSelect(vLe<T>(x, zero), zero, gy);
  if (fn == LEAKY_RELU) return vSelect(vLt<T>(zero, x), gy, vMul<T>(gy, p));
  if (fn == ELU) return vSelect(vLt<T>(zero, x), gy, vMul<T>(gy, vMul<T>(p, vExp<T>(x))));
  if (fn == GELU_TANH) {
    const v = vGeluInner<T>(x);
    const w = vAdd<T>(v, v);
    const e = vExp<T>(vNeg<T>(vAbs<T>(w)));
    const t = vSigmoidSlopeOf<T>(e);
    const slope = vMul<T>(vSplat<T>(GELU_K), vAdd<T>(vSplat<T>(1), vMul<T>(vSplat<T>(3 * GELU_C), vMul<T>(x, x))));
    const term = vSelect(vEq<T>(t, zero), zero, vMul<T>(vMul<T>(vAdd<T>(x, x), t), slope));
    return vMul<T>(gy, vAdd<T>(vSigmoidOf<T>(w, e), term));
  }
  if (fn == SIGMOID) return vMul<T>(gy, vSigmoidSlopeOf<T>(vExp<T>(vNeg<T>(vAbs<T>(x)))));
  if (fn == TANH) return vMul<T>(gy, vMul<T>(vSplat<T>(4), vSigmoidSlopeOf<T>(vExp<T>(vMul<T>(vSplat<T>(-2), vAbs<T>(x))))));
  if (fn == SOFTPLUS) {
    const z = vMul<T>(x, p);
    return vSelect(vLt<T>(q, z), gy, vMul<T>(gy, vSigmoidOf<T>(z, vExp<T>(vNeg<T>(vAbs<T>(z))))));
  }
  const e = vExp<T>(vNeg<T>(vAbs<T>(x)));
  if (fn == SILU) return vMul<T>(gy, vMul<T>(vSigmoidOf<T>(x, e), vAdd<T>(vSplat<T>(1), vMul<T>(x, vSigmoidNegOf<T>(x, e)))));
  // LOG_SIGMOID
  return vMul<T>(gy, vSigmoidNegOf<T>(x, e));
}
