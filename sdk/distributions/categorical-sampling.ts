// Categorical sampling kernels behind one function: inversion of the cumulative sums (what
// Categorical.sample uses), Walker/Vose alias tables for many draws per distribution, and Gumbel-max
// straight from logits. All return int32 indices; every draw is a pure function of (key, draw index).
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64, heapI32, heapU32 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { ownOptions, assertShape, describe } from "../errors.js";
import { assertKey, type Key } from "../random/key.js";
import { withF64 } from "../runtime/memory.js";
import { Categorical } from "./categorical.js";

/** How to draw: see categoricalSample. */
export type CategoricalMethod = "inverse-cdf" | "alias" | "gumbel";

export interface CategoricalSampleOptions {
  /**
   * "inverse-cdf" (default; the same draws as Categorical.sample): O(K) per distribution, O(log K) per draw.
   * "alias": O(K) table per distribution, O(1) per draw — for many draws of the same distribution.
   * "gumbel": argmax(logits + Gumbel noise), O(K) per draw, K random words per draw; no normalisation.
   * The methods map the key to different draws; each is fixed across runtimes and builds.
   */
  method?: CategoricalMethod;
}

function assertCategorical(dist: unknown, fn: string): asserts dist is Categorical {
  if (!(dist instanceof Categorical)) throw new TypeError(`${fn}: dist must be a Categorical, got ${describe(dist)}`);
}

/**
 * int32 category indices of shape [...shape, ...dist.batchShape] by the chosen method.
 * @example
 * const c = new Categorical({ probs: [0.1, 0.2, 0.3, 0.4] });
 * categoricalSample(c, key(0), [100000], { method: "alias" });   // frequencies ≈ probs
 * categoricalSample(c, key(0), [3]);                               // = c.sample(key(0), [3])
 */
export function categoricalSample(dist: Categorical, key: Key, shape: readonly number[] = [], options: CategoricalSampleOptions = {}): Tensor {
  options = ownOptions(options, "categoricalSample");
  assertCategorical(dist, "categoricalSample");
  assertKey(key);
  assertShape(shape, "shape");
  const method = options.method ?? "inverse-cdf";
  if (method === "alias") return AliasTable.from(dist).sample(key, shape);
  if (method !== "inverse-cdf" && method !== "gumbel") {
    throw new TypeError(`categoricalSample: method must be "inverse-cdf", "alias" or "gumbel", got ${describe(method)}`);
  }
  const out = new Tensor([...shape, ...dist.batchShape], "int32");
  if (out.size === 0) return out;
  const k = dist.numCategories;
  const rows = dist.batchSize;
  if (method === "gumbel") {
    if (out.size * k > 2 ** 32) {
      out.dispose();
      throw new RangeError(`categoricalSample: gumbel needs draws × K ≤ 2^32 stream words, got ${out.size} × ${k}`);
    }
    withF64([dist.logits], ([l]) => core().categoricalGumbelMaxI32(out.ptr, 0, out.size, key.k0, key.k1, l, k, rows));
    return out;
  }
  const cdf = allocBytes(8 * rows * k);
  try {
    withF64([dist.probs], ([p]) => {
      core().categoricalCdfF64(cdf, p, rows, k);
      core().categoricalInverseCdfI32(out.ptr, 0, out.size, key.k0, key.k1, cdf, k, rows);
    });
  } finally {
    freeBytes(cdf);
  }
  return out;
}

/**
 * Walker/Vose alias tables of a (batch of) Categorical, built once in WASM (deterministic order) and
 * kept as plain arrays: nothing to dispose. sample() costs O(1) and one 32-bit stream word per draw; the
 * acceptance test uses ⌊prob·2^32⌋, so probabilities are resolved to 2^-32 (per table column).
 * @example
 * const t = AliasTable.from(new Categorical({ logits: [2, 1, -0.5, 3] }));
 * t.sample(key(7), [1_000_000]);   // int32 [1e6]
 */
export class AliasTable {
  /** Acceptance probability of each column, float64 of [...batchShape, K]. */
  readonly prob: Float64Array;
  /** The other category of each column, int32 of [...batchShape, K]. */
  readonly alias: Int32Array;
  readonly batchShape: readonly number[];
  readonly numCategories: number;
  /** The packed sampling tables (aliasTablePackU64): per column [⌊prob·2^32⌋, alias] as two uint32. */
  readonly #entries: Uint32Array;

  /** Builds the tables of every batch row of dist (the same as AliasTable.from(dist)). */
  constructor(dist: Categorical) {
    assertCategorical(dist, "AliasTable");
    const k = dist.numCategories;
    const rows = dist.batchSize;
    const n = rows * k;
    const aliasPtr = allocBytes(4 * n);
    const tablePtr = allocBytes(8 * n);
    const work = allocBytes(8 * k);
    try {
      const [prob, alias, entries] = withF64([new Float64Array(n), dist.probs], ([pq, pp]) => {
        core().aliasTableBuildF64(pq, aliasPtr, pp, rows, k, work);
        core().aliasTablePackU64(tablePtr, pq, aliasPtr, rows, k);
        return [
          heapF64().slice(pq >>> 3, (pq >>> 3) + n),
          heapI32().slice(aliasPtr >>> 2, (aliasPtr >>> 2) + n),
          heapU32().slice(tablePtr >>> 2, (tablePtr >>> 2) + 2 * n),
        ] as const;
      });
      this.prob = prob;
      this.alias = alias;
      this.#entries = entries;
    } finally {
      freeBytes(aliasPtr);
      freeBytes(tablePtr);
      freeBytes(work);
    }
    this.batchShape = dist.batchShape;
    this.numCategories = k;
  }

  /** Builds the tables of every batch row of dist. */
  static from(dist: Categorical): AliasTable {
    return new AliasTable(dist);
  }

  /** int32 indices of shape [...shape, ...batchShape]; draw i uses table row i mod batchSize. */
  sample(key: Key, shape: readonly number[] = []): Tensor {
    assertKey(key);
    assertShape(shape, "shape");
    const out = new Tensor([...shape, ...this.batchShape], "int32");
    if (out.size === 0) return out;
    const k = this.numCategories;
    const rows = this.prob.length / k;
    const tablePtr = allocBytes(4 * this.#entries.length);
    try {
      heapU32().set(this.#entries, tablePtr >>> 2);
      core().aliasSampleI32(out.ptr, 0, out.size, key.k0, key.k1, tablePtr, k, rows);
    } catch (err) {
      out.dispose();
      throw err;
    } finally {
      freeBytes(tablePtr);
    }
    return out;
  }
}
