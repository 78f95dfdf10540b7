// Inverses of the regularised incomplete gamma and beta functions (the Gamma and Beta quantiles), in f64:
// a starting point from Numerical Recipes, 3rd ed., §6.2.1 (invgammp) and §6.4 (invbetai), then Newton
// steps on log F against log x (gamma) or logit x (beta), F the tail the level is on: P or Q = 1 − P,
// I_x or 1 − I_x. The density of log X (X ~ Gamma) and of logit X (X ~ Beta) is log-concave, so log F is
// concave in that variable (Bagnoli & Bergstrom 2005, Thm 1): from either side Newton lands on the same
// side of the root and then climbs to it monotonically; steps are capped at ±8 so a flat start cannot
// throw x out of range. x moves by a factor e^{Δt}, so it keeps its relative digits even near 10⁻³⁰⁰.
// Above p = ½ the target is 1 − p (exact there, Sterbenz) and the upper tail is solved, as DiDonato &
// Morris (1986) do, so q = 1 − 10⁻¹⁶ still has 1 − q = 1.1e-16 to aim at.
import { lgamma, lbeta } from "./gamma";
import { normalQuantile } from "./erf";
import { logGammaPrefactor, logGammaincTail, logBetaFront, logBetaincTail } from "./incomplete";

// @ts-ignore: decorator
@inline const MAX_STEPS: i32 = 60;
// @ts-ignore: decorator
@inline const MAX_STEP: f64 = 8.0;
// @ts-ignore: decorator
@inline const STEP_TOL: f64 = 1e-15;
// below log(2⁻¹⁰²²): x is subnormal, where the leading power term is the whole answer
// @ts-ignore: decorator
@inline const LOG_MIN_NORMAL: f64 = -708.3964185322641;

// One Newton step on t = log F(x) − log target: Δ = (log target − log F)/(d log F/dt), |d log F/dt| =
// e^{front − log F} with front = log(x·dF/dx); the upper tail decreases in x, hence the sign. Capped.
// @ts-ignore: decorator
@inline function newtonStep(logTarget: f64, logF: f64, front: f64, upper: bool): f64 {
  let dt = (logTarget - logF) / Math.exp(front - logF);
  if (upper) dt = -dt;
  return dt > MAX_STEP ? MAX_STEP : dt < -MAX_STEP ? -MAX_STEP : dt;
}

// Whether to stop after a step of |dt|: converged, or at the rounding floor (the step stopped shrinking).
// @ts-ignore: decorator
@inline function settled(s: f64, previous: f64): bool {
  return !(s >= STEP_TOL) || (s < 1e-9 && s >= previous);
}

/**
 * The x with P(a, x) = p: the quantile of Gamma(a, rate 1). a > 0 finite, p in [0, 1]; 0 at p = 0, +∞ at
 * p = 1, NaN otherwise. Relative error ~1e-15 · (the condition number p/(x·P′(x)), ≈ 1/a for small x).
 */
export function gammaincPInv(a: f64, p: f64): f64 {
  if (!(a > 0 && a < Infinity && p >= 0 && p <= 1)) return NaN;
  if (p == 0) return 0.0;
  if (p == 1) return Infinity;
  const upper = p > 0.5;
  const target = upper ? 1.0 - p : p;
  const logTarget = Math.log(target);
  const logP = upper ? Math.log1p(-target) : logTarget;
  // P(a, x) = x^a/Γ(a + 1)·(1 − a·x/(a + 1) + …): exact to x for x below the normal range
  const logSmall = (logP + lgamma(a + 1.0)) / a;
  if (logSmall < LOG_MIN_NORMAL) return Math.exp(logSmall);
  let x: f64;
  if (a > 1.0) {
    // Wilson–Hilferty: (x/a)^{1/3} ≈ normal with mean 1 − 1/(9a), variance 1/(9a)
    const z = upper ? -normalQuantile(target) : normalQuantile(target);
    const c = 1.0 - 1.0 / (9.0 * a) + z / (3.0 * Math.sqrt(a));
    x = c > 0 ? a * c * c * c : Math.exp(logSmall);
  } else {
    // NR invgammp: the power term below t, the exponential tail above
    const t = 1.0 - a * (0.253 + a * 0.12);
    x = p < t ? Math.exp(logSmall) : 1.0 - logTarget + Math.log(1.0 - t);
  }
  let previous = Infinity;
  for (let i = 0; i < MAX_STEPS; i++) {
    const dt = newtonStep(logTarget, logGammaincTail(a, x, upper), logGammaPrefactor(a, x), upper);
    if (isNaN(dt)) break;
    x *= Math.exp(dt);
    const s = Math.abs(dt);
    if (!(x > 0 && x < Infinity) || settled(s, previous)) break;
    previous = s;
  }
  return x;
}

/**
 * The x with I_x(a, b) = p: the quantile of Beta(a, b). a, b > 0 finite, p in [0, 1]; 0 at p = 0, 1 at
 * p = 1, NaN otherwise. The state is the pair (x, 1 − x), each moved by the logit step without cancelling.
 */
export function betaincInv(a: f64, b: f64, p: f64): f64 {
  if (!(a > 0 && a < Infinity && b > 0 && b < Infinity && p >= 0 && p <= 1)) return NaN;
  if (p == 0) return 0.0;
  if (p == 1) return 1.0;
  const upper = p > 0.5;
  const target = upper ? 1.0 - p : p;
  const logTarget = Math.log(target);
  const logP = upper ? Math.log1p(-target) : logTarget;
  const logQ = upper ? logTarget : Math.log1p(-target);
  const lb = lbeta(a, b);
  // I_x(a, b) = x^a/(a·B(a, b))·(1 + O(x)): exact for x below the normal range
  const logSmall = (logP + Math.log(a) + lb) / a;
  if (logSmall < LOG_MIN_NORMAL) return Math.exp(logSmall);
  let x: f64, y: f64;
  if (a >= 1.0 && b >= 1.0) {
    // NR invbetai (after Abramowitz & Stegun 26.5.22): logit x ≈ log(a/b) − 2w, w from the normal quantile
    const z = -(upper ? -normalQuantile(target) : normalQuantile(target));
    const al = (z * z - 3.0) / 6.0;
    const h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
    const w = z * Math.sqrt(al + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
    const logit = Math.log(a / b) - 2.0 * w;
    const e = Math.exp(-Math.abs(logit));
    x = logit < 0 ? e / (1.0 + e) : 1.0 / (1.0 + e);
    y = logit < 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    if (x == 0) {
      // the normal approximation ran below the normal range (Beta(1, 1) at 1e-300): the power term
      x = Math.exp(logSmall);
      y = -Math.expm1(logSmall);
    }
  } else {
    // NR invbetai: the power term of whichever end holds the level
    const s = a + b;
    const t = Math.exp(a * Math.log(a / s)) / a;
    const u = Math.exp(b * Math.log(b / s)) / b;
    const w = t + u;
    if (p < t / w) {
      const lx = (Math.log(a * w) + logP) / a;
      x = Math.exp(lx);
      y = -Math.expm1(lx);
    } else {
      const ly = (Math.log(b * w) + logQ) / b;
      y = Math.exp(ly);
      x = -Math.expm1(ly);
    }
  }
  let previous = Infinity;
  for (let i = 0; i < MAX_STEPS; i++) {
    if (!(x > 0 && y > 0)) break;
    const dt = newtonStep(logTarget, logBetaincTail(a, b, x, y, upper), logBetaFront(a, b, x, y), upper);
    if (isNaN(dt)) break;
    // logit x += dt: x' = x·e^{dt}/(y + x·e^{dt}), y' = y/(y + x·e^{dt})
    const e = Math.exp(dt);
    const d = y + x * e;
    x = x * e / d;
    y = y / d;
    const s = Math.abs(dt);
    if (settled(s, previous)) break;
    previous = s;
  }
  return x;
}
