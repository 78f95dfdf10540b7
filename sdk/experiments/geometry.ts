// Item 4 of issue 15: high-dimensional geometry and attention (seeds 001, 002).
import { Key, foldIn } from "../random/key.js";
import { normal } from "../random/sample.js";
import { add, clamp, div, exp, mul, sqrt, square, sub } from "../ops/elementwise.js";
import { max, sum } from "../ops/reduce.js";
import { cosineSimilarity } from "../ops/norms.js";
import { select } from "../ops/indexing.js";
import { concat } from "../ops/shape.js";
import { attentionWithWeights, scaledDotProductAttention } from "../nn/attention.js";
import { scope } from "../runtime/memory.js";
import { ExperimentResult, agreesWithin, check, estimateMean } from "./result.js";

/** Cosine similarity of independent N(0, I_d) vectors: E[cos] = 0 and E[cos²] = 1/d exactly (spread 1/√d); one row per d. */
export function cosineConcentrationExperiment({ dims = [4, 64, 1024], pairs = 4000 } = {}, k: Key): ExperimentResult[] {
  return dims.map((d, i) => scope(() => {
    // in chunks of ≤ 2^20 numbers per operand, so d = 16384 fits in memory; chunk j draws from foldIn(·, j)
    const rows = Math.max(1, Math.floor(2 ** 20 / d));
    const parts = [];
    for (let start = 0, j = 0; start < pairs; start += rows, j++) {
      const n = Math.min(rows, pairs - start);
      const u = normal(foldIn(foldIn(k, 2 * i), j), [n, d], { dtype: "float64" });
      const v = normal(foldIn(foldIn(k, 2 * i + 1), j), [n, d], { dtype: "float64" });
      parts.push(cosineSimilarity(u, v));
      u.dispose();
      v.dispose();
    }
    const c = concat(parts);
    const m = estimateMean(c);
    return check(`geometry:cosine d=${d}`, "random high-dimensional vectors are nearly orthogonal: cos concentrates at 0 with spread 1/√d", "E[cos²] = 1/d", "001",
      1 / d, estimateMean(square(c)), { meanCosine: m.value, meanCosineStandardError: m.standardError, spread: Math.sqrt(1 / d) });
  }));
}

/** Var(qᵀk) = d and Var(qᵀk/√d) = 1 for q, k ~ N(0, I_d) independent (E[qᵀk] = 0, so E[(qᵀk)²] is the variance). */
export function dotProductVarianceExperiment({ d = 256, pairs = 4000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const dot = sum(mul(normal(foldIn(k, 1), [pairs, d], { dtype: "float64" }), normal(foldIn(k, 2), [pairs, d], { dtype: "float64" })), { dim: 1 });
    return [
      check(`geometry:dot d=${d}`, "the unscaled attention score has variance d", "Var(qᵀk) = d", "001/002", d, estimateMean(square(dot))),
      check(`geometry:scaled-dot d=${d}`, "scaling by 1/√d makes the score variance 1 at every width", "Var(qᵀk/√d) = 1", "001/002", 1, estimateMean(square(div(dot, Math.sqrt(d))))),
    ];
  });
}

/**
 * Softmax saturation: S keys, d dimensions, scores qᵀk (unscaled) against qᵀk/√d. Reports the mean largest attention
 * weight and the Frobenius norm of the softmax Jacobian diag(w) − wwᵀ (‖J‖² = Σw² − 2Σw³ + (Σw²)²). The claim is a
 * comparison: without scaling the largest weight is nearer 1 and the gradient smaller, each by more than 4 s.e.
 */
export function softmaxSaturationExperiment({ d = 512, keys = 16, replications = 2000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const q = normal(foldIn(k, 1), [replications, 1, d], { dtype: "float64" });
    const kk = normal(foldIn(k, 2), [replications, keys, d], { dtype: "float64" });
    const v = normal(foldIn(k, 3), [replications, keys, 1], { dtype: "float64" });
    const stats = (scale: number) => {
      const [, w] = attentionWithWeights(q, kk, v, { scale });
      const w2 = sum(square(w), { dim: -1 });
      const w3 = sum(mul(square(w), w), { dim: -1 });
      const jac = sub(add(w2, square(w2)), mul(w3, 2));
      // ‖J‖² ≥ 0, but a one-hot w rounds it to −1e-17: clamp before the root
      return { maxWeight: estimateMean(max(w, { dim: -1 })), jacobianNorm: estimateMean(sqrt(clamp(jac, 0, Infinity))) };
    };
    const raw = stats(1), scaled = stats(1 / Math.sqrt(d));
    const diff = (a: { value: number; standardError: number }, b: { value: number; standardError: number }) =>
      ({ value: a.value - b.value, standardError: Math.sqrt(a.standardError * a.standardError + b.standardError * b.standardError), n: 0 });
    const dm = diff(raw.maxWeight, scaled.maxWeight), dj = diff(scaled.jacobianNorm, raw.jacobianNorm);
    return [
      { name: `geometry:softmax-max-weight d=${d} S=${keys}`, claim: "unscaled scores saturate the softmax: the largest weight is nearer 1", formula: "E[max w] unscaled − scaled > 0", seed: "001/002",
        theory: "> 0", simulation: dm.value, standardError: dm.standardError, agrees: dm.value > 4 * dm.standardError,
        details: { unscaled: raw.maxWeight.value, scaled: scaled.maxWeight.value } },
      { name: `geometry:softmax-gradient d=${d} S=${keys}`, claim: "saturation kills the softmax gradient: ‖∂w/∂s‖ is smaller unscaled", formula: "E‖J‖_F scaled − unscaled > 0", seed: "001/002",
        theory: "> 0", simulation: dj.value, standardError: dj.standardError, agrees: dj.value > 4 * dj.standardError,
        details: { unscaled: raw.jacobianNorm.value, scaled: scaled.jacobianNorm.value } },
    ];
  });
}


/**
 * Attention is Nadaraya–Watson kernel regression: ŷ(q) = Σ_j K(q, k_j) v_j / Σ_j K(q, k_j) with K(q, k) = exp(qᵀk/√d),
 * computed here query by query with elementwise products and sums (no matmul, no softmax, no max shift), against
 * scaledDotProductAttention. float64; exact up to rounding (tolerance 1e-12 on the largest difference).
 */
export function kernelRegressionExperiment({ queries = 8, keys = 32, d = 16, dv = 4 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const q = normal(foldIn(k, 1), [queries, d], { dtype: "float64" });
    const kk = normal(foldIn(k, 2), [keys, d], { dtype: "float64" });
    const v = normal(foldIn(k, 3), [keys, dv], { dtype: "float64" });
    const attention = scaledDotProductAttention(q, kk, v).toArray();
    let worst = 0;
    for (let i = 0; i < queries; i++) {
      scope(() => {
        const kernel = exp(div(sum(mul(kk, select(q, 0, i)), { dim: 1 }), Math.sqrt(d)));            // [S]
        const nw = div(sum(mul(v, kernel.reshape([keys, 1])), { dim: 0 }), sum(kernel)).toArray();  // [dv]
        for (let j = 0; j < dv; j++) worst = Math.max(worst, Math.abs(nw[j] - attention[i * dv + j]));
      });
    }
    return { name: `geometry:attention-is-kernel-regression L=${queries} S=${keys}`, claim: "scaled dot-product attention equals Nadaraya–Watson regression with the kernel exp(qᵀk/√d)",
      formula: "softmax(qKᵀ/√d)V = Σ K(q,kⱼ)vⱼ / Σ K(q,kⱼ)", seed: "002", theory: 0, simulation: worst, standardError: 0, agrees: agreesWithin(0, worst, 0, 1e-12), details: { tolerance: 1e-12 } };
  });
}
