// Beta with both concentrations below ~1e-308: log U/α and log U/β both overflowed to −∞ and every draw was NaN.
// Such a Beta is Bernoulli(α/(α + β)) on the two ends; draws are now the clamped ends with those frequencies
// (4 standard errors), and the SIMD and scalar builds agree bit for bit.
import { afterAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

afterAll(async () => {
  await S.init({ simd: true });
});

describe("Beta at denormal concentrations", () => {
  it.each([[1e-320, 1e-320], [1e-320, 3e-320], [5e-324, 1e-310]])("Beta(%s, %s) draws 0 or 1 with P(1) = α/(α + β), never NaN", async (a, b) => {
    const draws: number[][] = [];
    for (const simd of [true, false]) {
      await S.init({ simd });
      draws.push(S.scope(() => Array.from(new S.Beta(a, b).sample(S.key(11), [4001], { dtype: "float64" }).toArray())));
    }
    expect(draws[0]).toEqual(draws[1]);
    const v = draws[0];
    expect(v.every((x) => x === 2.2250738585072014e-308 || x === 0.9999999999999999)).toBe(true);
    const p = a / (a + b), n = v.length;
    const ones = v.filter((x) => x > 0.5).length;
    expect(Math.abs(ones - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)) + 1);
    const f32 = S.scope(() => Array.from(new S.Beta(a, b).sample(S.key(11), [7]).toArray()));
    expect(f32.every((x) => x === x)).toBe(true);
  });
});
