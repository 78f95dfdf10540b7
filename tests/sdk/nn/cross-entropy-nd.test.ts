// crossEntropy in float32 and float64 on [N, C] and [N, C, d1, d2] logits (classes on dim 1), against
// PyTorch 1.13: values, the fused gradient, and vector-Jacobian products through the tape.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  crossEntropy, grad, init, initSync, memory, mul, permute, reshape, scope, sum, tensor, type Tensor,
} from "../../../sdk/index";

beforeAll(async () => {
  await init();
});

type DType = "float32" | "float64";
interface Input { name: string; dtype: DType; shape: number[]; labelShape: number[]; logits: number[]; labels: number[]; probabilities: number[] }
interface Case {
  input: number; kind: "labels" | "soft"; labelSmoothing: number; reduction: "mean" | "sum" | "none";
  loss: number[]; gradSum: number[]; cotangent: number[]; vjpLogits: number[]; vjpTarget?: number[];
}
const fixture: { inputs: Input[]; cases: Case[] } = JSON.parse(
  readFileSync(new URL("../../fixtures/cross-entropy-nd/data.json", import.meta.url), "utf8"));

/**
 * |got − want| ≤ rtol·|want| + atol. float32: the fixture tolerance of tests/sdk/nn/fixture.ts (a few f32
 * roundings of logits up to |z| ≈ 10). float64: a few ulp per operation and cancellation in log S − z_t and in
 * p − q', on sums of at most 6 terms: 1e-12 relative and absolute.
 */
const TOLERANCE: Record<DType, { rtol: number; atol: number }> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-12 },
};

function mismatches(got: ArrayLike<number>, want: number[], dtype: DType, label: string): string[] {
  const { rtol, atol } = TOLERANCE[dtype];
  if (got.length !== want.length) return [`${label}: length ${got.length}, want ${want.length}`];
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= rtol * Math.abs(want[i]) + atol)) bad.push(`${label}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
  return bad.slice(0, 3);
}

function operands(c: Case): { x: Tensor; target: Tensor; input: Input } {
  const input = fixture.inputs[c.input];
  const x = tensor(input.logits, input.shape, input.dtype);
  const target = c.kind === "labels"
    ? tensor(input.labels, input.labelShape, "int32")
    : tensor(input.probabilities, input.shape, input.dtype);
  return { x, target, input };
}

const label = (c: Case): string => `${fixture.inputs[c.input].name} ${c.kind} ε=${c.labelSmoothing} ${c.reduction}`;

describe("crossEntropy against PyTorch 1.13 in float32 and float64, 2-D and 4-D (tolerances: f32 1e-5 rel + 1e-6, f64 1e-12)", () => {
  it(`matches F.cross_entropy's loss and fused gradient on all ${fixture.cases.length} cases`, () => {
    const bad: string[] = [];
    scope(() => {
      for (const c of fixture.cases) {
        const { x, target, input } = operands(c);
        const { loss, grad: g } = crossEntropy(x, target, { labelSmoothing: c.labelSmoothing, reduction: c.reduction });
        expect(loss.shape).toEqual(c.reduction === "none" ? input.labelShape : []);
        expect([loss.dtype, g.dtype, g.shape]).toEqual([input.dtype, input.dtype, input.shape]);
        bad.push(...mismatches(loss.toArray(), c.loss, input.dtype, `${label(c)} loss`));
        bad.push(...mismatches(g.toArray(), c.gradSum, input.dtype, `${label(c)} grad`));
      }
    });
    expect(bad).toEqual([]);
  });

  it("gives torch's vector-Jacobian products through grad, with respect to the logits and a soft target", () => {
    const bad: string[] = [];
    scope(() => {
      for (const c of fixture.cases) {
        const { x, target, input } = operands(c);
        const v = tensor(c.cotangent, c.reduction === "none" ? input.labelShape : [], input.dtype);
        const opts = { labelSmoothing: c.labelSmoothing, reduction: c.reduction };
        if (c.kind === "labels") {
          const gx = grad((p: Tensor) => sum(mul(crossEntropy(p, target, opts).loss, v)))(x);
          expect(gx.shape).toEqual(input.shape);
          bad.push(...mismatches(gx.toArray(), c.vjpLogits, input.dtype, `${label(c)} vjp logits`));
        } else {
          const g = grad((p: { x: Tensor; q: Tensor }) => sum(mul(crossEntropy(p.x, p.q, opts).loss, v)))({ x, q: target });
          bad.push(...mismatches(g.x.toArray(), c.vjpLogits, input.dtype, `${label(c)} vjp logits`));
          bad.push(...mismatches(g.q.toArray(), c.vjpTarget!, input.dtype, `${label(c)} vjp target`));
        }
      }
    });
    expect(bad).toEqual([]);
  });

  it("gives the float32 [N, C] path the same bits for labels as an int32 tensor, an array and an Int32Array", () => {
    scope(() => {
      const c = fixture.cases.find((d) => fixture.inputs[d.input].name === "float32 2-D" && d.kind === "labels")!;
      const { x, input } = operands(c);
      const bits = (t: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(t).buffer));
      const runs = [tensor(input.labels, input.labelShape, "int32"), input.labels, Int32Array.from(input.labels)]
        .map((t) => crossEntropy(x, t, { reduction: "none" }));
      for (const r of runs.slice(1)) {
        expect(bits(r.loss.toArray())).toEqual(bits(runs[0].loss.toArray()));
        expect(bits(r.grad.toArray())).toEqual(bits(runs[0].grad.toArray()));
      }
    });
  });

  it("equals the 2-D computation on the class dim moved last (4-D, float64, the same bits)", () => {
    scope(() => {
      const c = fixture.cases.find((d) => fixture.inputs[d.input].name === "float64 4-D" && d.kind === "soft")!;
      const { x, target, input } = operands(c);
      const [n, k, h, w] = input.shape;
      const rows = (t: Tensor) => reshape(permute(t, [0, 2, 3, 1]), [n * h * w, k]);
      const nd = crossEntropy(x, target, { labelSmoothing: 0.1, reduction: "none" });
      const flat = crossEntropy(rows(x), rows(target), { labelSmoothing: 0.1, reduction: "none" });
      expect(nd.loss.toArray()).toEqual(flat.loss.toArray());
      expect(rows(nd.grad).toArray()).toEqual(flat.grad.toArray());
    });
  });
});

describe("crossEntropy refuses bad input, naming the argument, and leaks nothing", () => {
  it("names the target's shape, dtype and labels out of range for 4-D logits, freeing what it made", () => {
    const live = () => { const m = memory(); return [m.tensors, m.bytes]; };
    scope(() => {
      const x = tensor(Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => Math.sin(i)), [2, 3, 2, 2], "float64");
      const q = new Array(24).fill(1 / 3);
      q[5] = 0.5; // [0, 1, 0, 1]
      const badSum = tensor(q, [2, 3, 2, 2], "float64");
      q[5] = -0.1;
      const negative = tensor(q, [2, 3, 2, 2], "float64");
      const xn = x.toArray();
      xn[17] = NaN; // [1, 1, 0, 1]
      const withNaN = tensor(xn, [2, 3, 2, 2], "float64");
      const args = {
        wrongShape: tensor([0, 1, 2, 0, 1, 2, 0, 1], [2, 4], "int32"), outOfRange: tensor([0, 1, 2, 0, 1, 3, 0, 1], [2, 2, 2], "int32"),
        f32: tensor(new Array(24).fill(1 / 3), [2, 3, 2, 2], "float32"), otherShape: tensor(new Array(24).fill(1 / 3), [2, 3, 4], "float64"),
        zeros: tensor(new Array(8).fill(0), [2, 2, 2], "int32"), rank1: tensor([0, 1], [2], "float64"), empty: tensor([], [2, 3, 0], "float64"),
        int: tensor([0, 1], [1, 2], "int32"),
      };
      const before = live();
      expect(() => crossEntropy(x, args.wrongShape))
        .toThrow("crossEntropy: int32 target must have shape [2, 2, 2] (logits' shape without the class dim 1), got [2, 4]");
      expect(() => crossEntropy(x, args.outOfRange)).toThrow("crossEntropy: target[1, 0, 1] must be a class index in [0, 2], got 3");
      expect(() => crossEntropy(x, [0, 1, 2])).toThrow("crossEntropy: target must hold one label per row (8), got 3");
      expect(() => crossEntropy(x, args.f32))
        .toThrow("crossEntropy: target must be int32 labels or float64 probabilities (the logits' dtype), got dtype float32");
      expect(() => crossEntropy(x, args.otherShape)).toThrow(/crossEntropy: logits .*same shape/);
      expect(() => crossEntropy(x, badSum)).toThrow(/crossEntropy: target\[0, :, 0, 1\] sums to 1.16/);
      expect(() => crossEntropy(x, negative)).toThrow("crossEntropy: target[0, 1, 0, 1] = -0.1 is not a probability in [0, 1]");
      expect(() => crossEntropy(withNaN, args.zeros)).toThrow("crossEntropy: logits contains NaN at [1, 1, 0, 1]");
      expect(() => crossEntropy(withNaN, badSum)).toThrow(/crossEntropy: target\[0, :, 0, 1\] sums to 1.16/);
      expect(() => crossEntropy(args.rank1, [0])).toThrow(/crossEntropy: logits must have shape \[batch ≥ 1, classes ≥ 1\] or \[batch, classes, d1, …\] with every size ≥ 1, got \[2\]/);
      expect(() => crossEntropy(args.empty, [])).toThrow(/every size ≥ 1, got \[2, 3, 0\]/);
      expect(() => crossEntropy(args.int, [0])).toThrow("crossEntropy: logits must have dtype float32 or float64, got int32");
      expect(live()).toEqual(before);
    });
  });

  it("leaves no tensor behind after 4-D losses and their gradients through the tape", () => {
    const before = memory().tensors;
    scope(() => {
      const x = tensor(Array.from({ length: 24 }, (_, i) => Math.cos(i)), [2, 3, 2, 2], "float64");
      const q = tensor(new Array(24).fill(1 / 3), [2, 3, 2, 2], "float64");
      grad((p: Tensor) => crossEntropy(p, q, { labelSmoothing: 0.1 }).loss)(x);
      crossEntropy(x, tensor(new Array(8).fill(2), [2, 2, 2], "int32"), { reduction: "none" });
    });
    expect(memory().tensors).toBe(before);
    const x = tensor(Array.from({ length: 24 }, (_, i) => Math.cos(i)), [2, 3, 2, 2], "float64");
    const labels = tensor(new Array(8).fill(1), [2, 2, 2], "int32");
    const inside = memory().tensors;
    const { loss, grad: g } = crossEntropy(x, labels, { labelSmoothing: 0.1 });
    expect(memory().tensors).toBe(inside + 2); // loss and grad only: the moved copies are freed
    for (const t of [loss, g, x, labels]) t.dispose();
    expect(memory().tensors).toBe(before);
  });
});

describe("crossEntropy in the two builds", () => {
  afterAll(async () => {
    await init();
  });

  it("gives identical bits in the SIMD and the scalar build, float32 and float64, 2-D and 4-D", () => {
    const run = (): string[] => scope(() => {
      const out: string[] = [];
      for (const c of fixture.cases) {
        const { x, target } = operands(c);
        const { loss, grad: g } = crossEntropy(x, target, { labelSmoothing: c.labelSmoothing, reduction: c.reduction });
        out.push(Buffer.from(loss.toArray().buffer).toString("hex"), Buffer.from(g.toArray().buffer).toString("hex"));
      }
      return out;
    });
    expect(initSync({ simd: true }).simd).toBe(true);
    const simd = run();
    expect(initSync({ simd: false }).simd).toBe(false);
    expect(run()).toEqual(simd);
  });
});
