// Entropies and KL divergences of the Gamma family without catastrophic cancellation at large parameters.
// With log Γ(x) = (x − ½)log x − x + ½ log 2π + S(x) and ψ(x) = log x − 1/(2x) − T(x) (Stirling, DLMF 5.11.1
// and 5.11.2; S = stirlingCorrection, T = digammaTail, x ≥ 10), the terms of size x·log x that cancel in the
// textbook formulas are cancelled by hand, leaving terms of the size of the result:
//   H_Γ(α) = α + log Γ(α) + (1 − α)ψ(α) = ½ log(2πα) + ½ + S(α) − 1/(2α) + (α − 1)T(α)        (α ≥ 10)
//   (before: Gamma(1e300, 1).entropy() gave 0, the truth ≈ ½ log(2πe·1e300) ≈ 346.8).
// The KL divergences are sums of Bregman divergences of log Γ, B(b, a) = log Γ(b) − log Γ(a) − (b − a)ψ(a),
// split as B(b, a) = b·log(b/a) − (b − a) + R(b, a), R the shape remainder below; the first parts of a sum
// combine exactly into one non-negative "mean mismatch" term.
import { lgamma, digamma, digammaTail, stirlingCorrection } from "./gamma";
import { log1pmx } from "./incomplete";

// @ts-ignore: decorator
@inline const HALF_LOG_2PI: f64 = 0.9189385332046728;
// @ts-ignore: decorator
@inline const LARGE: f64 = 10.0; // where the Stirling series of gamma.ts hold to < 1e-17

/** H_Γ(α) = α + log Γ(α) + (1 − α)ψ(α), the entropy of Gamma(α, 1); Stirling form from α ≥ 10. */
export function gammaEntropyStandard(a: f64): f64 {
  if (a < LARGE) return a + lgamma(a) + (1.0 - a) * digamma(a);
  if (a == Infinity) return Infinity;
  return 0.5 * Math.log(a) + (HALF_LOG_2PI + 0.5) + stirlingCorrection(a) - 0.5 / a + (a - 1.0) * digammaTail(a);
}

/** φ(w) = w·log w − w + 1 ≥ 0 for w ≥ 0 (series Σ_{k≥2} (−v)^k/(k(k − 1)) in v = w − 1 for |v| < ½). */
export function xlogxRelative(w: f64): f64 {
  const v = w - 1.0;
  if (!(Math.abs(v) < 0.5)) return w == 0 ? 1.0 : w * Math.log(w) - v;
  let power = -v;
  let sum = 0.0;
  for (let k = 2; k < 80; k++) {
    power *= -v; // (−v)^k
    const t = power / (<f64>k * <f64>(k - 1));
    sum += t;
    if (Math.abs(t) <= 1e-17 * sum) break;
  }
  return sum;
}

/**
 * R(b, a) = B(b, a) − b·log(b/a) + (b − a), B(b, a) = log Γ(b) − log Γ(a) − (b − a)ψ(a); a, b > 0.
 * By Stirling where an argument is ≥ 10 (derivations in docs/distributions.md, "Entropy and KL at extreme
 * parameters"); both large: R = −½ log1pmx(b/a − 1) + S(b) − S(a) + (b − a)T(a), of size log(b/a).
 */
export function lgammaBregmanRest(b: f64, a: f64): f64 {
  if (a >= LARGE) {
    const d = b - a;
    if (b >= LARGE) return -0.5 * log1pmx(d / a) + (stirlingCorrection(b) - stirlingCorrection(a)) + d * digammaTail(a);
    const lb = b == 0 ? 0.0 : b * Math.log(b);
    return lgamma(b) - lb + b + 0.5 * Math.log(a) - (HALF_LOG_2PI + 0.5) + 0.5 * b / a - stirlingCorrection(a) +
      d * digammaTail(a);
  }
  const psiA = digamma(a);
  if (b >= LARGE) {
    return -0.5 * Math.log(b) + HALF_LOG_2PI + stirlingCorrection(b) - lgamma(a) + a * psiA - a + b * (Math.log(a) - psiA);
  }
  return lgamma(b) - lgamma(a) - (b - a) * psiA - b * (Math.log(b) - Math.log(a)) + (b - a);
}

/**
 * KL(Gamma(a, r) ‖ Gamma(b, s)) = b·(m − 1 − log m) + R(b, a), m = (a/r)/(b/s) the ratio of the means: the
 * same as torch's αq·log(r/s) + log Γ(αq) − log Γ(αp) + (αp − αq)ψ(αp) + (s − r)·αp/r, term for term
 * regrouped. Both parts are ≥ 0 except R's O(log) pieces, so nothing of size a·log a cancels.
 */
export function gammaKl(a: f64, r: f64, b: f64, s: f64): f64 {
  const m = (a / b) * (s / r);
  if (m == Infinity) return Infinity;
  // m − 1 − log m; log1pmx only near m = 1, where m − 1 is exact and the difference cancels
  const mismatch = m < 0.5 || m > 2.0 ? (m - 1.0) - Math.log(m) : -log1pmx(m - 1.0);
  return b * mismatch + lgammaBregmanRest(b, a);
}

/**
 * One component of Σ_j q_j·log(q_j/p_j) − q₀·log(q₀/p₀) (p₀ = Σ p_j, q₀ = Σ q_j), the mean-mismatch part
 * of KL(Dir(p) ‖ Dir(q)): q₀·p̄_j·φ(q̄_j/p̄_j) ≥ 0 with p̄ = p/p₀, q̄ = q/q₀ (the terms −q_j + κp_j,
 * κ = q₀/p₀, added to make each component non-negative, sum to 0).
 */
export function meanMismatchTerm(qj: f64, pj: f64, q0: f64, p0: f64): f64 {
  const pBar = pj / p0;
  return q0 * pBar * xlogxRelative((qj / q0) / pBar);
}
