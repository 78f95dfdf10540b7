// Battery lines for sdk/stats' closed forms and sdk/experiments (issue 15). Each experiment joins at its small
// size, one per case (the light ones as fast-check cases, the heavier ones as one example each), so that its table row —
// theory, simulation, standard error, verdict and details — is the same bits in every runtime and both builds.
import { fc, seed, withInvalid } from "./arbitraries.mjs";

const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });
const attempt = (f) => { try { return f(); } catch (err) { return `error ${err?.name}: ${err?.message}`; } };
const count = withInvalid(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(0, -3, 2.5, NaN));
const positive = withInvalid(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(-1, NaN, Infinity));
const rho = fc.oneof(fc.double({ min: -0.2, max: 1, noNaN: true }), fc.constantFrom(-1, 1.5, NaN));
// experiments light enough for 40 cases in every runtime (all but the two toys, which train 5 + 1 nets)
export const LIGHT_EXPERIMENTS = ["minibatch-iid", "minibatch-fpc", "minibatch-correlated", "minibatch-rho-estimator", "minibatch-digits", "propagation-naive-relu", "propagation-xavier-relu", "propagation-he-relu",
  "propagation-naive-tanh", "propagation-xavier-tanh", "propagation-he-tanh", "relu-moments", "dropout-linear", "dropout-jensen", "dropout-covariance", "cosine-concentration",
  "dot-product-variance", "softmax-saturation", "attention-kernel-regression", "total-variance", "gradient-estimators", "gradient-estimators-small-sigma", "hierarchical",
  "batch-mean-coverage", "ar1-batch-variance", "batchnorm-batch-size", "batch-independence", "drift-normalization", "tail-bounds", "rademacher", "uniform-bound", "medical-test", "grid-posterior", "sgd-stationary-diagonal", "sgd-stationary-rotated",
  // seed 003's Rosenbrock runs (~0.1 s each; rosenbrock-rmsprop, ~0.5 s with its perturbed runs, is left to tests/sdk/experiments) and Hessians
  "rosenbrock-sgd", "rosenbrock-sgd-momentum", "rosenbrock-adam", "rosenbrock-adamw", "curvature-rosenbrock", "curvature-saddle",
  "jacobian-spectral-norm"];

export const statsOperations = [
  op("minibatchVariance+finitePopulationVariance+correlatedBatchVariance+effectiveBatchSize", fc.record({ s2: positive, m: count, n: count, rho }), (s, c) => [
    attempt(() => s.minibatchVariance(c.s2, c.m)), attempt(() => s.finitePopulationVariance(c.s2, c.m, c.n)),
    attempt(() => s.correlatedBatchVariance(c.s2, c.m, c.rho)), attempt(() => s.effectiveBatchSize(c.m, c.rho)),
  ]),
  op("reluMoments+initVariance", fc.record({ q: positive, n: count, scheme: fc.constantFrom("naive", "xavier", "he", "lecun") }), (s, c) => [attempt(() => s.reluMoments(c.q)), attempt(() => s.initVariance(c.scheme, c.n, 3))]),
  op("intraclassCorrelation", fc.record({ seed, g: fc.integer({ min: 1, max: 30 }), m: fc.integer({ min: 1, max: 20 }), dtype: fc.constantFrom("float32", "float64") }),
    (s, c) => s.intraclassCorrelation(s.normal(s.key(c.seed), [c.g, c.m], { dtype: c.dtype }))),
  op("experiments+experimentKey", fc.record({ seed, name: fc.constantFrom(...LIGHT_EXPERIMENTS) }), (s, c) => s.experiments.find((e) => e.name === c.name).run(s.experimentKey(s.key(c.seed), c.name), "small"),
    // the heavier ones once each: pac-bayes (a trained net and its optimised posterior, ~1 s), the toys (~0.4 s and,
    // at 6000 steps, ~4 s), RMSprop's perturbed runs (~0.5 s): with LIGHT_EXPERIMENTS, every experiment of the registry (battery.test.ts checks)
    [{ seed: 15, name: "mc-dropout-toy" }, { seed: 15, name: "pac-bayes" }, { seed: 15, name: "deep-ensemble-toy" }, { seed: 15, name: "rosenbrock-rmsprop" }]),
  op("runExperiments+experimentTable", fc.record({ seed, name: fc.constantFrom("minibatch-iid", "dropout-covariance", "hierarchical", "nope"), size: fc.constantFrom("small", "small", "huge") }),
    (s, c) => { const r = s.runExperiments(s.key(c.seed), { size: c.size, only: [c.name] }); return [r, s.experimentTable(r)]; }),
  op("hoeffdingBound+bernsteinBound+batchMeanCoverage+massartBound", fc.record({ n: count, eps: positive, s2: positive, k: count }), (s, c) => [
    attempt(() => s.hoeffdingBound(c.n, c.eps)), attempt(() => s.bernsteinBound(c.n, c.eps, c.s2, 2)), attempt(() => s.batchMeanCoverage(c.eps, c.n, 1.5)), attempt(() => s.massartBound(c.s2, c.k, c.n)),
  ]),
  op("rademacherBound+klInverse+pacBayesBound", fc.record({ r: positive, n: count, q: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, -0.1, NaN)), c: positive,
    delta: fc.oneof(fc.double({ min: 1e-6, max: 0.999, noNaN: true }), fc.constantFrom(0, 1)) }), (s, c) => [
    attempt(() => s.rademacherBound(c.r, c.n, c.delta)), attempt(() => s.klInverse(c.q, c.c)), attempt(() => s.pacBayesBound(c.q, c.c * 100, c.n, c.delta)),
  ]),
  op("ar1VarianceRatio+posteriorPositive", fc.record({ phi: fc.oneof(fc.double({ min: -0.999, max: 0.999, noNaN: true }), fc.constantFrom(1, -1, NaN)), m: count, a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }) }),
    (s, c) => [attempt(() => s.ar1VarianceRatio(c.phi, c.m)), attempt(() => s.posteriorPositive(c.a, c.b, 1 - c.a)), attempt(() => s.posteriorPositive(0, c.b, 0))]),
  op("batchNormMoments+driftVariance+pooledNormalization", fc.record({ m: count, T: count, N: count, scale: fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(NaN, Infinity)),
    kind: fc.constantFrom("linear", "random-walk", "quadratic"), s2: positive, v: positive }), (s, c) => [
    attempt(() => s.batchNormMoments(c.m)), attempt(() => s.driftVariance(c.kind, c.scale, c.T)),
    attempt(() => s.pooledNormalization(c.s2, c.v, Math.min(c.T, 64), Math.min(c.N, 64))), attempt(() => s.pooledNormalization(1, 0, c.T, c.N)),
  ]),
  op("standInDigits", fc.record({ seed, train: withInvalid(fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 2.5)), test: fc.integer({ min: 1, max: 8 }) }),
    (s, c) => attempt(() => { const d = s.standInDigits(s.key(c.seed), c.train, c.test); return [Array.from(d.train.labels), d.train.images.reduce((a, v) => a + v, 0), Array.from(d.test.labels)]; })),
  op("lineSvg", fc.record({ values: fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, NaN, Infinity)), { minLength: 1, maxLength: 12 }), logY: withInvalid(fc.boolean(), fc.constantFrom("yes")) }),
    (s, c) => attempt(() => s.lineSvg([{ name: "sim", values: c.values }, { name: "sim (theory)", values: c.values.map((v) => v * 2) }], { logY: c.logY, title: "t" }))),
  op("passed", fc.constantFrom("minibatch-iid", "tail-bounds"), (s, name) => s.runExperiments(s.key(3), { only: [name] }).map((r) => s.passed(r))),
  op("sgdStationaryVariance", fc.record({ eta: fc.double({ min: 0, max: 2, noNaN: true }), h: fc.double({ min: 0, max: 10, noNaN: true }), l: positive }), (s, c) => attempt(() => s.sgdStationaryVariance(c.eta, c.h, c.l))),
  op("rosenbrock+hessianSpectrum", fc.record({ x: fc.double({ min: -3, max: 3, noNaN: true }), y: fc.double({ min: -3, max: 3, noNaN: true }), dtype: fc.constantFrom("float32", "float64"), bad: fc.constantFrom(null, "shape", "int32") }),
    (s, c) => attempt(() => {
      const p = c.bad === "shape" ? s.tensor([c.x, c.y], [1, 2], c.dtype) : s.tensor([c.x, c.y], [2], c.bad === "int32" ? "int32" : c.dtype);
      const h = s.hessianSpectrum(s.rosenbrock, p);
      return [s.rosenbrock(p), h.hessian, h.eigenvalues, h.condition, h.negative];
    })),
  op("toySvg", fc.record({ n: fc.integer({ min: 2, max: 12 }), shift: fc.double({ min: -50, max: 50, noNaN: true }) }), (s, c) => {
    const x = Array.from({ length: Math.min(c.n, 64) }, (_, i) => -6 + (12 * i) / (c.n - 1)); // (a fuzzed n of 2^31 would be the line's own 2^31-element array)
    return s.toySvg({ x, mean: x.map((v) => v * v * v + c.shift), epistemic: x.map((v) => v * v), aleatoric: x.map(() => 9), trainX: [0, 1], trainY: [c.shift, 1] });
  }),
];
