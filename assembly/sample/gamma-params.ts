// The parameters of the Gamma rounds (gamma-rounds.ts), per chunk element: α, Marsaglia–Tsang's d and c
// and the squeeze's q, in f64 arrays by chunk index — one set repeated when the caller passes one α, else
// cycled from its arrays — and the rates. Two banks, so that a Beta keeps α's and β's across chunks.

// @ts-ignore: decorator
@inline export const GAMMA_CHUNK: i32 = 384; // a multiple of 12 (Philox) and 8 (Box–Muller pairs of quads)

// α, d, c, q: f64 arrays of PARAM_STRIDE bytes, in that order, from a bank's start.
// @ts-ignore: decorator
@inline export const PARAM_STRIDE: usize = (GAMMA_CHUNK + 4) * 8;
// @ts-ignore: decorator
@inline export const P_ALPHA: usize = 0;
// @ts-ignore: decorator
@inline export const P_D: usize = PARAM_STRIDE;
// @ts-ignore: decorator
@inline export const P_C: usize = 2 * PARAM_STRIDE;
// @ts-ignore: decorator
@inline export const P_Q: usize = 3 * PARAM_STRIDE;
// @ts-ignore: decorator
@inline const BANK_BYTES: usize = 4 * PARAM_STRIDE;
const PARAM_BANKS: usize = memory.data(2 * 4 * (GAMMA_CHUNK + 4) * 8, 16);
let chunkParamsAt: usize = PARAM_BANKS; // the active bank
/** Rates by chunk index (read when the caller passes more than one). */
export const CHUNK_RATES: usize = memory.data(GAMMA_CHUNK * 8, 16);

/** The active bank: chunkParams fills it and the rounds read it. */
// @ts-ignore: decorator
@inline export function paramsAt(): usize {
  return chunkParamsAt;
}

/** Makes bank 0 or 1 the active one. */
export function useParamBank(bank: i32): void {
  chunkParamsAt = PARAM_BANKS + <usize>bank * BANK_BYTES;
}

/** α by chunk index in the active bank, as chunkParams read it. */
export function chunkAlphas(): usize {
  return chunkParamsAt + P_ALPHA;
}

/**
 * The f64x2 constants of the Gamma rounds (this file and gamma-rounds.ts), loaded rather than
 * rematerialised inside loops (see BOX_MULLER_K in normal.ts); k(ONE) … k(Q_FACTOR).
 */
const K: usize = memory.data(9 * 16, 16);
// @ts-ignore: decorator
@inline export const ONE = 0;
// @ts-ignore: decorator
@inline export const ZERO = 1;
// @ts-ignore: decorator
@inline export const HALF = 2;
// @ts-ignore: decorator
@inline export const TWO_26 = 3; // wordsToUniformF64's 2^26 and 2^-53
// @ts-ignore: decorator
@inline export const INV_2_53 = 4;
// @ts-ignore: decorator
@inline export const THIRD = 5; // standardGamma4's d = a − 1/3, c = 1/√(9d), squeezeCoefficient's 1.000001/(108d)
// @ts-ignore: decorator
@inline export const NINE = 6;
// @ts-ignore: decorator
@inline export const Q_NUMERATOR = 7;
// @ts-ignore: decorator
@inline export const Q_FACTOR = 8;
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f64> = [1.0, 0.0, 0.5, 67108864.0, 1.1102230246251565e-16, 1.0 / 3.0, 9.0, 1.000001, 108.0];
  for (let i = 0; i < consts.length; i++) v128.store(K + (<usize>i << 4), f64x2.splat(consts[i]));
}
// @ts-ignore: decorator
@inline export function k(i: i32): v128 { return v128.load(K + (<usize>i << 4)); }

// The active bank's d, c, q for chunk indices 0 … m from its α (m even), as standardGamma4 computes them:
// a = α + 1 below 1, d = a − 1/3, c = 1/√(9d), q = squeezeCoefficient(d) (f64x2 operations round as the
// scalar ones). An α ≤ 0 or NaN computes with α = 1 (the fills make its draw NaN). Returns bit 0:
// some α < 1 (a boost pass is needed), bit 1: some α invalid, bit 2: every α < 1 (a dense boost pass).
function shapeConstants(m: i32): i32 {
  let flags = 0;
  let allBelow = true;
  for (let i = 0; i < m; i += 2) {
    const p = chunkParamsAt + (<usize>i << 3);
    const alpha = v128.load(p + P_ALPHA);
    const valid = f64x2.gt(alpha, k(ZERO));
    const a0 = v128.bitselect(alpha, k(ONE), valid);
    const below = f64x2.lt(a0, k(ONE));
    const d = f64x2.sub(f64x2.add(a0, v128.and(below, k(ONE))), k(THIRD));
    v128.store(p + P_D, d);
    v128.store(p + P_C, f64x2.div(k(ONE), f64x2.sqrt(f64x2.mul(k(NINE), d))));
    v128.store(p + P_Q, f64x2.div(k(Q_NUMERATOR), f64x2.mul(k(Q_FACTOR), d)));
    flags |= i64x2.bitmask(below) != 0 ? 1 : 0;
    flags |= i64x2.bitmask(valid) != 3 ? 2 : 0;
    allBelow = allBelow && i64x2.bitmask(f64x2.lt(alpha, k(ONE))) == 3;
  }
  return flags | (allBelow ? 4 : 0);
}

/**
 * The parameters of chunk indices 0 … m (m even) in the active bank: α from concentration[j …] and rates
 * from rate[j …], cycled with period count. Returns the flags for chunkRounds (see shapeConstants).
 */
export function chunkParams(concentration: usize, rate: usize, count: i32, j: i32, m: i32): i32 {
  for (let p = 0; p < m; p++) {
    store<f64>(chunkParamsAt + P_ALPHA + (<usize>p << 3), load<f64>(concentration + (<usize>j << 3)));
    store<f64>(CHUNK_RATES + (<usize>p << 3), load<f64>(rate + (<usize>j << 3)));
    if (++j == count) j = 0;
  }
  return shapeConstants(m);
}
