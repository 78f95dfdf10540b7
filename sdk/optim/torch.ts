// SGD, Adam, AdamW, RMSprop and Adagrad with torch.optim 1.13's semantics (update order, weight decay, bias
// correction, state names), each step ONE WASM call over all parameters (assembly/optim/*.ts). Trajectories
// match torch.optim to 1e-6 relative in float64 (tests/fixtures/optim).
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { Optimizer, UPDATE, TABLE, ENSURE_SLOTS } from "./optimizer.js";
import { assertBool, assertRange, kernelName, readOptions, type ParamTree } from "./tree.js";

const flag = (b: boolean): number => (b ? 1 : 0);

/** Options of SGD (torch.optim.SGD's, in camelCase). */
export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weightDecay?: number; nesterov?: boolean; maximize?: boolean }
type SGDValues = Required<SGDOptions>;

/**
 * Stochastic gradient descent as torch.optim.SGD: d = g + λθ; b = μb + (1 − τ)d (b = d at the first step);
 * d = d + μb (nesterov) or b; θ ← θ − ηd.
 * @example
 * const opt = new SGD([w, b], { lr: 0.1, momentum: 0.9 });
 * opt.step([gw, gb]);   // w and b change in place
 */
export class SGD extends Optimizer<SGDValues> {
  readonly kind = "SGD";
  constructor(params: ParamTree, options?: SGDOptions) {
    const o = readOptions("SGD", options, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    assertRange("SGD", "lr", o.lr, 0);
    assertRange("SGD", "momentum", o.momentum, 0);
    assertRange("SGD", "dampening", o.dampening, -Infinity);
    assertRange("SGD", "weightDecay", o.weightDecay, 0);
    assertBool("SGD", "nesterov", o.nesterov);
    assertBool("SGD", "maximize", o.maximize);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) throw new RangeError(`SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${o.momentum}, dampening ${o.dampening}`);
    super(params, o, o.momentum !== 0 ? ["momentum_buffer"] : []);
  }
  protected [UPDATE](grads: readonly Tensor[]): void {
    const o = this.options;
    // torch creates the buffer (b = d) at the first step with momentum, which may come after a schedule turns it on
    const created = o.momentum !== 0 ? this[ENSURE_SLOTS](["momentum_buffer"]) : new Set<string>();
    const table = this[TABLE](grads, ["momentum_buffer"]);
    core()[kernelName("sgdStep", this.dtype)](table, this.params.length, o.lr, o.momentum, o.dampening, o.weightDecay,
      flag(o.nesterov), flag(o.maximize), flag(this.stepCount === 0 || created.size > 0));
  }
}

/** Options of Adam and AdamW (betas as beta1, beta2). */
export interface AdamOptions { lr?: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; amsgrad?: boolean; maximize?: boolean }
type AdamValues = Required<AdamOptions>;

function adamOptions(fn: string, options: AdamOptions | undefined, weightDecay: number): AdamValues {
  const o = readOptions(fn, options, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, amsgrad: false, maximize: false });
  assertRange(fn, "lr", o.lr, 0);
  assertRange(fn, "beta1", o.beta1, 0, 1);
  assertRange(fn, "beta2", o.beta2, 0, 1);
  if (o.beta1 === 1 || o.beta2 === 1) throw new RangeError(`${fn}: beta1 and beta2 must be < 1, got ${o.beta1}, ${o.beta2}`);
  assertRange(fn, "eps", o.eps, 0);
  assertRange(fn, "weightDecay", o.weightDecay, 0);
  assertBool(fn, "amsgrad", o.amsgrad);
  assertBool(fn, "maximize", o.maximize);
  return o;
}

abstract class AdamBase extends Optimizer<AdamValues> {
  protected abstract readonly decoupled: boolean;
  protected [UPDATE](grads: readonly Tensor[]): void {
    const o = this.options;
    if (o.amsgrad) this[ENSURE_SLOTS](["max_exp_avg_sq"]);
    const table = this[TABLE](grads, ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"]);
    core()[kernelName("adamStep", this.dtype)](table, this.params.length, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay,
      this.stepCount + 1, flag(o.amsgrad), flag(this.decoupled), flag(o.maximize));
  }
}

/**
 * Adam as torch.optim.Adam (Kingma & Ba 2015): g = g + λθ; m = β1m + (1 − β1)g; v = β2v + (1 − β2)g²;
 * θ ← θ − (η/(1 − β1^t))·m/(√v/√(1 − β2^t) + ε), with v → max(v̂max, v) under amsgrad.
 * @example
 * const opt = new Adam(net.parameters(), { lr: 1e-3 });
 */
export class Adam extends AdamBase {
  readonly kind: string = "Adam";
  protected readonly decoupled: boolean = false;
  constructor(params: ParamTree, options?: AdamOptions) {
    const o = adamOptions("Adam", options, 0);
    super(params, o, o.amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"]);
  }
}

/** AdamW as torch.optim.AdamW (Loshchilov & Hutter 2019): θ ← θ(1 − ηλ) first, then Adam without λ. weightDecay defaults to 0.01. */
export class AdamW extends AdamBase {
  readonly kind: string = "AdamW";
  protected readonly decoupled: boolean = true;
  constructor(params: ParamTree, options?: AdamOptions) {
    const o = adamOptions("AdamW", options, 1e-2);
    super(params, o, o.amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"]);
  }
}

/** Options of RMSprop (torch's). */
export interface RMSpropOptions { lr?: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number; centered?: boolean; maximize?: boolean }
type RMSpropValues = Required<RMSpropOptions>;

const rmspropSlots = (o: RMSpropValues): string[] => ["square_avg", ...(o.centered ? ["grad_avg"] : []), ...(o.momentum > 0 ? ["momentum_buffer"] : [])];

/**
 * RMSprop as torch.optim.RMSprop: s = αs + (1 − α)g²; a = √(s − ḡ²) (centered, ḡ = αḡ + (1 − α)g) or √s;
 * θ ← θ − η·g/(a + ε), or through a momentum buffer b = μb + g/(a + ε), θ ← θ − ηb.
 */
export class RMSprop extends Optimizer<RMSpropValues> {
  readonly kind = "RMSprop";
  constructor(params: ParamTree, options?: RMSpropOptions) {
    const o = readOptions("RMSprop", options, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
    assertRange("RMSprop", "lr", o.lr, 0);
    assertRange("RMSprop", "alpha", o.alpha, 0, 1);
    assertRange("RMSprop", "eps", o.eps, 0);
    assertRange("RMSprop", "weightDecay", o.weightDecay, 0);
    assertRange("RMSprop", "momentum", o.momentum, 0);
    assertBool("RMSprop", "centered", o.centered);
    assertBool("RMSprop", "maximize", o.maximize);
    super(params, o, rmspropSlots(o));
  }
  protected [UPDATE](grads: readonly Tensor[]): void {
    const o = this.options;
    this[ENSURE_SLOTS](rmspropSlots(o));
    const table = this[TABLE](grads, ["square_avg", "grad_avg", "momentum_buffer"]);
    core()[kernelName("rmspropStep", this.dtype)](table, this.params.length, o.lr, o.alpha, o.eps, o.weightDecay, o.momentum, flag(o.centered), flag(o.maximize));
  }
}

/** Options of Adagrad (torch's). */
export interface AdagradOptions { lr?: number; lrDecay?: number; weightDecay?: number; initialAccumulatorValue?: number; eps?: number; maximize?: boolean }
type AdagradValues = Required<AdagradOptions>;

/** Adagrad as torch.optim.Adagrad (Duchi et al. 2011): S = S + g²; θ ← θ − η/(1 + (t − 1)·decay)·g/(√S + ε). */
export class Adagrad extends Optimizer<AdagradValues> {
  readonly kind = "Adagrad";
  constructor(params: ParamTree, options?: AdagradOptions) {
    const o = readOptions("Adagrad", options, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });
    assertRange("Adagrad", "lr", o.lr, 0);
    assertRange("Adagrad", "lrDecay", o.lrDecay, 0);
    assertRange("Adagrad", "weightDecay", o.weightDecay, 0);
    assertRange("Adagrad", "initialAccumulatorValue", o.initialAccumulatorValue, 0);
    assertRange("Adagrad", "eps", o.eps, 0);
    assertBool("Adagrad", "maximize", o.maximize);
    super(params, o, ["sum"]);
    if (o.initialAccumulatorValue !== 0) for (const t of this.slots.sum) t.view().fill(o.initialAccumulatorValue);
  }
  protected [UPDATE](grads: readonly Tensor[]): void {
    const o = this.options;
    const table = this[TABLE](grads, ["sum"]);
    core()[kernelName("adagradStep", this.dtype)](table, this.params.length, o.lr, o.lrDecay, o.eps, o.weightDecay, this.stepCount + 1, flag(o.maximize));
  }
}
