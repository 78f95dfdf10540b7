// poisson / binomial check sizes before expanding their parameters. Before, poisson(k, [2**30], 1) expanded the
// rate to 2^30 float64s (23 s, 8 GB) before refusing, and poisson(k, [2**27], 1) leaked its 512 MiB output when
// the parameter buffer could not be allocated. Parameters now expand only over the trailing dims they span.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

describe("count samplers and large shapes", () => {
  it("refuses a draw above the allocation limit at once, by counting, with nothing expanded or leaked", () => {
    const before = S.memory();
    expect(() => S.poisson(S.key(0), [2 ** 30], 1)).toThrow(/poisson: shape \[1073741824\] needs 4294967296 bytes of output/);
    expect(() => S.binomial(S.key(0), [2 ** 30], 10, 0.5)).toThrow(/binomial: shape \[1073741824\] needs/);
    expect(() => S.binomial(S.key(0), [2 ** 15, 2 ** 15], new Float64Array(2 ** 15).fill(3), 0.5, { dtype: "float64" })).toThrow(/needs 8589934592 bytes/);
    // broadcast of [2^14, 1] against [1, 2^14] parameter sets would be 2^28 float64s: refused before expanding
    const col = Array.from({ length: 2 ** 14 }, () => [2]);
    expect(() => S.binomial(S.key(0), [2 ** 14, 2 ** 14], col, [new Array(2 ** 14).fill(0.5)])).toThrow(/2147483648 of float64 parameters/);
    expect(S.memory()).toMatchObject({ tensors: before.tensors, bytes: before.bytes });
  });

  it("a scalar rate for 2^26 draws allocates one float64 of parameters, and the output is all it keeps", () => {
    const before = S.memory();
    const t = S.poisson(S.key(0), [2 ** 26], 0);
    expect(S.memory().bytes - before.bytes).toBe(2 ** 28);
    expect(S.scope(() => S.max(t).item())).toBe(0);
    t.dispose();
  });

  it("broadcasting over a suffix gives the same bits as fully expanded parameters", () => {
    const rates = [0.5, 4, 30];
    const full = Array.from({ length: 4 }, () => rates);
    const [a, b, c, d] = S.scope(() => [
      Array.from(S.poisson(S.key(3), [4, 3], rates).toArray()),
      Array.from(S.poisson(S.key(3), [4, 3], full).toArray()),
      Array.from(S.binomial(S.key(4), [2, 3, 2], [[5], [50], [500]], [0.3, 0.9], { dtype: "float64" }).toArray()),
      Array.from(S.binomial(S.key(4), [2, 3, 2], Array.from({ length: 2 }, () => [[5, 5], [50, 50], [500, 500]]), Array.from({ length: 2 }, () => [[0.3, 0.9], [0.3, 0.9], [0.3, 0.9]]), { dtype: "float64" }).toArray()),
    ]);
    expect(a).toEqual(b);
    expect(c).toEqual(d);
  });
});
