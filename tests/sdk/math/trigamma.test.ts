// digamma's derivative, trigamma ψ′(x) (assembly/math/trigamma.ts), through autograd: grad of Σ digamma(x)
// against mpmath at 50 digits (tests/fixtures/trigamma/make.py). Relative error ≤ 2e-14: the recurrence
// to x ≥ 10 sums at most ten positive terms and the asymptotic series stops below 1e-16; the reflection for
// x < 0 subtracts at most ψ′(1 − x) ≤ π²/6 from π²/sin²(πx) ≥ π², so it loses no digits, and sin²(πx) is
// taken at the exact distance to the nearest pole, so points next to a pole (−1e-8, −5.000001) keep them too.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";

const data = JSON.parse(readFileSync(new URL("../../fixtures/trigamma/data.json", import.meta.url), "utf8")) as { cases: { x: number; y: number; scipy: number }[] };

beforeAll(async () => { await s.init(); });

describe("trigamma, digamma's derivative", () => {
  it("matches mpmath to 2e-14 relative in float64, next to the poles too (grad of digamma)", () => {
    s.scope(() => {
      const xs = data.cases.map((c) => c.x);
      const g = Array.from(s.grad((x: s.Tensor) => s.sum(s.digamma(x)))(s.tensor(xs, [xs.length], "float64")).toArray());
      data.cases.forEach((c, i) => {
        const tol = 2e-14;
        expect(Math.abs(g[i] - c.y) / Math.abs(c.y), `ψ′(${c.x}) = ${g[i]}, mpmath ${c.y}`).toBeLessThanOrEqual(tol);
      });
    });
  });

  it("gives the poles, infinities and NaN as SciPy does, and float32 rounds the float64 value once", () => {
    s.scope(() => {
      const g = s.grad((x: s.Tensor) => s.sum(s.digamma(x)))(s.tensor([0, -3, Infinity, 1], [4], "float64")).toArray();
      expect(Array.from(g).slice(0, 3)).toEqual([Infinity, Infinity, 0]);
      expect(Math.abs(g[3] - Math.PI ** 2 / 6)).toBeLessThanOrEqual(4e-16);
      const g32 = s.grad((x: s.Tensor) => s.sum(s.digamma(x)))(s.tensor([0.5, 2.5], [2], "float32"));
      expect(g32.dtype).toBe("float32");
      const v = Array.from(g32.toArray()), want = [Math.PI ** 2 / 2, Math.PI ** 2 / 2 - 4 - 4 / 9];
      v.forEach((got, i) => expect(Math.abs(got - want[i]) / want[i]).toBeLessThanOrEqual(6e-8));
    });
  });

  it("makes lgamma twice differentiable, and refuses a third derivative with a clear error", () => {
    s.scope(() => {
      const h = s.hessian((x: s.Tensor) => s.sum(s.lgamma(x)))(s.tensor([1, 0.5], [2], "float64")).toArray();
      const want = [Math.PI ** 2 / 6, 0, 0, Math.PI ** 2 / 2];
      Array.from(h).forEach((got, i) => expect(Math.abs(got - want[i])).toBeLessThanOrEqual(1e-15 * Math.abs(want[i])));
      expect(() => s.grad((x: s.Tensor) => s.sum(s.grad((y: s.Tensor) => s.sum(s.digamma(y)))(x)))(s.tensor([1], [1], "float64"))).toThrow(/polygamma\(2, x\)/);
    });
  });
});
