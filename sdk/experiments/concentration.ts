// Items 7, 8 and 11 of issue 15 (the parts that need only sampling): the batch mean's concentration, the AR(1) bias
// of the batch variance, Hoeffding and Bernstein tails, empirical Rademacher complexities, and Bayes' rule.
import { Tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { bernoulli, normal, rademacher, uniform } from "../random/sample.js";
import { abs, add, mul, square, sub } from "../ops/elementwise.js";
import { ge, le } from "../ops/compare.js";
import { concat } from "../ops/shape.js";
import { max, mean, sum, variance, argmax } from "../ops/reduce.js";
import { norm } from "../ops/norms.js";
import { to } from "../ops/cast.js";
import { linspace } from "../ops/creation.js";
import { matmul } from "../linalg/matmul-nd.js";
import { scope } from "../runtime/memory.js";
import { ar1VarianceRatio, batchMeanCoverage, bernsteinBound, hoeffdingBound, massartBound, posteriorPositive } from "../stats/bounds.js";
import { BoundResult, ExperimentResult, check, estimateMean } from "./result.js";

const f64 = (t: Tensor) => to(t, "float64");

/** P(|X̄ − μ| ≤ ε) = 2Φ(ε√m/σ) − 1 for Gaussian X (exact; the CLT's approximation otherwise): the fraction of batches within ε. */
export function batchMeanCoverageExperiment({ m = 16, sigma = 2, epsilon = 0.5, replications = 4000 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const means = mean(normal(k, [replications, m], { dtype: "float64", std: sigma }), { dim: 1 });
    const inside = f64(le(abs(means), epsilon));
    return check(`normalization:batch-mean-coverage m=${m}`, "the batch mean concentrates: P(|X̄ − μ| ≤ ε) = 2Φ(ε√m/σ) − 1", "P(|X̄ − μ| ≤ ε) = 2Φ(ε√m/σ) − 1", "000",
      batchMeanCoverage(epsilon, m, sigma), estimateMean(inside));
  });
}

/**
 * Correlated (video-like) batches: m consecutive samples of a stationary AR(1), x_t = φx_{t−1} + √(1 − φ²)ε_t (σ² = 1).
 * The batch variance s² is biased low: E[s²] = 1 − (2/(m(m − 1)))Σ(m − k)φ^k.
 */
export function ar1BatchVarianceExperiment({ phi = 0.9, m = 16, replications = 4000 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const steps: Tensor[] = [normal(foldIn(k, 0), [replications, 1], { dtype: "float64" })];
    const innovation = Math.sqrt(1 - phi * phi);
    for (let t = 1; t < m; t++) steps.push(add(mul(steps[t - 1], phi), mul(normal(foldIn(k, t), [replications, 1], { dtype: "float64" }), innovation)));
    const x = concat(steps, 1);   // [R, m]
    return check(`normalization:ar1-batch-variance φ=${phi} m=${m}`, "correlated batches bias BatchNorm's variance estimate low", "E[s²]/σ² = 1 − 2Σ(m − k)φ^k/(m(m − 1))", "002",
      ar1VarianceRatio(phi, m), estimateMean(variance(x, { dim: 1 })), { iidValue: 1 });
  });
}
/**
 * Hoeffding and Bernstein against the simulated tail P(|L̂ₙ − p| ≥ ε) of Bernoulli(p) losses: both bounds hold, and
 * at small variance (p small) Bernstein is the tighter. Two bound rows.
 */
export function tailBoundsExperiment({ n = 200, p = 0.05, epsilon = 0.05, replications = 4000 } = {}, k: Key): BoundResult[] {
  return scope(() => {
    const meanLoss = mean(f64(bernoulli(k, [replications, n], p)), { dim: 1 });
    const observed = mean(f64(ge(abs(sub(meanLoss, p)), epsilon))).item();
    const h = hoeffdingBound(n, epsilon), b = bernsteinBound(n, epsilon, p * (1 - p));
    const details = { hoeffding: h, bernstein: b, bernsteinTighter: b < h, replications };
    return [
      { name: `bounds:hoeffding n=${n} p=${p} ε=${epsilon}`, claim: "the empirical risk's tail lies under Hoeffding's bound", formula: "P(|L̂ₙ − L| ≥ ε) ≤ 2exp(−2nε²/B²)", seed: "000", bound: h, observed, holds: observed <= h, details },
      { name: `bounds:bernstein n=${n} p=${p} ε=${epsilon}`, claim: "and under Bernstein's, tighter at small σ²", formula: "P(|L̂ₙ − L| ≥ ε) ≤ 2exp(−nε²/(2σ² + 2Bε/3))", seed: "000", bound: b, observed, holds: observed <= b, details },
    ];
  });
}

/**
 * Empirical Rademacher complexity by Monte Carlo over σ: for the linear class {x ↦ wᵀx : ‖w‖ ≤ W} it is
 * (W/n)E‖Σσᵢxᵢ‖ ≤ W·R/√n (R = max‖xᵢ‖); for a finite class of K loss vectors in [0, 1]ⁿ, E max_g (1/n)Σσᵢgᵢ ≤
 * Massart's r√(2 log K)/n. Two bound rows (the observed value with its draws).
 */
export function rademacherExperiment({ n = 100, d = 10, classSize = 50, draws = 2000, weightNorm = 1 } = {}, k: Key): BoundResult[] {
  return scope(() => {
    const x = normal(foldIn(k, 1), [n, d], { dtype: "float64" });
    const sigma = f64(rademacher(foldIn(k, 2), [draws, n]));
    const linear = (weightNorm / n) * mean(norm(matmul(sigma, x), { dim: 1 })).item();
    const radius = max(norm(x, { dim: 1 })).item();
    const linearBound = (weightNorm * radius) / Math.sqrt(n);
    const g = uniform(foldIn(k, 3), [n, classSize], { dtype: "float64" });
    const finite = mean(max(matmul(sigma, g), { dim: 1 })).item() / n;
    const r = Math.sqrt(max(sum(square(g), { dim: 0 })).item());
    const finiteBound = massartBound(r, classSize, n);
    return [
      { name: `rademacher:linear n=${n} d=${d}`, claim: "a norm-bounded linear class has Rademacher complexity ≤ WR/√n", formula: "R̂ = (W/n)E‖Σσᵢxᵢ‖ ≤ WR/√n", seed: "000", bound: linearBound, observed: linear, holds: linear <= linearBound, details: { draws } },
      { name: `rademacher:finite K=${classSize} n=${n}`, claim: "a finite class: Massart's lemma", formula: "R̂ ≤ r√(2 log K)/n", seed: "000", bound: finiteBound, observed: finite, holds: finite <= finiteBound, details: { draws } },
    ];
  });
}

/** The medical test (seed 003): prior 0.01, sensitivity 0.99, false-positive rate 0.05 → P(D | +) = 0.1667, against a simulated population. */
export function medicalTestExperiment({ people = 200000, prior = 0.01, sensitivity = 0.99, falsePositiveRate = 0.05 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const ill = f64(bernoulli(foldIn(k, 1), [people], prior));
    const u = uniform(foldIn(k, 2), [people], { dtype: "float64" });
    // positive when u < sensitivity (ill) or u < falsePositiveRate (healthy)
    const threshold = add(mul(ill, sensitivity - falsePositiveRate), falsePositiveRate);
    const positive = f64(le(u, threshold));
    const positives = sum(positive).item();
    const illPositives = sum(mul(positive, ill)).item();
    const p = illPositives / positives;
    return { ...check(`bayes:medical-test`, "a positive test for a rare condition is mostly a false alarm", "P(D|+) = sπ/(sπ + f(1 − π))", "003",
      posteriorPositive(prior, sensitivity, falsePositiveRate), { value: p, standardError: Math.sqrt((p * (1 - p)) / positives), n: positives }), details: { positives } };
  });
}

/**
 * seed 003's grid posterior: X_i ~ N(θ, 1), θ ~ N(0, τ²); the log posterior on a 2001-point grid over [0, 6] peaks at
 * the conjugate posterior mode nx̄/(n + 1/τ²) (within the grid step), shrunk from the MLE x̄ toward the prior's 0 —
 * L2 regularisation. Exact up to the grid (tolerance one step).
 */
export function gridPosteriorExperiment({ n = 20, theta = 3, priorStd = 1, grid = 2001 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const x = add(normal(k, [n], { dtype: "float64" }), theta);
    const xbar = mean(x).item();
    const thetas = linspace(0, 6, grid, "float64");                                          // [G]
    const diff = sub(x.reshape([1, n]), thetas.reshape([grid, 1]));                          // [G, n]
    const logPost = sub(mul(sum(square(diff), { dim: 1 }), -0.5), mul(square(thetas), 0.5 / (priorStd * priorStd)));
    const mapGrid = thetas.toArray()[argmax(logPost).item()];
    const exact = (n * xbar) / (n + 1 / (priorStd * priorStd));
    const step = 6 / (grid - 1);
    return { name: `bayes:grid-posterior n=${n} τ=${priorStd}`, claim: "the MAP is the MLE shrunk toward the prior mean (L2 regularisation)", formula: "θ_MAP = n·x̄/(n + 1/τ²)", seed: "003",
      theory: exact, simulation: mapGrid, standardError: 0, agrees: Math.abs(mapGrid - exact) <= step, details: { mle: xbar, shrinkage: xbar - mapGrid, gridStep: step } };
  });
}
