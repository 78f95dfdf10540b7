// Silent wrong numbers from parameters whose derived quantities overflow (issue 14): each is now either the
// right number or a RangeError naming the rule.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

const item = (f: () => S.Tensor) => S.scope(() => f().item());

describe("parameters near the float limits", () => {
  it("uniform() and Uniform refuse a range whose width overflows (it gave ∞/NaN draws, −∞ logProb, NaN KL)", () => {
    expect(() => S.uniform(S.key(0), [4], { low: -1.7e308, high: 1.7e308, dtype: "float64" })).toThrow(/uniform: low, high and high − low must be finite in float64/);
    expect(() => S.uniform(S.key(0), [4], { low: -3e38, high: 3e38 })).toThrow(/finite in float32/);
    expect(() => S.uniform(S.key(0), [4], { low: 0, high: 1e39 })).toThrow(/finite in float32/);
    expect(() => new S.Uniform(-1.7e308, 1.7e308)).toThrow(/Uniform: high − low must be a finite float64/);
    const wide = new S.Uniform(-8e307, 8e307); // the widest kind that fits: every quantity is right
    expect(item(() => wide.logProb(0))).toBeCloseTo(-Math.log(1.6e308), 10);
    expect(item(() => wide.cdf(0))).toBe(0.5);
    expect(item(() => wide.icdf(0.5))).toBe(0);
    expect(item(() => wide.entropy())).toBeCloseTo(Math.log(1.6e308), 10);
    const draws = S.scope(() => Array.from(S.uniform(S.key(0), [64], { low: -8e307, high: 8e307, dtype: "float64" }).toArray()));
    expect(draws.every((v) => v >= -8e307 && v < 8e307)).toBe(true);
  });

  it("stddev is computed directly, not as √variance, for Laplace, Uniform and Gamma at scales 1e±200", () => {
    expect(item(() => new S.Laplace(0, 1e200).stddev)).toBeCloseTo(Math.SQRT2 * 1e200, -190);
    expect(item(() => new S.Laplace(0, 1e-200).stddev) / (Math.SQRT2 * 1e-200)).toBeCloseTo(1, 14);
    expect(item(() => new S.Uniform(0, 1e200).stddev) / (1e200 / Math.sqrt(12))).toBeCloseTo(1, 14);
    expect(item(() => new S.Gamma(4, 1e-200).stddev) / 2e200).toBeCloseTo(1, 14);
    expect(item(() => new S.Gamma(4, 1e200).stddev) / 2e-200).toBeCloseTo(1, 14);
    expect(item(() => new S.Gamma(4, 2).stddev)).toBe(1);
  });

  it("softmax, logSoftmax and entropy refuse temperatures whose reciprocal overflows float32 (rows were NaN)", () => {
    S.scope(() => {
      const x = S.tensor([[1, 2]]);
      for (const f of [S.softmax, S.logSoftmax, S.entropy]) {
        expect(() => f(x, { temperature: 1e-40 })).toThrow(/temperature must be ≥ 2.9387\d*e-39 \(1\/temperature must fit in float32\), got 1e-40/);
      }
      const p = Array.from(S.softmax(x, { temperature: 2.938735964636876e-39 }).toArray());
      expect(p).toEqual([0, 1]);
    });
  });

  it("float32 matmul refuses alpha / beta beyond float32 (the product was NaN); float64 takes them", () => {
    S.scope(() => {
      const one = S.tensor([[1]]);
      expect(() => S.matmul(one, one, { alpha: 1e39 })).toThrow(/matmul: alpha must fit in float32 for float32 tensors/);
      expect(() => S.bmm(S.zeros([1, 1, 1]), S.zeros([1, 1, 1]), { beta: -1e39, out: S.zeros([1, 1, 1]) })).toThrow(/bmm: beta must fit in float32/);
      const d = S.tensor([[1]], [1, 1], "float64");
      expect(S.matmul(d, d, { alpha: 1e39 }).item()).toBe(1e39);
    });
  });
});
