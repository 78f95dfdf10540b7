// The trigamma function ψ′(x) = d²/dx² log Γ(x) = Σ_{k≥0} 1/(x + k)² in float64: the derivative of digamma,
// for autograd (sdk/ops/special.ts). Deterministic: IEEE arithmetic plus AS std Math.sin.

/**
 * ψ′(x). x > 0: the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to y ≥ 10, then the asymptotic series
 * ψ′(y) = 1/y + 1/(2y²) + Σ_{k=1..8} B₂ₖ/y^{2k+1} (DLMF 5.15.8; the next term is < 1e-16 relative at y = 10).
 * x < 0: the reflection ψ′(1 − x) + ψ′(x) = π²/sin²(πx) (DLMF 5.15.6), positive with no cancellation since
 * π²/sin² ≥ π² > ψ′(1 − x); sin²(πx) = sin²(πf) with f = x − round(x) in [−½, ½], which is exact (Sterbenz), so
 * the distance to the nearest pole keeps every digit (x − 2⌊x/2⌋ would round for −2 < x < 0). Poles x = 0, −1, −2, …: +Infinity (as scipy.special.polygamma(1, x));
 * ψ′(+∞) = 0; NaN and −∞ give NaN.
 * @example trigamma(1) = π²/6 = 1.6449340668482264; trigamma(0.5) = π²/2.
 */
export function trigamma(x: f64): f64 {
  if (isNaN(x) || x == -Infinity) return NaN;
  if (x == Infinity) return 0.0;
  if (x <= 0 && x == Math.floor(x)) return Infinity;
  if (x < 0) {
    const s = Math.sin(Math.PI * (x - Math.round(x)));
    return (Math.PI * Math.PI) / (s * s) - trigamma(1.0 - x);
  }
  let shift: f64 = 0;
  let y = x;
  while (y < 10.0) { shift += 1.0 / (y * y); y += 1.0; }
  const z = 1.0 / (y * y);
  // B₂/y³ + B₄/y⁵ + … + B₁₆/y¹⁷ = (1/y)·z·(1/6 − z(1/30 − z(1/42 − z(1/30 − z(5/66 − z(691/2730 − z(7/6 − z·3617/510)))))))
  const series = z * (1.0 / 6.0 - z * (1.0 / 30.0 - z * (1.0 / 42.0 - z * (1.0 / 30.0 - z * (5.0 / 66.0 -
    z * (691.0 / 2730.0 - z * (7.0 / 6.0 - z * (3617.0 / 510.0))))))));
  return shift + (1.0 + 0.5 / y + series) / y;
}
