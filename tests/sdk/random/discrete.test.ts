import { beforeAll, describe, expect, it } from "vitest";
import { bernoulli, init, key, rademacher, randint, uniform } from "../../../sdk/index";
import { CHI2_CRIT_0_001, chiSquare, ksCritical, ksStatistic, moments, within4se } from "../helpers/stats";

beforeAll(async () => {
  await init();
});

function draw<T extends { toArray(): ArrayLike<number>; dispose(): void }>(t: T): ArrayLike<number> {
  const a = t.toArray();
  t.dispose();
  return a;
}

describe("uniform", () => {
  it("fills float32 in [0, 1) with mean ½, variance 1/12 and a passing KS test", () => {
    const n = 1_000_000;
    const u = draw(uniform(key(1), [n]));
    let bad = 0;
    for (let i = 0; i < n; i++) if (!(u[i] >= 0 && u[i] < 1)) bad++;
    expect(bad).toBe(0);
    const m = moments(u);
    expect(within4se(m.mean, 0.5, Math.sqrt(1 / 12 / n))).toBe(true);
    expect(within4se(m.variance, 1 / 12, Math.sqrt((1 / 80 - 1 / 144) / n))).toBe(true);
    expect(ksStatistic(u, (v) => Math.min(1, Math.max(0, v)))).toBeLessThan(ksCritical(n));
  });

  it("uses 24 random bits per float32: every value is a multiple of 2^-24", () => {
    const u = draw(uniform(key(2), [4096]));
    let off = 0;
    for (let i = 0; i < u.length; i++) if (!Number.isInteger(u[i] * 2 ** 24)) off++;
    expect(off).toBe(0);
  });

  it("fills float64 with 53 random bits in [low, high)", () => {
    const n = 200_000;
    const u = draw(uniform(key(3), [n], { dtype: "float64", low: -2, high: 3 }));
    const m = moments(u);
    expect(within4se(m.mean, 0.5, Math.sqrt(25 / 12 / n))).toBe(true);
    expect(ksStatistic(u, (v) => (v + 2) / 5)).toBeLessThan(ksCritical(n));
    const raw = draw(uniform(key(3), [1000], { dtype: "float64" }));
    let coarse = 0; // values that would also be representable with 32 bits: rare with 53 bits
    for (let i = 0; i < raw.length; i++) if (Number.isInteger(raw[i] * 2 ** 32)) coarse++;
    expect(coarse).toBeLessThan(5);
  });
});

describe("randint", () => {
  it("gives fair dice: chi-square over 6 faces passes at α = 0.001", () => {
    const n = 600_000;
    const x = draw(randint(key(4), [n], 1, 7));
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) counts[x[i] - 1]++;
    expect(chiSquare(counts, new Array(6).fill(n / 6))).toBeLessThan(CHI2_CRIT_0_001[5]);
  });

  it("has no modulo bias for a range of 3·2^30, where x mod range would favour the lowest third 2:1", () => {
    const n = 300_000;
    const low = -(2 ** 31);
    const x = draw(randint(key(5), [n], low, low + 3 * 2 ** 30));
    let lowest = 0;
    for (let i = 0; i < n; i++) if (x[i] - low < 2 ** 30) lowest++;
    expect(within4se(lowest / n, 1 / 3, Math.sqrt((1 / 3) * (2 / 3) / n))).toBe(true);
  });

  it("covers the full int32 range when low = −2^31 and high = 2^31", () => {
    const x = draw(randint(key(6), [100_000], -(2 ** 31), 2 ** 31));
    let negative = 0;
    for (let i = 0; i < x.length; i++) if (x[i] < 0) negative++;
    expect(within4se(negative / x.length, 0.5, Math.sqrt(0.25 / x.length))).toBe(true);
  });

  it("returns low for a range of one", () => {
    expect(Array.from(draw(randint(key(7), [5], -3, -2)))).toEqual([-3, -3, -3, -3, -3]);
  });
});

describe("bernoulli and rademacher", () => {
  it("draws Bernoulli(0.3) with frequency 0.3 within 4 standard errors", () => {
    const n = 500_000;
    const x = draw(bernoulli(key(8), [n], 0.3));
    let ones = 0;
    for (let i = 0; i < n; i++) ones += x[i];
    expect(within4se(ones / n, 0.3, Math.sqrt(0.21 / n))).toBe(true);
  });

  it("never succeeds for p = 0 and always for p = 1", () => {
    expect(Array.from(draw(bernoulli(key(9), [33], 0))).every((v) => v === 0)).toBe(true);
    expect(Array.from(draw(bernoulli(key(9), [33], 1))).every((v) => v === 1)).toBe(true);
  });

  it("draws Rademacher ±1 with mean 0 within 4 standard errors", () => {
    const n = 500_000;
    const x = draw(rademacher(key(10), [n]));
    let s = 0, other = 0;
    for (let i = 0; i < n; i++) { s += x[i]; if (x[i] !== 1 && x[i] !== -1) other++; }
    expect(other).toBe(0);
    expect(within4se(s / n, 0, Math.sqrt(1 / n))).toBe(true);
  });
});
