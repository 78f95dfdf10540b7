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
