// Every experiment of issue 15 with its two sizes: "small" (the CI test and the battery: seconds, sizes where the
// Monte Carlo error is still honest at 4 s.e.) and "full" (`npm run experiments`, for humans). A small size must
// not make a check flaky: the deep-ensemble toy trains its full 6000 steps even there (at 150 or 1000 steps its
// "outside > inside" row failed on 3 of 20 and 4 of 40 keys; at 6000, on none of 24).
import { Key, assertKey, foldIn } from "../random/key.js";
import { describe, ownOptions } from "../errors.js";
import { BoundResult, ExperimentResult } from "./result.js";
import { assertDigits, standInDigits, type Digits } from "./digits.js";
import { correlatedBatchExperiment, correlationEstimatorExperiment, finitePopulationExperiment, iidBatchExperiment } from "./minibatch.js";
import { minibatchDigitsExperiment } from "./minibatch-digits.js";
import { reluMomentsExperiment, signalPropagationExperiment } from "./propagation.js";
import { dropoutCovarianceExperiment, dropoutJensenExperiment, dropoutLinearExperiment } from "./dropout.js";
import { cosineConcentrationExperiment, dotProductVarianceExperiment, kernelRegressionExperiment, softmaxSaturationExperiment } from "./geometry.js";
import { deepEnsembleToyExperiment, totalVarianceExperiment } from "./ensembles.js";
import { gradientEstimatorExperiment, hierarchicalExperiment } from "./gradients.js";
import { sgdStationaryExperiment } from "./sgd.js";
import { batchIndependenceExperiment, batchNormBatchSizeExperiment, driftNormalizationExperiment } from "./normalization.js";
import { rosenbrockOptimizerExperiment } from "./rosenbrock.js";
import { rosenbrockCurvatureExperiment, saddleCurvatureExperiment } from "./curvature.js";
import { jacobianStabilityExperiment } from "./stability.js";
import { uniformBoundExperiment } from "./generalization.js";
import { pacBayesExperiment } from "./pac-bayes.js";
import { ar1BatchVarianceExperiment, batchMeanCoverageExperiment, gridPosteriorExperiment, medicalTestExperiment, rademacherExperiment, tailBoundsExperiment } from "./concentration.js";

export type ExperimentSize = "small" | "full";

/** A row of the table: a check against theory, or a bound against what was observed. */
export type ExperimentRow = ExperimentResult | BoundResult;

/** What an experiment may measure besides its own draws: the digits (items 8 and 10). */
export interface ExperimentData {
  /** MNIST (stochasm/node's loadMnist); without it, experiments that need digits use standInDigits. */
  digits?: Digits;
}

/** One entry: a name, the issue item, and run(key, size, data) → rows. */
export interface Experiment {
  name: string;
  item: number;
  run(k: Key, size: ExperimentSize, data?: ExperimentData): ExperimentRow[];
}

const rows = (r: ExperimentRow | ExperimentRow[]) => (Array.isArray(r) ? r : [r]);

/** The caller's digits, or a small stand-in drawn from the experiment's key (the battery's runtimes have no MNIST files). */
export function digitsOrStandIn(data: ExperimentData | undefined, k: Key): Digits {
  return data?.digits ?? standInDigits(foldIn(k, 0x5d), 512, 256);
}

/** Whether a row passed: agrees with its theory, or lies under its bound. */
export function passed(r: ExperimentRow): boolean {
  return "bound" in r ? r.holds : r.agrees;
}
const pick = <T>(size: ExperimentSize, small: T, full: T) => (size === "small" ? small : full);

const propagation = (init: "naive" | "xavier" | "he", activation: "tanh" | "relu"): Experiment => ({
  name: `propagation-${init}-${activation}`, item: 2,
  // naive N(0, 1) weights explode: its second moment grows like (n/2)^l, so its depth is kept where float64 holds it
  run: (k, s) => rows(signalPropagationExperiment(pick(s, { init, activation, width: 64, depth: init === "naive" ? 5 : 20, batch: 8, nets: 32, chainCount: 1000 },
    { init, activation, width: 256, depth: init === "naive" ? 20 : 100, batch: 16, nets: 16, chainCount: 4000 }), k)),
});

/** The experiments in table order. */
export const experiments: readonly Experiment[] = [
  { name: "minibatch-iid", item: 1, run: (k, s) => rows(iidBatchExperiment(pick(s, { m: 16, replications: 2000 }, { m: 16, replications: 40000 }), k)) },
  { name: "minibatch-fpc", item: 1, run: (k, s) => rows(finitePopulationExperiment(pick(s, { N: 100, B: 40, replications: 500 }, { N: 200, B: 80, replications: 10000 }), k)) },
  { name: "minibatch-correlated", item: 1, run: (k, s) => rows(correlatedBatchExperiment(pick(s, { rho: 0.1, sizes: [1, 16, 256], replications: 1000 }, { rho: 0.1, sizes: [1, 4, 16, 64, 256, 1024, 4096], replications: 4000 }), k)) },
  { name: "minibatch-rho-estimator", item: 1, run: (k, s) => rows(correlationEstimatorExperiment(pick(s, { rho: 0.1, m: 16, batches: 200, groups: 10 }, { rho: 0.1, m: 16, batches: 1000, groups: 40 }), k)) },
  { name: "minibatch-digits", item: 1, run: (k, s, data) => minibatchDigitsExperiment(pick(s, { n: 512, hidden: 16, replications: 100, sizes: [8, 64, 256] }, { n: 8192, hidden: 32, replications: 200 }),
    k, digitsOrStandIn(data, k), data?.digits ? "MNIST" : "stand-in") },
  propagation("naive", "relu"), propagation("xavier", "relu"), propagation("he", "relu"),
  propagation("naive", "tanh"), propagation("xavier", "tanh"), propagation("he", "tanh"),
  { name: "relu-moments", item: 2, run: (k, s) => rows(reluMomentsExperiment(pick(s, { q: 2, samples: 20000 }, { q: 2, samples: 1000000 }), k)) },
  { name: "dropout-linear", item: 3, run: (k, s) => rows(dropoutLinearExperiment(pick(s, { d: 64, p: 0.5, replications: 4000 }, { d: 256, p: 0.5, replications: 100000 }), k)) },
  { name: "dropout-jensen", item: 3, run: (k, s) => rows(dropoutJensenExperiment(pick(s, { d: 64, p: 0.5, scale: 0.1, replications: 4000 }, { d: 64, p: 0.5, scale: 0.1, replications: 200000 }), k)) },
  { name: "dropout-covariance", item: 3, run: (k, s) => rows(dropoutCovarianceExperiment(pick(s, { p: 0.25, replications: 8000 }, { p: 0.25, replications: 400000 }), k)) },
  { name: "cosine-concentration", item: 4, run: (k, s) => rows(cosineConcentrationExperiment(pick(s, { dims: [4, 64, 1024], pairs: 1000 }, { dims: [4, 64, 1024, 16384], pairs: 20000 }), k)) },
  { name: "dot-product-variance", item: 4, run: (k, s) => rows(dotProductVarianceExperiment(pick(s, { d: 256, pairs: 2000 }, { d: 512, pairs: 40000 }), k)) },
  { name: "softmax-saturation", item: 4, run: (k, s) => rows(softmaxSaturationExperiment(pick(s, { d: 256, keys: 16, replications: 200 }, { d: 512, keys: 16, replications: 5000 }), k)) },
  { name: "attention-kernel-regression", item: 4, run: (k, s) => rows(kernelRegressionExperiment(pick(s, { queries: 4, keys: 16, d: 8, dv: 3 }, { queries: 32, keys: 128, d: 64, dv: 16 }), k)) },
  { name: "total-variance", item: 5, run: (k, s) => rows(totalVarianceExperiment(pick(s, { members: 5, samples: 8000 }, { members: 5, samples: 400000 }), k)) },
  { name: "deep-ensemble-toy", item: 5, run: (k, s) => deepEnsembleToyExperiment(pick(s, { members: 5, steps: 6000, grid: 61, samples: 8000 }, { members: 5, steps: 6000, grid: 121, samples: 400000 }), k) },
  { name: "mc-dropout-toy", item: 5, run: (k, s) => deepEnsembleToyExperiment(pick(s, { dropout: 0.1, steps: 150, passes: 20, grid: 61, samples: 8000 }, { dropout: 0.1, steps: 6000, passes: 100, grid: 121, samples: 400000 }), k) },
  { name: "gradient-estimators", item: 6, run: (k, s) => rows(gradientEstimatorExperiment(pick(s, { theta: 1, sigma: 1, draws: 4000 }, { theta: 1, sigma: 1, draws: 400000 }), k)) },
  { name: "gradient-estimators-small-sigma", item: 6, run: (k, s) => rows(gradientEstimatorExperiment(pick(s, { theta: 1, sigma: 0.1, draws: 4000 }, { theta: 1, sigma: 0.1, draws: 400000 }), k)) },
  { name: "hierarchical", item: 6, run: (k, s) => rows(hierarchicalExperiment(pick(s, { draws: 4000 }, { draws: 400000 }), k)) },
  { name: "batch-mean-coverage", item: 7, run: (k, s) => rows(batchMeanCoverageExperiment(pick(s, { replications: 4000 }, { replications: 200000 }), k)) },
  { name: "ar1-batch-variance", item: 7, run: (k, s) => rows(ar1BatchVarianceExperiment(pick(s, { replications: 4000 }, { replications: 200000 }), k)) },
  { name: "batchnorm-batch-size", item: 7, run: (k, s) => batchNormBatchSizeExperiment(pick(s, { sizes: [2, 4, 16], replications: 2000 }, { sizes: [2, 4, 8, 16, 32, 64], replications: 40000 }), k) },
  { name: "batch-independence", item: 7, run: (k, s) => batchIndependenceExperiment(pick(s, { maxLog2: 4, trials: 2, replications: 2000 }, { maxLog2: 6, trials: 4, replications: 200000 }), k) },
  { name: "drift-normalization", item: 7, run: (k, s) => driftNormalizationExperiment(pick(s, { replications: 500 }, { replications: 10000 }), k) },
  { name: "tail-bounds", item: 8, run: (k, s) => rows(tailBoundsExperiment(pick(s, { replications: 2000 }, { replications: 100000 }), k)) },
  { name: "rademacher", item: 8, run: (k, s) => rows(rademacherExperiment(pick(s, { draws: 500 }, { draws: 20000 }), k)) },
  { name: "uniform-bound", item: 8, run: (k, s) => rows(uniformBoundExperiment(pick(s, { n: 50, population: 500, draws: 200, angles: 16, radii: 4 }, {}), k)) },
  // binary digits (0–4 vs 5–9): the full size is all of MNIST (60 000 / 10 000) with a 784-64-2 net, ~15 s on 2 cores
  { name: "pac-bayes", item: 8, run: (k, s, data) => {
    const digits = digitsOrStandIn(data, k);
    const dataName = data?.digits ? "MNIST" : "stand-in";
    return rows(pacBayesExperiment(digits, pick(s, { trainCount: Math.min(512, digits.train.count), testCount: Math.min(256, digits.test.count), hidden: 16, epochs: 2, steps: 100, batchSize: 128, dataName }, { dataName }), k));
  } },
  { name: "sgd-stationary-diagonal", item: 9, run: (k, s) => sgdStationaryExperiment(pick(s, { chains: 1000 }, { chains: 20000, steps: 1200 }), k) },
  { name: "sgd-stationary-rotated", item: 9, run: (k, s) => sgdStationaryExperiment(pick(s, { rotated: true, eta: 0.4, h: [3, 0.5], lambda: [0.5, 1], chains: 1000 }, { rotated: true, eta: 0.4, h: [3, 0.5], lambda: [0.5, 1], chains: 20000, steps: 1200 }), k) },
  // seed 003's optimizer table against torch.optim and its Hessians: deterministic (no key), so both sizes run the
  // same computation, except RMSprop's rounding spread (runs started a few ulps away) which full measures on more runs
  { name: "rosenbrock-sgd", item: 9, run: () => rosenbrockOptimizerExperiment({ optimizer: "sgd" }) },
  { name: "rosenbrock-sgd-momentum", item: 9, run: () => rosenbrockOptimizerExperiment({ optimizer: "sgdMomentum" }) },
  { name: "rosenbrock-adam", item: 9, run: () => rosenbrockOptimizerExperiment({ optimizer: "adam" }) },
  { name: "rosenbrock-adamw", item: 9, run: () => rosenbrockOptimizerExperiment({ optimizer: "adamW" }) },
  { name: "rosenbrock-rmsprop", item: 9, run: (k, s) => rosenbrockOptimizerExperiment(pick(s, { optimizer: "rmsprop", perturbations: 6 }, { optimizer: "rmsprop", perturbations: 24 })) },
  { name: "curvature-rosenbrock", item: 9, run: () => rosenbrockCurvatureExperiment() },
  { name: "curvature-saddle", item: 9, run: () => saddleCurvatureExperiment() },
  // item 10: the trained 784-100-10 net's ‖J(x)‖₂ over the test digits (MNIST when given, else the stand-in)
  { name: "jacobian-spectral-norm", item: 10, run: (k, s, data) => jacobianStabilityExperiment(digitsOrStandIn(data, k), pick(s,
    { label: data?.digits ? "MNIST" : "stand-in", trainCount: 256, testCount: 64, initCount: 16, exactCount: 2, slowCount: 4 },
    { label: data?.digits ? "MNIST" : "stand-in", testCount: 10000, initCount: 500, exactCount: 8, iterations: 1000 }), foldIn(k, 1)) },
  { name: "medical-test", item: 11, run: (k, s) => rows(medicalTestExperiment(pick(s, { people: 100000 }, { people: 4000000 }), k)) },
  { name: "grid-posterior", item: 11, run: (k, s) => rows(gridPosteriorExperiment({}, k)) },
];

/**
 * The key an experiment runs with: foldIn(k, FNV-1a hash of its name), so that adding or reordering experiments
 * changes no other experiment's draws.
 * @example experiments[0].run(experimentKey(key(15), experiments[0].name), "small");
 */
export function experimentKey(k: Key, name: string): Key {
  assertKey(k, "experimentKey: k");
  if (typeof name !== "string") throw new TypeError(`experimentKey: name must be a string, got ${describe(name)}`);
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return foldIn(k, h);
}

/**
 * Runs the experiments (all, or those named in `only`) at `size`, each with experimentKey(k, its name) (so a
 * subset, or a registry that grew, gives the same rows). Deterministic: the same key gives the same bits.
 */
export function runExperiments(k: Key, options: { size?: ExperimentSize; only?: readonly string[]; digits?: Digits } = {}): ExperimentRow[] {
  assertKey(k, "runExperiments: k");
  const { size = "small" as ExperimentSize, only, digits } = ownOptions(options, "runExperiments");
  if (digits !== undefined) assertDigits(digits, "runExperiments");
  if (size !== "small" && size !== "full") throw new RangeError(`runExperiments: size must be "small" or "full", got ${describe(size)}`);
  if (only !== undefined) {
    if (!Array.isArray(only)) throw new TypeError(`runExperiments: only must be an array of experiment names, got ${describe(only)}`);
    for (const n of only) if (!experiments.some((e) => e.name === n)) throw new RangeError(`runExperiments: unknown experiment ${describe(n)} (known: ${experiments.map((e) => e.name).join(", ")})`);
  }
  const out: ExperimentRow[] = [];
  experiments.forEach((e) => { if (only === undefined || only.includes(e.name)) out.push(...e.run(experimentKey(k, e.name), size, { digits })); });
  return out;
}

const cell = (v: unknown) => (typeof v === "string" ? v : describe(v)).replace(/\|/g, "\\|");   // a literal | inside a cell (E[Y|S]) would end it
const fmt = (v: unknown) => (typeof v !== "number" ? cell(v) : v === 0 ? "0" : Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(5));

/** The rows as one Markdown table: experiment, claim, formula, seed, theory, simulation ± s.e., verdict (a bound: "≥ bound", observed, holds). */
export function experimentTable(results: readonly ExperimentRow[]): string {
  const lines = ["| experiment | claim | formula | seed | theory | simulation ± s.e. | verdict |", "| --- | --- | --- | --- | --- | --- | --- |"];
  if (!Array.isArray(results)) throw new TypeError(`experimentTable: results must be an array of experiment rows, got ${describe(results)}`);
  results.forEach((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.name !== "string") throw new TypeError(`experimentTable: results[${i}] must be an experiment row (an object with a name), got ${describe(r)}`);
  });
  for (const r of results) {
    if ("bound" in r) {
      lines.push(`| ${cell(r.name)} | ${cell(r.claim)} | ${cell(r.formula)} | ${r.seed} | bound ${fmt(r.bound)} | ${fmt(r.observed)} | ${r.holds ? "holds" : "**violated**"} |`);
      continue;
    }
    const sim = r.standardError > 0 ? `${fmt(r.simulation)} ± ${fmt(r.standardError)}` : fmt(r.simulation);
    lines.push(`| ${cell(r.name)} | ${cell(r.claim)} | ${cell(r.formula)} | ${r.seed} | ${fmt(r.theory)} | ${sim} | ${r.agrees ? "agrees" : "**disagrees**"} |`);
  }
  return lines.join("\n") + "\n";
}
