// examples/gradient-estimators.mjs against the SDK source: both estimators of ∂/∂θ E[f(Z)] are unbiased
// (each mean within 4 standard errors of the exact derivative, and of each other), the reparameterised one
// has the smaller variance for a smooth f (and the larger for a rapidly oscillating one), and the VAE's ELBO rises under its own gradient.
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";
import { CASES, compareEstimators, vaeElbo } from "../../../examples/gradient-estimators.mjs";

beforeAll(async () => { await s.init(); });

describe("examples/gradient-estimators.mjs", () => {
  for (const c of CASES) {
    it(`score-function and reparameterised estimators agree for ${c.name}; ${c.reparamWins ? "reparameterisation" : "the score function"} has the smaller variance`, () => {
      const before = s.memory().tensors;
      const { score, reparam } = compareEstimators(s, { ...c, make: c.make(s) });
      expect(s.memory().tensors).toBe(before);
      expect(Math.abs(score.mean - c.truth)).toBeLessThan(4 * score.se);
      expect(Math.abs(reparam.mean - c.truth)).toBeLessThan(4 * reparam.se);
      expect(Math.abs(score.mean - reparam.mean)).toBeLessThan(4 * Math.hypot(score.se, reparam.se));
      if (c.reparamWins) expect(reparam.variance).toBeLessThan(score.variance);
      else expect(score.variance).toBeLessThan(reparam.variance);
    });
  }

  it("trains a tiny VAE: the ELBO, averaged over 20 fixed draws, rises under gradient ascent", () => {
    const before = s.memory().tensors;
    const r = vaeElbo(s, { steps: 40 });
    expect(s.memory().tensors).toBe(before);
    expect(r.gradNorm).toBeGreaterThan(0);
    expect(r.after).toBeGreaterThan(r.before + 0.5);
  });
});
