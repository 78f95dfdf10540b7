// Item 1 of issue 15: the variance of mini-batch estimators (seed 000; the correlated case also seed 001).
// Losses are synthetic so that σ², S² and ρ are known exactly; every draw and reduction runs in WASM.
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { normal, uniform } from "../random/sample.js";
import { permutation } from "../data/permutation.js";
import { add, log, mul, neg, square, sub } from "../ops/elementwise.js";
import { mean, variance } from "../ops/reduce.js";
import { narrow, reshape } from "../ops/shape.js";
import { take } from "../ops/indexing.js";
import { scope } from "../runtime/memory.js";
import { correlatedBatchVariance, effectiveBatchSize, finitePopulationVariance, intraclassCorrelation, minibatchVariance } from "../stats/closed-forms.js";
import { ExperimentResult, check, estimateMean } from "./result.js";

/** Exponential(1) losses [rows, cols] float64: skewed, mean 1, variance 1 (−log(1 − U) in WASM). */
function exponentialLosses(k: Key, rows: number, cols: number): Tensor {
  return neg(log(sub(1, uniform(k, [rows, cols], { dtype: "float64" }))));
}

/** Var(L̂ₘ) = σ²/m for i.i.d. losses: E[(L̂ₘ − μ)²] over `replications` batches of Exponential(1) losses (μ = σ² = 1). */
export function iidBatchExperiment({ m = 16, replications = 4000 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const batchMeans = mean(exponentialLosses(k, replications, m), { dim: 1 });
    const e = estimateMean(square(sub(batchMeans, 1)));
    return check(`minibatch:iid m=${m}`, "the mean of m i.i.d. losses has variance σ²/m", "Var(L̂ₘ) = σ²/m", "000", minibatchVariance(1, m), e);
  });
}

/**
 * S²(1/B − 1/N) without replacement: a fixed population of N Exponential(1) losses, `replications` batches of B
 * (each the first B of a fresh permutation); E[(batch mean − population mean)²] against S²(1/B − 1/N).
 */
export function finitePopulationExperiment({ N = 100, B = 40, replications = 2000 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const population = reshape(exponentialLosses(k, 1, N), [N]);
    const mu = mean(population).item();
    const s2 = variance(population).item();
    const out = new Float64Array(replications);
    for (let r = 0; r < replications; r++) {
      out[r] = scope(() => mean(take(population, narrow(permutation(foldIn(k, r + 1), N), 0, 0, B))).item());
    }
    const e = estimateMean(square(sub(tensor(out, [replications], "float64"), mu)));
    return check(`minibatch:fpc N=${N} B=${B}`, "without replacement the variance carries the finite population correction 1 − B/N", "Var = S²(1/B − 1/N)", "000",
      finitePopulationVariance(s2, B, N), e, { withReplacement: minibatchVariance(s2 * (N - 1) / N, B), S2: s2 });
  });
}

/** Exchangeable losses with correlation ρ and variance 1: Z_ij = √ρ·U_i + √(1 − ρ)·E_ij, U, E ~ N(0, 1). */
function correlatedLosses(k: Key, rows: number, cols: number, rho: number): Tensor {
  const shared = mul(normal(foldIn(k, 1), [rows, 1], { dtype: "float64" }), Math.sqrt(rho));
  return add(shared, mul(normal(foldIn(k, 2), [rows, cols], { dtype: "float64" }), Math.sqrt(1 - rho)));
}

/**
 * σ²/m · (1 + (m − 1)ρ) for exchangeable batches, at each m of `sizes`: the variance stops falling at the floor
 * ρσ². One row per m; the effective batch size m/(1 + (m − 1)ρ) in its details.
 */
export function correlatedBatchExperiment({ rho = 0.1, sizes = [1, 4, 16, 64, 256, 1024], replications = 2000 } = {}, k: Key): ExperimentResult[] {
  return sizes.map((m, i) => scope(() => {
    const e = estimateMean(square(mean(correlatedLosses(foldIn(k, i), replications, m, rho), { dim: 1 })));
    return check(`minibatch:correlated ρ=${rho} m=${m}`, "correlated batches: variance σ²/m·(1 + (m − 1)ρ), floor ρσ² as m grows", "Var = σ²/m·(1 + (m − 1)ρ)", "000",
      correlatedBatchVariance(1, m, rho), e, { floor: rho, effectiveBatchSize: effectiveBatchSize(m, rho) });
  }));
}

/** The intraclass estimator of ρ from observed batches: `groups` independent estimates, each from `batches` batches of m. */
export function correlationEstimatorExperiment({ rho = 0.1, m = 16, batches = 400, groups = 20 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const estimates = new Float64Array(groups);
    for (let g = 0; g < groups; g++) estimates[g] = scope(() => intraclassCorrelation(correlatedLosses(foldIn(k, g), batches, m, rho)));
    const e = estimateMean(tensor(estimates, [groups], "float64"));
    return check(`minibatch:rho-estimator ρ=${rho} m=${m}`, "ρ̂ = (mB − W)/(mB + (m − 1)W) from observed batches recovers ρ", "E[ρ̂] ≈ ρ", "000", rho, e, { batchesPerEstimate: batches });
  });
}
