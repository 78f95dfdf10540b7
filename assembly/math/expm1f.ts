// eˣ − 1 and ln(1 + x) in f32 from expF32 / logF32, accurate where the plain formulas cancel (x near 0).
// expm1: Kahan's trick, u = eˣ, expm1 x = (u − 1)·(x / ln u): the rounding error of u cancels between u − 1 and
// ln u. log1p: Goldberg's, u = 1 + x, log1p x = ln u · (x / (u − 1)): the same cancellation for the rounding
// of 1 + x (Goldberg 1991, "What every computer scientist should know about floating-point arithmetic",
// Theorem 4). Both within a few ulp (tests/sdk/ops/activations.test.ts measures them against mpmath).
// The scalar and the f32x4 forms run the identical IEEE operations and select the same special cases, so
// they agree bit for bit; the vector forms compute every branch and select per lane.
import { expF32, expF32x4 } from "./expf";
import { logF32, logF32x4 } from "./logf";

/**
 * eˣ − 1 for any f32 x: −1 below ≈ −17.3, ∞ above ≈ 88.7, x itself where eˣ rounds to 1 (so ±0 keep their sign).
 * @example expm1F32(1e-10) == 1e-10; expm1F32(-Infinity) == -1
 */
export function expm1F32(x: f32): f32 {
  return expm1FromExpF32(x, expF32(x));
}

/** expm1F32(x) given u = expF32(x) (for callers that need eˣ too). */
// @ts-ignore: decorator
@inline export function expm1FromExpF32(x: f32, u: f32): f32 {
  if (u == 1) return x;
  const um1 = u - <f32>1;
  if (um1 == -1 || u == Infinity) return um1; // eˣ < 2^-25 or overflow (ln u would not be normal)
  return um1 * (x / logF32(u)); // x / ln u ≈ 1 first: um1 · x would overflow for x > ≈ 87
}

/** Four lanes of expm1F32, the same bits lane by lane. */
// @ts-ignore: decorator
@inline export function expm1F32x4(x: v128): v128 {
  return expm1FromExpF32x4(x, expF32x4(x));
}

/** Four lanes of expm1FromExpF32. */
// @ts-ignore: decorator
@inline export function expm1FromExpF32x4(x: v128, u: v128): v128 {
  const one = f32x4.splat(1);
  const um1 = f32x4.sub(u, one);
  // logF32x4 wants positive normal u; other lanes are replaced below, whatever it gives there
  let r = f32x4.mul(um1, f32x4.div(x, logF32x4(u)));
  r = v128.bitselect(um1, r, v128.or(f32x4.eq(um1, f32x4.splat(-1)), f32x4.eq(u, f32x4.splat(Infinity))));
  return v128.bitselect(x, r, f32x4.eq(u, one));
}

/**
 * ln(1 + x) for any f32 x: −∞ at −1, NaN below, ∞ at ∞, x itself where 1 + x rounds to 1.
 * @example log1pF32(1e-10) == 1e-10; log1pF32(-1) == -Infinity
 */
export function log1pF32(x: f32): f32 {
  const u = <f32>1 + x;
  if (u == 1) return x;
  if (!(x > -1) || x == Infinity) return x == -1 ? -Infinity : (x == Infinity ? x : NaN);
  return logF32(u) * (x / (u - <f32>1));
}

/** Four lanes of log1pF32, the same bits lane by lane. */
// @ts-ignore: decorator
@inline export function log1pF32x4(x: v128): v128 {
  const one = f32x4.splat(1);
  const inf = f32x4.splat(Infinity);
  const u = f32x4.add(one, x);
  // x > −1 finite makes u a positive normal number (1 + x ≥ 2^-24), logF32x4's domain
  let r = f32x4.mul(logF32x4(u), f32x4.div(x, f32x4.sub(u, one)));
  const edge = v128.bitselect(f32x4.neg(inf), f32x4.splat(NaN), f32x4.eq(x, f32x4.splat(-1)));
  r = v128.bitselect(r, edge, f32x4.gt(x, f32x4.splat(-1)));
  r = v128.bitselect(inf, r, f32x4.eq(x, inf));
  return v128.bitselect(x, r, f32x4.eq(u, one));
}
