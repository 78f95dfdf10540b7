// The activations and pointwise math of sdk/ops/activations.ts against the world: exact values by mpmath and
// torch 1.13's answers at special inputs, both from tests/fixtures/activations/make.py.
//
// Tolerance (accuracy): |ours − exact| ≤ K · ulp(exact) · max(1, κ), K = 4 for float32 and float64, where ulp is
// the gap between floats of the dtype at the exact value (2^-149 / 2^-1074 at and below the subnormals) and κ is
// the condition number of what is computed, |x f′/f| for the forward and |x f″/f′| for the derivative (mpmath).
// Why: each result is a handful of roundings of ≈ 1 ulp each (exp, log, expm1, log1p ≈ 1 ulp; 1 + e, a
// division, a product), hence K = 4; and where a rounded intermediate feeds a steep function — u = √(2/π)(x +
// 0.044715x³) in gelu (tanh form), z = βx in softplus, x² in exp(−x²/2) — or the derivative cancels near its
// own zero (silu′, gelu′ at x ≈ −0.75), the error of that rounding is multiplied by the condition number:
// such a result is exact for an input within K ulp of x (backward stable), which is all a float can promise.
// Overflow and underflow must match exactly (∞ where the exact value rounds to ∞ in the dtype).
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { init, memory, scope, tensor, type DType, type Tensor } from "../../../sdk/index";
import * as act from "../../../sdk/ops/activations";
import { numbers, ulp32 } from "./fixture";

const data = JSON.parse(readFileSync(new URL("../../fixtures/activations/data.json", import.meta.url), "utf8"));
const K = 4;

/** One float64 ulp at |v| (2^-1074 at and below the subnormals). */
function ulp64(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return 2 ** -1074;
  const e = Math.floor(Math.log2(a));
  const u = 2 ** (e - 52);
  return a >= 2 ** (e + 1) ? 2 * u : a < 2 ** e ? u / 2 : u;
}

type Forward = (x: Tensor, ...params: number[]) => Tensor;
type Backward = (gradY: Tensor, x: Tensor, ...params: number[]) => Tensor;

function kernels(name: string): [Forward, Backward] {
  const fwd = (act as unknown as Record<string, Forward>)[name];
  const bwd = (act as unknown as Record<string, Backward>)[`${name}Backward`];
  return [fwd, bwd];
}

function evaluate(name: string, params: number[], dtype: DType, xs: number[]): [number[], number[]] {
  const [fwd, bwd] = kernels(name);
  return scope(() => {
    const x = tensor(xs, [xs.length], dtype);
    const ones = tensor(xs.map(() => 1), [xs.length], dtype);
    return [Array.from(fwd(x, ...params).toArray()), Array.from(bwd(ones, x, ...params).toArray())];
  });
}

/** The largest error in units of K·ulp·max(1, κ) (≤ 1 passes), and a description of the worst point. */
function worst(got: number[], exact: (number | string | null)[], cond: number[], dtype: DType, xs: number[]): [number, string] {
  let max = 0;
  let where = "";
  for (let i = 0; i < got.length; i++) {
    if (exact[i] === null) continue;
    const ref = numbers([exact[i] as number | string])[0];
    const refT = dtype === "float32" ? Math.fround(ref) : ref;
    let r: number;
    if (!Number.isFinite(refT)) r = Object.is(got[i], refT) || (Number.isNaN(got[i]) && Number.isNaN(refT)) ? 0 : Infinity;
    else {
      const ulp = dtype === "float32" ? ulp32(ref) : ulp64(ref);
      r = Math.abs(got[i] - ref) / (K * ulp * Math.max(1, cond[i]));
      if (Number.isNaN(r)) r = Infinity;
    }
    if (r > max) {
      max = r;
      where = `x = ${xs[i]}: got ${got[i]}, exact ${ref}, κ = ${cond[i]}`;
    }
  }
  return [max, where];
}

describe("activations and pointwise math against mpmath (tests/fixtures/activations)", () => {
  beforeAll(async () => {
    await init();
  });

  for (const set of data.accuracy) {
    const label = `${set.name}(${set.params.join(", ")}) in ${set.dtype}`;
    it(`${label} is within ${K} ulp × max(1, condition number) of the exact value, forward and derivative`, () => {
      const [y, dy] = evaluate(set.name, set.params, set.dtype, set.x);
      const [fe, fw] = worst(y, set.y, set.condY, set.dtype, set.x);
      const [be, bw] = worst(dy, set.dy, set.condDy, set.dtype, set.x);
      expect(fe, `forward ${fw}`).toBeLessThanOrEqual(1);
      expect(be, `derivative ${bw}`).toBeLessThanOrEqual(1);
    });
  }
});

// Where we knowingly differ from torch 1.13 at the special inputs: [name, dtype or "*", x, "y" | "dy", why].
const DEVIATIONS: [string, string, number, "y" | "dy", string][] = [
  ...[Infinity, 1e20, 3e38, -Infinity, -1e20, -3e38].map((x): [string, string, number, "y" | "dy", string] =>
    ["geluTanh", "*", x, "dy", "torch multiplies 1 − tanh² = 0 by u′ = ∞ (x² overflows) and gets NaN; the limit is 1 (x → ∞) or 0"]),
  ["sign", "*", NaN, "y", "NaN propagates (numpy, JAX); torch 1.13 gives sign(NaN) = 0"],
  ["log1p", "float32", 3e38, "y", "torch's float32 log1p overflows 1 + x to ∞; ln(1 + 3e38) = 88.6"],
];

// Two answers agree when both are NaN, equal infinities, or finite and within 1e-6 (float64) / 1e-4 (float32)
// relative: this suite checks semantics, the mpmath suite accuracy (torch's own float32 answers are off by
// several ulp in places, e.g. gelu′ and pow of huge x). torch's 0 also agrees with our tiny value (|v| < the
// dtype's ε) where torch takes a derivative from its rounded output, y(1 − y) or 1 − y², which cancels to 0
// (σ′(20), tanh′(20)), or flushes subnormals (elu(−1e-40)): there ours is the exact value, as the mpmath
// suite checks at the same inputs.
function agrees(ours: number, theirs: number, dtype: DType): boolean {
  if (sameValue(ours, theirs)) return true;
  if (!Number.isFinite(ours) || !Number.isFinite(theirs)) return false;
  const eps = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  if (theirs === 0 && Math.abs(ours) < eps) return true;
  return Math.abs(ours - theirs) <= (dtype === "float32" ? 1e-4 : 1e-6) * Math.abs(theirs);
}

function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

describe("activations and pointwise math at special inputs, against torch 1.13", () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of data.torch) {
    it(`${c.name}(${c.params.join(", ")}) in ${c.dtype} gives torch's values and gradients at ±0, ±∞, NaN, kinks and huge inputs`, () => {
      const xs = numbers(c.x);
      const [y, dy] = evaluate(c.name, c.params, c.dtype, xs);
      const ty = numbers(c.y), tdy = numbers(c.dy);
      const mismatches: string[] = [];
      for (let i = 0; i < xs.length; i++) {
        for (const [what, ours, theirs] of [["y", y[i], ty[i]], ["dy", dy[i], tdy[i]]] as const) {
          if (agrees(ours, theirs, c.dtype)) continue;
          const known = DEVIATIONS.some(([n, dt, x, w]) =>
            n === c.name && (dt === "*" || dt === c.dtype) && sameValue(c.dtype === "float32" ? Math.fround(x) : x, xs[i]) && w === what);
          if (!known) mismatches.push(`${what}(${xs[i]}): ours ${ours}, torch ${theirs}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe("pow of two tensors against mpmath", () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of data.pow) {
    it(`pow(a, b) and both its gradients in ${c.dtype} are within ${K} ulp × max(1, |b|, |ln a · b|) of the exact values, with torch's edge cases`, () => {
      const [y, ga, gb] = scope(() => {
        const a = tensor(c.a, [c.a.length], c.dtype), b = tensor(c.b, [c.b.length], c.dtype);
        const out = act.pow(a, b);
        const ones = tensor(c.a.map(() => 1), [c.a.length], c.dtype);
        const [gA, gB] = act.powBackward(ones, a, b, out);
        return [Array.from(out.toArray()), Array.from(gA.toArray()), Array.from(gB.toArray())];
      });
      // κ of a^b in a is |b|, in b is |b ln a|; of the gradients about the same plus 1
      const cond = c.a.map((a: number, i: number) => 1 + Math.abs(c.b[i]) + Math.abs(c.b[i] * Math.log(Math.abs(a) || 1)));
      for (const [got, exact, what] of [[y, c.y, "y"], [ga, c.gradA, "gradA"], [gb, c.gradB, "gradB"]] as const) {
        const [e, w] = worst(got, exact, cond, c.dtype, c.a);
        expect(e, `${what} ${w}`).toBeLessThanOrEqual(1);
      }
      // torch.pow's edge cases: 0^−1 = ∞, (−8)^(1/3) = NaN, (−2)^3 = −8, x^0 = 1
      const i0 = c.a.findIndex((a: number, i: number) => a === 0 && c.b[i] === -1);
      expect(y[i0]).toBe(Infinity);
      const iFrac = c.a.findIndex((a: number) => a === -8);
      expect(y[iFrac]).toBeNaN();
      const iCube = c.a.findIndex((a: number, i: number) => a === -2 && c.b[i] === 3);
      expect(y[iCube]).toBe(-8);
      const iZeroExp = c.b.findIndex((b: number) => b === 0);
      expect(y[iZeroExp]).toBe(1);
      expect(ga[iZeroExp]).toBe(0);
    });
  }
});

describe("activation ops check their arguments and free what they make", () => {
  beforeAll(async () => {
    await init();
  });

  it("rejects a non-tensor, an integer tensor and a disposed tensor, naming the argument", () => {
    expect(() => act.relu([1, 2] as unknown as Tensor)).toThrow(/relu: x must be a Tensor, got \[1, 2\]/);
    scope(() => {
      const i = tensor([1, 2], [2], "int32");
      expect(() => act.sigmoid(i)).toThrow(/sigmoid: x must have dtype float32 or float64, got int32/);
      const x = tensor([1, 2]);
      x.dispose();
      expect(() => act.tanh(x)).toThrow(/tanh: x/);
    });
  });

  it("rejects a gradY of another shape or dtype than x", () => {
    scope(() => {
      const x = tensor([1, 2, 3]);
      expect(() => act.siluBackward(tensor([1, 2]), x)).toThrow(/siluBackward: gradY's shape \[2\] must equal x's shape \[3\]/);
      expect(() => act.siluBackward(tensor([1, 2, 3], [3], "float64"), x)).toThrow(/siluBackward: gradY must have the dtype of x \(float32\), got float64/);
      expect(() => act.pow(x, tensor([1, 2]))).toThrow(/pow: b's shape \[2\] must equal a's shape \[3\]/);
      expect(() => act.powBackward(x, x, x, tensor([1]))).toThrow(/powBackward: y's shape \[1\] must equal a's shape \[3\]/);
    });
  });

  it("rejects parameters that are not finite numbers, and a softplus beta that is not positive (also in float32)", () => {
    scope(() => {
      const x = tensor([1, -1]);
      expect(() => act.leakyRelu(x, NaN)).toThrow(/leakyRelu: negativeSlope must be a finite number, got NaN/);
      expect(() => act.elu(x, "1" as unknown as number)).toThrow(/elu: alpha must be a finite number, got "1"/);
      expect(() => act.softplus(x, 0)).toThrow(/softplus: beta must be > 0 and finite in float32, got 0/);
      expect(() => act.softplus(x, 1e-50)).toThrow(/softplus: beta must be > 0 and finite in float32, got 1e-50/);
      expect(() => act.softplusBackward(x, x, 1, NaN)).toThrow(/softplusBackward: threshold must be a number, got NaN/);
      expect(() => act.powScalar(x, NaN)).toThrow(/powScalar: exponent must be a number \(not NaN\), got NaN/);
      expect(Array.from(act.softplus(tensor([1e-50], [1], "float64"), 1e-50).toArray())[0]).toBeCloseTo(Math.LN2 * 1e50, -35);
    });
  });

  it("returns a new tensor of x's shape and dtype, handles empty tensors, and leaks nothing", () => {
    const before = memory().tensors;
    scope(() => {
      const x = tensor([[1, -2], [3, -4]], undefined, "float64");
      for (const name of ["relu", "geluErf", "sigmoid", "sin", "log1p"]) {
        const [fwd, bwd] = kernels(name);
        const y = fwd(x);
        expect(y.shape).toEqual([2, 2]);
        expect(y.dtype).toBe("float64");
        expect(bwd(y, x).shape).toEqual([2, 2]);
      }
      expect(act.relu(tensor([], [0])).shape).toEqual([0]);
      expect(act.reluBackward(tensor([], [0, 3]), tensor([], [0, 3])).shape).toEqual([0, 3]);
      expect(() => act.leakyReluBackward(x, x, Infinity)).toThrow(/negativeSlope/);
    });
    expect(memory().tensors).toBe(before);
  });

  it("gives the same bits for every element whatever the tensor's length (vector body and scalar tail agree)", () => {
    scope(() => {
      const values = [-3.5, -0.75, 0, 0.3, 2, 9.5, -20, 45, 1e-7];
      for (const name of ["sigmoid", "tanh", "geluTanh", "softplus", "logSigmoid", "elu", "sin", "expm1"]) {
        const [fwd] = kernels(name);
        const long = Array.from(fwd(tensor(values)).toArray());
        const alone = values.map((v) => fwd(tensor([v])).item());
        expect(alone, name).toEqual(long);
      }
    });
  });
});
