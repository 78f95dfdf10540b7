// Special functions as elementwise tensor kernels (the public erf, lgamma, gammainc, … of sdk/ops/special.ts).
// out, x, a, b: n elements each of T (f32 or f64), already broadcast by the caller. Every value is computed by
// the float64 scalar function of math/special.ts and stored once: for f64 the same bits as the …ArrayF64
// kernels there, for f32 the f64 result on the (exactly promoted) f32 inputs rounded once to f32. Plain loops
// (no SIMD form: the functions branch per element), so both builds give the same bits. Every NaN written is
// the canonical quiet NaN (see accumulate.ts), which the …ArrayF64 kernels used by distributions do not do.
import { erf, erfc, erfinv, normalCdf, normalQuantile, lgamma, digamma, lbeta, gammaincP, gammaincQ, betainc } from "../math/special";
import { trigamma } from "../math/trigamma";
import { canonical } from "./accumulate";

// @ts-ignore: decorator
@inline const ERF: i32 = 0;
// @ts-ignore: decorator
@inline const ERFC: i32 = 1;
// @ts-ignore: decorator
@inline const ERFINV: i32 = 2;
// @ts-ignore: decorator
@inline const NDTR: i32 = 3;
// @ts-ignore: decorator
@inline const NDTRI: i32 = 4;
// @ts-ignore: decorator
@inline const LGAMMA: i32 = 5;
// @ts-ignore: decorator
@inline const DIGAMMA: i32 = 6;
// @ts-ignore: decorator
@inline const LBETA: i32 = 7;
// @ts-ignore: decorator
@inline const GAMMAINC: i32 = 8;
// @ts-ignore: decorator
@inline const GAMMAINCC: i32 = 9;
// @ts-ignore: decorator
@inline const TRIGAMMA: i32 = 10;

// @ts-ignore: decorator
@inline function special1(op: i32, x: f64): f64 {
  if (op == ERF) return erf(x);
  if (op == ERFC) return erfc(x);
  if (op == ERFINV) return erfinv(x);
  if (op == NDTR) return normalCdf(x);
  if (op == NDTRI) return normalQuantile(x);
  if (op == LGAMMA) return lgamma(x);
  if (op == TRIGAMMA) return trigamma(x);
  return digamma(x);
}

// @ts-ignore: decorator
@inline function special2(op: i32, a: f64, x: f64): f64 {
  if (op == LBETA) return lbeta(a, x);
  if (op == GAMMAINC) return gammaincP(a, x);
  return gammaincQ(a, x);
}

// out[i] = f(x[i]).
// @ts-ignore: decorator
@inline function map1<T>(op: i32, out: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(out + off, canonical<T>(<T>special1(op, <f64>load<T>(x + off))));
  }
}

// out[i] = f(a[i], x[i]).
// @ts-ignore: decorator
@inline function map2<T>(op: i32, out: usize, a: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(out + off, canonical<T>(<T>special2(op, <f64>load<T>(a + off), <f64>load<T>(x + off))));
  }
}

// out[i] = I_{x[i]}(a[i], b[i]).
// @ts-ignore: decorator
@inline function map3<T>(out: usize, a: usize, b: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(out + off, canonical<T>(<T>betainc(<f64>load<T>(a + off), <f64>load<T>(b + off), <f64>load<T>(x + off))));
  }
}

/** out[i] = erf(x[i]). */
export function erfElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(ERF, out, x, n); }
export function erfElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(ERF, out, x, n); }
/** out[i] = erfc(x[i]) = 1 − erf(x[i]). */
export function erfcElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(ERFC, out, x, n); }
export function erfcElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(ERFC, out, x, n); }
/** out[i] = erf⁻¹(x[i]). */
export function erfinvElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(ERFINV, out, x, n); }
export function erfinvElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(ERFINV, out, x, n); }
/** out[i] = Φ(x[i]). */
export function ndtrElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(NDTR, out, x, n); }
export function ndtrElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(NDTR, out, x, n); }
/** out[i] = Φ⁻¹(x[i]). */
export function ndtriElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(NDTRI, out, x, n); }
export function ndtriElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(NDTRI, out, x, n); }
/** out[i] = log|Γ(x[i])|. */
export function lgammaElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(LGAMMA, out, x, n); }
export function lgammaElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(LGAMMA, out, x, n); }
/** out[i] = ψ(x[i]). */
export function digammaElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(DIGAMMA, out, x, n); }
export function digammaElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(DIGAMMA, out, x, n); }
/** out[i] = ψ′(x[i]) (trigamma, the derivative of digamma). */
export function trigammaElementwiseF32(out: usize, x: usize, n: i32): void { map1<f32>(TRIGAMMA, out, x, n); }
export function trigammaElementwiseF64(out: usize, x: usize, n: i32): void { map1<f64>(TRIGAMMA, out, x, n); }
/** out[i] = log B(a[i], b[i]). */
export function lbetaElementwiseF32(out: usize, a: usize, b: usize, n: i32): void { map2<f32>(LBETA, out, a, b, n); }
export function lbetaElementwiseF64(out: usize, a: usize, b: usize, n: i32): void { map2<f64>(LBETA, out, a, b, n); }
/** out[i] = P(a[i], x[i]), the regularized lower incomplete gamma function. */
export function gammaincElementwiseF32(out: usize, a: usize, x: usize, n: i32): void { map2<f32>(GAMMAINC, out, a, x, n); }
export function gammaincElementwiseF64(out: usize, a: usize, x: usize, n: i32): void { map2<f64>(GAMMAINC, out, a, x, n); }
/** out[i] = Q(a[i], x[i]) = 1 − P(a[i], x[i]). */
export function gammainccElementwiseF32(out: usize, a: usize, x: usize, n: i32): void { map2<f32>(GAMMAINCC, out, a, x, n); }
export function gammainccElementwiseF64(out: usize, a: usize, x: usize, n: i32): void { map2<f64>(GAMMAINCC, out, a, x, n); }
/** out[i] = I_{x[i]}(a[i], b[i]), the regularized incomplete beta function. */
export function betaincElementwiseF32(out: usize, a: usize, b: usize, x: usize, n: i32): void { map3<f32>(out, a, b, x, n); }
export function betaincElementwiseF64(out: usize, a: usize, b: usize, x: usize, n: i32): void { map3<f64>(out, a, b, x, n); }
