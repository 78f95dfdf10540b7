import { beforeAll, describe, expect, it } from "vitest";
import { init, key, normal, truncatedNormal } from "../../../sdk/index";
import { ksCritical, ksStatistic, moments, normalCdf, within4se } from "../helpers/stats";

const N = 1_000_000;

describe("normal", () => {
  let z: Float32Array;
  beforeAll(async () => {
    await init();
    const t = normal(key(2024), [N]);
    z = t.toArray() as Float32Array;
    t.dispose();
  });

  it("has mean, variance, skewness and kurtosis within 4 standard errors of N(0, 1) over 10^6 samples", () => {
    const m = moments(z);
    expect(within4se(m.mean, 0, Math.sqrt(1 / N))).toBe(true);
    expect(within4se(m.variance, 1, Math.sqrt(2 / N))).toBe(true);
    expect(within4se(m.skewness, 0, Math.sqrt(6 / N))).toBe(true);
    expect(within4se(m.kurtosis, 0, Math.sqrt(24 / N))).toBe(true);
  });

  it("passes a Kolmogorov–Smirnov test against Φ at α = 0.001", () => {
    expect(ksStatistic(z, normalCdf)).toBeLessThan(ksCritical(N));
  });

  it("matches the tail frequencies P(|z| > 3) and P(|z| > 4) within 4 standard errors", () => {
    for (const [threshold, p] of [[3, 0.0026997960632601866], [4, 6.334248366623996e-5]]) {
      let count = 0;
      for (let i = 0; i < N; i++) if (Math.abs(z[i]) > threshold) count++;
      expect(within4se(count / N, p, Math.sqrt((p * (1 - p)) / N))).toBe(true);
    }
  });

  it("scales and shifts: N(2, 1.5²) has mean 2 and standard deviation 1.5", () => {
    const t = normal(key(7), [200_000], { mean: 2, std: 1.5 });
    const m = moments(t.toArray());
    t.dispose();
    expect(within4se(m.mean, 2, 1.5 / Math.sqrt(200_000))).toBe(true);
    expect(within4se(m.variance, 2.25, 2.25 * Math.sqrt(2 / 200_000))).toBe(true);
  });

  it("draws float64 normals with the right moments and KS statistic", () => {
    const n = 100_000;
    const t = normal(key(11), [n], { dtype: "float64", mean: -1, std: 0.5 });
    const x = t.toArray();
    t.dispose();
    const m = moments(x);
    expect(within4se(m.mean, -1, 0.5 / Math.sqrt(n))).toBe(true);
    expect(within4se(m.variance, 0.25, 0.25 * Math.sqrt(2 / n))).toBe(true);
    expect(ksStatistic(x, (v) => normalCdf((v + 1) / 0.5))).toBeLessThan(ksCritical(n));
  });
});

describe("truncatedNormal", () => {
  it("keeps every sample within ±2σ of the mean", () => {
    const t = truncatedNormal(key(5), [100_000], { mean: 1, std: 3 });
    const x = t.toArray();
    t.dispose();
    let outside = 0;
    for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i] - 1) <= 6 * (1 + 1e-6))) outside++;
    expect(outside).toBe(0);
  });

  it("has the variance of a normal truncated at ±2 (0.7737) and passes KS against its cdf", () => {
    const n = 400_000;
    const t = truncatedNormal(key(6), [n]);
    const x = t.toArray();
    t.dispose();
    const z = normalCdf(2) - normalCdf(-2);
    const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
    const variance = 1 - (4 * phi2) / z;
    const m = moments(x);
    expect(within4se(m.mean, 0, Math.sqrt(variance / n))).toBe(true);
    // se of the sample variance: √((μ4 − σ⁴)/n), μ4 of the truncated normal = 3 − (2·2³ + 6·2)·φ(2)/Z
    const mu4 = 3 - ((2 * 8 + 6 * 2) * phi2) / z;
    expect(within4se(m.variance, variance, Math.sqrt((mu4 - variance ** 2) / n))).toBe(true);
    const cdf = (v: number) => (normalCdf(Math.max(-2, Math.min(2, v))) - normalCdf(-2)) / z;
    expect(ksStatistic(x, cdf)).toBeLessThan(ksCritical(n));
  });
});
