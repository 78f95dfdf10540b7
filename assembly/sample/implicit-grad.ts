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

/**
 * Gamma(α, rate) pathwise derivatives of draws x: dAlpha[i] = ∂x_i/∂α = standardGammaGrad(α, rate·x_i)/rate,
 * dRate[i] = ∂x_i/∂rate = −x_i/rate; parameters j = i mod count (f64). dAlpha, dRate, x: n f64.
 */
export function gammaReparamGradF64(dAlpha: usize, dRate: usize, x: usize, concentration: usize, rate: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const r = load<f64>(rate + (<usize>j << 3));
    const xi = load<f64>(x + (<usize>i << 3));
    store<f64>(dAlpha + (<usize>i << 3), standardGammaGrad(load<f64>(concentration + (<usize>j << 3)), xi * r) / r);
    store<f64>(dRate + (<usize>i << 3), -xi / r);
    if (++j == count) j = 0;
  }
}

/** As gammaReparamGradF64 for f32 draws and f32 outputs (computed in f64). */
export function gammaReparamGradF32(dAlpha: usize, dRate: usize, x: usize, concentration: usize, rate: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const r = load<f64>(rate + (<usize>j << 3));
    const xi = <f64>load<f32>(x + (<usize>i << 2));
    store<f32>(dAlpha + (<usize>i << 2), <f32>(standardGammaGrad(load<f64>(concentration + (<usize>j << 3)), xi * r) / r));
    store<f32>(dRate + (<usize>i << 2), <f32>(-xi / r));
    if (++j == count) j = 0;
  }
}

/** Beta(α, β) pathwise derivatives: dAlpha[i] = ∂x_i/∂α, dBeta[i] = ∂x_i/∂β, params j = i mod count. f64. */
export function betaReparamGradF64(dAlpha: usize, dBeta: usize, x: usize, alpha: usize, beta: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const ga = betaGradA(load<f64>(x + (<usize>i << 3)), load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)));
    store<f64>(dAlpha + (<usize>i << 3), ga);
    store<f64>(dBeta + (<usize>i << 3), betaGradBOut);
    if (++j == count) j = 0;
  }
}

/** As betaReparamGradF64 for f32 draws and outputs (computed in f64). */
export function betaReparamGradF32(dAlpha: usize, dBeta: usize, x: usize, alpha: usize, beta: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const ga = betaGradA(<f64>load<f32>(x + (<usize>i << 2)), load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)));
    store<f32>(dAlpha + (<usize>i << 2), <f32>ga);
    store<f32>(dBeta + (<usize>i << 2), <f32>betaGradBOut);
    if (++j == count) j = 0;
  }
}

// g_j = ∂x_j/∂α_j / (1 − x_j) with x_j ~ Beta(α_j, total − α_j) (torch's _dirichlet_grad, exact here).
// A component that rounded to 1 (α_j = 1e300 beside 1, 2) uses 1 − x_j = Σ_{k≠j} x_k = rest (was 0/0 = NaN);
// if the others are all 0 as well, 0.
// @ts-ignore: decorator
@inline function dirichletScaledGrad(xj: f64, aj: f64, total: f64, rest: f64): f64 {
  const yj = 1.0 - xj;
  if (yj == 0) return rest > 0 ? betaGradA(xj, aj, total - aj, rest) / rest : 0.0;
  return betaGradA(xj, aj, total - aj) / yj;
}

/**
 * Dirichlet vector–Jacobian product (torch's _Dirichlet_backward): for each row,
 * gradConc[j] = g_j·(gradOut[j] − Σ_k x_k·gradOut[k]), g_j = (∂x_j/∂α_j)/(1 − x_j) with x_j's marginal
 * Beta(α_j, Σα − α_j); the other components move as x_k ∝ (1 − x_j). x, gradOut, gradConc: (rows, K) f64;
 * concentration (paramRows, K) f64, row r uses r mod paramRows. diagonalOnly = 1 writes ∂x_j/∂α_j instead
 * (gradOut ignored).
 */
export function dirichletReparamGradF64(gradConc: usize, x: usize, concentration: usize, gradOut: usize, rows: i32, k: i32, paramRows: i32, diagonalOnly: i32): void {
  let pr = 0;
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>k;
    const alpha = concentration + ((<usize>pr * <usize>k) << 3);
    let total = 0.0;
    for (let j = 0; j < k; j++) total += load<f64>(alpha + (<usize>j << 3));
    let dot = 0.0;
    if (diagonalOnly == 0) {
      for (let j = 0; j < k; j++) dot += load<f64>(x + ((base + <usize>j) << 3)) * load<f64>(gradOut + ((base + <usize>j) << 3));
    }
    for (let j = 0; j < k; j++) {
      const xj = load<f64>(x + ((base + <usize>j) << 3));
      let rest = 0.0;
      if (xj == 1.0) for (let m = 0; m < k; m++) if (m != j) rest += load<f64>(x + ((base + <usize>m) << 3));
      const g = dirichletScaledGrad(xj, load<f64>(alpha + (<usize>j << 3)), total, rest);
      const v = diagonalOnly != 0 ? g * (1.0 - xj) : g * (load<f64>(gradOut + ((base + <usize>j) << 3)) - dot);
      store<f64>(gradConc + ((base + <usize>j) << 3), v);
    }
    if (++pr == paramRows) pr = 0;
  }
}
