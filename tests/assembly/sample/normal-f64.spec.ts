// normalFillF64 (SIMD: pairs two at a time through log1pF64x2Fast and sinCosF64x2FastTo) against its
// scalar reference normalFillF64Ref (the scalar build's code, AS std's Math.*), bit for bit.
import { normalFillF64, normalFillF64Ref, boxMullerUniformsF64 } from "../../../assembly/sample/normal-f64";
import { uniformFillF64Ref } from "../../../assembly/sample/uniform";
import { sinCosF64x2FastTo, sinCosF64x2Misses } from "../../../assembly/math/sincosd";
import { buffer, sameBits } from "../tensor/data";

const N = 1000;
const A = buffer(N + 8, 8); // 8 guard elements: nothing may be written past n
const B = buffer(N + 8, 8);

describe("normalFillF64", () => {
  it("gives the bits of normalFillF64Ref for every start offset, length, key and (mean, std) tried", () => {
    // odd and even starts and ends, chunk edges (192 elements), lengths 0 … 3 blocks of two pairs
    const starts: StaticArray<u32> = [0, 1, 2, 3, 5, 7, 8, 190, 191, 192, 193, 383, 1001, 123457];
    const lengths: StaticArray<i32> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 63, 64, 65, 191, 192, 193, 194, 195, 385, N];
    const means: StaticArray<f64> = [0, -1.5];
    const stds: StaticArray<f64> = [1, 2.5];
    for (let s = 0; s < starts.length; s++) {
      for (let l = 0; l < lengths.length; l++) {
        for (let p = 0; p < 2; p++) {
          const k0 = 0x1234 + <u32>p, k1 = 0xabcd;
          memory.fill(A, 0x5a, (N + 8) * 8);
          memory.fill(B, 0x5a, (N + 8) * 8);
          normalFillF64(A, starts[s], lengths[l], k0, k1, means[p], stds[p], 0);
          normalFillF64Ref(B, starts[s], lengths[l], k0, k1, means[p], stds[p]);
          expect(sameBits(A, B, (N + 8) * 8)).toBe(true, `start ${starts[s]} n ${lengths[l]} mean ${means[p]}`);
        }
      }
    }
  });

  it("is √(−2·log1p(−u1))·cos(2π·u2), ·sin(2π·u2) on the pairs (u1, u2) of uniformFillF64, by Math.*", () => {
    const u = buffer(12, 8);
    uniformFillF64Ref(u, 0, 12, 7, 0);
    normalFillF64(A, 1, 11, 7, 0, 0, 1, 0); // elements 1 … 11: an odd start and an odd end
    for (let i = 1; i < 12; i++) {
      const q = <usize>(i & ~1);
      const r = Math.sqrt(-2.0 * Math.log1p(-load<f64>(u + (q << 3))));
      const theta = 2.0 * Math.PI * load<f64>(u + (q << 3), 8);
      const want = 0 + 1 * (r * ((i & 1) == 0 ? Math.cos(theta) : Math.sin(theta)));
      expect(reinterpret<u64>(load<f64>(A + (<usize>(i - 1) << 3)))).toBe(reinterpret<u64>(want), `element ${i}`);
    }
  });

  it("redoes with Math.* the pairs whose angle std reduces further (u2 = ¼, ½, ¾, 1 − 2^-53 …) or whose u1 is off the grid", () => {
    // θ = 2π·u2 at and next to π/2 (high word 0x3FF921FB), π, 3π/2 and 2π, and below 2^-26 (u2 ≤ 2^-29)
    const u2s: f64[] = [0, 1.1102230246251565e-16, 1e-12, 0.25, 0.5, 0.75, 1 - 1.1102230246251565e-16];
    for (let j = 1; j <= 40; j++) {
      const d = <f64>j * 1.1102230246251565e-16;
      u2s.push(0.25 + d); u2s.push(0.25 - d); u2s.push(0.5 + d); u2s.push(0.5 - d);
      u2s.push(0.75 + d); u2s.push(0.75 - d); u2s.push(1 - d);
    }
    u2s.push(0.1); u2s.push(0.2); u2s.push(0.3); // angles the vector form takes, for the u1 below
    const pairs = u2s.length;
    const u = buffer(2 * pairs, 8);
    for (let i = 0; i < pairs; i++) {
      store<f64>(u + (<usize>i << 4), <f64>(i + 1) / 512.0); // u1
      store<f64>(u + (<usize>i << 4), u2s[i], 8);
    }
    // u1 that log1pF64x2Fast leaves to Math.log1p: 1 (log1p(−1) = −∞), and 1 − u1 inexact (odd last bit)
    store<f64>(u + (<usize>(pairs - 3) << 4), 1.0);
    store<f64>(u + (<usize>(pairs - 2) << 4), reinterpret<f64>(0x3FD4000000000001));
    store<f64>(u + (<usize>(pairs - 1) << 4), reinterpret<f64>(0x3FDCCCCCCCCCCCCD));
    const out = buffer(2 * pairs, 8);
    const ref = buffer(2 * pairs, 8);
    // mean 0 and std 1, so that the tiny sin near π is not absorbed by adding a mean
    boxMullerUniformsF64(out, u, pairs, 0, 1, true);
    boxMullerUniformsF64(ref, u, pairs, 0, 1, false);
    expect(sameBits(out, ref, 2 * pairs * 8)).toBe(true);
    boxMullerUniformsF64(out, u, pairs, 0.5, 2, true);
    boxMullerUniformsF64(ref, u, pairs, 0.5, 2, false);
    expect(sameBits(out, ref, 2 * pairs * 8)).toBe(true);
  });

  it("gives the bits of normalFillF64Ref over 2^19 elements, where some angles miss the vector form", () => {
    const n = 1 << 19;
    const u = buffer(n, 8);
    const out = buffer(n, 8);
    const ref = buffer(n, 8);
    const sincos = buffer(4, 8);
    uniformFillF64Ref(u, 0, n, 99, 3);
    let misses = 0;
    for (let q = 0; q < n; q += 4) {
      const u2 = f64x2(load<f64>(u + (<usize>q << 3), 8), load<f64>(u + (<usize>q << 3), 24));
      sinCosF64x2FastTo(sincos, f64x2.mul(f64x2.splat(2.0 * Math.PI), u2));
      misses += popcnt(sinCosF64x2Misses);
    }
    expect(misses).toBeGreaterThan(0); // about 3·10^-5 of 2^18 angles
    normalFillF64(out, 0, n, 99, 3, 0.5, 2, 0);
    normalFillF64Ref(ref, 0, n, 99, 3, 0.5, 2);
    expect(sameBits(out, ref, n * 8)).toBe(true);
  });
});
