// Modules in training: torch 1.13's MLP trajectories under SGD and Adam (tests/fixtures/nn "training"), a
// torch-trained checkpoint read from safetensors giving torch's predictions, checkpoints that resume with the
// same bits, and perExampleGrads against a loop of valueAndGrad over single examples.
// float32 tolerance against torch's float64: |got − want| ≤ 1e-4·|want| + 1e-5 (four steps of a 20-8-3 MLP).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";

beforeAll(async () => { await s.init(); });

const here = new URL("../../fixtures/nn/", import.meta.url);
const fixture = JSON.parse(readFileSync(new URL("data.json", here), "utf8"));

interface FT { shape: number[]; dtype: string; data: number[] }
const T = (t: FT): s.Tensor => s.tensor(t.data, t.shape, t.dtype === "int32" ? "int32" : "float32");
function expectClose(got: ArrayLike<number>, want: number[], label: string, rtol = 1e-4, atol = 1e-5): void {
  const bad = want.map((w, i) => (Math.abs(got[i] - w) <= rtol * Math.abs(w) + atol ? null : `${label}[${i}]: got ${got[i]}, want ${w}`)).filter((x) => x !== null);
  expect(bad.slice(0, 5)).toEqual([]);
}

const mlp = (i: number, h: number, o: number, seed = 0) => new s.Sequential(new s.Linear(i, h, { key: s.foldIn(s.key(seed), 0) }), new s.ReLU(), new s.Linear(h, o, { key: s.foldIn(s.key(seed), 1) }));

describe("training an MLP as torch does", () => {
  const tr = fixture.training;
  for (const run of tr.runs) {
    it(`follows torch's ${run.optimizer} ${JSON.stringify(run.config)} for four steps`, () => {
      s.scope(() => {
        const net = mlp(20, 8, 3);
        const p0: Record<string, s.Tensor> = {};
        for (const [n, t] of Object.entries(tr.params0)) p0[n] = T(t as FT);
        net.loadStateDict(p0);
        const c = run.config;
        const opt = run.optimizer === "SGD"
          ? new s.SGD(net.parameters(), { lr: c.lr, momentum: c.momentum, dampening: c.dampening, weightDecay: c.weightDecay, nesterov: c.nesterov })
          : new s.Adam(net.parameters(), { lr: c.lr, beta1: c.betas[0], beta2: c.betas[1], eps: c.eps, weightDecay: c.weightDecay, amsgrad: c.amsgrad });
        const x = T(tr.x), y = T(tr.labels);
        run.steps.forEach((step: { loss: number; grads?: Record<string, FT>; params: Record<string, FT> }, i: number) => {
          s.scope(() => {
            const [loss, grads] = s.valueAndGrad((p: s.Params) => s.crossEntropy(net.call(p, x), y).loss)(net.parameters());
            expectClose([loss.item()], [step.loss], `step ${i} loss`);
            for (const [n, g] of Object.entries(step.grads ?? {})) expectClose(grads[n].toArray(), g.data, `step ${i} grad ${n}`);
            opt.step(grads);
          });
          for (const [n, p] of Object.entries(step.params)) expectClose(net.parameters()[n].toArray(), p.data, `step ${i} ${n}`);
        });
        opt.dispose();
        net.dispose();
      });
    });
  }
});

describe("checkpoints", () => {
  it("loads torch's safetensors checkpoint and gives its predictions", () => {
    s.scope(() => {
      const st = fixture.safetensors;
      const { tensors } = s.loadSafetensors(readFileSync(new URL(st.file, here)));
      const net = mlp(4, 8, 3, 5);
      net.loadStateDict(tensors);
      const logits = net.eval().forward(T(st.inputs));
      expectClose(logits.toArray(), st.logits.data, "logits", 1e-5, 1e-5);
      expect(Array.from(s.argmax(logits, { dim: 1 }).toArray())).toEqual(st.predictions.data);
      net.dispose();
    });
  });

  // A net with dropout and batch norm (buffers), Adam state, and per-step keys foldIn(k, step).
  function makeNet(): s.Sequential {
    return new s.Sequential(new s.Linear(6, 8, { key: s.key(1) }), new s.BatchNorm1d(8), new s.ReLU(), new s.Dropout(0.3), new s.Linear(8, 3, { key: s.key(2) }));
  }
  function train(net: s.Sequential, opt: s.Optimizer, from: number, to: number): void {
    const x = s.normal(s.key(3), [10, 6]);
    for (let step = from; step < to; step++) {
      s.scope(() => {
        const [, g] = s.valueAndGrad((p: s.Params) => s.crossEntropy(net.call(p, x, { key: s.foldIn(s.key(4), step) }), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]).loss)(net.parameters());
        opt.step(g);
      });
    }
    x.dispose();
  }

  for (const format of ["safetensors", "json"] as const) {
    it(`resumes from a ${format} checkpoint (module state + optimizer) with the same bits as training straight through`, () => {
      s.scope(() => {
        const a = makeNet(), optA = new s.Adam(a.parameters(), { lr: 0.01 });
        train(a, optA, 0, 6);
        const b = makeNet(), optB = new s.Adam(b.parameters(), { lr: 0.01 });
        train(b, optB, 0, 3);
        const sd = b.stateDict(), osd = optB.stateDict();
        const saved = format === "json" ? [s.tensorsToJSON(sd), s.optimizerStateToJSON(osd)] as const : [s.saveSafetensors(sd), s.optimizerStateToSafetensors(osd)] as const;
        const c = makeNet(), optC = new s.Adam(c.parameters(), { lr: 0.01 });
        c.loadStateDict(format === "json" ? s.tensorsFromJSON(saved[0] as string).tensors : s.loadSafetensors(saved[0] as Uint8Array).tensors);
        optC.loadStateDict(format === "json" ? s.optimizerStateFromJSON(saved[1] as string) : s.optimizerStateFromSafetensors(saved[1] as Uint8Array));
        train(c, optC, 3, 6);
        const want = a.stateDict(), got = c.stateDict();
        expect(Object.keys(got)).toEqual(Object.keys(want));
        for (const k of Object.keys(want)) expect(Array.from(got[k].toArray()), k).toEqual(Array.from(want[k].toArray()));
        for (const m of [a, b, c]) m.dispose();
        for (const o of [optA, optB, optC]) o.dispose();
      });
    });
  }
});

describe("perExampleGrads", () => {
  it("equals valueAndGrad of each example's loss alone, for every Linear parameter", () => {
    s.scope(() => {
      const net = new s.Sequential(new s.Linear(5, 4, { key: s.key(1) }), new s.Tanh(), new s.Linear(4, 4, { key: s.key(2) }), new s.GELU(), new s.Linear(4, 3, { key: s.key(3), bias: false }));
      const B = 6;
      const x = s.normal(s.key(4), [B, 5]);
      const labels = [0, 2, 1, 1, 0, 2];
      const g = s.perExampleGrads(net, net.parameters(), x, (out) => s.crossEntropy(out, labels, { reduction: "none" }).loss);
      expect(Object.keys(g)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight"]);
      for (let i = 0; i < B; i++) {
        const xi = s.narrow(x, 0, i, 1);
        const [, gi] = s.valueAndGrad((p: s.Params) => s.crossEntropy(net.call(p, xi), [labels[i]]).loss)(net.parameters());
        for (const [n, t] of Object.entries(g)) {
          expect(t.shape).toEqual([B, ...net.parameters()[n].shape]);
          expectClose(s.narrow(t, 0, i, 1).toArray(), Array.from(gi[n].toArray()), `example ${i} ${n}`, 1e-5, 1e-7);
        }
      }
      net.dispose();
    });
  });

  it("sums over a sequence axis ([B, T, in] inputs) and its batch mean is the ordinary gradient", () => {
    s.scope(() => {
      const lin = new s.Linear(3, 2, { key: s.key(1) });
      const x = s.normal(s.key(2), [4, 5, 3]);
      const loss = (out: s.Tensor) => s.sum(s.square(out), { dim: -1 }).sum({ dim: -1 });
      const g = s.perExampleGrads(lin, lin.parameters(), x, loss);
      const [, full] = s.valueAndGrad((p: s.Params) => s.sum(loss(lin.call(p, x))))(lin.parameters());
      expectClose(s.sum(g.weight, { dim: 0 }).toArray(), Array.from(full.weight.toArray()), "Σ weight", 1e-5, 1e-6);
      expectClose(s.sum(g.bias, { dim: 0 }).toArray(), Array.from(full.bias.toArray()), "Σ bias", 1e-5, 1e-6);
      lin.dispose();
    });
  });

  it("refuses parameters outside Linear layers and batch norms in training mode", () => {
    s.scope(() => {
      const net = new s.Sequential(new s.Linear(3, 2, { key: s.key(1) }), new s.LayerNorm(2));
      const x = s.normal(s.key(2), [4, 3]);
      expect(() => s.perExampleGrads(net, net.parameters(), x, (o) => s.sum(o))).toThrow(/"1.weight" does not belong to a Linear/);
      const bn = new s.Sequential(new s.Linear(3, 2, { key: s.key(1) }), new s.BatchNorm1d(2));
      expect(() => s.perExampleGrads(bn, bn.parameters(), x, (o) => s.sum(o))).toThrow(/BatchNorm1d in training mode/);
      net.dispose();
      bn.dispose();
    });
  });
});
