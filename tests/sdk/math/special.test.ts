// Special functions (assembly/math/special.ts) against exact values: mpmath at 50 digits rounded to
// float64, from tests/fixtures/special/make.py (which also records SciPy's float64 answers).
// Metric: relative error |ours − exact| / |exact|; infinities must match exactly; values below 1e-290
// (subnormal territory, where SciPy and we may underflow differently) need absolute error ≤ 1e-300.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../../sdk/index";
import { mapF64 } from "../../../sdk/distributions/distribution";
import { cases, fixture, maxRelativeError } from "../helpers/special-fixture";

// [fixture case, kernel, input columns, exact column, scipy column, tolerance, why]
const table: [string, string, string[], string, string, number, string][] = [
  ["erf", "erfArrayF64", ["x"], "y", "scipy", 1e-15, "fdlibm, < 1 ulp"],
  ["erfc", "erfcArrayF64", ["x"], "y", "scipy", 1e-15, "fdlibm, < 1 ulp, relative down to 1e-290"],
  ["erfinv", "erfinvArrayF64", ["x"], "y", "scipy", 1e-15, "Halley steps to convergence"],
  ["normalCdf", "normalCdfArrayF64", ["x"], "y", "scipy", 1e-15, "argument rounding compensated"],
  ["normalQuantile", "normalQuantileArrayF64", ["x"], "y", "scipy", 1e-15, "Acklam + one Halley step"],
  ["lgamma", "lgammaArrayF64", ["x"], "y", "scipy", 1e-13, "relative error grows near the zeros of log Γ at x < 0"],
  ["digamma", "digammaArrayF64", ["x"], "y", "scipy", 1e-13, "relative error grows near the zeros of ψ at x < 0"],
  ["lbeta", "lbetaArrayF64", ["a", "b"], "y", "scipy", 1e-14, "Stirling differences for large arguments"],
  ["gammainc", "gammaincPArrayF64", ["a", "x"], "p", "scipyP", 1e-12, "exponent a·log1pmx(·) of size ≤ 700 carries 700 ulp"],
  ["gammainc", "gammaincQArrayF64", ["a", "x"], "q", "scipyQ", 1e-12, "as P"],
  ["betainc", "betaincArrayF64", ["a", "b", "x"], "y", "scipy", 1e-12, "as P; a, b up to 1000"],
];

describe("special functions", () => {
  beforeAll(async () => {
    await init();
  });

  for (const [name, kernel, inputs, exactCol, scipyCol, tol, why] of table) {
    const c = cases[name];
    it(`${kernel} matches mpmath over ${c[exactCol].length} points within ${tol} relative (${why})`, () => {
      const got = mapF64(kernel, ...inputs.map((k) => c[k]));
      const ours = maxRelativeError(got, c[exactCol]);
      const scipy = maxRelativeError(c[scipyCol], c[exactCol]);
      console.log(`${kernel}: max relative error ${ours.toExponential(2)} (SciPy ${fixture.scipy}: ${scipy.toExponential(2)})`);
      expect(ours).toBeLessThanOrEqual(tol);
    });
  }

  it("returns the documented values at the edges of the domains", () => {
    const one = (kernel: string, ...args: number[]) => mapF64(kernel, ...args.map((a) => [a]))[0];
    expect(one("erfinvArrayF64", 1)).toBe(Infinity);
    expect(one("erfinvArrayF64", -1)).toBe(-Infinity);
    expect(one("erfinvArrayF64", 1.5)).toBeNaN();
    expect(one("normalQuantileArrayF64", 0)).toBe(-Infinity);
    expect(one("normalQuantileArrayF64", 1)).toBe(Infinity);
    expect(one("lgammaArrayF64", 0)).toBe(Infinity);
    expect(one("lgammaArrayF64", -3)).toBe(Infinity);
    expect(one("digammaArrayF64", 0)).toBe(-Infinity);
    expect(one("digammaArrayF64", -2)).toBeNaN();
    expect(one("gammaincPArrayF64", 2, 0)).toBe(0);
    expect(one("gammaincQArrayF64", 2, Infinity)).toBe(0);
    expect(one("betaincArrayF64", 2, 3, 1)).toBe(1);
    expect(one("betaincArrayF64", 2, 3, 1.5)).toBeNaN();
    expect(one("softplusArrayF64", 800)).toBe(800);
    expect(one("log1pmxArrayF64", 1e-10)).toBeCloseTo(-5e-21, 30);
  });
});
