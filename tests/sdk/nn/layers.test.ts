// Every layer against PyTorch 1.13 (tests/fixtures/nn, made by make.py there in float64 from float32-exact
// weights and inputs): outputs, the gradient of ⟨gradOutput, output⟩ with respect to every input and parameter,
// and the batch norms' running statistics after each of three training steps and an eval step.
// Tolerances: float64 |got − want| ≤ 1e-9·|want| + 1e-12 (a few dozen roundings of order-1 values);
// float32 ≤ 2e-4·|want| + 2e-5 (normalisation divides by σ, which amplifies the float32 rounding of x − μ).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";

beforeAll(async () => { await s.init(); });

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/nn/data.json", import.meta.url), "utf8"));

interface FT { shape: number[]; dtype: string; data: (number | string)[] }
const nums = (d: (number | string)[]): number[] => d.map((v) => (typeof v === "number" ? v : Number(v)));
const toTensor = (t: FT, dtype: s.DType): s.Tensor => (t.dtype === "float64" ? s.tensor(nums(t.data), t.shape, dtype) : s.tensor(nums(t.data), t.shape, "int32"));

const TOL = { float64: [1e-9, 1e-12], float32: [2e-4, 2e-5] } as const;
function expectClose(got: s.Tensor, want: FT, label: string, dtype: "float32" | "float64"): void {
  expect(got.shape, `${label} shape`).toEqual(want.shape);
  const g = Array.from(got.view() as ArrayLike<number>), w = nums(want.data);
  const [rtol, atol] = TOL[dtype];
  const bad: string[] = [];
  w.forEach((wi, i) => {
    const ok = Number.isNaN(wi) ? Number.isNaN(g[i]) : !Number.isFinite(wi) ? g[i] === wi : Math.abs(g[i] - wi) <= rtol * Math.abs(wi) + atol;
    if (!ok) bad.push(`${label}[${i}]: got ${g[i]}, want ${wi}`);
  });
  expect(bad.slice(0, 5)).toEqual([]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function build(layer: any, dtype: "float32" | "float64"): s.Module<any[], any> | null {
  const c = layer.config, k = s.key(1);
  switch (layer.layer) {
    case "Linear": return new s.Linear(c.inFeatures, c.outFeatures, { bias: c.bias, key: k, dtype });
    case "BatchNorm1d": return new s.BatchNorm1d(c.numFeatures, { eps: c.eps, momentum: c.momentum, affine: c.affine, dtype });
    case "BatchNorm2d": return new s.BatchNorm2d(c.numFeatures, { eps: c.eps, momentum: c.momentum, affine: c.affine, dtype });
    case "TimewiseBatchNorm": return new s.TimewiseBatchNorm(c.numFeatures, c.timeSteps, { eps: c.eps, momentum: c.momentum, dtype });
    case "LayerNorm": return new s.LayerNorm(c.normalizedShape, { eps: c.eps, elementwiseAffine: c.elementwiseAffine, dtype });
    case "InstanceNorm1d": return new s.InstanceNorm1d(c.numFeatures, { eps: c.eps, affine: c.affine, dtype });
    case "Embedding": return new s.Embedding(c.numEmbeddings, c.embeddingDim, { paddingIdx: c.paddingIdx, key: k, dtype });
    case "MultiheadAttention": return new s.MultiheadAttention(c.embedDim, c.numHeads, { batchFirst: c.batchFirst, dropout: c.dropout, bias: c.bias, key: k, dtype });
    default: return null;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function optionsOf(step: any, dtype: s.DType): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(step.options as Record<string, unknown>)) {
    if (name === "scale") o.scale = v;
    else if (name === "additiveMask") o.mask = toTensor(v as FT, dtype);
    else o[name] = s.tensor(nums((v as FT).data), (v as FT).shape, "int32"); // bool masks
  }
  return o;
}

for (const dtype of ["float64", "float32"] as const) {
  describe(`layers against torch 1.13 (${dtype})`, () => {
    for (const layer of fixture.layers) {
      it(`matches ${layer.name}`, () => {
        s.scope(() => {
          const m = build(layer, dtype);
          if (m !== null) {
            const state: Record<string, s.Tensor> = {};
            for (const [n, t] of Object.entries({ ...layer.params, ...(layer.buffers ?? {}) })) state[n] = toTensor(t as FT, dtype);
            m.loadStateDict(state);
          }
          layer.steps.forEach((step: any, si: number) => { // eslint-disable-line @typescript-eslint/no-explicit-any
            m?.train(step.mode === "train");
            const inputs = step.inputs.map((t: FT) => toTensor(t, dtype));
            const opts = optionsOf(step, dtype);
            const floatIdx = inputs.map((t: s.Tensor, i: number) => (t.dtype === "int32" ? -1 : i)).filter((i: number) => i >= 0);
            const go = toTensor(step.gradOutput, dtype);
            const params = m === null ? {} : m.parameters();
            const f = (tree: { params: s.Params; xs: s.Tensor[] }): [s.Tensor, unknown] => {
              const args = inputs.map((t: s.Tensor, i: number) => (floatIdx.includes(i) ? tree.xs[floatIdx.indexOf(i)] : t));
              let out: s.Tensor, w: s.Tensor | undefined;
              if (layer.layer === "scaledDotProductAttention") [out, w] = s.attentionWithWeights(args[0], args[1], args[2], opts);
              else if (layer.layer === "MultiheadAttention") {
                const [q, k, v] = args.length === 1 ? [args[0], args[0], args[0]] : args;
                [out, w] = (m as s.MultiheadAttention).callWithWeights(tree.params, q, k, v, opts);
              } else out = (m as s.Module).call(tree.params, args[0]);
              return [s.sum(s.mul(out, go)), { out, w }];
            };
            const [, grads, aux] = s.valueAndGrad(f, { hasAux: true })({ params, xs: floatIdx.map((i: number) => inputs[i]) }) as [s.Tensor, { params: s.Params; xs: s.Tensor[] }, { out: s.Tensor; w?: s.Tensor }];
            const at = `step ${si} (${step.mode})`;
            expectClose(aux.out, step.output, `${at} output`, dtype);
            if (step.extra?.attnWeights) expectClose(aux.w as s.Tensor, step.extra.attnWeights, `${at} attention weights`, dtype);
            step.gradInputs.forEach((g: FT | null, i: number) => {
              if (g !== null) expectClose(grads.xs[floatIdx.indexOf(i)], g, `${at} gradient of ${step.inputNames[i]}`, dtype);
            });
            for (const [n, g] of Object.entries(step.grads)) expectClose(grads.params[n], g as FT, `${at} gradient of ${n}`, dtype);
            for (const [n, b] of Object.entries(step.buffers ?? {})) expectClose((m as s.Module).buffers()[n], b as FT, `${at} buffer ${n}`, dtype);
          });
          m?.dispose();
        });
      });
    }
  });
}

describe("Module bookkeeping", () => {
  it("names parameters like torch's state dict and restores them from one", () => {
    s.scope(() => {
      const k = s.key(3);
      const net = new s.Sequential(new s.Linear(4, 3, { key: s.foldIn(k, 0) }), new s.ReLU(), new s.BatchNorm1d(3), new s.Linear(3, 2, { key: s.foldIn(k, 1) }));
      expect(Object.keys(net.parameters())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias"]);
      expect(Object.keys(net.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var", "2.num_batches_tracked", "3.weight", "3.bias"]);
      expect(net.numParameters()).toBe(4 * 3 + 3 + 3 + 3 + 3 * 2 + 2);
      const other = new s.Sequential(new s.Linear(4, 3, { key: s.key(9) }), new s.ReLU(), new s.BatchNorm1d(3), new s.Linear(3, 2, { key: s.key(8) }));
      other.loadStateDict(net.stateDict());
      const x = s.normal(s.key(5), [6, 4]);
      expect(other.eval().forward(x).toArray()).toEqual(net.eval().forward(x).toArray());
      expect(() => other.loadStateDict({ "0.weight": s.zeros([3, 4]) })).toThrow(/missing .*0\.bias/);
      expect(() => other.loadStateDict({ ...net.stateDict(), "0.weight": s.zeros([4, 3]) })).toThrow(/0\.weight.*\[4, 3\].*\[3, 4\]/);
      net.dispose();
      other.dispose();
    });
  });

  it("gives valueAndGrad a tree it differentiates, with the gradient keyed like the parameters", () => {
    s.scope(() => {
      const net = new s.Sequential(new s.Linear(3, 2, { key: s.key(1) }), new s.Tanh());
      const x = s.normal(s.key(2), [5, 3]);
      const [loss, g] = s.valueAndGrad((p: s.Params) => s.sum(net.call(p, x)))(net.parameters());
      expect(loss.item()).toBeCloseTo(s.sum(net.forward(x)).item(), 6);
      expect(Object.keys(g)).toEqual(["0.weight", "0.bias"]);
      expect(g["0.weight"].shape).toEqual([2, 3]);
      net.dispose();
    });
  });

  it("makes dropout the identity in eval mode and inverted (E[y] = x) in training, with masks from the key", () => {
    s.scope(() => {
      const d = new s.Dropout(0.25);
      const x = s.ones([20000]);
      expect(() => d.forward(x)).toThrow(/key is required/);
      const y = d.forward(x, { key: s.key(4) }).toArray();
      const kept = y.filter((v) => v !== 0);
      expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
      // fraction kept ~ Binomial(n, 0.75)/n: within 4 standard errors
      expect(Math.abs(kept.length / 20000 - 0.75)).toBeLessThan(4 * Math.sqrt(0.75 * 0.25 / 20000));
      expect(d.forward(x, { key: s.key(4) }).toArray()).toEqual(y);
      expect(d.eval().forward(x).toArray()).toEqual(x.toArray());
    });
  });

  it("gives two dropouts in a Sequential different masks (foldIn of the child index)", () => {
    s.scope(() => {
      const net = new s.Sequential(new s.Dropout(0.5), new s.Dropout(0.5));
      const a = s.dropout(s.ones([64]), 0.5, { key: s.foldIn(s.key(1), 0) }).toArray();
      const y = net.forward(s.ones([64]), { key: s.key(1) }).toArray();
      expect(y).not.toEqual(Array.from(a, (v) => v * 2));
    });
  });

  it("rejects bad arguments with errors naming them", () => {
    expect(() => new s.Linear(3, 2)).toThrow(/Linear: options.key is required/);
    expect(() => new s.Linear(-1, 2, { key: s.key(0) })).toThrow(/inFeatures/);
    expect(() => new s.MultiheadAttention(6, 4, { key: s.key(0) })).toThrow(/divisible/);
    s.scope(() => {
      const lin = new s.Linear(3, 2, { key: s.key(0) });
      expect(() => lin.forward(s.zeros([2, 4]))).toThrow(/\[\.\.\., 3\].*\[2, 4\]/);
      expect(() => lin.call({}, s.zeros([2, 3]))).toThrow(/params\["weight"\]/);
      expect(() => new s.BatchNorm1d(3).forward(s.zeros([1, 3]))).toThrow(/more than 1 value/);
      lin.dispose();
    });
  });

  it("gives MultiheadAttention with batchFirst false torch's [L, N, E] layout: the transpose of batchFirst true", () => {
    s.scope(() => {
      const a = new s.MultiheadAttention(4, 2, { key: s.key(1), batchFirst: true });
      const b = new s.MultiheadAttention(4, 2, { key: s.key(1) });
      const x = s.normal(s.key(2), [2, 3, 4]);
      const ya = a.forward(x, x, x), yb = b.forward(s.transpose(x, 0, 1));
      expect(s.transpose(yb, 0, 1).toArray()).toEqual(ya.toArray());
      a.dispose();
      b.dispose();
    });
  });

  it("keeps a cumulative average of the batch statistics with momentum null, as torch", () => {
    s.scope(() => {
      const bn = new s.BatchNorm1d(2, { momentum: null, dtype: "float64" });
      const xs = [s.tensor([[1, 2], [3, 6]], [2, 2], "float64"), s.tensor([[5, 0], [9, 4]], [2, 2], "float64")];
      for (const x of xs) bn.forward(x);
      // batch means (2, 4) and (7, 2); unbiased variances (2, 8) and (8, 8); start 0 and 1, then 1/1, then 1/2
      expect(Array.from(bn.buffers().running_mean.toArray())).toEqual([4.5, 3]);
      expect(Array.from(bn.buffers().running_var.toArray())).toEqual([5, 8]);
      expect(bn.buffers().num_batches_tracked.item()).toBe(2);
      bn.dispose();
    });
  });

  it("leaks nothing through a training step", () => {
    const net = new s.Sequential(new s.Linear(8, 4, { key: s.key(1) }), new s.ReLU(), new s.Dropout(0.2), new s.BatchNorm1d(4), new s.Linear(4, 3, { key: s.key(2) }));
    const x = s.normal(s.key(3), [5, 8]);
    const before = s.memory().tensors;
    const [l, g] = s.valueAndGrad((p: s.Params) => s.crossEntropy(net.call(p, x, { key: s.key(7) }), [0, 1, 2, 0, 1]).loss)(net.parameters());
    l.dispose();
    for (const t of Object.values(g)) t.dispose();
    expect(s.memory().tensors).toBe(before);
    net.dispose();
    x.dispose();
  });
});
