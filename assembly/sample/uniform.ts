// Uniform, integer, Bernoulli and Rademacher fills from the main stream (see rng/stream.ts).
// Each element uses a fixed number of stream words, so element i depends only on (key, i).
import { randomBitsFill, writeGroup, writeGroups3, computeGroup, groupWords, subStreamBegin, subStreamNextU32 } from "../rng/stream";
import { philoxRoundKeys } from "../rng/philox";

// @ts-ignore: decorator
@inline const INV_2_24: f32 = 5.9604644775390625e-8;
// @ts-ignore: decorator
@inline const INV_2_53: f64 = 1.1102230246251565e-16;
// @ts-ignore: decorator
@inline const TAG_INTEGER: u32 = 0x696e7400; // "int\0": sub-stream for Lemire's rejection

/** Uniform [0, 1) from one word: its top 24 bits, exact in f32. */
// @ts-ignore: decorator
@inline export function wordToUniformF32(w: u32): f32 {
  return <f32>(w >>> 8) * INV_2_24;
}

/** out: n f32. Elements start … start+n-1 of U[0, 1), 24 random bits each; element i = word i. */
export function uniformFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  let i: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    // whole groups, three at a time, converted while their 48 words are still in L1 (one pass over out)
    const count = <u32>n;
    i = min(count, (16 - (start & 15)) & 15);
    randomBitsFill(out, start, <i32>i, k0, k1);
    wordsToUniformsF32InPlace(out, i);
    philoxRoundKeys(k0, k1);
    while (i + 48 <= count) {
      const p = out + (<usize>i << 2);
      writeGroups3(p, (start + i) >> 4);
      for (let q: usize = 0; q < 192; q += 16) wordToUniformF32x4InPlace(p + q);
      i += 48;
    }
  } else {
    // whole groups straight from groupWords (no second pass over out)
    const count = <u32>n;
    i = min(count, (16 - (start & 15)) & 15);
    randomBitsFill(out, start, <i32>i, k0, k1);
    wordsToUniformsF32InPlace(out, i);
    while (i + 16 <= count) {
      computeGroup((start + i) >> 4, k0, k1);
      const p = out + (<usize>i << 2);
      for (let j: usize = 0; j < 64; j += 4) store<f32>(p + j, wordToUniformF32(load<u32>(groupWords + j)));
      i += 16;
    }
  }
  const rest = out + (<usize>i << 2);
  randomBitsFill(rest, start + i, n - <i32>i, k0, k1);
  wordsToUniformsF32InPlace(rest, <u32>n - i);
}

// INV_2_24 splat to 4 lanes: V8 (x64) rematerialises a v128 constant inside a loop with three
// instructions, a load is one.
const UNIFORM_SCALE: usize = memory.data<f32>([INV_2_24, INV_2_24, INV_2_24, INV_2_24], 16);

// Four words at p → four uniforms, in place. w >> 8 < 2^24 fits in i32, so the signed conversion (one
// instruction on x64; the unsigned one takes about seven) gives the same floats.
// @ts-ignore: decorator
@inline function wordToUniformF32x4InPlace(p: usize): void {
  v128.store(p, f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(v128.load(p), 8)), v128.load(UNIFORM_SCALE)));
}

// n words at p → n uniforms, in place (wordToUniformF32 on each).
function wordsToUniformsF32InPlace(p: usize, n: u32): void {
  let i: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) wordToUniformF32x4InPlace(p + (<usize>i << 2));
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 2);
    store<f32>(q, wordToUniformF32(load<u32>(q)));
  }
}

/** out: n f32. Uniform on [lo, hi): lo + (hi − lo)·u, the same u as uniformFillF32. */
export function uniformRangeFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, lo: f32, hi: f32): void {
  uniformFillF32(out, start, n, k0, k1);
  const width = hi - lo;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vw = f32x4.splat(width);
    const vlo = f32x4.splat(lo);
    for (; i + 4 <= n; i += 4) {
      const p = out + (<usize>i << 2);
      v128.store(p, f32x4.add(vlo, f32x4.mul(vw, v128.load(p))));
    }
  }
  for (; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, lo + width * load<f32>(p));
  }
}

/**
 * out: n f64. Uniform [0, 1) with 53 random bits. Element i of group g = i >> 3 (h = (i >> 2) & 1,
 * l = i & 3) takes its high 27 bits from word 16g + 8h + l and low 26 bits from word 16g + 8h + 4 + l.
 * With SIMD, whole groups come from writeGroups3 / writeGroup and convert two lanes at a time in f64x2:
 * the same operations (hi·2^26 + lo)·2^-53 as uniformFillF64Ref, so the same bits.
 */
export function uniformFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  let i: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const count = <u32>n;
    const head = min(count, (8 - (start & 7)) & 7);
    uniformF64Scalar(out, start, head, k0, k1);
    i = head;
    philoxRoundKeys(k0, k1);
    while (i + 24 <= count) {
      writeGroups3(UF64_WORDS, (start + i) >> 3);
      const p = out + (<usize>i << 3);
      wordsToUniformsF64x8(p, UF64_WORDS);
      wordsToUniformsF64x8(p + 64, UF64_WORDS + 64);
      wordsToUniformsF64x8(p + 128, UF64_WORDS + 128);
      i += 24;
    }
    while (i + 8 <= count) {
      writeGroup(UF64_WORDS, (start + i) >> 3, k0, k1);
      wordsToUniformsF64x8(out + (<usize>i << 3), UF64_WORDS);
      i += 8;
    }
  }
  uniformF64Scalar(out + (<usize>i << 3), start + i, <u32>n - i, k0, k1);
}

/** The scalar reference of uniformFillF64 (the scalar build runs this code): same bits. */
export function uniformFillF64Ref(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  uniformF64Scalar(out, start, <u32>n, k0, k1);
}

// Scratch for three groups of stream words (48 u32).
const UF64_WORDS: usize = memory.data(192, 16);

// The 8 uniforms of one group from its 16 words at w (as stored by writeGroup) to out (8 f64).
// @ts-ignore: decorator
@inline function wordsToUniformsF64x8(out: usize, w: usize): void {
  for (let h = 0; h < 2; h++) {
    // hi < 2^27 and lo < 2^26: the signed conversion gives the same doubles as the unsigned one
    const hi = i32x4.shr_u(v128.load(w + (<usize>h << 5)), 5);
    const lo = i32x4.shr_u(v128.load(w + (<usize>h << 5), 16), 6);
    const hiHigh = v128.shuffle<u32>(hi, hi, 2, 3, 2, 3);
    const loHigh = v128.shuffle<u32>(lo, lo, 2, 3, 2, 3);
    const scale = f64x2.splat(INV_2_53);
    const two26 = f64x2.splat(67108864.0);
    const a = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(hi), two26), f64x2.convert_low_i32x4_s(lo)), scale);
    const b = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(hiHigh), two26), f64x2.convert_low_i32x4_s(loHigh)), scale);
    v128.store(out + (<usize>h << 5), a);
    v128.store(out + (<usize>h << 5), b, 16);
  }
}

// Elements start … start+count-1 one group at a time, scalar.
// @ts-ignore: decorator
@inline function uniformF64Scalar(out: usize, start: u32, count: u32, k0: u32, k1: u32): void {
  let i: u32 = 0;
  while (i < count) {
    const e = start + i;
    const g = e >> 3;
    computeGroup(g, k0, k1);
    // all elements of this group that we need
    let j = e & 7;
    while (j < 8 && i < count) {
      const h = j >> 2;
      const l = j & 3;
      const hi = load<u32>(groupWords + ((8 * h + l) << 2)) >>> 5;
      const lo = load<u32>(groupWords + ((8 * h + 4 + l) << 2)) >>> 6;
      store<f64>(out + (<usize>i << 3), (<f64>hi * 67108864.0 + <f64>lo) * INV_2_53);
      i++; j++;
    }
  }
}

/**
 * out: n i32. Integers uniform on [lo, lo + range) without modulo bias (Lemire 2019, "Fast random
 * integer generation in an interval"). range is u32 with 0 meaning 2^32. Element i uses word i; the
 * rare rejected element redraws from its own sub-stream, so it still depends only on (key, i).
 */
export function randintFillI32(out: usize, start: u32, n: i32, k0: u32, k1: u32, lo: i32, range: u32): void {
  randomBitsFill(out, start, n, k0, k1);
  if (range == 0) {
    for (let i = 0; i < n; i++) {
      const p = out + (<usize>i << 2);
      store<i32>(p, lo + load<i32>(p));
    }
    return;
  }
  const r = <u64>range;
  const threshold = <u32>((0 - range) % range);
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 2);
    let m = <u64>load<u32>(p) * r;
    if (<u32>m < threshold) {
      subStreamBegin(k0, k1, start + <u32>i, TAG_INTEGER);
      while (<u32>m < threshold) m = <u64>subStreamNextU32() * r;
    }
    store<i32>(p, lo + <i32>(<u32>(m >> 32)));
  }
}

/**
 * out: n f32 of 0 or 1, P(1) = p. Element i is 1 when word i < p·2^32 (threshold passed as two u32
 * halves of the u64 floor(p·2^32), so p = 1 is exactly 2^32 and always succeeds).
 */
export function bernoulliFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, thresholdLo: u32, thresholdHi: u32): void {
  randomBitsFill(out, start, n, k0, k1);
  const t = (<u64>thresholdHi << 32) | <u64>thresholdLo;
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, <u64>load<u32>(p) < t ? <f32>1 : <f32>0);
  }
}

/** out: n f32 of ±1 with equal probability: the top bit of word i (1 → +1). */
export function rademacherFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32): void {
  randomBitsFill(out, start, n, k0, k1);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const p = out + (<usize>i << 2);
      // sign bit of the result = NOT top bit of the word
      const sign = v128.and(v128.not(v128.load(p)), i32x4.splat(0x80000000));
      v128.store(p, v128.or(one, sign));
    }
  }
  for (; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, (load<u32>(p) >>> 31) != 0 ? <f32>1 : <f32>-1);
  }
}
