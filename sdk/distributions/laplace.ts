// Laplace(loc μ, scale b): p(x) = exp(−|x − μ|/b) / (2b).
import type { Tensor } from "../tensor.js";
import type { Key } from "../random/key.js";
import { type ArrayInput, assertLevels, derived, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { rsampleLocationScale, sampleLocationScale } from "./draw.js";
import { sampleDType } from "../random/draw-options.js";

/**
 * The Laplace (double exponential) distribution. Samples are μ + b·L with L = −sign(t)·log1p(−2|t|),
 * t = u − ½ moved half a grid step so it is never 0 or ±½ (finite, symmetric).
 * @param loc μ, any real
 * @param scale b > 0
 * @example
 * new Laplace(0, 1).cdf([-1, 0, 1]).toArray();   // [0.18394, 0.5, 0.81606]
 */
export class Laplace extends Distribution {
  static override readonly params = { loc: "real", scale: "positive" } as const;
  readonly support = "real" as const;
  override readonly hasRsample = true;

  constructor(loc: ArrayInput, scale: ArrayInput, options: DistributionOptions = {}) {
    super({ loc, scale }, options);
    keepParamTensors(this, { loc, scale });
  }

  get loc(): Float64Array { return this.param("loc"); }
  get scale(): Float64Array { return this.param("scale"); }

  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    return sampleLocationScale(key, drawShape(this, shape), sampleDType(options), "laplace", this.loc, this.scale);
  }

  /** value = μ + b·L; ∂value/∂μ = 1, ∂value/∂b = L. */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized<"loc" | "scale"> {
    return trackedRsample(this, rsampleLocationScale(key, drawShape(this, shape), sampleDType(options), "laplace", this.loc, this.scale), key, shape, options);
  }

  logProb(value: ArrayInput): Tensor {
    const logNorm = derived(this, "logNorm", () => mapF64("logArrayF64", this.scale.map((s) => 2 * s)));
    return trackedLogProb(this, value) ?? elementwise(this, value, "laplaceLogProb", [this.loc, this.scale, logNorm]);
  }

  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "laplaceCdf", [this.loc, this.scale]);
  }

  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "laplaceIcdf", [this.loc, this.scale]);
  }

  /** 1 + log 2b. */
  override entropy(): Tensor {
    return tensorOf(this, mapF64("logArrayF64", this.scale.map((s) => 2 * s)).map((l) => 1 + l));
  }

  override get mean(): Tensor { return tensorOf(this, this.loc); }
  override get mode(): Tensor { return tensorOf(this, this.loc); }
  override get variance(): Tensor { return tensorOf(this, this.scale.map((s) => 2 * s * s)); }
  /** √2·b directly: √(2b²) overflowed for b ≳ 1e154 and underflowed for b ≲ 1e-162. */
  override get stddev(): Tensor { return tensorOf(this, this.scale.map((s) => Math.SQRT2 * s)); }
}
