// softmax, logSoftmax and entropy along any dim, in float32 and float64, against PyTorch 1.13
// (tests/fixtures/softmax-dim/, made by make.py there): values, first-order VJPs and a second-order
// Hessian-vector product; plus the dim checks and memory on the new paths.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  entropy, grad, init, initSync, logSoftmax, memory, mul, scope, Softmax, LogSoftmax, softmax, sum, add, tensor, transpose,
  valueAndGrad, type Tensor,
} from "../../../sdk/index";
import { numbers } from "./fixture";

beforeAll(async () => {
  await init();
});

type DType = "float32" | "float64";
interface Ref {
  dim: number; temperature: number;
  softmax: number[]; logSoftmax: number[]; entropy: number[];
  gSoftmax: number[]; gLogSoftmax: number[]; gEntropy: number[];
  softmaxVjp: number[]; logSoftmaxVjp: number[]; entropyVjp: number[];
}
interface Hvp { dim: number; temperature: number; cSoftmax: number[]; cLogSoftmax: number[]; cEntropy: number[]; v: number[]; grad: number[]; hvp: number[] }
interface Case { name: string; dtype: DType; shape: number[]; x: number[]; refs: Ref[]; hvp: Hvp[] }
const data: { cases: Case[] } = JSON.parse(readFileSync(new URL("../../fixtures/softmax-dim/data.json", import.meta.url), "utf8"));

/**
 * |got − want| ≤ rtol·|want| + atol, with non-finite references matched exactly. float32: the float32
 * fixture tolerance (fixture.ts: 1e-5 relative, 1e-6 absolute) for values; gradients sum up to 6 products of
 * order-1 cotangents and probabilities, each rounded in float32, then divide by T ≥ 0.5: 1e-5 absolute.
 * float64: a few ulp per operation, ≈ 10 ulp after a log-sum-exp's cancellation: 1e-12 relative, 1e-14
 * absolute (for entries near 0 after cancellation), 1e-12 absolute for gradients and second order.
 */
const TOLERANCE: Record<DType, { rtol: number; atol: number; gatol: number }> = {
  float32: { rtol: 1e-5, atol: 1e-6, gatol: 1e-5 },
  float64: { rtol: 1e-12, atol: 1e-14, gatol: 1e-12 },
};

function mismatches(got: ArrayLike<number>, want: (number | string)[], rtol: number, atol: number, label: string): string[] {
  const w = numbers(want as (number | string)[]);
  if (got.length !== w.length) return [`${label}: length ${got.length}, want ${w.length}`];
  const bad: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const ok = Number.isNaN(w[i]) ? Number.isNaN(got[i]) : !Number.isFinite(w[i]) ? got[i] === w[i] : Math.abs(got[i] - w[i]) <= rtol * Math.abs(w[i]) + atol;
    if (!ok) bad.push(`${label}[${i}]: got ${got[i]}, want ${w[i]}`);
  }
  return bad.slice(0, 3);
}

const fns = { softmax, logSoftmax, entropy } as const;
const T = (values: number[], shape: number[], dtype: DType): Tensor => tensor(values, shape, dtype);

describe("softmax, logSoftmax and entropy along dims 0, 1 and −1 of 3-D inputs against PyTorch 1.13", () => {
  for (const c of data.cases) {
    const tol = TOLERANCE[c.dtype];
    it(`agree with torch in value on ${c.name} (${c.dtype}) at T = 1, 0.5, 3`, () => {
      const bad: string[] = [];
      scope(() => {
        const x = T(c.x, c.shape, c.dtype);
        for (const r of c.refs) {
          for (const fn of ["softmax", "logSoftmax", "entropy"] as const) {
            const y = fns[fn](x, { dim: r.dim, temperature: r.temperature });
            expect(y.dtype).toBe(c.dtype);
            bad.push(...mismatches(y.toArray(), r[fn], tol.rtol, tol.atol, `${fn} dim=${r.dim} T=${r.temperature}`));
          }
        }
      });
      expect(bad).toEqual([]);
    });

    it(`agree with torch in their vector-Jacobian products on ${c.name} (${c.dtype})`, () => {
      const bad: string[] = [];
      scope(() => {
        const x = T(c.x, c.shape, c.dtype);
        for (const r of c.refs) {
          for (const fn of ["softmax", "logSoftmax", "entropy"] as const) {
            const key = `g${fn[0].toUpperCase()}${fn.slice(1)}` as "gSoftmax" | "gLogSoftmax" | "gEntropy";
            const y0 = fns[fn](x, { dim: r.dim });
            const g = T(numbers(r[key]), y0.shape, c.dtype);
            const vjp = grad((p: Tensor) => sum(mul(fns[fn](p, { dim: r.dim, temperature: r.temperature }), g)))(x);
            bad.push(...mismatches(vjp.toArray(), r[`${fn}Vjp`], tol.rtol, tol.gatol, `${fn} VJP dim=${r.dim} T=${r.temperature}`));
          }
        }
      });
      expect(bad).toEqual([]);
    });

    it(`agree with torch in a Hessian-vector product (second order) on ${c.name} (${c.dtype})`, () => {
      const bad: string[] = [];
      scope(() => {
        const x = T(c.x, c.shape, c.dtype);
        for (const h of c.hvp) {
          const o = { dim: h.dim, temperature: h.temperature };
          const hShape = c.shape.filter((_, k) => k !== (h.dim + 3) % 3);
          const cS = T(numbers(h.cSoftmax), c.shape, c.dtype), cL = T(numbers(h.cLogSoftmax), c.shape, c.dtype);
          const cH = T(numbers(h.cEntropy), hShape, c.dtype), v = T(numbers(h.v), c.shape, c.dtype);
          const loss = (p: Tensor): Tensor => add(add(sum(mul(cS, softmax(p, o))), sum(mul(cL, logSoftmax(p, o)))), sum(mul(cH, entropy(p, o))));
          bad.push(...mismatches(grad(loss)(x).toArray(), h.grad, tol.rtol, tol.gatol, `grad dim=${h.dim}`));
          const hv = grad((p: Tensor) => sum(mul(grad(loss)(p), v)))(x);
          // float32 second derivatives at T = 0.5 pick up 1/T² and one more rounding per term: 4× the gradient's bound
          bad.push(...mismatches(hv.toArray(), h.hvp, tol.rtol, 4 * tol.gatol, `hvp dim=${h.dim}`));
        }
      });
      expect(bad).toEqual([]);
    });
  }
});

describe("softmax along another dim", () => {
  it("gives the same bits as moving the dim last by hand, in float32 and float64", () => {
    scope(() => {
      for (const dtype of ["float32", "float64"] as const) {
        const x = tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i) * 3), [2, 3, 4], dtype);
        for (const fn of [softmax, logSoftmax]) {
          const direct = fn(x, { dim: 1, temperature: 0.7 }).toArray();
          const byHand = transpose(fn(transpose(x, 1, 2), { temperature: 0.7 }), 1, 2).toArray();
          expect(Array.from(direct)).toEqual(Array.from(byHand));
        }
        expect(Array.from(entropy(x, { dim: 0 }).toArray())).toEqual(Array.from(entropy(x.permute([1, 2, 0])).toArray()));
      }
    });
  });

  it("takes negative dims as torch: −3 is 0 on a 3-D input, and entropy drops that dim", () => {
    scope(() => {
      const x = tensor(Array.from({ length: 24 }, (_, i) => Math.cos(i)), [2, 3, 4], "float64");
      expect(Array.from(softmax(x, { dim: -3 }).toArray())).toEqual(Array.from(softmax(x, { dim: 0 }).toArray()));
      expect(entropy(x, { dim: -2 }).shape).toEqual([2, 4]);
      expect(entropy(x, { dim: 0 }).shape).toEqual([3, 4]);
    });
  });

  it("keeps the last-axis float32 result bit for bit whether dim is omitted, −1 or rank − 1", () => {
    scope(() => {
      const x = tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.3) * 5), [2, 3, 4]);
      const bits = (t: Tensor) => Array.from(new Uint32Array((t.toArray() as Float32Array).slice().buffer));
      for (const fn of [softmax, logSoftmax, entropy]) {
        expect(bits(fn(x, { dim: -1 }))).toEqual(bits(fn(x)));
        expect(bits(fn(x, { dim: 2 }))).toEqual(bits(fn(x)));
      }
    });
  });

  it("gives a module's dim to the op, as torch.nn.Softmax(dim) and LogSoftmax(dim)", () => {
    scope(() => {
      const x = tensor([[0, 0], [0, 2]], [2, 2], "float64");
      expect(Array.from(new Softmax(0).call({}, x).toArray())).toEqual(Array.from(softmax(x, { dim: 0 }).toArray()));
      expect(Array.from(new LogSoftmax(0).call({}, x).toArray())).toEqual(Array.from(logSoftmax(x, { dim: 0 }).toArray()));
      expect(new Softmax(0).toString()).toBe("Softmax(dim=0)");
      expect(new Softmax().dim).toBe(-1);
    });
  });

  it("reads a −∞ logit as probability 0 and gives it entropy gradient 0, as torch's Categorical (float64)", () => {
    scope(() => {
      // torch: Categorical(logits=[[0, −∞], [1, −∞], [0, −3]]).entropy() = [0, 0, 0.1909], gradient [[0, 0], [0, 0], [−0.1355, 0.1355]]
      const x = tensor([[0, -Infinity], [1, -Infinity], [0, -3]], [3, 2], "float64");
      expect(Array.from(softmax(x, { dim: 1 }).toArray()).slice(0, 4)).toEqual([1, 0, 1, 0]);
      const [h, g] = valueAndGrad((p: Tensor) => sum(entropy(p, { dim: 1 })))(x);
      expect(h.item()).toBeCloseTo(0.1909, 4);
      const gv = Array.from(g.toArray());
      expect(gv.slice(0, 4).every((v) => v === 0)).toBe(true); // ±0: torch gives 0 too
      expect(gv[4]).toBeCloseTo(-0.1355, 4);
      expect(gv[5]).toBeCloseTo(0.1355, 4);
    });
  });
});

describe("softmax dim and dtype checks", () => {
  it("rejects a dim out of range or not an integer, naming dim, its value and the range", () => {
    scope(() => {
      const x = tensor([1, 2, 3, 4, 5, 6], [1, 2, 3], "float64");
      expect(() => softmax(x, { dim: 3 })).toThrow("softmax: dim must be an integer in [-3, 2] for logits of shape [1, 2, 3], got 3");
      expect(() => logSoftmax(x, { dim: -4 })).toThrow(/logSoftmax: dim must be an integer in \[-3, 2\] .* got -4/);
      expect(() => entropy(x, { dim: 0.5 })).toThrow(/entropy: dim must be an integer .* got 0\.5/);
      expect(() => softmax(x, { dim: "1" as unknown as number })).toThrow(/softmax: dim must be an integer/);
    });
  });

  it("rejects int32 logits, naming both float dtypes, and an entropy over an empty dim", () => {
    scope(() => {
      expect(() => softmax(tensor([1, 2], [2], "int32"))).toThrow("softmax: logits must have dtype float32 or float64, got int32");
      expect(() => entropy(tensor([], [2, 0, 3], "float64"), { dim: 1 })).toThrow(/entropy: logits must have at least one class \(dim 1 of length ≥ 1\)/);
    });
  });

  it("accepts float64 temperatures below float32's limit and rejects those whose reciprocal overflows float64", () => {
    scope(() => {
      const x = tensor([0, 1], [2], "float64");
      expect(() => softmax(x, { temperature: 1e-300 })).not.toThrow();
      expect(() => softmax(tensor([0, 1]), { temperature: 1e-300 })).toThrow(/fit in float32/);
      expect(() => softmax(x, { temperature: 5e-324 })).toThrow(/softmax: temperature must be ≥ .* \(1\/temperature must fit in float64\), got 5e-324/);
    });
  });

  it("names a NaN logit by its index in the input when dim is not last, and frees what it made", () => {
    scope(() => {
      const values = Array.from({ length: 24 }, (_, i) => i);
      values[1 * 12 + 2 * 4 + 3] = NaN; // [1, 2, 3]
      for (const dtype of ["float32", "float64"] as const) {
        const x = tensor(values, [2, 3, 4], dtype);
        const before = memory().tensors;
        expect(() => softmax(x, { dim: 0 })).toThrow("softmax: logits contains NaN at [1, 2, 3]");
        expect(() => logSoftmax(x, { dim: 1 })).toThrow("logSoftmax: logits contains NaN at [1, 2, 3]");
        expect(() => entropy(x, { dim: 0 })).toThrow("entropy: logits contains NaN at [1, 2, 3]");
        expect(() => entropy(x)).toThrow("entropy: logits contains NaN at [1, 2, 3]");
        expect(memory().tensors).toBe(before);
      }
    });
  });

  it("leaves no tensor behind on the moved paths, with and without gradients", () => {
    const x = tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 3, 4], "float64");
    const before = memory().tensors;
    for (const fn of [softmax, logSoftmax, entropy]) {
      fn(x, { dim: 0 }).dispose();
      grad((p: Tensor) => sum(fn(p, { dim: 1, temperature: 2 })))(x).dispose();
    }
    expect(memory().tensors).toBe(before);
    x.dispose();
  });
});

describe("float64 softmax family in the two builds", () => {
  afterAll(async () => {
    await init();
  });

  it("gives identical bits in the SIMD and the scalar build along every dim", () => {
    const run = (): string[] => scope(() => {
      const out: string[] = [];
      for (const c of data.cases) {
        const x = T(c.x, c.shape, c.dtype);
        for (const dim of [0, 1, -1]) {
          for (const fn of [softmax, logSoftmax, entropy]) {
            out.push(Buffer.from(fn(x, { dim, temperature: 0.3 }).toArray().buffer).toString("hex"));
          }
        }
      }
      return out;
    });
    expect(initSync({ simd: true }).simd).toBe(true);
    const simd = run();
    expect(initSync({ simd: false }).simd).toBe(false);
    expect(run()).toEqual(simd);
  });
});
