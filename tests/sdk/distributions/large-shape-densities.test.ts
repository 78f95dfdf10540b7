// Log-densities at large shape parameters (issue 14): the plain formulas cancel terms of size α·log x, so
// Gamma(1e20, 1).logProb(1e20) was 0 (true −23.94), Beta(1e300, 1e300).logProb(½) 0 (345.5) and
// Dirichlet([1e15, 1e15]).logProb([½, ½]) 22.75 (17.39); betainc(1e300, 1, ½) was NaN (0). References by mpmath
// at 400 digits: tests/fixtures/large-shape-densities/make.py.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

const data = JSON.parse(readFileSync(new URL("../../fixtures/large-shape-densities/data.json", import.meta.url), "utf8")) as {
  gamma: [number, number, number, number][]; beta: [number, number, number, number][]; dirichlet: [number[], number[], number][];
};

beforeAll(async () => {
  await S.init();
});

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
const f64 = (v: number[]) => S.tensor(v, [v.length], "float64");

describe("log-densities at large shape parameters", () => {
  it.each(data.gamma)("Gamma(%s, %s).logProb(%s) = %s", (a, r, x, want) => {
    close(S.scope(() => new S.Gamma(a, r).logProb(f64([x])).item()), want);
    // the same element inside a batch (scalar path) and repeated (the SIMD path of b = 1)
    const got = S.scope(() => Array.from(new S.Gamma(a, r).logProb(f64([x, x, x, x, x])).toArray()));
    for (const g of got) close(g, want);
  });

  it.each(data.beta)("Beta(%s, %s).logProb(%s) = %s", (a, b, x, want) => {
    const got = S.scope(() => Array.from(new S.Beta(a, b).logProb(f64([x, x, x])).toArray()));
    for (const g of got) close(g, want);
  });

  it.each(data.dirichlet)("Dirichlet(%j).logProb(%j) = %s", (alpha, x, want) => {
    close(S.scope(() => new S.Dirichlet(alpha).logProb(f64(x)).item()), want);
  });

  it("the support is kept: 0 and +∞ give −∞, NaN stays NaN", () => {
    const g = S.scope(() => Array.from(new S.Gamma(1e6, 1).logProb(f64([0, Infinity, -1, NaN])).toArray()));
    expect(g.slice(0, 3)).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(g[3]).toBeNaN();
    const b = S.scope(() => Array.from(new S.Beta(1e6, 1e6).logProb(f64([0, 1, 1.5, NaN])).toArray()));
    expect(b.slice(0, 3)).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(b[3]).toBeNaN();
    expect(S.scope(() => new S.Dirichlet([1e6, 1e6]).logProb(f64([0, 1])).item())).toBe(-Infinity);
  });

  it("betainc whose front factor underflows is 0 or 1, not NaN", () => {
    const v = S.scope(() => Array.from(S.betainc(f64([1e300, 1, 1e300]), f64([1, 1e300, 1e300]), f64([0.5, 0.5, 0.25])).toArray()));
    expect(v).toEqual([0, 1, 0]);
  });
});

describe("the Beta cdf (betainc) at large parameters", () => {
  const I = (a: number, b: number, x: number) => S.scope(() => S.betainc(f64([a]), f64([b]), f64([x])).item());

  it("is ½ at the centre of a symmetric Beta, at every scale (Beta(1e20, 1e20).cdf(½) was 0.99999)", () => {
    for (const a of [1e4, 1e6, 1e8, 1e10, 1e20, 1e300]) expect(Math.abs(I(a, a, 0.5) - 0.5)).toBeLessThan(5e-13);
    expect(S.scope(() => new S.Beta(1e20, 1e20).cdf(0.5).item())).toBe(0.5);
  });

  // Up to the input's own conditioning: an ulp of a, b or x moves I by about √(a + b)·2^-52 there.
  it("at the mean equals ½ + (q − p)/(3√(pq)·√(2π(a + b))) to O((a + b)^(−3/2))", () => {
    for (const [a, b] of [[1e9, 3e9], [1e12, 3e12], [5e15, 1e15]]) {
      const r = a + b, p = a / r, q = b / r;
      const want = 0.5 + (q - p) / (3 * Math.sqrt(p * q) * Math.sqrt(2 * Math.PI * r));
      expect(Math.abs(I(a, b, p) - want)).toBeLessThan(1e-13 + 4 * Math.sqrt(r) * 2 ** -52);
    }
  });

  it("is continuous where the uniform expansion takes over from the continued fraction (1e8)", () => {
    for (const x of [0.4999, 0.49995, 0.5, 0.50003]) {
      expect(Math.abs(I(1e8 * (1 - 1e-12), 1e8 * (1 - 1e-12), x) - I(1e8, 1e8, x))).toBeLessThan(1e-9);
    }
  });

  it("is symmetric: I_x(a, b) = 1 − I_{1−x}(b, a), and monotone in x", () => {
    let last = 0;
    for (const x of [0.2499, 0.24995, 0.25, 0.25002, 0.25005]) {
      const v = I(1e9, 3e9, x);
      expect(Math.abs(v - (1 - I(3e9, 1e9, 1 - x)))).toBeLessThan(1e-12);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });
});
