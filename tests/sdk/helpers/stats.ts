// Statistics for Monte Carlo tests. Tolerances: a sample statistic must lie within 4 standard errors
// of its theoretical value (a false failure rate of about 6e-5 per check for a normal statistic).

/** Mean, variance (population), skewness and excess kurtosis, accumulated in float64. */
export function moments(x: ArrayLike<number>): { mean: number; variance: number; skewness: number; kurtosis: number } {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  m2 /= n; m3 /= n; m4 /= n;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) - 3 };
}

/** erfc(x) by the Numerical Recipes Chebyshev fit (relative error < 1.2e-7): test-side reference only. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cdf Φ. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Kolmogorov–Smirnov statistic D of a sample against a continuous cdf. */
export function ksStatistic(x: ArrayLike<number>, cdf: (v: number) => number): number {
  const sorted = Float64Array.from(x).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic KS critical value at level alpha: √(−½ ln(α/2)) / √n (1.9495/√n at α = 0.001). */
export function ksCritical(n: number, alpha = 0.001): number {
  return Math.sqrt(-0.5 * Math.log(alpha / 2)) / Math.sqrt(n);
}

/** Pearson chi-square statistic of observed counts against expected counts. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) s += (observed[i] - expected[i]) ** 2 / expected[i];
  return s;
}

/** Chi-square critical values at α = 0.001 by degrees of freedom (scipy.stats.chi2.ppf(0.999, df)). */
export const CHI2_CRIT_0_001: Record<number, number> = {
  1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515, 9: 27.877, 19: 43.820,
};

/** Checks |value − expected| ≤ 4·se and returns a message for failures. */
export function within4se(value: number, expected: number, se: number): boolean {
  return Math.abs(value - expected) <= 4 * se;
}
