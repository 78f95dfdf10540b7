// Attention (Vaswani et al. 2017): softmax(q·kᵀ·scale + M)·v, with scale 1/√d so that the scores of unit-
// variance q and k have unit variance (seed 002), and torch's MultiheadAttention on top of it.
import { Tensor, full } from "../tensor.js";
import { assertOptions, describe } from "../errors.js";
import { assertKey, split, type Key } from "../random/key.js";
import { add, div, exp, sub } from "../ops/elementwise.js";
import { max, mean, sum } from "../ops/reduce.js";
import { eq, where } from "../ops/compare.js";
import { narrow, permute, reshape, transpose } from "../ops/shape.js";
import { matmul } from "../linalg/matmul-nd.js";
import { composite } from "../ops/composite.js";
import { stopGradient } from "../autograd/transforms.js";
import { softmax } from "./softmax.js";
import { Module, subtree, type ForwardOptions, type Params } from "./module.js";
import { assertInput, assertSize, dropout, initKey, layerDType, Linear, type LayerOptions } from "./layers.js";
import { xavierUniform } from "./init.js";

/** Options of scaledDotProductAttention. */
export interface AttentionOptions {
  /**
   * int32 (as from eq / lt): non-zero where a query may attend to a key (torch 2's boolean attn_mask), or
   * float: added to the scores (−Infinity masks). Broadcastable to [..., L, S].
   */
  mask?: Tensor;
  /** Multiplies q·kᵀ; default 1/√d. */
  scale?: number;
  /** Dropout probability on the attention weights (default 0); needs `key` when > 0. */
  dropout?: number;
  key?: Key;
}

// softmax over the last axis: the fused kernel for float32, exp(s − max)/Σ for float64.
function softmaxLast(s: Tensor): Tensor {
  if (s.dtype === "float32") return softmax(s);
  const e = exp(sub(s, stopGradient(max(s, { dim: -1, keepdim: true }))));
  return div(e, sum(e, { dim: -1, keepdim: true }));
}

function attend(fn: string, q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): [Tensor, Tensor] {
  assertOptions(options, fn);
  assertInput(q, fn, "q");
  assertInput(k, fn, "k");
  assertInput(v, fn, "v");
  const r = q.shape.length;
  if (r < 2 || k.shape.length < 2 || v.shape.length < 2) throw new RangeError(`${fn}: q, k, v need rank ≥ 2 ([..., L, d], [..., S, d], [..., S, dv]), got ${describe(q.shape)}, ${describe(k.shape)}, ${describe(v.shape)}`);
  const d = q.shape[r - 1];
  if (k.shape[k.shape.length - 1] !== d || k.shape[k.shape.length - 2] !== v.shape[v.shape.length - 2]) {
    throw new RangeError(`${fn}: q [..., L, d], k [..., S, d] and v [..., S, dv] disagree: ${describe(q.shape)}, ${describe(k.shape)}, ${describe(v.shape)}`);
  }
  const { mask, scale = 1 / Math.sqrt(d), dropout: p = 0, key } = options;
  if (typeof scale !== "number" || !Number.isFinite(scale)) throw new RangeError(`${fn}: scale must be a finite number, got ${describe(scale)}`);
  if (mask !== undefined) assertInput(mask, fn, "mask");
  if (p > 0 && key !== undefined) assertKey(key, `${fn}: options.key`);
  return composite(() => {
    let s = matmul(q, k, { transposeB: true, alpha: scale });
    if (mask !== undefined) s = mask.dtype === "int32" ? where(mask, s, -Infinity) : add(s, mask);
    const w = softmaxLast(s);
    const wd = p > 0 ? dropout(w, p, { key }) : w;
    return [matmul(wd, v), w];
  });
}

/**
 * softmax(q·kᵀ·scale + M)·v (torch 2's F.scaled_dot_product_attention). A row whose keys are all masked is NaN,
 * as torch.
 * @param q [..., L, d]; k [..., S, d]; v [..., S, dv] → [..., L, dv] (leading dims broadcast)
 * @example
 * const causal = tril(ones([T, T])).ne(0);              // int32: may attend to the past
 * scaledDotProductAttention(q, k, v, { mask: causal });
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): Tensor {
  const [out, w] = attend("scaledDotProductAttention", q, k, v, options);
  w.dispose();
  return out;
}

/** scaledDotProductAttention that also returns the attention weights softmax(q·kᵀ·scale + M) [..., L, S]. */
export function attentionWithWeights(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): [Tensor, Tensor] {
  return attend("attentionWithWeights", q, k, v, options);
}

/** Options of a MultiheadAttention call. */
export interface MultiheadAttentionCallOptions extends ForwardOptions {
  /** [L, S] or [N·numHeads, L, S]: int32 non-zero = may attend, or float added to the scores. */
  mask?: Tensor;
  /** int32 [N, S]: non-zero marks padding keys that no query attends to (torch's key_padding_mask). */
  keyPaddingMask?: Tensor;
}

/**
 * torch.nn.MultiheadAttention: Q = query·Wqᵀ + bq, K, V likewise ([Wq; Wk; Wv] = in_proj_weight [3E, E]),
 * numHeads heads of d = E/numHeads consecutive features each, per head softmax(Q_h K_hᵀ/√d + M)·V_h,
 * concatenated and projected by out_proj (a Linear E → E). Parameters in_proj_weight (xavier uniform),
 * in_proj_bias (zeros), out_proj.weight (U(±1/√E)), out_proj.bias (zeros), as torch. Dropout on the
 * attention weights in training. Inputs [N, L, E] with batchFirst, else [L, N, E] (torch's default).
 * @example
 * const mha = new MultiheadAttention(64, 8, { batchFirst: true, key: key(0) });
 * mha.forward(x, x, x, { mask: causal });   // self-attention, x [N, T, 64]
 */
export class MultiheadAttention extends Module<[query: Tensor, key?: Tensor, value?: Tensor, options?: MultiheadAttentionCallOptions]> {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly bias: boolean;
  constructor(embedDim: number, numHeads: number, options: LayerOptions & { dropout?: number; bias?: boolean; batchFirst?: boolean } = {}) {
    super();
    const fn = "MultiheadAttention";
    assertOptions(options, fn);
    assertSize(embedDim, "embedDim", fn);
    assertSize(numHeads, "numHeads", fn);
    if (embedDim % numHeads !== 0) throw new RangeError(`${fn}: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    const { dropout: p = 0, bias = true, batchFirst = false } = options;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`${fn}: dropout must be a number in [0, 1], got ${describe(p)}`);
    if (typeof bias !== "boolean" || typeof batchFirst !== "boolean") throw new TypeError(`${fn}: bias and batchFirst must be booleans, got ${describe(bias)}, ${describe(batchFirst)}`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.dropout = p;
    this.batchFirst = batchFirst;
    this.bias = bias;
    const dtype = layerDType(options, fn);
    const [k1, k2] = split(initKey(options, fn));
    this.registerParameter("in_proj_weight", xavierUniform(k1, [3 * embedDim, embedDim], { dtype }));
    if (bias) this.registerParameter("in_proj_bias", full([3 * embedDim], 0, dtype));
    const out = this.registerModule("out_proj", new Linear(embedDim, embedDim, { key: k2, bias, dtype }));
    if (bias) out.parameters().bias.view().fill(0);
  }

  call(params: Params, query: Tensor, key: Tensor = query, value: Tensor = key, options: MultiheadAttentionCallOptions = {}): Tensor {
    const [out, w] = this.#run(params, query, key, value, options);
    w.dispose();
    return out;
  }

  /** call() returning [output, attention weights averaged over heads [N, L, S]] (torch's need_weights). */
  callWithWeights(params: Params, query: Tensor, key: Tensor = query, value: Tensor = key, options: MultiheadAttentionCallOptions = {}): [Tensor, Tensor] {
    return this.#run(params, query, key, value, options);
  }

  #run(params: Params, query: Tensor, keyIn: Tensor, value: Tensor, options: MultiheadAttentionCallOptions): [Tensor, Tensor] {
    const fn = "MultiheadAttention";
    assertOptions(options, fn);
    const E = this.embedDim, H = this.numHeads, d = E / H;
    for (const [n, t] of [["query", query], ["key", keyIn], ["value", value]] as const) {
      assertInput(t, fn, n);
      if (t.shape.length !== 3 || t.shape[2] !== E) throw new RangeError(`${fn}: ${n} must have shape [${this.batchFirst ? "N, L" : "L, N"}, ${E}], got ${describe(t.shape)}`);
    }
    const W = this.param(params, "in_proj_weight");
    const b = this.bias ? this.param(params, "in_proj_bias") : null;
    const { mask, keyPaddingMask, key: rng } = options;
    if (mask !== undefined) assertInput(mask, fn, "mask");
    if (keyPaddingMask !== undefined) assertInput(keyPaddingMask, fn, "keyPaddingMask");
    return composite(() => {
      const bf = (t: Tensor): Tensor => (this.batchFirst ? t : transpose(t, 0, 1));
      const q0 = bf(query), k0 = bf(keyIn), v0 = bf(value);
      const [N, L] = q0.shape, S = k0.shape[1];
      if (k0.shape[0] !== N || v0.shape[0] !== N || v0.shape[1] !== S) throw new RangeError(`${fn}: query, key, value disagree in batch or key length: ${describe(query.shape)}, ${describe(keyIn.shape)}, ${describe(value.shape)}`);
      // project, then [N, T, E] → [N, H, T, d]
      const project = (x: Tensor, i: number, T: number): Tensor => {
        let y = matmul(x, narrow(W, 0, i * E, E), { transposeB: true });
        if (b !== null) y = add(y, narrow(b, 0, i * E, E));
        return permute(reshape(y, [N, T, H, d]), [0, 2, 1, 3]);
      };
      const Q = project(q0, 0, L), K = project(k0, 1, S), V = project(v0, 2, S);
      let m: Tensor | undefined;
      if (mask !== undefined) {
        if (mask.shape.length === 2 && mask.shape[0] === L && mask.shape[1] === S) m = mask;
        else if (mask.shape.length === 3 && mask.shape[0] === N * H && mask.shape[1] === L && mask.shape[2] === S) m = reshape(mask, [N, H, L, S]);
        else throw new RangeError(`${fn}: mask must have shape [${L}, ${S}] or [${N * H}, ${L}, ${S}], got ${describe(mask.shape)}`);
      }
      if (keyPaddingMask !== undefined) {
        if (keyPaddingMask.dtype !== "int32" || keyPaddingMask.shape.length !== 2 || keyPaddingMask.shape[0] !== N || keyPaddingMask.shape[1] !== S) {
          throw new RangeError(`${fn}: keyPaddingMask must be int32 [${N}, ${S}], got ${keyPaddingMask.dtype} ${describe(keyPaddingMask.shape)}`);
        }
        const allowed = reshape(eq(keyPaddingMask, 0), [N, 1, 1, S]);
        m = m === undefined ? allowed : m.dtype === "int32" ? where(m, allowed, 0) : add(m, where(allowed, 0, -Infinity));
      }
      const p = this.training ? this.dropout : 0;
      if (p > 0 && rng === undefined) throw new TypeError(`${fn}: options.key is required in training mode with dropout > 0`);
      const [o, w] = attend(fn, Q, K, V, { mask: m, dropout: p, key: p > 0 ? rng : undefined });
      const merged = reshape(permute(o, [0, 2, 1, 3]), [N, L, E]);
      const out = (this.children()[0] as unknown as Linear).call(subtree(params, "out_proj"), merged);
      return [this.batchFirst ? out : transpose(out, 0, 1), mean(w, { dim: 1 })];
    });
  }

  protected describeSelf(): string { return `MultiheadAttention(embedDim=${this.embedDim}, numHeads=${this.numHeads}, dropout=${this.dropout}, batchFirst=${this.batchFirst})`; }
}
