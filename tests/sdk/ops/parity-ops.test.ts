// Small ops that porting seed 003 from PyTorch needed: a number as the first operand (torch's 1 − x, 2 / x),
// select (x[:, i]), isclose/allclose, the methods norm/diag/diagonal/select, and jacobian/hessian passing extra
// arguments through (torch.func.jacrev(f)(W, x)). Values are exact by construction (small integers and halves).
import { beforeAll, describe, expect, it } from "vitest";
import {
  init, memory, scope, tensor, add, sub, mul, div, select, isclose, allclose, grad, jacobian, hessian, relu, matmul,
  sum, square, Normal, kl,
} from "../../../sdk/index";

beforeAll(async () => { await init(); });

describe("a number as the first operand", () => {
  it("computes 1 − x, 2 / x, 0.5 + x and 3·x with x's dtype", () => scope(() => {
    const x = tensor([1, 2, 4]);
    expect(sub(1, x).toList()).toEqual([0, -1, -3]);
    expect(div(2, x).toList()).toEqual([2, 1, 0.5]);
    expect(add(0.5, x).toList()).toEqual([1.5, 2.5, 4.5]);
    expect(mul(3, x).toList()).toEqual([3, 6, 12]);
    expect(sub(1, tensor([1], [1], "float64")).dtype).toBe("float64");
    expect(div(3, tensor([2], [1], "int32")).toList()).toEqual([1.5]);
  }));

  it("gives the same bits as the tensor-first form (1 − x as −x + 1)", () => scope(() => {
    const x = tensor([0.1, 1 / 3, 1e-8, -7.25]);
    expect(sub(1, x).toArray()).toEqual(add(x.neg(), 1).toArray());
  }));

  it("differentiates through the tensor operand: d(2/x)/dx = −2/x², d(1 − x)/dx = −1", () => scope(() => {
    expect(grad((x) => sum(div(2, x)))(tensor([1, 2])).toList()).toEqual([-2, -0.5]);
    expect(grad((x) => sum(sub(1, x)))(tensor([1, 2])).toList()).toEqual([-1, -1]);
    expect(grad((x) => sum(square(sub(1, x))))(tensor([-1, 3])).toList()).toEqual([-4, 4]);
  }));

  it("refuses two numbers and non-tensors with a clear error", () => {
    expect(() => sub(1, 2 as never)).toThrow(/sub: a or b must be a Tensor, got two numbers/);
    expect(() => add("1" as never, tensor([1]))).toThrow(/add: a must be a Tensor or a number, got "1"/);
  });

  it("leaks nothing, also inside a transform", () => {
    const before = memory().tensors;
    const x = tensor([1, 2]);
    const v = tensor([0.5, 1]);
    const g = grad((u) => sum(div(1, sub(2, u))))(v);
    sub(1, x).dispose(); div(2, x).dispose();
    g.dispose(); v.dispose(); x.dispose();
    expect(memory().tensors).toBe(before);
  });
});

describe("select", () => {
  it("takes x[:, i] and x[i], dropping the dim, negative indices from the end", () => scope(() => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(select(x, 1, 0).toList()).toEqual([1, 4]);
    expect(select(x, 0, -1).toList()).toEqual([4, 5, 6]);
    expect(x.select(1, -1).toList()).toEqual([3, 6]);
    const e = select(tensor([7, 8, 9]), 0, 1);
    expect(e.shape).toEqual([]);
    expect(e.item()).toBe(8);
  }));

  it("scatters its gradient back into place", () => scope(() => {
    const g = grad((x) => sum(square(select(x, 1, 1))))(tensor([[1, 2], [3, 4]]));
    expect(g.toList()).toEqual([[0, 4], [0, 8]]);
  }));

  it("names the index, the dim and its size when out of range", () => {
    expect(() => select(tensor([1, 2, 3]), 0, 3)).toThrow(/select: index 3 is out of range for dim 0 of size 3 \(expected an integer in \[-3, 2\]\)/);
    expect(() => select(tensor(1), 0, 0)).toThrow(/select: x must have at least one dimension/);
    expect(() => select(tensor([1]), 2, 0)).toThrow(/select: dim 2 is out of range/);
  });

  it("leaks nothing", () => {
    const before = memory().tensors;
    const x = tensor([[1, 2], [3, 4]]);
    const s = select(x, 0, 1);
    x.dispose();
    expect(s.toList()).toEqual([3, 4]);
    s.dispose();
    expect(memory().tensors).toBe(before);
  });
});

describe("isclose and allclose", () => {
  it("tests |a − b| ≤ atol + rtol·|b| with torch's defaults (rtol 1e-5, atol 1e-8)", () => scope(() => {
    const b = tensor([1, 1, 0, 100], [4], "float64");
    const a = tensor([1 + 9e-6, 1 + 2e-5, 1e-9, 100.0005], [4], "float64");
    expect(isclose(a, b).toList()).toEqual([1, 0, 1, 1]);
    expect(isclose(a, b, { rtol: 0, atol: 1e-4 }).toList()).toEqual([1, 1, 1, 0]);
    expect(allclose(a, b)).toBe(false);
    expect(allclose(a, b, { rtol: 1e-4 })).toBe(true);
  }));

  it("treats equal infinities as close and NaN as close only with equalNan", () => scope(() => {
    const a = tensor([Infinity, -Infinity, NaN]);
    expect(isclose(a, a).toList()).toEqual([1, 1, 0]);
    expect(isclose(a, a, { equalNan: true }).toList()).toEqual([1, 1, 1]);
    expect(isclose(tensor([Infinity]), tensor([-Infinity])).toList()).toEqual([0]);
  }));

  it("broadcasts, promotes float32 with float64, and is true for empty tensors", () => scope(() => {
    expect(isclose(tensor([[1, 2], [3, 1]]), tensor([1])).toList()).toEqual([[1, 0], [0, 1]]);
    // float32 0.1 is 0.100000001490116…: within the default tolerance, not within rtol 1e-9
    expect(allclose(tensor([0.1]), tensor([0.1], [1], "float64"), { rtol: 1e-9, atol: 0 })).toBe(false);
    expect(allclose(tensor([0.1]), tensor([0.1], [1], "float64"))).toBe(true);
    expect(allclose(tensor([], [0]), tensor([], [0]))).toBe(true);
  }));

  it("compares the seed's hand-written Gaussian KL with kl(Normal, Normal) at atol 1e-5", () => scope(() => {
    const muQ = tensor([1.5, -0.5, 0]), sigmaQ = tensor([0.8, 1.2, 1]);
    const byHand = sigmaQ.reciprocal().log().add(sigmaQ.square().add(muQ.square()).div(2)).sub(0.5);
    expect(byHand.allclose(kl(new Normal(muQ, sigmaQ), new Normal(0, 1)), { atol: 1e-5 })).toBe(true);
  }));

  it("rejects bad tolerances and non-tensors, naming them", () => {
    expect(() => isclose(tensor([1]), tensor([1]), { rtol: -1 })).toThrow(/isclose: rtol must be a number ≥ 0, got -1/);
    expect(() => allclose(tensor([1]), [1] as never)).toThrow(/allclose: b must be a Tensor/);
    expect(() => isclose(tensor([1]), tensor([1]), { equalNan: 1 as never })).toThrow(/equalNan must be a boolean/);
  });

  it("leaks nothing", () => {
    const before = memory().tensors;
    const a = tensor([1, 2]);
    allclose(a, a);
    isclose(a, a).dispose();
    a.dispose();
    expect(memory().tensors).toBe(before);
  });
});

describe("methods norm, diag, diagonal", () => {
  it("match the functions (the seed's x.norm(p=1), H.diagonal())", () => scope(() => {
    const x = tensor([3, 4]);
    expect(x.norm().item()).toBe(5);
    expect(x.norm({ ord: 1 }).item()).toBe(7);
    expect(x.norm({ ord: Infinity }).item()).toBe(4);
    expect(tensor([[2, 0], [0, 3]]).diagonal().toList()).toEqual([2, 3]);
    expect(tensor([1, 2]).diag().toList()).toEqual([[1, 0], [0, 2]]);
    expect(() => tensor([1, 2]).diagonal()).toThrow(/diagonal: x must be a matrix \(2-D\), got shape \[2\]/);
  }));
});

describe("jacobian and hessian with extra arguments", () => {
  it("differentiate in the first argument only, as torch.func.jacrev(f)(W, x)", () => scope(() => {
    const W = tensor([[1, -1], [2, 1]]), x = tensor([1, 2]);
    const J = jacobian((w, v) => relu(matmul(w, v)))(W, x);
    expect(J.shape).toEqual([2, 2, 2]);
    expect(J.toList()).toEqual([[[0, 0], [0, 0]], [[0, 0], [1, 2]]]);
    const H = hessian((v, c) => sum(mul(square(v), c)))(tensor([1, 2]), tensor([3, 5]));
    expect(H.toList()).toEqual([[6, 0], [0, 10]]);
  }));
});
