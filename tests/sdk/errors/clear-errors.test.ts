// Unclear errors the issue-14 fuzzer found, each now a TypeError / RangeError naming the argument.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

const leakFree = (f: () => void) => {
  const before = S.memory();
  f();
  expect(S.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes });
};

describe("clear errors", () => {
  it("ragged nested arrays are refused, not re-chunked", () => leakFree(() => {
    expect(() => S.tensor([[1], 2] as never)).toThrow(/data is ragged: data\[1\] is 2, not an array of length 1/);
    expect(() => S.tensor([[1, 2], [3, 4, 5, 6], []])).toThrow(/data is ragged: data\[1\] has length 4, but data\[0\] has 2/);
    expect(() => S.tensor([[[1], [2]], [[3], 4]] as never)).toThrow(/data\[1\]\[1\] is 4/);
    expect(() => S.tensor([[1, [2]], [3, 4]] as never)).toThrow(/data\[0\]\[1\] is an array/);
    expect(S.scope(() => S.tensor([[1, 2], [3, 4]]).toList())).toEqual([[1, 2], [3, 4]]);
    expect(S.scope(() => S.tensor([[]]).shape)).toEqual([1, 0]);
  }));

  it("a null-prototype object anywhere gets a message, not the formatter's own TypeError", () => leakFree(() => {
    const bare = Object.create(null);
    expect(() => S.tensor(bare)).toThrow(/data must be .*got an object with a null prototype/);
    expect(() => S.scope(() => S.softmax(S.tensor([[1]]), { temperature: bare }))).toThrow(/softmax: temperature must be a finite number > 0, got an object with a null prototype/);
    expect(() => S.zeros(bare)).toThrow(/shape must be an array/);
    expect(() => S.key(bare)).toThrow(/seed must be an integer, got an object with a null prototype/);
  }));

  it("BigInt arguments are named as BigInts", () => leakFree(() => {
    expect(() => S.zeros([2n] as never)).toThrow(/shape must be an array of non-negative integers, got \[2n \(a BigInt\)\]/);
    expect(() => S.scope(() => S.softmax(S.tensor([[1]]), { temperature: 1n as never }))).toThrow(/temperature .* got 1n \(a BigInt\)/);
    expect(() => new S.Normal(0, 1n as never)).toThrow(/Normal: scale/);
  }));

  it("forged keys and tensors are refused; key(1).equals(undefined) names other", () => leakFree(() => {
    const fakeKey = Object.create(S.Key.prototype);
    expect(fakeKey instanceof S.Key).toBe(false);
    expect(() => S.normal(fakeKey, [2])).toThrow(/key must be a Key from key\(seed\), split or foldIn, got a forged Key/);
    expect(() => S.key(1).equals(undefined as never)).toThrow(/equals: other must be a Key/);
    expect(S.key(1).equals(S.key(1))).toBe(true);
    expect(() => new S.Key(0.5, 0)).toThrow(/Key: k0 must be an integer/);
    const fakeTensor = Object.create(S.Tensor.prototype);
    expect(fakeTensor instanceof S.Tensor).toBe(false);
    expect(() => S.exp(fakeTensor)).toThrow(/exp: x must be a Tensor, got a forged Tensor/);
    expect(() => S.matmul(fakeTensor, fakeTensor)).toThrow(/matmul: a must be a Tensor/);
    expect(() => new S.Normal(fakeTensor, 1)).toThrow(/Normal: loc/);
  }));

  it("a distribution missing a parameter is refused at construction", () => {
    expect(() => new (S.Normal as unknown as new () => unknown)()).toThrow(/Normal: loc is required, got undefined/);
    expect(() => new S.Gamma(undefined as never)).toThrow(/Gamma: concentration is required/);
    expect(() => new S.Beta(undefined as never, 1)).toThrow(/Beta: concentration1 is required/);
  });

  it("a tensor above the allocator's 2^30 − 16 bytes is refused by size, before any memory is touched", () => leakFree(() => {
    expect(() => S.empty([2 ** 28])).toThrow(/cannot allocate 1073741824 bytes: one tensor or buffer is limited to 2\^30 − 16 bytes/);
    expect(() => S.empty([2 ** 27], "float64")).toThrow(/limited to 2\^30 − 16 bytes/);
    expect(() => S.zeros([2 ** 31 - 1])).toThrow(RangeError);
  }));
});

describe("clear errors found by the fuzz suite", () => {
  it("categoricalSample and AliasTable name dist; kl and registerKL describe odd arguments without calling their toString", () => {
    expect(() => S.categoricalSample(3 as never, S.key(0), [2])).toThrow(/categoricalSample: dist must be a Categorical, got 3/);
    expect(() => new S.AliasTable(Object.create(null))).toThrow(/AliasTable: dist must be a Categorical, got an object with a null prototype/);
    const hostile = { toString() { throw new Error("toString was called"); } };
    expect(() => S.kl(hostile as never, new S.Normal(0, 1))).toThrow(/kl\(p, q\) needs two distributions, got a plain object/);
    expect(() => S.registerKL(Object.create(null), S.Normal, () => S.zeros([]))).toThrow(/registerKL: P must be a Distribution class/);
  });

  it("error classes accept any message without throwing from their own constructor", () => {
    expect(new S.StochasmError(Object.create(null)).message).toBe("an object with a null prototype");
    expect(new S.DisposedTensorError(Symbol("t") as never).message).toMatch(/^Symbol\(t\) was used after dispose/);
    expect(new S.LinAlgError(5 as never).message).toBe("5");
  });

  it("init's simd option must be true, false or \"auto\"", () => {
    expect(() => S.initSync({ simd: "__proto__" as never })).toThrow(/init: options.simd must be true, false or "auto", got "__proto__"/);
  });
});
