import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  crossEntropy, entropy, init, initSync, logSoftmax, memory, scope, softmax, tensor, type Tensor,
} from "../../../sdk/index";
import { fixture, mismatches, numbers } from "./fixture";

beforeAll(async () => {
  await init();
});

const f4 = (a: ArrayLike<number>): string[] => Array.from(a, (v) => v.toFixed(4));

describe("softmax: the seed's worked numbers (seed 004)", () => {
  it("gives softmax([2, 1, 0.1]) = [0.6590, 0.2424, 0.0986] to 4 decimals", () => {
    scope(() => {
      expect(f4(softmax(tensor([[2, 1, 0.1]])).toArray())).toEqual(["0.6590", "0.2424", "0.0986"]);
    });
  });

  it("gives the seed's rows at T = 0.5, 2 and 5 to 4 decimals", () => {
    scope(() => {
      const x = tensor([[2, 1, 0.1]]);
      expect(f4(softmax(x, { temperature: 0.5 }).toArray())).toEqual(["0.8638", "0.1169", "0.0193"]);
      expect(f4(softmax(x, { temperature: 2 }).toArray())).toEqual(["0.5017", "0.3043", "0.1940"]);
      expect(f4(softmax(x, { temperature: 5 }).toArray())).toEqual(["0.3996", "0.3272", "0.2733"]);
    });
  });
});

describe("softmax, logSoftmax and entropy against PyTorch 1.13 (float64 references)", () => {
  it(`agree on all ${fixture.softmax.length} fixture cases within 1e-5 relative + 1e-6 absolute`, () => {
    const bad: string[] = [];
    scope(() => {
      for (const c of fixture.softmax) {
        const input = fixture.inputs[c.input];
        const x = tensor(numbers(input.logits), input.shape);
        const label = `${input.name} T=${c.temperature}`;
        bad.push(...mismatches(softmax(x, { temperature: c.temperature }).toArray(), numbers(c.softmax), `${label} softmax`));
        bad.push(...mismatches(logSoftmax(x, { temperature: c.temperature }).toArray(), numbers(c.logSoftmax), `${label} logSoftmax`));
        bad.push(...mismatches(entropy(x, { temperature: c.temperature }).toArray(), numbers(c.entropy), `${label} entropy`));
      }
    });
    expect(bad).toEqual([]);
  });

  it("gives NaN for a row of only -Infinity, as torch 1.13 does, and exact numbers in the other rows", () => {
    scope(() => {
      const p = softmax(tensor([[-Infinity, -Infinity], [0, 0]])).toArray();
      expect(Number.isNaN(p[0]) && Number.isNaN(p[1])).toBe(true);
      expect(Array.from(p.slice(2))).toEqual([0.5, 0.5]);
      const h = entropy(tensor([[-Infinity, -Infinity], [5, -Infinity]])).toArray();
      expect(Number.isNaN(h[0])).toBe(true);
      expect(h[1]).toBe(0);
    });
  });

  it("keeps log-probabilities finite where probabilities underflow: logSoftmax([1e30, 0]) = [0, -1e30]", () => {
    scope(() => {
      expect(Array.from(softmax(tensor([[1e30, 0]])).toArray())).toEqual([1, 0]);
      expect(Array.from(logSoftmax(tensor([[1e30, 0]])).toArray())).toEqual([0, Math.fround(-1e30)]);
    });
  });

  it("treats a tensor of rank 3 as rows over its last axis and returns entropy without that axis", () => {
    scope(() => {
      const values = Array.from({ length: 24 }, (_, i) => Math.sin(i) * 3);
      const a = softmax(tensor(values, [2, 3, 4])).toArray();
      const b = softmax(tensor(values, [6, 4])).toArray();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(entropy(tensor(values, [2, 3, 4])).shape).toEqual([2, 3]);
      expect(entropy(tensor([1, 2, 3])).shape).toEqual([]);
    });
  });
});

describe("softmax argument checks", () => {
  it("rejects a temperature that is not a finite number > 0, naming the value", () => {
    scope(() => {
      const x = tensor([[1, 2]]);
      for (const temperature of [0, -1, NaN, Infinity]) {
        expect(() => softmax(x, { temperature })).toThrow(/temperature must be a finite number > 0, got/);
      }
      expect(() => entropy(x, { temperature: -2 })).toThrow(/entropy: temperature .* got -2/);
    });
  });

  it("rejects a dim out of range and takes the last axis as -1 or rank − 1 (other dims: softmax-dim.test.ts)", () => {
    scope(() => {
      const x = tensor([[1, 2], [3, 4]]);
      expect(() => logSoftmax(x, { dim: 2 })).toThrow(/dim must be an integer in \[-2, 1\]/);
      expect(Array.from(softmax(x, { dim: 1 }).toArray())).toEqual(Array.from(softmax(x).toArray()));
    });
  });

  it("rejects NaN logits, naming the position, and frees what it allocated", () => {
    scope(() => {
      const x = tensor([[0, 1, 2], [3, NaN, 5]]);
      const before = memory().tensors;
      expect(() => softmax(x)).toThrow("softmax: logits contains NaN at [1, 1]");
      expect(() => logSoftmax(x)).toThrow("logSoftmax: logits contains NaN at [1, 1]");
      expect(() => entropy(x)).toThrow("entropy: logits contains NaN at [1, 1]");
      expect(memory().tensors).toBe(before);
    });
  });

  it("rejects int32 tensors, non-tensors, scalars and disposed tensors", () => {
    scope(() => {
      expect(() => softmax(tensor([1, 2], [2], "int32"))).toThrow(/must have dtype float32 or float64, got int32/);
      expect(() => softmax([1, 2] as unknown as Tensor)).toThrow(/logits must be a Tensor/);
      expect(() => softmax(tensor(3))).toThrow(/at least one dimension/);
      const t = tensor([1, 2]);
      t.dispose();
      expect(() => softmax(t)).toThrow(/after dispose/);
    });
  });
});

// Runs every fixture input through every softmax-family kernel and returns the raw bits.
function allResults(): Uint32Array[] {
  return scope(() => {
    const out: Uint32Array[] = [];
    const bits = (t: Tensor): void => { out.push(new Uint32Array((t.toArray() as Float32Array).buffer)); };
    for (const input of fixture.inputs) {
      const x = tensor(numbers(input.logits), input.shape);
      for (const temperature of [1, 0.3]) {
        bits(softmax(x, { temperature })); bits(logSoftmax(x, { temperature })); bits(entropy(x, { temperature }));
      }
      const q = tensor(numbers(input.probabilities), input.shape);
      for (const labelSmoothing of [0, 0.1]) {
        for (const reduction of ["none", "mean", "sum"] as const) {
          const hard = crossEntropy(x, input.labels, { labelSmoothing, reduction });
          bits(hard.loss); bits(hard.grad);
          const soft = crossEntropy(x, q, { labelSmoothing, reduction });
          bits(soft.loss); bits(soft.grad);
        }
      }
    }
    return out;
  });
}

describe("softmax family in the two builds", () => {
  afterAll(async () => {
    await init();
  });

  it("gives identical bits in the SIMD and the scalar build on every fixture input, NaNs included", () => {
    expect(initSync({ simd: true }).simd).toBe(true);
    const simd = allResults();
    expect(initSync({ simd: false }).simd).toBe(false);
    const scalar = allResults();
    expect(scalar.length).toBe(simd.length);
    let differing = 0;
    for (let i = 0; i < simd.length; i++) if (!Buffer.from(simd[i].buffer).equals(Buffer.from(scalar[i].buffer))) differing++;
    expect(differing).toBe(0);
  });
});
