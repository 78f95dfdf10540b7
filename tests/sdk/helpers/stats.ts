// Statistics for Monte Carlo tests. Tolerances: a sample statistic must lie within 4 standard errors
// of its theoretical value (a false failure rate of about 6e-5 per check for a normal statistic).
import { readFileSync } from "node:fs";

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
  return ksStatisticOfCdf(Array.from(sorted, cdf));
}

/** KS statistic D from F(x₍₁₎) ≤ … ≤ F(x₍ₙ₎), the cdf at the sorted sample (e.g. one batched SDK cdf call). */
export function ksStatisticOfCdf(cdfAtSorted: ArrayLike<number>): number {
  const n = cdfAtSorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdfAtSorted[i];
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

/** Chi-square critical values at α = 0.001 by degrees of freedom 1 … 300 (scipy.stats.chi2.ppf(0.999, df),
 * tests/fixtures/chi2-critical). */
export const CHI2_CRIT_0_001: readonly number[] = JSON.parse(
  readFileSync(new URL("../../fixtures/chi2-critical/data.json", import.meta.url), "utf8"),
).critical;

/** Checks |value − expected| ≤ 4·se and returns a message for failures. */
export function within4se(value: number, expected: number, se: number): boolean {
  return Math.abs(value - expected) <= 4 * se;
}

/**
 * Pearson chi-square of integer draws against a pmf over 0 … pmf.length − 1 (its mass must cover all but a
 * negligible tail). Cells are the single values whose expected count is ≥ minExpected (5, the usual rule);
 * the values below and above them are pooled into the first and last cell, so every cell expects ≥ 5
 * (for a unimodal pmf). df = cells − 1 (no parameter is estimated). A draw that is not an integer in
 * range counts as an infinite statistic.
 */
export function chiSquareOfCounts(draws: ArrayLike<number>, pmf: ArrayLike<number>, minExpected = 5): { statistic: number; df: number } {
  const n = draws.length;
  let lo = 0;
  while (lo < pmf.length - 1 && n * pmf[lo] < minExpected) lo++;
  let hi = pmf.length - 1;
  while (hi > lo && n * pmf[hi] < minExpected) hi--;
  const cells = hi - lo + 1;
  const observed = new Array(cells).fill(0);
  const expected = new Array(cells).fill(0);
  for (let k = 0; k < pmf.length; k++) expected[Math.min(Math.max(k, lo), hi) - lo] += n * pmf[k];
  for (let i = 0; i < n; i++) {
    const k = draws[i];
    if (!(Number.isInteger(k) && k >= 0)) return { statistic: Infinity, df: cells - 1 };
    observed[Math.min(Math.max(k, lo), hi) - lo]++;
  }
  return { statistic: chiSquare(observed, expected), df: cells - 1 };
}

// Masses proportional to q(0) … q(last) from the ratios q(k + 1)/q(k), started at the mode with q = 1 and
// normalised by their sum: no log-factorials, no underflow at the mode, relative error ~1e-13.
function pmfFromRatios(mode: number, last: number, ratio: (k: number) => number): Float64Array {
  const q = new Float64Array(last + 1);
  q[mode] = 1;
  for (let k = mode; k < last; k++) q[k + 1] = q[k] * ratio(k);
  for (let k = mode; k > 0; k--) q[k - 1] = q[k] / ratio(k - 1);
  let total = 0;
  for (let k = 0; k <= last; k++) total += q[k];
  return q.map((v) => v / total);
}

/** Poisson(λ) pmf over 0 … ⌈λ + 40√λ + 40⌉ in float64 (the mass beyond is below 1e-100). */
export function poissonPmf(lambda: number): Float64Array {
  return pmfFromRatios(Math.floor(lambda), Math.ceil(lambda + 40 * Math.sqrt(lambda) + 40), (k) => lambda / (k + 1));
}

/** Binomial(n, p) pmf over 0 … n in float64, 0 < p < 1. */
export function binomialPmf(n: number, p: number): Float64Array {
  return pmfFromRatios(Math.floor((n + 1) * p), n, (k) => ((n - k) / (k + 1)) * (p / (1 - p)));
}

/** The chi-square critical value at α = 0.001 for df degrees of freedom (throws outside 1 … 300). */
export function chiSquareCritical(df: number): number {
  const c = CHI2_CRIT_0_001[df];
  if (!(c > 0)) throw new RangeError(`no chi-square critical value for df = ${df} (tests/fixtures/chi2-critical has 1 … 300)`);
  return c;
}

/**
 * The acceptance interval [lo, hi] of a Binomial(n, p) count at level α, two-sided and exact: P(X < lo) ≤ α/2
 * and P(X > hi) ≤ α/2, each as large as it can be (masses from binomialPmf). For k counts tested
 * together, pass α/k (Bonferroni).
 */
export function binomialAcceptanceInterval(n: number, p: number, alpha: number): [number, number] {
  const pmf = binomialPmf(n, p);
  let lo = 0, below = 0;
  while (below + pmf[lo] <= alpha / 2) below += pmf[lo++];
  let hi = n, above = 0;
  while (above + pmf[hi] <= alpha / 2) above += pmf[hi--];
  return [lo, hi];
}
