// Closed forms of seeds 000–002 (issue 15): the theory side of every experiment. Plain IEEE arithmetic
// (+ − × ÷ and √, which IEEE 754 also rounds correctly), so the same bits in every runtime.
import { Tensor } from "../tensor.js";
import { mean, variance } from "../ops/reduce.js";
import { describe } from "../errors.js";

const PI = 3.141592653589793;

function positive(v: unknown, name: string, fn: string, allowZero = false): number {
  if (typeof v !== "number" || !(allowZero ? v >= 0 : v > 0) || v === Infinity) throw new RangeError(`${fn}: ${name} must be a finite number ${allowZero ? "≥ 0" : "> 0"}, got ${describe(v)}`);
  return v;
}
function count(v: unknown, name: string, fn: string, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${min}, got ${describe(v)}`);
  return v;
}
function correlation(rho: unknown, m: number, fn: string): number {
  // exchangeable correlation needs 1 + (m − 1)ρ ≥ 0 (a covariance matrix is positive semi-definite)
  if (typeof rho !== "number" || !(rho <= 1 && 1 + (m - 1) * rho >= 0)) throw new RangeError(`${fn}: rho must be in [−1/(m − 1), 1] (here m = ${m}), got ${describe(rho)}`);
  return rho;
}

/** Var(L̂ₘ) = σ²/m: the variance of the mean of m i.i.d. losses of variance σ² (seed 000). */
export function minibatchVariance(sigma2: number, m: number): number {
  positive(sigma2, "sigma2", "minibatchVariance", true);
  count(m, "m", "minibatchVariance");
  return sigma2 / m;
}

/**
 * S²(1/B − 1/N): the variance of the mean of a batch of B drawn without replacement from N values whose
 * variance (divisor N − 1) is S² (seed 000; the finite population correction is 1 − B/N).
 */
export function finitePopulationVariance(s2: number, batchSize: number, populationSize: number): number {
  positive(s2, "s2", "finitePopulationVariance", true);
  const N = count(populationSize, "populationSize", "finitePopulationVariance", 2);
  const B = count(batchSize, "batchSize", "finitePopulationVariance");
  if (B > N) throw new RangeError(`finitePopulationVariance: batchSize must be ≤ populationSize (${N}), got ${B}`);
  return s2 * (1 / B - 1 / N);
}

/** σ²/m · (1 + (m − 1)ρ): the variance of the mean of m exchangeable losses with common correlation ρ (seeds 000, 001). Its floor as m → ∞ is ρσ². */
export function correlatedBatchVariance(sigma2: number, m: number, rho: number): number {
  positive(sigma2, "sigma2", "correlatedBatchVariance", true);
  count(m, "m", "correlatedBatchVariance");
  correlation(rho, m, "correlatedBatchVariance");
  return (sigma2 / m) * (1 + (m - 1) * rho);
}

/** m / (1 + (m − 1)ρ): the number of independent examples whose mean has the same variance (Kish's design effect). */
export function effectiveBatchSize(m: number, rho: number): number {
  count(m, "m", "effectiveBatchSize");
  correlation(rho, m, "effectiveBatchSize");
  return m / (1 + (m - 1) * rho);
}

/**
 * The intraclass correlation ρ̂ = (m·B − W)/(m·B + (m − 1)·W) from batches [G, m] (G ≥ 2 batches of m ≥ 2):
 * B is the variance of the G batch means and W the mean within-batch variance (both unbiased). For
 * exchangeable batches E[B] = σ²(1 + (m − 1)ρ)/m and E[W] = σ²(1 − ρ), so the ratio estimates ρ
 * (consistent as G grows; reductions in WASM).
 */
export function intraclassCorrelation(batches: Tensor): number {
  if (!(batches instanceof Tensor)) throw new TypeError(`intraclassCorrelation: batches must be a Tensor [G, m], got ${describe(batches)}`);
  if (batches.shape.length !== 2 || batches.shape[0] < 2 || batches.shape[1] < 2) throw new RangeError(`intraclassCorrelation: batches must have shape [G ≥ 2, m ≥ 2], got ${describe(batches.shape)}`);
  if (batches.dtype !== "float32" && batches.dtype !== "float64") throw new TypeError(`intraclassCorrelation: batches must be float32 or float64, got ${batches.dtype}`);
  const m = batches.shape[1];
  const means = mean(batches, { dim: 1 });
  const within = variance(batches, { dim: 1 });
  try {
    const b = variance(means).item();
    const w = mean(within).item();
    return (m * b - w) / (m * b + (m - 1) * w);
  } finally {
    means.dispose();
    within.dispose();
  }
}

/** The moments of a = max(0, z), z ~ N(0, q) (seeds 000, 002): E[a] = √(q/2π), E[a²] = q/2, Var(a) = q(1/2 − 1/2π). */
export function reluMoments(q: number): { mean: number; secondMoment: number; variance: number } {
  positive(q, "q", "reluMoments", true);
  return { mean: Math.sqrt(q / (2 * PI)), secondMoment: q / 2, variance: q * (0.5 - 1 / (2 * PI)) };
}

/**
 * The weight variance σ_w² of an init scheme: "naive" N(0, 1) whatever the width; Xavier 2/(fan_in + fan_out)
 * (1/n for a square layer: keeps the variance through linear/tanh-near-0 layers); He 2/fan_in (keeps the
 * second moment through ReLU, since E[a²] = q/2).
 */
export function initVariance(scheme: "naive" | "xavier" | "he", fanIn: number, fanOut = fanIn): number {
  count(fanIn, "fanIn", "initVariance");
  count(fanOut, "fanOut", "initVariance");
  if (scheme === "naive") return 1;
  if (scheme === "xavier") return 2 / (fanIn + fanOut);
  if (scheme === "he") return 2 / fanIn;
  throw new RangeError(`initVariance: scheme must be "naive", "xavier" or "he", got ${describe(scheme)}`);
}
