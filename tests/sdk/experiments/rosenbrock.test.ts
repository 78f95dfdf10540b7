// Issue 15 item 9, seed 003: the optimizers on Rosenbrock against torch.optim 1.13 (tests/fixtures/rosenbrock,
// make.py) and the Hessians of Rosenbrock and the saddle x² − y² against their closed forms and torch's.
// float64 runs within 1e-10 relative (RMSprop, chaotic after step 233: up to step 200 only); float32 runs within
// max(1e-5, 4·(torch's own float32-vs-float64 difference)) relative — how far float32 rounding moves torch's result
// bounds how closely two float32 implementations can agree.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { init, key, memory, tensor, experiments, hessianSpectrum, rosenbrock, sub, square, select, type ExperimentResult } from "../../../sdk/index";
import { ROSENBROCK_CHECKPOINTS, ROSENBROCK_OPTIMIZERS, TORCH_ROSENBROCK, rosenbrockOptimizerExperiment, rosenbrockRun, type RosenbrockOptimizer } from "../../../sdk/experiments/rosenbrock";
import { rosenbrockHessian, symmetric2x2Eigenvalues } from "../../../sdk/experiments/curvature";

interface Run { finalLoss: number; x: number; y: number; lossAtFinalPoint: number; lossAt: number[]; pointAt: number[][] }
interface Fixture {
  checkpoints: number[];
  runs: { key: RosenbrockOptimizer; label: string; kind: string; options: Record<string, number>; float64: Run; float32: Run }[];
  hessians: { surface: string; point: number[]; name: string; hessian: number[][]; eigenvalues: number[]; condition: number; gradient: number[] }[];
}
const fx = JSON.parse(readFileSync(new URL("../../fixtures/rosenbrock/data.json", import.meta.url), "utf8")) as Fixture;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const run = (name: string): ExperimentResult[] => experiments.find((e) => e.name === name)!.run(key(0), "small") as ExperimentResult[];

beforeAll(async () => { await init(); });

describe("the torch numbers in sdk/experiments/rosenbrock.ts", () => {
  it("equal the fixture (the fixture is the source of truth)", () => {
    const at200 = fx.checkpoints.indexOf(200);
    const fromFixture = Object.fromEntries(fx.runs.map((r) => [r.key, { finalLoss: r.float64.finalLoss, x: r.float64.x, y: r.float64.y, lossAt200: r.float64.lossAt[at200] }]));
    expect(TORCH_ROSENBROCK).toEqual(fromFixture);
  });

  it("come from the seed's five configurations", () => {
    expect(fx.runs.map((r) => [r.key, r.label, r.kind, r.options])).toEqual([
      ["sgd", "SGD (lr=0.001)", "SGD", { lr: 0.001 }],
      ["sgdMomentum", "SGD+momentum", "SGD", { lr: 0.001, momentum: 0.9 }],
      ["adam", "Adam", "Adam", { lr: 0.01 }],
      ["adamW", "AdamW (wd=0.01)", "AdamW", { lr: 0.01, weightDecay: 0.01 }],
      ["rmsprop", "RMSprop", "RMSprop", { lr: 0.01 }],
    ]);
    for (const r of fx.runs) expect(ROSENBROCK_OPTIMIZERS[r.key].label).toBe(r.label);
    // the seed's printed table (torch's default float32): "SGD (lr=0.001) | 2.102224 | -0.44650 | 0.20657"
    const sgd = fx.runs[0].float32;
    expect([sgd.finalLoss.toFixed(6), sgd.x.toFixed(5), sgd.y.toFixed(5)]).toEqual(["2.102224", "-0.44650", "0.20657"]);
  });
});

describe("seed 003's optimizers on Rosenbrock", () => {
  for (const r of fx.runs) {
    it(`${r.label} follows torch's float64 run at every checkpoint${r.key === "rmsprop" ? " up to step 200" : ""}, to 1e-10 relative`, () => {
      const ours = rosenbrockRun(r.key, { dtype: "float64" });
      fx.checkpoints.forEach((t, i) => {
        if (r.key === "rmsprop" && t > 200) return;
        expect(rel(ours.losses[t - 1], r.float64.lossAt[i]), `loss at step ${t}`).toBeLessThan(1e-10);
      });
      if (r.key !== "rmsprop") {
        expect(rel(ours.x, r.float64.x)).toBeLessThan(1e-10);
        expect(rel(ours.y, r.float64.y)).toBeLessThan(1e-10);
      }
    });

    it(`${r.label} in float32 ends within max(1e-5, 4 × torch's float32-vs-float64 difference) of torch's float32 run`, () => {
      const ours = rosenbrockRun(r.key, { dtype: "float32" });
      const t32 = r.float32, t64 = r.float64;
      const spread = Math.max(rel(t32.finalLoss, t64.finalLoss), rel(t32.x, t64.x), rel(t32.y, t64.y));
      const tol = Math.max(1e-5, 4 * spread);
      expect(rel(ours.losses[499], t32.finalLoss)).toBeLessThan(tol);
      expect(rel(ours.x, t32.x)).toBeLessThan(tol);
      expect(rel(ours.y, t32.y)).toBeLessThan(tol);
    });
  }

  it("SGD and SGD + momentum give torch's float64 bits exactly (no fused multiply-adds in their updates)", () => {
    for (const k of ["sgd", "sgdMomentum"] as const) {
      const ours = rosenbrockRun(k);
      const t = fx.runs.find((r) => r.key === k)!.float64;
      expect([ours.losses[499], ours.x, ours.y]).toEqual([t.finalLoss, t.x, t.y]);
    }
  });

  it("rows: every optimizer agrees, with the final point and the loss trajectory in the details", () => {
    for (const name of ["rosenbrock-sgd", "rosenbrock-sgd-momentum", "rosenbrock-adam", "rosenbrock-adamw", "rosenbrock-rmsprop"]) {
      const rows = run(name);
      for (const row of rows) expect(row.agrees, JSON.stringify(row)).toBe(true);
      const d = rows[rows.length - 1].details as { x: number; y: number; lossAt: Record<string, number> };
      expect(Object.keys(d.lossAt)).toEqual(ROSENBROCK_CHECKPOINTS.map((t) => `step${t}`));
      expect(d.lossAt.step500).toBe(rows[rows.length - 1].simulation);
    }
    const rms = run("rosenbrock-rmsprop");
    expect(rms.map((r) => r.name)).toEqual(["rosenbrock:rmsprop loss at step 200 (float64)", "rosenbrock:rmsprop final loss (float64, chaotic)"]);
    // the spread is real (runs a few ulps apart end ~1e-3 apart), and far below torch's float32-vs-float64 gap
    expect(rms[1].standardError).toBeGreaterThan(1e-5);
    expect(4 * rms[1].standardError).toBeLessThan(Math.abs(fx.runs[4].float32.finalLoss - fx.runs[4].float64.finalLoss));
  });

  it("the checks have power: a wrong hyper-parameter or a wrong reference is rejected", () => {
    const adam = rosenbrockOptimizerExperiment({ optimizer: "adam" })[0];
    const moved = (theory: number) => Math.abs(adam.simulation - theory) <= 1e-10 * Math.abs(theory);
    expect(moved(adam.theory as number)).toBe(true);
    expect(moved(fx.runs[3].float64.finalLoss)).toBe(false);             // AdamW's number is not Adam's
    expect(moved(fx.runs[2].float32.finalLoss)).toBe(false);             // torch's float32 run is 6.5e-6 away
    // RMSprop's rounding spread is narrow enough to reject torch's float32 run (17 % away) as the reference
    const rms = rosenbrockOptimizerExperiment({ optimizer: "rmsprop", perturbations: 6 })[1];
    expect(Math.abs(rms.simulation - fx.runs[4].float32.finalLoss)).toBeGreaterThan(4 * rms.standardError);
  });

  it("rejects bad input naming the argument", () => {
    expect(() => rosenbrock([1, 1] as never)).toThrow(/rosenbrock: p must be a Tensor \[x, y\] of shape \[2\], got \[1, 1\]/);
    expect(() => rosenbrock(tensor([1, 1, 1]))).toThrow(/rosenbrock: p must have shape \[2\] \(\[x, y\]\), got shape \[3\]/);
    expect(() => rosenbrockRun("lbfgs" as never)).toThrow(/optimizer must be one of sgd, sgdMomentum, adam, adamW, rmsprop, got "lbfgs"/);
    expect(() => rosenbrockRun("sgd", { steps: 0 })).toThrow(/steps must be an integer ≥ 1, got 0/);
    expect(() => rosenbrockRun("sgd", { dtype: "int32" as never })).toThrow(/dtype must be "float32" or "float64", got "int32"/);
    expect(() => rosenbrockOptimizerExperiment({ optimizer: "rmsprop", perturbations: 1 })).toThrow(/perturbations must be an integer ≥ 2, got 1/);
  });

  it("frees every tensor", () => {
    const before = memory().tensors;
    run("rosenbrock-adamw");
    run("rosenbrock-rmsprop");
    run("curvature-rosenbrock");
    run("curvature-saddle");
    expect(memory().tensors).toBe(before);
  });
});

describe("Hessians, eigenvalues and condition numbers (seed 003)", () => {
  it("Rosenbrock's Hessian at (1, 1) is [[802, −400], [−400, 200]] with κ ≈ 2508, as torch computes", () => {
    expect(rosenbrockHessian(1, 1)).toEqual([[802, -400], [-400, 200]]);
    expect(rosenbrockHessian(-1, 1)).toEqual([[802, 400], [400, 200]]);
    for (const h of fx.hessians) {
      const f = h.surface === "rosenbrock" ? rosenbrock : (p: ReturnType<typeof tensor>) => sub(square(select(p, 0, 0)), square(select(p, 0, 1)));
      const s = hessianSpectrum(f, tensor(h.point, [2], "float64"));
      expect(Array.from(s.hessian.toArray())).toEqual(h.hessian.flat());
      Array.from(s.eigenvalues.toArray()).forEach((v, i) => expect(Math.abs(v - h.eigenvalues[i])).toBeLessThan(1e-12 * 1001.6));
      expect(rel(s.condition, h.condition)).toBeLessThan(1e-11);
      expect(s.negative).toBe(h.surface === "saddle" ? 1 : 0);
      s.hessian.dispose(); s.eigenvalues.dispose();
      // the closed form against torch's LAPACK eigenvalues
      const [lo, hi] = symmetric2x2Eigenvalues(h.hessian[0][0], h.hessian[0][1], h.hessian[1][1]);
      expect(Math.abs(lo - h.eigenvalues[0])).toBeLessThan(1e-12);
      expect(rel(hi, h.eigenvalues[1])).toBeLessThan(1e-15);
    }
  });

  it("rows: the Hessian exactly, λmin, λmax and κ at the start, the minimum and the saddle", () => {
    const rows = [...run("curvature-rosenbrock"), ...run("curvature-saddle")];
    expect(rows.map((r) => r.name)).toEqual(["start (-1, 1)", "minimum (1, 1)", "saddle (0, 0)"].flatMap((at, i) =>
      ["Hessian by autograd", "λmin", "λmax", "condition number"].map((w) => `curvature:${i < 2 ? "rosenbrock" : "saddle"} ${w} at ${at}`)));
    for (const r of rows) expect(r.agrees, JSON.stringify(r)).toBe(true);
    expect(rows[3].simulation).toBeCloseTo(2508.0096, 3);
    expect(rows[11].simulation).toBe(1);
    expect(rows[9].simulation).toBe(-2);
    const probe = rows[8].details!.probe as { gradient: number[] };
    expect(probe.gradient).toEqual([0.02, -0.02]);                      // the seed prints df/dx = 0.0200, df/dy = −0.0200
    // power: the seed's λmax/(λmin + 1e-10) of an indefinite H is not its condition number
    expect(Math.abs(2 / (-2 + 1e-10) - rows[11].simulation) <= (rows[11].details!.tolerance as number)).toBe(false);
  });

  it("hessianSpectrum rejects bad input naming the argument", () => {
    expect(() => hessianSpectrum(3 as never, tensor([1, 1], [2], "float64"))).toThrow(/hessianSpectrum: f must be a function, got 3/);
    expect(() => hessianSpectrum(rosenbrock, tensor([1, 1, 1, 1], [2, 2], "float64"))).toThrow(/x must be a 1-D tensor with at least one element, got shape \[2, 2\]/);
    expect(() => hessianSpectrum(rosenbrock, [1, 1] as never)).toThrow(/x must be a Tensor/);
  });
});
