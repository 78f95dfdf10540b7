// Categorical(probs | logits) over {0, …, K − 1}: P(x = k) = p_k = softmax(l)_k.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { allocBytes, freeBytes, heapF64 } from "../runtime/memory.js";
import { assertKey, type Key } from "../random/key.js";
import { describe, ownOptions } from "../errors.js";
import { type ArrayInput, assertLevels, derived, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type SampleOptions, tensorOf } from "./distribution.js";
import { withF64 } from "../runtime/memory.js";
import { keepParamTensors, trackedLogProb } from "./differentiable.js";
import { shapeOf } from "../array-input.js";

/**
 * The categorical distribution over K categories (the last dimension of probs or logits), batched over
 * the leading dimensions. probs must sum to 1 within 1e-6 (as torch) and are then renormalised; logits
 * are normalised by log-sum-exp; a −∞ logit masks its category (probability 0, never drawn, 0·log 0 = 0 in
 * the entropy), as torch allows, while +∞, NaN and a row with every category masked are rejected.
 * Samples are int32 indices by inversion of the cumulative sums (the categoricalInverseCdfI32 kernel:
 * one 53-bit uniform per draw, zero-probability categories never drawn).
 * @example
 * const c = new Categorical({ logits: [2, 1, -0.5, 3] });
 * c.probs;            // [0.2399, 0.0883, 0.0197, 0.6521]
 * c.entropy().item(); // 0.9128
 * c.logProb([3, 4]);  // [log 0.6521, −Infinity]: 4 is not a category
 * new Categorical({ logits: [0, -Infinity, 1] }).probs;   // [0.2689, 0, 0.7311]: category 1 masked
 */
export class Categorical extends Distribution {
  static override readonly params = { probs: "simplex", logits: "logitVector" } as const;
  readonly support = "integerInterval" as const;
  /** K, the number of categories. */
  readonly numCategories: number;
  readonly #probs: Float64Array;
  readonly #logProbs: Float64Array;

  constructor(params: { probs?: ArrayInput; logits?: ArrayInput }, options: DistributionOptions = {}) {
    if (params === null || typeof params !== "object") throw new TypeError(`Categorical: give { probs } or { logits }, got ${describe(params)}`);
    params = ownOptions(params, "Categorical", "params");
    if ((params.probs === undefined) === (params.logits === undefined)) {
      throw new TypeError("Categorical: give exactly one of probs and logits");
    }
    const given: Record<string, ArrayInput> = params.probs !== undefined ? { probs: params.probs } : { logits: params.logits! };
    const k = shapeOf(Object.values(given)[0], "Categorical parameter").at(-1) ?? 0;
    if (k < 1) throw new RangeError("Categorical: needs at least one category (a last dimension of size ≥ 1)");
    super(given, options);
    keepParamTensors(this, given);
    this.numCategories = k;
    const rows = this.batchSize;
    if (this.hasParam("probs")) {
      const p = this.param("probs");
      this.#probs = new Float64Array(p.length);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += p[r * k + j];
        for (let j = 0; j < k; j++) this.#probs[r * k + j] = p[r * k + j] / s;
      }
      this.#logProbs = mapF64("logArrayF64", this.#probs);
    } else {
      // log-softmax per row: l − (m + log1p(Σ_{j ≠ argmax} exp(l_j − m))), m = l_argmax: the max term is
      // exactly 1, so log1p keeps the tiny log-probability of a dominant category (−2e-21, not 0)
      const l = this.param("logits");
      const shifted = new Float64Array(l.length);
      const argmax = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (l[r * k + j] > l[r * k + best]) best = j;
        argmax[r] = best;
        const m = l[r * k + best];
        for (let j = 0; j < k; j++) shifted[r * k + j] = l[r * k + j] - m;
      }
      const e = mapF64("expArrayF64", shifted);
      const sums = new Float64Array(rows);
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) if (j !== argmax[r]) sums[r] += e[r * k + j];
      const logSums = mapF64("log1pArrayF64", sums);
      this.#logProbs = shifted.map((v, i) => v - logSums[Math.floor(i / k)]);
      this.#probs = mapF64("expArrayF64", this.#logProbs);
    }
  }

  /** Normalised probabilities, float64 of [...batchShape, K]. */
  get probs(): Float64Array { return this.#probs; }
  /** Normalised logits (log-probabilities, −∞ for a zero probability), float64 of [...batchShape, K]. */
  get logits(): Float64Array { return this.#logProbs; }

  /** int32 category indices of shape [...shape, ...batchShape]. */
  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    assertKey(key);
    if (ownOptions(options, "Categorical.sample").dtype !== undefined) throw new TypeError("Categorical.sample returns int32 indices; dtype is not an option");
    const out = new Tensor(drawShape(this, shape), "int32");
    if (out.size === 0) return out;
    const k = this.numCategories;
    const rows = this.batchSize;
    const cdf = allocBytes(8 * rows * k);
    try {
      withF64([this.#probs], ([p]) => {
        core().categoricalCdfF64(cdf, p, rows, k);
        core().categoricalInverseCdfI32(out.ptr, 0, out.size, key.k0, key.k1, cdf, k, rows);
      });
    } catch (err) {
      out.dispose();
      throw err;
    } finally {
      freeBytes(cdf);
    }
    return out;
  }

  /** log p_x for integer x in [0, K); −∞ for anything else (NaN stays NaN). */
  logProb(value: ArrayInput): Tensor {
    return trackedLogProb(this, value) ?? elementwise(this, value, "categoricalLogProb", [this.#logProbs], [this.numCategories]);
  }

  /**
   * P(X ≤ x) = Σ_{k ≤ ⌊x⌋} p_k: 0 below 0, 1 from K − 1 on, NaN for NaN (the cumulative sums run left to
   * right in f64, in WASM). torch has no Categorical cdf; this is the step function of the labels' order.
   * @example new Categorical({ probs: [0.2, 0.3, 0.5] }).cdf([-1, 0, 1.5, 2]);  // [0, 0.2, 0.5, 1]
   */
  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "discreteCdf", [this.#cumulative()], [this.numCategories]);
  }

  /**
   * The smallest category c with P(X ≤ c) ≥ q (the generalised inverse; q = 0 gives 0), as a float.
   * A category of probability 0 is never returned for q > 0.
   * @example new Categorical({ probs: [0.2, 0, 0.8] }).icdf([0.1, 0.2, 0.21]);  // [0, 0, 2]
   */
  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "discreteIcdf", [this.#cumulative()], [this.numCategories]);
  }

  // Cumulative probabilities per row, the last entry set to exactly 1 (the sums may round below it).
  #cumulative(): Float64Array {
    return derived(this, "cumulative", () => {
      const k = this.numCategories;
      const rows = this.batchSize;
      const c = withF64([new Float64Array(rows * k), this.#probs], ([pc, pp]) => {
        core().categoricalCdfF64(pc, pp, rows, k);
        return heapF64().slice(pc >>> 3, (pc >>> 3) + rows * k);
      });
      for (let r = 0; r < rows; r++) c[r * k + k - 1] = 1;
      return c;
    });
  }

  /** −Σ_k p_k log p_k (terms with p_k = 0 count 0). Shape batchShape. */
  override entropy(): Tensor {
    const k = this.numCategories;
    const h = new Float64Array(this.batchSize);
    for (let r = 0; r < h.length; r++) {
      let s = 0;
      for (let j = 0; j < k; j++) {
        const p = this.#probs[r * k + j];
        if (p > 0) s -= p * this.#logProbs[r * k + j];
      }
      h[r] = s;
    }
    return tensorOf(this, h);
  }

  /** The most probable category (the first on ties), float64 of batchShape. */
  override get mode(): Tensor {
    const k = this.numCategories;
    const m = new Float64Array(this.batchSize);
    for (let r = 0; r < m.length; r++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (this.#probs[r * k + j] > this.#probs[r * k + best]) best = j;
      m[r] = best;
    }
    return tensorOf(this, m);
  }

  /** NaN (categories are labels, as torch). */
  override get mean(): Tensor { return tensorOf(this, new Float64Array(this.batchSize).fill(NaN)); }
  /** NaN (as torch). */
  override get variance(): Tensor { return tensorOf(this, new Float64Array(this.batchSize).fill(NaN)); }
}
