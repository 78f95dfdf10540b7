// logLutF64x2 against AS std's Math.log, bit for bit, lane by lane: random doubles in every binade from
// the subnormals to 2^1023, the edges of std's near-1 path and of its table intervals, and special values.
import { logLutArrayF64x2 } from "../../../assembly/math/loglut";
import { seedPoints, nextK53, ulpsFrom } from "./points";

const N = 4096;
const X = heap.alloc(N * 8);
const GOT = heap.alloc(N * 8);

// Lanes where logLutArrayF64x2 differs from Math.log (NaNs compared as NaNs: their payload is not Math.log's
// business either).
function wrongLanes(n: i32): i32 {
  logLutArrayF64x2(GOT, X, n);
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(X + (<usize>i << 3));
    const want = Math.log(x), got = load<f64>(GOT + (<usize>i << 3));
    if (isNaN(want) ? !isNaN(got) : reinterpret<u64>(got) != reinterpret<u64>(want)) wrong++;
  }
  return wrong;
}

describe("logLutF64x2", () => {
  it("gives the bits of Math.log for 2 million positive doubles spread over every binade", () => {
    seedPoints(0x1091);
    let wrong = 0;
    for (let round = 0; round < 500; round++) {
      for (let i = 0; i < N; i++) {
        // random mantissa, random exponent field 0 … 0x7FE (subnormals included)
        const bits = (nextK53() & 0x000FFFFFFFFFFFFF) | ((nextK53() % 0x7FF) << 52);
        store<f64>(X + (<usize>i << 3), reinterpret<f64>(bits));
      }
      wrong += wrongLanes(N);
    }
    expect(wrong).toBe(0);
  });

  it("gives the bits of Math.log at the edges of std's near-1 path, its table intervals and the specials", () => {
    const points: f64[] = [0.0, -0.0, -1.0, Infinity, -Infinity, NaN, 1.0, 5e-324, 2.2250738585072014e-308,
      1.7976931348623157e308, Math.E, 0.5, 2.0];
    // std's near-1 path is 0x3FEE000000000000 ≤ ix < 0x3FF1090000000000: ±8 ulps around both ends
    for (let j: i64 = -8; j <= 8; j++) {
      points.push(ulpsFrom(reinterpret<f64>(0x3FEE000000000000), j));
      points.push(ulpsFrom(reinterpret<f64>(0x3FF1090000000000), j));
    }
    // every table interval's lower edge (ix − 0x3FE6… crosses a multiple of 2^45) in two binades, ±1 ulp
    for (let t: u64 = 0; t < 128; t++) {
      for (let j: i64 = -1; j <= 1; j++) {
        points.push(ulpsFrom(reinterpret<f64>(0x3FE6000000000000 + (t << 45)), j));
        points.push(ulpsFrom(reinterpret<f64>(0x4056000000000000 + (t << 45)), j));
      }
    }
    for (let i = 0; i < points.length; i++) store<f64>(X + (<usize>i << 3), points[i]);
    expect(wrongLanes(points.length)).toBe(0);
  });
});
