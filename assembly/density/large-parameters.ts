// Log-densities for large shape parameters in saddle-point form (Loader 2000, "Fast and accurate computation
// of binomial probabilities"; R's dgamma / dbeta): the terms of size α·log x that cancel in
// (α − 1)·log x − log Γ(α) + … are never formed. With α = 1e20 the plain form returned 0 for Gamma(α, 1) at
// x = α (true −23.94); Beta(1e300, 1e300) at ½ gave 0 (true 345.5); Dirichlet([1e15, 1e15]) at [½, ½] gave
// 22.75 (true 17.39). Used from LARGE_SHAPE on, where the plain form starts losing digits (α·ulp ≈ 2e-12).
import { stirlingCorrection } from "../math/gamma";
import { log1pmx, logGammaPrefactor } from "../math/incomplete";

// @ts-ignore: decorator
@inline export const LARGE_SHAPE: f64 = 1e4;
// @ts-ignore: decorator
@inline const HALF_LOG_2PI: f64 = 0.9189385332046728;

/** Gamma(α, λ) log-density at x for α ≥ LARGE_SHAPE: log(y^α e^{−y}/Γ(α)) − log x with y = λx. */
export function gammaLogDensityLarge(x: f64, alpha: f64, rate: f64): f64 {
  if (isNaN(x)) return x;
  if (!(x > 0) || x == Infinity) return -Infinity; // α > 1: the density is 0 at 0
  const y = rate * x;
  if (y == Infinity) return -Infinity;
  return logGammaPrefactor(alpha, y) - Math.log(x);
}

// log1pmx(u) for u ≥ −1 (−∞ at −1).
// @ts-ignore: decorator
@inline function log1pmxTo(u: f64): f64 {
  return u <= -1.0 ? -Infinity : log1pmx(u);
}

/**
 * Beta(α, β) log-density at x for α, β ≥ LARGE_SHAPE, from Stirling's series for the three log Γ:
 * α·log1pmx(x/p − 1) + β·log1pmx((1 − x)/q − 1) − log x − log(1 − x) + ½ log(αβ/(α + β)) − ½ log 2π
 * + S(α + β) − S(α) − S(β), p = α/(α + β), q = 1 − p (the linear terms α(x/p − 1) + β((1 − x)/q − 1) are 0).
 * α + β is never formed where it could overflow.
 */
export function betaLogDensityLarge(x: f64, a: f64, b: f64): f64 {
  if (isNaN(x)) return x;
  if (!(x > 0 && x < 1)) return -Infinity; // α, β > 1: the density is 0 at 0 and 1
  const ra = b / a, rb = a / b;
  const u1 = x * (1.0 + ra) - 1.0; // x/p − 1
  const u2 = (1.0 - x) * (1.0 + rb) - 1.0; // (1 − x)/q − 1
  const logSum = a >= b ? Math.log(a) + Math.log1p(ra) : Math.log(b) + Math.log1p(rb);
  const s = a + b; // may be +∞: its Stirling correction is then 0
  return a * log1pmxTo(u1) + b * log1pmxTo(u2) - Math.log(x) - Math.log1p(-x) +
    0.5 * (Math.log(a) + Math.log(b) - logSum) - HALF_LOG_2PI +
    stirlingCorrection(s) - stirlingCorrection(a) - stirlingCorrection(b);
}

/**
 * Dirichlet(α) log-density at x on the simplex (checked by the caller) when every α_j ≥ LARGE_SHAPE:
 * Σ α_j·log1pmx(x_j/p_j − 1) − Σ log x_j + ½(Σ log α_j − log α₀) − (K − 1)·½ log 2π + S(α₀) − Σ S(α_j),
 * p_j = α_j/α₀. The linear term α₀(Σ x_j − 1) is dropped: the density is evaluated on the simplex.
 * x: K values read by `component`; alpha: K f64.
 */
export function dirichletLogDensityLarge(xs: usize, xIsF32: bool, alpha: usize, k: i32): f64 {
  let total = 0.0;
  for (let j = 0; j < k; j++) total += load<f64>(alpha + (<usize>j << 3));
  let s = 0.5 * -Math.log(total) + stirlingCorrection(total) - <f64>(k - 1) * HALF_LOG_2PI;
  for (let j = 0; j < k; j++) {
    const aj = load<f64>(alpha + (<usize>j << 3));
    const xj = xIsF32 ? <f64>load<f32>(xs + (<usize>j << 2)) : load<f64>(xs + (<usize>j << 3));
    if (!(xj > 0)) return -Infinity; // α_j > 1: the density is 0 on the faces
    s += aj * log1pmxTo(xj * (total / aj) - 1.0) - Math.log(xj) + 0.5 * Math.log(aj) - stirlingCorrection(aj);
  }
  return s;
}
