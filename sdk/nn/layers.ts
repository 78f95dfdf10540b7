// The basic layers: Linear, Sequential, Dropout, Embedding, Flatten. Each is a Module whose call() is written
// with differentiable ops, so valueAndGrad gives every gradient; defaults equal torch 1.13's.
import { Tensor, zeros } from "../tensor.js";
import { assertInteger, assertOptions, describe } from "../errors.js";
import { assertKey, split, type Key } from "../random/key.js";
import { bernoulli, normal, uniform } from "../random/sample.js";
import { add, mul } from "../ops/elementwise.js";
import { eq, where } from "../ops/compare.js";
import { flatten, reshape, unsqueeze } from "../ops/shape.js";
import { indexSelect } from "../ops/indexing.js";
import { to } from "../ops/cast.js";
import { matmul } from "../linalg/matmul-nd.js";
import { stopGradient } from "../autograd/transforms.js";
import { composite } from "../ops/composite.js";
import { childKey, Module, subtree, type ForwardOptions, type Params } from "./module.js";
import { kaimingUniform } from "./init.js";

/** Options of a layer that owns weights: the init key and the dtype. */
export interface LayerOptions {
  /** The key the weights are drawn from (required: every layer's init is reproducible). */
  key?: Key;
  dtype?: "float32" | "float64";
}

export function layerDType(options: LayerOptions, fn: string): "float32" | "float64" {
  const d = options.dtype ?? "float32";
  if (d !== "float32" && d !== "float64") throw new TypeError(`${fn}: dtype must be "float32" or "float64", got ${describe(d)}`);
  return d;
}

export function initKey(options: LayerOptions, fn: string): Key {
  if (options.key === undefined) throw new TypeError(`${fn}: options.key is required (weights are drawn from an explicit key, e.g. { key: key(0) })`);
  assertKey(options.key, `${fn}: options.key`);
  return options.key;
}

export function assertSize(v: unknown, name: string, fn: string, min = 1): asserts v is number {
  assertInteger(v, `${fn}: ${name}`, min, 2 ** 31 - 1);
}

export function assertInput(x: unknown, fn: string, name = "x"): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(x)}`);
  x.assertLive(`${fn}: ${name}`);
}

/** Set while perExampleGrads runs: sees every Linear's input and output (per-example.ts). */
export const linearTrace: { hook: ((layer: Linear, params: Params, x: Tensor, z: Tensor) => Tensor) | null } = { hook: null };

/**
 * y = x·Wᵀ + b over the last axis, as torch.nn.Linear. weight [out, in], bias [out]; both drawn from
 * U(−1/√in, 1/√in) (torch's kaiming_uniform_(a = √5) and its bias rule).
 * @param x [..., in] → [..., out]
 * @example
 * const lin = new Linear(784, 128, { key: key(0) });
 * lin.forward(x);   // x [64, 784] → [64, 128]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
  constructor(inFeatures: number, outFeatures: number, options: LayerOptions & { bias?: boolean } = {}) {
    super();
    assertOptions(options, "Linear");
    assertSize(inFeatures, "inFeatures", "Linear", 0);
    assertSize(outFeatures, "outFeatures", "Linear", 0);
    const { bias = true } = options;
    if (typeof bias !== "boolean") throw new TypeError(`Linear: bias must be a boolean, got ${describe(bias)}`);
    const dtype = layerDType(options, "Linear");
    const [kw, kb] = split(initKey(options, "Linear"));
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.bias = bias;
    this.registerParameter("weight", kaimingUniform(kw, [outFeatures, inFeatures], { a: Math.sqrt(5), dtype }));
    if (bias) {
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      this.registerParameter("bias", bound > 0 ? uniform(kb, [outFeatures], { low: -bound, high: bound, dtype }) : zeros([outFeatures], dtype));
    }
  }

  call(params: Params, x: Tensor, _options?: ForwardOptions): Tensor {
    assertInput(x, "Linear");
    const w = this.param(params, "weight");
    if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== this.inFeatures) {
      throw new RangeError(`Linear: x must have shape [..., ${this.inFeatures}], got ${describe(x.shape)}`);
    }
    let z = matmul(x, w, { transposeB: true });
    if (this.bias) z = add(z, this.param(params, "bias"));
    return linearTrace.hook === null ? z : linearTrace.hook(this, params, x, z);
  }

  protected describeSelf(): string {
    return `Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias})`;
  }
}

/**
 * Modules applied in order, named "0", "1", … as torch.nn.Sequential (so parameters are "0.weight", …).
 * The child at index i gets the key foldIn(key, i).
 * @example
 * const net = new Sequential(new Linear(784, 128, { key: k1 }), new ReLU(), new Linear(128, 10, { key: k2 }));
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];
  constructor(...layers: Module[]) {
    super();
    layers.forEach((m, i) => this.registerModule(String(i), m as unknown as Module<never[], unknown>));
    this.layers = layers;
  }

  call(params: Params, x: Tensor, options: ForwardOptions = {}): Tensor {
    assertOptions(options, "Sequential");
    let y = x;
    this.layers.forEach((m, i) => {
      y = m.call(subtree(params, String(i)), y, { ...options, key: childKey(options.key, i) });
    });
    return y;
  }
}

/**
 * Inverted dropout: in training, each entry is zeroed with probability p and the rest scaled by 1/(1 − p),
 * so E[output] = input; the identity in eval mode or with p = 0. The mask is bernoulli(key, x.shape, 1 − p).
 * @example dropout(x, 0.2, { key: foldIn(k, step) });
 */
export function dropout(x: Tensor, p: number, options: ForwardOptions & { training?: boolean } = {}): Tensor {
  assertOptions(options, "dropout");
  assertInput(x, "dropout");
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be a number in [0, 1], got ${describe(p)}`);
  if (options.training === false || p === 0) return x;
  if (options.key === undefined) throw new TypeError("dropout: options.key is required in training mode with p > 0 (a key per step, e.g. foldIn(k, step)); call eval() for inference");
  assertKey(options.key, "dropout: options.key");
  if (p === 1) return mul(x, 0);
  const k = options.key;
  return composite(() => {
    const keep = bernoulli(k, x.shape, 1 - p);
    const scaled = mul(keep, 1 / (1 - p));
    return mul(x, x.dtype === "float32" ? scaled : to(scaled, x.dtype));
  });
}

/** Dropout as a module (torch.nn.Dropout, p default 0.5): dropout(x, p) in training, identity in eval. */
export class Dropout extends Module {
  readonly p: number;
  constructor(p = 0.5) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be a number in [0, 1], got ${describe(p)}`);
    this.p = p;
  }
  call(_params: Params, x: Tensor, options: ForwardOptions = {}): Tensor {
    return dropout(x, this.p, { ...options, training: this.training });
  }
  protected describeSelf(): string { return `Dropout(p=${this.p})`; }
}

/** Flattens dims startDim…endDim (torch.nn.Flatten's defaults 1, −1: [N, …] → [N, ∏…]). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  call(_params: Params, x: Tensor): Tensor { return flatten(x, this.startDim, this.endDim); }
  protected describeSelf(): string { return `Flatten(startDim=${this.startDim}, endDim=${this.endDim})`; }
}

/**
 * A lookup table (torch.nn.Embedding): indices [...] (int32) → rows of weight [numEmbeddings, embeddingDim],
 * output [..., embeddingDim]. weight ~ N(0, 1); the row paddingIdx is zero and gets no gradient.
 * @example new Embedding(1000, 64, { key: key(0) }).forward(tensor([[1, 5]], [1, 2], "int32"));   // [1, 2, 64]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | undefined;
  constructor(numEmbeddings: number, embeddingDim: number, options: LayerOptions & { paddingIdx?: number } = {}) {
    super();
    assertOptions(options, "Embedding");
    assertSize(numEmbeddings, "numEmbeddings", "Embedding");
    assertSize(embeddingDim, "embeddingDim", "Embedding");
    let pad = options.paddingIdx;
    if (pad !== undefined) {
      assertInteger(pad, "Embedding: paddingIdx", -numEmbeddings, numEmbeddings - 1);
      if (pad < 0) pad += numEmbeddings;
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad;
    const w = this.registerParameter("weight", normal(initKey(options, "Embedding"), [numEmbeddings, embeddingDim], { dtype: layerDType(options, "Embedding") }));
    if (pad !== undefined) w.view().fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
  }

  call(params: Params, indices: Tensor): Tensor {
    assertInput(indices, "Embedding", "indices");
    if (indices.dtype !== "int32") throw new TypeError(`Embedding: indices must be an int32 tensor, got ${indices.dtype}`);
    const w = this.param(params, "weight");
    return composite(() => {
      const rows = indexSelect(w, 0, reshape(indices, [-1]));
      let out = rows;
      if (this.paddingIdx !== undefined) {
        // the padding row's value passes through, its gradient does not (torch)
        const isPad = unsqueeze(eq(reshape(indices, [-1]), this.paddingIdx), 1);
        out = where(isPad, stopGradient(rows), rows);
      }
      return reshape(out, [...indices.shape, this.embeddingDim]);
    });
  }

  protected describeSelf(): string { return `Embedding(${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === undefined ? "" : `, paddingIdx=${this.paddingIdx}`})`; }
}
