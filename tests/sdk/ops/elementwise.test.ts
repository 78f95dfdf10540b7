import { beforeAll, describe, expect, it } from "vitest";
import {
  abs, add, clamp, div, empty, exp, init, log, mul, scope, sqrt, sub, tensor, type DType, type Tensor,
} from "../../../sdk/index";
import { fixture, numbers, ulp32 } from "./fixture";

interface Case {
  op: string; dtype: DType; aShape: number[]; bShape?: number[]; a: number[]; b?: number[]; scalar?: number;
  lo?: number; hi?: number; expected: (number | string)[];
}

const BINARY: Record<string, (a: Tensor, b: Tensor | number) => Tensor> = { add, sub, mul, div };
const MAPS: Record<string, (x: Tensor) => Tensor> = { exp, log, sqrt, abs };

function run(c: Case): Float32Array | Float64Array {
  return scope(() => {
    const a = tensor(c.a, c.aShape, c.dtype);
    let out: Tensor;
    if (c.op in BINARY) out = BINARY[c.op](a, c.b ? tensor(c.b, c.bShape, c.dtype) : c.scalar!);
    else if (c.op === "clamp") out = clamp(a, c.lo!, c.hi!);
    else out = MAPS[c.op](a);
    expect(out.shape).toEqual(c.aShape);
    expect(out.dtype).toBe(c.dtype);
    return out.toArray() as Float32Array | Float64Array;
  });
}

function name(c: Case): string {
  const b = c.bShape ? ` and b ${JSON.stringify(c.bShape)}` : c.scalar !== undefined ? ` and the number ${c.scalar}` : "";
  return `${c.op} matches PyTorch for a ${JSON.stringify(c.aShape)}${b} in ${c.dtype}`;
}

describe("elementwise ops against PyTorch (tests/fixtures/ops)", () => {
  beforeAll(async () => {
    await init();
  });

  // add, sub, mul, div, sqrt, abs and clamp are correctly rounded: exactly the float64 reference rounded to the
  // dtype. exp and log (float32): within 1 ulp of the exact value; float64 (AS std Math): within 2e-16 relative.
  for (const c of fixture.elementwise as Case[]) {
    it(name(c), () => {
      const got = run(c);
      const ref = numbers(c.expected);
      for (let i = 0; i < ref.length; i++) {
        if (c.op === "exp" || c.op === "log") {
          const tol = c.dtype === "float32" ? ulp32(ref[i]) : 2.3e-16 * Math.abs(ref[i]);
          expect(Math.abs(got[i] - ref[i]), `element ${i}`).toBeLessThanOrEqual(tol);
        } else {
          expect(got[i], `element ${i}`).toBe(c.dtype === "float32" ? Math.fround(ref[i]) : ref[i]);
        }
      }
    });
  }
});

describe("elementwise edge cases", () => {
  beforeAll(async () => {
    await init();
  });

  it("broadcasts a one-element tensor of any rank up to a's, and a 0-d tensor", () => {
    scope(() => {
      const a = tensor([[1, 2], [3, 4]]);
      expect(Array.from(add(a, tensor([10], [1, 1])).toArray())).toEqual([11, 12, 13, 14]);
      expect(Array.from(mul(a, tensor(2)).toArray())).toEqual([2, 4, 6, 8]);
    });
  });

  it("follows IEEE for infinities, zeros and NaN, and writes NaN for ∞ − ∞, 0/0, √−1 and log of a negative", () => {
    scope(() => {
      expect(Array.from(div(tensor([1, -1, 0]), 0).toArray())).toEqual([Infinity, -Infinity, NaN]);
      expect(Array.from(sub(tensor([Infinity]), tensor([Infinity])).toArray())).toEqual([NaN]);
      expect(Array.from(sqrt(tensor([-1, 0, 4])).toArray())).toEqual([NaN, 0, 2]);
      expect(Array.from(log(tensor([-1, 0, 1, Infinity])).toArray())).toEqual([NaN, -Infinity, 0, Infinity]);
      expect(Array.from(exp(tensor([-Infinity, 0, 89, NaN])).toArray())).toEqual([0, 1, Infinity, NaN]);
      expect(Array.from(clamp(tensor([NaN, -5, 5]), -1, 1).toArray())).toEqual([NaN, -1, 1]);
      expect(Array.from(abs(tensor([-0, -3])).toArray())).toEqual([0, 3]);
    });
  });

  it("handles empty tensors without calling into WASM", () => {
    scope(() => {
      expect(add(empty([0, 3]), empty([3])).shape).toEqual([0, 3]);
      expect(exp(empty([0])).size).toBe(0);
    });
  });

  it("rounds a number operand to float32 for a float32 tensor, as torch does", () => {
    scope(() => {
      expect(add(tensor([0]), 0.1).toArray()[0]).toBe(Math.fround(0.1));
      expect(add(tensor([0], [1], "float64"), 0.1).toArray()[0]).toBe(0.1);
    });
  });

  it("names both shapes when they cannot broadcast, and broadcasts by numpy's rules otherwise", () => {
    scope(() => {
      expect(() => add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2])))
        .toThrow(/add: shapes \[2, 3\] and \[2\] cannot be broadcast together/);
      expect(mul(tensor([1, 2]), tensor([[1, 2], [3, 4]])).toList()).toEqual([[1, 4], [3, 8]]);
      expect(add(tensor([[1], [2]]), tensor([10, 20, 30])).toList()).toEqual([[11, 21, 31], [12, 22, 32]]);
    });
  });

  it("promotes mixed dtypes and rejects int32 tensors in float maps and operands that are not tensors", () => {
    scope(() => {
      expect(sub(tensor([1]), tensor([1], [1], "float64")).dtype).toBe("float64"); // torch's promotion
      expect(() => exp(tensor([1], [1], "int32"))).toThrow(/exp: x must have dtype float32 or float64, got int32/);
      expect(() => div(tensor([1]), "2" as unknown as number)).toThrow(/div: b must be a Tensor or a number, got "2"/);
      expect(() => sqrt([4] as unknown as Tensor)).toThrow(/sqrt: x must be a Tensor/);
    });
  });

  it("rejects clamp bounds with lo > hi or NaN, and accepts one-sided infinite bounds", () => {
    scope(() => {
      const x = tensor([-2, 3]);
      expect(() => clamp(x, 2, 1)).toThrow(/clamp: lo must be ≤ hi, got lo = 2 > hi = 1/);
      expect(() => clamp(x, NaN, 1)).toThrow(/clamp: lo must be a number, got NaN/);
      expect(Array.from(clamp(x, 0, Infinity).toArray())).toEqual([0, 3]);
    });
  });

  it("rejects a disposed tensor with a clear error", () => {
    const x = tensor([1, 2]);
    x.dispose();
    expect(() => abs(x)).toThrow(/abs: x .* was used after dispose/);
  });
});
