import { beforeAll, describe, expect, it } from "vitest";
import {
  Adam, Dropout, Linear, ReLU, Sequential, crossEntropy, evaluate, fit, foldIn, imageSet, init, key, memberProbs, memory, moduleTrainer,
  optimizerStateFromSafetensors, optimizerStateToSafetensors, pixelsToFloat32, predict, predictProba, saveSafetensors, loadSafetensors, scope, softmax, tensor, valueAndGrad,
  type ImageSet,
} from "../../../sdk/index";

beforeAll(async () => {
  await init();
});

// 60 images of 2×3 whose label (0, 1, 2) is the bright column: learnable in a few epochs
function columns(n: number): ImageSet {
  const images = new Uint8Array(n * 6), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    for (let j = 0; j < 6; j++) images[i * 6 + j] = ((i * 13 + j * 7) & 31) + (j % 3 === labels[i] ? 200 : 0);
  }
  return imageSet("columns", images, labels, { height: 2, width: 3 });
}
const data = columns(60);
const mlp = (seed: number, p = 0.2) => new Sequential(new Linear(6, 8, { key: foldIn(key(seed), 0) }), new ReLU(), new Dropout(p), new Linear(8, 3, { key: foldIn(key(seed), 1) }));
const weights = (net: Sequential) => Object.entries(net.parameters()).map(([n, t]) => [n, Array.from(t.toArray() as Float32Array)]);

describe("moduleTrainer and fit(net, data, { optimizer })", () => {
  it("takes valueAndGrad of the mean cross-entropy with the step's dropout key, then optimizer.step", async () => {
    const a = mlp(1), b = mlp(1);
    const optA = new Adam(a.parameters(), { lr: 0.01 }), optB = new Adam(b.parameters(), { lr: 0.01 });
    const x = tensor(Array.from({ length: 24 }, (_, i) => (i % 7) / 7), [4, 6]), y = tensor([0, 1, 2, 0], [4], "int32");
    const r = await moduleTrainer(a, optA).trainStep(x, y, key(9), { epoch: 0, step: 0, globalStep: 0 });
    const [loss] = scope(() => {
      const [l, g] = valueAndGrad((p: ReturnType<typeof b.parameters>) => crossEntropy(b.call(p, x, { key: key(9) }), y).loss)(b.parameters());
      optB.step(g);
      return [l.item()];
    });
    expect(r.loss).toBe(loss);
    expect(weights(a)).toEqual(weights(b));
    for (const t of [x, y]) t.dispose();
    for (const o of [optA, optB, a, b]) o.dispose();
  });

  it("learns the toy task, and the same key gives the same weights", async () => {
    const run = async () => {
      const net = mlp(2);
      const opt = new Adam(net.parameters(), { lr: 0.05 });
      const h = await fit(net, data, { optimizer: opt, epochs: 8, batchSize: 8, key: key(3), validation: data });
      const w = weights(net);
      opt.dispose();
      net.dispose();
      return { h, w };
    };
    const before = memory().tensors;
    const [r1, r2] = [await run(), await run()];
    expect(r1.h.epochs.at(-1)!.validationAccuracy).toBe(1);
    expect(r1.w).toEqual(r2.w);
    expect(memory().tensors).toBe(before);
  });

  it("rejects a Module without an optimizer, and unknown options", async () => {
    const net = mlp(0);
    await expect(fit(net, data, { epochs: 1, batchSize: 4, key: key(0) } as never)).rejects.toThrow(/a Module needs options.optimizer/);
    const opt = new Adam(net.parameters());
    await expect(fit(net, data, { optimizer: opt, epochs: 1, batchSize: 4, key: key(0), epoch: 1 } as never)).rejects.toThrow(/unknown option "epoch"/);
    expect(() => moduleTrainer(net, {} as never)).toThrow(/optimizer must be an optimizer/);
    opt.dispose();
    net.dispose();
  });

  it("resumes from a checkpoint (weights + Adam state as safetensors) to the same bits as training straight through", async () => {
    const options = { batchSize: 8, key: key(4), validation: data };
    const straight = mlp(5), optS = new Adam(straight.parameters(), { lr: 0.02 });
    await fit(straight, data, { ...options, optimizer: optS, epochs: 4 });
    const first = mlp(5), optF = new Adam(first.parameters(), { lr: 0.02 });
    await fit(first, data, { ...options, optimizer: optF, epochs: 2 });
    const weightBytes = scope(() => saveSafetensors(first.stateDict()));
    const optBytes = scope(() => optimizerStateToSafetensors(optF.stateDict()));
    const resumed = mlp(77), optR = new Adam(resumed.parameters(), { lr: 0.02 });
    const content = loadSafetensors(weightBytes);
    resumed.loadStateDict(content.tensors);
    Object.values(content.tensors).forEach((t) => t.dispose());
    const sd = optimizerStateFromSafetensors(optBytes);
    optR.loadStateDict(sd);
    Object.values(sd.state).forEach((t) => t.dispose());
    await fit(resumed, data, { ...options, optimizer: optR, epochs: 2, initialEpoch: 2 });
    expect(weights(resumed)).toEqual(weights(straight));
    expect(weights(first)).not.toEqual(weights(straight));
    for (const o of [optS, optF, optR, straight, first, resumed]) o.dispose();
  });
});

describe("predictProba, predict, memberProbs", () => {
  it("gives softmax of the net in eval mode, in the set's order, for any batch size", () => {
    const net = mlp(6, 0.5);
    const p = predictProba(net, data, { batchSize: 7, mean: 0.1, std: 0.3 });
    const q = predictProba(net, data, { batchSize: 1000, mean: 0.1, std: 0.3 });
    expect(p.shape).toEqual([60, 3]);
    expect(p.toArray()).toEqual(q.toArray());
    net.eval();
    const direct = scope(() => {
      const x = pixelsToFloat32(data.images.subarray(0, 12), [2, 6], { mean: 0.1, std: 0.3 });
      return softmax(net.forward(x)).toArray();
    });
    expect(Array.from(p.toArray()).slice(0, 6)).toEqual(Array.from(direct));
    const labels = predict(net, data, { mean: 0.1, std: 0.3 });
    const v = p.toArray() as Float32Array;
    for (let i = 0; i < 60; i++) expect(v[i * 3 + labels[i]]).toBe(Math.max(v[i * 3], v[i * 3 + 1], v[i * 3 + 2]));
    p.dispose();
    q.dispose();
    net.dispose();
  });

  it("stacks an ensemble's members and MC-dropout passes as [S, N, C], restoring each net's mode", () => {
    const nets = [mlp(7, 0.5), mlp(8, 0.5)];
    nets[1].eval();
    const ens = memberProbs(nets, data);
    expect(ens.shape).toEqual([2, 60, 3]);
    const p1 = predictProba(nets[1], data);
    expect(Array.from(ens.toArray()).slice(180)).toEqual(Array.from(p1.toArray()));
    expect([nets[0].training, nets[1].training]).toEqual([true, false]);
    const mc = memberProbs([nets[0]], data, { key: key(1), samples: 3 });
    const mc2 = memberProbs([nets[0]], data, { key: key(1), samples: 3 });
    expect(mc.shape).toEqual([3, 60, 3]);
    expect(mc.toArray()).toEqual(mc2.toArray());
    const v = mc.toArray() as Float32Array;
    expect(Array.from(v.subarray(0, 180))).not.toEqual(Array.from(v.subarray(180, 360)));   // different masks per pass
    expect(() => memberProbs(nets, data, { samples: 2 })).toThrow(/samples = 2 needs one net and a key/);
    expect(() => memberProbs([], data)).toThrow(/non-empty array of Modules/);
    expect(() => predictProba(nets[0], data, { batch: 3 } as never)).toThrow(/unknown option "batch"/);
    for (const t of [ens, p1, mc, mc2]) t.dispose();
    for (const n of nets) n.dispose();
  });
});
