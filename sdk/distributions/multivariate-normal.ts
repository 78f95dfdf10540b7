// MultivariateNormal(loc μ, Σ = L·Lᵀ): p(x) = exp(−½‖L⁻¹(x − μ)‖²) / ((2π)^{d/2} Π L_ii).
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { describe, ownOptions } from "../errors.js";
import type { Key } from "../random/key.js";
import { type ArrayInput, derived, Distribution, type DistributionOptions, drawShape, elementwise, type Reparameterized, type SampleOptions, tensorOf } from "./distribution.js";
import { withF64 } from "../runtime/memory.js";
import { keepParamTensors, trackedLogProb, trackedRsample } from "./differentiable.js";
import { broadcastShapes, endsWith, expandTo, sameShape, shapeOf, sizeOf, toShaped } from "../array-input.js";
import { standardDraw } from "./draw.js";
import { sampleDType } from "../random/draw-options.js";
import { registerKL } from "./kl.js";

/** Exactly one of the three ways to give the covariance. */
export interface MultivariateNormalScale {
  /** Σ, shape [..., d, d], symmetric positive definite. */
  covarianceMatrix?: ArrayInput;
  /** Σ⁻¹, shape [..., d, d], symmetric positive definite. */
  precisionMatrix?: ArrayInput;
  /** L with Σ = L·Lᵀ, shape [..., d, d], lower triangular with a positive diagonal. */
  scaleTril?: ArrayInput;
}

/** A reparameterised MVN draw: also the standard normals z with x = μ + L·z, so ∂x_i/∂L_ij = z_j. */
export interface MultivariateNormalDraw extends Reparameterized {
  /** z, the same shape and dtype as value. */
  noise: Tensor;
}

/**
 * The multivariate normal N(μ, Σ), batched over the broadcast leading dimensions of loc and the matrix.
 * Σ is factored once (Cholesky in float64); a matrix that is not positive definite is a RangeError
 * naming the argument and the leading minor that failed. Samples are x = μ + L·z, z from normalFill.
 * @param loc μ, shape [..., d]
 * @param scale one of covarianceMatrix, precisionMatrix, scaleTril
 * @example
 * const m = new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.8], [0.8, 1]] });
 * m.sample(key(0), [500]).shape;     // [500, 2]
 * new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 2], [2, 1]] });
 * // RangeError: MultivariateNormal: covarianceMatrix is not positive definite (leading minor of order 2 …)
 */
export class MultivariateNormal extends Distribution {
  static override readonly params = {
    loc: "realVector", covarianceMatrix: "positiveDefinite", precisionMatrix: "positiveDefinite", scaleTril: "lowerCholesky",
  } as const;
  readonly support = "realVector" as const;
  override readonly hasRsample = true;
  /** d, the event size. */
  readonly dim: number;
  readonly #scaleTril: Float64Array;
  /** The argument Σ was given by (rsampleVjp returns its gradient). */
  readonly #scaleArg: keyof MultivariateNormalScale;

  constructor(loc: ArrayInput, scale: MultivariateNormalScale, options: DistributionOptions = {}) {
    const given = Object.entries(ownOptions(scale, "MultivariateNormal", "scale")).filter(([, v]) => v !== undefined);
    if (given.length !== 1) {
      throw new TypeError(`MultivariateNormal: give exactly one of covarianceMatrix, precisionMatrix and scaleTril, got ${given.length === 0 ? "none" : given.map(([n]) => n).join(" and ")}`);
    }
    const [name, matrix] = given[0] as [keyof MultivariateNormalScale, ArrayInput];
    if ((name as string) === "loc" || !Object.hasOwn(MultivariateNormal.params, name)) throw new TypeError(`MultivariateNormal: unknown scale argument ${describe(name)}`);
    const d = shapeOf(loc, "MultivariateNormal: loc").at(-1) ?? 0;
    const ms = shapeOf(matrix, `MultivariateNormal: ${name}`);
    if (d < 1) throw new RangeError("MultivariateNormal: loc needs a last dimension of size ≥ 1");
    if (ms.length < 2 || ms.at(-1) !== d || ms.at(-2) !== d) {
      throw new RangeError(`MultivariateNormal: ${name} must have shape [..., ${d}, ${d}] to match loc of shape ${describe(shapeOf(loc))}, got ${describe(ms)}`);
    }
    super({ loc, [name]: matrix }, options, [d]);
    keepParamTensors(this, { loc, [name]: matrix });
    this.dim = d;
    this.#scaleArg = name;
    this.#scaleTril = this.#factor(name, this.param(name));
  }

  // L for every batch element, from the given argument.
  #factor(name: keyof MultivariateNormalScale, m: Float64Array): Float64Array {
    if (name === "scaleTril") return m;
    const d = this.dim;
    const dd = d * d;
    const b = this.batchSize;
    const fail = (order: number, r: number, what: string) => new RangeError(
      `MultivariateNormal: ${what} is not positive definite (leading minor of order ${order} has a pivot ≤ 0` +
      `${b > 1 ? ` in batch element ${r}` : ""}); it must be symmetric positive definite`);
    const identity = new Float64Array(dd);
    for (let i = 0; i < d; i++) identity[i * d + i] = 1;
    return withF64([m, new Float64Array(b * dd), new Float64Array(dd), identity], ([pm, pl, tmp, eye]) => {
      const c = core();
      for (let r = 0; r < b; r++) {
        const src = pm + 8 * r * dd;
        const dst = pl + 8 * r * dd;
        if (name === "covarianceMatrix") {
          const bad = c.choleskyF64(dst, src, d);
          if (bad !== 0) throw fail(bad, r, name);
        } else {
          // Σ = P⁻¹ by a Cholesky solve against I, then L = chol(Σ)
          let bad = c.choleskyF64(tmp, src, d);
          if (bad !== 0) throw fail(bad, r, name);
          c.choleskySolveF64(dst, tmp, eye, d, d);
          bad = c.choleskyF64(dst, dst, d);
          if (bad !== 0) throw fail(bad, r, `the inverse of ${name} (ill-conditioned)`);
        }
      }
      return heapF64().slice(pl >>> 3, (pl >>> 3) + b * dd);
    });
  }

  get loc(): Float64Array { return this.param("loc"); }
  /** L, float64 of [...batchShape, d, d]. Do not modify. */
  get scaleTril(): Float64Array { return this.#scaleTril; }

  /** Σ = L·Lᵀ as a tensor [...batchShape, d, d] (float64). */
  get covarianceMatrix(): Tensor {
    const d = this.dim;
    const n = this.batchSize * d * d;
    return tensorOf(this, withF64([new Float64Array(n), this.#scaleTril], ([po, pl]) => {
      core().lowerGramF64(po, pl, this.batchSize, d);
      return heapF64().slice(po >>> 3, (po >>> 3) + n);
    }), [...this.batchShape, d, d]);
  }

  sample(key: Key, shape: readonly number[] = [], options?: SampleOptions): Tensor {
    const z = standardDraw(key, drawShape(this, shape), sampleDType(options), "normal");
    try {
      return this.#affine(z);
    } finally {
      z.dispose();
    }
  }

  /** value = μ + L·z; grads.loc = 1 (∂x_i/∂μ_i); noise = z (∂x_i/∂L_ij = z_j). */
  override rsample(key: Key, shape: readonly number[] = [], options?: SampleOptions): MultivariateNormalDraw {
    const z = standardDraw(key, drawShape(this, shape), sampleDType(options), "normal");
    const value = this.#affine(z);
    const ones = z.like();
    ones.view().fill(1);
    return trackedRsample(this, { value, grads: { loc: ones }, noise: z }, key, shape, options);
  }

  /**
   * The backward pass of rsample: for a loss ℓ of a draw x = μ + L·z, the gradients ∂ℓ/∂θ from z (`noise`,
   * rsample's) and gradOutput = ∂ℓ/∂x (broadcast to noise's shape [...sample, ...batchShape, d]), summed
   * over the sample dimensions, float64, as torch's autograd through MultivariateNormal.rsample gives them:
   * `loc` [...batchShape, d] = Σ ḡ; `scaleTril` [...batchShape, d, d] = tril(Σ ḡ·zᵀ) (zero above the
   * diagonal); and for the argument the distribution was built from, `covarianceMatrix` (Σ̄ by the Cholesky
   * backward pass, Murray 2016; symmetric) or `precisionMatrix` (P̄ = −Σ·Σ̄·Σ). Parameters given with a
   * smaller batch shape than batchShape get gradients of the broadcast shape: sum them over the broadcast dims.
   * @example
   * const m = new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.8], [0.8, 1]] });
   * const { value, noise } = m.rsample(key(0), [1000]);
   * const g = m.rsampleVjp(noise, value);   // ℓ = ½‖x‖²: ∂ℓ/∂x = x
   * g.covarianceMatrix.toArray();          // ≈ 1000·½·I (E[½‖x‖²] = ½ tr Σ)
   */
  rsampleVjp(noise: Tensor, gradOutput: ArrayInput): Record<string, Tensor> {
    const who = "MultivariateNormal.rsampleVjp";
    if (!(noise instanceof Tensor)) throw new TypeError(`${who}: noise must be the Tensor z of rsample, got ${describe(noise)}`);
    noise.assertLive(`${who}: noise`);
    if (noise.dtype === "int32") throw new TypeError(`${who}: noise must have dtype float32 or float64, got int32`);
    const d = this.dim;
    const b = this.batchSize;
    const event = [...this.batchShape, d];
    if (noise.shape.length < event.length || !endsWith(noise.shape, event)) {
      throw new RangeError(`${who}: noise of shape ${describe(noise.shape)} is not a draw of [..., ${event.join(", ")}]`);
    }
    if (gradOutput instanceof Tensor) gradOutput.assertLive(`${who}: gradOutput`);
    const gShape = gradOutput instanceof Tensor ? gradOutput.shape : shapeOf(gradOutput, `${who}: gradOutput`);
    const target = broadcastShapes([gShape, noise.shape], `${who}: gradOutput against noise`);
    if (!sameShape(target, noise.shape)) {
      throw new RangeError(`${who}: gradOutput of shape ${describe(gShape)} does not broadcast to noise's ${describe(noise.shape)}`);
    }
    const dd = d * d;
    const rows = noise.size / d;
    // ∂ℓ/∂x in noise's dtype and shape, so the kernel reads both in place (a matching Tensor is not copied)
    let grad = gradOutput instanceof Tensor && gradOutput.dtype === noise.dtype && sameShape(gShape, noise.shape) ? gradOutput : null;
    const ownGrad = grad === null;
    if (grad === null) {
      const g = toShaped(gradOutput, `${who}: gradOutput`);
      grad = noise.like();
      grad.view().set(expandTo(g.data, g.shape, target));
    }
    let grads: { loc: Float64Array; scaleTril: Float64Array; arg: Float64Array };
    try {
      const gp = grad.ptr, zp = noise.ptr;
      grads = withF64([new Float64Array(b * d), new Float64Array(b * dd), new Float64Array(b * dd), this.#scaleTril, new Float64Array(3 * dd)],
        ([pLoc, pTril, pArg, pL, scratch]) => {
          const c = core();
          c[noise.dtype === "float32" ? "mvnAffineBackwardF32" : "mvnAffineBackwardF64"](pLoc, pTril, gp, zp, rows, d, b);
          if (this.#scaleArg !== "scaleTril") {
            for (let r = 0; r < b; r++) {
              const at = (p: number) => p + 8 * r * dd;
              // Σ̄ from L̄ (L's diagonal is > 0, so the triangular solves cannot fail)
              c.choleskyBackwardF64(at(pArg), at(pL), at(pTril), d, scratch);
              if (this.#scaleArg === "precisionMatrix") {
                // P̄ = −Σ·Σ̄·Σ (Σ = P⁻¹): scratch holds [Σ̄, Σ = L·Lᵀ, the product's scratch]
                const sigma = scratch + 8 * dd;
                heapF64().copyWithin(scratch >>> 3, at(pArg) >>> 3, (at(pArg) >>> 3) + dd);
                c.lowerGramF64(sigma, at(pL), 1, d);
                c.inverseBackwardF64(at(pArg), sigma, scratch, d, scratch + 16 * dd);
              }
            }
          }
          const read = (p: number, n: number) => heapF64().slice(p >>> 3, (p >>> 3) + n);
          return { loc: read(pLoc, b * d), scaleTril: read(pTril, b * dd), arg: read(pArg, b * dd) };
        });
    } finally {
      if (ownGrad) grad.dispose();
    }
    const out: Record<string, Tensor> = {};
    try {
      out.loc = tensorOf(this, grads.loc, event);
      out.scaleTril = tensorOf(this, grads.scaleTril, [...this.batchShape, d, d]);
      if (this.#scaleArg !== "scaleTril") out[this.#scaleArg] = tensorOf(this, grads.arg, [...this.batchShape, d, d]);
    } catch (err) {
      for (const t of Object.values(out)) t.dispose();
      throw err;
    }
    return out;
  }

  #affine(z: Tensor): Tensor {
    const out = z.like();
    if (out.size === 0) return out;
    const d = this.dim;
    withF64([this.loc, this.#scaleTril], ([pl, pt]) => {
      core()[z.dtype === "float32" ? "mvnAffineF32" : "mvnAffineF64"](out.ptr, z.ptr, pl, pt, out.size / d, d, this.batchSize, this.batchSize);
    });
    return out;
  }

  /**
   * −½‖L⁻¹(x − μ)‖² − Σ log L_ii − (d/2) log 2π; shape [...value's batch]. −∞ for a row with an infinite
   * component, NaN for a row with a NaN. L⁻¹ and the constant are computed once per distribution (the first
   * call), so a row costs d(d+1)/2 multiply-adds; see docs/distributions-sampling.md.
   */
  logProb(value: ArrayInput): Tensor {
    const tracked = trackedLogProb(this, value);
    if (tracked !== undefined) return tracked;
    const d = this.dim;
    const b = this.batchSize;
    const p = (d * (d + 1)) / 2;
    // [c per batch element (b), then L⁻¹ packed by rows (b × d(d+1)/2)]
    const k = derived(this, "logProbConstants", () => withF64([new Float64Array(b * (1 + p)), this.#scaleTril], ([pk, pl]) => {
      core().mvnLogProbConstantsF64(pk, pk + 8 * b, pl, b, d);
      return heapF64().slice(pk >>> 3, (pk >>> 3) + b * (1 + p));
    }));
    // up to four rows at a time in two f64x2: 4d f64 of scratch (allocations are 16-byte aligned)
    const scratch = allocBytes(32 * d);
    try {
      return elementwise(this, value, "mvnLogProb", [this.loc, k.subarray(b), k.subarray(0, b)], [d, scratch]);
    } finally {
      freeBytes(scratch);
    }
  }

  /** (d/2)(1 + log 2π) + Σ log L_ii. */
  override entropy(): Tensor {
    const b = this.batchSize;
    return tensorOf(this, withF64([new Float64Array(b), this.#scaleTril], ([po, pl]) => {
      core().mvnEntropyF64(po, pl, b, this.dim);
      return heapF64().slice(po >>> 3, (po >>> 3) + b);
    }));
  }

  override get mean(): Tensor { return tensorOf(this, this.loc, [...this.batchShape, this.dim]); }
  override get mode(): Tensor { return tensorOf(this, this.loc, [...this.batchShape, this.dim]); }
  /** diag Σ = Σ_j L_ij², summed j = 0 … i. */
  override get variance(): Tensor {
    const d = this.dim;
    const l = this.#scaleTril;
    const v = new Float64Array(this.batchSize * d);
    for (let r = 0; r < this.batchSize; r++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += l[r * d * d + i * d + j] ** 2;
        v[r * d + i] = s;
      }
    }
    return tensorOf(this, v, [...this.batchShape, d]);
  }
}

// KL(p ‖ q) = Σ log Lq_ii − Σ log Lp_ii + ½(‖Lq⁻¹Lp‖²_F + ‖Lq⁻¹(μq − μp)‖² − d)
registerKL(MultivariateNormal, MultivariateNormal, (p, q) => {
  const d = p.dim;
  if (q.dim !== d) throw new RangeError(`KL(MultivariateNormal ‖ MultivariateNormal): p has dimension ${d} but q has ${q.dim}`);
  const shape = broadcastShapes([p.batchShape, q.batchShape], "KL(MultivariateNormal ‖ MultivariateNormal): batch shapes");
  const n = sizeOf(shape);
  const lp = expandTo(p.loc, [...p.batchShape, d], [...shape, d]);
  const lq = expandTo(q.loc, [...q.batchShape, d], [...shape, d]);
  const tp = expandTo(p.scaleTril, [...p.batchShape, d, d], [...shape, d, d]);
  const tq = expandTo(q.scaleTril, [...q.batchShape, d, d], [...shape, d, d]);
  const t = new Tensor(shape, "float64");
  withF64([new Float64Array(n), lp, tp, lq, tq, new Float64Array(d)], ([po, a, b, c, e, s]) => {
    core().mvnKlF64(po, a, b, c, e, n, d, s);
    t.view().set(heapF64().subarray(po >>> 3, (po >>> 3) + n));
  });
  return t;
});
