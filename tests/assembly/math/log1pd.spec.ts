// log1pF64x2Fast / log1pF64x2 against AS std's Math.log1p, bit for bit, lane by lane: on Box–Muller's
// arguments −u (u = k·2^-53), at the edges of std's paths, and on inputs outside the fast domain.
import { log1pF64x2Fast, log1pF64x2, log1pF64x2Misses } from "../../../assembly/math/log1pd";
import { seedPoints, nextUniform, ulpsFrom, same, INV_2_53 } from "./points";

// Lanes (x0, x1) where log1pF64x2Fast differs from Math.log1p without flagging a miss, plus 4 per
// flagged miss when `allowMisses` is false; and lanes where log1pF64x2 differs at all.
function wrongLanes(x0: f64, x1: f64, allowMisses: bool): i32 {
  const x = f64x2(x0, x1);
  const fast = log1pF64x2Fast(x);
  const misses = log1pF64x2Misses;
  const full = log1pF64x2(x);
  const want0 = Math.log1p(x0), want1 = Math.log1p(x1);
  let wrong = 0;
  if ((misses & 1) == 0 && !same(f64x2.extract_lane(fast, 0), want0)) wrong++;
  if ((misses & 2) == 0 && !same(f64x2.extract_lane(fast, 1), want1)) wrong++;
  if (!allowMisses && misses != 0) wrong += 4;
  if (!same(f64x2.extract_lane(full, 0), want0)) wrong++;
  if (!same(f64x2.extract_lane(full, 1), want1)) wrong++;
  return wrong;
}

// Points of Box–Muller's grid at and next to the edges of std's paths (u ≥ 0, as −u is the argument).
function edgeUniforms(): f64[] {
  const u: f64[] = [0, INV_2_53, 2 * INV_2_53, 3 * INV_2_53, 1 - INV_2_53, 1 - 2 * INV_2_53, 0.5, 0.75, 0.25];
  // |x| around 0.2929 (high word 0x3FD2BEC4: k = 0 below, 1 + x above), steps of 2^-54 = 1 ulp here
  for (let j: i64 = -8; j <= 8; j++) {
    u.push(ulpsFrom(reinterpret<f64>(0x3FD2BEC500000000), j * 2));
    u.push(ulpsFrom(reinterpret<f64>(0x3FD2BEC4FFFFFFFE), j * 2));
  }
  // 1 + x around the binades 2^-j and around √½ (where f changes side), j ulps of 2^-53 either way
  for (let b = 1; b <= 52; b++) {
    const edge = 1 - Math.pow(2, -<f64>b);
    for (let j = -3; j <= 3; j++) if (edge + <f64>j * INV_2_53 < 1) u.push(edge + <f64>j * INV_2_53);
  }
  for (let j = -6; j <= 6; j++) u.push(Math.floor((1 - Math.SQRT1_2) * 9007199254740992.0) * INV_2_53 + <f64>j * INV_2_53);
  return u;
}

describe("log1pF64x2Fast", () => {
  it("gives the bits of Math.log1p(−u) without a miss for 2 million u = k·2^-53 in every binade", () => {
    seedPoints(0x10915);
    let wrong = 0;
    for (let i = 0; i < 1000000; i++) wrong += wrongLanes(-nextUniform(), -nextUniform(), false);
    expect(wrong).toBe(0);
  });

  it("gives the bits of Math.log1p(−u) without a miss at u = 0, 2^-53, 1 − 2^-53 and the edges of std's paths", () => {
    const u = edgeUniforms();
    let wrong = 0;
    for (let i = 0; i < u.length; i++) {
      expect(u[i] >= 0 && u[i] < 1 && Math.floor(u[i] * 9007199254740992.0) == u[i] * 9007199254740992.0).toBe(true, `${u[i]} on the grid`);
      wrong += wrongLanes(-u[i], -u[u.length - 1 - i], false);
    }
    expect(wrong).toBe(0);
    expect(same(f64x2.extract_lane(log1pF64x2Fast(f64x2(-0.0, -INV_2_53)), 0), -0.0)).toBe(true);
  });

  it("flags the lanes std computes otherwise, where log1pF64x2 still gives Math.log1p's bits", () => {
    // outside (−1, 0], NaN, and −0.5 < x < −0.2929 with an odd last bit (1 + x inexact: std's c ≠ 0)
    const outside: f64[] = [-1, -1.5, -Infinity, Infinity, NaN, 1e-300, 0.25, 0.5, 1, 3, 1e300,
      reinterpret<f64>(0xBFD4000000000001), reinterpret<f64>(0xBFDCCCCCCCCCCCCD), reinterpret<f64>(0xBFD2BEC500000001)];
    // in the domain although off the grid: ±0, subnormal and tiny (std returns x), k = 0 with an odd bit
    const inside: f64[] = [0, -0.0, reinterpret<f64>(0x8000000000000001), -1e-20, reinterpret<f64>(0xBFD2BEC4FFFFFFFF)];
    let wrong = 0;
    for (let i = 0; i < outside.length; i++) {
      wrong += wrongLanes(outside[i], -0.5, true);
      log1pF64x2Fast(f64x2(-0.5, outside[i]));
      expect(log1pF64x2Misses).toBe(2, `${outside[i]}`);
    }
    for (let i = 0; i < inside.length; i++) {
      wrong += wrongLanes(inside[i], -0.5, false);
    }
    expect(wrong).toBe(0);
  });

  it("gives Math.log1p's bits on 200 000 doubles spread over (−1, 0], half of them off the grid", () => {
    seedPoints(0x2a);
    let wrong = 0;
    for (let i = 0; i < 100000; i++) {
      const a = -nextUniform() - nextUniform() * INV_2_53;
      const b = -nextUniform() * Math.pow(2, -<f64>(i % 60));
      wrong += wrongLanes(a, b, true);
    }
    expect(wrong).toBe(0);
  });
});
