// Module: torch.nn.Module's bookkeeping (named parameters, buffers, children, train/eval, state dicts) with a
// JAX-style functional call. `net.call(params, x, { key })` computes with the parameter tree it is given, so
// valueAndGrad differentiates it; `net.forward(x, { key })` is call(net.parameters(), …).
//
// The parameter tree is a flat plain object keyed by torch's state-dict names: { "0.weight": W, "0.bias": b,
// "2.weight": …}. Gradients from valueAndGrad have the same keys, optimizers name their state by them, and a
// stateDict() is that object plus the buffers ("running_mean", …), so torch checkpoints carry over.
import { Tensor } from "../tensor.js";
import { keep } from "../runtime/memory.js";
import { describe, StochasmError } from "../errors.js";
import { foldIn, type Key } from "../random/key.js";

/** A flat parameter (or buffer) tree: torch state-dict names → tensors. */
export type Params = Record<string, Tensor>;

/** Options every forward / call takes. */
export interface ForwardOptions {
  /** Randomness (dropout): required in training mode by layers that draw; a loop derives one per step with foldIn. */
  key?: Key;
}

/** Options of loadStateDict. */
export interface LoadStateDictOptions {
  /** Every parameter and buffer must be present and nothing else (default true), as torch. */
  strict?: boolean;
}

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

/** The entries of `params` under `prefix` + ".", with the prefix removed: a child's own tree. */
export function subtree(params: Params, prefix: string): Params {
  const out: Params = {};
  const p = `${prefix}.`;
  for (const k in params) if (k.startsWith(p)) out[k.slice(p.length)] = params[k];
  return out;
}

/** The key a child at `index` sees: foldIn(key, index), so two dropouts in one net draw different masks. */
export function childKey(k: Key | undefined, index: number): Key | undefined {
  return k === undefined ? undefined : foldIn(k, index);
}

/**
 * The base of every layer. A subclass registers its tensors in its constructor and implements call().
 * @example
 * class Affine extends Module {
 *   constructor(n: number) { super(); this.registerParameter("scale", ones([n])); }
 *   call(p: Params, x: Tensor) { return mul(x, this.param(p, "scale")); }
 * }
 */
export abstract class Module<In extends unknown[] = [x: Tensor, options?: ForwardOptions], Out = Tensor> {
  /** Training mode (the default) or evaluation mode (eval()): dropout and batch norms behave differently. */
  training = true;
  readonly #params = new Map<string, Tensor>();
  readonly #buffers = new Map<string, Tensor>();
  readonly #children = new Map<string, Module<never[], unknown>>();

  /** Computes the layer with the parameter tree `params` (keys relative to this module). */
  abstract call(params: Params, ...args: In): Out;

  /** call() with this module's own parameters. */
  forward(...args: In): Out {
    return this.call(this.parameters(), ...args);
  }

  /** Adds a parameter (the module owns it from now on: taken out of any enclosing scope). */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.#checkName(name);
    this.#params.set(name, keep(t));
    return t;
  }

  /** Adds a buffer: state that is saved but not trained (running statistics). */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.#checkName(name);
    this.#buffers.set(name, keep(t));
    return t;
  }

  /** Adds a child module under `name` (its tensors appear as "name.…"). */
  protected registerModule<M extends Module<never[], unknown>>(name: string, m: M): M {
    if (!(m instanceof Module)) throw new TypeError(`${this.constructor.name}: child ${name} must be a Module, got ${describe(m)}`);
    this.#checkName(name);
    this.#children.set(name, m);
    return m;
  }

  #checkName(name: string): void {
    if (typeof name !== "string" || name === "" || name.includes(".")) throw new TypeError(`${this.constructor.name}: a name must be a non-empty string without ".", got ${describe(name)}`);
    if (this.#params.has(name) || this.#buffers.has(name) || this.#children.has(name)) throw new TypeError(`${this.constructor.name}: ${name} is already registered`);
  }

  /** The tensor `name` of a call's parameter tree, with an error naming what is missing. */
  protected param(params: Params, name: string): Tensor {
    const t = params[name];
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${this.constructor.name}.call: params["${name}"] must be a Tensor, got ${describe(t)} (params has ${describe(Object.keys(params))})`);
    }
    return t;
  }

  /** The module's own buffer `name`. */
  protected buffer(name: string): Tensor {
    return this.#buffers.get(name) as Tensor;
  }

  /** The direct children, in registration order. */
  children(): Module<never[], unknown>[] {
    return [...this.#children.values()];
  }

  /** Every module of the tree with its dotted name ("" for this one), depth first as torch.named_modules. */
  namedModules(prefix = ""): [string, Module<never[], unknown>][] {
    const out: [string, Module<never[], unknown>][] = [[prefix, this as unknown as Module<never[], unknown>]];
    for (const [n, m] of this.#children) out.push(...m.namedModules(prefix === "" ? n : `${prefix}.${n}`));
    return out;
  }

  #collect(kind: "params" | "buffers" | "state", prefix: string, out: Params): Params {
    const add = (map: Map<string, Tensor>): void => { for (const [n, t] of map) out[prefix + n] = t; };
    if (kind !== "buffers") add(this.#params);
    if (kind !== "params") add(this.#buffers);
    for (const [n, m] of this.#children) m.#collect(kind, `${prefix}${n}.`, out);
    return out;
  }

  /**
   * The parameters as a flat tree named like torch's state dict ({ "0.weight": W, … }): the module's own
   * tensors (not copies). Pass it to valueAndGrad and optimizers; do not dispose it (dispose the module).
   */
  parameters(): Params {
    return this.#collect("params", "", {});
  }

  /** The buffers (running statistics), named like parameters(); the module's own tensors. */
  buffers(): Params {
    return this.#collect("buffers", "", {});
  }

  /** Number of trainable scalars. */
  numParameters(): number {
    return Object.values(this.parameters()).reduce((n, t) => n + t.size, 0);
  }

  /**
   * Parameters and buffers in torch's state-dict order (each module's parameters, then its buffers, then its
   * children), as copies you own (save them with saveSafetensors or tensorsToJSON, then dispose).
   */
  stateDict(): Params {
    const out: Params = {};
    for (const [n, t] of Object.entries(this.#collect("state", "", {}))) out[n] = copyOf(t);
    return out;
  }

  /**
   * Copies `state` (torch state-dict names → tensors, e.g. loadSafetensors(bytes).tensors) into this module's
   * parameters and buffers; float tensors may change precision (float64 → float32). Shapes must match.
   * @returns the names missing from `state` and the unexpected ones (both empty under strict, else an error).
   */
  loadStateDict(state: Record<string, Tensor>, options: LoadStateDictOptions = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    const strict = options?.strict ?? true;
    if (state === null || typeof state !== "object") throw new TypeError(`loadStateDict: state must be an object of tensors, got ${describe(state)}`);
    const own = this.#collect("state", "", {});
    const missingKeys = Object.keys(own).filter((k) => !Object.prototype.hasOwnProperty.call(state, k));
    const unexpectedKeys = Object.keys(state).filter((k) => !Object.prototype.hasOwnProperty.call(own, k));
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      throw new StochasmError(`loadStateDict: keys do not match (missing ${describe(missingKeys)}, unexpected ${describe(unexpectedKeys)}); pass { strict: false } to load the common ones`);
    }
    const pairs = Object.keys(own).filter((k) => !missingKeys.includes(k)).map((k) => [k, own[k], state[k]] as const);
    for (const [k, dst, src] of pairs) {
      if (!(src instanceof Tensor)) throw new TypeError(`loadStateDict: state["${k}"] must be a Tensor, got ${describe(src)}`);
      src.assertLive(`loadStateDict: state["${k}"]`);
      if (src.shape.length !== dst.shape.length || src.shape.some((d, i) => d !== dst.shape[i])) {
        throw new RangeError(`loadStateDict: state["${k}"] has shape ${describe(src.shape)}, the module's has ${describe(dst.shape)}`);
      }
      if ((src.dtype === "int32") !== (dst.dtype === "int32")) throw new TypeError(`loadStateDict: state["${k}"] is ${src.dtype}, the module's is ${dst.dtype}`);
    }
    for (const [, dst, src] of pairs) copyInto(dst, src);
    return { missingKeys, unexpectedKeys };
  }

  /** Sets training mode on this module and every child; returns this. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError(`train: mode must be a boolean, got ${describe(mode)}`);
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Frees every parameter and buffer of the tree. */
  dispose(): void {
    for (const t of Object.values(this.#collect("state", "", {}))) t.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  /** The layer's line in toString(), e.g. "Linear(in=784, out=128, bias=true)". */
  protected describeSelf(): string {
    return `${this.constructor.name}()`;
  }

  /** A torch-like repr of the tree. */
  toString(): string {
    if (this.#children.size === 0) return this.describeSelf();
    const lines = [...this.#children].map(([n, m]) => `  (${n}): ${m.toString().split("\n").join("\n  ")}`);
    return `${this.constructor.name}(\n${lines.join("\n")}\n)`;
  }
}

function copyOf(t: Tensor): Tensor {
  const out = new Tensor(t.shape, t.dtype);
  copyInto(out, t);
  return out;
}

// dst ← src elementwise (same size), converting float precision; no tape (state is not differentiated).
function copyInto(dst: Tensor, src: Tensor): void {
  if (dst.size > 0) dst.view().set(src.view());
}
