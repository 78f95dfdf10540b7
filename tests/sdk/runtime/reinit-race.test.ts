// Re-initialisation races (issue 14): init() checked for live tensors before awaiting compilation, so a tensor
// made meanwhile was silently invalidated and memory() forgot it; initSync inside scope() emptied the scope stack,
// so tensors made after it belonged to no scope and leaked.
import { describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

describe("re-initialisation", () => {
  it("a tensor made while init() awaits keeps its core: init rejects, the tensor works, memory() counts it", async () => {
    await S.init();
    const p = S.init({ simd: false });
    const t = S.tensor([1, 2, 3]);
    await expect(p).rejects.toThrow(/cannot re-initialise stochasm with a different core while 1 tensor\(s\) are alive/);
    expect(Array.from(t.toArray())).toEqual([1, 2, 3]);
    expect(S.memory().tensors).toBe(1);
    t.dispose();
    expect(S.memory().tensors).toBe(0);
    expect((await S.init({ simd: false })).simd).toBe(false);
    await S.init({ simd: true });
  });

  it("two overlapping init() calls with the same options load one core", async () => {
    const a = S.init({ simd: false });
    const b = S.init({ simd: false });
    await Promise.all([a, b]);
    const t = S.zeros([2]);
    await S.init({ simd: false }); // same options: a no-op, t survives
    expect(Array.from(t.toArray())).toEqual([0, 0]);
    t.dispose();
    await S.init({ simd: true });
  });

  it("initSync inside scope() keeps the scope stack: tensors made after it are disposed by the scope", () => {
    expect(S.memory().tensors).toBe(0);
    const kept = S.scope(() => {
      S.initSync({ simd: false });
      S.zeros([4]);
      return S.zeros([1]);
    });
    expect(S.memory().tensors).toBe(1);
    kept.dispose();
    expect(S.memory().tensors).toBe(0);
    S.initSync({ simd: true });
  });

  it("init(null) and initSync(5) are refused by name", async () => {
    await expect(S.init(null as never)).rejects.toThrow(/init: options must be an object, got null/);
    expect(() => S.initSync(5 as never)).toThrow(/initSync: options must be an object, got 5/);
  });
});
