// KS tests at α = 0.001 (critical value 1.9495/√n, tests/sdk/helpers/stats.ts) of the one-dimensional
// distributions that the joint samplers imply, 10^5 float64 draws with fixed keys:
// - Dirichlet(α): component j is Beta(α_j, α0 − α_j), α0 = Σα (reference cdf: the SDK's Beta.cdf, tested
//   against scipy in gamma-family-fixtures.test.ts);
// - MultivariateNormal(μ, Σ): component i is Normal(μ_i, √Σ_ii) and aᵀx is Normal(aᵀμ, √(aᵀΣa)), for Σ given
//   as covarianceMatrix, precisionMatrix (Σ⁻¹) or scaleTril (L with Σ = L·Lᵀ).
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, scope, Beta, Dirichlet, MultivariateNormal } from "../../../sdk/index";
import { ksCritical, ksStatistic, ksStatisticOfCdf, normalCdf } from "../helpers/stats";

const N = 100_000;

type Matrix = number[][];
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
// L⁻¹ of a lower-triangular L by forward substitution (column j solves L·x = e_j)
const lowerInverse = (l: Matrix): Matrix => {
  const d = l.length;
  const inv = l.map(() => new Array(d).fill(0));
  for (let j = 0; j < d; j++) {
    for (let i = j; i < d; i++) {
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= l[i][k] * inv[k][j];
      inv[i][j] = s / l[i][i];
    }
  }
  return inv;
};

describe("joint samplers: the marginals and projections they imply", () => {
  beforeAll(async () => {
    await init();
  });

  for (const alpha of [[0.3, 0.5, 2], [0.3, 1, 4], [2, 3, 5, 10]]) {
    it(`draws Dirichlet([${alpha}]) whose component j passes a KS test against Beta(α_j, α0 − α_j)`, () => {
      scope(() => {
        const k = alpha.length;
        const a0 = alpha.reduce((s, v) => s + v, 0);
        const x = new Dirichlet(alpha).sample(key(8), [N], { dtype: "float64" }).toArray();
        for (let j = 0; j < k; j++) {
          const column = Float64Array.from({ length: N }, (_, r) => x[k * r + j]).sort();
          const cdf = new Beta(alpha[j], a0 - alpha[j]).cdf(column).toArray();
          expect(ksStatisticOfCdf(cdf)).toBeLessThan(ksCritical(N));
        }
      });
    });
  }

  // One distribution given three ways: L below, Σ = L·Lᵀ = [[4, 1.2, −0.8], [1.2, 1.8, 0.36], [−0.8, 0.36, 1.05]]
  // and P = Σ⁻¹ = L⁻ᵀ·L⁻¹ (both computed here in float64).
  const loc = [1, -2, 0.5];
  const scaleTril = [[2, 0, 0], [0.6, 1.2, 0], [-0.4, 0.5, 0.8]];
  const covariance = matmul(scaleTril, transpose(scaleTril));
  const precision = matmul(transpose(lowerInverse(scaleTril)), lowerInverse(scaleTril));
  // a = (1, −1, 2) mixes all three with both signs; a = (−0.5, 1, 1) nearly cancels the first two's covariance
  const projections = [[1, -1, 2], [-0.5, 1, 1]];
  const parameterisations = [
    ["covarianceMatrix", { covarianceMatrix: covariance }, 31],
    ["precisionMatrix", { precisionMatrix: precision }, 32],
    ["scaleTril", { scaleTril }, 33],
  ] as const;
  for (const [name, scale, seed] of parameterisations) {
    it(`draws MVN (from ${name}) whose components pass KS tests against Normal(μ_i, √Σ_ii), and projections aᵀx against Normal(aᵀμ, √(aᵀΣa))`, () => {
      scope(() => {
        const x = new MultivariateNormal(loc, scale).sample(key(seed), [N], { dtype: "float64" }).toArray();
        const d = loc.length;
        for (let i = 0; i < d; i++) {
          const sd = Math.sqrt(covariance[i][i]);
          const column = Float64Array.from({ length: N }, (_, r) => x[d * r + i]);
          expect(ksStatistic(column, (v) => normalCdf((v - loc[i]) / sd))).toBeLessThan(ksCritical(N));
        }
        for (const a of projections) {
          const mean = a.reduce((s, v, i) => s + v * loc[i], 0);
          const sd = Math.sqrt(a.reduce((s, v, i) => s + v * a.reduce((t, w, j) => t + covariance[i][j] * w, 0), 0));
          const y = new Float64Array(N);
          for (let r = 0; r < N; r++) for (let i = 0; i < d; i++) y[r] += a[i] * x[d * r + i];
          expect(ksStatistic(y, (v) => normalCdf((v - mean) / sd))).toBeLessThan(ksCritical(N));
        }
      });
    });
  }
});
