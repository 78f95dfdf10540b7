import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, initSync, memory, philox4x32 } from "../../../sdk/index";

const vectors = readFileSync(new URL("../../fixtures/philox-kat/kat_vectors.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("philox4x32 10"))
  .map((line) => line.trim().split(/\s+/).slice(2).map((h) => parseInt(h, 16)));

describe("philox4x32-10", () => {
  beforeAll(async () => {
    await init();
  });

  it("reads all three Random123 known-answer vectors", () => {
    expect(vectors).toHaveLength(3);
  });

  for (const simd of [true, false]) {
    it(`reproduces the Random123 known-answer vectors in the ${simd ? "SIMD" : "scalar"} build`, () => {
      if (memory().tensors === 0) initSync({ simd });
      for (const v of vectors) {
        const out = philox4x32([v[0], v[1], v[2], v[3]], [v[4], v[5]]);
        expect(Array.from(out)).toEqual(v.slice(6));
      }
    });
  }
});
