// sinCosF64x2FastTo / sinCosF64x2To against AS std's Math.cos and Math.sin, bit for bit, lane by lane:
// on Box–Muller's angles θ = 2π·u (u = k·2^-53), at and next to the multiples of π/4, through every
// path of std's __rem_pio2, and on inputs outside the fast domain.
import { sinCosF64x2FastTo, sinCosF64x2To, sinCosF64x2Misses } from "../../../assembly/math/sincosd";
import { seedPoints, nextUniform, ulpsFrom, same, INV_2_53 } from "./points";

const OUT = heap.alloc(32);

// Lanes where sinCosF64x2FastTo differs from Math.cos / Math.sin without flagging a miss, and lanes
// where sinCosF64x2To differs at all (each of cos and sin counts).
function wrongLanes(x0: f64, x1: f64): i32 {
  const x = f64x2(x0, x1);
  sinCosF64x2FastTo(OUT, x);
  const misses = sinCosF64x2Misses;
  let wrong = 0;
  for (let lane = 0; lane < 2; lane++) {
    const xl = lane == 0 ? x0 : x1;
    const o = OUT + (<usize>lane << 3);
    if ((misses & (1 << lane)) == 0) {
      if (!same(load<f64>(o), Math.cos(xl))) wrong++;
      if (!same(load<f64>(o, 16), Math.sin(xl))) wrong++;
    }
  }
  sinCosF64x2To(OUT, x);
  for (let lane = 0; lane < 2; lane++) {
    const xl = lane == 0 ? x0 : x1;
    const o = OUT + (<usize>lane << 3);
    if (!same(load<f64>(o), Math.cos(xl))) wrong++;
    if (!same(load<f64>(o, 16), Math.sin(xl))) wrong++;
  }
  return wrong;
}

// The misses of sinCosF64x2FastTo at (x, 1.0): 1 when lane 0 is left to std (lane 1 never is).
function missAt(x: f64): i32 {
  sinCosF64x2FastTo(OUT, f64x2(x, 1.0));
  return sinCosF64x2Misses;
}

describe("sinCosF64x2FastTo", () => {
  it("gives the bits of Math.cos and Math.sin at 2 million angles 2π·u, u = k·2^-53, rarely missing", () => {
    seedPoints(0x51c05);
    let wrong = 0;
    let misses = 0; // of the angles from 2^-26 up: where std runs its second reduction round
    for (let i = 0; i < 1000000; i++) {
      const a = 2.0 * Math.PI * nextUniform();
      const b = 2.0 * Math.PI * nextUniform();
      wrong += wrongLanes(a, b);
      sinCosF64x2FastTo(OUT, f64x2(a, b));
      if (a >= 1.4901161193847656e-8) misses += sinCosF64x2Misses & 1;
      if (b >= 1.4901161193847656e-8) misses += sinCosF64x2Misses >> 1;
    }
    expect(wrong).toBe(0);
    expect(misses).toBeLessThan(200); // |y0| < 2^-14 or so: about 3·10^-5 of the angles
  });

  it("gives the bits of Math.cos and Math.sin at and within 64 ulps of kπ/4 for k = 0…8, and of 2π·(j/8 ± ulps)", () => {
    let wrong = 0;
    for (let k = 0; k <= 8; k++) {
      const at = <f64>k * (Math.PI / 4);
      for (let j: i64 = -64; j <= 64; j++) {
        const x = at == 0 ? <f64>j * 5e-324 : ulpsFrom(at, j);
        wrong += wrongLanes(x, ulpsFrom(at + 0.5, j));
      }
      for (let j = -64; j <= 64; j++) {
        const u = <f64>k / 8 + <f64>j * INV_2_53;
        if (u >= 0 && u < 1) wrong += wrongLanes(2.0 * Math.PI * u, 2.0 * Math.PI * (1 - u - INV_2_53));
      }
    }
    expect(wrong).toBe(0);
  });

  it("runs each path of std's __rem_pio2 and flags the second and third Cody–Waite rounds as misses", () => {
    // no reduction below π/4 (high word 0x3FE921FB), q = 1 below 3π/4 (0x4002D97C), nearest(x·2/π) above
    const lastUnreduced = reinterpret<f64>(0x3FE921FBFFFFFFFF);
    const lastQ1 = reinterpret<f64>(0x4002D97BFFFFFFFF);
    const edges: f64[] = [lastUnreduced, ulpsFrom(lastUnreduced, 1), lastQ1, ulpsFrom(lastQ1, 1), 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let wrong = 0;
    for (let i = 0; i < edges.length; i++) {
      for (let j: i64 = -3; j <= 3; j++) wrong += wrongLanes(ulpsFrom(edges[i], j), edges[i]);
      expect(missAt(edges[i])).toBe(0, `${edges[i]}`);
    }
    expect(wrong).toBe(0);
    // near π/2 (high word 0x3FF921FB: std subtracts pio2_2 as well), near π, 3π/2, 2π (second round),
    // and the doubles nearest to them (|y0| < 2^-49 · 2^exponent: third round)
    const near: f64[] = [Math.PI / 2, Math.PI, 3 * Math.PI / 2, 2 * Math.PI];
    for (let i = 0; i < near.length; i++) {
      for (let j: i64 = -1000; j <= 1000; j += 7) {
        expect(missAt(ulpsFrom(near[i], j))).toBe(1, `${near[i]} ${j} ulps`);
        wrong += wrongLanes(ulpsFrom(near[i], j), ulpsFrom(near[i], -j));
      }
    }
    expect(missAt(reinterpret<f64>(0x3FF921FB00000000))).toBe(1);
    expect(missAt(reinterpret<f64>(0x3FF921FBFFFFFFFF))).toBe(1);
    expect(wrong).toBe(0);
  });

  it("flags the angles std treats otherwise, where sinCosF64x2To still gives std's bits", () => {
    // below 2^-26 (std's sin x = x, cos x = 1), from 2^16 (where |y0| ≤ π/4 always takes a second
    // round) and 2^20·π/2 (std's large reduction) up, negative, ±∞, NaN
    const outside: f64[] = [0, 5e-324, 1e-300, 1e-9, ulpsFrom(1.4901161193847656e-8, -1), 65536, 1e5,
      ulpsFrom(1647099.0, -1), 1647099.0, 1e10, 1e300, Infinity, -Infinity, NaN, -0.0, -1e-9, -1, -3, -1e6];
    // inside: from 2^-26 up
    const inside: f64[] = [1.4901161193847656e-8, 2e-8, 1e-5, 0.1, 1, 2.5, 6, 10, 100, 1000.5];
    let wrong = 0;
    for (let i = 0; i < outside.length; i++) {
      wrong += wrongLanes(outside[i], 2.0);
      expect(missAt(outside[i])).toBe(1, `${outside[i]}`);
    }
    for (let i = 0; i < inside.length; i++) {
      wrong += wrongLanes(inside[i], 2.0);
      expect(missAt(inside[i])).toBe(0, `${inside[i]}`);
    }
    expect(wrong).toBe(0);
  });

  it("gives std's bits on 200 000 doubles spread over [0, 2^21) and on small angles in every binade", () => {
    seedPoints(0xa11);
    let wrong = 0;
    for (let i = 0; i < 100000; i++) {
      wrong += wrongLanes(nextUniform() * 2097152.0, nextUniform() * Math.pow(2, -<f64>(i % 40)));
    }
    expect(wrong).toBe(0);
  });
});
