// Exponential(rate λ): p(x) = λ e^{−λx} on [0, ∞).
import type { Tensor } from "../tensor.js";
import type { Key } from "../random/key.js";
import { type ArrayInput, assertLevels, derived, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { locationScale, perElement, standardDraw } from "./draw.js";
import { sampleDType } from "../random/draw-options.js";

/**
 * The exponential distribution with rate λ (mean 1/λ). Samples are E·(1/λ) with E = −log(1 − u)
 * (inverse cdf of the stream's uniforms, finite: 1 − u ≥ 2^−24 in float32, 2^−53 in float64).
 * @param rate λ > 0
 * @example
 * new Exponential(2).logProb([-1, 0, 1]).toArray();   // [−Infinity, log 2, log 2 − 2]
 */
export class Exponential extends Distribution {
  static override readonly params = { rate: "positive" } as const;
  readonly support = "nonNegative" as const;
  override readonly hasRsample = true;

  constructor(rate: ArrayInput, options: DistributionOptions = {}) {
    super({ rate }, options);
    keepParamTensors(this, { rate });
  }

  get rate(): Float64Array { return this.param("rate"); }

  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    const e = standardDraw(key, drawShape(this, shape), sampleDType(options), "exponential");
    try {
      return locationScale(e, new Float64Array(this.batchSize), this.rate.map((r) => 1 / r));
    } finally {
      e.dispose();
    }
  }

  /** value = E/λ; ∂value/∂λ = −value/λ. */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized<"rate"> {
    const e = standardDraw(key, drawShape(this, shape), sampleDType(options), "exponential");
    try {
      const value = locationScale(e, new Float64Array(this.batchSize), this.rate.map((r) => 1 / r));
      const v = value.view();
      const rate = this.rate;
      return trackedRsample(this, { value, grads: { rate: perElement(value, this.batchSize, (i, j) => -v[i] / rate[j]) } }, key, shape, options);
    } finally {
      e.dispose();
    }
  }

  logProb(value: ArrayInput): Tensor {
    return trackedLogProb(this, value) ?? elementwise(this, value, "exponentialLogProb", [this.rate, derived(this, "logRate", () => mapF64("logArrayF64", this.rate))]);
  }

  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "exponentialCdf", [this.rate]);
  }

  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "exponentialIcdf", [this.rate]);
  }

  /** 1 − log λ. */
  override entropy(): Tensor {
    return tensorOf(this, mapF64("logArrayF64", this.rate).map((l) => 1 - l));
  }

  override get mean(): Tensor { return tensorOf(this, this.rate.map((r) => 1 / r)); }
  override get mode(): Tensor { return tensorOf(this, new Float64Array(this.batchSize)); }
  override get variance(): Tensor { return tensorOf(this, this.rate.map((r) => 1 / (r * r))); }
  override get stddev(): Tensor { return tensorOf(this, this.rate.map((r) => 1 / r)); }
}
