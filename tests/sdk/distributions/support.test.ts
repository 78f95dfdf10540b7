// logProb is exactly −∞ outside the support (±∞ included, where the density tends to 0), NaN stays NaN and
// points inside stay finite, for every distribution, in float32 and float64; support and mode as closed forms.
import { beforeAll, describe, expect, it } from "vitest";
import {
  init, scope, tensor, Normal, Uniform, Exponential, Laplace, Bernoulli, Categorical, Gamma, Beta, Dirichlet,
  MultivariateNormal, type Distribution,
} from "../../../sdk/index";

const INF = Infinity;

interface SupportCase {
  name: string;
  make: () => Distribution;
  /** Points (rows for event size k > 1) outside the support. */
  outside: number[][];
  inside: number[][];
  /** Points that hold a NaN. */
  nan: number[][];
}

// each point is one row of the event size (a 1-element row for univariate distributions)
const scalars = (xs: number[]) => xs.map((x) => [x]);

const cases: SupportCase[] = [
  { name: "Normal(0, 1)", make: () => new Normal(0, 1), outside: scalars([INF, -INF]), inside: scalars([0, -3, 1e3]), nan: scalars([NaN]) },
  { name: "Laplace(1, 2)", make: () => new Laplace(1, 2), outside: scalars([INF, -INF]), inside: scalars([1, -5, 1e3]), nan: scalars([NaN]) },
  {
    name: "Uniform(0, 4)", make: () => new Uniform(0, 4),
    outside: scalars([-1, -1e-30, 4, 5, INF, -INF]), inside: scalars([0, 2, 3.99]), nan: scalars([NaN]),
  },
  {
    name: "Exponential(2)", make: () => new Exponential(2),
    outside: scalars([-1, -1e-30, INF, -INF]), inside: scalars([0, 1, 100]), nan: scalars([NaN]),
  },
  ...[0.5, 1, 2, 7.5].map((a): SupportCase => ({
    name: `Gamma(${a}, 1.5)`, make: () => new Gamma(a, 1.5),
    outside: scalars([-1, -1e-30, -INF, INF]), inside: scalars([1e-3, 1, 40]), nan: scalars([NaN]),
  })),
  ...[[2, 3], [0.5, 0.5], [1, 1]].map(([a, b]): SupportCase => ({
    name: `Beta(${a}, ${b})`, make: () => new Beta(a, b),
    outside: scalars([1.5, -0.1, 1 + 1e-6, -1e-30, INF, -INF]), inside: scalars([0.25, 0.5, 0.999]), nan: scalars([NaN]),
  })),
  {
    name: "Bernoulli({ probs: 0.3 })", make: () => new Bernoulli({ probs: 0.3 }),
    outside: scalars([0.5, 2, -1, INF, -INF]), inside: scalars([0, 1]), nan: scalars([NaN]),
  },
  {
    name: "Bernoulli({ logits: -0.8 })", make: () => new Bernoulli({ logits: -0.8 }),
    outside: scalars([0.5, 2, -1, INF, -INF]), inside: scalars([0, 1]), nan: scalars([NaN]),
  },
  {
    name: "Categorical({ probs })", make: () => new Categorical({ probs: [0.2, 0.3, 0.5] }),
    outside: scalars([0.5, 2.5, 3, -1, INF, -INF]), inside: scalars([0, 1, 2]), nan: scalars([NaN]),
  },
  {
    name: "Categorical({ logits })", make: () => new Categorical({ logits: [1, 0, -1] }),
    outside: scalars([0.5, 2.5, 3, -1, INF, -INF]), inside: scalars([0, 1, 2]), nan: scalars([NaN]),
  },
  {
    name: "Dirichlet([1, 2, 3])", make: () => new Dirichlet([1, 2, 3]),
    // off the simplex (sums 1.2, 0.9 and 1 + 2e-6, beyond SIMPLEX_TOLERANCE = 1e-6), a negative component,
    // a component above 1, infinities
    outside: [[0.5, 0.6, 0.1], [0.2, 0.3, 0.4], [0.2, 0.3, 0.500002], [-0.1, 0.6, 0.5], [1.5, -0.25, -0.25], [INF, 0, 0], [0.5, -INF, 0.5]],
    // sum 1 + 5e-7 is within the tolerance, in float32 too
    inside: [[0.2, 0.3, 0.5], [0.5, 0.49999, 0.00001], [0.2, 0.3, 0.5000005]],
    // NaN wins over a component outside the support
    nan: [[NaN, 0.5, 0.5], [0.5, 0.5, NaN], [NaN, 2, 0.5]],
  },
  {
    name: "MultivariateNormal", make: () => new MultivariateNormal([0, 1], { covarianceMatrix: [[1, 0.5], [0.5, 2]] }),
    outside: [[INF, 0], [0, -INF], [INF, INF], [INF, -INF], [-INF, -INF]],
    inside: [[0, 0], [1e3, -1e3]],
    nan: [[NaN, 0], [NaN, INF], [0, NaN]],
  },
];

// Each point is repeated 8 times so that kernels with an 8-wide SIMD path (Normal) run it as well as the tail.
function logProbOf(d: Distribution, rows: number[][], dtype: "float32" | "float64"): number[] {
  const k = rows[0].length;
  const tiled = Array.from({ length: 8 }, () => rows).flat();
  const shape = k === 1 && d.eventShape.length === 0 ? [tiled.length] : [tiled.length, k];
  return scope(() => Array.from(d.logProb(tensor(tiled.flat(), shape, dtype)).toArray()));
}

describe("distributions' support", () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of cases) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${c.name} gives exactly −Infinity outside the support, ${dtype}`, () => {
        const got = logProbOf(c.make(), c.outside, dtype);
        expect(got).toEqual(got.map(() => -Infinity));
      });

      it(`${c.name} keeps NaN as NaN, ${dtype}`, () => {
        expect(logProbOf(c.make(), c.nan, dtype).every(Number.isNaN)).toBe(true);
      });

      it(`${c.name} gives finite values inside the support, ${dtype}`, () => {
        expect(logProbOf(c.make(), c.inside, dtype).every(Number.isFinite)).toBe(true);
      });
    }
  }

  it("turns a Dirichlet row off the simplex to −Infinity exactly beyond SIMPLEX_TOLERANCE = 1e-6", () => {
    const d = new Dirichlet([1, 2, 3]);
    const at = (x: number[]) => scope(() => d.logProb(tensor(x, [3], "float64")).item());
    expect(at([0.5, 0.6, 0.1])).toBe(-Infinity); // the bug: −1.02 although the row sums to 1.2
    expect(at([0.25, 0.25, 0.5 + 1.5e-6])).toBe(-Infinity);
    expect(at([0.25, 0.25, 0.5 - 1.5e-6])).toBe(-Infinity);
    expect(at([0.25, 0.25, 0.5 + 0.5e-6])).toBeCloseTo(at([0.25, 0.25, 0.5]), 5);
  });

  it("declares the support of every distribution as torch does", () => {
    const supports: [Distribution, string][] = [
      [new Normal(0, 1), "real"], [new Laplace(0, 1), "real"], [new Uniform(0, 1), "interval"],
      [new Exponential(1), "nonNegative"], [new Gamma(2, 1), "nonNegative"], [new Beta(2, 3), "unitInterval"],
      [new Bernoulli({ probs: 0.3 }), "boolean"], [new Bernoulli({ logits: 0 }), "boolean"],
      [new Categorical({ probs: [0.5, 0.5] }), "integerInterval"], [new Categorical({ logits: [0, 1] }), "integerInterval"],
      [new Dirichlet([1, 2]), "simplex"], [new MultivariateNormal([0, 0], { scaleTril: [[1, 0], [0, 1]] }), "realVector"],
    ];
    for (const [d, s] of supports) expect([d.kind, d.support]).toEqual([d.kind, s]);
  });

  describe("mode", () => {
    const modeOf = (d: Distribution) => scope(() => Array.from(d.mode.toArray()));

    it("is loc for Normal, Laplace and MultivariateNormal", () => {
      expect(modeOf(new Normal([0, -2.5], [1, 3]))).toEqual([0, -2.5]);
      expect(modeOf(new Laplace([4, -1], 0.5))).toEqual([4, -1]);
      expect(modeOf(new MultivariateNormal([1, -2], { covarianceMatrix: [[1, 0.5], [0.5, 2]] }))).toEqual([1, -2]);
    });

    it("is 0 for Exponential and NaN for Uniform (every point is a mode, as torch)", () => {
      expect(modeOf(new Exponential([0.5, 2]))).toEqual([0, 0]);
      expect(modeOf(new Uniform([0, -1], [1, 3]))).toEqual([NaN, NaN]);
    });

    it("is (α − 1)/λ for Gamma with α ≥ 1 and 0 for α < 1 (as torch)", () => {
      expect(modeOf(new Gamma([0.5, 1, 2, 5], [1, 2, 4, 0.5]))).toEqual([0, 0, 0.25, 8]);
    });

    it("is (α − 1)/(α + β − 2) for Beta with α, β > 1, the peaking end otherwise, NaN when flat (torch's Dirichlet([α, β]).mode[0])", () => {
      const a = [2, 5, 0.5, 2, 1, 3, 0.6, 0.5, 1, 1];
      const b = [3, 5, 2, 0.5, 2, 1, 0.3, 0.5, 1, 0.5];
      expect(modeOf(new Beta(a, b))).toEqual([1 / 3, 0.5, 0, 1, 0, 1, 1, 1, NaN, NaN]);
    });

    it("is (α_j − 1)/Σ(α − 1) for Dirichlet, the vertex of the largest α_j when all α_j < 1, NaN when flat", () => {
      const rows = [[1, 2, 3], [2, 2, 2], [0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.5, 3, 0.2], [1, 1, 1], [1, 0.5, 0.5]];
      expect(modeOf(new Dirichlet(rows))).toEqual([
        0, 1 / 3, 2 / 3, 1 / 3, 1 / 3, 1 / 3, 1, 0, 0, 0, 1, 0, 0, 1, 0, NaN, NaN, NaN, NaN, NaN, NaN,
      ]);
    });

    it("is the argmax (the first on ties) for Categorical from probs and from logits", () => {
      expect(modeOf(new Categorical({ probs: [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]] }))).toEqual([1, 0]);
      expect(modeOf(new Categorical({ logits: [[0, 1, 0.5], [2, 2, -1]] }))).toEqual([1, 0]);
    });

    it("is 1 when p > ½, 0 when p < ½ and NaN at p = ½ for Bernoulli from probs and from logits (as torch)", () => {
      expect(modeOf(new Bernoulli({ probs: [0.2, 0.5, 0.7, 0, 1] }))).toEqual([0, NaN, 1, 0, 1]);
      expect(modeOf(new Bernoulli({ logits: [-1, 0, 2] }))).toEqual([0, NaN, 1]);
    });
  });
});
