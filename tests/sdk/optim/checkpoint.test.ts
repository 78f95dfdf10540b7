// Checkpoints: an optimizer's stateDict carries its state tensors, step and options; saved as safetensors or
// JSON with the parameters and loaded into a fresh optimizer, training resumes with the same bits as training
// straight through (Adam with amsgrad, RMSprop centered with momentum, NoisySGD and pSGLD, whose noise
// depends on the step).
import { beforeAll, describe, expect, it } from "vitest";
import {
  Adam, init, key, loadSafetensors, NoisySGD, optimizerStateFromJSON, optimizerStateFromSafetensors, optimizerStateToJSON,
  optimizerStateToSafetensors, PSGLD, RMSprop, saveSafetensors, scope, SGD, tensor, type Optimizer, type Tensor,
} from "../../../sdk/index";

type Make = (params: Tensor[]) => Optimizer;
const grad = (t: number, i: number, n: number) => Array.from({ length: n }, (_, j) => Math.sin(1 + 0.7 * t + 1.3 * i + 0.11 * j) * (1 + t * 0.1));
const start = () => [tensor(new Float64Array([0.5, -1, 2, 0.25]), [2, 2]), tensor(new Float64Array([1, -3]), [2])];

function steps(opt: Optimizer, params: Tensor[], from: number, to: number): void {
  for (let t = from; t < to; t++) scope(() => opt.step(params.map((p, i) => tensor(new Float64Array(grad(t, i, p.size)), p.shape))));
}

function straight(make: Make): number[][] {
  return scope(() => {
    const params = start();
    const opt = make(params);
    steps(opt, params, 0, 10);
    opt.dispose();
    return params.map((p) => Array.from(p.toArray()));
  });
}

function resumed(make: Make, format: "safetensors" | "json"): number[][] {
  return scope(() => {
    let saved: { params: Uint8Array; opt: Uint8Array | string };
    {
      const params = start();
      const opt = make(params);
      steps(opt, params, 0, 5);
      const sd = opt.stateDict();
      saved = { params: saveSafetensors({ "0": params[0], "1": params[1] }), opt: format === "json" ? optimizerStateToJSON(sd) : optimizerStateToSafetensors(sd) };
      opt.dispose();
    }
    const p = loadSafetensors(saved.params).tensors;
    const params = [p["0"], p["1"]];
    const opt = make(params);
    opt.loadStateDict(typeof saved.opt === "string" ? optimizerStateFromJSON(saved.opt) : optimizerStateFromSafetensors(saved.opt));
    expect(opt.stepCount).toBe(5);
    steps(opt, params, 5, 10);
    opt.dispose();
    return params.map((q) => Array.from(q.toArray()));
  });
}

const MAKERS: Record<string, Make> = {
  "Adam (amsgrad)": (p) => new Adam(p, { lr: 0.05, amsgrad: true, weightDecay: 0.01 }),
  "RMSprop (centered, momentum)": (p) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.9 }),
  "SGD (nesterov)": (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
  NoisySGD: (p) => new NoisySGD(p, { lr: 0.05, key: key(9), noise: { kind: "annealed", eta: 0.5 } }),
  pSGLD: (p) => new PSGLD(p, { key: key(10), a: 0.01 }),
};

describe("optimizer checkpoints", () => {
  beforeAll(async () => { await init(); });
  for (const [name, make] of Object.entries(MAKERS)) {
    for (const format of ["safetensors", "json"] as const) {
      it(`${name}: resuming from a ${format} checkpoint at step 5 gives the bits of 10 steps straight through`, () => {
        expect(resumed(make, format)).toEqual(straight(make));
      });
    }
  }
  it("a checkpoint that loses the step count does not resume bit-exactly (the test can fail)", () => {
    const make = MAKERS["Adam (amsgrad)"];
    const broken = scope(() => {
      const params = start();
      const opt = make(params);
      steps(opt, params, 0, 5);
      const sd = opt.stateDict();
      const fresh = make(params);
      fresh.loadStateDict({ ...sd, step: 0 });
      steps(fresh, params, 5, 10);
      opt.dispose(); fresh.dispose();
      return params.map((q) => Array.from(q.toArray()));
    });
    expect(broken).not.toEqual(straight(make));
  });
  it("refuses a state dict from another kind of optimizer, naming both", () => scope(() => {
    const params = start();
    const sd = new SGD(params, { lr: 0.1 }).stateDict();
    expect(() => new Adam(params).loadStateDict(sd)).toThrow(/Adam.loadStateDict: the dict is from "SGD", not Adam/);
  }));
});
