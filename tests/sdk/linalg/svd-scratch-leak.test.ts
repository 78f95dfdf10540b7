// svd leaked U, S and Vh when its scratch could not be allocated. A [1, 2^26] float64 input needs 2^30 + 24 bytes
// of scratch, above the 2^30 − 16 byte allocation limit, while U, S and Vh themselves fit. (Own file: it grows the
// worker's WASM memory to about 1 GiB.)
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

describe("svd when scratch cannot be allocated", () => {
  it("throws a RangeError naming the size and leaks no output", () => {
    const a = S.zeros([1, 2 ** 26], "float64");
    const before = S.memory();
    expect(() => S.svd(a)).toThrow(/cannot allocate \d+ bytes: one tensor or buffer is limited/);
    expect(() => S.matrixRank(a)).toThrow(RangeError);
    expect(S.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes });
    a.dispose();
    expect(S.scope(() => S.svd(S.tensor([[3, 0], [4, 5]], [2, 2], "float64")).S.toArray()[1])).toBeCloseTo(Math.sqrt(5), 12);
  });
});
