// The uncertainty report of an ensemble (or MC dropout) on an in-distribution set and out-of-distribution
// sets: per-set means of each part of the two decompositions, the AUROC of epistemic uncertainty for telling
// each OOD set from the in-distribution one, and accuracy / NLL / ECE of the ensemble and of its members.
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { checkOptions, ownOption } from "../options.js";
import { assertMemberProbs, uncertaintyDecomposition } from "./uncertainty.js";
import { auroc, classificationMetrics, labelArray, type ClassificationMetrics } from "./calibration.js";

/** One set's member probabilities. */
export interface ProbabilitySet {
  name: string;
  /** float32 or float64 [S, N, C]; every set has the same S and C. */
  probs: Tensor;
}

/** One set's means over its inputs (entropies in nats; variances summed over classes, i.e. traces). */
export interface SetSummary {
  name: string;
  count: number;
  predictiveEntropy: number;
  expectedEntropy: number;
  mutualInformation: number;
  totalVariance: number;
  epistemicVariance: number;
  aleatoricVariance: number;
  /** AUROC of mutual information for telling this set (positive) from the in-distribution set; null for that set. */
  aurocMutualInformation: number | null;
  /** The same with the epistemic variance (trace) as the score. */
  aurocEpistemicVariance: number | null;
}

/** Per-input scores of one set (plain arrays, for plots). */
export interface SetScores {
  name: string;
  predictiveEntropy: Float64Array;
  expectedEntropy: Float64Array;
  mutualInformation: Float64Array;
  /** Σ_c Var_S(p_sc) per input. */
  epistemicVariance: Float64Array;
}

export interface UncertaintyReport {
  /** The in-distribution set first, then the OOD sets in the order given. */
  sets: SetSummary[];
  scores: SetScores[];
  /** On the in-distribution set: the ensemble (p̄) and each member alone. */
  ensemble: ClassificationMetrics;
  members: ClassificationMetrics[];
}

function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length === 0 ? NaN : s / x.length;
}

function rowSums(t: Tensor, n: number, c: number): Float64Array {
  const v = t.view();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += v[i * c + j];
    out[i] = s;
  }
  return out;
}

/**
 * The full report. Tensors it makes are freed before it returns; the inputs stay the caller's.
 * @param inDistribution the set the members were trained for, with its labels
 * @param outOfDistribution sets the members never saw
 * @example
 * const r = uncertaintyReport({ name: "test", probs, labels }, [{ name: "uniform noise", probs: noiseProbs }]);
 * r.sets[1].aurocMutualInformation;   // ≈ 1 when noise is plainly unlike the digits
 */
export function uncertaintyReport(inDistribution: ProbabilitySet & { labels: ArrayLike<number> | Tensor },
  outOfDistribution: readonly ProbabilitySet[] = [], options: { bins?: number } = {}): UncertaintyReport {
  const fn = "uncertaintyReport";
  checkOptions(options, ["bins"], fn);
  const bins = ownOption<number>(options, "bins", 15);
  if (!Array.isArray(outOfDistribution)) throw new TypeError(`${fn}: outOfDistribution must be an array of { name, probs }, got ${describe(outOfDistribution)}`);
  const all = [inDistribution, ...outOfDistribution];
  for (const [i, set] of all.entries()) {
    const where = i === 0 ? "inDistribution" : `outOfDistribution[${i - 1}]`;
    if (typeof set !== "object" || set === null || typeof set.name !== "string") throw new TypeError(`${fn}: ${where} must be { name, probs }, got ${describe(set)}`);
    assertMemberProbs(set.probs, fn, `${where}.probs`);
    if (set.probs.shape[0] !== all[0].probs.shape[0] || set.probs.shape[2] !== all[0].probs.shape[2]) {
      throw new RangeError(`${fn}: ${where}.probs has shape ${describe(set.probs.shape)}, but every set needs ${all[0].probs.shape[0]} members and ${all[0].probs.shape[2]} classes`);
    }
  }
  const [members, n0, classes] = inDistribution.probs.shape;
  const labels = labelArray(inDistribution.labels, n0, classes, fn);
  const scores: SetScores[] = [];
  const sets: SetSummary[] = [];
  let ensemble: ClassificationMetrics | null = null;
  for (const set of all) {
    const u = uncertaintyDecomposition(set.probs);
    try {
      const n = set.probs.shape[1];
      const s: SetScores = {
        name: set.name, predictiveEntropy: u.predictiveEntropy.toArray() as Float64Array, expectedEntropy: u.expectedEntropy.toArray() as Float64Array,
        mutualInformation: u.mutualInformation.toArray() as Float64Array, epistemicVariance: rowSums(u.epistemicVariance, n, classes),
      };
      scores.push(s);
      sets.push({
        name: set.name, count: n, predictiveEntropy: meanOf(s.predictiveEntropy), expectedEntropy: meanOf(s.expectedEntropy),
        mutualInformation: meanOf(s.mutualInformation), totalVariance: meanOf(rowSums(u.totalVariance, n, classes)),
        epistemicVariance: meanOf(s.epistemicVariance), aleatoricVariance: meanOf(rowSums(u.aleatoricVariance, n, classes)),
        aurocMutualInformation: null, aurocEpistemicVariance: null,
      });
      if (set === inDistribution) ensemble = classificationMetrics(u.meanProbs, labels, { bins });
    } finally {
      for (const t of Object.values(u)) t.dispose();
    }
  }
  for (let i = 1; i < sets.length; i++) {
    if (sets[i].count === 0 || sets[0].count === 0) continue;
    sets[i].aurocMutualInformation = auroc(scores[i].mutualInformation, scores[0].mutualInformation);
    sets[i].aurocEpistemicVariance = auroc(scores[i].epistemicVariance, scores[0].epistemicVariance);
  }
  const memberMetrics: ClassificationMetrics[] = [];
  for (let m = 0; m < members; m++) {
    const one = new Tensor([n0, classes], inDistribution.probs.dtype);
    try {
      one.view().set(inDistribution.probs.view().subarray(m * n0 * classes, (m + 1) * n0 * classes));
      memberMetrics.push(classificationMetrics(one, labels, { bins }));
    } finally {
      one.dispose();
    }
  }
  return { sets, scores, ensemble: ensemble!, members: memberMetrics };
}
