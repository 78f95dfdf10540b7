// Normalization layers as torch 1.13: BatchNorm1d/2d, a time-wise batch norm for [T, N, C] sequences,
// LayerNorm, InstanceNorm1d. y = (x − μ)/√(σ² + ε)·γ + β with the biased σ² of the batch (training) or the
// running statistics (eval); the running variance is updated with the unbiased σ²·n/(n − 1), as torch.
import { Tensor, full } from "../tensor.js";
import { assertOptions, describe } from "../errors.js";
import { add, div, mul, sqrt, square, sub } from "../ops/elementwise.js";
import { mean } from "../ops/reduce.js";
import { narrow, reshape } from "../ops/shape.js";
import { composite } from "../ops/composite.js";
import { Module, type ForwardOptions, type Params } from "./module.js";
import { assertInput, assertSize, layerDType, type LayerOptions } from "./layers.js";

/** Options of the batch norms (torch's defaults). */
export interface BatchNormOptions extends Omit<LayerOptions, "key"> {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null: a cumulative average. */
  momentum?: number | null;
  /** Learnable weight γ (ones) and bias β (zeros), default true. */
  affine?: boolean;
  /** Keep running statistics for eval (default true); false: batch statistics always. */
  trackRunningStats?: boolean;
}

function readEps(eps: unknown, fn: string): number {
  if (typeof eps !== "number" || !(eps >= 0) || !Number.isFinite(eps)) throw new RangeError(`${fn}: eps must be a finite number ≥ 0, got ${describe(eps)}`);
  return eps;
}

function readBool(v: unknown, name: string, fn: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${fn}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

// (x − μ)/√(σ² + ε) from the centred x and the biased σ².
function normalize(xc: Tensor, v: Tensor, eps: number): Tensor {
  return div(xc, sqrt(add(v, eps)));
}

// running ← (1 − m)·running + m·value, elementwise in JS (+, −, × are IEEE: the same bits everywhere).
function blend(running: { view(): ArrayLike<number> & { [i: number]: number } }, value: Tensor, m: number, scale = 1): void {
  const v = value.toArray(), r = running.view();
  for (let i = 0; i < r.length; i++) r[i] = (1 - m) * r[i] + m * (v[i] * scale);
}

/**
 * Batch normalization over every axis but the channel axis 1 (Ioffe & Szegedy 2015), as torch.nn.BatchNorm1d /
 * BatchNorm2d. Parameters weight, bias [C]; buffers running_mean, running_var [C], num_batches_tracked (int32).
 */
abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  protected abstract readonly ranks: readonly number[];

  constructor(numFeatures: number, options: BatchNormOptions, fn: string) {
    super();
    assertOptions(options, fn);
    assertSize(numFeatures, "numFeatures", fn);
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true } = options;
    if (momentum !== null && (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1))) {
      throw new RangeError(`${fn}: momentum must be a number in [0, 1] or null, got ${describe(momentum)}`);
    }
    this.numFeatures = numFeatures;
    this.eps = readEps(eps, fn);
    this.momentum = momentum;
    this.affine = readBool(affine, "affine", fn);
    this.trackRunningStats = readBool(trackRunningStats, "trackRunningStats", fn);
    const dtype = layerDType(options, fn);
    if (this.affine) {
      this.registerParameter("weight", full([numFeatures], 1, dtype));
      this.registerParameter("bias", full([numFeatures], 0, dtype));
    }
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", full([numFeatures], 0, dtype));
      this.registerBuffer("running_var", full([numFeatures], 1, dtype));
      this.registerBuffer("num_batches_tracked", full([], 0, "int32"));
    }
  }

  call(params: Params, x: Tensor, _options?: ForwardOptions): Tensor {
    const fn = this.constructor.name;
    assertInput(x, fn);
    if (!this.ranks.includes(x.shape.length) || x.shape[1] !== this.numFeatures) {
      throw new RangeError(`${fn}: x must have rank ${this.ranks.join(" or ")} with ${this.numFeatures} channels on axis 1, got shape ${describe(x.shape)}`);
    }
    const C = this.numFeatures, N = x.shape[0];
    const S = x.size / Math.max(1, N * C);
    const batchStats = this.training || !this.trackRunningStats;
    if (batchStats && N * S <= 1) throw new RangeError(`${fn}: training needs more than 1 value per channel, got input shape ${describe(x.shape)}`);
    const w = this.affine ? this.param(params, "weight") : null;
    const b = this.affine ? this.param(params, "bias") : null;
    return composite(() => {
      const x3 = reshape(x, [N, C, S]);
      let y: Tensor;
      if (batchStats) {
        const mu = mean(mean(x3, { dim: 2, keepdim: true }), { dim: 0, keepdim: true });
        const xc = sub(x3, mu);
        const v = mean(mean(square(xc), { dim: 2, keepdim: true }), { dim: 0, keepdim: true });
        y = normalize(xc, v, this.eps);
        if (this.training && this.trackRunningStats) this.#update(mu, v, N * S);
      } else {
        const rm = reshape(this.buffer("running_mean"), [1, C, 1]), rv = reshape(this.buffer("running_var"), [1, C, 1]);
        y = normalize(sub(x3, rm), rv, this.eps);
      }
      if (w !== null && b !== null) y = add(mul(y, reshape(w, [1, C, 1])), reshape(b, [1, C, 1]));
      return reshape(y, x.shape);
    });
  }

  #update(mu: Tensor, v: Tensor, n: number): void {
    const count = this.buffer("num_batches_tracked");
    count.view()[0] += 1;
    const m = this.momentum ?? 1 / count.view()[0];
    blend(this.buffer("running_mean"), mu, m);
    blend(this.buffer("running_var"), v, m, n / (n - 1));
  }

  protected describeSelf(): string {
    return `${this.constructor.name}(${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats})`;
  }
}

/** torch.nn.BatchNorm1d: x [N, C] or [N, C, L]. @example new BatchNorm1d(128).forward(x); */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3];
  constructor(numFeatures: number, options: BatchNormOptions = {}) { super(numFeatures, options, "BatchNorm1d"); }
}

/** torch.nn.BatchNorm2d: x [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4];
  constructor(numFeatures: number, options: BatchNormOptions = {}) { super(numFeatures, options, "BatchNorm2d"); }
}

/**
 * Batch norm for sequences x [T, N, C] with separate statistics per time step (Cooijmans et al. 2016,
 * "Recurrent Batch Normalization"; seed 002): μ[t, c], σ²[t, c] over the batch axis; weight, bias [C] shared
 * across time; buffers running_mean, running_var [timeSteps, C], each row updated as BatchNorm1d's.
 * Inputs may be shorter than timeSteps (the first T rows are used).
 */
export class TimewiseBatchNorm extends Module {
  readonly numFeatures: number;
  readonly timeSteps: number;
  readonly eps: number;
  readonly momentum: number;
  constructor(numFeatures: number, timeSteps: number, options: Omit<BatchNormOptions, "affine" | "trackRunningStats" | "momentum"> & { momentum?: number } = {}) {
    super();
    const fn = "TimewiseBatchNorm";
    assertOptions(options, fn);
    assertSize(numFeatures, "numFeatures", fn);
    assertSize(timeSteps, "timeSteps", fn);
    const { eps = 1e-5, momentum = 0.1 } = options;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) throw new RangeError(`${fn}: momentum must be a number in [0, 1], got ${describe(momentum)}`);
    this.numFeatures = numFeatures;
    this.timeSteps = timeSteps;
    this.eps = readEps(eps, fn);
    this.momentum = momentum;
    const dtype = layerDType(options, fn);
    this.registerParameter("weight", full([numFeatures], 1, dtype));
    this.registerParameter("bias", full([numFeatures], 0, dtype));
    this.registerBuffer("running_mean", full([timeSteps, numFeatures], 0, dtype));
    this.registerBuffer("running_var", full([timeSteps, numFeatures], 1, dtype));
  }

  call(params: Params, x: Tensor, _options?: ForwardOptions): Tensor {
    const fn = "TimewiseBatchNorm";
    assertInput(x, fn);
    const [T, N, C] = x.shape;
    if (x.shape.length !== 3 || C !== this.numFeatures || T > this.timeSteps || T < 1) {
      throw new RangeError(`${fn}: x must have shape [T ≤ ${this.timeSteps}, N, ${this.numFeatures}], got ${describe(x.shape)}`);
    }
    if (this.training && N <= 1) throw new RangeError(`${fn}: training needs a batch of more than 1, got shape ${describe(x.shape)}`);
    const w = this.param(params, "weight"), b = this.param(params, "bias");
    return composite(() => {
      let y: Tensor;
      if (this.training) {
        const mu = mean(x, { dim: 1, keepdim: true });
        const xc = sub(x, mu);
        const v = mean(square(xc), { dim: 1, keepdim: true });
        y = normalize(xc, v, this.eps);
        // rows 0…T−1 of the running statistics, written through views
        const rm = narrowRows(this.buffer("running_mean"), T), rv = narrowRows(this.buffer("running_var"), T);
        blend(rm, mu, this.momentum);
        blend(rv, v, this.momentum, N / (N - 1));
      } else {
        const rm = reshape(narrow(this.buffer("running_mean"), 0, 0, T), [T, 1, C]);
        const rv = reshape(narrow(this.buffer("running_var"), 0, 0, T), [T, 1, C]);
        y = normalize(sub(x, rm), rv, this.eps);
      }
      return add(mul(y, w), b);
    });
  }

  protected describeSelf(): string { return `TimewiseBatchNorm(${this.numFeatures}, timeSteps=${this.timeSteps}, eps=${this.eps}, momentum=${this.momentum})`; }
}

// The first T rows of a [timeSteps, C] buffer as a writable window (rows are contiguous).
function narrowRows(t: Tensor, T: number): { view(): Float32Array | Float64Array } {
  const C = t.shape[1];
  return { view: () => (t.view() as Float32Array | Float64Array).subarray(0, T * C) };
}

/**
 * Layer normalization (Ba et al. 2016) over the trailing dims normalizedShape, as torch.nn.LayerNorm:
 * weight (ones) and bias (zeros) of shape normalizedShape when elementwiseAffine (default true).
 * @example new LayerNorm([512]).forward(x);   // x [..., 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  constructor(normalizedShape: number | readonly number[], options: Omit<LayerOptions, "key"> & { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    const fn = "LayerNorm";
    assertOptions(options, fn);
    const ns = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(ns) || ns.length === 0) throw new TypeError(`${fn}: normalizedShape must be a size or a non-empty array of sizes, got ${describe(normalizedShape)}`);
    ns.forEach((d, i) => assertSize(d, `normalizedShape[${i}]`, fn));
    this.normalizedShape = Object.freeze([...ns]);
    this.eps = readEps(options.eps ?? 1e-5, fn);
    this.elementwiseAffine = readBool(options.elementwiseAffine ?? true, "elementwiseAffine", fn);
    const dtype = layerDType(options, fn);
    if (this.elementwiseAffine) {
      this.registerParameter("weight", full(ns, 1, dtype));
      this.registerParameter("bias", full(ns, 0, dtype));
    }
  }

  call(params: Params, x: Tensor, _options?: ForwardOptions): Tensor {
    const fn = "LayerNorm";
    assertInput(x, fn);
    const k = this.normalizedShape.length;
    if (x.shape.length < k || this.normalizedShape.some((d, i) => x.shape[x.shape.length - k + i] !== d)) {
      throw new RangeError(`${fn}: x must have shape [..., ${this.normalizedShape.join(", ")}], got ${describe(x.shape)}`);
    }
    const D = this.normalizedShape.reduce((p, d) => p * d, 1);
    const w = this.elementwiseAffine ? this.param(params, "weight") : null;
    const b = this.elementwiseAffine ? this.param(params, "bias") : null;
    return composite(() => {
      const x2 = reshape(x, [-1, D]);
      const xc = sub(x2, mean(x2, { dim: 1, keepdim: true }));
      let y = reshape(normalize(xc, mean(square(xc), { dim: 1, keepdim: true }), this.eps), x.shape);
      if (w !== null && b !== null) y = add(mul(y, w), b);
      return y;
    });
  }

  protected describeSelf(): string { return `LayerNorm([${this.normalizedShape.join(", ")}], eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine})`; }
}

/**
 * Instance normalization (Ulyanov et al. 2016) as torch.nn.InstanceNorm1d with its defaults (no running
 * statistics): x [N, C, L] (or [C, L]), statistics per (n, c) over L; weight, bias [C] when affine (default false).
 */
export class InstanceNorm1d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly affine: boolean;
  constructor(numFeatures: number, options: Omit<LayerOptions, "key"> & { eps?: number; affine?: boolean } = {}) {
    super();
    const fn = "InstanceNorm1d";
    assertOptions(options, fn);
    assertSize(numFeatures, "numFeatures", fn);
    this.numFeatures = numFeatures;
    this.eps = readEps(options.eps ?? 1e-5, fn);
    this.affine = readBool(options.affine ?? false, "affine", fn);
    const dtype = layerDType(options, fn);
    if (this.affine) {
      this.registerParameter("weight", full([numFeatures], 1, dtype));
      this.registerParameter("bias", full([numFeatures], 0, dtype));
    }
  }

  call(params: Params, x: Tensor, _options?: ForwardOptions): Tensor {
    const fn = "InstanceNorm1d";
    assertInput(x, fn);
    const r = x.shape.length;
    if ((r !== 2 && r !== 3) || x.shape[r - 2] !== this.numFeatures || x.shape[r - 1] < 1) {
      throw new RangeError(`${fn}: x must have shape [N, ${this.numFeatures}, L ≥ 1] or [${this.numFeatures}, L ≥ 1], got ${describe(x.shape)}`);
    }
    const w = this.affine ? this.param(params, "weight") : null;
    const b = this.affine ? this.param(params, "bias") : null;
    return composite(() => {
      const xc = sub(x, mean(x, { dim: -1, keepdim: true }));
      let y = normalize(xc, mean(square(xc), { dim: -1, keepdim: true }), this.eps);
      if (w !== null && b !== null) y = add(mul(y, reshape(w, [this.numFeatures, 1])), reshape(b, [this.numFeatures, 1]));
      return y;
    });
  }

  protected describeSelf(): string { return `InstanceNorm1d(${this.numFeatures}, eps=${this.eps}, affine=${this.affine})`; }
}
