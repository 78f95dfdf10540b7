// How good and how honest a classifier's probabilities are: accuracy, negative log-likelihood, expected
// calibration error; and AUROC, how well a score tells two sets apart.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64, heapI32 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertDType, assertInteger, assertRank, describe } from "../errors.js";
import { assertProbabilityRows } from "../nn/validate.js";
import { checkOptions, ownOption } from "../options.js";

/**
 * Area under the ROC curve of `score` for telling `positive` from `negative`: the probability that a random
 * positive scores higher than a random negative, ties counting ½ (the Mann–Whitney U statistic over
 * n₊·n₋, with average ranks for ties). 1: every positive above every negative; 0.5: no better than chance.
 * @example
 * auroc([0.9, 0.8], [0.1, 0.2]);   // 1
 * auroc([0.5], [0.5]);             // 0.5 (a tie)
 */
export function auroc(positive: ArrayLike<number>, negative: ArrayLike<number>): number {
  for (const [name, xs] of [["positive", positive], ["negative", negative]] as const) {
    if (xs === null || typeof xs !== "object" || !Number.isInteger(xs.length)) throw new TypeError(`auroc: ${name} must be an array of numbers, got ${describe(xs)}`);
    if (xs.length === 0) throw new RangeError(`auroc: ${name} must hold at least one score, got none`);
    for (let i = 0; i < xs.length; i++) {
      if (typeof xs[i] !== "number" || Number.isNaN(xs[i])) throw new TypeError(`auroc: ${name}[${i}] must be a number, got ${describe(xs[i])}`);
    }
  }
  const np = positive.length;
  const nn = negative.length;
  const all = new Float64Array(np + nn);
  for (let i = 0; i < np; i++) all[i] = positive[i];
  for (let i = 0; i < nn; i++) all[np + i] = negative[i];
  const order = Uint32Array.from({ length: all.length }, (_, i) => i).sort((a, b) => all[a] - all[b] || a - b);
  let rankSumPositive = 0;
  for (let lo = 0; lo < order.length;) {
    let hi = lo + 1;
    while (hi < order.length && all[order[hi]] === all[order[lo]]) hi++;
    const rank = (lo + 1 + hi) / 2; // the average of ranks lo + 1 … hi
    for (let j = lo; j < hi; j++) if (order[j] < np) rankSumPositive += rank;
    lo = hi;
  }
  return (rankSumPositive - (np * (np + 1)) / 2) / (np * nn);
}

/**
 * Expected calibration error (Guo et al. 2017): inputs binned by confidence into `bins` equal bins
 * (b/B, (b + 1)/B] (confidence 0 goes to the first), ECE = Σ_b (n_b / N)·|accuracy_b − mean confidence_b|.
 * @param confidence N values in [0, 1] (max_c p_c)
 * @param correct N booleans or 0/1 (prediction = label)
 * @example expectedCalibrationError([0.9, 0.9], [1, 0]); // |0.5 − 0.9| = 0.4
 */
export function expectedCalibrationError(confidence: ArrayLike<number>, correct: ArrayLike<number | boolean>, { bins = 15 } = {}): number {
  assertInteger(bins, "bins", 1, 10000);
  if (confidence.length !== correct.length) throw new RangeError(`expectedCalibrationError: confidence (${confidence.length}) and correct (${correct.length}) must have the same length`);
  const n = confidence.length;
  if (n === 0) throw new RangeError("expectedCalibrationError: needs at least one input, got none");
  const count = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const conf = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = confidence[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`expectedCalibrationError: confidence[${i}] = ${describe(p)} is not in [0, 1]`);
    let b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    while (b > 0 && p <= b / bins) b--;
    while (b < bins - 1 && p > (b + 1) / bins) b++;
    count[b] += 1;
    hits[b] += correct[i] ? 1 : 0;
    conf[b] += p;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += (count[b] / n) * Math.abs(hits[b] / count[b] - conf[b] / count[b]);
  return ece;
}

/** Accuracy, mean NLL (nats) and ECE of one set of predictions. */
export interface ClassificationMetrics {
  count: number;
  /** Fraction with argmax p = label (the first maximum on ties). */
  accuracy: number;
  /** Mean of −log p_label (+∞ if some p_label is 0). */
  nll: number;
  /** Expected calibration error with `bins` bins (default 15). */
  ece: number;
}

/** Labels as an Int32Array, checked against [0, classes). */
export function labelArray(labels: ArrayLike<number> | Tensor, n: number, classes: number, fn: string): Int32Array {
  const arr = labels instanceof Tensor ? (assertDType(labels, ["int32"], "labels"), labels.toArray() as Int32Array) : labels;
  if (arr === null || typeof arr !== "object" || arr.length !== n) {
    throw new RangeError(`${fn}: labels must hold one label per input (${n}), got ${describe(labels)}`);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = arr[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new RangeError(`${fn}: labels[${i}] = ${describe(y)} is not a class in [0, ${classes})`);
    out[i] = y;
  }
  return out;
}

/**
 * Accuracy, NLL and ECE of class probabilities against labels (−log p in WASM, float64).
 * @param probs float32 or float64 [N, C], rows summing to 1
 * @param labels N integers in [0, C): an array, a typed array or an int32 Tensor
 * @example classificationMetrics(tensor([[0.9, 0.1], [0.2, 0.8]]), [0, 0]); // accuracy 0.5, nll (−log 0.9 − log 0.2)/2
 */
export function classificationMetrics(probs: Tensor, labels: ArrayLike<number> | Tensor, options: { bins?: number } = {}): ClassificationMetrics {
  const fn = "classificationMetrics";
  checkOptions(options, ["bins"], fn);
  const bins = ownOption<number>(options, "bins", 15);
  assertInteger(bins, "bins", 1, 10000);
  if (!(probs instanceof Tensor)) throw new TypeError(`${fn}: probs must be a Tensor [inputs, classes], got ${describe(probs)}`);
  assertDType(probs, ["float32", "float64"], "probs");
  assertRank(probs, 2, "probs");
  const [n, c] = probs.shape;
  if (n === 0 || c === 0) throw new RangeError(`${fn}: probs needs ≥ 1 input and ≥ 1 class, got shape ${describe(probs.shape)}`);
  assertProbabilityRows(probs, n, c, "probs", fn);
  const y = labelArray(labels, n, c, fn);
  const scores = classificationScores(probs, y);
  let hits = 0;
  let nll = 0;
  for (let i = 0; i < n; i++) {
    hits += scores.correct[i];
    nll += scores.nll[i];
  }
  return { count: n, accuracy: hits / n, nll: nll / n, ece: expectedCalibrationError(scores.confidence, scores.correct, { bins }) };
}

/** Per input: −log p_label, max_c p_c and whether the argmax is the label. probs and labels already checked. */
export function classificationScores(probs: Tensor, labels: Int32Array): { nll: Float64Array; confidence: Float64Array; correct: Uint8Array } {
  const [n, c] = probs.shape;
  const ptr = allocBytes(8 * n * c + 16 * n + 8 * n);
  try {
    const p = ptr, nll = p + 8 * n * c, conf = nll + 8 * n, pred = conf + 8 * n, lab = pred + 4 * n;
    heapF64().set(probs.view(), p >>> 3);
    heapI32().set(labels, lab >>> 2);
    core().classificationScoresF64(nll, conf, pred, p, lab, n, c);
    const f64 = heapF64();
    const i32 = heapI32();
    const correct = new Uint8Array(n);
    for (let i = 0; i < n; i++) correct[i] = i32[(pred >>> 2) + i] === labels[i] ? 1 : 0;
    return { nll: f64.slice(nll >>> 3, (nll >>> 3) + n), confidence: f64.slice(conf >>> 3, (conf >>> 3) + n), correct };
  } finally {
    freeBytes(ptr);
  }
}
