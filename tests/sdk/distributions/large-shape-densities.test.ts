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
