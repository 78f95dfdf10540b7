// log Γ, digamma and log B in float64. Deterministic: IEEE arithmetic plus AS std Math.log / Math.sin /
// Math.cos (compiled into WASM). Constants (ζ(k) − 1, Taylor coefficients of ψ at its root) were
// computed with mpmath at 40 digits.

// @ts-ignore: decorator
@inline const EULER_GAMMA: f64 = 0.5772156649015329;
// @ts-ignore: decorator
@inline const HALF_LOG_2PI: f64 = 0.9189385332046728;

// ζ(k) − 1 for k = 2 … 44
const ZETA_MINUS_ONE: StaticArray<f64> = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993, 0.01734306198444914,
  0.008349277381922827, 0.00407735619794434, 0.0020083928260822143, 0.0009945751278180853, 0.0004941886041194645,
  0.0002460865533080483, 0.00012271334757848915, 6.124813505870483e-05, 3.058823630702049e-05, 1.528225940865187e-05,
  7.637197637899763e-06, 3.81729326499984e-06, 1.908212716553939e-06, 9.539620338727962e-07, 4.769329867878064e-07,
  2.38450502727733e-07, 1.1921992596531106e-07, 5.960818905125948e-08, 2.980350351465228e-08, 1.4901554828365043e-08,
  7.45071178983543e-09, 3.725334024788457e-09, 1.862659723513049e-09, 9.313274324196682e-10, 4.656629065033784e-10,
  2.3283118336765053e-10, 1.164155017270052e-10, 5.820772087902701e-11, 2.9103850444971e-11, 1.4551921891041985e-11,
  7.275959835057482e-12, 3.637979547378651e-12, 1.818989650307066e-12, 9.094947840263888e-13, 4.547473783042154e-13,
  2.2737368458246524e-13, 1.136868407680228e-13, 5.684341987627585e-14,
];

/** sin(πx), exact argument reduction (x mod 2 is exact), so it is 0 at every integer. */
export function sinPi(x: f64): f64 {
  if (!isFinite(x)) return NaN;
  let r = x - 2.0 * Math.floor(x * 0.5); // [0, 2), exact
  let sign: f64 = 1.0;
  if (r >= 1.0) { r -= 1.0; sign = -1.0; }
  if (r > 0.5) r = 1.0 - r;
  return r == 0 ? 0.0 * sign : sign * Math.sin(Math.PI * r);
}

/** cos(πx) with the same exact reduction (0 at every half-integer). */
export function cosPi(x: f64): f64 {
  if (!isFinite(x)) return NaN;
  return sinPi((x - 2.0 * Math.floor(x * 0.5)) + 0.5);
}

// log Γ(1 + e) + log1p(e) = e(1 − γ) + Σ_{k≥2} (−1)^k (ζ(k) − 1)/k · e^k  (|e| ≤ ½, Abramowitz & Stegun 6.1.33)
function lgammaSeries(e: f64): f64 {
  let sum: f64 = 0;
  let power = -e; // (−e)^k after the first multiplication
  for (let k = 2; k <= 44; k++) {
    power *= -e;
    sum += unchecked(ZETA_MINUS_ONE[k - 2]) * power / <f64>k;
  }
  return e * (1.0 - EULER_GAMMA) + sum;
}

/** log Γ(1 + a) without rounding 1 + a (the ζ-series in a itself for |a| ≤ ½). */
export function lgamma1p(a: f64): f64 {
  return Math.abs(a) <= 0.5 ? lgammaSeries(a) - Math.log1p(a) : lgamma(1.0 + a);
}

// Stirling's series correction log Γ(x) − [(x − ½)log x − x + ½ log 2π], for x ≥ 10 (error < 1e-17)
export function stirlingCorrection(x: f64): f64 {
  const z = 1.0 / (x * x);
  return (1.0 / 12.0 + z * (-1.0 / 360.0 + z * (1.0 / 1260.0 + z * (-1.0 / 1680.0 + z * (1.0 / 1188.0 +
    z * (-691.0 / 360360.0 + z * (1.0 / 156.0))))))) / x;
}

/** log |Γ(x)|: +∞ at 0 and the negative integers; reflection below ½; Stirling from 10. */
export function lgamma(x: f64): f64 {
  if (isNaN(x)) return x;
  if (!isFinite(x)) return Infinity;
  if (x < 0.5) {
    if (x > 0) return lgammaSeries(x) - Math.log1p(x) - Math.log(x);
    const s = sinPi(x);
    if (s == 0) return Infinity;
    // Γ(x)Γ(1 − x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(s)) - lgamma(1.0 - x);
  }
  if (x < 1.5) return lgammaSeries(x - 1.0) - Math.log1p(x - 1.0);
  if (x < 2.5) return lgammaSeries(x - 2.0);
  if (x < 10.0) {
    // Γ(x) = (x − 1)(x − 2)…(x − k) Γ(x − k) with x − k in [1.5, 2.5)
    let prod: f64 = 1.0;
    let y = x;
    while (y >= 2.5) { y -= 1.0; prod *= y; }
    return Math.log(prod) + lgammaSeries(y - 2.0);
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
}

// ψ(x₀ + δ) = Σ c_k δ^k around the positive root x₀ of ψ (x₀ = X0_HI + X0_LO)
// @ts-ignore: decorator
@inline const X0_HI: f64 = 1.4616321449683622;
// @ts-ignore: decorator
@inline const X0_LO: f64 = 9.549995429965697e-17;
const DIGAMMA_ROOT_TAYLOR: StaticArray<f64> = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
  -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
  0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
  -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602,
  -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741,
  -7.569179582195066e-05, 5.178575795222081e-05,
];

/**
 * ψ(x) = d/dx log Γ(x). −∞ at +0, NaN at the negative integers (as SciPy). Reflection
 * ψ(x) = ψ(1 − x) − π cot(πx) below 0; a Taylor series near the root 1.4616…; otherwise the
 * recurrence ψ(x) = ψ(x + 1) − 1/x up to 10 and the asymptotic series there.
 */
export function digamma(x: f64): f64 {
  if (isNaN(x)) return x;
  if (x == Infinity) return x;
  if (x == 0) return (1.0 / x) < 0 ? Infinity : -Infinity;
  if (x < 0) {
    if (x == Math.floor(x)) return NaN;
    return digamma(1.0 - x) - Math.PI * cosPi(x) / sinPi(x);
  }
  const d = (x - X0_HI) - X0_LO;
  if (Math.abs(d) < 0.25) {
    let sum: f64 = 0;
    for (let k = 24; k >= 0; k--) sum = (sum + unchecked(DIGAMMA_ROOT_TAYLOR[k])) * d;
    return sum;
  }
  let shift: f64 = 0;
  let y = x;
  while (y < 10.0) { shift += 1.0 / y; y += 1.0; }
  return Math.log(y) - 0.5 / y - digammaTail(y) - shift;
}

/** T(y) = log y − 1/(2y) − ψ(y) = Σ B₂ₖ/(2k·y²ᵏ) for y ≥ 10 (DLMF 5.11.2; error < 1e-17). */
export function digammaTail(y: f64): f64 {
  const z = 1.0 / (y * y);
  return z * (1.0 / 12.0 - z * (1.0 / 120.0 - z * (1.0 / 252.0 - z * (1.0 / 240.0 - z * (1.0 / 132.0 -
    z * (691.0 / 32760.0 - z * (1.0 / 12.0)))))));
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0; Stirling differences from 10 on. */
export function lbeta(a: f64, b: f64): f64 {
  if (isNaN(a) || isNaN(b)) return NaN;
  if (!(a > 0 && b > 0)) return NaN;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo >= 10.0) {
    // (lo − ½)log(lo/s) + hi·log(hi/s) − ½ log hi + ½ log 2π + corrections: no huge log Γ values
    const s = lo + hi;
    const corr = stirlingCorrection(lo) + stirlingCorrection(hi) - stirlingCorrection(s);
    return -0.5 * Math.log(hi) + HALF_LOG_2PI + corr + (lo - 0.5) * Math.log(lo / s) + hi * Math.log1p(-lo / s);
  }
  if (hi >= 10.0) {
    // log Γ(hi) − log Γ(lo + hi) by Stirling, without subtracting two large values
    const s = lo + hi;
    return lgamma(lo) - (hi - 0.5) * Math.log1p(lo / hi) - lo * Math.log(s) + lo +
      stirlingCorrection(hi) - stirlingCorrection(s);
  }
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

// T's coefficients B₂ₖ/(2k) for k = 1 … 7 (digammaTail's, in the same order)
const DIGAMMA_TAIL_COEFFS: StaticArray<f64> = [
  1.0 / 12.0, -1.0 / 120.0, 1.0 / 252.0, -1.0 / 240.0, 1.0 / 132.0, -691.0 / 32760.0, 1.0 / 12.0,
];

/**
 * (ψ(b + a) − ψ(b))/a for a, b > 0 to full relative precision, also when a ≪ b (→ ψ′(b)) and when a is
 * subnormal (the plain difference ψ(2 + 5e-324) − ψ(2) is 0). The recurrence ψ(x + 1) = ψ(x) + 1/x to x ≥ 10,
 * then DLMF 5.11.2 term by term: ((x + a)^{−m} − x^{−m})/a = x^{−m}·expm1(−m·log1p(a/x))/a.
 */
export function digammaDifferenceRatio(b: f64, a: f64): f64 {
  let acc = 0.0;
  let x = b;
  while (x < 10.0) { acc += 1.0 / (x * (x + a)); x += 1.0; }
  const q = a / x;
  const l = Math.log1p(q);
  const lOverA = q < 1e-8 ? (1.0 - 0.5 * q) / x : l / a; // log1p(a/x)/a
  let t = 0.0;
  const z = 1.0 / (x * x);
  let zk = 1.0;
  for (let k = 1; k <= 7; k++) {
    zk *= z;
    const m = 2.0 * <f64>k;
    const e = m * l < 1e-8 ? -m * lOverA * (1.0 - 0.5 * m * l) : Math.expm1(-m * l) / a;
    t += unchecked(DIGAMMA_TAIL_COEFFS[k - 1]) * zk * e;
  }
  // ψ(y) = log y − 1/(2y) − T(y): [log((x + a)/x) + a/(2x(x + a)) − (T(x + a) − T(x))]/a
  return acc + lOverA + 0.5 / (x * (x + a)) - t;
}
