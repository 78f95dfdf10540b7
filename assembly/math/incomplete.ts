// Regularized incomplete gamma P(a, x), Q(a, x) and incomplete beta I_x(a, b) in float64: a power series
// and a continued fraction evaluated by the modified Lentz method (Numerical Recipes, 3rd ed., §6.2 and
// §6.4). The prefactors use log1pmx so that large a loses no precision to cancellation. For a ≥ 1000 and x
// within 25 % of a, Temme's uniform expansion instead (incomplete-temme.ts): bounded work, and correct
// once a + 1 rounds to a (P(1e30, 1e30) was NaN).
import { lgamma, lgamma1p, lbeta, stirlingCorrection } from "./gamma";
import { useTemme, temmeTail, temmeLogTail } from "./incomplete-temme";
import { erfc } from "./erf";

// @ts-ignore: decorator
@inline const EPS: f64 = 1.1102230246251565e-16;
// @ts-ignore: decorator
@inline const TINY: f64 = 1e-300;
// @ts-ignore: decorator
@inline const MAX_ITER: i32 = 100000;
// @ts-ignore: decorator
@inline const HALF_LOG_2PI: f64 = 0.9189385332046728;

/** a·log x with 0·log x = 0 (torch's xlogy), so a density term with a zero exponent is finite at x = 0. */
// @ts-ignore: decorator
@inline export function xlogy(a: f64, x: f64): f64 { return a == 0 ? 0.0 : a * Math.log(x); }

/** log(1 + u) − u, accurate for small u (series below |u| < ½). */
export function log1pmx(u: f64): f64 {
  if (Math.abs(u) >= 0.5) return Math.log1p(u) - u;
  // −u²/2 + u³/3 − u⁴/4 + …
  let term = u;
  let sum: f64 = 0;
  for (let k = 2; k < 200; k++) {
    term *= -u;
    const t = term / <f64>k;
    sum += t;
    if (Math.abs(t) < EPS * Math.abs(sum)) break;
  }
  return sum;
}

/** log(x^a e^{−x} / Γ(a)) = log(x·p(x)) for the standard gamma density p. */
export function logGammaPrefactor(a: f64, x: f64): f64 {
  if (a >= 10.0) {
    // a·log1pmx((x − a)/a) + ½ log(a/2π) − Stirling correction(a): no large terms cancel. Below a/2,
    // 1 + u would keep only x/a's absolute digits (P(30, 1e-9) lost 5), so log1pmx(u) = log(x/a) − u there.
    const u = (x - a) / a;
    const l = u < -0.5 ? Math.log(x / a) - u : log1pmx(u);
    return a * l + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingCorrection(a);
  }
  return a * Math.log(x) - x - lgamma(a);
}

// Σ_{n≥0} x^n / (a(a+1)…(a+n)); P(a, x) = prefactor · series
function gammaSeries(a: f64, x: f64): f64 {
  let ap = a;
  let del = 1.0 / a;
  let sum = del;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1.0;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

// Q(a, x) / prefactor by the continued fraction 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)), Lentz
function gammaContinuedFraction(a: f64, x: f64): f64 {
  let b = x + 1.0 - a;
  let c = 1.0 / TINY;
  let d = 1.0 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -<f64>i * (<f64>i - a);
    b += 2.0;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1.0 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1.0) < EPS) break;
  }
  return h;
}

/** P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0 (NaN otherwise). */
export function gammaincP(a: f64, x: f64): f64 {
  if (!(a > 0 && x >= 0)) return NaN;
  if (x == 0) return 0.0;
  if (x == Infinity) return 1.0;
  if (a == Infinity) return 0.0;
  if (useTemme(a, x)) return temmeTail(a, x, false);
  if (x < a + 1.0) return Math.exp(logGammaPrefactor(a, x)) * gammaSeries(a, x);
  return 1.0 - Math.exp(logGammaPrefactor(a, x)) * gammaContinuedFraction(a, x);
}

/** Q(a, x) = 1 − P(a, x) = Γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function gammaincQ(a: f64, x: f64): f64 {
  if (!(a > 0 && x >= 0)) return NaN;
  if (x == 0) return 1.0;
  if (x == Infinity) return 0.0;
  if (a == Infinity) return 1.0;
  if (useTemme(a, x)) return temmeTail(a, x, true);
  if (x < a + 1.0) return 1.0 - Math.exp(logGammaPrefactor(a, x)) * gammaSeries(a, x);
  return Math.exp(logGammaPrefactor(a, x)) * gammaContinuedFraction(a, x);
}

// The continued fraction for I_x(a, b) (NR betacf), modified Lentz
function betaContinuedFraction(a: f64, b: f64, x: f64): f64 {
  const qab = a + b;
  const qap = a + 1.0;
  const qam = a - 1.0;
  let c: f64 = 1.0;
  let d = 1.0 - qab * x / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1.0 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const fm = <f64>m;
    const m2 = 2.0 * fm;
    let aa = fm * (b - fm) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1.0 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1.0) < EPS) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function, a, b > 0, x in [0, 1] (NaN otherwise). */
export function betainc(a: f64, b: f64, x: f64): f64 {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1)) return NaN;
  if (x == 0) return 0.0;
  if (x == 1) return 1.0;
  if (a >= BETAINC_ASYMPTOTIC && b >= BETAINC_ASYMPTOTIC) return betaincUniform(a, b, x);
  // log(x^a (1 − x)^b / B(a, b)); from 1e4 on in saddle-point form (the plain terms of size a·log x cancel)
  const logFront = a >= 1e4 && b >= 1e4
    ? logBetaFrontLarge(a, b, x)
    : a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b);
  // x^a (1 − x)^b / B(a, b) below the smallest double: the tail is 0 (betainc(1e300, 1, ½) multiplied 0 by a
  // continued fraction that did not converge, giving NaN)
  const front = Math.exp(logFront);
  if (x < (a + 1.0) / (a + b + 2.0)) return front == 0 ? 0.0 : front * betaContinuedFraction(a, b, x) / a;
  return front == 0 ? 1.0 : 1.0 - front * betaContinuedFraction(b, a, 1.0 - x) / b;
}

// From here on (both parameters) the continued fraction would need O(√a) terms near the mean: Temme's uniform
// expansion instead, whose first neglected term is O((a + b)^(−3/2)) ≤ 2e-13.
// @ts-ignore: decorator
@inline const BETAINC_ASYMPTOTIC: f64 = 1e8;

// log(x^a (1 − x)^b / B(a, b)) for a, b ≥ 1e4 by Stirling's series (as density/large-parameters.ts):
// a·log1pmx(x/p − 1) + b·log1pmx((1 − x)/q − 1) + ½ log(ab/(a + b)) − ½ log 2π + S(a + b) − S(a) − S(b).
function logBetaFrontLarge(a: f64, b: f64, x: f64): f64 {
  const ra = b / a, rb = a / b;
  const u1 = x * (1.0 + ra) - 1.0;
  const u2 = (1.0 - x) * (1.0 + rb) - 1.0;
  const l1 = u1 <= -1.0 ? -Infinity : log1pmx(u1);
  const l2 = u2 <= -1.0 ? -Infinity : log1pmx(u2);
  const logSum = a >= b ? Math.log(a) + Math.log1p(ra) : Math.log(b) + Math.log1p(rb);
  return a * l1 + b * l2 + 0.5 * (Math.log(a) + Math.log(b) - logSum) - HALF_LOG_2PI +
    stirlingCorrection(a + b) - stirlingCorrection(a) - stirlingCorrection(b);
}

// I_x(a, b) for a, b ≥ BETAINC_ASYMPTOTIC by the leading terms of Temme's uniform expansion (Temme 1992,
// "Asymptotic inversion of the incomplete beta function"; Gil, Segura & Temme, Numerical Methods for Special
// Functions §8.6): with r = a + b, p = a/r, q = b/r and η (sign of x − p) from
// −η²/2 = p·log(x/p) + q·log((1 − x)/q),
// I ≈ ½ erfc(−η √(r/2)) + e^{−rη²/2}/√(2πr) · (1/η − √(pq)/(x − p)); at η → 0 the bracket is (q − p)/(3√(pq)).
// Beta(1e20, 1e20).cdf(½) was 0.99999 (the continued fraction had not converged): now ½.
function betaincUniform(a: f64, b: f64, x: f64): f64 {
  const ra = b / a;
  const p = 1.0 / (1.0 + ra), q = ra / (1.0 + ra);
  const u1 = x * (1.0 + ra) - 1.0; // x/p − 1
  const u2 = (1.0 - x) * (1.0 + a / b) - 1.0; // (1 − x)/q − 1
  const l1 = u1 <= -1.0 ? -Infinity : log1pmx(u1);
  const l2 = u2 <= -1.0 ? -Infinity : log1pmx(u2);
  const t = -2.0 * (p * l1 + q * l2); // η² (the linear terms p·u1 + q·u2 are 0)
  const d = x - p;
  const eta = (d < 0 ? -1.0 : 1.0) * Math.sqrt(Math.max(t, 0.0));
  const sqrtR = Math.sqrt(a) * Math.sqrt(1.0 + ra);
  const main = 0.5 * erfc(-eta * sqrtR * 0.7071067811865476);
  const s = Math.sqrt(p) * Math.sqrt(q);
  const bracket = Math.abs(d) < 1e-6 * s ? (q - p) / (3.0 * s) : 1.0 / eta - s / d;
  const half = eta * sqrtR * 0.7071067811865476;
  const tail = Math.exp(-half * half) / (2.5066282746310002 * sqrtR);
  const v = main + tail * bracket;
  return v < 0 ? 0.0 : v > 1 ? 1.0 : v;
}

// Q(a, x) for a < 1, x < a + 1 without the cancellation of 1 − P: from γ(a, x) = Σ (−1)ⁿ x^{a+n}/(n!(a + n))
// (DLMF 8.7.1), Q = −expm1(a·log x − log Γ(1 + a)) − x^a/Γ(a)·Σ_{n≥1} (−x)ⁿ/(n!(a + n)) (as Cephes' igamc_series)
function gammaincQSmallA(a: f64, x: f64): f64 {
  let term: f64 = 1.0;
  let sum: f64 = 0.0;
  for (let n = 1; n < 200; n++) {
    term *= -x / <f64>n;
    const t = term / (a + <f64>n);
    sum += t;
    if (Math.abs(t) <= EPS * Math.abs(sum)) break;
  }
  const logXa = a * Math.log(x);
  return -Math.expm1(logXa - lgamma1p(a)) - Math.exp(logXa - lgamma(a)) * sum;
}

/**
 * log P(a, x) (upper = false) or log Q(a, x) (upper = true), a > 0, x > 0: the tail the series or the
 * continued fraction gives is taken in log space (no underflow), the other as log1p(−tail).
 */
export function logGammaincTail(a: f64, x: f64, upper: bool): f64 {
  if (useTemme(a, x)) return temmeLogTail(a, x, upper);
  const front = logGammaPrefactor(a, x);
  if (x < a + 1.0) {
    if (upper && a < 1.0) return Math.log(gammaincQSmallA(a, x));
    const logP = front + Math.log(gammaSeries(a, x));
    return upper ? Math.log1p(-Math.min(Math.exp(logP), 1.0)) : logP;
  }
  const logQ = front + Math.log(gammaContinuedFraction(a, x));
  return upper ? logQ : Math.log1p(-Math.min(Math.exp(logQ), 1.0));
}

/** log(x^a y^b / B(a, b)) with y = 1 − x given separately (= log(x·y·p(x)) for the beta density p). */
export function logBetaFront(a: f64, b: f64, x: f64, y: f64): f64 {
  return a * Math.log(x) + b * Math.log(y) - lbeta(a, b);
}

/**
 * log I_x(a, b) (upper = false) or log(1 − I_x(a, b)) (upper = true) from x and y = 1 − x given separately,
 * so a y (or x) below 2⁻⁵³ keeps its digits; the branches are betainc's.
 */
export function logBetaincTail(a: f64, b: f64, x: f64, y: f64, upper: bool): f64 {
  const front = logBetaFront(a, b, x, y);
  if (x < (a + 1.0) / (a + b + 2.0)) {
    const logLower = front + Math.log(betaContinuedFraction(a, b, x) / a);
    return upper ? Math.log1p(-Math.min(Math.exp(logLower), 1.0)) : logLower;
  }
  const logUpper = front + Math.log(betaContinuedFraction(b, a, y) / b);
  return upper ? logUpper : Math.log1p(-Math.min(Math.exp(logUpper), 1.0));
}
