// Learning-rate schedules as torch.optim.lr_scheduler 1.13's closed forms: a schedule is a pure function of
// the step (epoch) t = 0, 1, …; the torch-shaped classes set an optimizer's lr (and momentum) at each step().
// pow and cos come from WASM (optimPow, optimCos), so every runtime gets the same bits.
import { core } from "../runtime/core.js";
import { describe } from "../errors.js";
import type { Optimizer } from "./optimizer.js";
import { assertRange, readOptions } from "./tree.js";

/** A learning rate (or momentum) as a function of the step t ≥ 0. */
export type Schedule = (t: number) => number;

const pow = (x: number, y: number): number => core().optimPow(x, y) as number;
const cos = (x: number): number => core().optimCos(x) as number;

function assertStep(t: number): void {
  if (!Number.isInteger(t) || t < 0) throw new RangeError(`a schedule's step must be an integer ≥ 0, got ${describe(t)}`);
}

/** StepLR: η_t = η₀·γ^⌊t/stepSize⌋. */
export function stepSchedule(baseLr: number, options: { stepSize: number; gamma?: number }): Schedule {
  const o = readOptions("stepSchedule", options, { stepSize: 0, gamma: 0.1 });
  assertRange("stepSchedule", "baseLr", baseLr, 0);
  if (!Number.isInteger(o.stepSize) || o.stepSize < 1) throw new RangeError(`stepSchedule: stepSize must be an integer ≥ 1, got ${describe(o.stepSize)}`);
  assertRange("stepSchedule", "gamma", o.gamma, 0);
  return (t) => { assertStep(t); return baseLr * pow(o.gamma, Math.floor(t / o.stepSize)); };
}

/** MultiStepLR: η_t = η₀·γ^(number of milestones ≤ t). */
export function multiStepSchedule(baseLr: number, options: { milestones: readonly number[]; gamma?: number }): Schedule {
  const o = readOptions("multiStepSchedule", options, { milestones: [] as readonly number[], gamma: 0.1 });
  assertRange("multiStepSchedule", "baseLr", baseLr, 0);
  if (!Array.isArray(o.milestones) || o.milestones.some((m, i) => !Number.isInteger(m) || m < 0 || (i > 0 && m < o.milestones[i - 1]))) {
    throw new RangeError(`multiStepSchedule: milestones must be a non-decreasing array of integers ≥ 0, got ${describe(o.milestones)}`);
  }
  assertRange("multiStepSchedule", "gamma", o.gamma, 0);
  return (t) => { assertStep(t); return baseLr * pow(o.gamma, o.milestones.filter((m) => m <= t).length); };
}

/** ExponentialLR: η_t = η₀·γ^t. */
export function exponentialSchedule(baseLr: number, options: { gamma: number }): Schedule {
  const o = readOptions("exponentialSchedule", options, { gamma: NaN });
  assertRange("exponentialSchedule", "baseLr", baseLr, 0);
  assertRange("exponentialSchedule", "gamma", o.gamma, 0);
  return (t) => { assertStep(t); return baseLr * pow(o.gamma, t); };
}

/** CosineAnnealingLR: η_t = η_min + (η₀ − η_min)·(1 + cos(πt/T_max))/2 (Loshchilov & Hutter 2017). */
export function cosineSchedule(baseLr: number, options: { tMax: number; etaMin?: number }): Schedule {
  const o = readOptions("cosineSchedule", options, { tMax: 0, etaMin: 0 });
  assertRange("cosineSchedule", "baseLr", baseLr, 0);
  if (!Number.isInteger(o.tMax) || o.tMax < 1) throw new RangeError(`cosineSchedule: tMax must be an integer ≥ 1, got ${describe(o.tMax)}`);
  assertRange("cosineSchedule", "etaMin", o.etaMin, 0);
  return (t) => { assertStep(t); return o.etaMin + ((baseLr - o.etaMin) * (1 + cos((Math.PI * t) / o.tMax))) / 2; };
}

/**
 * Linear warmup then cosine: torch's SequentialLR([LinearLR(startFactor, warmupSteps), CosineAnnealingLR(
 * totalSteps − warmupSteps, etaMin)], [warmupSteps]). η_t = η₀·(s + (1 − s)·t/W) for t < W, then cosine over t − W.
 * startFactor 0 and etaMin 0 give Hugging Face's get_cosine_schedule_with_warmup (a LambdaLR in torch).
 */
export function warmupCosineSchedule(baseLr: number, options: { warmupSteps: number; totalSteps: number; startFactor?: number; etaMin?: number }): Schedule {
  const o = readOptions("warmupCosineSchedule", options, { warmupSteps: 0, totalSteps: 0, startFactor: 1 / 3, etaMin: 0 });
  assertRange("warmupCosineSchedule", "baseLr", baseLr, 0);
  if (!Number.isInteger(o.warmupSteps) || o.warmupSteps < 1) throw new RangeError(`warmupCosineSchedule: warmupSteps must be an integer ≥ 1, got ${describe(o.warmupSteps)}`);
  if (!Number.isInteger(o.totalSteps) || o.totalSteps <= o.warmupSteps) throw new RangeError(`warmupCosineSchedule: totalSteps must be an integer > warmupSteps (${o.warmupSteps}), got ${describe(o.totalSteps)}`);
  assertRange("warmupCosineSchedule", "startFactor", o.startFactor, 0, 1); // 0: Hugging Face's get_cosine_schedule_with_warmup
  const cosine = cosineSchedule(baseLr, { tMax: o.totalSteps - o.warmupSteps, etaMin: o.etaMin });
  return (t) => {
    assertStep(t);
    return t < o.warmupSteps ? baseLr * (o.startFactor + ((1 - o.startFactor) * t) / o.warmupSteps) : cosine(t - o.warmupSteps);
  };
}

/** Options of the one-cycle policy (torch.optim.lr_scheduler.OneCycleLR's). */
export interface OneCycleOptions {
  maxLr: number; totalSteps: number; pctStart?: number; divFactor?: number; finalDivFactor?: number; baseMomentum?: number; maxMomentum?: number;
  /** "cos" (default) or "linear". */
  annealStrategy?: "cos" | "linear";
  /** torch's three_phase: up, back down to the initial lr, then the final annealing. Default false. */
  threePhase?: boolean;
}

/** One-cycle (Smith & Topin 2019) as torch's OneCycleLR: lr from maxLr/div up to maxLr, then down to lr₀/finalDiv; momentum the other way. */
export function oneCycleSchedule(options: OneCycleOptions): { lr: Schedule; momentum: Schedule } {
  const o = readOptions("oneCycleSchedule", options, { maxLr: NaN, totalSteps: 0, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, baseMomentum: 0.85, maxMomentum: 0.95, annealStrategy: "cos" as "cos" | "linear", threePhase: false });
  if (o.annealStrategy !== "cos" && o.annealStrategy !== "linear") throw new TypeError(`oneCycleSchedule: annealStrategy must be "cos" or "linear", got ${describe(o.annealStrategy)}`);
  if (typeof o.threePhase !== "boolean") throw new TypeError(`oneCycleSchedule: threePhase must be true or false, got ${describe(o.threePhase)}`);
  assertRange("oneCycleSchedule", "maxLr", o.maxLr, 0);
  if (!Number.isInteger(o.totalSteps) || o.totalSteps < 2) throw new RangeError(`oneCycleSchedule: totalSteps must be an integer ≥ 2, got ${describe(o.totalSteps)}`);
  assertRange("oneCycleSchedule", "pctStart", o.pctStart, 0, 1);
  assertRange("oneCycleSchedule", "divFactor", o.divFactor, 0, Infinity, true);
  assertRange("oneCycleSchedule", "finalDivFactor", o.finalDivFactor, 0, Infinity, true);
  const initial = o.maxLr / o.divFactor;
  const minLr = initial / o.finalDivFactor;
  const phases = o.threePhase
    ? [
      { end: o.pctStart * o.totalSteps - 1, lr: [initial, o.maxLr], momentum: [o.maxMomentum, o.baseMomentum] },
      { end: 2 * o.pctStart * o.totalSteps - 2, lr: [o.maxLr, initial], momentum: [o.baseMomentum, o.maxMomentum] },
      { end: o.totalSteps - 1, lr: [initial, minLr], momentum: [o.maxMomentum, o.maxMomentum] },
    ]
    : [
      { end: o.pctStart * o.totalSteps - 1, lr: [initial, o.maxLr], momentum: [o.maxMomentum, o.baseMomentum] },
      { end: o.totalSteps - 1, lr: [o.maxLr, minLr], momentum: [o.baseMomentum, o.maxMomentum] },
    ];
  // torch's _annealing_cos: end + (start − end)/2·(cos(π·pct) + 1); _annealing_linear: (end − start)·pct + start
  const anneal = o.annealStrategy === "cos"
    ? (start: number, end: number, pct: number): number => end + ((start - end) / 2) * (cos(Math.PI * pct) + 1)
    : (start: number, end: number, pct: number): number => (end - start) * pct + start;
  const at = (which: "lr" | "momentum") => (t: number): number => {
    assertStep(t);
    // torch extrapolates at t = totalSteps (a negative lr with linear annealing) and raises after it
    if (t >= o.totalSteps) throw new RangeError(`oneCycleSchedule: step ${t} is past the cycle's last step ${o.totalSteps - 1} (totalSteps ${o.totalSteps})`);
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i];
      if (t <= p.end || i === phases.length - 1) return anneal(p[which][0], p[which][1], (t - start) / (p.end - start));
      start = p.end;
    }
    return NaN;
  };
  return { lr: at("lr"), momentum: at("momentum") };
}

/**
 * Sets an optimizer's lr from a schedule at each step(), as torch's schedulers: the constructor applies
 * step 0, each step() the next. `momentum` (one-cycle) sets options.momentum, or beta1 for Adam-like ones.
 * @example
 * const sched = new LRScheduler(opt, cosineSchedule(0.1, { tMax: 100 }));
 * for (…) { opt.step(grads); sched.step(); }
 */
export class LRScheduler {
  /** The current step of the schedule (torch's last_epoch). */
  epoch = 0;
  readonly #opt: Optimizer;
  readonly #lr: Schedule;
  readonly #momentum: Schedule | null;
  constructor(optimizer: Optimizer, lr: Schedule, momentum: Schedule | null = null) {
    if (typeof lr !== "function") throw new TypeError(`LRScheduler: lr must be a schedule (t) => number, got ${describe(lr)}`);
    this.#opt = optimizer;
    this.#lr = lr;
    this.#momentum = momentum;
    this.apply();
  }
  /** Advances one step and sets the optimizer's lr (and momentum). */
  step(): void {
    this.epoch++;
    this.apply();
  }
  private apply(): void {
    this.#opt.lr = this.#lr(this.epoch);
    if (this.#momentum !== null) {
      const options = this.#opt.options as Record<string, number | boolean>;
      const name = "beta1" in options ? "beta1" : "momentum";
      if (!(name in options)) throw new TypeError(`LRScheduler: a momentum schedule needs an optimizer with momentum or beta1, got ${this.#opt.kind}`);
      options[name] = this.#momentum(this.epoch);
    }
  }
}
