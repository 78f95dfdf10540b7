// Initializers and every layer's default init against torch 1.13's distributions (tests/fixtures/nn: each
// distribution was checked there against 20 000+ torch draws). Here: ≥ 20 000 draws from keys foldIn(k, i);
// the sample mean and variance must lie within 4 standard errors (the variance's s.e. from the sample's
// fourth central moment), uniform draws inside [low, high], constants exact, orthogonal ones orthonormal.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";

beforeAll(async () => { await s.init(); });

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/nn/data.json", import.meta.url), "utf8"));

interface Dist { distribution: string; mean: number; variance: number; low?: number; high?: number; value?: number; a?: number; b?: number }

// Concatenated draws of make(key) for keys foldIn(k, 0…), until at least 20 000 values.
function draws(make: (k: s.Key) => s.Tensor, seed = 11): number[] {
  const out: number[] = [];
  for (let i = 0; out.length < 20000; i++) {
    const t = make(s.foldIn(s.key(seed), i));
    out.push(...Array.from(t.view() as ArrayLike<number>));
    t.dispose();
  }
  return out;
}

function expectDistributed(x: number[], d: Dist, what: string): void {
  if (d.distribution === "constant") {
    expect(new Set(x), what).toEqual(new Set([Math.fround(d.value as number)]));
    return;
  }
  const n = x.length;
  const m = x.reduce((a, b) => a + b, 0) / n;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  const mu4 = x.reduce((a, b) => a + (b - m) ** 4, 0) / n;
  expect(Math.abs(m - d.mean), `${what}: mean ${m}, want ${d.mean}`).toBeLessThan(4 * Math.sqrt(d.variance / n));
  expect(Math.abs(v - d.variance), `${what}: variance ${v}, want ${d.variance}`).toBeLessThan(4 * Math.sqrt((mu4 - v * v) / n));
  if (d.distribution === "uniform") {
    expect(Math.min(...x), what).toBeGreaterThanOrEqual(Math.fround(d.low as number));
    expect(Math.max(...x), what).toBeLessThanOrEqual(Math.fround(d.high as number));
  }
  if (d.distribution === "truncatedNormal") {
    expect(Math.min(...x), what).toBeGreaterThanOrEqual(d.a as number);
    expect(Math.max(...x), what).toBeLessThanOrEqual(d.b as number);
  }
}

// The fixture's initializers, in its order (make.py), as calls here.
const INITS: ((k: s.Key, shape: number[]) => s.Tensor)[] = [
  (k, sh) => s.kaimingNormal(k, sh, { nonlinearity: "relu" }),
  (k, sh) => s.kaimingNormal(k, sh, { mode: "fanOut", nonlinearity: "relu" }),
  (k, sh) => s.kaimingUniform(k, sh, { nonlinearity: "relu" }),
  (k, sh) => s.kaimingUniform(k, sh, { a: Math.sqrt(5) }),
  (k, sh) => s.xavierUniform(k, sh),
  (k, sh) => s.xavierNormal(k, sh),
  (k, sh) => s.lecunNormal(k, sh),
  (_k, sh) => s.zerosInit(sh),
  (_k, sh) => s.onesInit(sh),
  (_k, sh) => s.constantInit(sh, 0.3),
  (k, sh) => s.truncatedNormalInit(k, sh),
  (k, sh) => s.orthogonal(k, sh),
];

describe("initializers, distributed as torch.nn.init's", () => {
  fixture.initializers.forEach((entry: Dist & { init: string; shape: number[] }, i: number) => {
    it(`draws ${entry.init}`, () => {
      expectDistributed(draws((k) => INITS[i](k, entry.shape)), entry, entry.init);
    });
  });

  it("gives orthogonal() orthonormal columns (rows ≥ cols) or rows, times gain", () => {
    s.scope(() => {
      for (const [shape, gain] of [[[64, 32], 1], [[8, 20], 2], [[6, 2, 3], 1]] as const) {
        const w = s.reshape(s.orthogonal(s.key(3), [...shape], { dtype: "float64", gain }), [shape[0], -1]);
        const g = shape[0] >= w.shape[1] ? s.matmul(w, w, { transposeA: true }) : s.matmul(w, w, { transposeB: true });
        const want = s.mul(s.eye(g.shape[0], g.shape[0], "float64"), gain * gain).toArray();
        const got = g.toArray();
        got.forEach((v, j) => expect(Math.abs(v - want[j])).toBeLessThan(1e-12));
      }
    });
  });

  it("gives calculateGain torch's values", () => {
    for (const [name, want] of Object.entries(fixture.gains as Record<string, number>)) {
      const m = /^(\w+)\((.*)\)$/.exec(name);
      const got = m ? s.calculateGain(m[1] as s.Nonlinearity, Number(m[2])) : s.calculateGain(name as s.Nonlinearity);
      expect(got, name).toBeCloseTo(want, 15);
    }
    expect(() => s.calculateGain("swish" as s.Nonlinearity)).toThrow(/unsupported nonlinearity "swish"/);
  });

  it("draws the same weights for the same key and different ones for another", () => {
    s.scope(() => {
      expect(s.kaimingNormal(s.key(1), [4, 3]).toArray()).toEqual(s.kaimingNormal(s.key(1), [4, 3]).toArray());
      expect(s.kaimingNormal(s.key(1), [4, 3]).toArray()).not.toEqual(s.kaimingNormal(s.key(2), [4, 3]).toArray());
    });
  });

  it("rejects shapes without fans and bad options", () => {
    expect(() => s.kaimingNormal(s.key(0), [5])).toThrow(/rank ≥ 2, got \[5\]/);
    expect(() => s.kaimingUniform(s.key(0), [5, 3], { mode: "fan_in" as "fanIn" })).toThrow(/mode must be "fanIn" or "fanOut"/);
    expect(() => s.truncatedNormalInit(s.key(0), [3], { a: 2, b: 1 })).toThrow(/a must be < b/);
    expect(() => s.xavierNormal(s.key(0), [3, 3], { gain: -1 })).toThrow(/gain must be/);
  });
});

// The default init of each layer in the fixture, as a parameter (or buffer) of a freshly built layer.
function buildDefault(entry: { layer: string; config: Record<string, number> }, k: s.Key): s.Module<never[], unknown> {
  const c = entry.config;
  switch (entry.layer) {
    case "Linear": return new s.Linear(c.inFeatures, c.outFeatures, { key: k }) as never;
    case "Embedding": return new s.Embedding(c.numEmbeddings, c.embeddingDim, { key: k }) as never;
    case "BatchNorm1d": return new s.BatchNorm1d(c.numFeatures) as never;
    case "LayerNorm": return new s.LayerNorm(c.normalizedShape) as never;
    case "MultiheadAttention": return new s.MultiheadAttention(c.embedDim, c.numHeads, { key: k }) as never;
    default: throw new Error(entry.layer);
  }
}

describe("default init of each layer, distributed as torch 1.13's", () => {
  for (const entry of fixture.defaultInit) {
    for (const [name, d] of Object.entries({ ...entry.params, ...(entry.buffers ?? {}) }) as [string, Dist][]) {
      it(`draws ${entry.layer}(${JSON.stringify(entry.config)}).${name}`, () => {
        const x = draws((k) => {
          const m = buildDefault(entry, k);
          const t = s.scope(() => m.stateDict()[name]);
          m.dispose();
          return t;
        });
        expectDistributed(x, d, `${entry.layer}.${name}`);
      });
    }
  }
});
