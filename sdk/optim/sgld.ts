// SGLD (Welling & Teh 2011) and pSGLD (Li et al. 2016): Langevin samplers driven by (mini-batch) gradients of
// the negative log posterior U(θ), one WASM call per step (assembly/optim/sgld.ts). Step sizes
// ε_t = a·(b + t)^(−γ), t = step from 0; the noise at step t is a pure function of (key, t, parameter index).
import { core } from "../runtime/core.js";
import { empty, type Tensor } from "../tensor.js";
import { keep } from "../runtime/memory.js";
import { assertKey, Key } from "../random/key.js";
import { Optimizer, type OptimizerStateDict, UPDATE, TABLE } from "./optimizer.js";
import { assertRange, kernelName, readOptions, type ParamTree } from "./tree.js";

/** Options of SGLD (and pSGLD, which adds alpha and lambda). */
export interface SGLDOptions { key: Key; a: number; b?: number; gamma?: number }
/** Options of pSGLD: RMSprop's decay α and the preconditioner's floor λ. */
export interface PSGLDOptions extends SGLDOptions { alpha?: number; lambda?: number }

type Values = { a: number; b: number; gamma: number; alpha: number; lambda: number; keyK0: number; keyK1: number };

abstract class Langevin extends Optimizer<Values> {
  protected abstract readonly preconditioned: boolean;
  #key: Key;
  #z: Tensor | null = null;
  constructor(fn: string, params: ParamTree, options: PSGLDOptions, slots: string[]) {
    const o = readOptions(fn, options, { key: undefined as unknown as Key, a: NaN, b: 1, gamma: 0.55, alpha: 0.99, lambda: 1e-5 });
    assertKey(o.key, `${fn}: key`);
    assertRange(fn, "a", o.a, 0, Infinity, true);
    assertRange(fn, "b", o.b, 0, Infinity, true);
    assertRange(fn, "gamma", o.gamma, 0);
    assertRange(fn, "alpha", o.alpha, 0, 1);
    assertRange(fn, "lambda", o.lambda, 0);
    super(params, { a: o.a, b: o.b, gamma: o.gamma, alpha: o.alpha, lambda: o.lambda, keyK0: o.key.k0, keyK1: o.key.k1 }, slots);
    this.#key = o.key;
  }
  /** a, the step-size scale (schedules may set it). */
  override get lr(): number { return this.options.a; }
  override set lr(value: number) {
    assertRange(this.kind, "lr", value, 0, Infinity, true);
    this.options.a = value;
  }
  /** ε_t = a·(b + t)^(−γ) at the next step. */
  get stepSize(): number {
    return this.options.a * (core().optimPow(this.options.b + this.stepCount, -this.options.gamma) as number);
  }
  protected [UPDATE](grads: readonly Tensor[]): void {
    this.#z ??= keep(empty([this.total], this.dtype));
    const o = this.options;
    const table = this[TABLE](grads, ["square_avg"]);
    core()[kernelName("sgldStep", this.dtype)](table, this.params.length, this.#z.ptr, this.total, this.#key.k0, this.#key.k1,
      this.stepCount % 2 ** 32, Math.floor(this.stepCount / 2 ** 32), o.a, o.b, o.gamma, this.preconditioned ? 1 : 0, o.alpha, o.lambda);
  }
  override loadStateDict(dict: OptimizerStateDict): void {
    super.loadStateDict(dict);
    this.#key = new Key(this.options.keyK0, this.options.keyK1);
  }
  override dispose(): void {
    super.dispose();
    this.#z?.dispose();
  }
}

/**
 * SGLD: θ ← θ − (ε_t/2)·g + √ε_t·z, z ~ N(0, I): samples exp(−U) as ε_t → 0 with Σε_t = ∞ (Welling & Teh 2011).
 * @example
 * const opt = new SGLD([theta], { key: key(1), a: 0.01, b: 1, gamma: 0.55 });
 * opt.step([gradU]);
 */
export class SGLD extends Langevin {
  readonly kind = "SGLD";
  protected readonly preconditioned = false;
  constructor(params: ParamTree, options: SGLDOptions) {
    super("SGLD", params, options, []);
  }
}

/**
 * pSGLD: V = αV + (1 − α)g², G = 1/(λ + √V), θ ← θ − (ε_t/2)·G·g + √(ε_t·G)·z (Li et al. 2016, the Γ term
 * dropped as in the paper's experiments).
 */
export class PSGLD extends Langevin {
  readonly kind = "pSGLD";
  protected readonly preconditioned = true;
  constructor(params: ParamTree, options: PSGLDOptions) {
    super("pSGLD", params, options, ["square_avg"]);
  }
}
