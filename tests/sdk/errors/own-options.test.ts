// Options are read as own properties only (sdk/errors.ts ownOptions). Before, `{ reduction: "toString" }` passed
// the `in` check of reductionCode and the loss kernels got code undefined → 0 ("none"): mseLoss wrote 64 losses into
// a 1-element tensor and the next dispose() trapped with "memory access out of bounds".
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

const PROTOTYPE_KEYS = ["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__"];

beforeAll(async () => {
  await S.init();
});

describe("options are own properties", () => {
  it.each(PROTOTYPE_KEYS)("reduction %j is refused by mseLoss, binaryCrossEntropyWithLogits and crossEntropy, with nothing leaked", (name) => {
    const before = S.memory();
    S.scope(() => {
      const x = S.tensor(Array.from({ length: 64 }, (_, i) => i));
      const z = S.zeros([64]);
      expect(() => S.mseLoss(x, z, { reduction: name as "mean" })).toThrow(/mseLoss: reduction must be "mean", "sum" or "none"/);
      expect(() => S.binaryCrossEntropyWithLogits(x, z, { reduction: name as "mean" })).toThrow(/binaryCrossEntropyWithLogits: reduction/);
      expect(() => S.crossEntropy(S.zeros([4, 3]), [0, 1, 2, 0], { reduction: name as "mean" })).toThrow(/crossEntropy: reduction/);
    });
    expect(S.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes });
    // the heap is intact: a dispose-heavy computation still works
    expect(S.scope(() => S.mseLoss(S.tensor([1, 2]), S.zeros([2])).loss.item())).toBe(2.5);
  });

  it("an inherited option is not an option: defaults apply", () => {
    const inherited = Object.create({ reduction: "sum", temperature: 1e-3, alpha: 5 });
    const loss = S.scope(() => S.mseLoss(S.tensor([1, 3]), S.zeros([2]), inherited).loss.item());
    expect(loss).toBe(5); // mean, not the inherited "sum" (10)
    const p = S.scope(() => Array.from(S.softmax(S.tensor([[0, Math.log(3)]]), inherited).toArray()));
    expect(p[0]).toBeCloseTo(0.25, 6);
    expect(S.scope(() => S.matmul(S.tensor([[2]]), S.tensor([[3]]), inherited).item())).toBe(6);
  });

  it("a JSON-parsed own __proto__ key is an option like any other (and an unknown value is refused)", () => {
    const options = JSON.parse('{"__proto__": "x", "reduction": "sum"}');
    expect(S.scope(() => S.mseLoss(S.tensor([1, 3]), S.zeros([2]), options).loss.item())).toBe(10);
  });

  it("options that are not a plain object are refused with the function's name", () => {
    for (const bad of [null, 3, "mean", true, [1], () => 1]) {
      expect(() => S.scope(() => S.softmax(S.tensor([[1, 2]]), bad as never))).toThrow(/softmax: options must be an object/);
      expect(() => new S.Normal(0, 1, bad as never)).toThrow(/Normal: options must be an object/);
      expect(() => S.scope(() => new S.Normal(0, 1).sample(S.key(0), [2], bad as never))).toThrow(/sample: options must be an object/);
    }
  });

  it("distribution parameter objects are read as own properties too", () => {
    expect(() => new S.Categorical(Object.create({ probs: [0.5, 0.5] }))).toThrow(/exactly one of probs and logits/);
    expect(() => new S.Bernoulli(Object.create({ probs: 0.5 }))).toThrow(/exactly one of probs and logits/);
    expect(() => new S.MultivariateNormal([0], { toString: [[1]] } as never)).toThrow(/unknown scale argument "toString"/);
    expect(() => new S.MultivariateNormal([0], { loc: [[1]] } as never)).toThrow(/unknown scale argument "loc"/);
  });

  it("validateArgs must be a boolean (0 was silently off)", () => {
    expect(() => new S.Normal(0, 1, { validateArgs: 0 as never })).toThrow(/Normal: options.validateArgs must be true or false, got 0/);
    expect(() => new S.Normal(0, -1, { validateArgs: 0 as never })).toThrow(/validateArgs/);
    expect(new S.Normal(0, 1, { validateArgs: false }).validateArgs).toBe(false);
  });
});

describe("options and a polluted Object.prototype", () => {
  it("an enumerable key added to Object.prototype is not an option", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.reduction = "sum";
    proto.temperature = 1e-3;
    try {
      expect(S.scope(() => S.mseLoss(S.tensor([1, 3]), S.zeros([2]), {}).loss.item())).toBe(5);
      expect(S.scope(() => S.mseLoss(S.tensor([1, 3]), S.zeros([2]), { dim: 0 } as never).loss.item())).toBe(5);
      const p = S.scope(() => Array.from(S.softmax(S.tensor([[0, Math.log(3)]]), { dim: -1 }).toArray()));
      expect(p[0]).toBeCloseTo(0.25, 6);
    } finally {
      delete proto.reduction;
      delete proto.temperature;
    }
  });
});
