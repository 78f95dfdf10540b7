// A call before init() says so. Before, allocBytes wrapped core()'s error as "out of WASM memory allocating 8 bytes".
import { describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

describe("before init()", () => {
  it("every entry point names the missing init() call", () => {
    for (const call of [() => S.zeros([2]), () => S.tensor([1]), () => S.normal(S.key(0), [2]), () => S.memory(), () => new S.Normal(0, 1).logProb(0)]) {
      expect(call).toThrow(/stochasm is not initialised: call `await init\(\)`/);
    }
  });
});
