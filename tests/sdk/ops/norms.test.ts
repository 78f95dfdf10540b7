import { beforeAll, describe, expect, it } from "vitest";
import { cosineSimilarity, init, norm, pairwiseCosine, scope, tensor, zeros, type DType } from "../../../sdk/index";
import { expectClose, fixture, numbers } from "./fixture";

interface ReductionCase {
  dtype: DType; shape: number[]; dim: number | null; keepdim: boolean; x: number[]; outShape: number[];
  l1: (number | string)[]; l2: (number | string)[]; linf: (number | string)[]; fro?: (number | string)[];
}
interface CosineCase { dtype: DType; shape: number[]; dim: number; a: number[]; b: number[]; expected: (number | string)[]; outShape: number[] }
interface PairwiseCase { dtype: DType; aShape: number[]; bShape: number[]; a: number[]; b: number[]; expected: (number | string)[] }

// Cosines are checked against an absolute 2e-7 (float32) / 1e-13 (float64).

describe("norms and cosine similarity against PyTorch (tests/fixtures/ops)", () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of fixture.reductions as ReductionCase[]) {
    const where = c.dim === null ? "over every element" : `along dim ${c.dim}${c.keepdim ? " with keepdim" : ""}`;
    it(`L1, L2, L∞ (and Frobenius) norms match torch.linalg.vector_norm for ${JSON.stringify(c.shape)} ${where} in ${c.dtype}`, () => {
      scope(() => {
        const x = tensor(c.x, c.shape, c.dtype);
        const options = c.dim === null ? {} : { dim: c.dim, keepdim: c.keepdim };
        const scale = c.x.reduce((s, v) => s + Math.abs(v), 0);
        const l2 = norm(x, options);
        expect(l2.shape).toEqual(c.outShape);
        expectClose(norm(x, { ...options, ord: 1 }).toArray(), c.l1, c.dtype, scale, "L1");
        expectClose(l2.toArray(), c.l2, c.dtype, 0, "L2");
        expect(Array.from(norm(x, { ...options, ord: Infinity }).toArray())).toEqual(numbers(c.linf)); // exact: an element
        if (c.fro) expectClose(norm(x, { ord: "fro" }).toArray(), c.fro, c.dtype, 0, "Frobenius");
      });
    });
  }

  for (const c of fixture.cosine as CosineCase[]) {
    it(`cosineSimilarity matches F.cosine_similarity for ${JSON.stringify(c.shape)} along dim ${c.dim} in ${c.dtype}`, () => {
      scope(() => {
        const out = cosineSimilarity(tensor(c.a, c.shape, c.dtype), tensor(c.b, c.shape, c.dtype), { dim: c.dim });
        expect(out.shape).toEqual(c.outShape);
        const ref = numbers(c.expected), got = out.toArray();
        const tol = c.dtype === "float32" ? 2e-7 : 1e-13;
        for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i]), `cos[${i}]`).toBeLessThanOrEqual(tol);
      });
    });
  }

  for (const c of fixture.pairwise as PairwiseCase[]) {
    it(`pairwiseCosine matches F.cosine_similarity of every row pair for ${JSON.stringify(c.aShape)} × ${JSON.stringify(c.bShape)} in ${c.dtype}`, () => {
      scope(() => {
        const out = pairwiseCosine(tensor(c.a, c.aShape, c.dtype), tensor(c.b, c.bShape, c.dtype));
        expect(out.shape).toEqual([c.aShape[0], c.bShape[0]]);
        const ref = numbers(c.expected), got = out.toArray();
        const tol = c.dtype === "float32" ? 2e-7 : 1e-13;
        for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i]), `cos[${i}]`).toBeLessThanOrEqual(tol);
      });
    });
  }
});

describe("the seed's worked numbers (seeds/003: Linear Algebra, Norms)", () => {
  beforeAll(async () => {
    await init();
  });

  it("gives L1 = 7, L2 = 5 and L∞ = 4 for x = [3, 4]", () => {
    scope(() => {
      const x = tensor([3, 4]);
      expect(norm(x, { ord: 1 }).item()).toBe(7);
      expect(norm(x, { ord: 2 }).item()).toBe(5);
      expect(norm(x, { ord: Infinity }).item()).toBe(4);
    });
  });

  it("gives cosine 0.8018 for a = [1, 2, 3] and b = [2, 2, 1], also as a (1, 3) row pair", () => {
    scope(() => {
      const a = tensor([1, 2, 3]), b = tensor([2, 2, 1]);
      expect(cosineSimilarity(a, b).item()).toBeCloseTo(0.8018, 4);
      expect(cosineSimilarity(a, b).item()).toBe(Math.fround(9 / (Math.sqrt(14) * 3)));
      expect(pairwiseCosine(a.reshape([1, 3]), b.reshape([1, 3])).item()).toBe(cosineSimilarity(a, b).item());
    });
  });
});

describe("norm and cosine edge cases", () => {
  beforeAll(async () => {
    await init();
  });

  it("gives cosine 0 for a zero vector (the denominator is clamped at eps = 1e-8)", () => {
    scope(() => {
      expect(cosineSimilarity(zeros([4]), tensor([1, 2, 3, 4])).item()).toBe(0);
      expect(Array.from(pairwiseCosine(zeros([1, 2]), tensor([[1, 0]])).toArray())).toEqual([0]);
    });
  });

  it("does not overflow a float32 L2 norm whose squares exceed the float32 range", () => {
    scope(() => {
      expect(norm(tensor([3e38, 4e38 / 2])).item()).toBe(Math.fround(Math.hypot(Math.fround(3e38), Math.fround(2e38))));
    });
  });

  it("returns NaN for L∞ when an element is NaN", () => {
    scope(() => {
      expect(norm(tensor([1, NaN, -7]), { ord: Infinity }).item()).toBeNaN();
    });
  });

  it("rejects an unknown ord, and a dim with ord \"fro\"", () => {
    scope(() => {
      const x = tensor([[1, 2], [3, 4]]);
      expect(() => norm(x, { ord: 3 as 2 })).toThrow(/norm: ord must be 1, 2, Infinity or "fro", got 3/);
      expect(() => norm(x, { ord: "fro", dim: 0 })).toThrow(/norm: ord "fro" reduces every element and takes no dim, got dim 0/);
      expect(() => norm(x, { dim: 5 })).toThrow(/norm: dim 5 is out of range for a tensor of shape \[2, 2\]/);
    });
  });

  it("names both shapes when cosineSimilarity or pairwiseCosine operands disagree", () => {
    scope(() => {
      expect(() => cosineSimilarity(tensor([1, 2, 3]), tensor([1, 2])))
        .toThrow(/cosineSimilarity: a and b must have the same shape, got \[3\] and \[2\]/);
      expect(() => pairwiseCosine(tensor([[1, 2, 3]]), tensor([[1, 2]])))
        .toThrow(/pairwiseCosine: a and b must have rows of the same length, got a \[1, 3\] and b \[1, 2\]/);
      expect(() => pairwiseCosine(tensor([1, 2]), tensor([[1, 2]]))).toThrow(/pairwiseCosine: a must have rank 2/);
    });
  });

  it("rejects mixed dtypes and a non-positive eps", () => {
    scope(() => {
      expect(() => cosineSimilarity(tensor([1]), tensor([1], [1], "float64"))).toThrow(/cosineSimilarity: b must have the same dtype as a \(float32\), got float64/);
      expect(() => cosineSimilarity(tensor([1]), tensor([1]), { eps: 0 })).toThrow(/cosineSimilarity: eps must be a finite number > 0, got 0/);
    });
  });
});
