// Regression from the public-API fuzz: ar1VarianceRatio(0.5, 1e39) looped 1e39 times. Beyond m = 2^20 it uses
// the closed form, which must agree with the term-by-term sum it replaces; a huge m returns at once.
import { expect, it } from "vitest";
import { ar1VarianceRatio } from "../../../sdk/index";

const bySum = (phi: number, m: number) => {
  let s = 0, power = 1;
  for (let k = 1; k < m; k++) { power *= phi; s += (m - k) * power; }
  return 1 - (2 / (m * (m - 1))) * s;
};

it("ar1VarianceRatio: the closed form past m = 2^20 agrees with the sum, and m = 1e39 returns", () => {
  const m = 2 ** 20 + 1;
  for (const phi of [0.5, -0.7, 0.999, 0.99999, 0]) expect(Math.abs(ar1VarianceRatio(phi, m) - bySum(phi, m)), `phi ${phi}`).toBeLessThan(1e-12);
  expect(ar1VarianceRatio(0.5, 1e39)).toBe(1);
  expect(ar1VarianceRatio(0.5, 2 ** 20)).toBe(bySum(0.5, 2 ** 20)); // below the switch: the sum's own bits
});

it("to() names a null-prototype x without converting it to a string", async () => {
  const { to } = await import("../../../sdk/index");
  expect(() => to(Object.create(null), "float32")).toThrow(/to: x must be a Tensor, got an object with a null prototype/);
});
