import { beforeAll, describe, expect, it } from "vitest";
import { inspect } from "node:util";
import * as s from "../../../sdk/index";

beforeAll(async () => { await s.init(); });
const L = (t: s.Tensor) => t.toList();

describe("broadcasting and dtype promotion", () => {
  it("broadcasts every binary op by numpy's rules", () => {
    s.scope(() => {
      expect(L(s.add(s.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 0, 0]]), s.tensor([[10], [20], [30], [40]])))).toEqual([[11, 12, 13], [24, 25, 26], [37, 38, 39], [40, 40, 40]]);
      expect(s.mul(s.zeros([2, 1, 3]), s.zeros([4, 1])).shape).toEqual([2, 4, 3]);
      expect(L(s.sub(s.tensor(5), s.tensor([1, 2])))).toEqual([4, 3]);
      expect(L(s.maximum(s.tensor([[1], [5]]), s.tensor([2, 3, 4])))).toEqual([[2, 3, 4], [5, 5, 5]]);
      expect(L(s.lt(s.tensor([[1], [5]]), s.tensor([2, 6])))).toEqual([[1, 1], [0, 1]]);
      expect(() => s.add(s.zeros([2, 3]), s.zeros([3, 2]))).toThrow(/add: shapes \[2, 3\] and \[3, 2\] cannot be broadcast together/);
    });
  });

  it("promotes dtypes as torch: float64 > float32 > int32, a number keeps the tensor's dtype", () => {
    s.scope(() => {
      const f = s.tensor([1.5]), d = s.tensor([1], [1], "float64"), i = s.tensor([3], [1], "int32");
      expect(s.add(f, d).dtype).toBe("float64");
      expect(s.add(i, f).dtype).toBe("float32");
      expect(s.add(i, i).dtype).toBe("int32");
      expect(s.add(i, 2).dtype).toBe("int32");
      expect(s.add(i, 2.5).dtype).toBe("float32");
      expect(s.div(i, 2).toList()).toEqual([1.5]); // true division
      expect(s.mul(s.tensor([2 ** 30], [1], "int32"), 4).toList()).toEqual([0]); // int32 wraps
      expect(s.add(f, 0.1).toList()[0]).toBe(Math.fround(1.5 + Math.fround(0.1)));
      expect(s.to(s.tensor([1.7, -1.7, 2.5]), "int32").toList()).toEqual([1, -1, 2]);
    });
  });

  it("compares into int32 masks that where takes", () => {
    s.scope(() => {
      const x = s.tensor([-1, 0, 2, NaN]);
      expect(L(s.gt(x, 0))).toEqual([0, 0, 1, 0]);
      expect(L(s.ne(x, x))).toEqual([0, 0, 0, 1]);
      expect(L(s.where(s.gt(x, 0), x, s.tensor([7])))).toEqual([7, 7, 2, 7]);
      expect(() => s.where(x, x, x)).toThrow(/where: cond must have dtype int32/);
    });
  });
});

describe("views and copies", () => {
  it("shares memory between reshape / view / squeeze / unsqueeze and their base, freed with the last handle", () => {
    const before = s.memory();
    const x = s.tensor([1, 2, 3, 4, 5, 6]);
    const v = x.reshape([2, 3]);
    const w = s.scope(() => v.unsqueeze(0).squeeze().view([3, 2]));
    x.view()[0] = 42;                                    // a write through the base's typed array
    expect(w.toList()).toEqual([[42, 2], [3, 4], [5, 6]]);
    expect(s.memory().bytes - before.bytes).toBe(24);    // one storage for four handles
    x.dispose();
    expect(v.toList()[0]).toEqual([42, 2, 3]);           // still valid after the base is disposed
    v.dispose();
    w.dispose();
    expect(s.memory().tensors).toBe(before.tensors);
    expect(s.memory().bytes).toBe(before.bytes);
  });

  it("reshapes with −1 and refuses sizes that do not match", () => {
    s.scope(() => {
      expect(s.arange(12).reshape([3, -1]).shape).toEqual([3, 4]);
      expect(() => s.arange(12).reshape([5, -1])).toThrow(/reshape: cannot view \[12\] \(12 elements\) as \[5, -1\]/);
      expect(() => s.arange(12).reshape([-1, -1])).toThrow(/at most one dim may be -1/);
    });
  });

  it("transposes, permutes, expands, flips and narrows by strided copies", () => {
    s.scope(() => {
      const x = s.arange(24).reshape([2, 3, 4]);
      expect(x.permute([2, 0, 1]).shape).toEqual([4, 2, 3]);
      expect(x.permute([2, 0, 1]).toList()[1][1]).toEqual([13, 17, 21]);
      expect(L(s.arange(6).reshape([2, 3]).T)).toEqual([[0, 3], [1, 4], [2, 5]]);
      expect(L(s.tensor([[1], [2]]).expand([2, 3]))).toEqual([[1, 1, 1], [2, 2, 2]]);
      expect(L(s.arange(6).reshape([2, 3]).flip([0, 1]))).toEqual([[5, 4, 3], [2, 1, 0]]);
      expect(L(s.arange(10).narrow(0, 7, 3))).toEqual([7, 8, 9]);
      expect(L(s.slice(s.arange(10), 0, -3))).toEqual([7, 8, 9]);
      expect(L(s.arange(10).slice(0, 2, 4))).toEqual([2, 3]);
      expect(L(s.slice(s.arange(10), 0, 8, 100))).toEqual([8, 9]);
      expect(s.slice(s.arange(10), 0, 5, 2).shape).toEqual([0]);
      expect(s.splitTensor(s.arange(5), 2).map(L)).toEqual([[0, 1], [2, 3], [4]]);
      // the fuzz's case: a fractional piece size names the argument
      expect(() => s.splitTensor(s.arange(5), 0.5)).toThrow(/split: sizes must be an integer ≥ 1 \(the size of each piece\) or a list of sizes, got 0.5/);
      expect(s.chunk(s.arange(6), 4).map(L)).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(L(s.concat([s.tensor([[1, 2]]), s.tensor([[3, 4], [5, 6]])], 0))).toEqual([[1, 2], [3, 4], [5, 6]]);
      expect(L(s.stack([s.tensor([1, 2]), s.tensor([3, 4])], 1))).toEqual([[1, 3], [2, 4]]);
      expect(() => s.concat([s.zeros([2, 2]), s.zeros([2, 3])], 0)).toThrow(/concat: tensors\[1\] has shape \[2, 3\]/);
    });
  });

  it("indexes with int32 tensors or arrays, checking every index", () => {
    s.scope(() => {
      const x = s.tensor([[1, 2], [3, 4], [5, 6]]);
      expect(L(s.indexSelect(x, 0, [2, 0, 2]))).toEqual([[5, 6], [1, 2], [5, 6]]);
      expect(L(s.gather(x, 1, s.tensor([[1, 1], [0, 1], [0, 0]], [3, 2], "int32")))).toEqual([[2, 2], [3, 4], [5, 5]]);
      expect(L(s.take(x, [5, 0]))).toEqual([6, 1]);
      expect(L(s.scatterAdd(s.zeros([3]), 0, s.tensor([0, 2, 0], [3], "int32"), s.ones([3])))).toEqual([2, 0, 1]);
      expect(L(s.diag(s.tensor([1, 2])))).toEqual([[1, 0], [0, 2]]);
      expect(L(s.diag(x.narrow(0, 0, 2)))).toEqual([1, 4]);
      expect(L(s.tril(s.ones([3, 3])))).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
      expect(L(s.triu(s.ones([2, 3]), 1))).toEqual([[0, 1, 1], [0, 0, 1]]);
      expect(L(s.outer(s.tensor([1, 2]), s.tensor([3, 4])))).toEqual([[3, 4], [6, 8]]);
      expect(() => s.indexSelect(x, 0, [3])).toThrow(/indexSelect: index 3 \(at position 0\) is out of range for a dim of size 3/);
      expect(() => s.take(x, [1.5])).toThrow(/take: index\[0\] must be an integer/);
    });
  });

  it("creates ranges like torch", () => {
    s.scope(() => {
      expect(s.arange(4).dtype).toBe("int32");
      expect(L(s.arange(0, 1, 0.25))).toEqual([0, 0.25, 0.5, 0.75]);
      expect(L(s.arange(5, 0, -2))).toEqual([5, 3, 1]);
      expect(L(s.linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(L(s.eye(2, 3))).toEqual([[1, 0, 0], [0, 1, 0]]);
      expect(() => s.arange(0, 1, 0)).toThrow(/arange: step must not be 0/);
    });
  });
});

describe("reductions with { dim, keepdim }", () => {
  it("computes std, argmin, logsumexp and prod", () => {
    s.scope(() => {
      const x = s.tensor([[1, 2, 3], [4, 6, 8]], [2, 3], "float64");
      expect(L(x.std({ dim: 1 }))).toEqual([1, 2]);
      expect(L(x.argmin({ dim: 0 }))).toEqual([0, 0, 0]);
      expect(x.prod().item()).toBe(1152);
      expect(x.logsumexp({ dim: 1, keepdim: true }).shape).toEqual([2, 1]);
      expect(s.logsumexp(s.tensor([0, 0], [2], "float64")).item()).toBeCloseTo(Math.LN2, 15);
      expect(s.logsumexp(s.tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
      expect(s.logsumexp(s.tensor([1e30, 1e30])).item()).toBeCloseTo(1e30, -24);
    });
  });
});

describe("matmul with torch's rules", () => {
  it("handles 1-D, 2-D and batched-broadcast operands", () => {
    s.scope(() => {
      expect(s.matmul(s.tensor([1, 2, 3]), s.tensor([4, 5, 6])).item()).toBe(32);
      expect(L(s.matmul(s.tensor([[1, 2], [3, 4]]), s.tensor([1, 1])))).toEqual([3, 7]);
      expect(L(s.matmul(s.tensor([1, 1]), s.tensor([[1, 2], [3, 4]])))).toEqual([4, 6]);
      expect(s.matmul(s.zeros([2, 1, 3, 4]), s.zeros([5, 4, 2])).shape).toEqual([2, 5, 3, 2]);
      const a = s.arange(24).to("float32").reshape([2, 3, 4]), b = s.arange(8).to("float32").reshape([4, 2]);
      expect(L(s.matmul(a, b).narrow(0, 1, 1).squeeze(0))).toEqual(L(s.matmul(a.narrow(0, 1, 1).squeeze(0), b)));
    });
  });
});

describe("printing", () => {
  it("shows values the way torch does", () => {
    s.scope(() => {
      expect(String(s.tensor([[1, 2.5], [3, 4]]))).toBe("tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])");
      expect(String(s.tensor([1, 2]))).toBe("tensor([1., 2.])");
      expect(String(s.arange(3))).toBe("tensor([0, 1, 2], dtype=int32)");
      expect(String(s.tensor(3, [], "float64"))).toBe("tensor(3., dtype=float64)");
      expect(String(s.tensor([1e-8, 1]))).toBe("tensor([1.0000e-08, 1.0000e+00])");
      expect(String(s.tensor([NaN, Infinity, -1]))).toBe("tensor([nan, inf, -1.])");
      expect(String(s.zeros([0, 2]))).toBe("tensor([], size=[0, 2])");
      expect(String(s.arange(2000))).toMatch(/^tensor\(\[   0,    1,    2, \.\.\., 1997, 1998, 1999\], dtype=int32\)$/);
      expect(inspect(s.tensor([1, 2]))).toBe("tensor([1., 2.])");
      const t = s.tensor([1]);
      t.dispose();
      expect(String(t)).toBe("tensor(<disposed>)");
    });
  });
});
