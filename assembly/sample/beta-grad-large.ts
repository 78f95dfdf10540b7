// Implicit gradients of Beta(a, b) draws at large a + b, by quadrature instead of the continued fraction
// (which needs O(√(a + b)) steps: 40 ms per draw at a = b = 1e15, and NaN at 1e300). With θ = logit t the
// Beta density of θ is f(θ)/B(a, b), f(θ) = e^{aθ}(1 + e^θ)^{−(a+b)}, and ∂ log f/∂a = log t, ∂ log f/∂b =
// log(1 − t), so (Figurnov et al. 2018, ∂x/∂θ = −(∂F/∂θ)/p) with τ = θ − logit x:
//   ∂x/∂a = ∓x·y·∫ r(τ)·(c_a + τ − L(τ)) dτ,   ∂x/∂b = ∓x·y·∫ r(τ)·(c_b − L(τ)) dτ,
//   r(τ) = f(θ_x + τ)/f(θ_x) = e^{−G}, G = s·(L − xτ) − λτ, L = log(y + x e^τ), λ = a − s·x, s = a + b,
//   c_a = log x − ψ(a) + ψ(s), c_b = log y − ψ(b) + ψ(s) (so that the integrals over all τ vanish),
// over τ ≤ 0 (sign −) when λ ≥ 0, else over τ ≥ 0 (sign +): the side away from the mode, where G rises
// monotonically from 0 and e^{−G} is a clean decaying weight. The draws are mirrored (x ↔ 1 − x, a ↔ b) so
// that x ≤ ½ and L − xτ = log1pmx(x(e^τ − 1)) + x(e^τ − 1 − τ) ≈ x(1 − x)τ²/2 keeps its digits; λ is formed
// exactly (two-sum, two-product), as for s = 2e15 the rounding of s·x is 1e-8 of λ. The integral is
// the exp-sinh rule (Takahasi & Mori 1974) w = ω·exp(½π sinh t) with step 1/32 (1/8 left 1e-7, 1/16 5e-13), ω = 1/(|λ| + √(s·x·y)) the
// width of r; ~200 nodes, ~20 µs, whatever a and b.
import { digamma, digammaTail } from "../math/gamma";
import { log1pmx } from "../math/incomplete";

// @ts-ignore: decorator
@inline const STEP: f64 = 0.03125;
// @ts-ignore: decorator
@inline const HALF_PI: f64 = 1.5707963267948966;
// @ts-ignore: decorator
@inline const SPLIT: f64 = 134217729.0; // 2^27 + 1 (Dekker 1971)

/** Second result of betaGradLarge: ∂x/∂b. */
export let betaGradLargeB: f64 = 0;

// e^τ − 1 − τ without cancellation near 0
// @ts-ignore: decorator
@inline function expm1mx(t: f64): f64 {
  if (Math.abs(t) >= 0.5) return Math.expm1(t) - t;
  let term = t;
  let sum = 0.0;
  for (let k = 2; k < 30; k++) {
    term *= t / <f64>k;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

// ψ(s) − ψ(a) for s = a + b > a > 0, with the Stirling form (DLMF 5.11.2) once a ≥ 10: logRatio = log(s/a)
// given by the caller to full relative precision
// @ts-ignore: decorator
@inline function digammaGap(s: f64, a: f64, logRatio: f64): f64 {
  if (a < 10.0) return digamma(s) - digamma(a);
  return logRatio + (0.5 / a - 0.5 / s) + (digammaTail(a) - digammaTail(s));
}

// λ = a − (a + b)·x, exact up to one final rounding
function exactLambda(a: f64, b: f64, x: f64): f64 {
  let scale = 1.0;
  if (a + b > 1e290) { scale = 2.409919865102884e-181; a *= scale; b *= scale; } // 2^-600, exact
  const s = a + b;
  const bb = s - a;
  const sLo = (a - (s - bb)) + (b - bb);
  const p = s * x;
  const sh = SPLIT * s - (SPLIT * s - s);
  const sl = s - sh;
  const xh = SPLIT * x - (SPLIT * x - x);
  const xl = x - xh;
  const pLo = ((sh * xh - p) + sh * xl + sl * xh) + sl * xl;
  return ((a - p) - pLo - sLo * x) / scale;
}

/**
 * ∂x/∂a (returned) and ∂x/∂b (in betaGradLargeB) for x ~ Beta(a, b), holding I_x(a, b) fixed; x in (0, 1],
 * y = 1 − x > 0 given separately (a Dirichlet component that rounded to 1 still knows its 1 − x).
 */
export function betaGradLarge(x: f64, a: f64, b: f64, y: f64): f64 {
  const mirrored = x > 0.5;
  if (mirrored) { const t = a; a = b; b = t; x = y; } // y = 1 − x, given (exact for x ≥ ½, or better)
  y = 1.0 - x;
  const s = a + b;
  const lambda = exactLambda(a, b, x);
  // c_a = log(x·s/a) + …, x·s/a = 1 − λ/a; c_b = log(y·s/b) + …, y·s/b = 1 + λ/b
  const ca = a >= 10.0 ? digammaGap(s, a, Math.log1p(-lambda / a)) : Math.log(x) + digammaGap(s, a, 0.0);
  const cb = b >= 10.0 ? digammaGap(s, b, Math.log1p(lambda / b)) : Math.log1p(-x) + digammaGap(s, b, 0.0);
  const side: f64 = lambda >= 0 ? -1.0 : 1.0; // τ = side·w, w ≥ 0
  const width = 1.0 / (Math.abs(lambda) + Math.sqrt(s * x * y));
  let sumA = 0.0;
  let sumB = 0.0;
  // exp-sinh nodes t = k·STEP, k from 0 outwards in both directions until the terms are negligible
  for (let dir = 0; dir < 2; dir++) {
    for (let k = dir == 0 ? 0 : -1; k <= 160 && k >= -160; k += dir == 0 ? 1 : -1) {
      const t = <f64>k * STEP;
      const sh = HALF_PI * Math.sinh(t);
      const w = width * Math.exp(sh);
      const jac = w * HALF_PI * Math.cosh(t);
      const tau = side * w;
      const e1 = Math.expm1(tau);
      const l = Math.log1p(x * e1); // L(τ)
      const g = s * (log1pmx(x * e1) + x * expm1mx(tau)) - lambda * tau;
      const weight = Math.exp(-g) * jac;
      const termA = weight * (ca + (tau - l));
      const termB = weight * (cb - l);
      sumA += termA;
      sumB += termB;
      if (weight == 0 || (Math.abs(termA) <= 1e-18 * Math.abs(sumA) && Math.abs(termB) <= 1e-18 * Math.abs(sumB) && k != 0)) break;
    }
  }
  const f = side * x * y * STEP;
  const da = f * sumA;
  const db = f * sumB;
  // mirrored: x' = 1 − x, so ∂x/∂a = −∂x'/∂a', with a' = b
  if (mirrored) { betaGradLargeB = -da; return -db; }
  betaGradLargeB = db;
  return da;
}
