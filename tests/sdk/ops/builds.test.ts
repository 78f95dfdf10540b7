import { afterAll, describe, expect, it } from "vitest";
import {
  abs, add, argmax, clamp, cosineSimilarity, div, exp, init, initSync, log, max, mean, memory, min, mul, norm,
  pairwiseCosine, scope, sqrt, sub, sum, tensor, variance, type DType, type Tensor,
} from "../../../sdk/index";
import { bytes } from "./fixture";

// Deterministic values in (-scale, scale) with ±0, ±∞, NaN and subnormals mixed in (a 32-bit LCG).
function values(count: number, seed: number, scale: number, specials: boolean): number[] {
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3e38, -5];
  let s = (seed * 2654435761) >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (specials && s >>> 28 === 7) return special[(s >>> 8) % special.length];
    return (s / 2 ** 32 * 2 - 1) * scale;
  });
}

// Every op on contiguous and strided dims, odd lengths (vector body + tail), with and without special values.
function results(): Uint8Array[] {
  return scope(() => {
    const out: Uint8Array[] = [];
    const keep = (t: Tensor): void => { out.push(bytes(t.toArray()).slice()); };
    for (const dtype of ["float32", "float64"] as DType[]) {
      for (const specials of [false, true]) {
        const x = tensor(values(7 * 1031, 1, 20, specials), [7, 1031], dtype);
        const y = tensor(values(7 * 1031, 2, 20, specials), [7, 1031], dtype);
        const row = tensor(values(1031, 3, 20, specials), [1031], dtype);
        for (const f of [add, sub, mul, div]) { keep(f(x, y)); keep(f(x, row)); keep(f(x, 1.7)); }
        for (const f of [exp, log, sqrt, abs]) keep(f(x));
        keep(clamp(x, -3, 4));
        for (const dim of [undefined, 0, 1]) {
          for (const f of [sum, mean, max, min, argmax]) keep(f(x, { dim }));
          keep(variance(x, { dim })); keep(variance(x, { dim, unbiased: false }));
          for (const ord of [1, 2, Infinity] as const) keep(norm(x, { ord, dim }));
        }
        keep(cosineSimilarity(x, y, { dim: 1 })); keep(cosineSimilarity(x, y, { dim: 0 }));
        keep(pairwiseCosine(x, y));
      }
    }
    return out;
  });
}

describe("elementwise ops, reductions and norms in the two builds", () => {
  afterAll(async () => {
    await init();
  });

  it("give identical bits in the SIMD and the scalar build, NaN signs and payloads included", () => {
    expect(initSync({ simd: true }).simd).toBe(true);
    expect(memory().tensors).toBe(0);
    const simd = results();
    expect(initSync({ simd: false }).simd).toBe(false);
    const scalar = results();
    expect(scalar.length).toBe(simd.length);
    for (let i = 0; i < simd.length; i++) expect(Buffer.from(scalar[i]).equals(Buffer.from(simd[i])), `result ${i}`).toBe(true);
  });
});
