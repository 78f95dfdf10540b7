// The error function family in float64: erf, erfc, erfinv, the standard normal cdf Φ and its quantile
// Φ⁻¹. Deterministic: only IEEE arithmetic and AS std Math.exp / Math.log / Math.sqrt (compiled to WASM).

// erf and erfc: the rational approximations of Sun's fdlibm s_erf.c (1993, freely distributable);
// error < 1 ulp in each of five intervals of |x|. Coefficients as published there.
// @ts-ignore: decorator
@inline const ERX: f64 = 8.45062911510467529297e-01;
// @ts-ignore: decorator
@inline const EFX: f64 = 1.28379167095512586316e-01; // 2/√π − 1

// erf(x) = x + x·pp(z)/qq(z), z = x², on |x| < 0.84375
function erfSmallRatio(z: f64): f64 {
  const r = 1.28379167095512558561e-01 + z * (-3.25042107247001499370e-01 + z * (-2.84817495755985104766e-02 +
    z * (-5.77027029648944159157e-03 + z * -2.37630166566501626084e-05)));
  const s = 1.0 + z * (3.97917223959155352819e-01 + z * (6.50222499887672944485e-02 + z * (5.08130628187576562776e-03 +
    z * (1.32494738004321644526e-04 + z * -3.96022827877536812320e-06))));
  return r / s;
}

// erf(1 + s) − ERX = pa(s)/qa(s), on 0.84375 ≤ |x| < 1.25
function erfNearOne(s: f64): f64 {
  const p = -2.36211856075265944077e-03 + s * (4.14856118683748331666e-01 + s * (-3.72207876035701323847e-01 +
    s * (3.18346619901161753674e-01 + s * (-1.10894694282396677476e-01 + s * (3.54783043256182359371e-02 +
    s * -2.16637559486879084300e-03)))));
  const q = 1.0 + s * (1.06420880400844228286e-01 + s * (5.40397917702171048937e-01 + s * (7.18286544141962662868e-02 +
    s * (1.26171219808761642112e-01 + s * (1.36370839120290507362e-02 + s * 1.19844998467991074170e-02)))));
  return p / q;
}

// erfc(x) for 1.25 ≤ x < 28: (1/x)·exp(−x² − 0.5625 + R(1/x²)/S(1/x²)), with −x² split as
// −t² + (t − x)(t + x), t = x with its low 32 bits cleared, so the big exponent is exact.
function erfcTail(x: f64): f64 {
  const s = 1.0 / (x * x);
  let r: f64, q: f64;
  if (x < 2.857142857142857) {
    r = -9.86494403484714822705e-03 + s * (-6.93858572707181764372e-01 + s * (-1.05586262253232909814e+01 +
      s * (-6.23753324503260060396e+01 + s * (-1.62396669462573470355e+02 + s * (-1.84605092906711035994e+02 +
      s * (-8.12874355063065934246e+01 + s * -9.81432934416914548592e+00))))));
    q = 1.0 + s * (1.96512716674392571292e+01 + s * (1.37657754143519042600e+02 + s * (4.34565877475229228821e+02 +
      s * (6.45387271733267880336e+02 + s * (4.29008140027567833386e+02 + s * (1.08635005541779435134e+02 +
      s * (6.57024977031928170135e+00 + s * -6.04244152148580987438e-02)))))));
  } else {
    r = -9.86494292470009928597e-03 + s * (-7.99283237680523006574e-01 + s * (-1.77579549177547519889e+01 +
      s * (-1.60636384855821916062e+02 + s * (-6.37566443368389627722e+02 + s * (-1.02509513161107724954e+03 +
      s * -4.83519191608651397019e+02)))));
    q = 1.0 + s * (3.03380607434824582924e+01 + s * (3.25792512996573918826e+02 + s * (1.53672958608443695994e+03 +
      s * (3.19985821950859553908e+03 + s * (2.55305040643316442583e+03 + s * (4.74528541206955367215e+02 +
      s * -2.24409524465858183362e+01))))));
  }
  const t = reinterpret<f64>(reinterpret<u64>(x) & 0xffffffff00000000);
  return Math.exp(-t * t - 0.5625) * Math.exp((t - x) * (t + x) + r / q) / x;
}

/** erf(x) = 2/√π ∫₀ˣ e^{−t²} dt. */
export function erf(x: f64): f64 {
  if (isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 3.725290298461914e-9) return x + EFX * x;
    return x + x * erfSmallRatio(x * x);
  }
  let y: f64;
  if (a < 1.25) y = ERX + erfNearOne(a - 1.0);
  else if (a < 6.0) y = 1.0 - erfcTail(a);
  else y = 1.0;
  return x < 0 ? -y : y;
}

/** erfc(x) = 1 − erf(x), accurate relative to its value for large x. */
export function erfc(x: f64): f64 {
  if (isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 1.3877787807814457e-17) return 1.0 - x;
    const y = x * erfSmallRatio(x * x);
    if (x < 0.25) return 1.0 - (x + y);
    return 0.5 - ((x - 0.5) + y);
  }
  if (a < 1.25) {
    const pq = erfNearOne(a - 1.0);
    return x >= 0 ? (1.0 - ERX) - pq : 1.0 + (ERX + pq);
  }
  if (x < 28.0) {
    if (x <= -6.0) return 2.0;
    const r = erfcTail(a);
    return x > 0 ? r : 2.0 - r;
  }
  return 0.0;
}

// @ts-ignore: decorator
@inline const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;
// @ts-ignore: decorator
@inline const SQRT_2PI: f64 = 2.5066282746310002;

/**
 * erf⁻¹(x) on [−1, 1] (±∞ at ±1, NaN outside). A start from Giles 2010 ("Approximating the erfinv
 * function", single-precision polynomials in w = −log(1 − x²)), then Halley steps on erf(y) − x,
 * written as (1 − |x|) − erfc(|y|) when |x| > 0.5 so that the residual keeps its relative precision.
 */
export function erfinv(x: f64): f64 {
  if (!(x >= -1.0 && x <= 1.0)) return NaN;
  if (x == 1.0) return Infinity;
  if (x == -1.0) return -Infinity;
  if (x == 0) return x;
  const a = Math.abs(x);
  let w = -Math.log((1.0 - a) * (1.0 + a));
  let p: f64;
  if (w < 5.0) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w; p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w; p = -0.00125372503 + p * w; p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w; p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3.0;
    p = -0.000200214257;
    p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w; p = -0.0076224613 + p * w; p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w; p = 2.83297682 + p * w;
  }
  let y = p * a;
  // Halley converges cubically: two steps from ~1e-7; the start is rougher (~5%) for 1 − |x| < 1e-8
  for (let step = 0; step < 8; step++) {
    const f = a > 0.5 ? (1.0 - a) - erfc(y) : erf(y) - a;
    const t = f / (TWO_OVER_SQRT_PI * Math.exp(-y * y));
    const next = y - t / (1.0 + y * t);
    if (next == y) break;
    y = next;
  }
  return x < 0 ? -y : y;
}

// @ts-ignore: decorator
@inline const SQRT1_2_LO: f64 = -4.833646656726457e-17; // 1/√2 − SQRT1_2

/**
 * Φ(x), the standard normal cdf: ½·erfc(−x/√2). In the lower tail the rounding error δ of x/√2
 * (Dekker's exact product, no FMA) is put back as erfc(z + δ) ≈ erfc(z)(1 − 2zδ): without it the
 * relative error grows like 2z²·2⁻⁵³ (1e-13 at x = −36).
 */
export function normalCdf(x: f64): f64 {
  const z = -x * Math.SQRT1_2;
  const e = erfc(z);
  if (!(z > 1.0) || !isFinite(z) || e == 0) return 0.5 * e; // e = 0: nothing to correct (and a·2^27 may overflow)
  // exact: −x·SQRT1_2 = z + lo (Dekker 1971 two-product with Veltkamp's split)
  const a = -x;
  const ca = a * 134217729.0;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = Math.SQRT1_2 * 134217729.0;
  const bh = cb - (cb - Math.SQRT1_2);
  const bl = Math.SQRT1_2 - bh;
  const lo = ((ah * bh - z) + ah * bl + al * bh) + al * bl;
  const delta = lo + a * SQRT1_2_LO;
  return 0.5 * e * (1.0 - 2.0 * z * delta);
}

/** log Φ(x); for x < −5 from the tail of erfc so it stays finite down to x ≈ −38 (−∞ below). */
export function normalLogCdf(x: f64): f64 {
  return Math.log(normalCdf(x));
}

/**
 * Φ⁻¹(p) on [0, 1] (−∞ at 0, +∞ at 1, NaN outside). Acklam's rational approximation (relative error
 * 1.15e-9) and one Halley step on Φ(x) − p; the upper half uses Φ⁻¹(p) = −Φ⁻¹(1 − p), exact for p ≥ ½.
 * The step is skipped below p ≈ 1e-300, where φ(x) underflows (there the error is Acklam's 1e-9).
 */
export function normalQuantile(p: f64): f64 {
  if (!(p >= 0.0 && p <= 1.0)) return NaN;
  if (p == 0.0) return -Infinity;
  if (p == 1.0) return Infinity;
  if (p > 0.5) return -normalQuantileLower(1.0 - p);
  return normalQuantileLower(p);
}

// Φ⁻¹(p) for 0 < p ≤ ½.
function normalQuantileLower(p: f64): f64 {
  let x: f64;
  let e: f64;
  if (p < 0.02425) {
    const q = Math.sqrt(-2.0 * Math.log(p));
    x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q -
      2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
      ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q +
      3.754408661907416e+00) * q + 1.0);
    if (x < -37.0) return x;
    e = 0.5 * erfc(-x * Math.SQRT1_2) - p;
  } else {
    const q = p - 0.5; // exact (Sterbenz)
    const r = q * q;
    x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r +
      1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
      (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r +
      6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0);
    // Φ(x) − p as (Φ(x) − ½) − q: keeps relative precision when p is near ½
    e = 0.5 * erf(x * Math.SQRT1_2) - q;
  }
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}
