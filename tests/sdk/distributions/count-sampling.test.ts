// Monte Carlo checks of the count samplers `poisson` and `binomial` with fixed keys, 10^5 draws a case:
// mean and variance within 4 standard errors, and a chi-square goodness of fit at α = 0.001 against the
// exact pmf (float64, tails pooled so that every cell expects ≥ 5 draws; tests/sdk/helpers/stats.ts).
// The cases cover both algorithms of each sampler (assembly/sample/poisson.ts, binomial.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, scope, poisson, binomial } from "../../../sdk/index";
import { binomialPmf, chiSquareCritical, chiSquareOfCounts, moments, poissonPmf, within4se } from "../helpers/stats";

const N = 100_000;

// Var(s²) ≈ (μ4 − σ⁴)/n = (κ4 + 2σ⁴)/n for a sample variance s² (κ4 the fourth cumulant):
// Poisson κ4 = λ; Binomial κ4 = npq(1 − 6pq).
const varianceSe = (variance: number, kappa4: number) => Math.sqrt((kappa4 + 2 * variance * variance) / N);

describe("count samplers", () => {
  beforeAll(async () => {
    await init();
  });

  // inversion below λ = 10, PTRS from 10 on
  for (const rate of [0.5, 3.5, 9.5, 10, 50, 300, 1000]) {
    it(`draws Poisson(${rate}) with mean and variance within 4 standard errors and exact-pmf frequencies passing chi-square at α = 0.001`, () => {
      scope(() => {
        const x = poisson(key(6), [N], rate, { dtype: "float64" }).toArray();
        const m = moments(x);
        expect(within4se(m.mean, rate, Math.sqrt(rate / N))).toBe(true);
        expect(within4se(m.variance, rate, varianceSe(rate, rate))).toBe(true);
        const { statistic, df } = chiSquareOfCounts(x, poissonPmf(rate));
        expect(statistic).toBeLessThan(chiSquareCritical(df));
      });
    });
  }

  // inversion when n·min(p, 1 − p) < 10, BTRS from 10 on (100 · 0.1 is the boundary); p > ½ draws n − Binomial(n, 1 − p)
  const cases: [number, number, string][] = [
    [7, 0.01, "inversion"], [20, 0.3, "inversion"], [30, 0.8, "inversion, p > ½"], [100, 0.97, "inversion, p > ½"],
    [100, 0.1, "BTRS at the boundary"], [50, 0.4, "BTRS"], [1000, 0.5, "BTRS"], [200, 0.9, "BTRS, p > ½"], [5000, 0.73, "BTRS, p > ½"],
  ];
  for (const [n, p, algorithm] of cases) {
    it(`draws Binomial(${n}, ${p}) (${algorithm}) with mean and variance within 4 standard errors and exact-pmf frequencies passing chi-square at α = 0.001`, () => {
      scope(() => {
        const x = binomial(key(7), [N], n, p, { dtype: "float64" }).toArray();
        const m = moments(x);
        const v = n * p * (1 - p);
        expect(within4se(m.mean, n * p, Math.sqrt(v / N))).toBe(true);
        expect(within4se(m.variance, v, varianceSe(v, v * (1 - 6 * p * (1 - p))))).toBe(true);
        const { statistic, df } = chiSquareOfCounts(x, binomialPmf(n, p));
        expect(statistic).toBeLessThan(chiSquareCritical(df));
      });
    });
  }
});
