// Stream layout v1 ("philox4x32-10/g16"): how the words of a key's stream map to Philox blocks.
// Word w of the main stream is word (w >> 2) & 3 of block 4·(w >> 4) + (w & 3), counter
// (block, 0, 0, 0). Groups of 16 words therefore come from 4 consecutive blocks, so one SIMD call
// (4 blocks in 4 lanes) stores its 4 result vectors straight to memory without a transpose.
// Every element of every fill is a pure function of (key, element index): chunking and SIMD width
// cannot change a result. Rejection samplers draw from a per-element sub-stream with counter
// (j, element, tag, 1), disjoint from the main stream (word 3 = 0), from split (2) and foldIn (3).
import {
  philoxBlock, philoxBlock4To, philoxBlock4x3To, philoxRoundKeys, philoxOut0, philoxOut1, philoxOut2, philoxOut3,
} from "./philox";

/** The documented stream id; bump it whenever any sampler's output bits change. */
export function streamVersion(): i32 {
  return 1;
}

// @ts-ignore: decorator
@inline const DOMAIN_SUBSTREAM: u32 = 1;
// @ts-ignore: decorator
@inline const DOMAIN_SPLIT: u32 = 2;
// @ts-ignore: decorator
@inline const DOMAIN_FOLD_IN: u32 = 3;

/** The 16 words of group g of the main stream (scalar build and SIMD tails use it). */
export const groupWords: usize = memory.data(64, 16);

/** Fills groupWords with words 16g … 16g+15 of the main stream of key (k0, k1). */
export function computeGroup(g: u32, k0: u32, k1: u32): void {
  for (let lane: u32 = 0; lane < 4; lane++) {
    philoxBlock(4 * g + lane, 0, 0, 0, k0, k1);
    store<u32>(groupWords + ((0 * 4 + lane) << 2), philoxOut0);
    store<u32>(groupWords + ((1 * 4 + lane) << 2), philoxOut1);
    store<u32>(groupWords + ((2 * 4 + lane) << 2), philoxOut2);
    store<u32>(groupWords + ((3 * 4 + lane) << 2), philoxOut3);
  }
}

/**
 * Writes the 16 words of group g to out (16 u32). With SIMD: one philoxBlock4 call, stored as is.
 * Identical words to computeGroup.
 */
// @ts-ignore: decorator
@inline export function writeGroup(out: usize, g: u32, k0: u32, k1: u32): void {
  if (ASC_FEATURE_SIMD) {
    const base = 4 * g;
    const c0 = i32x4(base, base + 1, base + 2, base + 3);
    const zero = i32x4.splat(0);
    philoxBlock4To(out, c0, zero, zero, zero, k0, k1);
  } else {
    computeGroup(g, k0, k1);
    memory.copy(out, groupWords, 64);
  }
}

/**
 * SIMD only: writes groups g, g+1, g+2 (48 words) to out, as three writeGroup calls would, but
 * interleaved for speed. Call philoxRoundKeys(k0, k1) first.
 */
// @ts-ignore: decorator
@inline export function writeGroups3(out: usize, g: u32): void {
  const base = 4 * g;
  philoxBlock4x3To(out,
    i32x4(base, base + 1, base + 2, base + 3),
    i32x4(base + 4, base + 5, base + 6, base + 7),
    i32x4(base + 8, base + 9, base + 10, base + 11));
}

/**
 * Raw stream words. out: n u32; writes words start … start+n-1 of the main stream of (k0, k1).
 */
export function randomBitsFill(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  let i: u32 = 0;
  const count = <u32>n;
  // head: up to the next group boundary, one word at a time
  while (i < count && ((start + i) & 15) != 0) {
    const w = start + i;
    computeGroup(w >> 4, k0, k1);
    store<u32>(out + (<usize>i << 2), load<u32>(groupWords + ((w & 15) << 2)));
    i++;
  }
  // whole groups, three at a time with SIMD
  if (ASC_FEATURE_SIMD) {
    philoxRoundKeys(k0, k1);
    while (i + 48 <= count) {
      writeGroups3(out + (<usize>i << 2), (start + i) >> 4);
      i += 48;
    }
  }
  while (i + 16 <= count) {
    writeGroup(out + (<usize>i << 2), (start + i) >> 4, k0, k1);
    i += 16;
  }
  // tail
  if (i < count) {
    computeGroup((start + i) >> 4, k0, k1);
    memory.copy(out + (<usize>i << 2), groupWords, <usize>(count - i) << 2);
  }
}

/** Philox4x32-10 block, for known-answer tests from JS. out: 4 u32. */
export function philoxBlockTo(out: usize, c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philoxBlock(c0, c1, c2, c3, k0, k1);
  store<u32>(out, philoxOut0);
  store<u32>(out, philoxOut1, 4);
  store<u32>(out, philoxOut2, 8);
  store<u32>(out, philoxOut3, 12);
}

/** n child keys of (k0, k1): child j = the first two words of block (j, 0, 0, 2). out: 2n u32. */
export function splitKeys(out: usize, n: i32, k0: u32, k1: u32): void {
  for (let j = 0; j < n; j++) {
    philoxBlock(<u32>j, 0, 0, DOMAIN_SPLIT, k0, k1);
    store<u32>(out + (<usize>j << 3), philoxOut0);
    store<u32>(out + (<usize>j << 3), philoxOut1, 4);
  }
}

/** The key (k0, k1) folded with 64-bit data (lo, hi): block (lo, hi, 0, 3). out: 2 u32. */
export function foldInKey(out: usize, k0: u32, k1: u32, lo: u32, hi: u32): void {
  philoxBlock(lo, hi, 0, DOMAIN_FOLD_IN, k0, k1);
  store<u32>(out, philoxOut0);
  store<u32>(out, philoxOut1, 4);
}

// A per-element sub-stream for rejection steps: word j is word (j & 3) of block (j >> 2, element,
// tag, 1). State lives in globals: samplers are single-threaded loops that finish one element first.
let subK0: u32 = 0;
let subK1: u32 = 0;
let subElement: u32 = 0;
let subTag: u32 = 0;
let subNext: u32 = 0;
let subW0: u32 = 0;
let subW1: u32 = 0;
let subW2: u32 = 0;
let subW3: u32 = 0;

/** Starts the sub-stream of `element` for the sampler identified by `tag`. */
export function subStreamBegin(k0: u32, k1: u32, element: u32, tag: u32): void {
  subK0 = k0; subK1 = k1; subElement = element; subTag = tag; subNext = 0;
}

/** The next word of the current sub-stream. */
export function subStreamNextU32(): u32 {
  const j = subNext++;
  const word = j & 3;
  if (word == 0) {
    // copy out: the caller may run other Philox blocks between two sub-stream draws
    philoxBlock(j >> 2, subElement, subTag, DOMAIN_SUBSTREAM, subK0, subK1);
    subW0 = philoxOut0; subW1 = philoxOut1; subW2 = philoxOut2; subW3 = philoxOut3;
  }
  return word == 0 ? subW0 : word == 1 ? subW1 : word == 2 ? subW2 : subW3;
}

/** The next uniform in [0, 1) (24 bits) of the current sub-stream. */
export function subStreamUniformF32(): f32 {
  return <f32>(subStreamNextU32() >>> 8) * <f32>5.9604644775390625e-8;
}

/** The next uniform in [0, 1) (53 bits) of the current sub-stream. */
export function subStreamUniformF64(): f64 {
  const hi = subStreamNextU32() >>> 5;
  const lo = subStreamNextU32() >>> 6;
  return (<f64>hi * 67108864.0 + <f64>lo) * 1.1102230246251565e-16;
}
