// Item 7 of issue 15 (seed 002), with the library's own norm layers: BatchNorm's batch-size sensitivity against
// LayerNorm and InstanceNorm, and pooled against time-wise normalization of a sequence whose mean drifts.
import { Tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { normal } from "../random/sample.js";
import { abs, add, mul, square, sub } from "../ops/elementwise.js";
import { concat, reshape } from "../ops/shape.js";
import { arange } from "../ops/creation.js";
import { max, mean, variance } from "../ops/reduce.js";
import { scope } from "../runtime/memory.js";
import { BatchNorm1d, InstanceNorm1d, LayerNorm, TimewiseBatchNorm } from "../nn/norm.js";
import { batchNormMoments, driftVariance, pooledNormalization } from "../stats/normalization.js";
import { ExperimentResult, agreesWithin, check, estimateMean, type Estimate } from "./result.js";

const SEED = "002";

// Runs f, then disposes the layers, even on error (a layer's parameters outlive scope()).
function withLayers<T>(layers: readonly { dispose(): void }[], f: () => T): T {
  try { return f(); } finally { for (const l of layers) l.dispose(); }
}
// a detail with its own verdict; 1e-12 absorbs float64 rounding where the value is exact (x̂⁴ = 1 at m = 2)
const series = (theory: number, e: Estimate) => ({ theory, simulation: e.value, standardError: e.standardError, agrees: agreesWithin(theory, e.value, e.standardError, 1e-12) });

/**
 * BatchNorm at batch size m: R independent batches of m draws of N(μ, σ²) are the R channels of one [m, R] input
 * to BatchNorm1d(R, ε = 0, training), so every channel is normalized by its own batch's x̄ and s_b. One row per m:
 * the mean squared gap between the train-mode output x̂ and z = (x − μ)/σ (eval mode with exact running
 * statistics), 2 − 2√(2/m)Γ(m/2)/Γ((m − 1)/2). The details carry the series of E[s_b²]/σ² = (m − 1)/m,
 * E[x̄ − μ]²/σ² = 1/m and E[x̂⁴] = 3(m − 1)/(m + 1), each with its verdict, and max |mean x̂² − 1| (exactly 0).
 */
export function batchNormBatchSizeExperiment({ sizes = [2, 4, 8, 16, 32, 64], replications = 20000, mu = 3, sigma = 2 } = {}, k: Key): ExperimentResult[] {
  return sizes.map((m, i) => scope(() => {
    const theory = batchNormMoments(m);
    const x = add(mul(normal(foldIn(k, i), [m, replications], { dtype: "float64" }), sigma), mu);   // [m, R]
    // no parameters or buffers: nothing to dispose
    const y = new BatchNorm1d(replications, { eps: 0, affine: false, trackRunningStats: false, dtype: "float64" }).forward(x);
    const z = mul(sub(x, mu), 1 / sigma);
    const perBatch = (t: Tensor) => mean(t, { dim: 0 });   // [R]: one independent value per batch
    const xbar = perBatch(x);
    const details = {
      m,
      varianceBias: series(theory.varianceBias, estimateMean(mul(perBatch(square(sub(x, xbar))), 1 / (sigma * sigma)))),
      meanVariance: series(theory.meanVariance, estimateMean(mul(square(sub(xbar, mu)), 1 / (sigma * sigma)))),
      fourthMoment: series(theory.fourthMoment, estimateMean(perBatch(square(square(y))))),
      secondMomentMaxError: max(abs(sub(perBatch(square(y)), 1))).item(),
      replications,
    };
    return check(`normalization:batchnorm-train-eval-gap m=${m}`, "BatchNorm's output for an example moves with its batch: the noise grows as the batch shrinks",
      "E[(x̂ − z)²] = 2 − 2√(2/m)Γ(m/2)/Γ((m − 1)/2) ≈ 3/(2m)", SEED, theory.trainEvalGap, estimateMean(perBatch(square(sub(y, z)))), details);
  }));
}

// A tensor's values, and how many of them differ (as bits: Object.is) from a reference.
const bits = (t: Tensor) => Array.from(t.toArray() as ArrayLike<number>);
const differing = (a: readonly number[], b: readonly number[]) => a.reduce((n, v, i) => n + (Object.is(v, b[i]) ? 0 : 1), 0);

/**
 * LayerNorm and InstanceNorm1d normalize each example by its own statistics, so an example's output is the same
 * bits alone (batch 1) and among any companions at any batch size — checked exactly, float32 and float64, for
 * m = 2 … 2^maxLog2 with `trials` fresh companion draws each (rows: the count of differing elements, theory 0).
 * BatchNorm1d on the same batches, for contrast: the largest change of example 0's output is in the details.
 * A third row: LayerNorm's own noise is set by its D features, E[(x̂ − z)²] = the BN formula at m = D, whatever
 * the batch size (Monte Carlo over `replications` examples).
 */
export function batchIndependenceExperiment({ features = 8, length = 8, maxLog2 = 5, trials = 3, replications = 20000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const dtypes = ["float32", "float64"] as const;
    const counts = dtypes.map((dtype, i) => compareAcrossBatches(dtype, foldIn(k, i), features, length, maxLog2, trials));
    const lnDiff = counts.reduce((n, c) => n + c.layerNorm, 0), inDiff = counts.reduce((n, c) => n + c.instanceNorm, 0);
    const bnChange = Math.max(...counts.map((c) => c.batchNormChange)), batches = counts.reduce((n, c) => n + c.batches, 0);
    const exact = (name: string, layer: string, diff: number): ExperimentResult => ({
      name: `normalization:${name}-batch-independence`, claim: `${layer}'s output for an example is the same bits alone and at every batch size, with any companions`,
      formula: "y(x; batch) = y(x; alone), bit for bit", seed: SEED, theory: 0, simulation: diff, standardError: 0, agrees: diff === 0,
      details: { differingElements: diff, batchSizes: Array.from({ length: maxLog2 }, (_, p) => 2 ** (p + 1)), trials, dtypes, batches, batchNormLargestChange: bnChange },
    });
    // LayerNorm's own noise: R examples of D features i.i.d. N(μ, σ²), all in one batch (any batch gives the same bits)
    const mu = 3, sigma = 2, theory = batchNormMoments(features);
    const x = add(mul(normal(foldIn(k, 7), [replications, features], { dtype: "float64" }), sigma), mu);
    const lnPlain = new LayerNorm([features], { elementwiseAffine: false, eps: 0, dtype: "float64" });   // no parameters
    const gap = mean(square(sub(lnPlain.forward(x), mul(sub(x, mu), 1 / sigma))), { dim: 1 });
    return [
      exact("layernorm", "LayerNorm", lnDiff),
      exact("instancenorm", "InstanceNorm1d", inDiff),
      check(`normalization:layernorm-own-noise D=${features}`, "LayerNorm's noise is set by its D features, not by the batch",
        "E[(x̂ − z)²] = 2 − 2√(2/D)Γ(D/2)/Γ((D − 1)/2)", SEED, theory.trainEvalGap, estimateMean(gap), { D: features, replications }),
    ];
  });
}

// One dtype of batchIndependenceExperiment: example 0's output elements that differ from its output alone, for
// LayerNorm ([m, D] rows) and InstanceNorm1d ([m, C, L]); BatchNorm1d's largest change of it, on the same rows.
function compareAcrossBatches(dtype: "float32" | "float64", k: Key, features: number, length: number, maxLog2: number, trials: number) {
  const ln = new LayerNorm([features], { dtype }), inorm = new InstanceNorm1d(features, { dtype }), bn = new BatchNorm1d(features, { trackRunningStats: false, dtype });
  return withLayers([ln, inorm, bn], () => {
    const rowAlone = normal(foldIn(k, 0), [1, features], { dtype });              // LayerNorm's example [1, D]
    const seqAlone = normal(foldIn(k, 1), [1, features, length], { dtype });      // InstanceNorm's example [1, C, L]
    const lnAlone = bits(ln.forward(rowAlone)), inAlone = bits(inorm.forward(seqAlone));
    let layerNorm = 0, instanceNorm = 0, batchNormChange = 0, batches = 0, bnFirst: number[] | null = null;
    for (let p = 1; p <= maxLog2; p++) {
      const m = 2 ** p;
      for (let trial = 0; trial < trials; trial++) {
        const tk = foldIn(k, 2 + (p - 1) * trials + trial);
        const rows = concat([rowAlone, normal(foldIn(tk, 0), [m - 1, features], { dtype })], 0);                 // [m, D]
        const seqs = concat([seqAlone, normal(foldIn(tk, 1), [m - 1, features, length], { dtype })], 0);        // [m, C, L]
        layerNorm += differing(bits(ln.forward(rows)).slice(0, features), lnAlone);
        instanceNorm += differing(bits(inorm.forward(seqs)).slice(0, features * length), inAlone);
        const b0 = bits(bn.forward(rows)).slice(0, features);
        if (bnFirst === null) bnFirst = b0;
        else batchNormChange = Math.max(batchNormChange, ...b0.map((v, i) => Math.abs(v - bnFirst![i])));
        batches++;
      }
    }
    return { layerNorm, instanceNorm, batchNormChange, batches };
  });
}

/**
 * A sequence batch x[t, n] = μₜ + σε (T steps, N in the batch) whose mean drifts, R independent sequences as the R
 * channels of x [T, N, R]. Pooled normalization, BatchNorm1d over all T·N values of a channel, against time-wise
 * normalization, TimewiseBatchNorm (statistics per step over the batch), both ε = 0. Rows:
 *  - the pooled variance, linear drift μₜ = bt and random-walk drift μₜ = μₜ₋₁ + τη: E[s²] = V_μ + σ²(TN − 1)/(TN)
 *    (law of total variance);
 *  - the residual trend of the pooled output (1/T)Σₜm̄ₜ² (m̄ₜ its mean at step t), linear drift: the noncentral
 *    beta mean of pooledNormalization; its mean per-step variance, 1 minus that, in the details (below 1: deflated);
 *  - the same for the time-wise output: exactly 0 (every step has mean 0 and variance 1 up to rounding).
 */
export function driftNormalizationExperiment({ T = 16, N = 16, slope = 0.1, tau = 0.3, sigma = 1, replications = 4000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const t = reshape(arange(0, T, 1, "float64"), [T, 1, 1]);
    const noise = (i: number) => mul(normal(foldIn(k, i), [T, N, replications], { dtype: "float64" }), sigma);
    const linear = add(mul(t, slope), noise(0));                                                           // [T, N, R]
    const steps = mul(normal(foldIn(k, 1), [T, 1, replications], { dtype: "float64" }), tau);
    const walk = add(cumulativeSum(steps, T), noise(2));
    const pooledVariance = (x: Tensor) => variance(reshape(x, [T * N, replications]), { dim: 0, unbiased: false });   // [R]
    const vLinear = driftVariance("linear", slope, T), vWalk = driftVariance("random-walk", tau, T);
    const theoryLinear = pooledNormalization(sigma * sigma, vLinear, T, N), theoryWalk = pooledNormalization(sigma * sigma, vWalk, T, N);

    const pooled = new BatchNorm1d(replications, { eps: 0, affine: false, trackRunningStats: false, dtype: "float64" });   // no parameters
    const yPooled = reshape(pooled.forward(reshape(linear, [T * N, replications])), [T, N, replications]);
    const timewise = new TimewiseBatchNorm(replications, T, { eps: 0, dtype: "float64" });
    const yTimewise = withLayers([timewise], () => timewise.forward(linear));
    const trend = (y: Tensor) => mean(square(mean(y, { dim: 1 })), { dim: 0 });                           // [R]: (1/T)Σₜ m̄ₜ²
    const stepVarianceError = max(abs(sub(variance(yTimewise, { dim: 1, unbiased: false }), 1))).item();
    const stepVariancePooled = estimateMean(mean(variance(yPooled, { dim: 1, unbiased: false }), { dim: 0 }));
    const timewiseTrend = max(trend(yTimewise)).item();
    const name = `T=${T} N=${N}`;
    return [
      check(`normalization:pooled-variance linear drift ${name}`, "pooling over time adds the drift's variance to the within-step variance",
        "E[s²] = V_μ + σ²(TN − 1)/(TN), V_μ = b²(T² − 1)/12", SEED, theoryLinear.pooledVariance, estimateMean(pooledVariance(linear)), { slope, driftVariance: vLinear }),
      check(`normalization:pooled-variance random-walk drift ${name}`, "the law of total variance for a random drift",
        "E[s²] = E[V_μ] + σ²(TN − 1)/(TN), E[V_μ] = τ²(T² − 1)/(6T)", SEED, theoryWalk.pooledVariance, estimateMean(pooledVariance(walk)), { tau, driftVariance: vWalk }),
      check(`normalization:pooled-residual-trend ${name}`, "pooled normalization leaves the drift in its output",
        "E[(1/T)Σₜm̄ₜ²] = Σⱼ Pois(j; λ/2)((T − 1)/2 + j)/((TN − 1)/2 + j), λ = NTV_μ/σ²", SEED, theoryLinear.trendShare, estimateMean(trend(yPooled)),
        { limit: theoryLinear.trendShareLimit, stepVariance: { ...series(1 - theoryLinear.trendShare, stepVariancePooled), limit: 1 - theoryLinear.trendShareLimit } }),
      { name: `normalization:timewise-residual-trend ${name}`, claim: "time-wise normalization removes the drift: every step has mean 0 and variance 1",
        formula: "m̄ₜ = 0, (1/N)Σₙ ŷₜₙ² = 1 for every t", seed: SEED, theory: 0, simulation: timewiseTrend, standardError: 0,
        agrees: timewiseTrend <= 1e-24 && stepVarianceError <= 1e-12, details: { largestStepVarianceError: stepVarianceError, tolerance: "max (1/T)Σm̄ₜ² ≤ 1e-24 and |variance − 1| ≤ 1e-12 (float64 rounding)" } },
    ];
  });
}

// Running sum over axis 0 of x [T, 1, R]: the random walk's means μₜ = Σ_{s ≤ t} τηₛ (a fixed order: step by step).
function cumulativeSum(x: Tensor, T: number): Tensor {
  const out: Tensor[] = [x.narrow(0, 0, 1)];
  for (let s = 1; s < T; s++) out.push(add(out[s - 1], x.narrow(0, s, 1)));
  return concat(out, 0);
}
