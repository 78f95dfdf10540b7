// Gamma and Beta log-densities, the hot path of likelihoods and score-function estimators:
//   Gamma(α, λ): log p(x) = (c + (α − 1)·log x) − λx,                c = α·log λ − log Γ(α)
//   Beta(α, β):  log p(x) = (c + (α − 1)·log x) + (β − 1)·log1p(−x), c = −log B(α, β)
// c comes precomputed per batch element (gammaLogNormF64, betaLogNormF64; the SDK caches it), so an element
// costs one or two logs instead of a log Γ. A zero coefficient drops its term (xlogy: 0·log 0 = 0, as torch),
// so α = 1 is finite at x = 0. From α ≥ 1e4 (Beta: α and β ≥ 1e4) the saddle-point forms of large-parameters.ts
// replace the formula (its terms cancel there), element by element, without SIMD. Outside the support (Gamma: x < 0 or +∞; Beta: outside [0, 1]) −∞; NaN stays NaN.
// With one parameter set (b = 1) and SIMD, elements go two at a time through f64x2 with logLutF64x2 (the
// bits of std's Math.log) and the same operations in the same order as the scalar code: the same bits in
// both builds (gammaLogProbF32Ref … are the references). (logF64x2, fdlibm's table-free log, was 1.4×
// slower here: its division costs more than logLutF64x2's four scalar table loads a lane.)
import { lgamma, lbeta } from "../math/special";
import { logLutF64x2 } from "../math/loglut";
import { xlogy } from "../math/incomplete";
import { LARGE_SHAPE, betaLogDensityLarge, gammaLogDensityLarge } from "./large-parameters";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

// log1p(y) by Goldberg's trick (1991, "What every computer scientist should know about floating-point
// arithmetic", Theorem 4): u = 1 + y rounded; y itself when u = 1, else log(u)·(y/(u − 1)), within a few
// ulps. Unlike std's log1p it is built on log, which has an f64x2 form with the same bits.
// @ts-ignore: decorator
@inline function log1pByLog(y: f64): f64 {
  const u = 1.0 + y;
  return u == 1.0 ? y : Math.log(u) * (y / (u - 1.0));
}

// @ts-ignore: decorator
@inline function gammaAt(x: f64, am1: f64, rate: f64, c: f64): f64 {
  if (am1 >= LARGE_SHAPE - 1.0) return gammaLogDensityLarge(x, am1 + 1.0, rate);
  if (x < 0 || x == Infinity) return -Infinity;
  return c + xlogy(am1, x) - rate * x;
}

// @ts-ignore: decorator
@inline function betaAt(x: f64, am1: f64, bm1: f64, c: f64): f64 {
  if (am1 >= LARGE_SHAPE - 1.0 && bm1 >= LARGE_SHAPE - 1.0) return betaLogDensityLarge(x, am1 + 1.0, bm1 + 1.0);
  if (!(x >= 0 && x <= 1)) return isNaN(x) ? x : -Infinity;
  const s = bm1 == 0 ? 0.0 : bm1 * log1pByLog(-x);
  return c + xlogy(am1, x) + s;
}

// The scalar loop over elements i0 … n − 1 (parameters of element i: index i mod b).
// @ts-ignore: decorator
@inline function gammaScalar<T>(out: usize, x: usize, alpha: usize, rate: usize, logNorm: usize, i0: i32, n: i32, b: i32): void {
  for (let i = i0, j = i0 % b; i < n; i++) {
    const v = <f64>load<T>(x + (<usize>i << alignof<T>()));
    store<T>(out + (<usize>i << alignof<T>()), <T>gammaAt(v, at(alpha, j) - 1.0, at(rate, j), at(logNorm, j)));
    if (++j == b) j = 0;
  }
}

// @ts-ignore: decorator
@inline function betaScalar<T>(out: usize, x: usize, alpha: usize, beta: usize, logNorm: usize, i0: i32, n: i32, b: i32): void {
  for (let i = i0, j = i0 % b; i < n; i++) {
    const v = <f64>load<T>(x + (<usize>i << alignof<T>()));
    store<T>(out + (<usize>i << alignof<T>()), <T>betaAt(v, at(alpha, j) - 1.0, at(beta, j) - 1.0, at(logNorm, j)));
    if (++j == b) j = 0;
  }
}

// f64x2 constants of the current call, loaded inside the loops (V8 would rematerialise splats there every
// iteration; see BOX_MULLER_K in sample/normal.ts): (α − 1, λ or β − 1, c, 0, +∞, −∞, 1).
const K: usize = memory.data(7 * 16, 16);
// @ts-ignore: decorator
@inline function k(i: i32): v128 { return v128.load(K + (<usize>i << 4)); }
// @ts-ignore: decorator
@inline const AM1: i32 = 0;
// @ts-ignore: decorator
@inline const P2: i32 = 1;
// @ts-ignore: decorator
@inline const C: i32 = 2;
// @ts-ignore: decorator
@inline const ZERO: i32 = 3;
// @ts-ignore: decorator
@inline const INF: i32 = 4;
// @ts-ignore: decorator
@inline const NEG_INF: i32 = 5;
// @ts-ignore: decorator
@inline const ONE: i32 = 6;

function setConstants(am1: f64, p2: f64, c: f64): void {
  v128.store(K, f64x2.splat(am1));
  v128.store(K, f64x2.splat(p2), 16);
  v128.store(K, f64x2.splat(c), 32);
  v128.store(K, f64x2.splat(0.0), 48);
  v128.store(K, f64x2.splat(Infinity), 64);
  v128.store(K, f64x2.splat(-Infinity), 80);
  v128.store(K, f64x2.splat(1.0), 96);
}

// gammaAt on both lanes (withLog: α ≠ 1).
// @ts-ignore: decorator
@inline function gamma2(v: v128, withLog: bool): v128 {
  const t = withLog ? f64x2.mul(k(AM1), logLutF64x2(v)) : k(ZERO);
  const r = f64x2.sub(f64x2.add(k(C), t), f64x2.mul(k(P2), v));
  return v128.bitselect(k(NEG_INF), r, v128.or(f64x2.lt(v, k(ZERO)), f64x2.eq(v, k(INF))));
}

// betaAt on both lanes (withLogX: α ≠ 1, withLog1m: β ≠ 1).
// @ts-ignore: decorator
@inline function beta2(v: v128, withLogX: bool, withLog1m: bool): v128 {
  const t = withLogX ? f64x2.mul(k(AM1), logLutF64x2(v)) : k(ZERO);
  let s = k(ZERO);
  if (withLog1m) {
    const y = f64x2.neg(v);
    const u = f64x2.add(k(ONE), y);
    const l = f64x2.mul(logLutF64x2(u), f64x2.div(y, f64x2.sub(u, k(ONE))));
    s = f64x2.mul(k(P2), v128.bitselect(y, l, f64x2.eq(u, k(ONE))));
  }
  const r = f64x2.add(f64x2.add(k(C), t), s);
  const inside = v128.and(f64x2.ge(v, k(ZERO)), f64x2.le(v, k(ONE)));
  return v128.bitselect(r, v128.bitselect(v, k(NEG_INF), f64x2.ne(v, v)), inside);
}

/**
 * Gamma log-density. out, x: n f32; concentration α, rate λ, logNorm c = α·log λ − log Γ(α): b f64 each
 * (element i uses i mod b). Computed in f64, rounded once.
 * @example α = 2, λ = 1 (c = 0): x = 1 gives −1; x = −1 gives −∞.
 */
export function gammaLogProbF32(out: usize, x: usize, concentration: usize, rate: usize, logNorm: usize, n: i32, b: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && b == 1 && at(concentration, 0) < LARGE_SHAPE) {
    const am1 = at(concentration, 0) - 1.0;
    setConstants(am1, at(rate, 0), at(logNorm, 0));
    const withLog = am1 != 0;
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      const v = v128.load(x + p);
      const lo = gamma2(f64x2.promote_low_f32x4(v), withLog);
      const hi = gamma2(f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 2, 3)), withLog);
      v128.store(out + p, v128.shuffle<u32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
  }
  gammaScalar<f32>(out, x, concentration, rate, logNorm, i, n, b);
}

/** As gammaLogProbF32 over f64 values. */
export function gammaLogProbF64(out: usize, x: usize, concentration: usize, rate: usize, logNorm: usize, n: i32, b: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && b == 1 && at(concentration, 0) < LARGE_SHAPE) {
    const am1 = at(concentration, 0) - 1.0;
    setConstants(am1, at(rate, 0), at(logNorm, 0));
    const withLog = am1 != 0;
    for (; i + 2 <= n; i += 2) {
      const p = <usize>i << 3;
      v128.store(out + p, gamma2(v128.load(x + p), withLog));
    }
  }
  gammaScalar<f64>(out, x, concentration, rate, logNorm, i, n, b);
}

/** The scalar reference of gammaLogProbF32. */
export function gammaLogProbF32Ref(out: usize, x: usize, concentration: usize, rate: usize, logNorm: usize, n: i32, b: i32): void {
  gammaScalar<f32>(out, x, concentration, rate, logNorm, 0, n, b);
}

/** The scalar reference of gammaLogProbF64. */
export function gammaLogProbF64Ref(out: usize, x: usize, concentration: usize, rate: usize, logNorm: usize, n: i32, b: i32): void {
  gammaScalar<f64>(out, x, concentration, rate, logNorm, 0, n, b);
}

/**
 * Beta log-density. out, x: n f32; α, β, logNorm c = −log B(α, β): b f64 each. Computed in f64, rounded once.
 * @example α = 2, β = 1 (c = log 2): x = 0.5 gives 0; x = 1.5 gives −∞.
 */
export function betaLogProbF32(out: usize, x: usize, alpha: usize, beta: usize, logNorm: usize, n: i32, b: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && b == 1 && !(at(alpha, 0) >= LARGE_SHAPE && at(beta, 0) >= LARGE_SHAPE)) {
    const am1 = at(alpha, 0) - 1.0, bm1 = at(beta, 0) - 1.0;
    setConstants(am1, bm1, at(logNorm, 0));
    const withLogX = am1 != 0, withLog1m = bm1 != 0;
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      const v = v128.load(x + p);
      const lo = beta2(f64x2.promote_low_f32x4(v), withLogX, withLog1m);
      const hi = beta2(f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 2, 3)), withLogX, withLog1m);
      v128.store(out + p, v128.shuffle<u32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
  }
  betaScalar<f32>(out, x, alpha, beta, logNorm, i, n, b);
}

/** As betaLogProbF32 over f64 values. */
export function betaLogProbF64(out: usize, x: usize, alpha: usize, beta: usize, logNorm: usize, n: i32, b: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && b == 1 && !(at(alpha, 0) >= LARGE_SHAPE && at(beta, 0) >= LARGE_SHAPE)) {
    const am1 = at(alpha, 0) - 1.0, bm1 = at(beta, 0) - 1.0;
    setConstants(am1, bm1, at(logNorm, 0));
    const withLogX = am1 != 0, withLog1m = bm1 != 0;
    for (; i + 2 <= n; i += 2) {
      const p = <usize>i << 3;
      v128.store(out + p, beta2(v128.load(x + p), withLogX, withLog1m));
    }
  }
  betaScalar<f64>(out, x, alpha, beta, logNorm, i, n, b);
}

/** The scalar reference of betaLogProbF32. */
export function betaLogProbF32Ref(out: usize, x: usize, alpha: usize, beta: usize, logNorm: usize, n: i32, b: i32): void {
  betaScalar<f32>(out, x, alpha, beta, logNorm, 0, n, b);
}

/** The scalar reference of betaLogProbF64. */
export function betaLogProbF64Ref(out: usize, x: usize, alpha: usize, beta: usize, logNorm: usize, n: i32, b: i32): void {
  betaScalar<f64>(out, x, alpha, beta, logNorm, 0, n, b);
}

/** c = α·log λ − log Γ(α) per batch element (0·log λ = 0). out, concentration, rate: n f64. */
export function gammaLogNormF64(out: usize, concentration: usize, rate: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const a = at(concentration, i);
    store<f64>(out + (<usize>i << 3), xlogy(a, at(rate, i)) - lgamma(a));
  }
}

/** c = −log B(α, β) per batch element. out, alpha, beta: n f64. */
export function betaLogNormF64(out: usize, alpha: usize, beta: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), -lbeta(at(alpha, i), at(beta, i)));
}
