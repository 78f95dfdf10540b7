import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, foldIn, memory, experiments, batchNormMoments, driftVariance, pooledNormalization, type ExperimentResult } from "../../../sdk/index";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/normalization-stats/data.json", import.meta.url), "utf8")) as {
  trainEvalGap: { m: number; trainEvalGap: number }[];
  trendShare: { T: number; N: number; driftVar: number; sigma2: number; trendShare: number }[];
  randomWalk: { T: number; tau: number; driftVariance: number }[];
};
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

beforeAll(async () => { await init(); });

describe("batchNormMoments", () => {
  it("matches mpmath's 2 − 2√(2/m)Γ(m/2)/Γ((m − 1)/2) from m = 2 to 10¹²", () => {
    // relative 1e-10: the gap is 2 − 2c with c → 1, so c's rounding (≲ √m ulps from the recurrence up to m = 1024)
    // is magnified by 1/(1 − c) ≈ 4m/3; beyond, the series computes 1 − c without cancellation
    for (const { m, trainEvalGap } of fixture.trainEvalGap) expect(relative(batchNormMoments(m).trainEvalGap, trainEvalGap), `m = ${m}`).toBeLessThan(1e-10);
  });

  it("gives the hand-computed values at m = 2 (x̂ = ±1) and m = 4", () => {
    const two = batchNormMoments(2);
    expect(two.varianceBias).toBe(0.5);                                   // BN's variance estimate is half the truth
    expect(two.fourthMoment).toBe(1);
    expect(two.trainEvalGap).toBeCloseTo(2 - 2 / Math.sqrt(Math.PI), 15); // E[x̂z] = E|z|/√2·… = 1/√π
    expect(batchNormMoments(4)).toEqual({ varianceBias: 0.75, meanVariance: 0.25, secondMoment: 1, fourthMoment: 1.8, trainEvalGap: batchNormMoments(4).trainEvalGap });
    expect(batchNormMoments(1e6).trainEvalGap * 1e6).toBeCloseTo(1.5, 5); // ≈ 3/(2m)
  });

  it("rejects a batch of fewer than 2, naming the rule", () => {
    expect(() => batchNormMoments(1)).toThrow(/batchNormMoments: m must be an integer ≥ 2, got 1/);
    expect(() => batchNormMoments(2.5)).toThrow(/m must be an integer ≥ 2, got 2.5/);
  });
});

describe("driftVariance and pooledNormalization", () => {
  it("give b²(T² − 1)/12 for a linear drift and numpy's τ²(T² − 1)/(6T) for a random walk", () => {
    expect(driftVariance("linear", 0.1, 16)).toBeCloseTo(0.2125, 15);
    expect(driftVariance("linear", 3, 1)).toBe(0);
    for (const { T, tau, driftVariance: v } of fixture.randomWalk) expect(driftVariance("random-walk", tau, T)).toBeCloseTo(v, 13);
  });

  it("match scipy's noncentral-F integral for the residual trend, and the law of total variance", () => {
    for (const { T, N, driftVar, sigma2, trendShare } of fixture.trendShare) {
      const p = pooledNormalization(sigma2, driftVar, T, N);
      expect(relative(p.trendShare, trendShare), `T = ${T}, N = ${N}`).toBeLessThan(1e-9);   // quadrature's accuracy
      expect(p.pooledVariance).toBeCloseTo(driftVar + (sigma2 * (T * N - 1)) / (T * N), 14);
      expect(p.trendShareLimit).toBeCloseTo(driftVar / (driftVar + sigma2), 15);
    }
  });

  it("without drift leaves only the noise's share (T − 1)/(TN − 1), and with N = 1 everything is trend", () => {
    expect(pooledNormalization(1, 0, 16, 16).trendShare).toBe(15 / 255);
    expect(pooledNormalization(2, 0.5, 8, 1).trendShare).toBeCloseTo(1, 14);
  });

  it("reject bad input naming the argument, its value and the rule", () => {
    expect(() => driftVariance("quadratic" as never, 1, 4)).toThrow(/kind must be "linear" or "random-walk", got "quadratic"/);
    expect(() => driftVariance("linear", NaN, 4)).toThrow(/scale must be a finite number, got NaN/);
    expect(() => pooledNormalization(0, 1, 4, 4)).toThrow(/sigma2 must be a finite number > 0, got 0/);
    expect(() => pooledNormalization(1, -1, 4, 4)).toThrow(/driftVar must be a finite number ≥ 0, got -1/);
    expect(() => pooledNormalization(1, 1, 1, 4)).toThrow(/T must be an integer ≥ 2, got 1/);
    expect(() => pooledNormalization(1e-12, 1, 100, 100)).toThrow(/noncentrality .* must be ≤ 1e8/);
  });
});

describe("the normalization experiments (item 7) at their small size", () => {
  const run = (name: string, k = key(15)) => {
    const i = experiments.findIndex((e) => e.name === name);
    return experiments[i].run(foldIn(k, i), "small") as ExperimentResult[];
  };
  let bn: ExperimentResult[] = [], independence: ExperimentResult[] = [], drift: ExperimentResult[] = [];
  let leaked = 0;
  beforeAll(() => {
    const before = memory().tensors;
    [bn, independence, drift] = ["batchnorm-batch-size", "batch-independence", "drift-normalization"].map((n) => run(n));
    leaked = memory().tensors - before;
  });
  type Series = { theory: number; simulation: number; standardError: number; agrees: boolean };
  const rejects = (e: { simulation: number; standardError: number }, theory: number) => Math.abs(e.simulation - theory) > 4 * e.standardError;

  it("agree with their theory, the BatchNorm details included", () => {
    for (const r of [...bn, ...independence, ...drift]) expect(r.agrees, JSON.stringify(r)).toBe(true);
    expect(bn.map((r) => r.details!.m)).toEqual([2, 4, 16]);
    for (const r of bn) {
      for (const s of ["varianceBias", "meanVariance", "fourthMoment"]) expect((r.details![s] as Series).agrees, `${r.name} ${s}`).toBe(true);
      expect(r.details!.secondMomentMaxError as number).toBeLessThan(1e-12);   // Σx̂² = m in every batch
    }
    expect((drift[2].details!.stepVariance as Series).agrees).toBe(true);     // the pooled output's per-step variance, 1 − trend
  });

  it("would reject a wrong theory: the checks have power", () => {
    const at = (m: number) => bn.find((r) => r.details!.m === m)!;
    expect(rejects(at(2).details!.varianceBias as Series, 1)).toBe(true);       // the biased s_b² is not σ² at m = 2
    expect(rejects(at(4).details!.fourthMoment as Series, 3)).toBe(true);       // not Gaussian at m = 4
    expect(rejects(at(16), 0)).toBe(true);                                      // BN's output is not z even at m = 16
    expect(at(2).simulation).toBeGreaterThan(5 * at(16).simulation);            // the noise falls with the batch
    const [linear, walk, pooled] = drift;
    expect(rejects(linear, 1 - 1 / 256)).toBe(true);                             // the drift adds to the pooled variance
    expect(rejects(walk, 1 - 1 / 256)).toBe(true);
    expect(rejects(pooled, 15 / 255)).toBe(true);                                // more than the noise's share: the drift
    expect(rejects(pooled, pooled.details!.limit as number)).toBe(true);         // and not yet the N → ∞ limit at N = 16
    // BatchNorm's output for the same example does move with its companions (what the exact rows would catch)
    expect(independence[0].details!.batchNormLargestChange as number).toBeGreaterThan(0.1);
  });

  it("are the same bits for the same key and differ for another", () => {
    expect(JSON.stringify(run("drift-normalization"))).toBe(JSON.stringify(drift));
    expect(JSON.stringify(run("batchnorm-batch-size"))).toBe(JSON.stringify(bn));
    expect(run("batchnorm-batch-size", key(16))[0].simulation).not.toBe(bn[0].simulation);
  });

  it("free every tensor they make", () => { expect(leaked).toBe(0); });
});
