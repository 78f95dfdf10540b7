import { beforeAll, describe, expect, it } from "vitest";
import { Generator, init, key, normal, split } from "../../../sdk/index";

beforeAll(async () => {
  await init();
});

function firstValues(g: Generator): number[] {
  const t = normal(g.next(), [4]);
  const v = Array.from(t.toArray());
  t.dispose();
  return v;
}

describe("Generator", () => {
  it("repeats the same sequence after manualSeed with the same seed", () => {
    const g = new Generator().manualSeed(7);
    const a = [firstValues(g), firstValues(g)];
    g.manualSeed(7);
    expect([firstValues(g), firstValues(g)]).toEqual(a);
    expect(a[0]).not.toEqual(a[1]);
    expect(g.initialSeed()).toBe(7);
  });

  it("hands out split(current)[1] and keeps split(current)[0], as documented", () => {
    const g = new Generator(11);
    const [keep, use] = split(key(11));
    expect(g.next().equals(use)).toBe(true);
    expect(g.getState().equals(keep)).toBe(true);
  });

  it("restores a saved state", () => {
    const g = new Generator(3);
    g.next();
    const state = g.getState();
    const after = g.nextKeys(3).map(String);
    expect(new Generator().setState(state).nextKeys(3).map(String)).toEqual(after);
  });
});
