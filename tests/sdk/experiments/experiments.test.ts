import { beforeAll, describe, expect, it } from "vitest";
import {
  init, key, foldIn, memory, tensor, experiments, runExperiments, experimentKey, experimentTable, toySvg, passed, type ExperimentResult, type ExperimentRow,
  sgdStationaryVariance, hoeffdingBound, bernsteinBound, batchMeanCoverage, ar1VarianceRatio, massartBound, posteriorPositive,
  minibatchVariance, finitePopulationVariance, correlatedBatchVariance, effectiveBatchSize, intraclassCorrelation, reluMoments, initVariance,
} from "../../../sdk/index";

beforeAll(async () => { await init(); });

describe("the closed forms", () => {
  it("give the seeds' formulas on hand-computed cases", () => {
    expect(minibatchVariance(2, 8)).toBe(0.25);
    expect(finitePopulationVariance(3, 10, 40)).toBeCloseTo(3 * (1 / 10 - 1 / 40), 15);
    expect(finitePopulationVariance(3, 40, 40)).toBe(0);                 // the whole population: no noise
    expect(correlatedBatchVariance(1, 1e6, 0.2)).toBeCloseTo(0.2, 5);    // the floor ρσ²
    expect(correlatedBatchVariance(2, 5, 0)).toBe(minibatchVariance(2, 5));
    expect(effectiveBatchSize(64, 0)).toBe(64);
    expect(effectiveBatchSize(64, 1)).toBe(1);
    const r = reluMoments(2 * Math.PI);
    expect(r.mean).toBe(1);
    expect(r.secondMoment).toBe(Math.PI);
    expect(r.variance).toBeCloseTo(Math.PI - 1, 14);
    expect(posteriorPositive(0.01, 0.99, 0.05)).toBeCloseTo(0.16666666666666666, 15);
    expect(hoeffdingBound(100, 0.1)).toBeCloseTo(2 * Math.exp(-2), 15);
    expect(bernsteinBound(100, 0.1, 0.01)).toBeCloseTo(2 * Math.exp(-1 / (0.02 + 0.2 / 3)), 14);
    expect(hoeffdingBound(1, 0.01)).toBe(1);                              // capped: a probability
    expect(batchMeanCoverage(1.959963984540054, 1, 1)).toBeCloseTo(0.95, 14);
    expect(ar1VarianceRatio(0, 10)).toBe(1);
    expect(sgdStationaryVariance(1, 1, 3)).toBe(3);                      // ηλ/(h(2 − ηh)) = 3/1
    expect(() => sgdStationaryVariance(1, 2, 1)).toThrow(/ηh < 2 \(stable\), got η = 1, h = 2/);
    expect(ar1VarianceRatio(0.5, 2)).toBe(0.5);                         // E[(x₁ − x₂)²/2] = 1 − φ
    expect(massartBound(1, 8, 2)).toBeCloseTo(Math.sqrt(2 * Math.log(8)) / 2, 14);
    expect([initVariance("naive", 100), initVariance("xavier", 100), initVariance("he", 100)]).toEqual([1, 0.01, 0.02]);
  });

  it("reject bad input naming the argument, its value and the rule", () => {
    expect(() => minibatchVariance(1, 0)).toThrow(/m must be an integer ≥ 1, got 0/);
    expect(() => finitePopulationVariance(1, 11, 10)).toThrow(/batchSize must be ≤ populationSize \(10\), got 11/);
    expect(() => correlatedBatchVariance(1, 5, -0.5)).toThrow(/rho must be in \[−1\/\(m − 1\), 1\]/);
    expect(() => reluMoments(-1)).toThrow(/q must be a finite number ≥ 0, got -1/);
    expect(() => initVariance("lecun" as never, 3)).toThrow(/scheme must be/);
    expect(() => hoeffdingBound(10, 0)).toThrow(/epsilon must be a finite number > 0, got 0/);
    expect(() => ar1VarianceRatio(1, 5)).toThrow(/phi must be in \(−1, 1\), got 1/);
    expect(() => posteriorPositive(0, 0.9, 0)).toThrow(/a positive test has probability 0/);
    expect(() => intraclassCorrelation(tensor([1, 2, 3]))).toThrow(/shape \[G ≥ 2, m ≥ 2\]/);
  });

  it("estimate ρ = 1 for identical rows within a batch and a negative ρ for batches that sum to a constant", () => {
    expect(intraclassCorrelation(tensor([1, 1, 1, 2, 2, 2, 5, 5, 5], [3, 3], "float64"))).toBe(1);
    // every batch is a permutation of (0, 1, 2): means equal, B = 0 → ρ̂ = −1/(m − 1)
    expect(intraclassCorrelation(tensor([0, 1, 2, 2, 0, 1, 1, 2, 0], [3, 3], "float64"))).toBeCloseTo(-0.5, 15);
  });
});

describe("every experiment at its small size", () => {
  let rows: ExperimentRow[] = [];
  let results: ExperimentResult[] = [];
  let leaked = 0;
  beforeAll(() => {
    const before = memory().tensors;
    rows = runExperiments(key(15));
    results = rows.filter((r): r is ExperimentResult => !("bound" in r));
    leaked = memory().tensors - before;
  });

  it("agrees with its theory within 4 standard errors (or its exact tolerance)", () => {
    const bad = rows.filter((r) => !passed(r)).map((r) => JSON.stringify(r));
    expect(bad).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(40);
    for (const r of results) expect(r.standardError).toBeGreaterThanOrEqual(0);
  });

  it("frees every tensor it makes", () => { expect(leaked).toBe(0); });

  it("would reject a wrong theory: the checks have power", () => {
    const get = (prefix: string) => results.find((r) => r.name.startsWith(prefix))!;
    const wrong = (r: ExperimentResult, theory: number) => Math.abs(r.simulation - theory) <= 4 * r.standardError;
    // correlated batches at m = 256 are far from the i.i.d. σ²/m
    expect(wrong(get("minibatch:correlated ρ=0.1 m=256"), minibatchVariance(1, 256))).toBe(false);
    // without replacement the variance is below the with-replacement σ²/B
    const fpc = get("minibatch:fpc");
    expect(wrong(fpc, fpc.details!.withReplacement as number)).toBe(false);
    // the digits' mini-batch gradients at B = N/2 carry the finite population correction: with replacement would be 2×
    expect(wrong(get("minibatch:stand-in gradients N=512 B=256"), 2)).toBe(false);
    // He+ReLU keeps the second moment at depth: the single-input nets reject half of it
    expect(wrong(get("propagation:he+relu depth="), 1)).toBe(false);
    // ReLU keeps half the second moment, not all of it
    expect(wrong(get("relu-moments:second"), 2)).toBe(false);
    // dropout's diagonal is not Σ_ii alone
    expect(wrong(get("dropout:covariance-diagonal"), 1)).toBe(false);
    // the second-order prediction of the Jensen gap undershoots the exact gap for f = exp (reported, not judged)
    expect(get("dropout:jensen-gap").details!.secondOrderRelativeError).toBeLessThan(0);
    // the unscaled score's variance is d, not 1
    expect(wrong(get("geometry:dot"), 1)).toBe(false);
    // the score-function estimator at σ = 0.1 has ~2800× the variance of the reparameterised one
    // Bernstein is tighter than Hoeffding at small variance, and both bounds are not vacuous there
    const bern = rows.find((r) => r.name.startsWith("bounds:bernstein"))!;
    expect("bound" in bern && bern.bound < (bern.details!.hoeffding as number) && bern.bound < 1).toBe(true);
    // SGD's variance along the flat direction is the larger one (h = 0.25 against h = 4)
    expect(get("sgd:stationary-variance diagonal η=0.1 h=0.25").simulation).toBeGreaterThan(10 * get("sgd:stationary-variance diagonal η=0.1 h=4").simulation);
    // the grid MAP is shrunk from the MLE toward 0
    expect(get("bayes:grid-posterior").details!.shrinkage as number).toBeGreaterThan(0);
    // the AR(1) batch variance is detectably below the i.i.d. 1
    expect(wrong(get("normalization:ar1"), 1)).toBe(false);
    const ratio = get("gradients:score-function-variance θ=1 σ=0.1").details!.varianceRatioSimulation as number;
    expect(ratio).toBeGreaterThan(1000);
  });

  it("prints one Markdown row per result", () => {
    const table = experimentTable(rows);
    expect(table.split("\n").filter((l) => l.startsWith("| ")).length).toBe(rows.length + 2);   // header and separator
    expect(table).toMatch(/\| bounds:bernstein [^|]*\|.*\| bound [0-9.e-]+ \| [0-9.e-]+ \| holds \|/);
    expect(table).toContain("| minibatch:iid m=16 |");
  });
});

describe("runExperiments", () => {
  it("is deterministic and a subset gives the same rows as the whole", () => {
    const only = ["minibatch-iid", "dropout-covariance", "gradient-estimators"];
    const a = runExperiments(key(7), { only });
    const b = runExperiments(key(7), { only: ["gradient-estimators", "minibatch-iid", "dropout-covariance"] });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(runExperiments(key(8), { only: ["minibatch-iid"] })[0].simulation).not.toBe(a[0].simulation);
  });

  it("runs each experiment with experimentKey(k, its name), whatever its place in the registry", () => {
    const e = experiments.find((x) => x.name === "medical-test")!;
    expect(JSON.stringify(runExperiments(key(7), { only: ["medical-test"] }))).toBe(JSON.stringify(e.run(experimentKey(key(7), "medical-test"), "small")));
    expect(experimentKey(key(7), "a")).not.toEqual(experimentKey(key(7), "b"));
    expect(() => experimentKey(key(7), 3 as never)).toThrow(/experimentKey: name must be a string, got 3/);
  });

  it("rejects an unknown size or experiment name", () => {
    expect(() => runExperiments(key(0), { size: "huge" as never })).toThrow(/size must be "small" or "full", got "huge"/);
    expect(() => runExperiments(key(0), { only: ["nope"] })).toThrow(/unknown experiment "nope"/);
  });

  it("names every experiment once", () => {
    const names = experiments.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("the deep-ensembles toy", () => {
  it("draws the data, x³, the mean and both bands as a standalone SVG", () => {
    const e = experiments.find((x) => x.name === "deep-ensemble-toy")!;
    const rows = e.run(foldIn(key(15), 0), "small") as ExperimentResult[] & { curves?: Parameters<typeof toySvg>[0] };
    const svg = toySvg(rows.curves!);
    expect(svg.startsWith("<svg")).toBe(true);
    expect((svg.match(/<circle /g) ?? []).length).toBe(21);   // 20 points + the legend's
    expect((svg.match(/<polygon /g) ?? []).length).toBe(2);
    expect(rows.curves!.x.length).toBe(61);
  });
});
