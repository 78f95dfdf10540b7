import { beforeAll, describe, expect, it } from "vitest";
import {
  binaryCrossEntropyWithLogits, crossEntropy, init, klDivRows, memory, mseLoss, scope, tensor,
} from "../../../sdk/index";
import { fixture, mismatches, numbers } from "./fixture";

beforeAll(async () => {
  await init();
});

const f4 = (a: ArrayLike<number>): string[] => Array.from(a, (v) => v.toFixed(4));

describe("crossEntropy: the seed's worked numbers (seed 004)", () => {
  it("gives loss 0.4170 and gradient [-0.3410, 0.2424, 0.0986] for logits [2, 1, 0.1] and target 0", () => {
    scope(() => {
      const logits = tensor([[2, 1, 0.1]]);
      for (const target of [[0], new Int32Array([0]), tensor([0], [1], "int32"), tensor([[1, 0, 0]])]) {
        const { loss, grad } = crossEntropy(logits, target);
        expect(loss.shape).toEqual([]);
        expect(loss.item().toFixed(4)).toBe("0.4170");
        expect(f4(grad.toArray())).toEqual(["-0.3410", "0.2424", "0.0986"]);
      }
    });
  });
});

describe("losses against PyTorch 1.13 (float64 references, 1e-5 relative + 1e-6 absolute)", () => {
  it(`crossEntropy matches F.cross_entropy and its gradient on all ${fixture.crossEntropy.length} cases`, () => {
    const bad: string[] = [];
    scope(() => {
      for (const c of fixture.crossEntropy) {
        const input = fixture.inputs[c.input];
        const x = tensor(numbers(input.logits), input.shape);
        const target = c.kind === "labels" ? input.labels : tensor(numbers(input.probabilities), input.shape);
        const { loss, grad } = crossEntropy(x, target, { labelSmoothing: c.labelSmoothing, reduction: c.reduction });
        expect(loss.shape).toEqual(c.reduction === "none" ? [input.shape[0]] : []);
        const label = `${input.name} ${c.kind} ε=${c.labelSmoothing} ${c.reduction}`;
        bad.push(...mismatches(loss.toArray(), numbers(c.loss), `${label} loss`));
        bad.push(...mismatches(grad.toArray(), numbers(c.grad), `${label} grad`));
      }
    });
    expect(bad).toEqual([]);
  });

  it(`binaryCrossEntropyWithLogits and mseLoss match torch on ${fixture.bce.length + fixture.mse.length} cases`, () => {
    const bad: string[] = [];
    scope(() => {
      for (const c of fixture.bce) {
        const x = tensor(numbers(c.logits)), y = tensor(numbers(c.target));
        const { loss, grad } = binaryCrossEntropyWithLogits(x, y, { reduction: c.reduction });
        bad.push(...mismatches(loss.toArray(), numbers(c.loss), `BCE ${c.name} ${c.reduction} loss`));
        bad.push(...mismatches(grad.toArray(), numbers(c.grad), `BCE ${c.name} ${c.reduction} grad`));
      }
      for (const c of fixture.mse) {
        const x = tensor(numbers(c.input)), y = tensor(numbers(c.target));
        const { loss, grad } = mseLoss(x, y, { reduction: c.reduction });
        bad.push(...mismatches(loss.toArray(), numbers(c.loss), `MSE ${c.name} ${c.reduction} loss`));
        bad.push(...mismatches(grad.toArray(), numbers(c.grad), `MSE ${c.name} ${c.reduction} grad`));
      }
    });
    expect(bad).toEqual([]);
  });

  it(`klDivRows matches Σ p (log p − log q) with 0·log 0 = 0 on ${fixture.kl.length} cases`, () => {
    const bad: string[] = [];
    scope(() => {
      for (const c of fixture.kl) {
        const out = klDivRows(tensor(numbers(c.p), c.shape), tensor(numbers(c.q), c.shape));
        bad.push(...mismatches(out.toArray(), numbers(c.kl), `KL ${c.name}`));
      }
    });
    expect(bad).toEqual([]);
  });
});

describe("losses on extreme inputs", () => {
  it("gives finite gradients and the exact loss 2e30 for logits ±1e30", () => {
    scope(() => {
      const { loss, grad } = crossEntropy(tensor([[1e30, -1e30, 0]]), [1], { reduction: "sum" });
      expect(loss.item()).toBe(Math.fround(2e30));
      expect(Array.from(grad.toArray())).toEqual([1, -1, 0]);
    });
  });

  it("keeps BCE accurate at x = 20, y = 1 where log(1 + e^-20) rounds to 0 in float32", () => {
    scope(() => {
      const want = Math.log1p(Math.exp(-20));
      const got = binaryCrossEntropyWithLogits(tensor([20]), tensor([1]), { reduction: "sum" }).loss.item();
      expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
    });
  });
});

describe("loss argument checks", () => {
  it("rejects labels out of range, naming the index and the value", () => {
    scope(() => {
      const x = tensor([[0, 1, 2], [3, 4, 5]]);
      expect(() => crossEntropy(x, [0, 3])).toThrow("crossEntropy: target[1] must be a class index in [0, 2], got 3");
      expect(() => crossEntropy(x, [-1, 0])).toThrow("target[0] must be a class index in [0, 2], got -1");
      expect(() => crossEntropy(x, [0.5, 1])).toThrow("target[0] must be a class index in [0, 2], got 0.5");
      expect(() => crossEntropy(x, tensor([0, 7], [2], "int32"))).toThrow("target[1] must be a class index in [0, 2], got 7");
      expect(() => crossEntropy(x, [0])).toThrow(/one label per row \(2\), got 1/);
    });
  });

  it("rejects soft targets that are not probability rows summing to 1 within 1e-4", () => {
    scope(() => {
      const x = tensor([[0, 1], [2, 3]]);
      expect(() => crossEntropy(x, tensor([[0.5, 0.5], [0.6, 0.5]]))).toThrow(/row 1 of target sums to 1.1/);
      expect(() => crossEntropy(x, tensor([[1.5, -0.5], [0.5, 0.5]]))).toThrow(/target\[0, 0\] = 1.5 is not a probability/);
      expect(() => crossEntropy(x, tensor([[NaN, 1], [0.5, 0.5]]))).toThrow(/target\[0, 0\] = NaN/);
      expect(() => crossEntropy(x, tensor([[0.5, 0.5]]))).toThrow(/same shape/);
      expect(() => crossEntropy(x, tensor([[0.5, 0.5], [0.5, 0.5]], [2, 2], "float64"))).toThrow(/int32 labels or float32/);
      expect(crossEntropy(x, tensor([[0.50004, 0.5], [0.5, 0.5]])).loss.size).toBe(1);
    });
  });

  it("rejects NaN logits, bad smoothing, unknown reductions and bad shapes without leaking tensors", () => {
    scope(() => {
      const before = memory().tensors;
      expect(() => crossEntropy(tensor([[0, 1], [NaN, 2]]), [0, 1])).toThrow("crossEntropy: logits contains NaN at [1, 0]");
      expect(memory().tensors).toBe(before + 1);
      const x = tensor([[0, 1]]);
      expect(() => crossEntropy(x, [0], { labelSmoothing: 1.5 })).toThrow(/labelSmoothing must be a number in \[0, 1\], got 1.5/);
      expect(() => crossEntropy(x, [0], { reduction: "avg" as "mean" })).toThrow(/reduction must be "mean", "sum" or "none", got "avg"/);
      expect(() => crossEntropy(tensor([1, 2]), [0])).toThrow(/shape \[batch ≥ 1, classes ≥ 1\] or \[batch, classes, d1, …\] with every size ≥ 1, got \[2\]/);
      expect(() => crossEntropy(x, "0" as unknown as number[])).toThrow(/target must be a Tensor or an array/);
    });
  });

  it("rejects BCE targets outside [0, 1], NaN inputs and mismatched shapes", () => {
    scope(() => {
      expect(() => binaryCrossEntropyWithLogits(tensor([0, 1]), tensor([0, 1.5]))).toThrow(/target at flat index 1 = 1.5 is not in \[0, 1\]/);
      expect(() => binaryCrossEntropyWithLogits(tensor([NaN, 1]), tensor([0, 1]))).toThrow(/logits contains NaN at flat index 0/);
      expect(() => mseLoss(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/same shape/);
      expect(() => mseLoss(tensor([1, 2]), tensor([1, NaN]))).toThrow(/target contains NaN at flat index 1/);
    });
  });

  it("rejects KL rows that are not probabilities", () => {
    scope(() => {
      expect(() => klDivRows(tensor([[0.5, 0.6]]), tensor([[0.5, 0.5]]))).toThrow(/row 0 of p sums to 1.1/);
      expect(() => klDivRows(tensor([[0.5, 0.5]]), tensor([[-0.5, 1.5]]))).toThrow(/q\[0, 0\] = -0.5 is not a probability/);
    });
  });
});
