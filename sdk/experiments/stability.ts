// Item 10 of issue 15: stability as a random variable (seed 001, "the spectral norm of the network's Jacobian
// can be modeled as a random variable over the data distribution"). A ReLU MLP is trained on the digits; for
// every test digit x, ‖J(x)‖₂ = ‖∂f(x)/∂x‖₂ (f the logits) is found by power iteration (perExampleJacobianSpectralNorm,
// all digits of a chunk at once), and its distribution across digits is described: mean ± s.e., quantiles, a
// histogram, at initialisation and after training. Three rows check it against theory:
//   1. the power iteration equals σ₁ of the full Jacobian (the jacobian transform, float64 SVD) on a few digits;
//   2. J(x) = W₂·D(x)·W₁ with D(x) the 0/1 diagonal of active ReLUs, so ‖J(x)‖₂ ≤ ‖W₂‖₂‖W₁‖₂ for every x (a bound
//      the max over the digits must lie under);
//   3. concentration, honestly descriptive: Chebyshev's P(|X − μ| ≥ tσ) ≤ 1/t² holds for any distribution, the
//      empirical one across digits included; the row reports how far below it the digits lie (and the Gaussian
//      tail for scale in the details). There is no theory here for the distribution's shape;
//   4. the mean over the digits is a stable statistic: two random halves agree within 4 s.e. of the exact
//      without-replacement variance N·S²/(n(N − n)).
import { Tensor, tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { Key, foldIn } from "../random/key.js";
import { scope } from "../runtime/memory.js";
import { narrow, reshape } from "../ops/shape.js";
import { argmax } from "../ops/reduce.js";
import { ndtr } from "../ops/special.js";
import { jacobian } from "../autograd/transforms.js";
import { perExampleJacobianSpectralNorm } from "../autograd/spectral-norm.js";
import { svd } from "../linalg/svd.js";
import { eigh } from "../linalg/eigh.js";
import { matmul } from "../linalg/matmul-nd.js";
import type { ImageSet } from "../data/images.js";
import { batches } from "../data/batches.js";
import { permutation } from "../data/permutation.js";
import { histogram, type HistogramOptions, type Series } from "../stats/plot.js";
import type { Sequential } from "../nn/layers.js";
import { firstImages, trainDigitsNet, type Digits } from "./digits.js";
import { BoundResult, ExperimentResult, check, estimateMean } from "./result.js";

/** Options of jacobianStabilityExperiment. */
export interface StabilityOptions {
  /** Where the digits come from, for the row names ("MNIST" or "stand-in"). */
  label: string;
  /** Hidden widths of the ReLU MLP (default [100]: 784-100-10). */
  hidden?: number[];
  /** Training images used (the first ones; default all) and epochs (default 1). */
  trainCount?: number;
  epochs?: number;
  /** Test digits measured (the first ones), and how many of them also at initialisation. */
  testCount: number;
  initCount: number;
  /** Digits whose full Jacobian is formed for the exact check (row 1): the first exactCount, and the slowCount that took the most steps (default 16). */
  exactCount: number;
  slowCount?: number;
  /** Power iteration: at most this many steps, stopping at this relative change (defaults 200, 1e-6). */
  iterations?: number;
  tolerance?: number;
  /** Digits per power-iteration batch (memory; default 2000). */
  chunk?: number;
}

// float32 products (sums of ~800 terms) leave the estimate about this far from the float64 σ₁
const FLOAT32_SLACK = 1e-6;
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const CHEBYSHEV_T = [1.5, 2, 3, 4];

// the set's images as one float32 [n, pixels] tensor (scaled as trainDigitsNet's batches) and int32 labels
function asTensors(set: ImageSet): { x: Tensor; y: Tensor } {
  const b = batches(set, { batchSize: set.count }).next().value!;
  return { x: b.x, y: b.y! };
}

// q-quantile of sorted values, linear between order statistics (numpy's default)
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1), lo = Math.floor(pos);
  return lo + 1 < sorted.length ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** ‖J(x)‖₂ for every row of x, chunk by chunk (chunk c's random start from foldIn(k, c)); the net's logits as f. */
function jacobianNorms(net: Sequential, x: Tensor, k: Key, iterations: number, tolerance: number, chunk: number): { norms: Float64Array; steps: Int32Array; iterations: number; unconverged: number[] } {
  const n = x.shape[0], norms = new Float64Array(n), stepsOf = new Int32Array(n), unconverged: number[] = [];
  let steps = 0;
  for (let c = 0, start = 0; start < n; c++, start += chunk) {
    const len = Math.min(chunk, n - start);
    scope(() => {
      const r = perExampleJacobianSpectralNorm((v) => net.forward(v), narrow(x, 0, start, len), { key: foldIn(k, c), iterations, tolerance });
      norms.set(r.norms.toArray() as Float64Array, start);
      stepsOf.set(r.steps, start);
      steps = Math.max(steps, r.iterations);
      for (const i of r.unconverged) unconverged.push(start + i);
    });
  }
  return { norms, steps: stepsOf, iterations: steps, unconverged };
}

// mean ± s.e., s.d., quantiles, extremes and a histogram of the norms
function describeNorms(norms: Float64Array) {
  const t = tensor(norms, [norms.length], "float64");
  const e = estimateMean(t);
  t.dispose();
  const sd = e.standardError * Math.sqrt(norms.length);
  const sorted = Float64Array.from(norms).sort();
  const h = histogram([{ name: "‖J(x)‖₂", values: norms }], { bins: 30, min: sorted[0], max: sorted[sorted.length - 1] > sorted[0] ? sorted[sorted.length - 1] : sorted[0] + 1 });
  return {
    estimate: e, sd,
    summary: {
      n: norms.length, mean: e.value, standardError: e.standardError, sd, coefficientOfVariation: sd / e.value, min: sorted[0], max: sorted[sorted.length - 1],
      quantiles: Object.fromEntries(QUANTILES.map((q) => [String(q), quantile(sorted, q)])),
      histogram: { min: h.min, max: h.max, bins: h.bins, fractions: Array.from(h.fractions[0]) },
    },
  };
}

/** The spectral norm of each Linear weight of the net (in order): √λ_max(WWᵀ), the Gram matrix in float64 (eigh). */
function weightNorms(net: Sequential): number[] {
  const params = net.parameters();
  return Object.keys(params).filter((name) => name.endsWith(".weight")).map((name) => scope(() => {
    const w = params[name].to("float64");
    const lambda = eigh(matmul(w, w, { transposeB: true })).eigenvalues.toArray();
    return Math.sqrt(Math.max(...lambda));
  }));
}

/** What the SVG of scripts/experiments.mjs draws: the two distributions, each divided by its mean (histogramSvg's input). */
export interface StabilityHistogram {
  series: Series[];
  options: HistogramOptions & { title: string; xLabel: string };
}

export function jacobianStabilityExperiment(digits: Digits, options: StabilityOptions, k: Key): (ExperimentResult | BoundResult)[] & { histogram?: StabilityHistogram } {
  const { label, hidden = [100], epochs = 1, slowCount = 16, testCount, initCount, exactCount, iterations = 200, tolerance = 1e-6, chunk = 2000 } = options;
  const trainCount = options.trainCount ?? digits.train.count;
  if (!(testCount >= exactCount && testCount >= initCount && exactCount >= 1 && initCount >= 1 && testCount <= digits.test.count)) {
    throw new RangeError(`jacobianStabilityExperiment: need digits.test.count (${digits.test.count}) ≥ testCount ≥ exactCount ≥ 1 and testCount ≥ initCount ≥ 1, got ${describe(options)}`);
  }
  const train = firstImages(digits.train, trainCount), test = firstImages(digits.test, testCount);
  return scope(() => {
    const kNet = foldIn(k, 1), kStart = foldIn(k, 2);
    const { x, y } = asTensors(test);
    // the same init (trainDigitsNet draws it from foldIn(kNet, 0)), untrained and trained
    const initial = trainDigitsNet(train, { hidden, epochs: 0 }, kNet);
    const net = trainDigitsNet(train, { hidden, epochs }, kNet);
    try {
      const accuracy = scope(() => {
        const pred = argmax(net.forward(x), { dim: 1 }).toArray(), labels = y.toArray();
        let right = 0;
        for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) right++;
        return right / pred.length;
      });
      const trained = jacobianNorms(net, x, kStart, iterations, tolerance, chunk);
      const atInit = jacobianNorms(initial, narrow(x, 0, 0, initCount), foldIn(kStart, 0x1417), iterations, tolerance, chunk);
      const d = describeNorms(trained.norms), d0 = describeNorms(atInit.norms);
      const digitsUsed = { digits: label, trainImages: train.count, epochs, testDigits: test.count, testAccuracy: accuracy };

      // 1. power iteration against σ₁ of the full Jacobian (10 reverse passes, float64 SVD) on the first digits and
      // on the slowest ones (most steps: σ₂ closest to σ₁, where the stopping rule is most likely to stop early)
      const slowest = Array.from(trained.steps.keys()).filter((i) => i >= exactCount).sort((a, b) => trained.steps[b] - trained.steps[a] || a - b).slice(0, slowCount);
      const checked = [...Array.from({ length: exactCount }, (_, i) => i), ...slowest];
      const exact = checked.map((i) => scope(() => {
        const J = reshape(jacobian((v: Tensor) => net.forward(v))(narrow(x, 0, i, 1)), [-1, x.shape[1]]);
        const S = svd(J).S.toArray();
        return { digit: i, steps: trained.steps[i], converged: !trained.unconverged.includes(i), sigma1: S[0], sigma2: S[1] ?? 0, power: trained.norms[i], relativeError: Math.abs(trained.norms[i] - S[0]) / S[0] };
      }));
      // where it converged, the stopping rule predicts its own error: the estimate's error shrinks by about
      // ρ⁴ = (σ₂/σ₁)⁴ a step, so a last change c leaves c·ρ⁴/(1 − ρ⁴). The change was measured between two float32
      // estimates, each off by up to the rounding δ, so c ≤ τ + 2δ; and the estimate itself is off by δ:
      // allowance (τ + 2δ)·ρ⁴/(1 − ρ⁴) + δ
      const allowance = (e: { sigma1: number; sigma2: number }) => {
        const r = e.sigma2 / e.sigma1, r4 = r * r * (r * r);   // products, not ** (pow is not the same bits in every engine)
        return ((tolerance + 2 * FLOAT32_SLACK) * r4) / (1 - r4) + FLOAT32_SLACK;
      };
      const converged = exact.filter((e) => e.converged);
      const worstRatio = converged.reduce((m, e) => Math.max(m, e.relativeError / allowance(e)), 0);
      const exactRow: ExperimentResult = {
        name: `jacobian-spectral-norm:power-vs-svd (${label})`,
        claim: `power iteration on JᵀJ (vjp of a vjp) finds ‖J(x)‖₂ of the trained net within its stopping rule's error, on ${converged.length} digits where it converged (the first ${exactCount} and the ${slowest.length} slowest)`,
        formula: "|σ̂ − σ₁|/σ₁ ≤ (τ + 2δ)ρ⁴/(1 − ρ⁴) + δ, ρ = σ₂/σ₁, δ = 1e-6; σ₁, σ₂ of the full Jacobian by float64 SVD", seed: "001",
        theory: "≤ 1 (error / allowance)", simulation: worstRatio, standardError: 0, agrees: converged.length > 0 && worstRatio <= 1,
        details: { ...digitsUsed, stoppingTolerance: tolerance, float32Slack: FLOAT32_SLACK, maxRelativeError: converged.reduce((m, e) => Math.max(m, e.relativeError), 0), iterations: trained.iterations, unconverged: trained.unconverged.length, digitsChecked: exact.map((e) => ({ ...e, allowance: allowance(e) })) },
      };
      // and everywhere, converged or not, the estimate is a lower bound: it never exceeds σ₁ (but for rounding)
      const above = exact.reduce((m, e) => Math.max(m, (e.power - e.sigma1) / e.sigma1), -Infinity);
      const lowerRow: BoundResult = {
        name: `jacobian-spectral-norm:never-above-sigma1 (${label})`,
        claim: `the power estimate ‖JᵀJv‖/‖Jv‖ never exceeds σ₁, converged or not (the first ${exactCount} digits and the ${slowest.length} slowest)`,
        formula: "max (σ̂ − σ₁)/σ₁ ≤ 1e-6 (float32 rounding), as ‖Jv‖² = vᵀJᵀJv ≤ ‖JᵀJv‖ ≤ σ₁²", seed: "001",
        bound: FLOAT32_SLACK, observed: above, holds: above <= FLOAT32_SLACK,
        details: { digitsChecked: exact.length, unconvergedChecked: exact.filter((e) => !e.converged).length, worstStragglerRelativeError: exact.filter((e) => !e.converged).reduce((m, e) => Math.max(m, e.relativeError), 0) },
      };

      // 2. ‖W₂D(x)W₁‖₂ ≤ Π‖Wₗ‖₂ (‖D(x)‖₂ ≤ 1) for every digit: the largest observed against the product
      const wn = weightNorms(net), wn0 = weightNorms(initial);
      const bound = wn.reduce((a, b) => a * b, 1);
      const boundRow: BoundResult = {
        name: `jacobian-spectral-norm:product-bound (${label})`,
        claim: `‖J(x)‖₂ ≤ Π‖Wₗ‖₂ for all ${test.count} test digits (a ReLU's Jacobian is a 0/1 diagonal)`,
        formula: "max_x ‖W₂D(x)W₁‖₂ ≤ ‖W₂‖₂·‖W₁‖₂", seed: "001",
        bound, observed: d.summary.max, holds: d.summary.max <= bound,
        details: { ...digitsUsed, weightNorms: wn, meanOverBound: d.summary.mean / bound, atInit: { weightNorms: wn0, bound: wn0.reduce((a, b) => a * b, 1), max: d0.summary.max } },
      };

      // 3. Chebyshev on the empirical distribution across digits (descriptive: it holds for any distribution)
      const fractionBeyond = (norms: Float64Array, mean: number, sd: number, t: number) => norms.reduce((c, v) => c + (Math.abs(v - mean) >= t * sd ? 1 : 0), 0) / norms.length;
      const gaussianTail = (t: number) => scope(() => 2 * ndtr(tensor([-t], [1], "float64")).toArray()[0]);
      const tails = CHEBYSHEV_T.map((t) => ({ t, observed: fractionBeyond(trained.norms, d.summary.mean, d.sd, t), chebyshev: 1 / (t * t), gaussian: gaussianTail(t), atInit: fractionBeyond(atInit.norms, d0.summary.mean, d0.sd, t) }));
      const t3 = tails.find((r) => r.t === 3)!;
      const chebyshevRow: BoundResult = {
        name: `jacobian-spectral-norm:chebyshev t=3 (${label})`,
        claim: `‖J(x)‖₂ across ${test.count} test digits concentrates: the fraction beyond mean ± 3 s.d. is under Chebyshev's 1/9`,
        formula: "P(|X − X̄| ≥ t·s) ≤ 1/t², X = ‖J(x)‖₂ over the test digits", seed: "001",
        bound: 1 / 9, observed: t3.observed, holds: t3.observed <= 1 / 9,
        details: { ...digitsUsed, tails, fractionWithin4sd: 1 - fractionBeyond(trained.norms, d.summary.mean, d.sd, 4), trained: d.summary, atInit: { iterations: atInit.iterations, unconverged: atInit.unconverged.length, ...d0.summary } },
      };
      // 4. the mean of ‖J(x)‖₂ is a stable statistic: two random halves of the digits (a permutation from the key)
      // have means that differ by x̄_A − x̄_B, of mean 0 and variance N·S²/(n(N − n)) exactly for a split without
      // replacement (S² the digits' variance with N − 1; the finite population correction of item 1)
      const N = trained.norms.length, half = Math.floor(N / 2);
      const order = scope(() => permutation(foldIn(k, 3), N).toArray());
      let sumA = 0, sumB = 0;
      for (let i = 0; i < N; i++) { if (i < half) sumA += trained.norms[order[i]]; else sumB += trained.norms[order[i]]; }
      const S2 = d.sd * d.sd;
      const halvesRow = check(`jacobian-spectral-norm:random-halves (${label})`,
        `the mean ‖J(x)‖₂ of ${half} random test digits predicts that of the other ${N - half} (a split without replacement)`,
        "E[x̄_A − x̄_B] = 0, Var = N·S²/(n(N − n))", "001", 0,
        { value: sumA / half - sumB / (N - half), standardError: Math.sqrt((N * S2) / (half * (N - half))), n: N },
        { ...digitsUsed, meanA: sumA / half, meanB: sumB / (N - half), n: half });
      // for the picture: trained and initial norms relative to their means (their scales differ ~20×)
      const relative = (norms: Float64Array, mean: number) => Array.from(norms, (v) => v / mean);
      const series = [{ name: `trained ÷ ${d.summary.mean.toPrecision(4)}`, values: relative(trained.norms, d.summary.mean) },
        { name: `at init ÷ ${d0.summary.mean.toPrecision(4)}`, values: relative(atInit.norms, d0.summary.mean) }];
      const lo = Math.min(d.summary.min / d.summary.mean, d0.summary.min / d0.summary.mean), hi = Math.max(d.summary.max / d.summary.mean, d0.summary.max / d0.summary.mean);
      const histogramOptions = { bins: 40, min: lo, max: hi > lo ? hi : lo + 1, title: `‖J(x)‖₂ over the ${label} test digits, 784-${hidden.join("-")}-10 ReLU net`, xLabel: "‖J(x)‖₂ / its mean over the digits" };
      return Object.assign([exactRow, lowerRow, boundRow, chebyshevRow, halvesRow], { histogram: { series, options: histogramOptions } });
    } finally {
      initial.dispose();
      net.dispose();
    }
  });
}
