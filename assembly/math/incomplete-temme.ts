// Temme's uniform asymptotic expansion of the regularised incomplete gamma functions for large a
// (Temme 1979, "The asymptotic expansion of the incomplete gamma functions"; DLMF 8.12.3–8.12.9):
//   Q(a, x) = ½ erfc(η√(a/2)) + R,  P(a, x) = ½ erfc(−η√(a/2)) − R,  R = e^{−aη²/2}/√(2πa) · Σ_k c_k(η) a^{−k},
// λ = x/a, ½η² = λ − 1 − log λ = −log1pmx(λ − 1), sign(η) = sign(λ − 1). The series and continued fraction of
// incomplete.ts need O(√a) terms near x = a and break down once a + 1 rounds to a; this costs a fixed ~60
// multiply-adds. c_0 … c_4 are Taylor polynomials in η (tests/fixtures/gamma-extreme/temme_coefficients.py,
// exact rationals from sympy); used for a ≥ TEMME_MIN_A and |x/a − 1| ≤ TEMME_MAX_U, where |η| ≤ 0.28, the
// polynomials are exact to < 1e-19 and the first dropped term, c_5/a⁵, is below 1e-18 of the result.
import { erfc } from "./erf";
import { log1pmx } from "./incomplete";
import { stirlingCorrection } from "./gamma";

// @ts-ignore: decorator
@inline export const TEMME_MIN_A: f64 = 1000.0;
// @ts-ignore: decorator
@inline export const TEMME_MAX_U: f64 = 0.25;
// @ts-ignore: decorator
@inline const INV_SQRT_2PI: f64 = 0.3989422804014327;
// @ts-ignore: decorator
@inline const INV_SQRT_PI: f64 = 0.5641895835477563;

const TEMME_C0: StaticArray<f64> = [
  -0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073, 0.0003527336860670194,
  -0.0001787551440329218, 3.919263178522438e-05, -2.185448510679992e-06, -1.85406221071516e-06,
  8.296711340953087e-07, -1.7665952736826078e-07, 6.707853543401498e-09, 1.0261809784240309e-08,
  -4.382036018453353e-09, 9.14769958223679e-10, -2.5514193994946248e-11,
];
const TEMME_C1: StaticArray<f64> = [
  -0.001851851851851852, -0.003472222222222222, 0.0026455026455026454, -0.0009902263374485596,
  0.00020576131687242798, -4.018775720164609e-07, -1.8098550334489977e-05, 7.64916091608111e-06,
  -1.6120900894563446e-06, 4.647127802807434e-09, 1.378633446915721e-07, -5.752545603517705e-08,
  1.1951628599778148e-08, -1.7543241719747647e-11,
];
const TEMME_C2: StaticArray<f64> = [
  0.004133597883597883, -0.0026813271604938273, 0.0007716049382716049, 2.0093878600823047e-06,
  -0.0001073665322636516, 5.2923448829120125e-05, -1.2760635188618728e-05, 3.423578734096138e-08,
  1.3721957309062934e-06, -6.298992138380055e-07, 1.4280614206064242e-07, -2.0477098421990866e-10,
];
const TEMME_C3: StaticArray<f64> = [
  0.0006494341563786008, 0.00022947209362139917, -0.0004691894943952557, 0.00026772063206283885,
  -7.561801671883977e-05, -2.396505113867297e-07, 1.1082654115347302e-05, -5.6749528269915965e-06,
  1.4230900732435883e-06, -2.7861080291528143e-11,
];
const TEMME_C4: StaticArray<f64> = [
  -0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902, -1.4638452578843418e-06,
  6.641498215465122e-05, -3.968365047179435e-05, 1.1375726970678419e-05, 2.507497226237533e-10,
];

/** Whether Temme's expansion is used for (a, x): a ≥ 1000 and x within 25 % of a. */
export function useTemme(a: f64, x: f64): bool {
  return a >= TEMME_MIN_A && Math.abs(x - a) <= TEMME_MAX_U * a;
}

// Σ_j t_j η^j and its derivative in η (Horner)
// @ts-ignore: decorator
@inline function poly(t: StaticArray<f64>, eta: f64): f64 {
  let s = 0.0;
  for (let j = t.length - 1; j >= 0; j--) s = s * eta + unchecked(t[j]);
  return s;
}
// @ts-ignore: decorator
@inline function polyDerivative(t: StaticArray<f64>, eta: f64): f64 {
  let s = 0.0;
  for (let j = t.length - 1; j >= 1; j--) s = s * eta + <f64>j * unchecked(t[j]);
  return s;
}

// η for (a, x) and ½aη² (the exponent of R), left in temmeEta / temmeHalfAEta2
let temmeEta: f64 = 0;
let temmeHalfAEta2: f64 = 0;
function setEta(a: f64, x: f64): void {
  const u = (x - a) / a; // exact-ish: x − a is exact within a factor 2 (Sterbenz)
  const half = -log1pmx(u);
  temmeEta = (u < 0 ? -1.0 : 1.0) * Math.sqrt(2.0 * half);
  temmeHalfAEta2 = a * half;
}

// Σ_k c_k(η) a^{−k}
function temmeSum(eta: f64, a: f64): f64 {
  const r = 1.0 / a;
  return poly(TEMME_C0, eta) + r * (poly(TEMME_C1, eta) + r * (poly(TEMME_C2, eta) + r * (poly(TEMME_C3, eta) +
    r * poly(TEMME_C4, eta))));
}

// erfc(y)·e^{y²}·y√π for y ≥ 26 (the asymptotic series 1 − 1/(2y²) + 3/(2y²)² − …, DLMF 7.12.1; terms
// shrink by ≥ 1/1352 relative, 7 terms reach 1e-19)
function erfcScaledTail(y: f64): f64 {
  const w = 1.0 / (2.0 * y * y);
  let term = 1.0;
  let sum = 1.0;
  for (let n = 1; n <= 7; n++) {
    term *= -<f64>(2 * n - 1) * w;
    sum += term;
  }
  return sum;
}

/**
 * log Q(a, x) (upper) or log P(a, x) by Temme's expansion (useTemme(a, x) must hold). The tail on η's side
 * is ½ erfc(|η|√(a/2)) ± R, computed with the common factor e^{−aη²/2} taken out in log space once it
 * would underflow; the other tail is log1p(−that).
 */
export function temmeLogTail(a: f64, x: f64, upper: bool): f64 {
  setEta(a, x);
  const eta = temmeEta;
  const c = temmeSum(eta, a) * INV_SQRT_2PI / Math.sqrt(a);
  const y = Math.abs(eta) * Math.sqrt(0.5 * a);
  const sign = eta >= 0 ? 1.0 : -1.0; // + R on the Q side, − R on the P side
  let logSmall: f64;
  if (y < 26.0) logSmall = Math.log(0.5 * erfc(y) + sign * Math.exp(-temmeHalfAEta2) * c);
  else logSmall = -temmeHalfAEta2 + Math.log(0.5 * INV_SQRT_PI * erfcScaledTail(y) / y + sign * c);
  const smallIsUpper = eta >= 0;
  return upper == smallIsUpper ? logSmall : Math.log1p(-Math.exp(logSmall));
}

/** Q(a, x) (upper) or P(a, x) by Temme's expansion (useTemme(a, x) must hold). */
export function temmeTail(a: f64, x: f64, upper: bool): f64 {
  setEta(a, x);
  const eta = temmeEta;
  const r = Math.exp(-temmeHalfAEta2) * temmeSum(eta, a) * INV_SQRT_2PI / Math.sqrt(a);
  const y = eta * Math.sqrt(0.5 * a);
  return upper ? 0.5 * erfc(y) + r : 0.5 * erfc(-y) - r;
}

/**
 * ∂x/∂a at fixed P(a, x) for x ~ Gamma(a, 1), = (∂Q/∂a)/p(x), from Temme's expansion differentiated in a at
 * fixed x (dη/da = −(λ − 1)/(aη)); the factor e^{−aη²/2} of ∂Q/∂a and of p cancels, so nothing underflows:
 *   ∂x/∂a = λ·Γ*(a)·[(λ − 1)/η − η/2 + (log λ − 1/(2a))·C − (λ − 1)/(aη)·C′ − Σ_k k c_k a^{−k−1}],
 * C = Σ c_k a^{−k}, C′ = Σ c_k′ a^{−k}, Γ*(a) = e^{stirlingCorrection(a)}. useTemme(a, x) must hold.
 */
export function temmeGammaGrad(a: f64, x: f64): f64 {
  setEta(a, x);
  const eta = temmeEta;
  const u = (x - a) / a; // λ − 1
  const r = 1.0 / a;
  const p0 = poly(TEMME_C0, eta), p1 = poly(TEMME_C1, eta), p2 = poly(TEMME_C2, eta);
  const p3 = poly(TEMME_C3, eta), p4 = poly(TEMME_C4, eta);
  const c = p0 + r * (p1 + r * (p2 + r * (p3 + r * p4)));
  const dc = polyDerivative(TEMME_C0, eta) + r * (polyDerivative(TEMME_C1, eta) + r * (polyDerivative(TEMME_C2, eta) +
    r * (polyDerivative(TEMME_C3, eta) + r * polyDerivative(TEMME_C4, eta))));
  const d = r * r * (p1 + r * (2.0 * p2 + r * (3.0 * p3 + r * 4.0 * p4)));
  // (λ − 1)/η → 1 as η → 0 (λ − 1 = η + η²/3 + …)
  const ratio = eta == 0 ? 1.0 : u / eta;
  const bracket = ratio - 0.5 * eta + (Math.log1p(u) - 0.5 * r) * c - ratio * r * dc - d;
  return (1.0 + u) * Math.exp(stirlingCorrection(a)) * bracket;
}
