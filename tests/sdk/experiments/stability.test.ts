import { beforeAll, describe, expect, it } from "vitest";
import { init, key, experimentKey, memory, experiments, standInDigits, type ExperimentRow } from "../../../sdk/index";
import { jacobianStabilityExperiment } from "../../../sdk/experiments/stability";

beforeAll(async () => { await init(); });

const entry = () => experiments.find((e) => e.name === "jacobian-spectral-norm")!;
const byName = (rows: ExperimentRow[], part: string) => rows.find((r) => r.name.includes(part))! as ExperimentRow & { details: Record<string, any> };

describe("item 10: the Jacobian's spectral norm over the test digits", () => {
  let rows: ExperimentRow[] = [];
  let leaked = 0;
  beforeAll(() => {
    const before = memory().tensors;
    rows = entry().run(experimentKey(key(15), "jacobian-spectral-norm"), "small");
    leaked = memory().tensors - before;
  });

  it("is registered as item 10 between items 9 and 11, and names the stand-in in every row", () => {
    expect(entry().item).toBe(10);
    const items = experiments.map((e) => e.item);
    expect(items).toEqual([...items].sort((a, b) => a - b));
    expect(rows.map((r) => r.name)).toEqual([
      "jacobian-spectral-norm:power-vs-svd (stand-in)", "jacobian-spectral-norm:never-above-sigma1 (stand-in)", "jacobian-spectral-norm:product-bound (stand-in)",
      "jacobian-spectral-norm:chebyshev t=3 (stand-in)", "jacobian-spectral-norm:random-halves (stand-in)",
    ]);
    for (const r of rows) expect(r.seed).toBe("001");
  });

  it("passes every row at the small size and frees what it makes", () => {
    for (const r of rows) expect("bound" in r ? r.holds : r.agrees, r.name).toBe(true);
    expect(leaked).toBe(0);
  });

  it("describes the distribution: quantiles in order inside [min, max], a histogram summing to 1, the init for comparison", () => {
    const t = byName(rows, "chebyshev").details.trained;
    const q = Object.values(t.quantiles) as number[];
    expect(q).toEqual([...q].sort((a, b) => a - b));
    expect(t.min).toBeLessThanOrEqual(q[0]);
    expect(t.max).toBeGreaterThanOrEqual(q[q.length - 1]);
    expect(t.mean).toBeGreaterThan(t.min);
    expect(t.standardError).toBeCloseTo(t.sd / Math.sqrt(t.n), 15);
    expect((t.histogram.fractions as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const atInit = byName(rows, "chebyshev").details.atInit;
    expect(atInit.n).toBe(16);
    expect(atInit.mean).toBeGreaterThan(0);
    // Chebyshev's bounds in the details are 1/t², and the observed fractions lie under them
    for (const tail of byName(rows, "chebyshev").details.tails) {
      expect(tail.chebyshev).toBe(1 / (tail.t * tail.t));
      expect(tail.observed).toBeLessThanOrEqual(tail.chebyshev);
    }
  });

  it("checks the product bound against the largest norm, with the weights' norms in the details", () => {
    const b = byName(rows, "product-bound") as ExperimentRow & { bound: number; observed: number; details: Record<string, any> };
    const [w1, w2] = b.details.weightNorms;
    expect(b.bound).toBe(w1 * w2);
    expect(b.observed).toBe(byName(rows, "chebyshev").details.trained.max);
  });

  it("is the same bits from the same key", () => {
    const again = entry().run(experimentKey(key(15), "jacobian-spectral-norm"), "small");
    expect(JSON.stringify(again)).toBe(JSON.stringify(rows));
  });

  it("would catch an unconverged power iteration: stopped after one step, the exact check has nothing converged to show", () => {
    const digits = standInDigits(key(5), 256, 32);
    const options = { label: "stand-in", trainCount: 256, testCount: 16, initCount: 4, exactCount: 2 };
    const one = jacobianStabilityExperiment(digits, { ...options, iterations: 1 }, key(6));
    const exact = byName(one, "power-vs-svd") as ExperimentRow & { agrees: boolean };
    expect(exact.agrees).toBe(false);
    // its estimates are still lower bounds of σ₁, and off by more than the converged allowance
    const lower = byName(one, "never-above") as ExperimentRow & { holds: boolean };
    expect(lower.holds).toBe(true);
    expect(lower.details.worstStragglerRelativeError).toBeGreaterThan(1e-4);
    const full = byName(jacobianStabilityExperiment(digits, options, key(6)), "power-vs-svd") as ExperimentRow & { agrees: boolean; details: Record<string, any> };
    expect(full.agrees).toBe(true);
    // the allowance (τ + 2δ)ρ⁴/(1 − ρ⁴) + δ is what the check compares with, digit by digit
    for (const e of full.details.digitsChecked) {
      const r4 = (e.sigma2 / e.sigma1) ** 4;
      expect(e.allowance).toBeCloseTo(3e-6 * r4 / (1 - r4) + 1e-6, 15);
    }
  });

  it("refuses inconsistent sizes", () => {
    const digits = standInDigits(key(5), 8, 4);
    expect(() => jacobianStabilityExperiment(digits, { label: "x", testCount: 4, initCount: 2, exactCount: 0 }, key(1))).toThrow(/exactCount ≥ 1/);
    expect(() => jacobianStabilityExperiment(digits, { label: "x", testCount: 2, initCount: 4, exactCount: 1 }, key(1))).toThrow(/testCount ≥ initCount/);
    expect(() => jacobianStabilityExperiment(digits, { label: "x", testCount: 8, initCount: 1, exactCount: 1 }, key(1))).toThrow(/digits.test.count \(4\) ≥ testCount/);
  });
});
