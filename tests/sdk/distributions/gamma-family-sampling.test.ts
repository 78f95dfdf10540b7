// Monte Carlo checks of the Gamma, Beta, Dirichlet, MVN and categorical samplers with fixed keys: KS tests
// at level α = 0.001 (critical value 1.9495/√n), chi-square at α = 0.001, and moments within 4 standard
// errors (tests/sdk/helpers/stats.ts). Plus determinism: pinned draws, the prefix property, and identical
// bits from the SIMD and scalar builds. Poisson and Binomial: count-sampling.test.ts; the marginals of
// Dirichlet and MVN: joint-sampling.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import {
  init, initSync, key, memory, scope, Normal, Gamma, Beta, Dirichlet, MultivariateNormal, Categorical, categoricalSample,
  AliasTable, poisson, binomial, randomBits,
} from "../../../sdk/index";
import { moments, ksCritical, ksStatisticOfCdf, chiSquare, CHI2_CRIT_0_001, within4se } from "../helpers/stats";

const N = 20000;

describe("gamma-family samplers", () => {
  beforeAll(async () => {
    await init();
  });

  for (const alpha of [0.1, 0.5, 1, 2.5, 100]) {
    it(`draws Gamma(${alpha}, 2) that pass a KS test and match the mean within 4 standard errors`, () => {
      scope(() => {
        const d = new Gamma(alpha, 2);
        const x = Float64Array.from(d.sample(key(11), [N], { dtype: "float64" }).toArray());
        const sorted = Float64Array.from(x).sort();
        const cdf = d.cdf(sorted).toArray();
        expect(ksStatisticOfCdf(cdf)).toBeLessThan(ksCritical(N));
        const m = moments(x);
        expect(within4se(m.mean, alpha / 2, Math.sqrt(alpha / 4 / N))).toBe(true);
      });
    });
  }

  it("keeps Gamma(1e-3) draws positive (clamped at the smallest normal float) with the right mean", () => {
    scope(() => {
      const x = new Gamma(1e-3, 1).sample(key(3), [N], { dtype: "float64" }).toArray();
      expect(Math.min(...x)).toBeGreaterThan(0);
      expect(within4se(moments(x).mean, 1e-3, Math.sqrt(1e-3 / N))).toBe(true);
    });
  });

  for (const [a, b] of [[2, 5], [0.5, 0.5], [0.1, 0.2]]) {
    it(`draws Beta(${a}, ${b}) that pass a KS test inside (0, 1)`, () => {
      scope(() => {
        const d = new Beta(a, b);
        const x = Float64Array.from(d.sample(key(5), [N], { dtype: "float64" }).toArray()).sort();
        expect(x[0]).toBeGreaterThan(0);
        expect(x[N - 1]).toBeLessThan(1);
        const cdf = d.cdf(x).toArray();
        expect(ksStatisticOfCdf(cdf)).toBeLessThan(ksCritical(N));
      });
    });
  }

  it("draws Beta(0.01, 0.02) with the right mean (a KS test cannot apply: 16% of the mass lies within 2^-53 of 1)", () => {
    scope(() => {
      const x = new Beta(0.01, 0.02).sample(key(5), [N], { dtype: "float64" }).toArray();
      const mean = 1 / 3;
      const v = (0.01 * 0.02) / (0.03 * 0.03 * 1.03);
      expect(within4se(moments(x).mean, mean, Math.sqrt(v / N))).toBe(true);
      expect(x.every((t) => t > 0 && t < 1)).toBe(true);
    });
  });

  it("draws Dirichlet rows on the simplex with component means and variances within 4 standard errors", () => {
    scope(() => {
      const alpha = [0.3, 1, 4];
      const d = new Dirichlet(alpha);
      const x = d.sample(key(8), [N], { dtype: "float64" }).toArray();
      const a0 = 5.3;
      for (let r = 0; r < N; r++) expect(Math.abs(x[3 * r] + x[3 * r + 1] + x[3 * r + 2] - 1)).toBeLessThan(1e-15);
      for (let j = 0; j < 3; j++) {
        const c = Array.from({ length: N }, (_, r) => x[3 * r + j]);
        const m = moments(c);
        const mean = alpha[j] / a0;
        const v = (alpha[j] * (a0 - alpha[j])) / (a0 * a0 * (a0 + 1));
        expect(within4se(m.mean, mean, Math.sqrt(v / N))).toBe(true);
        // se of a sample variance ≈ √((μ4 − σ⁴)/n), μ4 from the sample
        const mu4 = c.reduce((s, t) => s + (t - m.mean) ** 4, 0) / N;
        expect(within4se(m.variance, v, Math.sqrt((mu4 - m.variance ** 2) / N))).toBe(true);
      }
    });
  });

  it("draws MVN(0, [[1, .8], [.8, 1]]) with sample covariance within 4 standard errors (the seed's example)", () => {
    scope(() => {
      const m = new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.8], [0.8, 1]] });
      const x = m.sample(key(42), [N]).toArray();
      const a = Array.from({ length: N }, (_, i) => x[2 * i]);
      const b = Array.from({ length: N }, (_, i) => x[2 * i + 1]);
      const ma = moments(a), mb = moments(b);
      let c = 0;
      for (let i = 0; i < N; i++) c += (a[i] - ma.mean) * (b[i] - mb.mean);
      c /= N;
      expect(within4se(ma.mean, 0, Math.sqrt(1 / N))).toBe(true);
      expect(within4se(ma.variance, 1, Math.sqrt(2 / N))).toBe(true);
      expect(within4se(mb.variance, 1, Math.sqrt(2 / N))).toBe(true);
      expect(within4se(c, 0.8, Math.sqrt((1 + 0.64) / N))).toBe(true); // Var(XY) = σ11σ22 + σ12²
    });
  });

  it("gives MVN rsample noise z with x = μ + L·z", () => {
    scope(() => {
      const m = new MultivariateNormal([1, -1], { scaleTril: [[2, 0], [0.5, 1]] });
      const { value, noise, grads } = m.rsample(key(1), [4], { dtype: "float64" });
      const x = value.toArray(), z = noise.toArray();
      for (let i = 0; i < 4; i++) {
        expect(x[2 * i]).toBe(1 + 2 * z[2 * i]);
        expect(x[2 * i + 1]).toBe(-1 + 0.5 * z[2 * i] + 1 * z[2 * i + 1]);
      }
      expect(Array.from(grads.loc.toArray())).toEqual(new Array(8).fill(1));
    });
  });

  for (const method of ["inverse-cdf", "alias", "gumbel"] as const) {
    it(`samples categories by ${method} with frequencies passing a chi-square test (df 9)`, () => {
      scope(() => {
        const probs = [0.01, 0.04, 0.05, 0.1, 0.2, 0.25, 0.15, 0.1, 0.06, 0.04];
        const c = new Categorical({ probs });
        const s = categoricalSample(c, key(21), [N], { method }).toArray();
        const counts = new Array(10).fill(0);
        for (const v of s) counts[v]++;
        expect(chiSquare(counts, probs.map((p) => p * N))).toBeLessThan(CHI2_CRIT_0_001[9]);
      });
    });
  }

  it("never draws a zero-probability category, by any method", () => {
    scope(() => {
      const c = new Categorical({ probs: [0.5, 0, 0.5, 0] });
      for (const method of ["inverse-cdf", "alias", "gumbel"] as const) {
        const s = categoricalSample(c, key(2), [5000], { method }).toArray();
        expect(s.every((v) => v === 0 || v === 2)).toBe(true);
      }
    });
  });

  it("draws the same indices by inverse cdf as Categorical.sample, and alias tables reuse across calls", () => {
    scope(() => {
      const c = new Categorical({ logits: [[2, 1, -0.5, 3], [0, 0, 0, 0]] });
      expect(Array.from(categoricalSample(c, key(4), [50]).toArray())).toEqual(Array.from(c.sample(key(4), [50]).toArray()));
      const t = AliasTable.from(c);
      expect(Array.from(t.sample(key(9), [7]).toArray())).toEqual(Array.from(categoricalSample(c, key(9), [7], { method: "alias" }).toArray()));
    });
  });

  it("draws alias index i from stream word i alone: column ⌊w·K/2^32⌋, kept when w·K mod 2^32 < ⌊prob·2^32⌋", () => {
    scope(() => {
      // one row (SIMD picks; 203 draws reach the 48-word body and the tail) and two rows (draw i uses row
      // i mod 2, scalar picks); K = 5 with a zero-probability category
      const cases: [number[] | number[][], number[]][] = [
        [[0.1, 0.4, 0, 0.3, 0.2], [203]],
        [[[0.1, 0.4, 0, 0.3, 0.2], [0.2, 0.2, 0.2, 0.2, 0.2]], [101, 2]],
      ];
      for (const [probs, shape] of cases) {
        const t = AliasTable.from(new Categorical({ probs }));
        const got = Array.from(t.sample(key(17), shape).toArray());
        const rows = t.prob.length / 5;
        const words = Array.from(randomBits(key(17), [got.length]).toArray(), (w) => BigInt(w >>> 0));
        const want = words.map((w, i) => {
          const m = w * 5n;
          const col = Number(m >> 32n);
          const e = (i % rows) * 5 + col;
          const p = t.prob[e];
          const kept = p >= 1 || (m & 0xffffffffn) < BigInt(Math.floor(p * 2 ** 32));
          return kept ? col : t.alias[e];
        });
        expect(got).toEqual(want);
        expect(got.filter((v, i) => i % rows === 0).includes(2)).toBe(false);
      }
    });
  });

  it("pins the first alias draws of key(0) (guards the stream against silent change)", () => {
    scope(() => {
      const c = new Categorical({ probs: [0.1, 0.2, 0.3, 0.4] });
      expect(Array.from(AliasTable.from(c).sample(key(0), [16]).toArray())).toEqual(PINNED_ALIAS);
    });
  });

  it("makes a draw of shape [n] a prefix of the same key's draw of shape [n + k]", () => {
    scope(() => {
      const d = new Gamma([0.3, 4], 1);
      const a = Array.from(d.sample(key(5), [7]).toArray());
      const b = Array.from(d.sample(key(5), [20]).toArray()).slice(0, 14);
      expect(a).toEqual(b);
    });
  });

  it("rejects a covariance that is not positive definite, naming the argument", () => {
    expect(() => new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 2], [2, 1]] })).toThrow(/covarianceMatrix is not positive definite \(leading minor of order 2/);
    expect(() => new MultivariateNormal([0, 0], { precisionMatrix: [[1, 2], [2, 1]] })).toThrow(/precisionMatrix is not positive definite/);
    expect(() => new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.5], [0.4, 1]] })).toThrow(/covarianceMatrix must be symmetric/);
    expect(() => new MultivariateNormal([0, 0], {})).toThrow(/exactly one of covarianceMatrix, precisionMatrix and scaleTril/);
    expect(() => new Gamma(-1, 1)).toThrow(/concentration must be > 0/);
    expect(() => new Dirichlet([1, 0])).toThrow(/concentration must be > 0/);
  });

  it("gives the same bits in the SIMD and scalar builds", () => {
    const draw = () => scope(() => [
      // a batch of α (per-element parameters, a sparse α < 1 boost), then one concentration: the SIMD
      // rounds (12 and 4 lanes, squeeze, log test, α < 1 boost) and the scalar tail
      Array.from(new Gamma([0.2, 1, 7.5], 1.5).sample(key(13), [101], { dtype: "float64" }).toArray()),
      Array.from(new Gamma([0.3, 2, 0.9, 5, 1.5, 40, 0.05], [1, 2, 3, 4, 5, 6, 7]).sample(key(13), [61]).toArray()),
      ...[0.05, 0.5, 1, 2.5, 100].flatMap((a) => [
        Array.from(new Gamma(a, 1.5).sample(key(13), [203], { dtype: "float64" }).toArray()),
        Array.from(new Gamma(a, 0.7).sample(key(14), [203]).toArray()),
      ]),
      Array.from(new Normal(0.5, 2).sample(key(13), [131], { dtype: "float64" }).toArray()),
      Array.from(new Normal(0.5, 2).sample(key(13), [131]).toArray()),
      Array.from(new Normal(0.5, 2).logProb(new Normal(0, 3).sample(key(15), [131])).toArray()),
      Array.from(new Normal(0.5, 2).logProb(new Normal(0, 3).sample(key(15), [131], { dtype: "float64" })).toArray()),
      Array.from(categoricalSample(new Categorical({ probs: [0.2, 0.3, 0.5] }), key(13), [140]).toArray()),
      Array.from(new Beta(0.3, 2).sample(key(13), [33]).toArray()),
      Array.from(new Dirichlet([0.1, 2, 3]).sample(key(13), [17]).toArray()),
      Array.from(new MultivariateNormal([0, 1], { covarianceMatrix: [[1, 0.8], [0.8, 1]] }).sample(key(13), [19]).toArray()),
      // alias: 200 draws reach the SIMD body (48 words at a time) and tail; two rows take the scalar picks
      Array.from(categoricalSample(new Categorical({ probs: [0.2, 0.3, 0.5] }), key(13), [200], { method: "alias" }).toArray()),
      Array.from(categoricalSample(new Categorical({ probs: [[0.2, 0.3, 0.5], [0.6, 0, 0.4]] }), key(13), [70], { method: "alias" }).toArray()),
      Array.from(poisson(key(13), [30], 25).toArray()),
      Array.from(binomial(key(13), [30], 50, 0.4).toArray()),
    ]);
    expect(memory().tensors).toBe(0);
    initSync({ simd: true });
    const simd = draw();
    initSync({ simd: false });
    const scalar = draw();
    initSync({ simd: true });
    expect(scalar).toEqual(simd);
  });

  it("pins the first Gamma(2.5) float64 draws of key(0) (guards the stream against silent change)", () => {
    scope(() => {
      const x = Array.from(new Gamma(2.5, 1).sample(key(0), [4], { dtype: "float64" }).toArray());
      expect(x).toEqual(PINNED_GAMMA);
    });
  });

  it("pins Gamma(0.5) float64 draws of key(0), boost included, at the SIMD body and the scalar tail", () => {
    scope(() => {
      const x = Array.from(new Gamma(0.5, 1).sample(key(0), [14], { dtype: "float64" }).toArray());
      expect([x[0], x[1], x[12], x[13]]).toEqual(PINNED_GAMMA_HALF);
    });
  });
});

// Recorded from this implementation (stream version 1); a change here is a change of the stream.
// Alias draws: one 32-bit word per draw (stream version 1, as documented in docs/distributions-sampling.md).
const PINNED_ALIAS = [1, 2, 0, 3, 3, 1, 1, 1, 2, 2, 3, 2, 2, 0, 1, 1];
const PINNED_GAMMA = [5.331089296632018, 1.6514658232475445, 2.238662066626044, 5.9368648045394945];
// Gamma(0.5): elements 0, 1 (SIMD body) and 12, 13 (scalar tail) of 14; the boost uses logF64 (math/logd.ts).
const PINNED_GAMMA_HALF = [3.0173548073585224, 0.4215182564288305, 0.41999418468777855, 0.04128137603635175];
