// Pointwise math and derivatives beside the activations (same scheme as math/activation.ts: a scalar form
// for T = f32 or f64 and, where every step has one, a vector form giving the same bits lane by lane).
// torch.* semantics (1.13): neg, square, sign (NaN stays NaN, ±0 → +0; torch 1.13 gives sign(NaN) = 0),
// reciprocal, sin, cos, expm1, log1p, and pow with a scalar exponent — torch's fast paths for the exponents
// 0.5, 2, 3, −0.5, −1, −2 (sqrt, x·x, …, x⁻² as (1/x)² so it does not overflow early, so pow(−0, 0.5) = −0 and pow(−∞, 0.5) = NaN as in torch), and
// otherwise C99 pow (x⁰ = 1 even for NaN, 0^negative = ∞, negative^fractional = NaN). f32 sin, cos and pow
// are computed in f64 (AS std Math.sin / Math.cos, exact for f32 arguments to ½ ulp after one rounding; the
// f64x2 forms of math/sincosd.ts have Math.sin / Math.cos's bits) and rounded once.
import { expF32 } from "./expf";
import { expm1F32, expm1F32x4, log1pF32, log1pF32x4 } from "./expm1f";
import { log1pF64x2 } from "./log1pd";
import { sinCosF64x2To } from "./sincosd";
import { vSplat, vAdd, vMul, vDiv, vNeg, vSqrt, vLt, vSelect, vExp } from "./lanes";

// @ts-ignore: decorator
@inline export const NEG: i32 = 20;
// @ts-ignore: decorator
@inline export const SQUARE: i32 = 21;
// @ts-ignore: decorator
@inline export const SIGN: i32 = 22;
// @ts-ignore: decorator
@inline export const RECIPROCAL: i32 = 23;
// @ts-ignore: decorator
@inline export const SIN: i32 = 24;
// @ts-ignore: decorator
@inline export const COS: i32 = 25;
// @ts-ignore: decorator
@inline export const EXPM1: i32 = 26;
// @ts-ignore: decorator
@inline export const LOG1P: i32 = 27;
// @ts-ignore: decorator
@inline export const POW_SCALAR: i32 = 28;

/** x^e as torch.pow(x, e) for a number e (see the header); e stays f64, as torch keeps the exponent in double. */
// @ts-ignore: decorator
@inline export function powScalar<T>(x: T, e: f64): T {
  if (e == 2) return x * x;
  if (e == 0.5) return sqrt<T>(x);
  if (e == 3) return x * x * x;
  if (e == -1) return <T>1 / x;
  if (e == -2) { const y = <T>1 / x; return y * y; } // not 1/(x·x): x·x overflows while x⁻² is still a float
  if (e == -0.5) return <T>1 / sqrt<T>(x);
  return <T>Math.pow(<f64>x, e);
}

/** Whether powScalar with exponent e is one of the fast paths, which have a vector form. */
// @ts-ignore: decorator
@inline function powFastPath(e: f64): bool {
  return e == 2 || e == 0.5 || e == 3 || e == -1 || e == -2 || e == -0.5;
}

// @ts-ignore: decorator
@inline function vPowScalar<T>(x: v128, e: f64): v128 {
  const one = vSplat<T>(1);
  if (e == 2) return vMul<T>(x, x);
  if (e == 0.5) return vSqrt<T>(x);
  if (e == 3) return vMul<T>(vMul<T>(x, x), x);
  if (e == -1) return vDiv<T>(one, x);
  if (e == -2) { const y = vDiv<T>(one, x); return vMul<T>(y, y); }
  return vDiv<T>(one, vSqrt<T>(x));
}

/** fn at x; p is powScalar's exponent (unused by the others). */
// @ts-ignore: decorator
@inline export function pointwiseForward<T>(fn: i32, x: T, p: f64): T {
  if (fn == NEG) return -x;
  if (fn == SQUARE) return x * x;
  if (fn == SIGN) return x > 0 ? <T>1 : (x < 0 ? <T>-1 : (x == 0 ? <T>0 : x));
  if (fn == RECIPROCAL) return <T>1 / x;
  if (fn == SIN) return <T>Math.sin(<f64>x);
  if (fn == COS) return <T>Math.cos(<f64>x);
  if (fn == EXPM1) return sizeof<T>() == 4 ? <T>expm1F32(<f32>x) : <T>Math.expm1(<f64>x);
  if (fn == LOG1P) return sizeof<T>() == 4 ? <T>log1pF32(<f32>x) : <T>Math.log1p(<f64>x);
  return powScalar<T>(x, p);
}

/** gy · fn′(x), torch's formulas (sign′ = 0; pow′ = 0 for the exponent 0; f32 sin′, cos′, pow′ in f64, rounded once). */
// @ts-ignore: decorator
@inline export function pointwiseBackward<T>(fn: i32, gy: T, x: T, p: f64): T {
  if (fn == NEG) return -gy;
  if (fn == SQUARE) return gy * (x + x);
  if (fn == SIGN) return <T>0;
  if (fn == RECIPROCAL) {
    const y = <T>1 / x;
    return gy * -(y * y);
  }
  if (fn == SIN) return <T>(<f64>gy * Math.cos(<f64>x));
  if (fn == COS) return <T>(<f64>gy * -Math.sin(<f64>x));
  if (fn == EXPM1) return gy * (sizeof<T>() == 4 ? <T>expF32(<f32>x) : <T>Math.exp(<f64>x));
  if (fn == LOG1P) return gy / (<T>1 + x);
  // torch: gy·(e·x^(e−1)) with x^(e−1) by pow itself (its fast paths: 1/√−0 = −∞, (−∞)^−½ = NaN); in f64
  if (p == 0) return <T>0;
  return <T>(<f64>gy * (p * powScalar<f64>(<f64>x, p - 1)));
}

// ---- vector forms ------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function hasPointwiseForwardV<T>(fn: i32, p: f64): bool {
  if (fn == POW_SCALAR) return powFastPath(p);
  return !(sizeof<T>() == 8 && fn == EXPM1); // Math.expm1 is scalar
}

// @ts-ignore: decorator
@inline export function hasPointwiseBackwardV<T>(fn: i32): bool {
  return fn != POW_SCALAR;
}

// Scratch for sinCosF64x2To: cos at +0, sin at +16.
const SIN_COS: usize = memory.data(32, 16);

// sin (or cos) of both f64 lanes of x, each times the lane of g (g = ±1 splat for the forward).
// @ts-ignore: decorator
@inline function sinOrCos64x2(x: v128, wantSin: bool): v128 {
  sinCosF64x2To(SIN_COS, x);
  return v128.load(SIN_COS + (wantSin ? 16 : 0));
}

// f32x4 lanes through f64: (low two, high two) promoted, fn in f64 times the promoted g, demoted once.
// @ts-ignore: decorator
@inline function sinOrCos32x4(x: v128, g: v128, wantSin: bool, negate: bool): v128 {
  let lo = sinOrCos64x2(f64x2.promote_low_f32x4(x), wantSin);
  let hi = sinOrCos64x2(f64x2.promote_low_f32x4(v128.shuffle<i64>(x, x, 1, 1)), wantSin);
  if (negate) { lo = f64x2.neg(lo); hi = f64x2.neg(hi); }
  lo = f64x2.mul(f64x2.promote_low_f32x4(g), lo);
  hi = f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<i64>(g, g, 1, 1)), hi);
  return v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// @ts-ignore: decorator
@inline function vTrig<T>(x: v128, g: v128, wantSin: bool, negate: bool): v128 {
  if (sizeof<T>() == 4) return sinOrCos32x4(x, g, wantSin, negate);
  const s = sinOrCos64x2(x, wantSin);
  return f64x2.mul(g, negate ? f64x2.neg(s) : s);
}

// @ts-ignore: decorator
@inline export function pointwiseForwardV<T>(fn: i32, x: v128, p: f64): v128 {
  const zero = vSplat<T>(0);
  const one = vSplat<T>(1);
  if (fn == NEG) return vNeg<T>(x);
  if (fn == SQUARE) return vMul<T>(x, x);
  if (fn == SIGN) {
    // x where x is ±0 or NaN (then +0 for ±0: x + 0 turns −0 into +0 and keeps NaN), else ±1
    const rest = vSelect(vLt<T>(x, zero), vNeg<T>(one), vAdd<T>(x, zero));
    return vSelect(vLt<T>(zero, x), one, rest);
  }
  if (fn == RECIPROCAL) return vDiv<T>(one, x);
  if (fn == SIN) return vTrig<T>(x, one, true, false);
  if (fn == COS) return vTrig<T>(x, one, false, false);
  if (fn == EXPM1) return expm1F32x4(x);
  if (fn == LOG1P) return sizeof<T>() == 4 ? log1pF32x4(x) : log1pF64x2(x);
  return vPowScalar<T>(x, p);
}

// @ts-ignore: decorator
@inline export function pointwiseBackwardV<T>(fn: i32, gy: v128, x: v128): v128 {
  const zero = vSplat<T>(0);
  if (fn == NEG) return vNeg<T>(gy);
  if (fn == SQUARE) return vMul<T>(gy, vAdd<T>(x, x));
  if (fn == SIGN) return zero;
  if (fn == RECIPROCAL) {
    const y = vDiv<T>(vSplat<T>(1), x);
    return vMul<T>(gy, vNeg<T>(vMul<T>(y, y)));
  }
  if (fn == SIN) return vTrig<T>(x, gy, false, false);
  if (fn == COS) return vTrig<T>(x, gy, true, true);
  if (fn == EXPM1) return vMul<T>(gy, vExp<T>(x));
  // LOG1P
  return vDiv<T>(gy, vAdd<T>(vSplat<T>(1), x));
}
