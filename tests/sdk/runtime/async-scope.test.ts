// scope() is synchronous (like tf.tidy). Before, an async fn was run, its tensors made after the first await
// escaped every scope, and a later throw became an unhandled rejection. Now an async function is refused before
// it runs; a plain function returning a promise is refused after it returned, with its tensors disposed, the
// promise's eventual tensors disposed and its rejection absorbed.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("scope with asynchronous functions", () => {
  it("refuses an async function before running any of it", () => {
    let ran = false;
    const before = S.memory().tensors;
    expect(() => S.scope((async () => { ran = true; return S.zeros([1]); }) as never)).toThrow(/scope\(fn\): fn must be synchronous.*async function/);
    expect(ran).toBe(false);
    expect(S.memory().tensors).toBe(before);
  });

  it("a function returning a promise: its tensors are disposed now, the promise's value when it settles", async () => {
    const before = S.memory().tensors;
    expect(() => S.scope(() => { S.zeros([2]); return tick().then(() => S.zeros([3])); })).toThrow(/returned a promise/);
    expect(S.memory().tensors).toBe(before);
    await tick();
    await tick();
    expect(S.memory().tensors).toBe(before);
  });

  it("a later rejection of that promise is absorbed, not an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      expect(() => S.scope(() => tick().then(() => { throw new Error("late"); }))).toThrow(/returned a promise/);
      await tick();
      await tick();
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
