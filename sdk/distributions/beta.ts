// Beta(concentration1 α, concentration0 β): p(x) = x^{α−1}(1 − x)^{β−1} / B(α, β), x in [0, 1].
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertKey, type Key } from "../random/key.js";
import { type ArrayInput, assertLevels, derived, Distribution, type DistributionOptions, drawShape, elementwise, mapF64, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { withF64 } from "../runtime/memory.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { sampleDType } from "../random/draw-options.js";
import { alignBatches, registerKL } from "./kl.js";

/**
 * The beta distribution (torch's argument names: concentration1 = α, concentration0 = β). Samples are
 * G_α/(G_α + G_β) from two Marsaglia–Tsang gamma draws, normalised in log space so α, β ≪ 1 still work;
 * rsample gives implicit reparameterisation gradients from ∂I_x(α, β)/∂α, ∂/∂β.
 * @param concentration1 α > 0
 * @param concentration0 β > 0
 * @example
 * const b = new Beta(2, 5);
 * b.mean.item();                      // 2/7
 * b.cdf(0.5).item();                  // I_0.5(2, 5) = 0.890625
 * b.icdf(0.890625).item();            // 0.5 (to an ulp)
 * b.logProb(1.5).item();              // −Infinity: outside [0, 1]
 */
export class Beta extends Distribution {
  static override readonly params = { concentration1: "positive", concentration0: "positive" } as const;
  readonly support = "unitInterval" as const;
  override readonly hasRsample = true;

  constructor(concentration1: ArrayInput, concentration0: ArrayInput, options: DistributionOptions = {}) {
    super({ concentration1, concentration0 }, options);
    keepParamTensors(this, { concentration1, concentration0 });
  }

  get concentration1(): Float64Array { return this.param("concentration1"); }
  get concentration0(): Float64Array { return this.param("concentration0"); }

  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    assertKey(key);
    const dtype = sampleDType(options);
    const out = new Tensor(drawShape(this, shape), dtype);
    if (out.size === 0) return out;
    withF64([this.concentration1, this.concentration0], ([a, b]) => {
      core()[dtype === "float32" ? "betaFillF32" : "betaFillF64"](out.ptr, 0, out.size, key.k0, key.k1, a, b, this.batchSize);
    });
    return out;
  }

  /** The same draw as sample, with ∂x/∂α and ∂x/∂β = −(∂I_x/∂θ)/p(x) (implicit reparameterisation). */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized<"concentration1" | "concentration0"> {
    const value = this.sample(key, shape, options);
    const dA = value.like();
    const dB = value.like();
    if (value.size > 0) {
      withF64([this.concentration1, this.concentration0], ([a, b]) => {
        core()[value.dtype === "float32" ? "betaReparamGradF32" : "betaReparamGradF64"](dA.ptr, dB.ptr, value.ptr, a, b, value.size, this.batchSize);
      });
    }
    return trackedRsample(this, { value, grads: { concentration1: dA, concentration0: dB } }, key, shape, options);
  }

  /** (α − 1) log x + (β − 1) log(1 − x) − log B(α, β); −∞ outside [0, 1]. */
  logProb(value: ArrayInput): Tensor {
    const logNorm = derived(this, "logNorm", () => mapF64("betaLogNormF64", this.concentration1, this.concentration0));
    return trackedLogProb(this, value) ?? elementwise(this, value, "betaLogProb", [this.concentration1, this.concentration0, logNorm]);
  }

  /** The regularised incomplete beta I_x(α, β). */
  override cdf(value: ArrayInput): Tensor {
    return elementwise(this, value, "betaCdf", [this.concentration1, this.concentration0]);
  }

  /**
   * The quantile I⁻¹(α, β; q) (Newton on logit x from Numerical Recipes' start, in WASM): 0 at q = 0, 1 at
   * q = 1; above q = ½ it solves 1 − I_x(α, β) = 1 − q, so the upper tail keeps its digits.
   */
  override icdf(q: ArrayInput): Tensor {
    assertLevels(this, q);
    return elementwise(this, q, "betaIcdf", [this.concentration1, this.concentration0]);
  }

  /** log B(α, β) − (α − 1)ψ(α) − (β − 1)ψ(β) + (α + β − 2)ψ(α + β). */
  override entropy(): Tensor {
    return tensorOf(this, mapF64("betaEntropyF64", this.concentration1, this.concentration0));
  }

  override get mean(): Tensor { return tensorOf(this, this.concentration1.map((a, i) => a / (a + this.concentration0[i]))); }
  override get variance(): Tensor {
    return tensorOf(this, this.concentration1.map((a, i) => {
      const b = this.concentration0[i];
      const s = a + b;
      return (a * b) / (s * s * (s + 1));
    }));
  }
  /**
   * (α − 1)/(α + β − 2) when α, β > 1; else the end where the density peaks: 1 when β ≤ 1 < α, 0 when
   * α ≤ 1 < β, and, when α, β < 1 (infinite at both ends), the end of the larger concentration (1 on a tie).
   * NaN when one is 1 and the other ≤ 1 (flat or no maximum). This is Dirichlet([α, β]).mode[0], as torch,
   * whose tie-break for α, β < 1 always gives 1.
   */
  override get mode(): Tensor {
    return tensorOf(this, this.concentration1.map((a, i) => {
      const b = this.concentration0[i];
      if (a > 1 && b > 1) return (a - 1) / (a + b - 2);
      if (a > 1 || b > 1) return a > 1 ? 1 : 0;
      return a < 1 && b < 1 ? (a >= b ? 1 : 0) : NaN;
    }));
  }
}

// KL(Beta(ap, bp) ‖ Beta(aq, bq)) = log B(aq, bq) − log B(ap, bp) + (ap − aq)ψ(ap) + (bp − bq)ψ(bp) + (aq − ap + bq − bp)ψ(ap + bp)
registerKL(Beta, Beta, (p, q) => {
  const { shape, p: [ap, bp], q: [aq, bq] } = alignBatches(p, q, [p.concentration1, p.concentration0], [q.concentration1, q.concentration0]);
  const t = new Tensor(shape, "float64");
  t.view().set(mapF64("betaKlF64", ap, bp, aq, bq));
  return t;
});
