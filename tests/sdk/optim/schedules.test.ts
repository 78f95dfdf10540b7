// Learning-rate schedules against torch.optim.lr_scheduler 1.13 (tests/fixtures/optim): the lr (and the
// one-cycle momentum) at every one of 30 steps, to 1e-12 relative (torch steps its chainable forms, which
// round differently from the closed forms by a few ulps). Gradient clipping against torch.nn.utils.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Adam, clipGradNorm, clipGradValue, cosineSchedule, exponentialSchedule, globalNorm, init, LRScheduler, multiStepSchedule,
  oneCycleSchedule, scope, SGD, stepSchedule, tensor, warmupCosineSchedule, type Schedule,
} from "../../../sdk/index";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/optim/data.json", import.meta.url), "utf8"));
const close = (got: number[], want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]) / Math.max(Math.abs(want[i]), 1e-300), `step ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol));
};

function run(lr: Schedule, momentum: Schedule | null = null, adam = false): { lr: number[]; momentum: number[] } {
  return scope(() => {
    const p = tensor([0], [1], "float64");
    const opt = adam ? new Adam([p], { lr: 0.1 }) : new SGD([p], { lr: 0.1, momentum: 0.9 });
    const sched = new LRScheduler(opt, lr, momentum);
    const out = { lr: [] as number[], momentum: [] as number[] };
    for (let t = 0; t < 30; t++) {
      out.lr.push(opt.lr);
      out.momentum.push((opt.options as Record<string, number>)[adam ? "beta1" : "momentum"]);
      opt.step([tensor([0], [1], "float64")]);
      if (t < 29) sched.step(); // one-cycle's last step is totalSteps − 1
    }
    opt.dispose();
    return out;
  });
}

describe("learning-rate schedules", () => {
  beforeAll(async () => { await init(); });
  const S = fixture.schedules;

  it("StepLR(stepSize 5, γ 0.5) as torch", () => close(run(stepSchedule(0.1, { stepSize: 5, gamma: 0.5 })).lr, S.step.lr, 1e-12));
  it("MultiStepLR([3, 7, 12], γ 0.3) as torch", () => close(run(multiStepSchedule(0.1, { milestones: [3, 7, 12], gamma: 0.3 })).lr, S.multistep.lr, 1e-12));
  it("ExponentialLR(γ 0.9) as torch", () => close(run(exponentialSchedule(0.1, { gamma: 0.9 })).lr, S.exponential.lr, 1e-12));
  it("CosineAnnealingLR(T_max 20, η_min 0.001) as torch, past T_max too", () => close(run(cosineSchedule(0.1, { tMax: 20, etaMin: 0.001 })).lr, S.cosine.lr, 1e-12));
  it("linear warmup then cosine as torch's SequentialLR(LinearLR, CosineAnnealingLR)", () => {
    close(run(warmupCosineSchedule(0.1, { warmupSteps: 5, totalSteps: 30, startFactor: 0.1 })).lr, S.warmupCosine.lr, 1e-12);
  });
  it("OneCycleLR's lr and momentum as torch (SGD)", () => {
    const s = oneCycleSchedule({ maxLr: 0.1, totalSteps: 30 });
    const got = run(s.lr, s.momentum);
    close(got.lr, S.oneCycle.lr, 1e-12);
    close(got.momentum, S.oneCycle.momentum, 1e-12);
  });
  it("OneCycleLR cycles Adam's beta1 as torch", () => {
    const s = oneCycleSchedule({ maxLr: 0.3, totalSteps: 30, pctStart: 0.25, divFactor: 10, finalDivFactor: 100 });
    const got = run(s.lr, s.momentum, true);
    close(got.lr, S.oneCycleAdam.lr, 1e-12);
    close(got.momentum, S.oneCycleAdam.momentum, 1e-12);
  });
  it("OneCycleLR with linear annealing and three phases as torch", () => {
    const s = oneCycleSchedule({ maxLr: 0.1, totalSteps: 30, annealStrategy: "linear", threePhase: true });
    const got = run(s.lr, s.momentum);
    close(got.lr, S.oneCycleLinearThreePhase.lr, 1e-12);
    close(got.momentum, S.oneCycleLinearThreePhase.momentum, 1e-12);
  });
  it("warmup from 0 then cosine as Hugging Face's get_cosine_schedule_with_warmup (torch's LambdaLR)", () => {
    close(run(warmupCosineSchedule(0.1, { warmupSteps: 5, totalSteps: 30, startFactor: 0 })).lr, S.warmupCosineFromZero.lr, 1e-12);
  });
  it("rejects a fractional stepSize, naming it", () => {
    expect(() => stepSchedule(0.1, { stepSize: 2.5 })).toThrow(/stepSize must be an integer ≥ 1, got 2.5/);
    expect(() => stepSchedule(0.1, { stepSize: 2, gama: 0.1 } as never)).toThrow(/unknown option "gama"/);
    expect(() => oneCycleSchedule({ maxLr: 0.1, totalSteps: 30 }).lr(30)).toThrow(/step 30 is past the cycle's last step 29/);
  });
});

describe("gradient clipping", () => {
  beforeAll(async () => { await init(); });
  for (const c of fixture.clipNorm) {
    const normType = c.normType === "inf" ? Infinity : c.normType;
    it(`clipGradNorm(maxNorm ${c.maxNorm}, normType ${normType}) returns torch's norm and scales as torch`, () => scope(() => {
      const g = fixture.grads[5].map((x: number[], i: number) => tensor(x, fixture.shapes[i], "float64"));
      const norm = clipGradNorm(g, c.maxNorm, normType);
      expect(Math.abs(norm - c.norm) / c.norm).toBeLessThan(1e-14);
      g.forEach((t: ReturnType<typeof tensor>, i: number) => close(Array.from(t.toArray()), c.grads[i], 1e-14));
    }));
  }
  it("clipGradValue clamps as torch's clip_grad_value_", () => scope(() => {
    const g = fixture.grads[5].map((x: number[], i: number) => tensor(x, fixture.shapes[i], "float32"));
    clipGradValue(g, fixture.clipValue.clipValue);
    g.forEach((t: ReturnType<typeof tensor>, i: number) => close(Array.from(t.toArray()), fixture.clipValue.grads[i].map(Math.fround), 0));
  }));
  it("globalNorm of a nested tree is the norm of the concatenation", () => scope(() => {
    expect(globalNorm({ a: tensor([3], [1], "float64"), b: [tensor([4, 0], [2], "float64")] })).toBe(5);
  }));
  it("rejects a negative maxNorm and mixed dtypes", () => scope(() => {
    expect(() => clipGradNorm([tensor([1])], -1)).toThrow(/maxNorm must be a finite number ≥ 0, got -1/);
    expect(() => clipGradNorm([tensor([1])], 1, 3)).toThrow(/normType must be 2, 1 or Infinity, got 3/);
    expect(() => globalNorm([tensor([1]), tensor([1], [1], "float64")])).toThrow(/grads.1 is float64 but grads.0 is float32/);
  }));
});
