// A uniformly random permutation of 0 … n−1 from a key: Durstenfeld's Fisher–Yates shuffle with Lemire's
// unbiased bounded integers. Sequential by nature, so one scalar loop serves both builds (same bits).
// see: Durstenfeld 1964, "Algorithm 235: Random permutation"; Lemire 2019, "Fast random integer
// generation in an interval", ACM TOMACS 29(1).
import { computeGroup, groupWords, subStreamBegin, subStreamNextU32 } from "../rng/stream";

// @ts-ignore: decorator
@inline const TAG_PERMUTATION: u32 = 0x70726d00; // "prm\0": sub-stream for Lemire's rare rejection

/**
 * out: n i32, a permutation of 0 … n−1. Step t = 0 … n−2 swaps out[i] (i = n−1−t) with out[j], j uniform
 * on [0, i] from word t of the key's main stream (j = ⌊w·(i+1) / 2^32⌋, Lemire's rejection of the low
 * product below 2^32 mod (i+1) redrawing from step t's sub-stream). So element t of randomBits(key) decides
 * step t, and a permutation depends on nothing but (key, n).
 * @example n = 1 gives [0]; n = 0 writes nothing
 */
export function permutationI32(out: usize, n: i32, k0: u32, k1: u32): void {
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), i);
  for (let t = 0; t < n - 1; t++) {
    if ((t & 15) == 0) computeGroup(<u32>t >> 4, k0, k1);
    const i = n - 1 - t;
    const range = <u64>(i + 1);
    let m = <u64>load<u32>(groupWords + (<usize>(t & 15) << 2)) * range;
    const threshold = <u32>((0x100000000 - range) % range);
    if (<u32>m < threshold) {
      subStreamBegin(k0, k1, <u32>t, TAG_PERMUTATION);
      while (<u32>m < threshold) m = <u64>subStreamNextU32() * range;
    }
    const j = <i32>(m >> 32);
    const pi = out + (<usize>i << 2);
    const pj = out + (<usize>j << 2);
    const vi = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, vi);
  }
}
