// Lane-wise v128 operations chosen by element type: f32x4 when T is f32, f64x2 when T is f64. Lets one
// vector formula serve both dtypes beside its scalar twin (math/activation.ts, math/pointwise.ts). Every one
// is a single WASM instruction (or a fixed pair), the scalar IEEE operation lane by lane.
import { expF32x4 } from "./expf";
import { expF64x2 } from "./expd";

// @ts-ignore: decorator
@inline export function vSplat<T>(x: f64): v128 { return sizeof<T>() == 4 ? f32x4.splat(<f32>x) : f64x2.splat(x); }
// @ts-ignore: decorator
@inline export function vAdd<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.add(a, b) : f64x2.add(a, b); }
// @ts-ignore: decorator
@inline export function vSub<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.sub(a, b) : f64x2.sub(a, b); }
// @ts-ignore: decorator
@inline export function vMul<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.mul(a, b) : f64x2.mul(a, b); }
// @ts-ignore: decorator
@inline export function vDiv<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.div(a, b) : f64x2.div(a, b); }
// @ts-ignore: decorator
@inline export function vNeg<T>(a: v128): v128 { return sizeof<T>() == 4 ? f32x4.neg(a) : f64x2.neg(a); }
// @ts-ignore: decorator
@inline export function vAbs<T>(a: v128): v128 { return sizeof<T>() == 4 ? f32x4.abs(a) : f64x2.abs(a); }
// @ts-ignore: decorator
@inline export function vSqrt<T>(a: v128): v128 { return sizeof<T>() == 4 ? f32x4.sqrt(a) : f64x2.sqrt(a); }
/** All-ones lanes where a < b (false for NaN). */
// @ts-ignore: decorator
@inline export function vLt<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.lt(a, b) : f64x2.lt(a, b); }
// @ts-ignore: decorator
@inline export function vLe<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.le(a, b) : f64x2.le(a, b); }
// @ts-ignore: decorator
@inline export function vEq<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.eq(a, b) : f64x2.eq(a, b); }
/** mask ? a : b per lane. */
// @ts-ignore: decorator
@inline export function vSelect(mask: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, mask); }
/** |a| with the sign bit of s (copysign, a bit operation like the scalar builtin). */
// @ts-ignore: decorator
@inline export function vCopysign<T>(a: v128, s: v128): v128 {
  const sign = sizeof<T>() == 4 ? i32x4.splat(0x80000000) : i64x2.splat(0x8000000000000000);
  return v128.bitselect(s, a, sign);
}
/** eˣ lane by lane: expF32x4 (math/expf.ts) or expF64x2 (math/expd.ts, Math.exp's bits). */
// @ts-ignore: decorator
@inline export function vExp<T>(a: v128): v128 { return sizeof<T>() == 4 ? expF32x4(a) : expF64x2(a); }
