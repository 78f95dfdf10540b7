// Uniform(low, high): p(x) = 1/(high − low) on [low, high).
import type { Tensor } from "../tensor.js";
import type { Key } from "../random/key.js";
import { Distribution, mapF64, type ArrayInput, type DistributionOptions, type Reparameterized, type SampleOptions } from "./distribution.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { locationScale, perElement, sampleDType, standardDraw } from "./draw.js";
import { describe } from "../errors.js";

/**
 * The continuous uniform distribution on [low, high) (half-open, as torch's log_prob). Samples are
 * low + (high − low)·u with u from uniformFill: with scalar parameters in float32, `sample` equals
 * `uniform(key, shape, { low, high })`.
 * @param low finite
 * @param high finite, > low element by element
 * @example
 * new Uniform(0, 4).logProb([1, 4]).toArray();   // [−log 4, −Infinity]: high itself is outside
 */
export class Uniform extends Distribution {
  static override readonly params = { low: "real", high: "real" } as const;
  readonly support = "interval" as const;
  override readonly hasRsample = true;

  constructor(low: ArrayInput, high: ArrayInput, options: DistributionOptions = {}) {
    super({ low, high }, options);
    keepParamTensors(this, { low, high });
    if (this.validateArgs) {
      const lo = this.low, hi = this.high;
      for (let i = 0; i < lo.length; i++) {
        if (!(lo[i] < hi[i])) throw new RangeError(`Uniform: low must be < high, got low = ${describe(lo[i])}, high = ${describe(hi[i])} at batch index ${i}`);
      }
    }
  }

  get low(): Float64Array { return this.param("low"); }
  get high(): Float64Array { return this.param("high"); }

  // high − low, rounded like uniformRangeFillF32 computes it (in f32) for float32 draws
  #width(dtype: "float32" | "float64"): Float64Array {
    return this.low.map((l, i) => (dtype === "float32" ? Math.fround(Math.fround(this.high[i]) - Math.fround(l)) : this.high[i] - l));
  }

  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    const dtype = sampleDType(options);
    const u = standardDraw(key, this.drawShape(shape), dtype, "uniform");
    try {
      return locationScale(u, this.low, this.#width(dtype));
    } finally {
      u.dispose();
    }
  }

  /** value = low + (high − low)·u; ∂value/∂low = 1 − u, ∂value/∂high = u. */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized {
    const dtype = sampleDType(options);
    const u = standardDraw(key, this.drawShape(shape), dtype, "uniform");
    const value = locationScale(u, this.low, this.#width(dtype));
    const uv = u.view();
    const dLow = perElement(u, this.batchSize, (i) => 1 - uv[i]);
    return trackedRsample(this, { value, grads: { low: dLow, high: u } }, key, shape, options);
  }

  logProb(value: ArrayInput): Tensor {
    const logWidth = mapF64("logArrayF64", this.low.map((l, i) => this.high[i] - l));
    return trackedLogProb(this, value) ?? this.elementwise(value, "uniformLogProb", [this.low, this.high, logWidth]);
  }

  override cdf(value: ArrayInput): Tensor {
    return this.elementwise(value, "uniformCdf", [this.low, this.high]);
  }

  override icdf(q: ArrayInput): Tensor {
    this.assertLevels(q);
    return this.elementwise(q, "uniformIcdf", [this.low, this.high]);
  }

  /** log(high − low). */
  override entropy(): Tensor {
    return this.tensorOf(mapF64("logArrayF64", this.low.map((l, i) => this.high[i] - l)));
  }

  override get mean(): Tensor { return this.tensorOf(this.low.map((l, i) => (l + this.high[i]) / 2)); }
  /** NaN: every point of the support is a mode (as torch). */
  override get mode(): Tensor { return this.tensorOf(this.low.map(() => NaN)); }
  override get variance(): Tensor { return this.tensorOf(this.low.map((l, i) => ((this.high[i] - l) * (this.high[i] - l)) / 12)); }
}
