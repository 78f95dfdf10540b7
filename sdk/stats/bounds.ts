// Concentration bounds and the other closed forms of seeds 000 and 003 that need exp, log or Φ: computed by the
// WASM kernels (exp, log, ndtr) on one-element float64 tensors, never by JS Math.exp (determinism).
import { tensor } from "../tensor.js";
import { exp, log } from "../ops/elementwise.js";
import { ndtr } from "../ops/special.js";
import { describe } from "../errors.js";

const scalar = (f: (x: ReturnType<typeof tensor>) => ReturnType<typeof tensor>, x: number): number => {
  const t = tensor([x], [1], "float64");
  const y = f(t);
  try { return y.toArray()[0]; } finally { t.dispose(); y.dispose(); }
};
/** e^x by the WASM kernel. */
export const wasmExp = (x: number): number => scalar(exp, x);
/** log x by the WASM kernel. */
export const wasmLog = (x: number): number => scalar(log, x);

function check(v: unknown, name: string, fn: string, rule: (x: number) => boolean, text: string): number {
  if (typeof v !== "number" || !rule(v)) throw new RangeError(`${fn}: ${name} must be ${text}, got ${describe(v)}`);
  return v;
}
const isCount = (x: number) => Number.isInteger(x) && x >= 1;
const isPositive = (x: number) => x > 0 && x < Infinity;
const isNonNegative = (x: number) => x >= 0 && x < Infinity;

/** Hoeffding: P(|L̂ₙ − L| ≥ ε) ≤ 2·exp(−2nε²/B²) for n i.i.d. losses in [0, B] (seed 000). Capped at 1. */
export function hoeffdingBound(n: number, epsilon: number, range = 1): number {
  check(n, "n", "hoeffdingBound", isCount, "an integer ≥ 1");
  check(epsilon, "epsilon", "hoeffdingBound", isPositive, "a finite number > 0");
  check(range, "range", "hoeffdingBound", isPositive, "a finite number > 0");
  return Math.min(1, 2 * wasmExp((-2 * n * epsilon * epsilon) / (range * range)));
}

/** Bernstein: P(|L̂ₙ − L| ≥ ε) ≤ 2·exp(−nε²/(2σ² + (2/3)Bε)) for losses in [0, B] of variance σ² (seed 000). Capped at 1. */
export function bernsteinBound(n: number, epsilon: number, sigma2: number, range = 1): number {
  check(n, "n", "bernsteinBound", isCount, "an integer ≥ 1");
  check(epsilon, "epsilon", "bernsteinBound", isPositive, "a finite number > 0");
  check(sigma2, "sigma2", "bernsteinBound", isNonNegative, "a finite number ≥ 0");
  check(range, "range", "bernsteinBound", isPositive, "a finite number > 0");
  return Math.min(1, 2 * wasmExp((-n * epsilon * epsilon) / (2 * sigma2 + (2 / 3) * range * epsilon)));
}

/** The CLT's P(|X̄ − μ| ≤ ε) ≈ 2Φ(ε√m/σ) − 1 for the mean of a batch of m (seed 000; exact for Gaussian X). */
export function batchMeanCoverage(epsilon: number, m: number, sigma: number): number {
  check(epsilon, "epsilon", "batchMeanCoverage", isNonNegative, "a finite number ≥ 0");
  check(m, "m", "batchMeanCoverage", isCount, "an integer ≥ 1");
  check(sigma, "sigma", "batchMeanCoverage", isPositive, "a finite number > 0");
  return 2 * scalar(ndtr, (epsilon * Math.sqrt(m)) / sigma) - 1;
}

/**
 * E[s²]/σ² for the unbiased sample variance of m consecutive samples of a stationary AR(1) with coefficient φ:
 * 1 − (2/(m(m − 1)))·Σ_{k=1}^{m−1} (m − k)φ^k. Below 1 for φ > 0: correlated (video-like) batches make
 * BatchNorm's variance estimate biased low (seed 002).
 */
export function ar1VarianceRatio(phi: number, m: number): number {
  check(phi, "phi", "ar1VarianceRatio", (x) => x > -1 && x < 1, "in (−1, 1)");
  check(m, "m", "ar1VarianceRatio", (x) => Number.isInteger(x) && x >= 2, "an integer ≥ 2");
  // Σ_{k<m} (m − k)·φᵏ term by term up to 2^20 (and no further once φᵏ underflows: the rest adds +0); beyond, the
  // closed form φ·(m(1 − φ) − 1 + φᵐ)/(1 − φ)² with φᵐ by squaring, so a huge m (1e39) costs O(log m), not O(m)
  if (m > 2 ** 20) {
    const s = (phi * (m * (1 - phi) - 1 + powInt(phi, m))) / ((1 - phi) * (1 - phi));
    return 1 - (2 / (m * (m - 1))) * s;
  }
  let s = 0, power = 1;
  for (let k = 1; k < m && power !== 0; k++) { power *= phi; s += (m - k) * power; }
  return 1 - (2 / (m * (m - 1))) * s;
}

// xⁿ for an integer n ≥ 0 by repeated squaring (plain IEEE products: the same bits in every runtime).
function powInt(x: number, n: number): number {
  let r = 1, b = x;
  while (n > 0) {
    if (n % 2 === 1) r *= b;
    b *= b;
    n = Math.floor(n / 2);
  }
  return r;
}

/** Massart's lemma: the empirical Rademacher complexity of a finite class of K vectors in ℝⁿ of norm ≤ r is ≤ r·√(2 log K)/n. */
export function massartBound(r: number, classSize: number, n: number): number {
  check(r, "r", "massartBound", isNonNegative, "a finite number ≥ 0");
  check(classSize, "classSize", "massartBound", isCount, "an integer ≥ 1");
  check(n, "n", "massartBound", isCount, "an integer ≥ 1");
  return (r * Math.sqrt(2 * wasmLog(classSize))) / n;
}

/** Bayes' rule for a binary test: P(D | +) = s·π / (s·π + f·(1 − π)) (seed 003's medical test: 0.1667). */
export function posteriorPositive(prior: number, sensitivity: number, falsePositiveRate: number): number {
  const unit = (x: number) => x >= 0 && x <= 1;
  check(prior, "prior", "posteriorPositive", unit, "in [0, 1]");
  check(sensitivity, "sensitivity", "posteriorPositive", unit, "in [0, 1]");
  check(falsePositiveRate, "falsePositiveRate", "posteriorPositive", unit, "in [0, 1]");
  const num = sensitivity * prior;
  const den = num + falsePositiveRate * (1 - prior);
  if (den === 0) throw new RangeError("posteriorPositive: a positive test has probability 0 (sensitivity·prior + falsePositiveRate·(1 − prior) = 0)");
  return num / den;
}

/**
 * The uniform (Rademacher) bound: for a class G of losses with values in [0, 1] and n i.i.d. examples S, with
 * probability ≥ 1 − δ over S, for every g in G at once, E[g] ≤ Ê_S[g] + 2R̂_S(G) + 3√(log(2/δ)/(2n)) — Mohri,
 * Rostamizadeh & Talwalkar, Foundations of Machine Learning (2nd ed. 2018), Theorem 3.3, eq. (3.4); R̂_S(G) =
 * E_σ sup_g (1/n)Σσᵢg(zᵢ) is the empirical Rademacher complexity (seed 000's uniform bound with its confidence term).
 * Returns the bound on the worst-case gap sup_g (E[g] − Ê_S[g]): 2·rademacher + 3√(log(2/δ)/(2n)).
 */
export function rademacherBound(rademacher: number, n: number, delta: number): number {
  check(rademacher, "rademacher", "rademacherBound", isNonNegative, "a finite number ≥ 0");
  check(n, "n", "rademacherBound", isCount, "an integer ≥ 1");
  check(delta, "delta", "rademacherBound", (x) => x > 0 && x < 1, "in (0, 1)");
  return 2 * rademacher + 3 * Math.sqrt(wasmLog(2 / delta) / (2 * n));
}

// kl(q‖p) between Bernoulli(q) and Bernoulli(p), 0·log 0 = 0, +∞ when p ∈ {0, 1} puts no mass where q does
function klBernoulli(q: number, p: number): number {
  const a = q === 0 ? 0 : p === 0 ? Infinity : q * wasmLog(q / p);
  const b = q === 1 ? 0 : p === 1 ? Infinity : (1 - q) * wasmLog((1 - q) / (1 - p));
  return a + b;
}

/**
 * The upper inverse of the binary KL divergence: kl⁻¹(q, c) = sup{p ∈ [q, 1] : kl(q‖p) ≤ c}, where kl(q‖p) =
 * q·log(q/p) + (1 − q)·log((1 − q)/(1 − p)) — the form of the Chernoff bound (Langford & Caruana 2001) and of the
 * Seeger/Maurer PAC-Bayes bound. By bisection on [q, 1] (kl(q‖·) increases there) until the interval is two
 * adjacent doubles; returns the upper end, so it is never below the true inverse by more than rounding in kl.
 */
export function klInverse(q: number, c: number): number {
  check(q, "q", "klInverse", (x) => x >= 0 && x <= 1, "in [0, 1]");
  check(c, "c", "klInverse", (x) => x >= 0, "a number ≥ 0 (Infinity gives 1)");
  if (c === Infinity || q === 1) return 1;
  let lo = q, hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (klBernoulli(q, mid) <= c) lo = mid; else hi = mid;
  }
  return c === 0 ? q : hi;
}

/**
 * The PAC-Bayes-kl bound (Seeger 2002; Maurer 2004, for n ≥ 8): for a prior P chosen before the n examples, with
 * probability ≥ 1 − δ, for every posterior Q at once, L(Q) ≤ kl⁻¹(L̂(Q), (KL(Q‖P) + log(2√n/δ))/n) for losses in
 * [0, 1] (L(Q), L̂(Q): the expected and empirical risk of the randomised predictor drawn from Q).
 */
export function pacBayesBound(empiricalRisk: number, klDivergence: number, n: number, delta: number): number {
  check(empiricalRisk, "empiricalRisk", "pacBayesBound", (x) => x >= 0 && x <= 1, "in [0, 1]");
  check(klDivergence, "klDivergence", "pacBayesBound", isNonNegative, "a finite number ≥ 0");
  check(n, "n", "pacBayesBound", (x) => Number.isInteger(x) && x >= 8, "an integer ≥ 8 (Maurer's form)");
  check(delta, "delta", "pacBayesBound", (x) => x > 0 && x < 1, "in (0, 1)");
  return klInverse(empiricalRisk, (klDivergence + wasmLog((2 * Math.sqrt(n)) / delta)) / n);
}
