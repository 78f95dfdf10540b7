import { afterEach, describe, expect, it, vi } from "vitest";
import { init, simdSupported } from "../../../sdk/index";

describe("choosing a build", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("detects SIMD128 in Node 20", () => {
    expect(simdSupported()).toBe(true);
  });

  it("falls back to the scalar build when WebAssembly.validate rejects the SIMD probe", async () => {
    vi.spyOn(WebAssembly, "validate").mockReturnValue(false);
    expect(simdSupported()).toBe(false);
    expect((await init()).simd).toBe(false);
    await expect(init({ simd: true })).rejects.toThrow(/does not support WebAssembly SIMD128/);
    vi.restoreAllMocks();
    expect((await init()).simd).toBe(true);
  });
});
