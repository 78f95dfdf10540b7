// Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11).
// A counter-based generator: block(counter, key) is a pure function, so any element of any stream can be
// computed independently. Scalar and SIMD forms sit side by side and produce identical words.

// @ts-ignore: decorator
@inline export const PHILOX_M0: u32 = 0xD2511F53;
// @ts-ignore: decorator
@inline export const PHILOX_M1: u32 = 0xCD9E8D57;
// @ts-ignore: decorator
@inline export const PHILOX_W0: u32 = 0x9E3779B9;
// @ts-ignore: decorator
@inline export const PHILOX_W1: u32 = 0xBB67AE85;

// Scalar block output: the four words of the last block computed by philoxBlock.
export let philoxOut0: u32 = 0;
export let philoxOut1: u32 = 0;
export let philoxOut2: u32 = 0;
export let philoxOut3: u32 = 0;

/** One Philox4x32-10 block: (c0..c3, k0, k1) → philoxOut0..3. The reference form, word by word. */
export function philoxBlock(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  for (let round = 0; round < 10; round++) {
    if (round > 0) { k0 += PHILOX_W0; k1 += PHILOX_W1; }
    const p0 = <u64>PHILOX_M0 * <u64>c0;
    const p1 = <u64>PHILOX_M1 * <u64>c2;
    const n0 = (<u32>(p1 >> 32)) ^ c1 ^ k0;
    const n2 = (<u32>(p0 >> 32)) ^ c3 ^ k1;
    c0 = n0; c1 = <u32>p1; c2 = n2; c3 = <u32>p0;
  }
  philoxOut0 = c0; philoxOut1 = c1; philoxOut2 = c2; philoxOut3 = c3;
}

// High 32 bits of the four lane products a·m (u32 × u32 → u64), gathered back into one vector.
// @ts-ignore: decorator
@inline function mulHi32x4(a: v128, m: v128): v128 {
  const lo = i64x2.extmul_low_i32x4_u(a, m);
  const hi = i64x2.extmul_high_i32x4_u(a, m);
  return v128.shuffle<u32>(lo, hi, 1, 3, 5, 7);
}

/**
 * Four Philox4x32-10 blocks at once, one per lane: lane l computes block (c0[l], c1[l], c2[l], c3[l]).
 * out: 4 v128 — vector j holds word j of each lane's block. Same words as philoxBlock, lane by lane.
 */
// @ts-ignore: decorator
@inline export function philoxBlock4To(out: usize, c0: v128, c1: v128, c2: v128, c3: v128, k0: u32, k1: u32): void {
  const m0 = i32x4.splat(PHILOX_M0);
  const m1 = i32x4.splat(PHILOX_M1);
  for (let round = 0; round < 10; round++) {
    if (round > 0) { k0 += PHILOX_W0; k1 += PHILOX_W1; }
    const hi0 = mulHi32x4(c0, m0);
    const lo0 = i32x4.mul(c0, m0);
    const hi1 = mulHi32x4(c2, m1);
    const lo1 = i32x4.mul(c2, m1);
    const n0 = v128.xor(v128.xor(hi1, c1), i32x4.splat(k0));
    const n2 = v128.xor(v128.xor(hi0, c3), i32x4.splat(k1));
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
  }
  v128.store(out, c0);
  v128.store(out, c1, 16);
  v128.store(out, c2, 32);
  v128.store(out, c3, 48);
}

// Round keys (k0 + r·W0, k1 + r·W1) of rounds r = 0…9, each splat to 4 lanes (k0 at +32r, k1 at
// +32r + 16), and the two multipliers splat at PHILOX_MULTIPLIERS (M0, then M1 at +16). Loaded from
// memory because V8 (x64) rematerialises a v128 constant or splat inside a loop with 2–3 instructions.
export const PHILOX_ROUND_KEYS: usize = memory.data(10 * 32, 16);
export const PHILOX_MULTIPLIERS: usize = memory.data<u32>([
  PHILOX_M0, PHILOX_M0, PHILOX_M0, PHILOX_M0, PHILOX_M1, PHILOX_M1, PHILOX_M1, PHILOX_M1,
], 16);

// Round 1 of a main-stream block (counter (c, 0, 0, 0)) starts from word 0 = k0 in every lane (round 0
// gives hi(0·M1) ^ 0 ^ k0), so its first product k0·M0 is one constant: PHILOX_ROUND1 holds
// hi(k0·M0) ^ (k1 + W1) (word 2 of round 1 without the lane's word 3) at +0 and lo(k0·M0) at +16.
export const PHILOX_ROUND1: usize = memory.data(32, 16);

/** Fills PHILOX_ROUND_KEYS and PHILOX_ROUND1 for key (k0, k1); philoxBlock4x3To reads them. */
export function philoxRoundKeys(k0: u32, k1: u32): void {
  if (ASC_FEATURE_SIMD) {
    const p = <u64>PHILOX_M0 * <u64>k0;
    v128.store(PHILOX_ROUND1, i32x4.splat(<u32>(p >> 32) ^ (k1 + PHILOX_W1)));
    v128.store(PHILOX_ROUND1, i32x4.splat(<u32>p), 16);
    for (let round = 0; round < 10; round++) {
      v128.store(PHILOX_ROUND_KEYS + <usize>(round * 32), i32x4.splat(k0));
      v128.store(PHILOX_ROUND_KEYS + <usize>(round * 32), i32x4.splat(k1), 16);
      k0 += PHILOX_W0; k1 += PHILOX_W1;
    }
  }
}

/**
 * Twelve Philox4x32-10 blocks: three independent sets of four lanes (counters a, b, c in word 0,
 * words 1–3 zero, as in the main stream), interleaved round by round so that the CPU overlaps their
 * multiply latencies (1.7× philoxBlock4To's throughput on x64 V8). Key from philoxRoundKeys.
 * Rounds 0 and 1 multiply one word instead of two: with words 1–3 zero, round 0's second product is
 * 0, and round 1's first is the constant in PHILOX_ROUND1 (xor being associative, same words).
 * out: 12 v128 — set a's 4 result vectors (as philoxBlock4To), then b's, then c's. Same words.
 */
// @ts-ignore: decorator
@inline export function philoxBlock4x3To(out: usize, a0: v128, b0: v128, c0: v128): void {
  const m0 = v128.load(PHILOX_MULTIPLIERS);
  const m1 = v128.load(PHILOX_MULTIPLIERS, 16);
  // round 0: (c, 0, 0, 0) → (k0, 0, hi(c·M0) ^ k1, lo(c·M0))
  const k0r0 = v128.load(PHILOX_ROUND_KEYS);
  const k1r0 = v128.load(PHILOX_ROUND_KEYS, 16);
  let a2 = v128.xor(mulHi32x4(a0, m0), k1r0), a3 = i32x4.mul(a0, m0);
  let b2 = v128.xor(mulHi32x4(b0, m0), k1r0), b3 = i32x4.mul(b0, m0);
  let c2 = v128.xor(mulHi32x4(c0, m0), k1r0), c3 = i32x4.mul(c0, m0);
  // round 1: (k0, 0, x2, x3) → (hi(x2·M1) ^ k0', lo(x2·M1), hi(k0·M0) ^ x3 ^ k1', lo(k0·M0))
  const k0r1 = v128.load(PHILOX_ROUND_KEYS, 32);
  const hiK = v128.load(PHILOX_ROUND1);
  const loK = v128.load(PHILOX_ROUND1, 16);
  a0 = v128.xor(mulHi32x4(a2, m1), k0r1); let a1 = i32x4.mul(a2, m1); a2 = v128.xor(a3, hiK); a3 = loK;
  b0 = v128.xor(mulHi32x4(b2, m1), k0r1); let b1 = i32x4.mul(b2, m1); b2 = v128.xor(b3, hiK); b3 = loK;
  c0 = v128.xor(mulHi32x4(c2, m1), k0r1); let c1 = i32x4.mul(c2, m1); c2 = v128.xor(c3, hiK); c3 = loK;
  // rounds 2–9, two per iteration (halves V8's loop overhead and its register moves between rounds)
  for (let round = 2; round < 10; round += 2) {
    const m0 = v128.load(PHILOX_MULTIPLIERS);
    const m1 = v128.load(PHILOX_MULTIPLIERS, 16);
    let key0 = v128.load(PHILOX_ROUND_KEYS + <usize>(round * 32));
    let key1 = v128.load(PHILOX_ROUND_KEYS + <usize>(round * 32), 16);
    let ah0 = mulHi32x4(a0, m0), al0 = i32x4.mul(a0, m0), ah1 = mulHi32x4(a2, m1), al1 = i32x4.mul(a2, m1);
    let bh0 = mulHi32x4(b0, m0), bl0 = i32x4.mul(b0, m0), bh1 = mulHi32x4(b2, m1), bl1 = i32x4.mul(b2, m1);
    let ch0 = mulHi32x4(c0, m0), cl0 = i32x4.mul(c0, m0), ch1 = mulHi32x4(c2, m1), cl1 = i32x4.mul(c2, m1);
    a0 = v128.xor(v128.xor(ah1, a1), key0); a1 = al1; a2 = v128.xor(v128.xor(ah0, a3), key1); a3 = al0;
    b0 = v128.xor(v128.xor(bh1, b1), key0); b1 = bl1; b2 = v128.xor(v128.xor(bh0, b3), key1); b3 = bl0;
    c0 = v128.xor(v128.xor(ch1, c1), key0); c1 = cl1; c2 = v128.xor(v128.xor(ch0, c3), key1); c3 = cl0;
    key0 = v128.load(PHILOX_ROUND_KEYS + <usize>(round * 32), 32);
    key1 = v128.load(PHILOX_ROUND_KEYS + <usize>(round * 32), 48);
    ah0 = mulHi32x4(a0, m0); al0 = i32x4.mul(a0, m0); ah1 = mulHi32x4(a2, m1); al1 = i32x4.mul(a2, m1);
    bh0 = mulHi32x4(b0, m0); bl0 = i32x4.mul(b0, m0); bh1 = mulHi32x4(b2, m1); bl1 = i32x4.mul(b2, m1);
    ch0 = mulHi32x4(c0, m0); cl0 = i32x4.mul(c0, m0); ch1 = mulHi32x4(c2, m1); cl1 = i32x4.mul(c2, m1);
    a0 = v128.xor(v128.xor(ah1, a1), key0); a1 = al1; a2 = v128.xor(v128.xor(ah0, a3), key1); a3 = al0;
    b0 = v128.xor(v128.xor(bh1, b1), key0); b1 = bl1; b2 = v128.xor(v128.xor(bh0, b3), key1); b3 = bl0;
    c0 = v128.xor(v128.xor(ch1, c1), key0); c1 = cl1; c2 = v128.xor(v128.xor(ch0, c3), key1); c3 = cl0;
  }
  v128.store(out, a0); v128.store(out, a1, 16); v128.store(out, a2, 32); v128.store(out, a3, 48);
  v128.store(out, b0, 64); v128.store(out, b1, 80); v128.store(out, b2, 96); v128.store(out, b3, 112);
  v128.store(out, c0, 128); v128.store(out, c1, 144); v128.store(out, c2, 160); v128.store(out, c3, 176);
}

/**
 * Twelve Philox4x32-10 blocks with full counters: three sets of four lanes that differ only in word 1
 * (a1, b1, c1; words 0, 2 and 3 are w0, w2, w3 for all), interleaved as philoxBlock4x3To. This is the
 * layout of rejection samplers' first blocks: counter (j, element, tag, 1) for 12 consecutive elements.
 * Key from philoxRoundKeys. out: 12 v128 as philoxBlock4x3To. Same words as philoxBlock4To, set by set.
 */
// @ts-ignore: decorator
@inline export function philoxBlock4x3SubTo(out: usize, a1: v128, b1: v128, c1: v128, w0: v128, w2: v128, w3: v128): void {
  philoxBlock4x3CountersTo(out, w0, a1, w0, b1, w0, c1, w2, w3);
}

/**
 * As philoxBlock4x3SubTo with word 0 per set too (a0, b0, c0): sub-stream blocks whose index differs
 * from element to element (a Beta's second Gamma starts after the first one's last block).
 */
// @ts-ignore: decorator
@inline export function philoxBlock4x3CountersTo(out: usize, a0: v128, a1: v128, b0: v128, b1: v128, c0: v128, c1: v128, w2: v128, w3: v128): void {
  let a2 = w2, a3 = w3;
  let b2 = w2, b3 = w3;
  let c2 = w2, c3 = w3;
  for (let round = 0; round < 10; round++) {
    const m0 = v128.load(PHILOX_MULTIPLIERS);
    const m1 = v128.load(PHILOX_MULTIPLIERS, 16);
    const key0 = v128.load(PHILOX_ROUND_KEYS + <usize>(round * 32));
    const key1 = v128.load(PHILOX_ROUND_KEYS + <usize>(round * 32), 16);
    const ah0 = mulHi32x4(a0, m0), al0 = i32x4.mul(a0, m0), ah1 = mulHi32x4(a2, m1), al1 = i32x4.mul(a2, m1);
    const bh0 = mulHi32x4(b0, m0), bl0 = i32x4.mul(b0, m0), bh1 = mulHi32x4(b2, m1), bl1 = i32x4.mul(b2, m1);
    const ch0 = mulHi32x4(c0, m0), cl0 = i32x4.mul(c0, m0), ch1 = mulHi32x4(c2, m1), cl1 = i32x4.mul(c2, m1);
    a0 = v128.xor(v128.xor(ah1, a1), key0); a1 = al1; a2 = v128.xor(v128.xor(ah0, a3), key1); a3 = al0;
    b0 = v128.xor(v128.xor(bh1, b1), key0); b1 = bl1; b2 = v128.xor(v128.xor(bh0, b3), key1); b3 = bl0;
    c0 = v128.xor(v128.xor(ch1, c1), key0); c1 = cl1; c2 = v128.xor(v128.xor(ch0, c3), key1); c3 = cl0;
  }
  v128.store(out, a0); v128.store(out, a1, 16); v128.store(out, a2, 32); v128.store(out, a3, 48);
  v128.store(out, b0, 64); v128.store(out, b1, 80); v128.store(out, b2, 96); v128.store(out, b3, 112);
  v128.store(out, c0, 128); v128.store(out, c1, 144); v128.store(out, c2, 160); v128.store(out, c3, 176);
}
