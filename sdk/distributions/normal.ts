// Normal(loc μ, scale σ): p(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)).
import type { Tensor } from "../tensor.js";
import type { Key } from "../random/key.js";
import { type ArrayInput, assertLevels, derived, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { rsampleLocationScale, sampleLocationScale } from "./draw.js";
import { sampleDType } from "../random/draw-options.js";

const HALF_LOG_2PI = 0.9189385332046728; // ½ log 2π

/**
 * The normal distribution N(μ, σ²), batched over broadcast parameters. Samples are μ + σ·z with z from
 * normalFill (Box–Muller in WASM): with scalar parameters, `sample` equals `normal(key, shape, { mean, std })`.
 * @param loc μ, any real (number, array or Tensor)
 * @param scale σ > 0
 * @example
 * const d = new Normal(2, 1.5);
 * d.logProb(2).item();     // −1.3244 = −log(1.5) − ½ log 2π
 * d.cdf(2).item();         // 0.5
 * new Normal(0, -1);       // RangeError: Normal: scale must be > 0 (constraint "positive"), got -1
 */
export class Normal extends Distribution {
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
    return sampleLocationScale(key, drawShape(this, shape), sampleDType(options), "normal", this.loc, this.scale);
  }

  /** value = μ + σ·ε; ∂value/∂μ = 1, ∂value/∂σ = ε. */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized<"loc" | "scale"> {
    return trackedRsample(this, rsampleLocationScale(key, drawShape(this, shape), sampleDType(options), "normal", this.loc, this.scale), key, shape, options);
  }

  logProb(value: ArrayInput): Tensor {
    const logNorm = derived(this, "logNorm", () => mapF64("logArrayF64", this.scale).map((l) => l + HALF_LOG_2PI));
    return trackedLogProb(this, value) ?? elementwise(this, value, "normalLogProb", [this.loc, this.scale, logNorm]);
  }

  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "normalCdf", [this.loc, this.scale]);
  }

  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "normalIcdf", [this.loc, this.scale]);
  }

  /** ½ + ½ log 2π + log σ. */
  override entropy(): Tensor {
    return tensorOf(this, mapF64("logArrayF64", this.scale).map((l) => 0.5 + HALF_LOG_2PI + l));
  }

  override get mean(): Tensor { return tensorOf(this, this.loc); }
  override get mode(): Tensor { return tensorOf(this, this.loc); }
  override get variance(): Tensor { return tensorOf(this, this.scale.map((s) => s * s)); }
  override get stddev(): Tensor { return tensorOf(this, this.scale); }
}
