// Gamma.icdf and Beta.icdf against exact quantiles (mpmath at 100 digits, scipy.stats' ppf beside them):
// tests/fixtures/quantiles/make.py, versions in data.json. α from 1e-3 to 1e4, rates ≠ 1, Beta pairs from
// (1e-3, 1e-3) to (200, 300) and (1e3, 2), levels q from 1e-300 to 1 − 2⁻⁵³.
// Tolerances: float64 1e-12 relative (below the normal range, 1e-12 of the smallest normal). Achieved
// 5.5e-13: the error is ≈ ε·|log x|/α in the far lower tail (e.g. Gamma(1e-3) at q = ½ is 5.2e-302, where
// every f64 evaluation of P carries ε·|α log x| and x moves by 1/α of it), ≤ 3e-15 for α, β ≥ 1 in the bulk.
// Round trips cdf(icdf(q)) = q within 1e-12·min(q, 1 − q), plus 2ε (the cdf's own rounding near 1) plus
// the cdf's change over x's neighbouring doubles (at Beta(½, ½), q = 1 − 1e-12 the quantile rounds to 1,
// at Gamma(1e-3), q = 0.4 to 0).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, tensor, scope, Gamma, Beta } from "../../../sdk/index";
import { arr } from "./helpers";

const data = JSON.parse(readFileSync(new URL("../../fixtures/quantiles/data.json", import.meta.url), "utf8"));
const F64_TOL = 1e-12;
const ROUND_TRIP_TOL = 1e-12;
const EPS = 2 ** -52;
const MIN_NORMAL = 2.2250738585072014e-308;
const f64 = (v: number[]) => tensor(v, [v.length], "float64");

/** max |got − want| / max(|want|, smallest normal); a NaN fails every bound. */
function relErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const e = got[i] === want[i] ? 0 : Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), MIN_NORMAL);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** The worst round-trip error |cdf(icdf(q)) − q| in units of the allowance (≤ 1 passes). */
function roundTrip(d: Gamma | Beta, qs: number[]): number {
  const x = arr(d.icdf(f64(qs)));
  const at = arr(d.cdf(f64(x)));
  // two doubles either side, and at least the smallest subnormal (of λx for Gamma): a quantile below it is 0
  const tiny = d instanceof Gamma ? 5e-324 / Math.min(1, d.rate[0]) : 5e-324;
  const step = (v: number) => Math.max(2 * EPS * v, tiny);
  const below = arr(d.cdf(f64(x.map((v) => v - step(v)))));
  const above = arr(d.cdf(f64(x.map((v) => Math.min(v + step(v), d instanceof Beta ? 1 : Infinity)))));
  let worst = 0;
  qs.forEach((q, i) => {
    const allowance = ROUND_TRIP_TOL * Math.min(q, 1 - q) + 2 * EPS + (above[i] - below[i]);
    worst = Math.max(worst, Math.abs(at[i] - q) / allowance);
  });
  return worst;
}

const LEVELS = [1e-300, 1e-50, 1e-8, 1e-3, 0.05, 0.2, 0.4, 0.5, 0.6, 0.8, 0.95, 0.999, 1 - 1e-8, 1 - 1e-12, 1 - 2 ** -53];

describe(`Gamma.icdf and Beta.icdf against mpmath ${data.meta.mpmath} (scipy ${data.meta.scipy} beside)`, () => {
  beforeAll(async () => {
    await init();
  });

  it(`matches the exact Gamma quantiles within ${F64_TOL} relative, α from 1e-3 to 1e4 and rates ≠ 1`, () => {
    let worst = 0;
    for (const c of data.gamma) {
      scope(() => {
        const e = relErr(arr(new Gamma(c.concentration, c.rate).icdf(f64(c.q))), c.x);
        worst = Math.max(worst, e);
        expect(e, `Gamma(${c.concentration}, ${c.rate})`).toBeLessThanOrEqual(F64_TOL);
      });
    }
    console.log(`Gamma.icdf max relative error ${worst.toExponential(2)} (scipy.stats.gamma.ppf ${data.meta.scipyMaxRelErrorGamma.toExponential(2)})`);
  });

  it(`matches the exact Beta quantiles within ${F64_TOL} relative, from Beta(1e-3, 1e-3) to Beta(200, 300)`, () => {
    let worst = 0;
    for (const c of data.beta) {
      scope(() => {
        const e = relErr(arr(new Beta(c.alpha, c.beta).icdf(f64(c.q))), c.x);
        worst = Math.max(worst, e);
        expect(e, `Beta(${c.alpha}, ${c.beta})`).toBeLessThanOrEqual(F64_TOL);
      });
    }
    console.log(`Beta.icdf max relative error ${worst.toExponential(2)} (scipy.stats.beta.ppf ${data.meta.scipyMaxRelErrorBeta.toExponential(2)}: boost fails at Beta(2, 5), q = 1e-300)`);
  });

  it("returns levels that the cdf maps back to q, in both tails", () => {
    scope(() => {
      for (const a of [1e-3, 0.1, 0.5, 1, 2.5, 30, 1e4]) {
        for (const rate of [1, 0.3]) expect(roundTrip(new Gamma(a, rate), LEVELS), `Gamma(${a}, ${rate})`).toBeLessThanOrEqual(1);
      }
      for (const [a, b] of [[0.5, 0.5], [1e-2, 2], [200, 300], [1, 1], [2, 5], [5, 1e-2], [1e-3, 1e-3], [1e3, 2]]) {
        expect(roundTrip(new Beta(a, b), LEVELS), `Beta(${a}, ${b})`).toBeLessThanOrEqual(1);
      }
    });
  });

  it("is non-decreasing in q across a fine grid of levels", () => {
    scope(() => {
      const qs = Array.from({ length: 2001 }, (_, i) => i / 2000);
      for (const d of [new Gamma(0.1, 1), new Gamma(2.5, 3), new Gamma(1e4, 1), new Beta(0.5, 0.5), new Beta(1e-2, 2), new Beta(200, 300)]) {
        const x = arr(d.icdf(f64(qs)));
        for (let i = 1; i < x.length; i++) expect(x[i], `${d.kind} at q = ${qs[i]}`).toBeGreaterThanOrEqual(x[i - 1]);
      }
    });
  });

  it("gives the ends of the support at q = 0 and q = 1, and NaN for NaN or out-of-range q without validation", () => {
    scope(() => {
      expect(arr(new Gamma([1e-3, 2.5, 1e4], 2).icdf(f64([0, 0, 0])))).toEqual([0, 0, 0]);
      expect(arr(new Gamma([1e-3, 2.5, 1e4], 2).icdf(f64([1, 1, 1])))).toEqual([Infinity, Infinity, Infinity]);
      expect(arr(new Beta([1e-3, 1, 200], [1e-3, 1, 300]).icdf(f64([0, 0, 0])))).toEqual([0, 0, 0]);
      expect(arr(new Beta([1e-3, 1, 200], [1e-3, 1, 300]).icdf(f64([1, 1, 1])))).toEqual([1, 1, 1]);
      const g = new Gamma(2, 1, { validateArgs: false });
      const b = new Beta(2, 3, { validateArgs: false });
      for (const d of [g, b]) expect(arr(d.icdf(f64([NaN, -0.5, 1.5])))).toEqual([NaN, NaN, NaN]);
    });
  });

  it("rejects a level outside [0, 1] or NaN with a RangeError naming q", () => {
    scope(() => {
      for (const q of [-0.1, 1.5, NaN, Infinity]) {
        expect(() => new Gamma(2, 1).icdf([0.5, q])).toThrow(/Gamma\.icdf: q must be .*at index \[1\]/);
        expect(() => new Beta(2, 3).icdf(q)).toThrow(/Beta\.icdf: q must be/);
      }
      expect(() => new Gamma(2, 1).icdf(tensor([0.5, 2]))).toThrow(RangeError);
    });
  });

  it("gives float32 for float32 levels: the float64 quantile of the same level, rounded once", () => {
    scope(() => {
      const q32 = LEVELS.slice(1, -2).map((q) => Math.fround(q));
      for (const d of [new Gamma(0.5, 2), new Gamma(30, 1), new Beta(0.5, 0.5), new Beta(200, 300)]) {
        const got = d.icdf(tensor(q32, [q32.length], "float32"));
        expect(got.dtype).toBe("float32");
        expect(arr(got)).toEqual(arr(d.icdf(f64(q32))).map((v) => Math.fround(v)));
      }
    });
  });

  it("broadcasts levels against a batch of parameters, element by element as scalar distributions do", () => {
    scope(() => {
      const alphas = [0.1, 2.5, 30], rates = [1, 2, 0.5];
      const qs = [0.01, 0.5, 0.99];
      const batch = new Gamma(alphas, rates).icdf(tensor(qs, [3, 1], "float64"));
      expect(batch.shape).toEqual([3, 3]);
      const want = qs.flatMap((q) => alphas.map((a, j) => new Gamma(a, rates[j]).icdf(q).item()));
      expect(arr(batch)).toEqual(want);
      // a batch dimension of 1 broadcasts against the levels
      const column = new Beta([[0.5], [200]], [[0.5], [300]]).icdf(f64(qs));
      expect(column.shape).toEqual([2, 3]);
      expect(arr(column)).toEqual([0.5, 200].flatMap((a, i) => qs.map((q) => new Beta(a, [0.5, 300][i]).icdf(q).item())));
    });
  });
});
