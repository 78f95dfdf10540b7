// Special functions for distributions: the scalar functions (importable by other AS files) and
// elementwise kernels over float64 arrays that the SDK calls. out, x (, y): n f64 each.
import { erf, erfc, erfinv, normalCdf, normalQuantile } from "./erf";
import { lgamma, digamma, lbeta } from "./gamma";
import { gammaincP, gammaincQ, betainc, log1pmx } from "./incomplete";

export { erf, erfc, erfinv, normalCdf, normalQuantile } from "./erf";
export { lgamma, digamma, lbeta, sinPi, cosPi } from "./gamma";
export { gammaincP, gammaincQ, betainc, log1pmx } from "./incomplete";

/** softplus(x) = log(1 + eˣ), without overflow: max(x, 0) + log1p(e^{−|x|}). */
export function softplus(x: f64): f64 {
  return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
}

// @ts-ignore: decorator
@inline function map1(out: usize, x: usize, n: i32, op: i32): void {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    let r: f64;
    switch (op) {
      case 0: r = erf(v); break;
      case 1: r = erfc(v); break;
      case 2: r = erfinv(v); break;
      case 3: r = normalCdf(v); break;
      case 4: r = normalQuantile(v); break;
      case 5: r = lgamma(v); break;
      case 6: r = digamma(v); break;
      case 7: r = Math.log(v); break;
      case 8: r = Math.log1p(v); break;
      case 9: r = Math.exp(v); break;
      case 10: r = Math.expm1(v); break;
      case 11: r = Math.sqrt(v); break;
      case 12: r = softplus(v); break;
      default: r = log1pmx(v);
    }
    store<f64>(out + (<usize>i << 3), r);
  }
}

/** out[i] = erf(x[i]). */
export function erfArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 0); }
/** out[i] = erfc(x[i]). */
export function erfcArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 1); }
/** out[i] = erf⁻¹(x[i]). */
export function erfinvArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 2); }
/** out[i] = Φ(x[i]). */
export function normalCdfArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 3); }
/** out[i] = Φ⁻¹(x[i]). */
export function normalQuantileArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 4); }
/** out[i] = log|Γ(x[i])|. */
export function lgammaArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 5); }
/** out[i] = ψ(x[i]). */
export function digammaArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 6); }
/** out[i] = log(x[i]). */
export function logArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 7); }
/** out[i] = log(1 + x[i]). */
export function log1pArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 8); }
/** out[i] = exp(x[i]). */
export function expArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 9); }
/** out[i] = exp(x[i]) − 1. */
export function expm1ArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 10); }
/** out[i] = √x[i]. */
export function sqrtArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 11); }
/** out[i] = softplus(x[i]) = log(1 + e^{x[i]}). */
export function softplusArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 12); }
/** out[i] = log(1 + x[i]) − x[i]. */
export function log1pmxArrayF64(out: usize, x: usize, n: i32): void { map1(out, x, n, 13); }

/** out[i] = log B(a[i], b[i]). */
export function lbetaArrayF64(out: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, lbeta(load<f64>(a + o), load<f64>(b + o)));
  }
}

/** out[i] = P(a[i], x[i]), the regularized lower incomplete gamma function. */
export function gammaincPArrayF64(out: usize, a: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, gammaincP(load<f64>(a + o), load<f64>(x + o)));
  }
}

/** out[i] = Q(a[i], x[i]) = 1 − P(a[i], x[i]). */
export function gammaincQArrayF64(out: usize, a: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, gammaincQ(load<f64>(a + o), load<f64>(x + o)));
  }
}

/** out[i] = I_{x[i]}(a[i], b[i]), the regularized incomplete beta function. */
export function betaincArrayF64(out: usize, a: usize, b: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, betainc(load<f64>(a + o), load<f64>(b + o), load<f64>(x + o)));
  }
}
