import { beforeAll, describe, expect, it } from "vitest";
import { argmax, empty, init, max, mean, min, scope, sum, tensor, variance, type DType } from "../../../sdk/index";
import { expectClose, fixture, numbers } from "./fixture";

interface Case {
  dtype: DType; shape: number[]; dim: number | null; keepdim: boolean; x: number[]; outShape: number[];
  sum: (number | string)[]; mean: (number | string)[]; varUnbiased: (number | string)[]; varBiased: (number | string)[];
  max: (number | string)[]; min: (number | string)[]; argmax: number[];
}


describe("reductions against PyTorch (tests/fixtures/ops)", () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of fixture.reductions as Case[]) {
    const where = c.dim === null ? "over every element" : `along dim ${c.dim}${c.keepdim ? " with keepdim" : ""}`;
    it(`sum, mean, variance, max, min and argmax match PyTorch for ${JSON.stringify(c.shape)} ${where} in ${c.dtype}`, () => {
      scope(() => {
        const x = tensor(c.x, c.shape, c.dtype);
        const options = c.dim === null ? {} : { dim: c.dim, keepdim: c.keepdim };
        const scale = c.x.reduce((s, v) => s + Math.abs(v), 0);
        const s = sum(x, options);
        expect(s.shape).toEqual(c.outShape);
        expectClose(s.toArray(), c.sum, c.dtype, scale, "sum");
        expectClose(mean(x, options).toArray(), c.mean, c.dtype, scale, "mean");
        expectClose(variance(x, options).toArray(), c.varUnbiased, c.dtype, scale, "variance");
        expectClose(variance(x, { ...options, unbiased: false }).toArray(), c.varBiased, c.dtype, scale, "biased variance");
        // max and min pick an element: exact. argmax: the first index of a tie (the fixture plants one).
        expect(Array.from(max(x, options).toArray())).toEqual(numbers(c.max));
        expect(Array.from(min(x, options).toArray())).toEqual(numbers(c.min));
        const am = argmax(x, options);
        expect(am.dtype).toBe("int32");
        expect(am.shape).toEqual(c.outShape);
        expect(Array.from(am.toArray())).toEqual(c.argmax);
      });
    });
  }
});

describe("reduction edge cases", () => {
  beforeAll(async () => {
    await init();
  });

  it("propagates NaN through sum, max and min, and argmax returns the first NaN", () => {
    scope(() => {
      const x = tensor([1, NaN, 5, NaN, 2]);
      expect(sum(x).item()).toBeNaN();
      expect(max(x).item()).toBeNaN();
      expect(min(x).item()).toBeNaN();
      expect(argmax(x).item()).toBe(1);
    });
  });

  it("sums an empty dim to 0 and gives NaN for its mean, as torch", () => {
    scope(() => {
      expect(Array.from(sum(empty([2, 0]), { dim: 1 }).toArray())).toEqual([0, 0]);
      expect(Array.from(mean(empty([2, 0]), { dim: 1 }).toArray())).toEqual([NaN, NaN]);
      expect(sum(empty([0])).item()).toBe(0);
    });
  });

  it("gives NaN for the unbiased variance of one element and 0 for the biased one", () => {
    scope(() => {
      expect(variance(tensor([3])).item()).toBeNaN();
      expect(variance(tensor([3]), { unbiased: false }).item()).toBe(0);
    });
  });

  it("is exact where a one-pass formula would cancel: the variance of 1e8 + [1, 2, 3, 4] in float64", () => {
    scope(() => {
      expect(variance(tensor([1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4], [4], "float64")).item()).toBe(5 / 3);
    });
  });

  it("reduces a 0-d tensor along dim 0 or -1 to itself", () => {
    scope(() => {
      expect(sum(tensor(4), { dim: 0 }).item()).toBe(4);
      expect(argmax(tensor(4), { dim: -1 }).item()).toBe(0);
    });
  });

  it("rejects max, min and argmax over an empty dim, naming the shape", () => {
    scope(() => {
      expect(() => max(empty([3, 0]), { dim: 1 })).toThrow(/max: cannot reduce an empty dimension \(x has shape \[3, 0\]\)/);
      expect(() => argmax(empty([0]))).toThrow(/argmax: cannot reduce an empty dimension/);
      expect(() => min(empty([0, 2]), { dim: 0 })).toThrow(/min: cannot reduce an empty dimension/);
    });
  });

  it("rejects a dim out of range, naming the shape and the valid range", () => {
    scope(() => {
      const x = tensor([[1, 2], [3, 4]]);
      expect(() => sum(x, { dim: 2 })).toThrow(/sum: dim 2 is out of range for a tensor of shape \[2, 2\] \(expected an integer in \[-2, 1\]\)/);
      expect(() => mean(x, { dim: -3 })).toThrow(/mean: dim -3 is out of range/);
      expect(() => variance(x, { dim: 0.5 })).toThrow(/variance: dim 0.5 is out of range/);
    });
  });

  it("rejects int32 tensors and non-boolean flags", () => {
    scope(() => {
      expect(() => sum(tensor([1, 2], [2], "int32"))).toThrow(/sum: x must have dtype float32 or float64, got int32/);
      expect(() => variance(tensor([1, 2]), { unbiased: 1 as unknown as boolean })).toThrow(/variance: unbiased must be a boolean, got 1/);
      expect(() => max(tensor([1, 2]), { dim: 0, keepdim: "yes" as unknown as boolean })).toThrow(/max: keepdim must be a boolean/);
    });
  });
});
