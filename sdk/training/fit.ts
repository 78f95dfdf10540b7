// The training loop, generic over what one step does: fit() draws the epoch's batches without replacement
// (a permutation from the key per epoch), hands each to trainStep with its own key, keeps running loss and
// accuracy, evaluates on a validation set, reports progress events and yields to the event loop so a page
// stays responsive. A model + optimizer is one Trainer (see docs/training.md).
import type { Tensor } from "../tensor.js";
import { assertInteger, describe } from "../errors.js";
import { assertKey, foldIn, split, type Key } from "../random/key.js";
import { checkOptions, ownOption } from "../options.js";
import { assertImageSet, batchCount, batches } from "../data/batches.js";
import { pixelScaling } from "../data/permutation.js";
import type { ImageSet } from "../data/images.js";
import { Module } from "../nn/module.js";
import type { Optimizer } from "../optim/optimizer.js";
import { moduleTrainer } from "./module-trainer.js";

/** What a step reports: the batch's mean loss and how many of its examples were classified correctly. */
export interface StepResult {
  loss: number;
  /** Correct predictions in the batch (omit for losses without a notion of accuracy). */
  correct?: number;
}

/** Where a step is in the run. */
export interface StepInfo {
  epoch: number;
  /** Batch index within the epoch. */
  step: number;
  /** Steps taken before this one over the whole run. */
  globalStep: number;
}

/** One training step and (optionally) one evaluation step on a batch; x float32 [B, H·W], y int32 [B]. */
export interface Trainer {
  /** Update the model on (x, y); randomness (dropout, noise) from stepKey only. x and y are freed after. */
  trainStep(x: Tensor, y: Tensor, stepKey: Key, info: StepInfo): StepResult | Promise<StepResult>;
  /** The model's loss and correct count on (x, y) without changing it; needed for validation and evaluate(). */
  evalStep?(x: Tensor, y: Tensor): StepResult | Promise<StepResult>;
}

/** One epoch in the history. */
export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's examples (batches weighted by size), and accuracy. */
  loss: number;
  accuracy: number;
  validationLoss: number | null;
  validationAccuracy: number | null;
  steps: number;
  examples: number;
  /** Wall time of the epoch (training and validation). */
  seconds: number;
}

export interface History {
  epochs: EpochRecord[];
  seconds: number;
}

/** Progress events, the same in every runtime (progressReporter() draws them in a terminal). */
export type ProgressEvent =
  | { type: "epochStart"; epoch: number; epochs: number; steps: number }
  | { type: "step"; epoch: number; epochs: number; step: number; steps: number; examples: number; loss: number; accuracy: number; elapsed: number; rate: number; eta: number }
  | { type: "validation"; epoch: number; epochs: number }
  | { type: "epochEnd"; epoch: number; epochs: number; record: EpochRecord; rate: number }
  | { type: "end"; history: History };

/** Options of fit(). */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** The run's key: epoch e shuffles with split(foldIn(key, e))[0]; its step s gets foldIn(split(foldIn(key, e))[1], s). */
  key: Key;
  /** Evaluated (with trainer.evalStep) after every epoch. */
  validation?: ImageSet;
  onProgress?: (event: ProgressEvent) => void;
  /** Await a macrotask every this many steps (default 16; 0 never yields). */
  yieldEvery?: number;
  /** Pixel scaling x = (b/255 − mean)/std (default 0 and 1). */
  mean?: number;
  std?: number;
  /** Drop the last, smaller batch of each epoch (default false). */
  dropLast?: boolean;
  /** Stops the run between steps (the history so far is returned, with the partial epoch left out). */
  signal?: AbortSignal;
  /** The first epoch's index (default 0), to resume a run: epoch e's batches and keys depend only on (key, e). */
  initialEpoch?: number;
}

const FIT_OPTIONS = ["epochs", "batchSize", "key", "validation", "onProgress", "yieldEvery", "mean", "std", "dropLast", "signal", "initialEpoch"];

/** A macrotask boundary: setImmediate where it exists (Node, Bun), else a MessageChannel message (browsers, Deno), else setTimeout. */
export function nextMacrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === "function") return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof g.MessageChannel === "function") {
    return new Promise((resolve) => {
      const ch = new g.MessageChannel!();
      ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
      ch.port2.postMessage(null);
      ch.port2.close();
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const now = (): number => (globalThis.performance?.now() ?? Date.now()) / 1000;

function checkStep(r: unknown, what: string, size: number): StepResult {
  const s = r as StepResult;
  if (typeof s !== "object" || s === null || typeof s.loss !== "number") {
    throw new TypeError(`fit: ${what} must return { loss: number, correct?: number }, got ${describe(r)}`);
  }
  if (s.correct !== undefined && !(Number.isInteger(s.correct) && s.correct >= 0 && s.correct <= size)) {
    throw new RangeError(`fit: ${what} returned correct = ${describe(s.correct)}, not an integer in [0, ${size}]`);
  }
  return s;
}

/** Mean loss and accuracy of trainer.evalStep over a set, in the set's order. */
export async function evaluate(trainer: Trainer, set: ImageSet, options: { batchSize?: number; mean?: number; std?: number; yieldEvery?: number } = {}): Promise<{ loss: number; accuracy: number; count: number }> {
  checkOptions(options, ["batchSize", "mean", "std", "yieldEvery"], "evaluate");
  if (typeof trainer?.evalStep !== "function") throw new TypeError(`evaluate: trainer.evalStep must be a function, got ${describe(trainer?.evalStep)}`);
  assertImageSet(set);
  if (set.labels === null) throw new TypeError(`evaluate: set "${set.name}" has no labels`);
  if (set.count === 0) throw new RangeError(`evaluate: set "${set.name}" is empty`);
  const batchSize = ownOption<number>(options, "batchSize", 1000);
  const yieldEvery = ownOption<number>(options, "yieldEvery", 16);
  assertInteger(yieldEvery, "yieldEvery", 0, 2 ** 31 - 1);
  let loss = 0, correct = 0, count = 0, step = 0;
  for (const b of batches(set, { batchSize, ...pixelScaling(options) })) {
    try {
      const r = checkStep(await trainer.evalStep(b.x, b.y!), "evalStep", b.indices.length);
      loss += r.loss * b.indices.length;
      correct += r.correct ?? 0;
      count += b.indices.length;
    } finally {
      b.x.dispose();
      b.y?.dispose();
    }
    if (yieldEvery > 0 && ++step % yieldEvery === 0) await nextMacrotask();
  }
  return { loss: loss / count, accuracy: correct / count, count };
}

/**
 * Trains for `epochs` epochs and returns the history. Deterministic given the key: epoch e's order is
 * permutation(split(foldIn(key, e))[0], count) and step s of it gets foldIn(split(foldIn(key, e))[1], s).
 * @example
 * const history = await fit({ trainStep, evalStep }, mnist.train, {
 *   epochs: 3, batchSize: 64, key: key(0), validation: mnist.test, onProgress: progressReporter(),
 * });
 * history.epochs.at(-1).validationAccuracy;
 */
export async function fit(trainer: Trainer, train: ImageSet, options: FitOptions): Promise<History>;
/**
 * fit(net, train, { optimizer, ...options }) = fit(moduleTrainer(net, optimizer), train, options): a Module
 * (logits from images) trained with mean cross-entropy, dropout keys from the step keys.
 * @example
 * await fit(net, mnist.train, { optimizer: new Adam(net.parameters(), { lr: 1e-3 }), epochs: 1, batchSize: 64, key: key(0) });
 */
export async function fit(model: Module, train: ImageSet, options: FitOptions & { optimizer: Optimizer }): Promise<History>;
export async function fit(trainer: Trainer | Module, train: ImageSet, options: FitOptions & { optimizer?: Optimizer }): Promise<History> {
  if (trainer instanceof Module) {
    if (typeof options !== "object" || options === null) throw new TypeError(`fit: options must be an object, got ${describe(options)}`);
    if (!Object.prototype.hasOwnProperty.call(options, "optimizer")) throw new TypeError("fit: a Module needs options.optimizer (e.g. new Adam(net.parameters(), { lr: 1e-3 }))");
    const { optimizer, ...rest } = options;
    return fit(moduleTrainer(trainer as Parameters<typeof moduleTrainer>[0], optimizer!), train, rest);
  }
  checkOptions(options, FIT_OPTIONS, "fit");
  if (typeof trainer?.trainStep !== "function") throw new TypeError(`fit: trainer.trainStep must be a function, got ${describe(trainer?.trainStep)}`);
  assertImageSet(train, "train");
  if (train.labels === null) throw new TypeError(`fit: the training set "${train.name}" has no labels`);
  if (train.count === 0) throw new RangeError(`fit: the training set "${train.name}" is empty`);
  const epochs = ownOption<number>(options, "epochs", undefined as unknown as number);
  assertInteger(epochs, "epochs", 0, 2 ** 31 - 1);
  const batchSize = ownOption<number>(options, "batchSize", undefined as unknown as number);
  assertInteger(batchSize, "batchSize", 1, 2 ** 31 - 1);
  const k = ownOption<Key>(options, "key", undefined as unknown as Key);
  assertKey(k);
  const validation = ownOption<ImageSet | undefined>(options, "validation", undefined);
  if (validation !== undefined) {
    assertImageSet(validation, "validation");
    if (typeof trainer.evalStep !== "function") throw new TypeError("fit: a validation set needs trainer.evalStep");
    if (validation.labels === null || validation.count === 0) throw new TypeError(`fit: the validation set "${validation.name}" must have labels and at least one image`);
  }
  const onProgress = ownOption<((e: ProgressEvent) => void) | undefined>(options, "onProgress", undefined);
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError(`fit: onProgress must be a function, got ${describe(onProgress)}`);
  const yieldEvery = ownOption<number>(options, "yieldEvery", 16);
  assertInteger(yieldEvery, "yieldEvery", 0, 2 ** 31 - 1);
  const dropLast = ownOption<boolean>(options, "dropLast", false);
  const signal = ownOption<AbortSignal | undefined>(options, "signal", undefined);
  const initialEpoch = ownOption<number>(options, "initialEpoch", 0);
  assertInteger(initialEpoch, "initialEpoch", 0, 2 ** 31 - 1);
  const { mean, std } = pixelScaling(options);
  if (typeof dropLast !== "boolean") throw new TypeError(`fit: dropLast must be a boolean, got ${describe(dropLast)}`);
  const steps = batchCount(train.count, batchSize, dropLast);
  if (steps === 0) throw new RangeError(`fit: dropLast with batchSize ${batchSize} leaves no batch of the ${train.count} training examples`);
  const emit = (e: ProgressEvent) => onProgress?.(e);
  const history: History = { epochs: [], seconds: 0 };
  const start = now();
  let globalStep = initialEpoch * steps;
  for (let epoch = initialEpoch; epoch < initialEpoch + epochs; epoch++) {
    const [shuffleKey, stepRoot] = split(foldIn(k, epoch));
    const epochStart = now();
    emit({ type: "epochStart", epoch, epochs: initialEpoch + epochs, steps });
    let loss = 0, correct = 0, examples = 0, step = 0;
    for (const b of batches(train, { batchSize, key: shuffleKey, dropLast, mean, std })) {
      if (signal?.aborted) { b.x.dispose(); b.y?.dispose(); history.seconds = now() - start; return history; }
      const size = b.indices.length;
      try {
        const r = checkStep(await trainer.trainStep(b.x, b.y!, foldIn(stepRoot, step), { epoch, step, globalStep }), "trainStep", size);
        loss += r.loss * size;
        correct += r.correct ?? 0;
        examples += size;
      } finally {
        b.x.dispose();
        b.y?.dispose();
      }
      step++;
      globalStep++;
      const elapsed = now() - epochStart;
      const rate = examples / Math.max(elapsed, 1e-9);
      emit({ type: "step", epoch, epochs: initialEpoch + epochs, step, steps, examples, loss: loss / examples, accuracy: correct / examples, elapsed, rate, eta: (elapsed / step) * (steps - step) });
      if (yieldEvery > 0 && step % yieldEvery === 0) await nextMacrotask();
    }
    const trainSeconds = now() - epochStart;
    let val: { loss: number; accuracy: number } | null = null;
    if (validation !== undefined) {
      emit({ type: "validation", epoch, epochs: initialEpoch + epochs });
      val = await evaluate(trainer, validation, { batchSize: Math.max(batchSize, 1000), mean, std, yieldEvery });
    }
    const record: EpochRecord = {
      epoch, loss: loss / examples, accuracy: correct / examples, validationLoss: val?.loss ?? null, validationAccuracy: val?.accuracy ?? null,
      steps: step, examples, seconds: now() - epochStart,
    };
    history.epochs.push(record);
    emit({ type: "epochEnd", epoch, epochs: initialEpoch + epochs, record, rate: examples / Math.max(trainSeconds, 1e-9) });
  }
  history.seconds = now() - start;
  emit({ type: "end", history });
  return history;
}
