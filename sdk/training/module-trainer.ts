// A Module and its optimizer as one Trainer for fit(), and predictions over image sets: predictProba (one pass,
// or many with dropout on for MC dropout), predict (argmax) and memberProbs (the [S, N, C] stack the
// uncertainty report takes, from an ensemble or from MC-dropout passes).
import { Tensor } from "../tensor.js";
import { assertInteger, describe } from "../errors.js";
import { assertKey, foldIn, type Key } from "../random/key.js";
import { checkOptions, ownOption } from "../options.js";
import { scope } from "../runtime/memory.js";
import { Module, type Params } from "../nn/module.js";
import { crossEntropy } from "../nn/losses.js";
import { softmax } from "../nn/softmax.js";
import { argmax } from "../ops/reduce.js";
import { valueAndGrad } from "../autograd/transforms.js";
import type { Optimizer } from "../optim/optimizer.js";
import { assertImageSet, batches } from "../data/batches.js";
import type { ImageSet } from "../data/images.js";
import type { StepResult, Trainer } from "./fit.js";

type Net = Module<[x: Tensor, options?: { key?: Key }], Tensor>;

function assertModule(net: unknown, fn: string): asserts net is Net {
  if (!(net instanceof Module)) throw new TypeError(`${fn}: net must be a Module, got ${describe(net)}`);
}

/** How many rows of logits [B, C] have their argmax equal to the label (first maximum wins, as torch). */
function correctCount(logits: Tensor, y: Tensor): number {
  const predicted = argmax(logits, { dim: 1 });
  try {
    const p = predicted.view(), labels = y.view();
    let c = 0;
    for (let i = 0; i < labels.length; i++) c += p[i] === labels[i] ? 1 : 0;
    return c;
  } finally {
    predicted.dispose();
  }
}

/**
 * A Trainer from a net (logits [B, C] from x [B, D]) and an optimizer over net.parameters(): trainStep is
 * valueAndGrad of the mean cross-entropy with dropout masks from the step's key, then optimizer.step(grads);
 * evalStep runs the net in eval mode. The net's mode is set by each step (train, then eval).
 * @example
 * const history = await fit(moduleTrainer(net, new Adam(net.parameters(), { lr: 1e-3 })), train, { epochs: 1, batchSize: 64, key: key(0) });
 */
export function moduleTrainer(net: Net, optimizer: Optimizer): Trainer {
  assertModule(net, "moduleTrainer");
  if (typeof (optimizer as { step?: unknown })?.step !== "function") throw new TypeError(`moduleTrainer: optimizer must be an optimizer (with step(grads)), got ${describe(optimizer)}`);
  const lossAndGrads = valueAndGrad((p: Params, x: Tensor, y: Tensor, k: Key) => {
    const logits = net.call(p, x, { key: k });
    return [crossEntropy(logits, y).loss, correctCount(logits, y)] as [Tensor, unknown];
  }, { hasAux: true });
  return {
    trainStep(x, y, stepKey): StepResult {
      net.train();
      return scope(() => {
        const [loss, grads, correct] = lossAndGrads(net.parameters(), x, y, stepKey) as [Tensor, Params, number];
        optimizer.step(grads);
        return { loss: loss.item(), correct };
      });
    },
    evalStep(x, y): StepResult {
      net.eval();
      return scope(() => {
        const logits = net.call(net.parameters(), x);
        return { loss: crossEntropy(logits, y).loss.item(), correct: correctCount(logits, y) };
      });
    },
  };
}

/** Options of predictProba / predict / memberProbs. */
export interface PredictOptions {
  /** Images per forward pass (default 1000). */
  batchSize?: number;
  /** Pixel scaling x = (b/255 − mean)/std, as in training (default 0 and 1). */
  mean?: number;
  std?: number;
  /** MC dropout: with a key the net runs in training mode (dropout on), image batch b of pass s drawing from foldIn(foldIn(key, s), b). */
  key?: Key;
}

function readPredict(options: PredictOptions, fn: string, extra: string[] = []): { batchSize: number; mean: number; std: number; key: Key | undefined } {
  checkOptions(options, ["batchSize", "mean", "std", "key", ...extra], fn);
  const batchSize = ownOption<number>(options, "batchSize", 1000);
  assertInteger(batchSize, "batchSize", 1, 2 ** 24);
  const k = ownOption<Key | undefined>(options, "key", undefined);
  if (k !== undefined) assertKey(k);
  return { batchSize, mean: ownOption<number>(options, "mean", 0), std: ownOption<number>(options, "std", 1), key: k };
}

// Writes softmax(net(x)) of every image of `set` into out[offset …] (float32, N·C values).
function probsInto(out: Float32Array, offset: number, net: Net, set: ImageSet, o: { batchSize: number; mean: number; std: number }, passKey: Key | undefined, classes: number): void {
  for (const b of batches(set, { batchSize: o.batchSize, mean: o.mean, std: o.std })) {
    try {
      scope(() => {
        const logits = net.call(net.parameters(), b.x, passKey === undefined ? {} : { key: foldIn(passKey, b.index) });
        if (logits.shape.length !== 2 || logits.shape[1] !== classes) throw new RangeError(`predictProba: the net returned shape ${describe(logits.shape)}, expected [${b.indices.length}, ${classes}]`);
        out.set(softmax(logits).view() as Float32Array, offset + b.indices[0] * classes);
      });
    } finally {
      b.x.dispose();
      b.y?.dispose();
    }
  }
}

function classesOf(net: Net, set: ImageSet, o: { mean: number; std: number }): number {
  return scope(() => {
    const wasTraining = net.training;
    net.eval();
    try {
      const first = batches(set, { batchSize: 1, mean: o.mean, std: o.std }).next().value!;
      const out = net.call(net.parameters(), first.x);
      first.x.dispose();
      first.y?.dispose();
      if (out.shape.length !== 2) throw new RangeError(`predictProba: the net returned shape ${describe(out.shape)}, expected [batch, classes]`);
      return out.shape[1];
    } finally {
      net.train(wasTraining);
    }
  });
}

/**
 * Class probabilities float32 [N, C] of every image of `set`, in the set's order (eval mode; with options.key
 * one MC-dropout pass instead). The caller disposes the result.
 * @example
 * const p = predictProba(net, mnist.test, { mean: MNIST_MEAN, std: MNIST_STD });   // [10000, 10]
 */
export function predictProba(net: Net, set: ImageSet, options: PredictOptions = {}): Tensor {
  const stack = memberProbs([net], set, options);
  try {
    const t = new Tensor([set.count, stack.shape[2]], "float32");
    t.view().set(stack.view());
    return t;
  } finally {
    stack.dispose();
  }
}

/**
 * Predicted labels (argmax of predictProba, first maximum wins) as an Int32Array of length N.
 * @example predict(net, mnist.test, { mean: MNIST_MEAN, std: MNIST_STD })[0];   // 7
 */
export function predict(net: Net, set: ImageSet, options: PredictOptions = {}): Int32Array {
  const p = predictProba(net, set, options);
  try {
    const v = p.view(), c = p.shape[1], out = new Int32Array(set.count);
    for (let i = 0; i < set.count; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (v[i * c + j] > v[i * c + best]) best = j;
      out[i] = best;
    }
    return out;
  } finally {
    p.dispose();
  }
}

/**
 * The members' class probabilities float32 [S, N, C] on every image of `set`: an ensemble's nets in eval
 * mode (S = nets.length), or with { key, samples } MC dropout over one net (S = samples passes in training
 * mode, pass s keyed foldIn(key, s)). Each net's mode is restored after.
 * @example
 * memberProbs(members, test, { mean, std });                       // deep ensemble [5, 10000, 10]
 * memberProbs([net], test, { key: key(1), samples: 50, mean, std }); // MC dropout  [50, 10000, 10]
 */
export function memberProbs(nets: readonly Net[], set: ImageSet, options: PredictOptions & { samples?: number } = {}): Tensor {
  const fn = "memberProbs";
  if (!Array.isArray(nets) || nets.length === 0) throw new TypeError(`${fn}: nets must be a non-empty array of Modules, got ${describe(nets)}`);
  nets.forEach((n) => assertModule(n, fn));
  assertImageSet(set);
  const o = readPredict(options, fn, ["samples"]);
  const samples = ownOption<number>(options, "samples", 1);
  assertInteger(samples, "samples", 1, 2 ** 20);
  if (samples > 1 && (o.key === undefined || nets.length !== 1)) throw new RangeError(`${fn}: samples = ${samples} needs one net and a key (MC dropout), got ${nets.length} nets and key ${describe(o.key)}`);
  if (set.count === 0) return new Tensor([nets.length * samples, 0, 0], "float32");
  const classes = classesOf(nets[0], set, o);
  const S = nets.length * samples;
  const out = new Float32Array(S * set.count * classes);
  nets.forEach((net, m) => {
    const wasTraining = net.training;
    net.train(o.key !== undefined);
    try {
      for (let s = 0; s < samples; s++) {
        probsInto(out, (m * samples + s) * set.count * classes, net, set, o, o.key === undefined ? undefined : foldIn(o.key, s), classes);
      }
    } finally {
      net.train(wasTraining);
    }
  });
  const t = new Tensor([S, set.count, classes], "float32");
  t.view().set(out);
  return t;
}
