import { beforeAll, describe, expect, it } from "vitest";
import { bernoulli, init, key, memory, normal, randint, truncatedNormal, uniform } from "../../../sdk/index";

beforeAll(async () => {
  await init();
});

describe("sampling errors", () => {
  it("rejects σ ≤ 0, NaN and infinite parameters with errors that name the argument", () => {
    const k = key(0);
    const base = memory();
    expect(() => normal(k, [3], { std: 0 })).toThrow("std must be > 0, got 0");
    expect(() => normal(k, [3], { std: -1 })).toThrow(/std must be > 0, got -1/);
    expect(() => normal(k, [3], { mean: Number.NaN })).toThrow(/mean must be a finite number, got NaN/);
    expect(() => truncatedNormal(k, [3], { std: Infinity })).toThrow(/std must be a finite number/);
    expect(() => uniform(k, [3], { low: 1, high: 1 })).toThrow(/low must be < high/);
    expect(() => bernoulli(k, [3], 1.5)).toThrow(/p must be a probability in \[0, 1\], got 1.5/);
    expect(() => bernoulli(k, [3], Number.NaN)).toThrow(/p must be a probability/);
    expect(() => randint(k, [3], 0, 0)).toThrow(/low must be < high/);
    expect(() => randint(k, [3], 0.5, 2)).toThrow(/low must be an integer/);
    expect(() => normal({ k0: 1, k1: 2 } as never, [3])).toThrow(/key must be a Key/);
    expect(() => normal(k, [3], { offset: -1 })).toThrow(/offset must be in/);
    expect(() => normal(k, [3], { offset: 2 ** 32 - 2 })).toThrow(/offset \+ size must be ≤ 2\^32/);
    expect(memory()).toEqual(base); // nothing leaked by the failed calls
    const ok = normal(k, [3]);
    expect(ok.size).toBe(3); // the module is still usable
    ok.dispose();
  });
});
