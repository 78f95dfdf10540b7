// Uniform(low, high): p(x) = 1/(high − low) on [low, high).
import type { Tensor } from "../tensor.js";
import type { Key } from "../random/key.js";
import { type ArrayInput, assertLevels, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { locationScale, perElement, standardDraw } from "./draw.js";
import { sampleDType } from "../random/draw-options.js";
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
const SQRT12 = 3.4641016151377544; // √12, correctly rounded

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
        // high − low = ∞ made logProb −∞, cdf 0, icdf ∞ and KL NaN
        if (!Number.isFinite(hi[i] - lo[i])) {
          throw new RangeError(`Uniform: high − low must be a finite float64 (≤ 1.7976931348623157e308), got low = ${lo[i]}, high = ${hi[i]} at batch index ${i}`);
        }
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
    const u = standardDraw(key, drawShape(this, shape), dtype, "uniform");
    try {
      return locationScale(u, this.low, this.#width(dtype));
    } finally {
      u.dispose();
    }
  }

  /** value = low + (high − low)·u; ∂value/∂low = 1 − u, ∂value/∂high = u. */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized<"low" | "high"> {
    const dtype = sampleDType(options);
    const u = standardDraw(key, drawShape(this, shape), dtype, "uniform");
    const value = locationScale(u, this.low, this.#width(dtype));
    const uv = u.view();
    const dLow = perElement(u, this.batchSize, (i) => 1 - uv[i]);
    return trackedRsample(this, { value, grads: { low: dLow, high: u } }, key, shape, options);
  }

  logProb(value: ArrayInput): Tensor {
    const logWidth = mapF64("logArrayF64", this.low.map((l, i) => this.high[i] - l));
    return trackedLogProb(this, value) ?? elementwise(this, value, "uniformLogProb", [this.low, this.high, logWidth]);
  }

  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "uniformCdf", [this.low, this.high]);
  }

  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "uniformIcdf", [this.low, this.high]);
  }

  /** log(high − low). */
  override entropy(): Tensor {
    return tensorOf(this, mapF64("logArrayF64", this.low.map((l, i) => this.high[i] - l)));
  }

  override get mean(): Tensor { return tensorOf(this, this.low.map((l, i) => (l + this.high[i]) / 2)); }
  /** NaN: every point of the support is a mode (as torch). */
  override get mode(): Tensor { return tensorOf(this, this.low.map(() => NaN)); }
  override get variance(): Tensor { return tensorOf(this, this.low.map((l, i) => ((this.high[i] - l) * (this.high[i] - l)) / 12)); }
  /** (high − low)/√12 directly: √((high − low)²/12) overflowed for widths ≳ 1e154. */
  override get stddev(): Tensor { return tensorOf(this, this.low.map((l, i) => (this.high[i] - l) / SQRT12)); }
}
