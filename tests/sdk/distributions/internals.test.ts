// Internals are unreachable from JS. TypeScript's `protected` is not enforced at run time: before,
// Distribution.prototype.elementwise called with a wrong kernel name trapped and corrupted the heap.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

const CLASSES = [S.Normal, S.Uniform, S.Exponential, S.Laplace, S.Bernoulli, S.Categorical, S.Gamma, S.Beta, S.Dirichlet, S.MultivariateNormal];
const FORMER_PROTECTED = ["unsupported", "assertLevels", "drawShape", "tensorOf", "elementwise", "derived"];

describe("distribution internals", () => {
  it.each(CLASSES.map((C) => [C.name, C] as const))("%s exposes no internal helper on any prototype or instance", (_, C) => {
    for (let p = C.prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const name of FORMER_PROTECTED) expect(Object.hasOwn(p, name), `${C.name}: ${name}`).toBe(false);
    }
    const d = new S.Normal(0, 1) as unknown as Record<string, unknown>;
    for (const name of FORMER_PROTECTED) expect(d[name]).toBeUndefined();
  });

  it("every public method still works after the move (cdf, icdf, entropy, moments of a Normal)", () => {
    const d = new S.Normal(1, 2);
    const v = S.scope(() => [d.cdf(1).item(), d.icdf(0.5).item(), d.mean.item(), d.stddev.item(), d.entropy().item()]);
    expect(v.slice(0, 4)).toEqual([0.5, 1, 1, 2]);
    expect(v[4]).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 4), 12);
    expect(() => new S.Dirichlet([1, 1]).cdf([0.5, 0.5])).toThrow(/Dirichlet does not implement cdf/);
  });
});
