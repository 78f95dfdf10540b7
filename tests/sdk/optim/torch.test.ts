// SGD, Adam, AdamW, RMSprop and Adagrad against torch.optim 1.13 trajectories on fixed gradient sequences
// (tests/fixtures/optim, make.py): every parameter after every step, float64 to 1e-6 relative (the kernels
// follow torch's operation order but torch's vectorised add fuses multiply-adds: the worst seen is 1.1e-14)
// and float32 to 2e-5 relative to max(|x|, 1e-3) (float32 rounding accumulated over 12 steps: worst 5.6e-6).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Adagrad, Adam, AdamW, init, initSync, memory, RMSprop, scope, SGD, tensor, type Optimizer, type Tensor } from "../../../sdk/index";

interface Run { kind: string; options: Record<string, number | boolean>; float64: number[][][]; float32: number[][][] }
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/optim/data.json", import.meta.url), "utf8")) as {
  init: number[][]; shapes: number[][]; grads: number[][][]; runs: Run[];
};
const CLASSES = { SGD, Adam, AdamW, RMSprop, Adagrad } as unknown as Record<string, new (p: unknown, o: unknown) => Optimizer>;

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

// Runs one configuration from the fixture; returns the flat parameters after every step.
export function trajectory(run: Run, dtype: "float32" | "float64", steps = fixture.grads.length): number[][][] {
  return scope(() => {
    const params = fixture.init.map((p, i) => tensor(p, fixture.shapes[i], dtype));
    const opt = new CLASSES[run.kind](params, run.options);
    const out: number[][][] = [];
    for (let s = 0; s < steps; s++) {
      scope(() => opt.step(fixture.grads[s].map((g, i) => tensor(g, fixture.shapes[i], dtype))));
      out.push(params.map((p: Tensor) => Array.from(p.toArray())));
    }
    opt.dispose();
    return out;
  });
}

describe("torch-exact optimizers", () => {
  beforeAll(async () => { await init(); });

  for (const run of fixture.runs) {
    const label = `${run.kind} ${JSON.stringify(run.options)}`;
    it(`follows torch's float64 trajectory to 1e-6 relative: ${label}`, () => {
      const got = trajectory(run, "float64");
      let worst = 0;
      got.forEach((step, s) => step.forEach((p, i) => p.forEach((v, j) => { worst = Math.max(worst, relErr(v, run.float64[s][i][j])); })));
      expect(worst).toBeLessThan(1e-6);
    });
    it(`follows torch's float32 trajectory to 2e-5 relative: ${label}`, () => {
      const got = trajectory(run, "float32");
      let worst = 0;
      got.forEach((step, s) => step.forEach((p, i) => p.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - run.float32[s][i][j]) / Math.max(Math.abs(run.float32[s][i][j]), 1e-3)); })));
      expect(worst).toBeLessThan(2e-5);
    });
  }

  it("gives the same bits in the SIMD and the scalar build", () => {
    const simd = fixture.runs.map((r) => trajectory(r, "float32", 4).concat(trajectory(r, "float64", 4)));
    initSync({ simd: false });
    const scalar = fixture.runs.map((r) => trajectory(r, "float32", 4).concat(trajectory(r, "float64", 4)));
    initSync({ simd: true });
    expect(scalar).toEqual(simd);
  });

  it("creates a momentum buffer when a schedule turns momentum on later, with torch's b = d on that step", () => scope(() => {
    const p = tensor([1, 2], [2], "float64");
    const opt = new SGD([p], { lr: 0.1 });
    opt.step([tensor([1, 1], [2], "float64")]);            // p = [0.9, 1.9], no buffer
    opt.options.momentum = 0.5;
    opt.step([tensor([2, -2], [2], "float64")]);           // b = d = [2, −2]: p = [0.7, 2.1]
    opt.step([tensor([2, -2], [2], "float64")]);           // b = 0.5b + d = [3, −3]: p = [0.4, 2.4]
    const got = Array.from(p.toArray());
    [0.4, 2.4].forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(1e-12));
    expect(Object.keys(opt.stateDict().state)).toEqual(["momentum_buffer.0"]);
    opt.dispose();
  }));

  it("rejects bad options before any state exists, naming them", () => scope(() => {
    const p = tensor([1, 2], [2], "float64");
    expect(() => new SGD([p], { lr: -1 })).toThrow(/SGD: lr must be a finite number ≥ 0, got -1/);
    expect(() => new Adam([p], { beta1: 1 })).toThrow(/beta1 and beta2 must be < 1/);
    expect(() => new Adam([p], { betas: [0.9, 0.99] } as never)).toThrow(/unknown option "betas"/);
    expect(() => new SGD([p, tensor([1], [1])], { lr: 0.1 })).toThrow(/params.1 is float32 but params.0 is float64/);
    const opt = new SGD([p], { lr: 0.1 });
    expect(() => opt.step([tensor([1, 2, 3], [3], "float64")])).toThrow(/grads.0 must have shape \[2\] like its parameter, got \[3\]/);
    opt.dispose();
    expect(() => opt.step([p])).toThrow(/SGD was used after dispose\(\)/);
  }));

  it("leaves no tensors behind after dispose()", () => {
    const before = memory().tensors;
    trajectory(fixture.runs[7], "float64", 2);
    expect(memory().tensors).toBe(before);
  });
});
