// klMonteCarlo with batch shapes that differ: Normal(0, 1) against Normal([0, 1, 2], 1) drew x of shape [n], which
// does not broadcast against q's [3], and the failing q.logProb leaked log p. Now x is drawn over the broadcast batch.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

describe("klMonteCarlo", () => {
  it("broadcasts p's batch against q's: KL(N(0,1) ‖ N(μ,1)) = μ²/2 within 4 standard errors (μ/√n)", () => {
    const n = 20_000;
    const before = S.memory();
    const est = S.scope(() => Array.from(S.klMonteCarlo(new S.Normal(0, 1), new S.Normal([0, 1, 2], 1), S.key(0), n).toArray()));
    expect(S.memory().tensors).toBe(before.tensors);
    [0, 1, 2].forEach((mu, i) => expect(Math.abs(est[i] - mu * mu / 2)).toBeLessThanOrEqual(4 * mu / Math.sqrt(n) + 1e-12));
  });

  it("leaks nothing when q.logProb refuses the draws", () => {
    const before = S.memory();
    expect(() => S.klMonteCarlo(new S.Normal(0, 1), new S.Dirichlet([1, 1]), S.key(0), 3)).toThrow(/Dirichlet/);
    expect(() => S.klMonteCarlo(new S.Normal([0, 1], 1), new S.Normal([0, 1, 2], 1), S.key(0), 3)).toThrow(/klMonteCarlo\(Normal, Normal\): batch shapes/);
    expect(S.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes });
  });
});
