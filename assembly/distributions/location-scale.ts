// log-density, cdf and quantile kernels of Normal, Laplace, Exponential and Uniform, evaluated in f64.
// Shared layout: out, x: n elements of T (f32 or f64); the parameters are f64 arrays of b batch
// elements and element i uses parameter i mod b (the SDK broadcasts values as [..., batch]).
// Outside the support (±∞ included) the log-density is −∞, a NaN value gives NaN; a quantile outside [0, 1] is NaN.
import { normalCdf, normalQuantile } from "../math/erf";

// @ts-ignore: decorator
@inline function get<T>(p: usize, i: i32): f64 {
  return <f64>load<T>(p + (<usize>i << alignof<T>()));
}
// @ts-ignore: decorator
@inline function put<T>(p: usize, i: i32, v: f64): void {
  store<T>(p + (<usize>i << alignof<T>()), <T>v);
}
// @ts-ignore: decorator
@inline function param(p: usize, j: i32): f64 {
  return load<f64>(p + (<usize>j << 3));
}

// @ts-ignore: decorator
@inline const LOCSCALE_NORMAL_LOG_PROB: i32 = 0;
// @ts-ignore: decorator
@inline const LOCSCALE_NORMAL_CDF: i32 = 1;
// @ts-ignore: decorator
@inline const LOCSCALE_NORMAL_ICDF: i32 = 2;
// @ts-ignore: decorator
@inline const LOCSCALE_LAPLACE_LOG_PROB: i32 = 3;
// @ts-ignore: decorator
@inline const LOCSCALE_LAPLACE_CDF: i32 = 4;
// @ts-ignore: decorator
@inline const LOCSCALE_LAPLACE_ICDF: i32 = 5;
// @ts-ignore: decorator
@inline const LOCSCALE_UNIFORM_LOG_PROB: i32 = 6;
// @ts-ignore: decorator
@inline const LOCSCALE_UNIFORM_CDF: i32 = 7;
// @ts-ignore: decorator
@inline const LOCSCALE_UNIFORM_ICDF: i32 = 8;

// (p1, p2, p3) are (loc, scale, log-normaliser) for Normal and Laplace and (low, high, log-width) for Uniform.
// @ts-ignore: decorator
@inline function evaluate<T>(op: i32, out: usize, x: usize, p1: usize, p2: usize, p3: usize, n: i32, b: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = get<T>(x, i);
    const a = param(p1, j);
    const s = param(p2, j);
    let r: f64;
    switch (op) {
      case LOCSCALE_NORMAL_LOG_PROB: {
        // −½((x − μ)/σ)² − (log σ + ½ log 2π) as −z² − logNorm with z = (x − μ)·(√½/σ): one product
        // fewer, and no division per element in the SIMD path, which computes √½/σ once
        const z = (v - a) * (Math.SQRT1_2 / s);
        r = -param(p3, j) - z * z;
        break;
      }
      case LOCSCALE_NORMAL_CDF: r = normalCdf((v - a) / s); break;
      case LOCSCALE_NORMAL_ICDF: r = a + s * normalQuantile(v); break;
      case LOCSCALE_LAPLACE_LOG_PROB: r = -Math.abs(v - a) / s - param(p3, j); break; // p3 = log 2b
      case LOCSCALE_LAPLACE_CDF: {
        // ½e^z below the median (exact in the tail, where torch's ½ + ½·expm1(z) cancels), 1 − ½e^{−z} above
        const z = (v - a) / s;
        r = z < 0 ? 0.5 * Math.exp(z) : 0.5 - 0.5 * Math.expm1(-z);
        break;
      }
      case LOCSCALE_LAPLACE_ICDF: {
        // μ + b·log 2q below ½, μ − b·log 2(1 − q) above (1 − q is exact there): both tails keep precision
        r = !(v >= 0 && v <= 1) ? NaN : v < 0.5 ? a + s * Math.log(2.0 * v) : a - s * Math.log(2.0 * (1.0 - v));
        break;
      }
      case LOCSCALE_UNIFORM_LOG_PROB: r = v >= a && v < s ? -param(p3, j) : isNaN(v) ? v : -Infinity; break;
      case LOCSCALE_UNIFORM_CDF: r = isNaN(v) ? v : Math.min(Math.max((v - a) / (s - a), 0.0), 1.0); break;
      default: r = v >= 0 && v <= 1 ? a + v * (s - a) : NaN; // LOCSCALE_UNIFORM_ICDF
    }
    if (op == LOCSCALE_NORMAL_LOG_PROB || op == LOCSCALE_LAPLACE_LOG_PROB) r = isNaN(v) ? v : r;
    put<T>(out, i, r);
    if (++j == b) j = 0;
  }
}

/**
 * log N(x; μ, σ²) = −½((x − μ)/σ)² − logNorm, in f64. out, x: n f32; loc, scale, logNorm (= log σ + ½ log 2π):
 * b f64. With one parameter set (b = 1) and SIMD, eight elements at a time in f64x2: the same operations
 * as normalLogProbF32Ref, so the same bits.
 */
export function normalLogProbF32(out: usize, x: usize, loc: usize, scale: usize, logNorm: usize, n: i32, b: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (b == 1) {
      setNormalLogProbConstants(loc, scale, logNorm);
      for (; i + 8 <= n; i += 8) {
        const p = <usize>i << 2;
        const v = v128.load(x + p), w = v128.load(x + p, 16);
        const nan = v128.any_true(v128.or(f32x4.ne(v, v), f32x4.ne(w, w)));
        const v0 = normalLogProbF64x2(f64x2.promote_low_f32x4(v), nan);
        const v1 = normalLogProbF64x2(f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 2, 3)), nan);
        const w0 = normalLogProbF64x2(f64x2.promote_low_f32x4(w), nan);
        const w1 = normalLogProbF64x2(f64x2.promote_low_f32x4(v128.shuffle<u32>(w, w, 2, 3, 2, 3)), nan);
        v128.store(out + p, v128.shuffle<u32>(f32x4.demote_f64x2_zero(v0), f32x4.demote_f64x2_zero(v1), 0, 1, 4, 5));
        v128.store(out + p, v128.shuffle<u32>(f32x4.demote_f64x2_zero(w0), f32x4.demote_f64x2_zero(w1), 0, 1, 4, 5), 16);
      }
    }
  }
  evaluate<f32>(LOCSCALE_NORMAL_LOG_PROB, out + (<usize>i << 2), x + (<usize>i << 2), loc, scale, logNorm, n - i, b);
}
/** The scalar reference of normalLogProbF32. */
export function normalLogProbF32Ref(out: usize, x: usize, loc: usize, scale: usize, logNorm: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_NORMAL_LOG_PROB, out, x, loc, scale, logNorm, n, b); }
/** As normalLogProbF32 over f64. */
export function normalLogProbF64(out: usize, x: usize, loc: usize, scale: usize, logNorm: usize, n: i32, b: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (b == 1) {
      setNormalLogProbConstants(loc, scale, logNorm);
      for (; i + 8 <= n; i += 8) {
        const p = <usize>i << 3;
        const v0 = v128.load(x + p), v1 = v128.load(x + p, 16), v2 = v128.load(x + p, 32), v3 = v128.load(x + p, 48);
        const nan = v128.any_true(v128.or(v128.or(f64x2.ne(v0, v0), f64x2.ne(v1, v1)), v128.or(f64x2.ne(v2, v2), f64x2.ne(v3, v3))));
        v128.store(out + p, normalLogProbF64x2(v0, nan));
        v128.store(out + p, normalLogProbF64x2(v1, nan), 16);
        v128.store(out + p, normalLogProbF64x2(v2, nan), 32);
        v128.store(out + p, normalLogProbF64x2(v3, nan), 48);
      }
    }
  }
  evaluate<f64>(LOCSCALE_NORMAL_LOG_PROB, out + (<usize>i << 3), x + (<usize>i << 3), loc, scale, logNorm, n - i, b);
}
/** The scalar reference of normalLogProbF64. */
export function normalLogProbF64Ref(out: usize, x: usize, loc: usize, scale: usize, logNorm: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_NORMAL_LOG_PROB, out, x, loc, scale, logNorm, n, b); }

// μ, √½/σ and −logNorm splat, for normalLogProbF64x2. Loaded inside the loops: V8 (x64) would
// rematerialise splats there every iteration (see BOX_MULLER_K in sample/normal.ts).
const NORMAL_LOG_PROB_K: usize = memory.data(48, 16);

function setNormalLogProbConstants(loc: usize, scale: usize, logNorm: usize): void {
  v128.store(NORMAL_LOG_PROB_K, f64x2.splat(param(loc, 0)));
  v128.store(NORMAL_LOG_PROB_K, f64x2.splat(Math.SQRT1_2 / param(scale, 0)), 16);
  v128.store(NORMAL_LOG_PROB_K, f64x2.splat(-param(logNorm, 0)), 32);
}

// Two lanes of the scalar case LOCSCALE_NORMAL_LOG_PROB: −logNorm − z·z with z = (v − μ)·(√½/σ). A NaN v
// is kept as is (as the scalar isNaN(v) ? v : r), checked per group so that the select, which costs a
// third of the loop, runs only for groups holding a NaN.
// @ts-ignore: decorator
@inline function normalLogProbF64x2(v: v128, anyNaN: bool): v128 {
  const k = NORMAL_LOG_PROB_K;
  const z = f64x2.mul(f64x2.sub(v, v128.load(k)), v128.load(k, 16));
  const r = f64x2.sub(v128.load(k, 32), f64x2.mul(z, z));
  return anyNaN ? v128.bitselect(v, r, f64x2.ne(v, v)) : r;
}
/** Φ((x − μ)/σ). out, x: n f32; loc, scale: b f64. */
export function normalCdfF32(out: usize, x: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_NORMAL_CDF, out, x, loc, scale, 0, n, b); }
/** As normalCdfF32 over f64. */
export function normalCdfF64(out: usize, x: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_NORMAL_CDF, out, x, loc, scale, 0, n, b); }
/** μ + σ·Φ⁻¹(q). out, q: n f32; loc, scale: b f64. */
export function normalIcdfF32(out: usize, q: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_NORMAL_ICDF, out, q, loc, scale, 0, n, b); }
/** As normalIcdfF32 over f64. */
export function normalIcdfF64(out: usize, q: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_NORMAL_ICDF, out, q, loc, scale, 0, n, b); }

/** log Laplace(x; μ, b) = −|x − μ|/b − log 2b. logNorm = log 2b. */
export function laplaceLogProbF32(out: usize, x: usize, loc: usize, scale: usize, logNorm: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_LAPLACE_LOG_PROB, out, x, loc, scale, logNorm, n, b); }
/** As laplaceLogProbF32 over f64. */
export function laplaceLogProbF64(out: usize, x: usize, loc: usize, scale: usize, logNorm: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_LAPLACE_LOG_PROB, out, x, loc, scale, logNorm, n, b); }
/** Laplace cdf. */
export function laplaceCdfF32(out: usize, x: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_LAPLACE_CDF, out, x, loc, scale, 0, n, b); }
/** As laplaceCdfF32 over f64. */
export function laplaceCdfF64(out: usize, x: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_LAPLACE_CDF, out, x, loc, scale, 0, n, b); }
/** Laplace quantile: μ + b·log 2q below ½, μ − b·log 2(1 − q) above. */
export function laplaceIcdfF32(out: usize, q: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_LAPLACE_ICDF, out, q, loc, scale, 0, n, b); }
/** As laplaceIcdfF32 over f64. */
export function laplaceIcdfF64(out: usize, q: usize, loc: usize, scale: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_LAPLACE_ICDF, out, q, loc, scale, 0, n, b); }

/** log U(x; low, high) = −log(high − low) on [low, high), −∞ elsewhere. logWidth = log(high − low). */
export function uniformLogProbF32(out: usize, x: usize, low: usize, high: usize, logWidth: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_UNIFORM_LOG_PROB, out, x, low, high, logWidth, n, b); }
/** As uniformLogProbF32 over f64. */
export function uniformLogProbF64(out: usize, x: usize, low: usize, high: usize, logWidth: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_UNIFORM_LOG_PROB, out, x, low, high, logWidth, n, b); }
/** Uniform cdf clamp((x − low)/(high − low), 0, 1). */
export function uniformCdfF32(out: usize, x: usize, low: usize, high: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_UNIFORM_CDF, out, x, low, high, 0, n, b); }
/** As uniformCdfF32 over f64. */
export function uniformCdfF64(out: usize, x: usize, low: usize, high: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_UNIFORM_CDF, out, x, low, high, 0, n, b); }
/** Uniform quantile low + q(high − low). */
export function uniformIcdfF32(out: usize, q: usize, low: usize, high: usize, n: i32, b: i32): void { evaluate<f32>(LOCSCALE_UNIFORM_ICDF, out, q, low, high, 0, n, b); }
/** As uniformIcdfF32 over f64. */
export function uniformIcdfF64(out: usize, q: usize, low: usize, high: usize, n: i32, b: i32): void { evaluate<f64>(LOCSCALE_UNIFORM_ICDF, out, q, low, high, 0, n, b); }

/**
 * out[i] = loc[i mod b] + scale[i mod b]·eps[i] in f32 arithmetic (parameters rounded to f32 first), so
 * with b = 1 it repeats affineInPlaceF32 bit for bit. out may alias eps. out, eps: n f32; loc, scale: b f64.
 */
export function locationScaleF32(out: usize, eps: usize, loc: usize, scale: usize, n: i32, b: i32): void {
  let j = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (b == 1) {
      // one parameter pair: four lanes at a time, the same f32 operations
      const vl = f32x4.splat(<f32>param(loc, 0));
      const vs = f32x4.splat(<f32>param(scale, 0));
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(out + o, f32x4.add(vl, f32x4.mul(vs, v128.load(eps + o))));
      }
    }
  }
  for (; i < n; i++) {
    const e = load<f32>(eps + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), <f32>param(loc, j) + <f32>param(scale, j) * e);
    if (++j == b) j = 0;
  }
}

/** As locationScaleF32 in f64. */
export function locationScaleF64(out: usize, eps: usize, loc: usize, scale: usize, n: i32, b: i32): void {
  let j = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (b == 1) {
      const vl = f64x2.splat(param(loc, 0));
      const vs = f64x2.splat(param(scale, 0));
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        v128.store(out + o, f64x2.add(vl, f64x2.mul(vs, v128.load(eps + o))));
      }
    }
  }
  for (; i < n; i++) {
    const e = load<f64>(eps + (<usize>i << 3));
    store<f64>(out + (<usize>i << 3), param(loc, j) + param(scale, j) * e);
    if (++j == b) j = 0;
  }
}
