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
  let s = 0, power = 1;
  for (let k = 1; k < m; k++) { power *= phi; s += (m - k) * power; }
  return 1 - (2 / (m * (m - 1))) * s;
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
