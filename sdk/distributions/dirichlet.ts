// Dirichlet(concentration α): p(x) = Γ(α₀) / Π Γ(α_j) · Π x_j^{α_j − 1} on the simplex, α₀ = Σ α_j.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertKey, type Key } from "../random/key.js";
import { describe } from "../errors.js";
import { type ArrayInput, derived, Distribution, type DistributionOptions, drawShape, elementwise, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { withF64 } from "../runtime/memory.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { broadcastShapes, expandTo, sameShape, shapeOf, sizeOf, toShaped } from "../array-input.js";
import { sampleDType } from "../random/draw-options.js";
import { SIMPLEX_TOLERANCE } from "../constraints.js";
import { registerKL } from "./kl.js";

/**
 * The Dirichlet distribution over the (K − 1)-simplex, K the last dimension of concentration, batched
 * over the leading ones. Samples normalise K gamma draws (in log space, so α_j ≪ 1 do not give 0/0).
 * rsample's grads hold ∂x_j/∂α_j; concentrationVjp gives the full backward pass (torch's _Dirichlet).
 * @param concentration α, shape [...batchShape, K], every entry > 0
 * @example
 * const d = new Dirichlet([1, 2, 3]);
 * d.sample(key(0), [5]).shape;    // [5, 3], rows sum to 1
 * d.mean.toArray();               // [1/6, 1/3, 1/2]
 */
export class Dirichlet extends Distribution {
  static override readonly params = { concentration: "positiveVector" } as const;
  readonly support = "simplex" as const;
  override readonly hasRsample = true;
  /** K, the number of components. */
  readonly numComponents: number;

  constructor(concentration: ArrayInput, options: DistributionOptions = {}) {
    const k = shapeOf(concentration, "Dirichlet: concentration").at(-1) ?? 0;
    if (k < 1) throw new RangeError("Dirichlet: concentration needs a last dimension of size ≥ 1");
    super({ concentration }, options, [k]);
    keepParamTensors(this, { concentration });
    this.numComponents = k;
  }

  get concentration(): Float64Array { return this.param("concentration"); }

  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    assertKey(key);
    const dtype = sampleDType(options);
    const out = new Tensor(drawShape(this, shape), dtype);
    if (out.size === 0) return out;
    const k = this.numComponents;
    const rows = out.size / k;
    withF64([this.concentration], ([a]) => {
      if (dtype === "float64") {
        core().dirichletFillF64(out.ptr, 0, rows, key.k0, key.k1, a, k, this.batchSize);
      } else {
        const scratch = allocBytes(8 * out.size);
        try { core().dirichletFillF32(out.ptr, 0, rows, key.k0, key.k1, a, k, this.batchSize, scratch); } finally { freeBytes(scratch); }
      }
    });
    return out;
  }

  /**
   * The same draw as sample; grads.concentration[…, j] = ∂x_j/∂α_j (implicit reparameterisation through
   * the marginal x_j ~ Beta(α_j, α₀ − α_j); the other components move as x_k ∝ 1 − x_j, so
   * ∂x_k/∂α_j = −x_k/(1 − x_j)·∂x_j/∂α_j). Use concentrationVjp for a whole backward pass.
   */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Reparameterized<"concentration"> {
    const value = this.sample(key, shape, options);
    const grad = this.#reparam(value, null);
    return trackedRsample(this, { value, grads: { concentration: grad } }, key, shape, options);
  }

  /**
   * Σ_k gradOutput_k·∂x_k/∂α_j per draw: g_j·(gradOutput_j − Σ_k x_k·gradOutput_k), g_j = (∂x_j/∂α_j)/(1 − x_j)
   * (torch's _Dirichlet_backward with exact g). value and gradOutput: shape [...sample, ...batch, K];
   * the result has the same shape (sum over sample dims yourself for a batch gradient).
   */
  concentrationVjp(value: Tensor, gradOutput: ArrayInput): Tensor {
    if (!(value instanceof Tensor)) throw new TypeError(`Dirichlet.concentrationVjp: value must be a Tensor (a draw), got ${describe(value)}`);
    value.assertLive("Dirichlet.concentrationVjp: value");
    // value.like() is the result: an int32 value would truncate the gradient to integers.
    if (value.dtype === "int32") throw new TypeError("Dirichlet.concentrationVjp: value must have dtype float32 or float64, got int32");
    const g = toShaped(gradOutput, "gradOutput");
    const target = broadcastShapes([g.shape, value.shape], "Dirichlet.concentrationVjp: gradOutput against value");
    if (!sameShape(target, value.shape)) {
      throw new RangeError(`Dirichlet.concentrationVjp: gradOutput of shape ${describe(g.shape)} does not broadcast to value's ${describe(value.shape)}`);
    }
    return this.#reparam(value, expandTo(g.data, g.shape, target));
  }

  #reparam(value: Tensor, gradOutput: Float64Array | null): Tensor {
    const k = this.numComponents;
    if (value.shape.at(-1) !== k || value.size % (k * this.batchSize) !== 0) {
      throw new RangeError(`Dirichlet: value of shape ${describe(value.shape)} is not a draw of [..., ${describe(this.batchShape)}, ${k}]`);
    }
    const rows = value.size / k;
    const x = Float64Array.from(value.view());
    const out = value.like();
    if (value.size === 0) return out;
    withF64([x, this.concentration, gradOutput ?? new Float64Array(1), new Float64Array(value.size)], ([px, pa, pg, po]) => {
      core().dirichletReparamGradF64(po, px, pa, pg, rows, k, this.batchSize, gradOutput === null ? 1 : 0);
      out.view().set(heapF64().subarray(po >>> 3, (po >>> 3) + value.size));
    });
    return out;
  }

  /**
   * Σ (α_j − 1) log x_j + log Γ(α₀) − Σ log Γ(α_j) on the simplex; −∞ off it: a component outside [0, 1]
   * (±∞ included) or a row sum farther than SIMPLEX_TOLERANCE = 1e-6 from 1 (the check parameters get).
   * A row holding a NaN gives NaN.
   * @example new Dirichlet([1, 2, 3]).logProb([0.5, 0.6, 0.1]).item();   // −Infinity: the row sums to 1.2
   */
  logProb(value: ArrayInput): Tensor {
    const tracked = trackedLogProb(this, value);
    if (tracked !== undefined) return tracked;
    const k = this.numComponents;
    const logNorm = derived(this, "logNorm", () => withF64([new Float64Array(this.batchSize), this.concentration], ([po, pa]) => {
      core().dirichletLogNormF64(po, pa, this.batchSize, k);
      return heapF64().slice(po >>> 3, (po >>> 3) + this.batchSize);
    }));
    return elementwise(this, value, "dirichletLogProb", [this.concentration, logNorm], [k, SIMPLEX_TOLERANCE]);
  }

  /** Σ log Γ(α_j) − log Γ(α₀) + (α₀ − K)ψ(α₀) − Σ (α_j − 1)ψ(α_j). Shape batchShape. */
  override entropy(): Tensor {
    const h = withF64([new Float64Array(this.batchSize), this.concentration], ([po, pa]) => {
      core().dirichletEntropyF64(po, pa, this.batchSize, this.numComponents);
      return heapF64().slice(po >>> 3, (po >>> 3) + this.batchSize);
    });
    return tensorOf(this, h);
  }

  #rowSums(): Float64Array {
    const k = this.numComponents;
    const a = this.concentration;
    const s = new Float64Array(this.batchSize);
    for (let r = 0; r < s.length; r++) for (let j = 0; j < k; j++) s[r] += a[r * k + j];
    return s;
  }

  override get mean(): Tensor {
    const k = this.numComponents;
    const s = this.#rowSums();
    return tensorOf(this, this.concentration.map((a, i) => a / s[Math.floor(i / k)]), [...this.batchShape, k]);
  }

  override get variance(): Tensor {
    const k = this.numComponents;
    const s = this.#rowSums();
    return tensorOf(this, this.concentration.map((a, i) => {
      const a0 = s[Math.floor(i / k)];
      return (a * (a0 - a)) / (a0 * a0 * (a0 + 1));
    }), [...this.batchShape, k]);
  }

  /**
   * (α_j − 1)₊ / Σ(α − 1)₊ (torch); when every α_j < 1, the one-hot vertex of the largest α_j (the first on
   * ties; torch takes vertex 0); NaN when every α_j ≤ 1 and one is 1 (0/0, as torch: e.g. the flat α = 1).
   */
  override get mode(): Tensor {
    const k = this.numComponents;
    const a = this.concentration;
    const m = new Float64Array(a.length);
    for (let r = 0; r < this.batchSize; r++) {
      let s = 0;
      let best = 0;
      for (let j = 0; j < k; j++) {
        s += Math.max(a[r * k + j] - 1, 0);
        if (a[r * k + j] > a[r * k + best]) best = j;
      }
      const vertex = a[r * k + best] < 1; // s = 0 and every α_j < 1
      for (let j = 0; j < k; j++) {
        m[r * k + j] = s > 0 ? Math.max(a[r * k + j] - 1, 0) / s : vertex ? (j === best ? 1 : 0) : NaN;
      }
    }
    return tensorOf(this, m, [...this.batchShape, k]);
  }
}

// KL(Dir(p) ‖ Dir(q)) = log Γ(p₀) − log Γ(q₀) − Σ (log Γ(p_j) − log Γ(q_j)) + Σ (p_j − q_j)(ψ(p_j) − ψ(p₀))
registerKL(Dirichlet, Dirichlet, (p, q) => {
  const k = p.numComponents;
  if (q.numComponents !== k) throw new RangeError(`KL(Dirichlet ‖ Dirichlet): p has ${k} components but q has ${q.numComponents}`);
  const shape = broadcastShapes([p.batchShape, q.batchShape], "KL(Dirichlet ‖ Dirichlet): batch shapes");
  const n = sizeOf(shape);
  const pa = expandTo(p.concentration, [...p.batchShape, k], [...shape, k]);
  const qa = expandTo(q.concentration, [...q.batchShape, k], [...shape, k]);
  const t = new Tensor(shape, "float64");
  withF64([new Float64Array(n), pa, qa], ([po, pp, pq]) => {
    core().dirichletKlF64(po, pp, pq, n, k);
    t.view().set(heapF64().subarray(po >>> 3, (po >>> 3) + n));
  });
  return t;
});
