// Item 8 of issue 15: a PAC-Bayes bound on a digits network, optimised as Dziugaite & Roy (2017, "Computing
// nonvacuous generalization bounds for deep (stochastic) neural networks with many more parameters than training
// data", UAI) did. Binary digits (0–4 → 0, 5–9 → 1); a 784-H-2 ReLU MLP trained by Adam (trainDigitsNet) from the
// random init w₀; then the posterior Q = N(μ, diag(s²)) from μ = the trained weights, against the prior
// P = N(w₀, λI), minimising D&R's differentiable surrogate (their eq. for B_RE after Pinsker)
//   ℓ̂_log(Q) + √((KL(Q‖P) + 2log(b·log(c/λ)) + log(π²n/(6δ))) / (2(n − 1)))
// over μ, log s² and log λ with Adam, the expectation over Q by reparameterisation. The final bound (seed 000):
//   1. ê_Q, Q's training error, by Monte Carlo: each example meets `passes` fresh networks drawn from Q; the
//      m·n error indicators are independent with mean ê_Q, so ê_Q ≤ kl⁻¹(ê_MC, log(2/δ′)/(m·n)) (Chernoff in
//      kl form, Hoeffding 1963 Thm 1; Langford & Caruana 2001) with probability ≥ 1 − δ′;
//   2. L(Q) ≤ kl⁻¹(that, (KL(Q‖P_j) + log(2√n/δ_j))/n) (Maurer 2004) with λ on the grid λ_j = c·e^{−j/b} and
//      δ_j = 6δ/(π²j²) (a union bound over j ≥ 1): both grid points next to the optimised λ are tried.
// Altogether with probability ≥ 1 − δ − δ′. One network per example is drawn exactly, and cheaply, by the local
// reparameterisation (Kingma, Salimans & Welling 2015): for one input the pre-activations of a layer with
// independent Gaussian weights are independent Gaussians with mean x·μᵀ + μ_b and variance x²·(s²)ᵀ + s_b².
// D&R drew whole networks (150 000 of them) for step 1; this is the same bound with a different Monte Carlo.
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { normal } from "../random/sample.js";
import { add, clamp, exp, log, mul, sqrt, square, sub } from "../ops/elementwise.js";
import { relu } from "../ops/pointwise.js";
import { argmax, sum } from "../ops/reduce.js";
import { clone } from "../ops/shape.js";
import { to } from "../ops/cast.js";
import { matmul } from "../linalg/matmul-nd.js";
import { crossEntropy } from "../nn/losses.js";
import { valueAndGrad } from "../autograd/transforms.js";
import { Adam } from "../optim/torch.js";
import { scope } from "../runtime/memory.js";
import { imageSet, type ImageSet } from "../data/images.js";
import { batches } from "../data/batches.js";
import { klInverse, pacBayesBound, wasmExp, wasmLog } from "../stats/bounds.js";
import { assertDigits, firstImages, trainDigitsNet, type Digits } from "./digits.js";
import { assertInteger, describe, ownOptions } from "../errors.js";
import { BoundResult } from "./result.js";

/** Options of pacBayesExperiment. */
export interface PacBayesOptions {
  /** Training and test examples used (the first ones of each set; default all). */
  trainCount?: number;
  testCount?: number;
  /** Hidden width of the 784-H-2 ReLU MLP. */
  hidden?: number;
  /** Epochs and learning rate of trainDigitsNet (Adam, batch 64, from the init w₀) before the PAC-Bayes optimisation. */
  epochs?: number;
  netLr?: number;
  /** Adam steps on the surrogate bound, their batch size and learning rate. */
  steps?: number;
  batchSize?: number;
  lr?: number;
  /** Adam's learning rate for log s² and log λ. */
  lrVariance?: number;
  /** Networks drawn per example for the Monte Carlo estimate of Q's errors. */
  passes?: number;
  /** Confidence of the PAC-Bayes bound (δ) and of the Monte Carlo step (δ′); D&R's 0.025 and 0.01. */
  delta?: number;
  deltaPrime?: number;
  /** The prior-variance grid λ_j = c·exp(−j/b), j ≥ 1 (D&R: b = 100, c = 0.1). */
  b?: number;
  c?: number;
  /** The prior variance λ where the optimisation starts (the posterior starts at μ = the trained w, s = |w|). */
  initLambda?: number;
  /** Name of the data in the row ("MNIST" or "stand-in"). */
  dataName?: string;
}

// The digits with labels 0–4 → 0 and 5–9 → 1, the first `count` of them
function binary(set: ImageSet, count: number): ImageSet {
  const first = firstImages(set, count);
  const labels = (first.labels as Uint8Array).map((l) => (l >= 5 ? 1 : 0));
  return imageSet(`${set.name} (0–4 vs 5–9)`, first.images, labels, { height: set.height, width: set.width });
}

const LAYERS = [["0.weight", "0.bias"], ["2.weight", "2.bias"]] as const;
type Gaussian = { mu: Record<string, Tensor>; rho: Record<string, Tensor> };   // rho = log s²

// logits [B, 2] of one network from Q per row of x [B, 784] (local reparameterisation; eps from k)
function stochasticLogits(q: Gaussian, x: Tensor, k: Key): Tensor {
  let h = x;
  LAYERS.forEach(([w, b], layer) => {
    const m = add(matmul(h, q.mu[w], { transposeB: true }), q.mu[b]);
    const v = add(matmul(square(h), exp(q.rho[w]), { transposeB: true }), exp(q.rho[b]));
    const z = add(m, mul(sqrt(v), normal(foldIn(k, layer), m.shape)));
    h = layer === 0 ? relu(z) : z;
  });
  return h;
}

/** KL(N(μ, diag(e^ρ)) ‖ N(w₀, λI)) = ½Σ[e^{ρ−ℓ} + (μ − w₀)²e^{−ℓ} − 1 + ℓ − ρ], ℓ = log λ: a scalar tensor (differentiable). */
export function diagonalGaussianKL(mu: readonly Tensor[], rho: readonly Tensor[], prior: readonly Tensor[], logLambda: Tensor): Tensor {
  let total: Tensor | null = null;
  const inv = exp(mul(logLambda, -1));
  mu.forEach((m, i) => {
    const term = sum(sub(add(mul(add(exp(rho[i]), square(sub(m, prior[i]))), inv), logLambda), add(rho[i], 1)));
    total = total === null ? term : add(total, term);
  });
  return mul(total as unknown as Tensor, 0.5);
}

// Misclassified examples of a set, its logits per batch of 2000 from `logitsOf(x, batchIndex)`
function countErrors(set: ImageSet, logitsOf: (x: Tensor, batchIndex: number) => Tensor): number {
  let errors = 0;
  for (const bt of batches(set, { batchSize: 2000 })) {
    errors += scope(() => {
      const predicted = argmax(logitsOf(bt.x, bt.index), { dim: 1 }).view();
      const y = (bt.y as Tensor).view();
      let e = 0;
      for (let i = 0; i < y.length; i++) e += predicted[i] !== y[i] ? 1 : 0;
      return e;
    });
    bt.x.dispose();
    bt.y?.dispose();
  }
  return errors;
}

// Errors of networks drawn from Q over a set: every example meets `passes` networks (keys foldIn(k, pass·B + batch))
function stochasticErrors(q: Gaussian, set: ImageSet, passes: number, k: Key): number {
  let errors = 0;
  for (let p = 0; p < passes; p++) errors += countErrors(set, (x, b) => stochasticLogits(q, x, foldIn(foldIn(k, p), b)));
  return errors;
}

function deterministicError(mu: Record<string, Tensor>, set: ImageSet): number {
  return countErrors(set, (x) => {
    const h = relu(add(matmul(x, mu["0.weight"], { transposeB: true }), mu["0.bias"]));
    return add(matmul(h, mu["2.weight"], { transposeB: true }), mu["2.bias"]);
  }) / set.count;
}

/**
 * The PAC-Bayes bound of a stochastic 784-H-2 network on binary digits (see the file's comment): one bound row,
 * bound = the final kl-inverse bound on Q's error, observed = Q's test error (Monte Carlo); the training error,
 * KL, λ, sizes and the deterministic network's errors in the details.
 */
export function pacBayesExperiment(digits: Digits, options: PacBayesOptions = {}, k: Key): BoundResult {
  const { hidden = 64, epochs = 1, netLr = 1e-3, steps = 1500, batchSize = 250, lr = 3e-3, lrVariance = 1e-2, passes = 1, delta = 0.025, deltaPrime = 0.01,
    b = 100, c = 0.1, initLambda = wasmExp(-6), dataName = "digits", ...sizes } = ownOptions(options, "pacBayesExperiment");
  for (const [name, v, lo] of [["hidden", hidden, 1], ["epochs", epochs, 0], ["steps", steps, 0], ["batchSize", batchSize, 1], ["passes", passes, 1]] as const) assertInteger(v, `pacBayesExperiment: ${name}`, lo, 2 ** 24);
  for (const [name, v] of [["netLr", netLr], ["lr", lr], ["lrVariance", lrVariance], ["b", b], ["initLambda", initLambda]] as const) {
    if (!(typeof v === "number" && v > 0 && v < Infinity)) throw new RangeError(`pacBayesExperiment: ${name} must be a finite number > 0, got ${describe(v)}`);
  }
  for (const [name, v] of [["delta", delta], ["deltaPrime", deltaPrime], ["c", c]] as const) {
    if (!(typeof v === "number" && v > 0 && v < 1)) throw new RangeError(`pacBayesExperiment: ${name} must be in (0, 1), got ${describe(v)}`);
  }
  if (!(initLambda < c)) throw new RangeError(`pacBayesExperiment: initLambda must be < c (${c}) to lie on the grid c·e^(−j/b), j ≥ 1, got ${describe(initLambda)}`);
  assertDigits(digits, "pacBayesExperiment");
  const { trainCount = digits.train.count, testCount = digits.test.count } = sizes;
  assertInteger(trainCount, "pacBayesExperiment: trainCount", 8, digits.train.count);   // Maurer's bound needs n ≥ 8
  assertInteger(testCount, "pacBayesExperiment: testCount", 1, digits.test.count);
  const train = binary(digits.train, trainCount), test = binary(digits.test, testCount);
  const n = train.count;
  return scope(() => {
    const netKey = foldIn(k, 1);
    const net = trainDigitsNet(train, { hidden: [hidden], epochs, lr: netLr, classes: 2 }, netKey);
    const init = trainDigitsNet(train, { hidden: [hidden], epochs: 0, classes: 2 }, netKey);   // w₀: the same init, untrained
    const names = LAYERS.flat();
    const w0 = names.map((name) => clone(init.parameters()[name]));
    const q: Gaussian = { mu: {}, rho: {} };
    for (const name of names) {
      const w = net.parameters()[name];
      q.mu[name] = clone(w);
      q.rho[name] = log(add(square(w), 1e-12));   // start at s = |w|
    }
    const netTrainError = deterministicError(q.mu, train), netTestError = deterministicError(q.mu, test);
    net.dispose();
    init.dispose();
    const logLambda = tensor([wasmLog(initLambda)], [1], "float32");
    const logC = wasmLog(c), log2 = wasmLog(2), confidence = wasmLog((Math.PI * Math.PI * n) / (6 * delta));
    const params = { mu: q.mu, rho: q.rho, logLambda };
    const objective = valueAndGrad((p: typeof params, x: Tensor, y: Tensor, stepKey: Key) => {
      const loss = mul(crossEntropy(stochasticLogits(p, x, stepKey), y).loss, 1 / log2);   // logistic loss / log 2 ≥ 0–1 loss
      const kl = diagonalGaussianKL(names.map((m) => p.mu[m]), names.map((m) => p.rho[m]), w0, p.logLambda);
      const j = clamp(mul(sub(logC, p.logLambda), b), 1, Infinity);                           // b·log(c/λ) ≥ 1
      const complexity = add(add(kl, mul(log(j), 2)), confidence);
      return add(loss, sqrt(mul(complexity, 1 / (2 * (n - 1)))));
    });
    const adam = new Adam({ mu: params.mu }, { lr });
    const adamVariance = new Adam({ rho: params.rho, logLambda }, { lr: lrVariance });
    let step = 0, last = NaN;
    while (step < steps) {
      for (const bt of batches(train, { batchSize, key: foldIn(foldIn(k, 2), step), dropLast: true })) {
        scope(() => {
          const [value, grads] = objective(params, bt.x, bt.y as Tensor, foldIn(foldIn(k, 3), step));
          last = (value as Tensor).item();
          const g = grads as typeof params;
          adam.step({ mu: g.mu });
          adamVariance.step({ rho: g.rho, logLambda: g.logLambda });
        });
        bt.x.dispose();
        bt.y?.dispose();
        step++;
        if (step >= steps) break;
      }
    }
    adam.dispose();
    adamVariance.dispose();
    // the final bound, in float64 for the KL
    const trainErrors = stochasticErrors(q, train, passes, foldIn(k, 4));
    const testErrors = stochasticErrors(q, test, passes, foldIn(k, 5));
    const empirical = trainErrors / (passes * n);
    const empiricalUpper = klInverse(empirical, wasmLog(2 / deltaPrime) / (passes * n));
    const jStar = b * (logC - logLambda.item());
    let best = { bound: 1, j: 0, kl: NaN, langfordSeeger: NaN };
    for (const j of new Set([Math.max(1, Math.floor(jStar)), Math.max(1, Math.ceil(jStar))])) {
      const kl = scope(() => diagonalGaussianKL(names.map((m) => to(q.mu[m], "float64")), names.map((m) => to(q.rho[m], "float64")),
        w0.map((t) => to(t, "float64")), tensor([logC - j / b], [1], "float64")).item());
      const bound = pacBayesBound(empiricalUpper, kl, n, (6 * delta) / (Math.PI * Math.PI * j * j));
      // D&R's form (Langford & Seeger 2001), kl(ê‖L) ≤ (KL + log(n/δ_j))/(n − 1), for comparison
      const langfordSeeger = klInverse(empiricalUpper, (kl + wasmLog((n * Math.PI * Math.PI * j * j) / (6 * delta))) / (n - 1));
      if (bound < best.bound || best.j === 0) best = { bound, j, kl, langfordSeeger };
    }
    // the KL's mean term ‖μ − w₀‖²/(2λ): how far the posterior's centre sits from the random init
    const klMean = scope(() => names.reduce((a, m, i) => a + sum(square(sub(to(q.mu[m], "float64"), to(w0[i], "float64")))).item(), 0)) / (2 * c * wasmExp(-best.j / b));
    const observed = testErrors / (passes * test.count);
    const parameters = names.reduce((a, m) => a + q.mu[m].size, 0);
    return {
      name: `pac-bayes:${dataName} 784-${hidden}-2 n=${n}`, claim: "a PAC-Bayes bound (D&R 2017's optimisation) on a stochastic digits network holds on its test error",
      formula: "L(Q) ≤ kl⁻¹(ê_Q, (KL(Q‖P) + log(2√n/δ_j))/n), ê_Q ≤ kl⁻¹(ê_MC, log(2/δ′)/(mn))", seed: "000",
      bound: best.bound, observed, holds: observed <= best.bound,
      details: { data: dataName, n, testCount: test.count, parameters, hidden, trainErrorQ: empirical, trainErrorQUpper: empiricalUpper, testErrorQ: observed,
        boundLangfordSeeger: best.langfordSeeger, kl: best.kl, klMeanTerm: klMean, lambda: c * wasmExp(-best.j / b), j: best.j, surrogate: last, steps, passes, delta, deltaPrime,
        netTrainError, netTestError, nonVacuous: best.bound < 1, belowChance: best.bound < 0.5 },
    };
  });
}
