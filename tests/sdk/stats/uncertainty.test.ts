import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  auroc, classificationMetrics, expectedCalibrationError, init, memory, scope, tensor, uncertaintyDecomposition, uncertaintyReport,
} from "../../../sdk/index";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/uncertainty/data.json", import.meta.url), "utf8"));

beforeAll(async () => {
  await init();
});

const LOG2 = Math.log(2);
// float64 kernels against torch/scipy float64: relative 1e-12 (a few ulps through log and sums of 10).
const close = (a: number, b: number, rel = 1e-12, abs = 1e-15) => Math.abs(a - b) <= abs + rel * Math.abs(b);
const allClose = (a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-12, abs = 1e-15) =>
  a.length === b.length && Array.from(a).every((v, i) => close(v, b[i], rel, abs));

describe("uncertaintyDecomposition: closed forms", () => {
  it("puts all of the uncertainty of two members that disagree completely in the epistemic parts", () => {
    scope(() => {
      const u = uncertaintyDecomposition(tensor([[[1, 0]], [[0, 1]]], [2, 1, 2], "float64"));
      expect(u.predictiveEntropy.item()).toBe(LOG2);
      expect(u.expectedEntropy.item()).toBe(0);
      expect(u.mutualInformation.item()).toBe(LOG2);
      expect(Array.from(u.totalVariance.toArray())).toEqual([0.25, 0.25]);
      expect(Array.from(u.epistemicVariance.toArray())).toEqual([0.25, 0.25]);
      expect(Array.from(u.aleatoricVariance.toArray())).toEqual([0, 0]);
      expect(Array.from(u.meanProbs.toArray())).toEqual([0.5, 0.5]);
    });
  });

  it("puts all of it in the aleatoric parts when every member says the same uniform thing", () => {
    scope(() => {
      const u = uncertaintyDecomposition(tensor(new Array(3 * 4).fill(0.25), [3, 1, 4], "float32"));
      expect(close(u.predictiveEntropy.item(), Math.log(4))).toBe(true);
      expect(u.mutualInformation.item()).toBe(0);
      expect(Array.from(u.epistemicVariance.toArray())).toEqual([0, 0, 0, 0]);
      expect(Array.from(u.aleatoricVariance.toArray())).toEqual([0.1875, 0.1875, 0.1875, 0.1875]);
    });
  });

  it("gives a mixture of two Bernoulli members q and r its closed form: H(½(q + r)) − ½(H(q) + H(r)) and ¼(q − r)²", () => {
    const h = (q: number) => -(q * Math.log(q) + (1 - q) * Math.log(1 - q));
    scope(() => {
      const [q, r] = [0.9, 0.3];
      const u = uncertaintyDecomposition(tensor([[[q, 1 - q]], [[r, 1 - r]]], [2, 1, 2], "float64"));
      expect(close(u.mutualInformation.item(), h(0.6) - (h(q) + h(r)) / 2, 1e-14)).toBe(true);
      expect(close(u.epistemicVariance.toArray()[0], (q - r) ** 2 / 4, 1e-14)).toBe(true);
      expect(close(u.aleatoricVariance.toArray()[0], (q * (1 - q) + r * (1 - r)) / 2, 1e-14)).toBe(true);
    });
  });
});

describe("uncertaintyDecomposition against torch and scipy (tests/fixtures/uncertainty, relative 1e-12)", () => {
  it(`matches every part on ${fixture.shape.join(" × ")} member probabilities, and total = epistemic + aleatoric`, () => {
    scope(() => {
      const u = uncertaintyDecomposition(tensor(fixture.probs, fixture.shape, "float64"));
      for (const name of ["meanProbs", "predictiveEntropy", "expectedEntropy", "totalVariance", "epistemicVariance", "aleatoricVariance"] as const) {
        expect(allClose(u[name].toArray(), fixture[name]), name).toBe(true);
      }
      // I is a difference of nearly equal entropies on the confident rows: absolute 1e-14
      expect(allClose(u.mutualInformation.toArray(), fixture.mutualInformation, 1e-12, 1e-14)).toBe(true);
      const [t, e, a] = [u.totalVariance.toArray(), u.epistemicVariance.toArray(), u.aleatoricVariance.toArray()];
      expect(Array.from(t).every((v, i) => Math.abs(v - (e[i] + a[i])) <= 1e-15)).toBe(true);
    });
  });

  it("gives the same bits in float64 from float32 input as from that input widened", () => {
    scope(() => {
      const f32 = tensor(fixture.probs, fixture.shape, "float32");
      const a = uncertaintyDecomposition(f32).mutualInformation.toArray();
      const b = uncertaintyDecomposition(tensor(Array.from(f32.toArray()), fixture.shape, "float64")).mutualInformation.toArray();
      expect(a).toEqual(b);
    });
  });

  it("rejects rows that are not probabilities, the wrong rank and the wrong dtype, before any work", () => {
    scope(() => {
      expect(() => uncertaintyDecomposition(tensor([[[0.5, 0.6]]], [1, 1, 2]))).toThrow("uncertaintyDecomposition: row 0 of probs sums to");
      expect(() => uncertaintyDecomposition(tensor([[[-0.5, 1.5]]], [1, 1, 2]))).toThrow("probs[0, 0] = -0.5 is not a probability in [0, 1]");
      expect(() => uncertaintyDecomposition(tensor([[0.5, 0.5]]))).toThrow("probs must have rank 3, got shape [1, 2]");
      expect(() => uncertaintyDecomposition(tensor([[[1, 0]]], [1, 1, 2], "int32"))).toThrow("probs must have dtype float32 or float64, got int32");
    });
    expect(memory().tensors).toBe(0);
  });
});

describe("auroc", () => {
  it("is 1 for perfectly separated scores, 0 for reversed ones and ½ for identical ones", () => {
    expect(auroc([3, 4, 5], [0, 1, 2])).toBe(1);
    expect(auroc([0, 1], [2, 3, 4])).toBe(0);
    expect(auroc([1, 1, 1], [1, 1])).toBe(0.5);
  });

  it("counts a tie as ½: positives [1, 2] against negatives [1, 0] give (1.5 + 2)/4", () => {
    expect(auroc([1, 2], [1, 0])).toBe(0.875);
  });

  it("matches scipy's Mann–Whitney U / (n₊·n₋) on cases with ties", () => {
    for (const c of fixture.auroc) expect(close(auroc(c.positive, c.negative), c.auroc, 1e-15)).toBe(true);
  });

  it("rejects empty sets and NaN scores", () => {
    expect(() => auroc([], [1])).toThrow("auroc: positive must hold at least one score, got none");
    expect(() => auroc([1], [NaN])).toThrow("auroc: negative[0] must be a number, got NaN");
  });
});

describe("expected calibration error", () => {
  it("is |accuracy − confidence| weighted by bin size: two bins built by hand", () => {
    // bin (0.8, 0.8667]: confidences 0.85 ×4, 3 right → |0.75 − 0.85| = 0.1; bin (0.2667, 0.3333]: 0.3 ×4, 0 right → 0.3
    const conf = [0.85, 0.85, 0.85, 0.85, 0.3, 0.3, 0.3, 0.3];
    const right = [1, 1, 1, 0, 0, 0, 0, 0];
    expect(close(expectedCalibrationError(conf, right), 0.5 * 0.1 + 0.5 * 0.3, 1e-15)).toBe(true);
  });

  it("is 0 for a perfectly calibrated predictor and puts a confidence on a bin edge in the lower bin", () => {
    expect(expectedCalibrationError([0.5, 0.5], [1, 0])).toBe(0);
    // 2/3 is the upper edge of bin 9 of 15 ((9/15, 10/15]); with one at 0.7 (bin 10) they stay apart
    expect(close(expectedCalibrationError([10 / 15, 0.7], [1, 0]), 0.5 * (1 - 10 / 15) + 0.5 * 0.7, 1e-15)).toBe(true);
  });

  it("matches accuracy, NLL and ECE (15 bins, Guo et al.'s code in torch) of the fixture's ensemble mean", () => {
    scope(() => {
      const m = classificationMetrics(tensor(fixture.meanProbs, [fixture.shape[1], fixture.shape[2]], "float64"), fixture.labels);
      expect(m.accuracy).toBe(fixture.accuracy);
      expect(close(m.nll, fixture.nll, 1e-13)).toBe(true);
      expect(close(m.ece, fixture.ece15, 1e-13)).toBe(true);
    });
  });

  it("rejects labels outside the classes, naming the index", () => {
    scope(() => {
      expect(() => classificationMetrics(tensor([[0.5, 0.5]]), [2])).toThrow("classificationMetrics: labels[0] = 2 is not a class in [0, 2)");
    });
  });
});

describe("uncertaintyReport", () => {
  it("gives per-set means, AUROC of the out-of-distribution set and member metrics, and frees what it made", () => {
    scope(() => {
      const inDist = tensor([[[0.9, 0.1], [0.2, 0.8]], [[0.8, 0.2], [0.1, 0.9]]], [2, 2, 2], "float64");
      const ood = tensor([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], [2, 2, 2], "float64");
      const before = memory().tensors;
      const r = uncertaintyReport({ name: "test", probs: inDist, labels: [0, 1] }, [{ name: "noise", probs: ood }]);
      expect(r.sets.map((s) => s.name)).toEqual(["test", "noise"]);
      expect(r.sets[1].mutualInformation).toBe(LOG2);
      expect(r.sets[1].epistemicVariance).toBe(0.5);
      expect(r.sets[1].aurocMutualInformation).toBe(1);
      expect(r.sets[0].aurocMutualInformation).toBeNull();
      expect(r.ensemble.accuracy).toBe(1);
      expect(r.members.map((m) => m.accuracy)).toEqual([1, 1]);
      expect(memory().tensors).toBe(before);
    });
  });

  it("rejects sets with another number of members or classes, naming the set", () => {
    scope(() => {
      const a = tensor(new Array(8).fill(0.5), [2, 2, 2], "float64");
      const b = tensor(new Array(6).fill(1 / 3), [1, 2, 3], "float64");
      expect(() => uncertaintyReport({ name: "test", probs: a, labels: [0, 1] }, [{ name: "x", probs: b }])).toThrow("uncertaintyReport: outOfDistribution[0].probs has shape [1, 2, 3], but every set needs 2 members and 2 classes");
    });
  });
});
