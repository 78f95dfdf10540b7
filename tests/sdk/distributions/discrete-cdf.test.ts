// Bernoulli and Categorical cdf / icdf: the step function P(X ≤ x) and its generalised inverse
// min{c : F(c) ≥ q}. Exact values: the cumulative sums of a few binary fractions are exact in f64.
import { beforeAll, describe, expect, it } from "vitest";
import { init, scope, tensor, Bernoulli, Categorical, key } from "../../../sdk/index";

beforeAll(async () => { await init(); });

const arr = (t: { toArray(): ArrayLike<number> }) => Array.from(t.toArray());

describe("Categorical cdf and icdf", () => {
  it("steps at each category: 0 below 0, the cumulative sums inside, 1 from K − 1 on, NaN for NaN", () => {
    scope(() => {
      const c = new Categorical({ probs: [0.25, 0.25, 0.5] });
      expect(arr(c.cdf([-Infinity, -1, -0.5, 0, 0.99, 1, 1.5, 2, 7, Infinity, NaN]))).toEqual([0, 0, 0, 0.25, 0.25, 0.5, 0.5, 1, 1, 1, NaN]);
    });
  });

  it("inverts to the smallest category with F(c) ≥ q and never returns a zero-probability category for q > 0", () => {
    scope(() => {
      const c = new Categorical({ probs: [0.25, 0, 0.75] });
      expect(arr(c.icdf([0, 0.125, 0.25, 0.2500001, 0.5, 1]))).toEqual([0, 0, 0, 2, 2, 2]);
    });
  });

  it("ends at exactly 1 even when the cumulative sums round below it", () => {
    scope(() => {
      const c = new Categorical({ probs: new Array(10).fill(0.1) });
      expect(arr(c.cdf([9]))).toEqual([1]);
      expect(arr(c.icdf([1]))).toEqual([9]);
    });
  });

  it("broadcasts over a batch of rows, keeps float32 for float32 input and agrees with the logits form", () => {
    scope(() => {
      const c = new Categorical({ probs: [[0.5, 0.5], [0.25, 0.75]] });
      expect(arr(c.cdf([0, 0]))).toEqual([0.5, 0.25]);
      const q = c.icdf(tensor([0.4, 0.4]));
      expect(q.dtype).toBe("float32");
      expect(arr(q)).toEqual([0, 1]);
      const fromLogits = new Categorical({ logits: [Math.log(0.25), Math.log(0.75)] });
      expect(Math.abs(arr(fromLogits.cdf([0]))[0] - 0.25)).toBeLessThan(1e-15);
    });
  });

  it("matches the empirical cdf of its own draws within 4 standard errors", () => {
    scope(() => {
      const c = new Categorical({ logits: [2, 1, -0.5, 3] });
      const n = 20000;
      const draws = arr(c.sample(key(3), [n]));
      const f = arr(c.cdf([0, 1, 2, 3]));
      for (let k = 0; k < 4; k++) {
        const empirical = draws.filter((v) => v <= k).length / n;
        expect(Math.abs(empirical - f[k]), `F(${k})`).toBeLessThanOrEqual(4 * Math.sqrt(f[k] * (1 - f[k]) / n) + 1e-12);
      }
    });
  });

  it("rejects levels outside [0, 1] naming q, and gives NaN for them without validation", () => {
    scope(() => {
      expect(() => new Categorical({ probs: [0.5, 0.5] }).icdf([1.5])).toThrow(/Categorical\.icdf: q must be in \[0, 1\]/);
      expect(arr(new Categorical({ probs: [0.5, 0.5] }, { validateArgs: false }).icdf([1.5, -0.1, NaN]))).toEqual([NaN, NaN, NaN]);
    });
  });
});

describe("Bernoulli cdf and icdf", () => {
  it("is 0 below 0, 1 − p on [0, 1) and 1 from 1 on", () => {
    scope(() => {
      const b = new Bernoulli({ probs: [0.25, 0, 1] });
      expect(arr(b.cdf([[-1, -1, -1], [0, 0, 0], [0.5, 0.5, 0.5], [1, 1, 1]]))).toEqual([0, 0, 0, 0.75, 1, 0, 0.75, 1, 0, 1, 1, 1]);
      expect(arr(b.cdf([NaN, Infinity, -Infinity]))).toEqual([NaN, 1, 0]);
    });
  });

  it("keeps 1 − p exact from large logits (σ(−l), not 1 − σ(l))", () => {
    scope(() => {
      const v = arr(new Bernoulli({ logits: 40 }).cdf([0]))[0];
      expect(Math.abs(v - Math.exp(-40)) / Math.exp(-40)).toBeLessThan(1e-14);
    });
  });

  it("inverts to 0 for q ≤ 1 − p and to 1 above", () => {
    scope(() => {
      const b = new Bernoulli({ probs: 0.25 });
      expect(arr(b.icdf([0, 0.5, 0.75, 0.7500001, 1]))).toEqual([0, 0, 0, 1, 1]);
      expect(arr(new Bernoulli({ probs: 1 }).icdf([0, 1e-300, 1]))).toEqual([0, 1, 1]);
    });
  });
});

describe("Categorical.logProb of int32 class indices", () => {
  it("reads sample()'s int32 draws in place and gives the float64 values of the same indices, −∞ outside [0, K)", () => {
    scope(() => {
      const c = new Categorical({ logits: [[2, 1, -0.5, 3], [0, 0, 0, -Infinity]] });
      const idx = tensor([0, 3, -1, 4, 2, 3, 1, 2147483647], [4, 2], "int32");
      const got = c.logProb(idx);
      expect(got.dtype).toBe("float64");
      const want = c.logProb(tensor(Array.from(idx.toArray()), [4, 2], "float64"));
      expect(arr(got)).toEqual(arr(want));
      expect(arr(got).slice(2, 4)).toEqual([-Infinity, -Infinity]);
      const draws = c.sample(key(9), [1000]);
      expect(arr(c.logProb(draws)).every((v) => Number.isFinite(v))).toBe(true);
    });
  });
});
