// The base of every distribution, in the shape of torch.distributions.Distribution: parameters and
// support declared as data, batch/event shapes, sample / rsample / logProb / cdf / icdf / entropy and
// the moments. Parameters are kept as float64 data broadcast to the batch shape (nothing to dispose);
// every transcendental function is computed in WASM.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64, withF64 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertBooleanOption, assertShape, describe, ownOptions, StochasmError } from "../errors.js";
import type { Key } from "../random/key.js";
import { checkConstraint, constraintRank, type Constraint } from "../constraints.js";
import { broadcastShapes, sameShape, endsWith, expandTo, sizeOf, toShaped, type ArrayInput, type ShapedData } from "../array-input.js";

export type { Constraint } from "../constraints.js";
export type { ArrayInput } from "../array-input.js";

export interface DistributionOptions {
  /** Check parameters against their constraints (default true). Off: NaN and bad values propagate. */
  validateArgs?: boolean;
}

export interface SampleOptions {
  /** "float32" (default) or "float64". Discrete distributions document their own dtype. */
  dtype?: "float32" | "float64";
}

/** A reparameterised draw: the value and its pathwise derivatives ∂value/∂param, element by element. */
export interface Reparameterized<P extends string = string> {
  /** Shape [...sampleShape, ...batchShape, ...eventShape]. */
  value: Tensor;
  /**
   * For each parameter, a tensor of value's shape and dtype: ∂value[i]/∂param[i mod batchSize]. Typed per
   * distribution: `new Normal(0, 1).rsample(k).grads.scale` type-checks, `.grads.rate` does not.
   */
  grads: Record<P, Tensor>;
}

/**
 * A probability distribution with parameters broadcast over a batch shape, like torch.distributions.
 * Subclasses declare `static params = { loc: "real", scale: "positive" }` and `support`, call
 * `super({ loc, scale }, options)`, and implement sample and logProb (and whatever else they can).
 * A draw of `shape` has shape [...shape, ...batchShape, ...eventShape]; element i of a draw uses the
 * parameters of batch element i mod batchSize. Returned tensors belong to the caller (scope() frees them).
 * @example
 * const d = new Normal([0, 1], 2);     // batchShape [2]: scale broadcasts
 * d.sample(key(0), [3]).shape;         // [3, 2]
 * d.logProb(tensor([0.5]));            // broadcasts the value: shape [2]
 */
export abstract class Distribution {
  /** Parameter name → constraint (torch's arg_constraints). */
  static readonly params: Readonly<Record<string, Constraint>> = {};
  /** Where the distribution puts its mass. */
  abstract readonly support: Constraint;
  /** Whether rsample (the reparameterisation trick) is available. */
  readonly hasRsample: boolean = false;
  readonly batchShape: readonly number[];
  readonly eventShape: readonly number[];
  readonly validateArgs: boolean;
  readonly #values = new Map<string, ShapedData>();

  /**
   * @param params parameter inputs; every key must be declared in the subclass's static `params`.
   * @param eventShape the shape of one draw (default [] for univariate distributions).
   */
  constructor(params: Record<string, ArrayInput>, options: DistributionOptions = {}, eventShape: readonly number[] = []) {
    const spec = (new.target as unknown as typeof Distribution).params;
    const owner = new.target.name;
    options = ownOptions(options, owner);
    assertBooleanOption(options.validateArgs, `${owner}: options.validateArgs`);
    this.validateArgs = options.validateArgs ?? true;
    const given: [string, ShapedData, number][] = [];
    for (const [name, input] of Object.entries(params)) {
      const c = spec[name];
      if (c === undefined) throw new TypeError(`${owner}: unknown parameter ${describe(name)} (parameters: ${Object.keys(spec).join(", ")})`);
      if (input === undefined) throw new TypeError(`${owner}: ${name} is required, got undefined`);
      const shaped = toShaped(input, `${owner}: ${name}`);
      const rank = constraintRank(c);
      if (shaped.shape.length < rank) {
        throw new RangeError(`${owner}: ${name} needs at least ${rank} dimension(s) (constraint "${c}"), got shape ${describe(shaped.shape)}`);
      }
      if (this.validateArgs) checkConstraint(owner, name, c, shaped.data, shaped.shape);
      given.push([name, shaped, rank]);
    }
    this.batchShape = Object.freeze(broadcastShapes(given.map(([, s, r]) => s.shape.slice(0, s.shape.length - r)), `${owner}: parameters`));
    for (const [name, s, r] of given) {
      const target = [...this.batchShape, ...s.shape.slice(s.shape.length - r)];
      this.#values.set(name, { data: expandTo(s.data, s.shape, target), shape: target });
    }
    assertShape(eventShape, "eventShape");
    this.eventShape = Object.freeze([...eventShape]);
  }

  /** The class name, for messages and the KL registry's errors. */
  get kind(): string {
    return this.constructor.name;
  }

  /** Number of batch elements (the product of batchShape). */
  get batchSize(): number {
    return sizeOf(this.batchShape);
  }

  /** Whether a parameter was given (e.g. Bernoulli keeps whichever of probs / logits it got). */
  hasParam(name: string): boolean {
    return this.#values.has(name);
  }

  /** A parameter as float64 data of shape [...batchShape, ...its own trailing dims]. Do not modify. */
  param(name: string): Float64Array {
    const v = this.#values.get(name);
    if (v === undefined) throw new StochasmError(`${this.kind} has no parameter ${describe(name)}`);
    return v.data;
  }

  /** Draws without gradients. Shape [...shape, ...batchShape, ...eventShape]. */
  abstract sample(key: Key, shape?: readonly number[], options?: SampleOptions): Tensor;

  /** log p(value), broadcasting value against [...batchShape, ...eventShape]; −∞ outside the support. */
  abstract logProb(value: ArrayInput): Tensor;

  /** A reparameterised draw with pathwise derivatives (only when hasRsample). */
  rsample(key: Key, shape?: readonly number[], options?: SampleOptions): Reparameterized {
    void key; void shape; void options;
    throw new StochasmError(`${this.kind} has no reparameterised sampler (hasRsample = false); use sample() with a score-function estimator`);
  }

  /** P(X ≤ value), broadcasting like logProb. */
  cdf(value: ArrayInput): Tensor {
    void value;
    return unsupported(this, "cdf");
  }

  /** The quantile function: the x with cdf(x) = q, for q in [0, 1]. */
  icdf(q: ArrayInput): Tensor {
    void q;
    return unsupported(this, "icdf");
  }

  /** Differential (or Shannon) entropy in nats, shape batchShape, float64. */
  entropy(): Tensor {
    return unsupported(this, "entropy");
  }

  /** Shape [...batchShape, ...eventShape], float64. A new tensor on every access. */
  get mean(): Tensor {
    return unsupported(this, "mean");
  }

  /** Shape [...batchShape, ...eventShape], float64. A new tensor on every access. */
  get mode(): Tensor {
    return unsupported(this, "mode");
  }

  /** Shape [...batchShape, ...eventShape], float64. A new tensor on every access. */
  get variance(): Tensor {
    return unsupported(this, "variance");
  }

  /** √variance, computed in WASM. A new tensor on every access. */
  get stddev(): Tensor {
    const v = this.variance;
    try {
      return tensorOf(this, mapF64("sqrtArrayF64", v.view() as Float64Array), v.shape);
    } finally {
      v.dispose();
    }
  }

  toString(): string {
    return `${this.kind}(batchShape ${describe(this.batchShape)}, eventShape ${describe(this.eventShape)})`;
  }
}

// Helpers for the subclasses, as module functions rather than protected methods: a method is reachable from JS
// (Distribution.prototype.elementwise with a wrong kernel name trapped and corrupted the heap); these are not
// exported from sdk/index.ts, so users cannot call them.

const derivedCache = new WeakMap<Distribution, Map<string, Float64Array>>();

/**
 * A quantity computed from the parameters (log σ, log-normalisers …), computed on first use and kept:
 * parameters never change, and recomputing it in WASM on every logProb call dominated small calls.
 * Do not modify the returned array.
 */
export function derived(d: Distribution, name: string, compute: () => Float64Array): Float64Array {
  let cache = derivedCache.get(d);
  if (cache === undefined) derivedCache.set(d, (cache = new Map()));
  let v = cache.get(name);
  if (v === undefined) {
    v = compute();
    cache.set(name, v);
  }
  return v;
}

export function unsupported(d: Distribution, method: string): never {
  throw new StochasmError(`${d.kind} does not implement ${method}`);
}

/** Checks icdf's levels: finite and in [0, 1] (when validateArgs), so a bad q is an error, not a NaN. */
export function assertLevels(d: Distribution, q: ArrayInput): void {
  if (!d.validateArgs) return;
  const { data, shape } = toShaped(q, `${d.kind}.icdf: q`);
  checkConstraint(`${d.kind}.icdf`, "q", "unitInterval", data, shape);
}

/** [...shape, ...batchShape, ...eventShape], after checking shape. */
export function drawShape(d: Distribution, shape: readonly number[]): number[] {
  assertShape(shape, "shape");
  return [...shape, ...d.batchShape, ...d.eventShape];
}

/** A float64 tensor holding a copy of data (default shape: batchShape). */
export function tensorOf(d: Distribution, data: ArrayLike<number>, shape: readonly number[] = d.batchShape): Tensor {
  const t = new Tensor(shape, "float64");
  t.view().set(data);
  return t;
}

/**
 * Runs an elementwise kernel `${kernel}F32` or `${kernel}F64` with signature
 * (out, x, ...params, n, b, ...extra): x of the broadcast of value and [...batchShape, ...eventShape],
 * out of that shape without the event dims, params float64 of b batch elements (element i uses i mod b).
 * A float32 value gives a float32 result; anything else is read as float64 and gives float64.
 */
export function elementwise(d: Distribution, value: ArrayInput, kernel: string, paramData: readonly Float64Array[], extra: readonly number[] = []): Tensor {
  const full = [...d.batchShape, ...d.eventShape];
  const f32 = value instanceof Tensor && value.dtype === "float32";
  let x: ShapedData | null = null;
  let xShape: readonly number[];
  if (value instanceof Tensor) {
    value.assertLive("value");
    xShape = value.shape;
  } else {
    x = toShaped(value, "value");
    xShape = x.shape;
  }
  const target = broadcastShapes([xShape, full], () => `${d.kind}: value of shape ${describe(xShape)} against batchShape ${describe(d.batchShape)} + eventShape ${describe(d.eventShape)}`);
  const outShape = target.slice(0, target.length - d.eventShape.length);
  let params = paramData;
  let b = d.batchSize;
  if (!endsWith(target, full)) {
    // a batch dim of 1 broadcasts against the value: expand the parameters to the value's batch part
    const targetBatch = target.slice(target.length - full.length, target.length - d.eventShape.length);
    params = paramData.map((p) => {
      const trailing = p.length / d.batchSize;
      const shape = trailing === 1 ? d.batchShape : [...d.batchShape, trailing];
      return expandTo(p, shape, trailing === 1 ? targetBatch : [...targetBatch, trailing]);
    });
    b = sizeOf(targetBatch);
  }
  const owned: Tensor[] = [];
  try {
    let xt: Tensor;
    // int32 values (class indices) go in as they are where the kernel has an I32 form (out is float64)
    const int32Kernel = value instanceof Tensor && value.dtype === "int32" && typeof core()[`${kernel}I32`] === "function";
    if (value instanceof Tensor && sameShape(xShape, target) && (value.dtype === "float32" || value.dtype === "float64" || int32Kernel)) {
      xt = value;
    } else {
      const src = x ?? toShaped(value, "value");
      xt = new Tensor(target, f32 ? "float32" : "float64");
      owned.push(xt);
      xt.view().set(expandTo(src.data, src.shape, target));
    }
    const out = new Tensor(outShape, f32 ? "float32" : "float64");
    try {
      withF64(params, (ptrs) => {
        core()[`${kernel}${f32 ? "F32" : xt.dtype === "int32" ? "I32" : "F64"}`](out.ptr, xt.ptr, ...ptrs, sizeOf(outShape), b, ...extra);
      });
    } catch (err) {
      out.dispose();
      throw err;
    }
    return out;
  } finally {
    for (const t of owned) t.dispose();
  }
}


/**
 * Applies an elementwise WASM kernel (out, a[, b], n) to float64 data and returns a new Float64Array
 * (for parameter-sized quantities: entropies, KL terms, moments).
 */
export function mapF64(kernel: string, ...inputs: ArrayLike<number>[]): Float64Array {
  const n = inputs[0].length;
  const arrays = [new Float64Array(n), ...inputs.map((a) => (a instanceof Float64Array ? a : Float64Array.from(a)))];
  return withF64(arrays, (ptrs) => {
    core()[kernel](...ptrs, n);
    return heapF64().slice(ptrs[0] >>> 3, (ptrs[0] >>> 3) + n);
  });
}
