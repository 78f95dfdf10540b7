// −∞ logits mask a category (attention masks, invalid actions), as torch.distributions accepts them
// (constraints.real rejects only NaN): probability exactly 0, never drawn, 0·log 0 = 0 in entropy and KL.
// Bernoulli also takes +∞ (p = 1 exactly); Categorical rejects +∞ (∞ − ∞ in the normalisation).
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, kl, scope, categoricalSample, Bernoulli, Categorical } from "../../../sdk/index";

const plain = (xs: ArrayLike<number>) => Array.from(xs, (v) => v + 0); // −0 → 0: log 1 is 0 either way

describe("masked (−∞) logits", () => {
  beforeAll(async () => {
    await init();
  });

  it("gives a −∞ Categorical logit probability 0 and logProb −∞, and the others the softmax of the rest", () => {
    scope(() => {
      const masked = new Categorical({ logits: [0, -Infinity, 1] });
      const rest = new Categorical({ logits: [0, 1] });
      expect(Array.from(masked.probs)).toEqual([rest.probs[0], 0, rest.probs[1]]);
      expect(Array.from(masked.logits)).toEqual([rest.logits[0], -Infinity, rest.logits[1]]);
      expect(Array.from(masked.logProb([0, 1, 2]).toArray())).toEqual([rest.logits[0], -Infinity, rest.logits[1]]);
    });
  });

  it("keeps the entropy finite (0·log 0 = 0) and equal to the entropy of the unmasked categories", () => {
    scope(() => {
      const h = new Categorical({ logits: [[0, -Infinity, 1], [-Infinity, 2, -Infinity]] }).entropy().toArray();
      expect(h[0]).toBe(new Categorical({ logits: [0, 1] }).entropy().item());
      expect(h[1]).toBe(0);
    });
  });

  for (const method of ["inverse-cdf", "alias", "gumbel"] as const) {
    it(`never draws a masked category by ${method}, and draws every other one`, () => {
      scope(() => {
        const c = new Categorical({ logits: [[-Infinity, 0, -Infinity, 1, -2, -Infinity], [3, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity]] });
        const x = categoricalSample(c, key(17), [20_000], { method }).toArray();
        const seen = [new Set<number>(), new Set<number>()];
        for (let i = 0; i < x.length; i++) seen[i % 2].add(x[i]);
        expect([...seen[0]].sort()).toEqual([1, 3, 4]);
        expect([...seen[1]]).toEqual([0]);
      });
    });
  }

  it("picks the mode among the unmasked categories", () => {
    scope(() => {
      expect(Array.from(new Categorical({ logits: [[-Infinity, -3, -Infinity, -1], [5, -Infinity, -Infinity, 5]] }).mode.toArray())).toEqual([3, 0]);
    });
  });

  it("gives KL(p ‖ q) = +∞ when q masks a category p puts mass on, and the finite value when only p masks it", () => {
    scope(() => {
      const masked = new Categorical({ logits: [0, -Infinity, 1] });
      const open = new Categorical({ logits: [0, 0.5, 1] });
      expect(kl(open, masked).item()).toBe(Infinity);
      const expected = masked.probs.reduce((s, p, j) => (p > 0 ? s + p * (masked.logits[j] - open.logits[j]) : s), 0);
      expect(kl(masked, open).item()).toBe(expected);
      expect(Number.isFinite(expected)).toBe(true);
      expect(kl(masked, masked).item()).toBe(0);
    });
  });

  it("rejects +∞ and NaN Categorical logits and a row with every category masked, naming logits", () => {
    expect(() => new Categorical({ logits: [0, Infinity] })).toThrow(/Categorical: logits must be finite or -Infinity .*got Infinity at index \[1\]/);
    expect(() => new Categorical({ logits: [NaN, 0] })).toThrow(/Categorical: logits must be finite or -Infinity .*got NaN at index \[0\]/);
    expect(() => new Categorical({ logits: [[0, 1], [-Infinity, -Infinity]] })).toThrow(/Categorical: logits must have an entry > -Infinity in every row .*\(row \[1\]\)/);
    expect(() => new Categorical({ logits: [-Infinity] })).toThrow(/Categorical: logits must have an entry > -Infinity/);
  });

  it("reads Bernoulli logits −∞ as p = 0 and +∞ as p = 1 exactly (as torch accepts them): exact masses, zero entropy, constant draws", () => {
    scope(() => {
      const d = new Bernoulli({ logits: [-Infinity, Infinity] });
      expect(Array.from(d.probs)).toEqual([0, 1]);
      expect(Array.from(d.logits)).toEqual([-Infinity, Infinity]);
      expect(plain(d.logProb([[0, 1], [1, 0]]).toArray())).toEqual([0, 0, -Infinity, -Infinity]);
      expect(plain(d.entropy().toArray())).toEqual([0, 0]);
      expect(Array.from(d.mode.toArray())).toEqual([0, 1]);
      expect(plain(d.variance.toArray())).toEqual([0, 0]);
      expect(Array.from(d.sample(key(3), [500]).toArray())).toEqual(Array.from({ length: 1000 }, (_, i) => i % 2));
      // the same as the probabilities 0 and 1
      const fromProbs = new Bernoulli({ probs: [0, 1] });
      expect(plain(d.logProb([0, 1]).toArray())).toEqual(plain(fromProbs.logProb([0, 1]).toArray()));
    });
  });

  it("gives Bernoulli KL from a masked logit: log 2 from p = 0 to p = ½, +∞ from p = ½ to p = 0", () => {
    scope(() => {
      expect(kl(new Bernoulli({ logits: -Infinity }), new Bernoulli({ logits: 0 })).item()).toBeCloseTo(Math.LN2, 15);
      expect(kl(new Bernoulli({ logits: 0 }), new Bernoulli({ logits: -Infinity })).item()).toBe(Infinity);
      expect(kl(new Bernoulli({ logits: Infinity }), new Bernoulli({ logits: Infinity })).item() + 0).toBe(0);
    });
  });

  it("still rejects a NaN Bernoulli logit, naming logits", () => {
    expect(() => new Bernoulli({ logits: [0, NaN] })).toThrow(/Bernoulli: logits must be a number \(±Infinity allowed\).*got NaN at index \[1\]/);
  });
});
