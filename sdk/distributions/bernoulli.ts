// Bernoulli(probs p | logits l): P(x = 1) = p = σ(l), P(x = 0) = 1 − p.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertKey, type Key } from "../random/key.js";
import { describe, ownOptions } from "../errors.js";
import { type ArrayInput, assertLevels, derived, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type SampleOptions, tensorOf } from "./distribution.js";
import { withF64 } from "../runtime/memory.js";
import { keepParamTensors, trackedLogProb } from "./differentiable.js";
import { sampleDType } from "../random/draw-options.js";

/**
 * The Bernoulli distribution, from probabilities or from logits (exactly one of them). Log-masses are
 * computed from logits (log σ(l) = −softplus(−l)), so extreme logits keep their precision.
 * Samples are float32 (or float64) 0/1: element i is 1 when stream word i < ⌊p·2^32⌋, so with a scalar p
 * `sample` equals `bernoulli(key, shape, p)`. Logits may be ±∞ (torch's constraints.real admits them too):
 * −∞ is p = 0 and +∞ is p = 1 exactly, with exact masses (log 1 = 0) and zero entropy; NaN is rejected.
 * @example
 * new Bernoulli({ probs: 0.3 }).logProb([0, 1, 2]).toArray();   // [log 0.7, log 0.3, −Infinity]
 * new Bernoulli({ logits: 50 }).logProb(0).item();              // −50 (p rounds to 1, the logit does not)
 * new Bernoulli({ logits: -Infinity }).probs;                 // [0]: a masked outcome, never drawn
 */
export class Bernoulli extends Distribution {
  static override readonly params = { probs: "unitInterval", logits: "extendedReal" } as const;
  readonly support = "boolean" as const;
  readonly #probs: Float64Array;
  readonly #logits: Float64Array;
  readonly #probsOfZero: Float64Array; // 1 − p, computed as σ(−l) from logits (not 1 − σ(l), which rounds to 0)

  constructor(params: { probs?: ArrayInput; logits?: ArrayInput } | number, options: DistributionOptions = {}) {
    if (params === null || (typeof params !== "number" && typeof params !== "object")) {
      throw new TypeError(`Bernoulli: give a probability, { probs } or { logits }, got ${describe(params)}`);
    }
    const p = typeof params === "number" ? { probs: params } : ownOptions(params, "Bernoulli", "params");
    if ((p.probs === undefined) === (p.logits === undefined)) {
      throw new TypeError("Bernoulli: give exactly one of probs and logits");
    }
    super(p.probs !== undefined ? { probs: p.probs } : { logits: p.logits! }, options);
    keepParamTensors(this, p);
    if (this.hasParam("probs")) {
      this.#probs = this.param("probs");
      // l = log p − log1p(−p): −∞ at p = 0 and +∞ at p = 1
      const logP = mapF64("logArrayF64", this.#probs);
      const log1mP = mapF64("log1pArrayF64", this.#probs.map((v) => -v));
      this.#logits = logP.map((v, i) => v - log1mP[i]);
      this.#probsOfZero = this.#probs.map((v) => 1 - v);
    } else {
      this.#logits = this.param("logits");
      // σ(l) = exp(−softplus(−l))
      this.#probs = mapF64("expArrayF64", mapF64("softplusArrayF64", this.#logits.map((v) => -v)).map((v) => -v));
      this.#probsOfZero = mapF64("expArrayF64", mapF64("softplusArrayF64", this.#logits).map((v) => -v));
    }
  }

  /** P(x = 1), float64 of batchShape. */
  get probs(): Float64Array { return this.#probs; }
  /** log(p/(1 − p)), float64 of batchShape. */
  get logits(): Float64Array { return this.#logits; }

  /** 0/1 draws of shape [...shape, ...batchShape], float32 by default. */
  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    assertKey(key);
    const dtype = sampleDType(options);
    const out = new Tensor(drawShape(this, shape), "float32");
    if (out.size > 0) {
      const thresholds = this.#probs.map((p) => (p >= 1 ? 2 ** 32 : Math.floor(p * 2 ** 32)));
      core().randomBitsFill(out.ptr, 0, out.size, key.k0, key.k1);
      withF64([thresholds], ([t]) => core().bernoulliFromWordsF32(out.ptr, t, out.size, thresholds.length));
    }
    if (dtype === "float32") return out;
    const wide = new Tensor(out.shape, "float64");
    wide.view().set(out.view());
    out.dispose();
    return wide;
  }

  logProb(value: ArrayInput): Tensor {
    return trackedLogProb(this, value) ?? elementwise(this, value, "bernoulliLogProb", [this.#logits]);
  }

  /**
   * P(X ≤ x): 0 below 0, 1 − p on [0, 1), 1 from 1 on; NaN for NaN (1 − p computed as σ(−l) from logits).
   * torch has no Bernoulli cdf; this is the step function.
   * @example new Bernoulli({ probs: 0.3 }).cdf([-1, 0, 0.5, 1]);  // [0, 0.7, 0.7, 1]
   */
  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "discreteCdf", [this.#cumulative()], [2]);
  }

  /**
   * The smallest x in {0, 1} with P(X ≤ x) ≥ q: 0 for q ≤ 1 − p, else 1 (q = 0 gives 0), as a float.
   * @example new Bernoulli({ probs: 0.3 }).icdf([0, 0.7, 0.71, 1]);  // [0, 0, 1, 1]
   */
  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "discreteIcdf", [this.#cumulative()], [2]);
  }

  // [1 − p, 1] per batch element: the cumulative table of discreteCdf / discreteIcdf.
  #cumulative(): Float64Array {
    return derived(this, "cumulative", () => {
      const c = new Float64Array(2 * this.batchSize);
      for (let r = 0; r < this.batchSize; r++) { c[2 * r] = this.#probsOfZero[r]; c[2 * r + 1] = 1; }
      return c;
    });
  }

  /** −p·log p − (1 − p)·log(1 − p) with log p = −softplus(−l), log(1 − p) = −softplus(l); 0·log 0 = 0. */
  override entropy(): Tensor {
    const logP = mapF64("softplusArrayF64", this.#logits.map((v) => -v));
    const logQ = mapF64("softplusArrayF64", this.#logits);
    return tensorOf(this, this.#probs.map((p, i) => {
      const q = this.#probsOfZero[i];
      return (p === 0 ? 0 : p * logP[i]) + (q === 0 ? 0 : q * logQ[i]);
    }));
  }

  override get mean(): Tensor { return tensorOf(this, this.#probs); }
  /** 1 when p > ½, 0 when p < ½, NaN at p = ½ (as torch). */
  override get mode(): Tensor { return tensorOf(this, this.#probs.map((p) => (p === 0.5 ? NaN : p > 0.5 ? 1 : 0))); }
  /** p(1 − p), with 1 − p = σ(−l) when built from logits. */
  override get variance(): Tensor { return tensorOf(this, this.#probs.map((p, i) => p * this.#probsOfZero[i])); }
}
