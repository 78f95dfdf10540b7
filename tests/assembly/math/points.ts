// Test points for the f64x2 forms of AS std's math (log1pd.ts, sincosd.ts): Box–Muller's uniforms
// u = k·2^-53 from a seeded 64-bit LCG, neighbours by ulps, and a bit comparison. Not a spec itself.

// @ts-ignore: decorator
@inline export const INV_2_53: f64 = 1.1102230246251565e-16;

let state: u64 = 1;

/** Restarts nextUniform() from `seed` (each spec picks its own). */
export function seedPoints(seed: u64): void {
  state = seed;
}

/** The top 53 bits of a 64-bit LCG (Knuth's MMIX constants). */
export function nextK53(): u64 {
  state = state * 6364136223846793005 + 1442695040888963407;
  return state >>> 11;
}

/**
 * u = k·2^-53 in [0, 1), as uniformFillF64 makes them. Every other point is k >> s with s in [0, 53)
 * instead of k, so that every binade down to 2^-53 (and 0) gets as many points as [½, 1).
 */
export function nextUniform(): f64 {
  let k = nextK53();
  if ((k & 1) != 0) k >>= nextK53() % 53;
  return <f64>k * INV_2_53;
}

/** x moved by `ulps` units in the last place (through the bits; for x ≥ 0). */
export function ulpsFrom(x: f64, ulps: i64): f64 {
  return reinterpret<f64>(reinterpret<i64>(x) + ulps);
}

/** Same bits (NaNs too: the vector forms leave NaN inputs to the scalar functions). */
export function same(a: f64, b: f64): bool {
  return reinterpret<u64>(a) == reinterpret<u64>(b);
}
