// Item 8 of issue 15: the uniform (Rademacher) bound, the kl-inverse, the PAC-Bayes bound and their experiments.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, experimentKey, memory, tensor, Normal, kl, sum, experiments, klInverse, pacBayesBound, rademacherBound, standInDigits } from "../../../sdk/index";
import { loadMnist } from "../../../sdk/node";
import { diagonalGaussianKL, pacBayesExperiment } from "../../../sdk/experiments/pac-bayes";
import { uniformBoundExperiment } from "../../../sdk/experiments/generalization";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/kl-inverse/data.json", import.meta.url), "utf8")) as {
  klInverse: [number, number, number][]; pacBayes: [number, number, number, number, number][]; rademacher: [number, number, number, number][];
};
const klBernoulli = (q: number, p: number) => (q === 0 ? 0 : q * Math.log(q / p)) + (q === 1 ? 0 : (1 - q) * Math.log((1 - q) / (1 - p)));

beforeAll(async () => { await init(); });

describe("klInverse", () => {
  it("matches mpmath's kl⁻¹(q, c) at 60 digits on 100 cases from q = 0 to 0.999 and c = 1e−8 to 30", () => {
    for (const [q, c, p] of fixture.klInverse) {
      const got = klInverse(q, c);
      // the bisection stops at adjacent doubles; kl's rounding moves the root by ≲ 1e−16/kl′(p), largest at tiny c
      expect(Math.abs(got - p), `kl⁻¹(${q}, ${c})`).toBeLessThanOrEqual(1e-12 + 1e-9 * Math.abs(p - q));
      expect(got).toBeGreaterThanOrEqual(q);
    }
  });

  it("is the largest p with kl(q‖p) ≤ c: kl at the answer is c, and a step beyond it exceeds c", () => {
    const p = klInverse(0.05, 0.1);
    expect(klBernoulli(0.05, p)).toBeCloseTo(0.1, 12);
    expect(klBernoulli(0.05, p + 1e-9)).toBeGreaterThan(0.1);
    expect(klInverse(0.3, 0)).toBe(0.3);
    expect(klInverse(1, 0.5)).toBe(1);
    expect(klInverse(0.2, Infinity)).toBe(1);
    expect(klInverse(0, 0.01)).toBeCloseTo(1 - Math.exp(-0.01), 14);   // kl(0‖p) = −log(1 − p)
    expect(klInverse(0.1, 0.01)).toBeLessThan(klInverse(0.1, 0.02));
  });

  it("rejects q outside [0, 1] and c < 0 naming the argument", () => {
    expect(() => klInverse(1.5, 0.1)).toThrow(/klInverse: q must be in \[0, 1\], got 1.5/);
    expect(() => klInverse(0.1, -1)).toThrow(/klInverse: c must be a number ≥ 0/);
    expect(() => klInverse(NaN, 0.1)).toThrow(/q must be in \[0, 1\], got NaN/);
  });
});

describe("pacBayesBound and rademacherBound", () => {
  it("match mpmath: Maurer's kl⁻¹(q, (KL + log(2√n/δ))/n) and 2R + 3√(log(2/δ)/(2n))", () => {
    for (const [q, k, n, d, bound] of fixture.pacBayes) expect(Math.abs(pacBayesBound(q, k, n, d) - bound)).toBeLessThanOrEqual(1e-11);
    for (const [r, n, d, bound] of fixture.rademacher) expect(rademacherBound(r, n, d)).toBeCloseTo(bound, 14);
  });

  it("reject bad input naming the argument, its value and the rule", () => {
    expect(() => pacBayesBound(0.1, 10, 7, 0.05)).toThrow(/pacBayesBound: n must be an integer ≥ 8 \(Maurer's form\), got 7/);
    expect(() => pacBayesBound(0.1, -1, 100, 0.05)).toThrow(/klDivergence must be a finite number ≥ 0, got -1/);
    expect(() => pacBayesBound(0.1, 1, 100, 1)).toThrow(/delta must be in \(0, 1\), got 1/);
    expect(() => rademacherBound(-0.1, 10, 0.05)).toThrow(/rademacherBound: rademacher must be a finite number ≥ 0, got -0.1/);
    expect(() => rademacherBound(0.1, 0, 0.05)).toThrow(/n must be an integer ≥ 1, got 0/);
  });
});

describe("the uniform bound experiment", () => {
  it("keeps the worst gap over the class under 2R̂ + confidence term, with a positive gap the ERM's does not exceed", () => {
    const r = uniformBoundExperiment({ n: 50, population: 500, draws: 200, angles: 16, radii: 4 }, key(3));
    const d = r.details as Record<string, number>;
    expect(r.holds).toBe(true);
    expect(r.observed).toBeLessThanOrEqual(0.05);
    expect(d.meanWorstGap).toBeGreaterThan(0);                    // L − L̂ maximised over the class: positive
    expect(d.meanErmGap).toBeLessThanOrEqual(d.meanWorstGap);     // the ERM is one point of the grid
    expect(d.worstGapOverBound).toBeLessThan(1);
    // the bound at these sizes: 2·(W/n)·√Σ‖x‖² ≈ 2·2·√(2n)/n = 0.8 plus 3√(log 40/100) = 0.58
    expect(d.meanBound).toBeGreaterThan(1.2);
    expect(d.meanBound).toBeLessThan(1.55);
  });
});

describe("diagonalGaussianKL", () => {
  it("equals the sum of the library's closed-form KL(N(μ, s²) ‖ N(w₀, λ)) over the coordinates", () => {
    const mu = [tensor([0.5, -1, 0.1], [3], "float64"), tensor([2, 0], [2], "float64")];
    const rho = [tensor([-1, 0, -3], [3], "float64"), tensor([0.5, -2], [2], "float64")];
    const w0 = [tensor([0, 0.2, 0.1], [3], "float64"), tensor([1, -1], [2], "float64")];
    const logLambda = -0.7;
    const ours = diagonalGaussianKL(mu, rho, w0, tensor([logLambda], [1], "float64")).item();
    let reference = 0;
    mu.forEach((m, i) => {
      const s = rho[i].toArray().map((r) => Math.sqrt(Math.exp(r)));
      const k = kl(new Normal(m, s), new Normal(w0[i], Math.sqrt(Math.exp(logLambda))));
      reference += sum(k).item();
    });
    expect(ours).toBeCloseTo(reference, 12);
  });
});

describe("the PAC-Bayes experiment", () => {
  it("holds on the stand-in digits at its small size, the same bits twice, without leaks", () => {
    const e = experiments.find((x) => x.name === "pac-bayes")!;
    const before = memory().tensors;
    const a = e.run(experimentKey(key(15), e.name), "small");
    const b = e.run(experimentKey(key(15), e.name), "small");
    expect(memory().tensors).toBe(before);
    expect(b).toEqual(a);
    const r = a[0] as { name: string; bound: number; observed: number; holds: boolean; details: Record<string, number> };
    expect(r.name).toBe("pac-bayes:stand-in 784-16-2 n=512");
    expect(r.holds).toBe(true);
    expect(r.details.parameters).toBe(784 * 16 + 16 + 16 * 2 + 2);
    expect(r.details.trainErrorQUpper).toBeGreaterThanOrEqual(r.details.trainErrorQ);
    expect(r.bound).toBeGreaterThanOrEqual(r.details.trainErrorQUpper);
    expect(r.details.kl).toBeGreaterThan(0);
  });

  it("is non-vacuous (below 1) on 6000 MNIST digits with a small net, and holds on the test digits", async () => {
    const mnist = await loadMnist();
    const r = pacBayesExperiment(mnist, { trainCount: 6000, testCount: 2000, hidden: 16, steps: 300, dataName: "MNIST" }, key(8));
    const d = r.details as Record<string, number>;
    expect(r.holds).toBe(true);
    expect(r.bound).toBeLessThan(0.9);                          // non-vacuous (< 1; 0.65 here — n = 6000 is small for its KL)
    expect(r.bound).toBeGreaterThan(d.trainErrorQUpper);
    expect(d.testErrorQ).toBeLessThan(0.15);                    // the stochastic net still classifies
    expect(d.boundLangfordSeeger).toBeGreaterThanOrEqual(r.bound - 0.01);
  });

  it("rejects bad options naming the option, its value and the rule", () => {
    const digits = standInDigits(key(1), 16, 4);
    expect(() => pacBayesExperiment(digits, { trainCount: 4 }, key(1))).toThrow(/trainCount must be .*8/);
    expect(() => pacBayesExperiment(digits, { delta: 1 }, key(1))).toThrow(/pacBayesExperiment: delta must be in \(0, 1\), got 1/);
    expect(() => pacBayesExperiment(digits, { initLambda: 0.5 }, key(1))).toThrow(/initLambda must be < c \(0.1\)/);
    expect(() => pacBayesExperiment(digits, { hidden: 0 }, key(1))).toThrow(/pacBayesExperiment: hidden/);
    expect(() => pacBayesExperiment({} as never, {}, key(1))).toThrow(/pacBayesExperiment: digits/);
  });
});
