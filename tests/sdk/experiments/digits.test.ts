import { beforeAll, describe, expect, it } from "vitest";
import { init, key, memory, standInDigits, runExperiments } from "../../../sdk/index";
import { trainDigitsNet } from "../../../sdk/experiments/digits";
import { predict } from "../../../sdk/training/module-trainer";

beforeAll(async () => { await init(); });

describe("the digits of items 8 and 10", () => {
  it("standInDigits labels noise by the share of ink in the top half, the same from the same key", () => {
    const a = standInDigits(key(1), 50, 10), b = standInDigits(key(1), 50, 10);
    expect(a.train.images).toEqual(b.train.images);
    expect(a.train.count).toBe(50);
    expect(a.test.count).toBe(10);
    const img = a.train.images.subarray(0, 784);
    const top = img.subarray(0, 392).reduce((s, v) => s + v, 0), all = img.reduce((s, v) => s + v, 0);
    expect(a.train.labels![0]).toBe(Math.min(9, Math.floor((10 * top) / all)));
    expect(new Set(a.train.labels).size).toBeGreaterThan(1);   // noise at the digits' brightness spreads over several labels
  });

  it("trainDigitsNet learns the stand-in's rule better than chance and leaks nothing", () => {
    const before = memory().tensors;
    const d = standInDigits(key(2), 2048, 512);
    const net = trainDigitsNet(d.train, { hidden: [32], epochs: 3, lr: 3e-3 }, key(3));
    const p = predict(net, d.test);
    const counts = new Array(10).fill(0);
    for (const l of d.test.labels!) counts[l]++;
    const majority = Math.max(...counts) / d.test.count;
    const acc = p.reduce((s, v, i) => s + (v === d.test.labels![i] ? 1 : 0), 0) / d.test.count;
    expect(acc).toBeGreaterThan(majority + 0.05);
    net.dispose();
    expect(memory().tensors).toBe(before);
  });

  it("runExperiments rejects digits that are not { train, test } labelled sets", () => {
    expect(() => runExperiments(key(0), { only: ["medical-test"], digits: { train: 3 } as never })).toThrow(/digits.train/);
  });
});
