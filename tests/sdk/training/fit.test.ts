import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";
import { evaluate, fit, imageSet, init, key, memory, progressReporter, type ProgressEvent, type Trainer } from "../../../sdk/index";
import { loadMnist } from "../../../sdk/node";
// @ts-expect-error: a plain .mjs example without types
import { softmaxRegression } from "../../../examples/mnist/softmax-regression.mjs";

beforeAll(async () => {
  await init();
});

// 100 images of 2×2: image i has every pixel 2·i and label i mod 4
const toy = imageSet("toy", Uint8Array.from({ length: 400 }, (_, j) => 2 * Math.floor(j / 4)), Uint8Array.from({ length: 100 }, (_, i) => i % 4), { height: 2, width: 2 });

// A trainer that records what it is given: first pixel of each row (which identifies the example) and the key.
function recorder(): Trainer & { seen: number[][]; keys: string[] } {
  const seen: number[][] = [];
  const keys: string[] = [];
  return {
    seen, keys,
    trainStep(x, y, k) {
      const v = x.toArray();
      seen.push(Array.from({ length: x.shape[0] }, (_, r) => Math.round((v[4 * r] * 255) / 2)));
      keys.push(k.toString());
      const labels = y.toArray();
      return { loss: labels[0], correct: labels.filter((l) => l === 0).length };
    },
    evalStep(x, y) {
      return { loss: 1, correct: y.toArray().filter((l) => l === 1).length };
    },
  };
}

describe("fit", () => {
  it("shows every example exactly once per epoch, in an order fixed by (key, epoch), with one key per step", async () => {
    const a = recorder();
    const h = await fit(a, toy, { epochs: 3, batchSize: 32, key: key(1) });
    expect(h.epochs.map((e) => [e.epoch, e.steps, e.examples])).toEqual([[0, 4, 100], [1, 4, 100], [2, 4, 100]]);
    for (let e = 0; e < 3; e++) expect(a.seen.slice(4 * e, 4 * e + 4).flat().sort((p, q) => p - q)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(a.seen[0]).not.toEqual(a.seen[4]);
    expect(new Set(a.keys).size).toBe(12);
    const b = recorder();
    await fit(b, toy, { epochs: 3, batchSize: 32, key: key(1) });
    expect(b.seen).toEqual(a.seen);
    expect(b.keys).toEqual(a.keys);
    expect(memory().tensors).toBe(0);
  });

  it("weights the running loss and accuracy by batch size, and records validation", async () => {
    const h = await fit(recorder(), toy, { epochs: 1, batchSize: 32, key: key(2), validation: toy });
    // accuracy: examples with label 0 counted correct → 25 of 100; validation: label 1 → 25 of 100
    expect(h.epochs[0].accuracy).toBe(0.25);
    expect([h.epochs[0].validationLoss, h.epochs[0].validationAccuracy]).toEqual([1, 0.25]);
  });

  it("resumes: epochs 0–1 then initialEpoch 2 see the same batches as epochs 0–2 in one run", async () => {
    const whole = recorder();
    await fit(whole, toy, { epochs: 3, batchSize: 10, key: key(3) });
    const parts = recorder();
    await fit(parts, toy, { epochs: 2, batchSize: 10, key: key(3) });
    await fit(parts, toy, { epochs: 1, batchSize: 10, key: key(3), initialEpoch: 2 });
    expect(parts.seen).toEqual(whole.seen);
    expect(parts.keys).toEqual(whole.keys);
  });

  it("emits epochStart, step, validation, epochEnd and end events in order with counts", async () => {
    const events: ProgressEvent[] = [];
    await fit(recorder(), toy, { epochs: 2, batchSize: 40, key: key(4), validation: toy, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(["epochStart", "step", "step", "step", "validation", "epochEnd", "epochStart", "step", "step", "step", "validation", "epochEnd", "end"]);
    const steps = events.filter((e) => e.type === "step") as Extract<ProgressEvent, { type: "step" }>[];
    expect(steps.slice(0, 3).map((e) => [e.step, e.steps, e.examples])).toEqual([[1, 3, 40], [2, 3, 80], [3, 3, 100]]);
    expect(steps.every((e) => e.rate > 0 && e.eta >= 0 && e.epochs === 2)).toBe(true);
    expect(steps[2].eta).toBe(0); // the epoch's last step: nothing left
  });

  it("yields to the event loop every yieldEvery steps, so timers and input handlers run during training", async () => {
    let ticks = 0;
    let running = true;
    const tick = () => { ticks++; if (running) setTimeout(tick, 0); };
    setTimeout(tick, 0);
    let maxStepsWithoutTick = 0, since = 0, lastTicks = 0;
    const busy: Trainer = {
      trainStep() {
        const t0 = Date.now();
        while (Date.now() - t0 < 2) { /* 2 ms of work */ }
        since = ticks === lastTicks ? since + 1 : 1;
        lastTicks = ticks;
        maxStepsWithoutTick = Math.max(maxStepsWithoutTick, since);
        return { loss: 0 };
      },
    };
    await fit(busy, toy, { epochs: 1, batchSize: 2, key: key(5), yieldEvery: 5 });
    running = false;
    expect(ticks).toBeGreaterThan(3);
    expect(maxStepsWithoutTick).toBeLessThanOrEqual(10);
  });

  it("stops between steps on an aborted signal, frees the batch and keeps the finished epochs", async () => {
    const controller = new AbortController();
    let n = 0;
    const h = await fit({ trainStep() { if (++n === 7) controller.abort(); return { loss: 0 }; } }, toy, { epochs: 5, batchSize: 25, key: key(6), signal: controller.signal });
    expect(h.epochs.length).toBe(1);
    expect(n).toBe(7);
    expect(memory().tensors).toBe(0);
  });

  it("passes a trainStep error through and leaks nothing", async () => {
    await expect(fit({ trainStep() { throw new Error("boom"); } }, toy, { epochs: 1, batchSize: 8, key: key(0) })).rejects.toThrow("boom");
    expect(memory().tensors).toBe(0);
  });

  it("rejects bad options and bad step results with clear errors", async () => {
    const t = recorder();
    await expect(fit(t, toy, { epochs: 1, batchSize: 0, key: key(0) })).rejects.toThrow("batchSize must be in [1, 2147483647], got 0");
    await expect(fit(t, toy, { epochs: 1, batchSize: 8 } as never)).rejects.toThrow("key must be a Key from key(seed), split or foldIn, got undefined");
    await expect(fit(t, toy, { epochs: 1, batchSize: 8, key: key(0), epoch: 3 } as never)).rejects.toThrow('fit: unknown option "epoch"');
    await expect(fit({ trainStep: () => ({ loss: "x" }) } as never, toy, { epochs: 1, batchSize: 8, key: key(0) })).rejects.toThrow("fit: trainStep must return { loss: number, correct?: number }");
    await expect(fit({ trainStep: () => ({ loss: 1, correct: 9 }) }, toy, { epochs: 1, batchSize: 8, key: key(0) })).rejects.toThrow("fit: trainStep returned correct = 9, not an integer in [0, 8]");
    await expect(fit({ trainStep: () => ({ loss: 1 }) }, toy, { epochs: 1, batchSize: 8, key: key(0), validation: toy })).rejects.toThrow("fit: a validation set needs trainer.evalStep");
    expect(memory().tensors).toBe(0);
  });
});

describe("progressReporter", () => {
  const run = async (options: object) => {
    let text = "";
    await fit(recorder(), toy, { epochs: 2, batchSize: 10, key: key(0), validation: toy, onProgress: progressReporter({ write: (t) => { text += t; }, interval: 0, ...options }) });
    return text;
  };

  it("draws a bar with rate, ETA, running loss and accuracy in place on a TTY", async () => {
    const text = await run({ tty: true });
    expect(text).toMatch(/\r\x1b\[Kepoch 1\/2 \[█+ *\] 5\/10 {2}[\d.k]+ ex\/s {2}ETA \d+s {2}loss [\d.]+ {2}acc [\d.]+%/);
    expect(text).toMatch(/epoch 2\/2 {2}10 steps {2}\d+s {2}[\d.k]+ ex\/s {2}loss [\d.]+ {2}acc [\d.]+% {2}val loss 1\.0000 {2}val acc 25\.00%\n/);
  });

  it("prints one plain line per epoch and a total when not a TTY, and nothing when quiet", async () => {
    const lines = (await run({ tty: false })).split("\n");
    expect(lines.length).toBe(4);
    expect(lines[0]).toMatch(/^epoch 1\/2 {2}10 steps/);
    expect(lines[2]).toMatch(/^done in \d+s$/);
    expect(lines.join("")).not.toContain("\r");
    expect(await run({ quiet: true })).toBe("");
  });
});

describe("end to end on real digits: hand-written softmax regression through fit", () => {
  it("reaches > 88 % test accuracy after one epoch on 12 000 training digits, with the same weights for the same key", async () => {
    const { train, test } = await loadMnist();
    const small = imageSet("train[:12000]", train.images.subarray(0, 12000 * 784), train.labels!.subarray(0, 12000), { height: 28, width: 28 });
    const runOnce = async () => {
      const model = softmaxRegression(s, { key: key(0), lr: 0.5 });
      const history = await fit(model, small, { epochs: 1, batchSize: 64, key: key(1) });
      const result = await evaluate(model, test, { batchSize: 1000 });
      const w = model.weights();
      model.dispose();
      return { history, result, w };
    };
    const a = await runOnce();
    expect(a.result.accuracy).toBeGreaterThan(0.88);
    expect(a.history.epochs[0].loss).toBeLessThan(0.6);
    const b = await runOnce();
    expect(b.w).toEqual(a.w);
    expect(b.history.epochs[0].loss).toBe(a.history.epochs[0].loss);
    expect(memory().tensors).toBe(0);
  }, 60000);
});

describe("fit and evaluate: empty sets", () => {
  const empty = imageSet("none", new Uint8Array(0), new Uint8Array(0), { height: 2, width: 2 });
  it("rejects an empty training set, a dropLast run with no batch and an empty evaluation set instead of returning NaN", async () => {
    await expect(fit(recorder(), empty, { epochs: 1, batchSize: 4, key: key(0) })).rejects.toThrow('fit: the training set "none" is empty');
    await expect(fit(recorder(), toy, { epochs: 1, batchSize: 101, key: key(0), dropLast: true })).rejects.toThrow("fit: dropLast with batchSize 101 leaves no batch of the 100 training examples");
    await expect(fit(recorder(), toy, { epochs: 1, batchSize: 4, key: key(0), validation: empty })).rejects.toThrow('fit: the validation set "none" must have labels and at least one image');
    await expect(evaluate(recorder(), empty)).rejects.toThrow('evaluate: set "none" is empty');
  });
});
