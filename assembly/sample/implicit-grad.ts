// Implicit reparameterisation gradients (Figurnov, Mohamed & Mnih 2018): for z ~ F(·; θ),
// ∂z/∂θ = −(∂F/∂θ)(z) / p(z). F is the regularised incomplete gamma or beta function; ∂F/∂θ is computed
// by differentiating, term by term (forward mode), the series or continued fraction that evaluates F,
// choosing the representation in which every term has the same sign (no cancellation):
//   Gamma(α, 1), z < e^{ψ(α+1)}: ∂z/∂α = Σ_{n≥0} c_n·(ψ(α+n+1) − log z), c_n = z^{n+1} / (α(α+1)…(α+n))
//                                (the series of P(α, z) = z^α e^{−z} Σ z^n / Γ(α+n+1), divided by p).
//   Gamma(α, 1), otherwise:      ∂z/∂α = z·(h·(log z − ψ(α)) + ∂h/∂α), h the Legendre continued fraction
//                                of Q(α, z) = z^α e^{−z} h / Γ(α) (Numerical Recipes' gcf, modified Lentz).
//   Beta(a, b):                  I_x(a, b) = x^a (1−x)^b h / (a·B(a, b)) with h the continued fraction of
//                                Numerical Recipes' betacf (used for x < (a+1)/(a+b+2), else by symmetry).
// Compared with torch's _standard_gamma_grad / _dirichlet_grad (fitted approximations, relative error
// up to ~1e-3), these are exact to ~1e-13 (tests/fixtures/distributions-b, against mpmath).
import { digamma } from "../math/special";
import { digammaDifferenceRatio } from "../math/gamma";
import { useTemme, temmeGammaGrad } from "../math/incomplete-temme";
import { betaGradLarge, betaGradLargeB } from "./beta-grad-large";

// a + b from which Beta gradients use the quadrature of beta-grad-large.ts (bounded work) instead of the
// continued fraction (O(√(a + b)) steps)
// @ts-ignore: decorator
@inline const BETA_LARGE: f64 = 1000.0;

// @ts-ignore: decorator
@inline const EPS: f64 = 1e-16;
// @ts-ignore: decorator
@inline const FPMIN: f64 = 1e-300;
// @ts-ignore: decorator
@inline const MAX_TERMS: i32 = 1000000;

// ψ(α + 1), ψ(α) of the last α (and ψ(a + b), ψ(a), ψ(b) of the last Beta pair): draws from one
// distribution share their parameters, and digamma was 40 % of a Gamma gradient. The same values as
// calling digamma each time, so the same bits.
let lastAlpha: f64 = NaN;
let lastPsiPlusOne: f64 = 0;
let lastPsi: f64 = NaN; // NaN until the continued fraction asks for it
// @ts-ignore: decorator
@inline function psiPlusOne(alpha: f64): f64 {
  if (alpha != lastAlpha) {
    lastAlpha = alpha;
    lastPsiPlusOne = digamma(alpha + 1.0);
    lastPsi = NaN;
  }
  return lastPsiPlusOne;
}
// ψ(α) for the α of the last psiPlusOne call.
// @ts-ignore: decorator
@inline function psiOfLastAlpha(): f64 {
  if (isNaN(lastPsi)) lastPsi = digamma(lastAlpha);
  return lastPsi;
}

// Series form (all terms ≥ 0 when log z ≤ ψ(α + 1)).
function gammaGradSeries(alpha: f64, z: f64, logZ: f64): f64 {
  let c = z / alpha;
  let psi = psiPlusOne(alpha);
  let sum = c * (psi - logZ);
  for (let n = 1; n < MAX_TERMS; n++) {
    const an = alpha + <f64>n;
    psi += 1.0 / an; // ψ(α + n + 1) = ψ(α + n) + 1/(α + n)
    c *= z / an;
    const term = c * (psi - logZ);
    sum += term;
    if (an > z && term <= EPS * sum) break;
  }
  return sum;
}

// Continued-fraction form: h and ∂h/∂α by modified Lentz carried with derivatives (Moore 1982, AS 187).
function gammaGradContinuedFraction(alpha: f64, z: f64, logZ: f64): f64 {
  let b = z + 1.0 - alpha; // ∂b/∂α = −1 at every step
  let c = 1.0 / FPMIN;
  let dc = 0.0;
  let d = 1.0 / b;
  let dd = d * d; // ∂(1/b) = −(∂b)/b² = 1/b²
  let h = d;
  let dh = dd;
  for (let i = 1; i < MAX_TERMS; i++) {
    const fi = <f64>i;
    const an = -fi * (fi - alpha);
    const dan = fi;
    b += 2.0;
    let den = an * d + b;
    const dden = dan * d + an * dd - 1.0;
    if (Math.abs(den) < FPMIN) den = FPMIN;
    let cn = b + an / c;
    const dcn = -1.0 + dan / c - an * dc / (c * c);
    if (Math.abs(cn) < FPMIN) cn = FPMIN;
    d = 1.0 / den;
    dd = -dden * d * d;
    c = cn;
    dc = dcn;
    const del = d * c;
    const ddel = dd * c + d * dc;
    dh = dh * del + h * ddel;
    h *= del;
    if (Math.abs(del - 1.0) <= EPS && Math.abs(ddel) <= EPS * Math.abs(dh / h)) break;
  }
  psiPlusOne(alpha);
  return z * (h * (logZ - psiOfLastAlpha()) + dh);
}

/**
 * ∂z/∂α for z ~ Gamma(α, 1), holding the cdf P(α, z) fixed. α > 0, z > 0; 0 for z = 0, NaN for NaN.
 */
export function standardGammaGrad(alpha: f64, z: f64): f64 {
  if (isNaN(alpha) || isNaN(z)) return NaN;
  if (!(z > 0)) return 0.0;
  if (z == Infinity) return Infinity;
  // a ≥ 1000 near the mode: the series / fraction need O(√α) terms (17 ms at α = 1e300, and NaN)
  if (useTemme(alpha, z)) return temmeGammaGrad(alpha, z);
  const logZ = Math.log(z);
  return logZ < psiPlusOne(alpha) ? gammaGradSeries(alpha, z, logZ) : gammaGradContinuedFraction(alpha, z, logZ);
}

// betacf of Numerical Recipes with forward derivatives in a (…A) and b (…B). Results in cfH, cfHa, cfHb.
let cfH: f64 = 0;
let cfHa: f64 = 0;
let cfHb: f64 = 0;

function betaContinuedFraction(a: f64, b: f64, x: f64): void {
  const qab = a + b;
  const qap = a + 1.0;
  // d = 1 / (1 − (a+b)x/(a+1))
  let d0 = 1.0 - qab * x / qap;
  const d0a = -x * (1.0 - b) / (qap * qap);
  const d0b = -x / qap;
  if (Math.abs(d0) < FPMIN) d0 = FPMIN;
  let d = 1.0 / d0;
  let da = -d0a * d * d;
  let db = -d0b * d * d;
  let c = 1.0;
  let ca = 0.0;
  let cb = 0.0;
  let h = d;
  let ha = da;
  let hb = db;
  for (let m = 1; m < MAX_TERMS; m++) {
    const fm = <f64>m;
    for (let half = 0; half < 2; half++) {
      let aa: f64;
      let aaA: f64;
      let aaB: f64;
      if (half == 0) {
        // even step: m(b − m)x / ((a + 2m − 1)(a + 2m))
        const p = a + 2.0 * fm - 1.0;
        const q = a + 2.0 * fm;
        aa = fm * (b - fm) * x / (p * q);
        aaA = -aa * (1.0 / p + 1.0 / q);
        aaB = fm * x / (p * q);
      } else {
        // odd step: −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1))
        const p = a + 2.0 * fm;
        const q = p + 1.0;
        const s = a + fm;
        const t = qab + fm;
        aa = -s * t * x / (p * q);
        aaA = aa * (1.0 / s + 1.0 / t - 1.0 / p - 1.0 / q);
        aaB = aa / t;
      }
      // d ← 1 / (1 + aa·d), c ← 1 + aa/c, h ← h·d·c
      let den = 1.0 + aa * d;
      const denA = aaA * d + aa * da;
      const denB = aaB * d + aa * db;
      if (Math.abs(den) < FPMIN) den = FPMIN;
      let cn = 1.0 + aa / c;
      const cnA = aaA / c - aa * ca / (c * c);
      const cnB = aaB / c - aa * cb / (c * c);
      if (Math.abs(cn) < FPMIN) cn = FPMIN;
      d = 1.0 / den;
      da = -denA * d * d;
      db = -denB * d * d;
      c = cn;
      ca = cnA;
      cb = cnB;
      const del = d * c;
      const delA = da * c + d * ca;
      const delB = db * c + d * cb;
      ha = ha * del + h * delA;
      hb = hb * del + h * delB;
      h *= del;
      if (half == 1 && Math.abs(del - 1.0) <= EPS
        && Math.abs(delA) <= EPS * Math.abs(ha / h) && Math.abs(delB) <= EPS * Math.abs(hb / h)) {
        cfH = h; cfHa = ha; cfHb = hb;
        return;
      }
    }
  }
  cfH = h; cfHa = ha; cfHb = hb;
}

// The Beta pair of the last betaGradA and its ψ(a + b), ψ(a), ψ(b) (see psiPlusOne).
let lastBetaA: f64 = NaN;
let lastBetaB: f64 = NaN;
let lastPsiAB: f64 = 0;
let lastPsiA: f64 = 0;
let lastPsiB: f64 = 0;
let lastPsiA1: f64 = 0; // ψ(a + 1) = ψ(a) + 1/a: −1/a − ψ(a) = −ψ(a + 1) without ∞ − ∞ at a = 5e-324
let lastPsiB1: f64 = 0;
let lastGapA: f64 = 0; // (ψ(a + b) − ψ(a))/b, (ψ(a + b) − ψ(b))/a: no cancellation when one is ≪ the other
let lastGapB: f64 = 0;

/** Second result of betaGradA: ∂x/∂b. */
export let betaGradBOut: f64 = 0;

/**
 * ∂x/∂a for x ~ Beta(a, b) holding I_x(a, b) fixed; ∂x/∂b is left in betaGradBOut.
 * a, b > 0, x in (0, 1); both 0 at x = 0 or 1. y = 1 − x may be given when known better than 1 − x
 * (a Dirichlet component x = 1 whose others sum to y > 0); then x = 1 is inside the support.
 */
export function betaGradA(x: f64, a: f64, b: f64, y: f64 = NaN): f64 {
  if (isNaN(x) || isNaN(a) || isNaN(b)) { betaGradBOut = NaN; return NaN; }
  const given = !isNaN(y);
  if (!given) y = 1.0 - x;
  if (!(x > 0 && y > 0)) { betaGradBOut = 0; return 0.0; }
  if (a + b >= BETA_LARGE) {
    const ga = betaGradLarge(x, a, b, y);
    betaGradBOut = betaGradLargeB;
    return ga;
  }
  const logX = Math.log(x);
  const logY = given ? Math.log(y) : Math.log1p(-x);
  if (a != lastBetaA || b != lastBetaB) {
    lastBetaA = a; lastBetaB = b;
    lastPsiAB = digamma(a + b); lastPsiA = digamma(a); lastPsiB = digamma(b);
    lastPsiA1 = digamma(a + 1.0); lastPsiB1 = digamma(b + 1.0);
    lastGapA = digammaDifferenceRatio(a, b); lastGapB = digammaDifferenceRatio(b, a);
  }
  const psiAB = lastPsiAB, psiA = lastPsiA, psiB = lastPsiB;
  if (x < (a + 1.0) / (a + b + 2.0)) {
    // I = x^a y^b h/(a B): ∂x/∂θ = −(I/p)·∂log I/∂θ, I/p = x·y·h/a
    betaContinuedFraction(a, b, x);
    const s = -x * y / a;
    // s·(h·(log y + ψ(a + b) − ψ(b)) + ∂h/∂b) with the 1/a folded in: a = 5e-324 leaves nothing subnormal
    betaGradBOut = -x * y * (cfH * (logY / a + lastGapB) + cfHb / a);
    return s * (cfH * (logX - lastPsiA1 + psiAB) + cfHa);
  }
  // I_x(a, b) = 1 − J, J = I_y(b, a) = y^b x^a h̃/(b B): ∂x/∂θ = +(J/p)·∂log J/∂θ, J/p = x·y·h̃/b
  betaContinuedFraction(b, a, y);
  const s = x * y / b;
  betaGradBOut = s * (cfH * (logY - 1.0 / b - psiB + psiAB) + cfHa);
  return x * y * (cfH * (logX / b + lastGapA) + cfHb / b);
}
