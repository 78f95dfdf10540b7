// Gaussian fills in f64 by Box–Muller (Box & Muller 1958) on pairs of 53-bit uniforms, with AS std's
// Math.log1p, Math.cos and Math.sin (musl / fdlibm). The SIMD build runs whole pairs two at a time
// through log1pF64x2Fast and sinCosF64x2FastTo, which give std's bits lane by lane (math/log1pd.ts,
// math/sincosd.ts) and flag the rare lanes they do not cover; those pairs are redone with Math.*. So the
// SIMD and scalar builds agree bit for bit.
import { uniformFillF64 } from "./uniform";
import { log1pF64x2Fast, log1pF64x2Misses } from "../math/log1pd";
import { sinCosF64x2FastTo, sinCosF64x2Misses } from "../math/sincosd";

/**
 * out: n f64. N(mean, std²) in double precision: element i pairs the f64 uniforms u1 = U[2⌊i/2⌋] and
 * u2 = U[2⌊i/2⌋ + 1] of uniformFillF64 and takes √(−2 ln(1 − u1))·cos(2πu2) (even i) or ·sin (odd i).
 * The uniforms come 96 pairs at a time from uniformFillF64 (SIMD), r is computed once per pair.
 * `scratch` (2 f64) is no longer used; the signature stays for the ABI.
 */
export function normalFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, mean: f64, std: f64, scratch: usize): void {
  normalFillF64With(out, start, n, k0, k1, mean, std, ASC_FEATURE_SIMD);
}

/** The scalar reference of normalFillF64 (the scalar build runs this code): same bits. */
export function normalFillF64Ref(out: usize, start: u32, n: i32, k0: u32, k1: u32, mean: f64, std: f64): void {
  normalFillF64With(out, start, n, k0, k1, mean, std, false);
}

// @ts-ignore: decorator
@inline function normalFillF64With(out: usize, start: u32, n: i32, k0: u32, k1: u32, mean: f64, std: f64, vector: bool): void {
  let i = 0;
  while (i < n) {
    const e = start + <u32>i;
    const first = e & ~1;
    const m = min(NORMAL_F64_CHUNK, n - i);
    const end = e + <u32>m; // one past the last element of this chunk
    const pairsEnd = (end + 1) & ~1; // one past the last uniform needed
    uniformFillF64(NORMAL_F64_U, first, <i32>(pairsEnd - first), k0, k1);
    let q = first;
    if (ASC_FEATURE_SIMD && vector) {
      // an odd e: its pair gives the sin only; then whole pairs, two at a time
      if (q < e) {
        boxMullerPairF64(out, start, NORMAL_F64_U + (<usize>(q - first) << 3), q, e, end, mean, std);
        q += 2;
      }
      const blocks = <i32>((end - q) >> 2);
      boxMullerBlocksF64x2(out, start, NORMAL_F64_U + (<usize>(q - first) << 3), q, blocks, mean, std);
      q += <u32>blocks << 2;
    }
    for (; q < pairsEnd; q += 2) {
      boxMullerPairF64(out, start, NORMAL_F64_U + (<usize>(q - first) << 3), q, e, end, mean, std);
    }
    i += m;
  }
}

/**
 * Box–Muller on `pairs` given pairs of uniforms at u (u1, u2, u1', …) → 2·pairs f64 at out, as
 * normalFillF64 does on the stream's (vector: the SIMD blocks, else boxMullerPairF64). A test hook for
 * chosen angles such as 2π·½ = π, where std's reduction takes more rounds than sinCosF64x2FastTo.
 */
export function boxMullerUniformsF64(out: usize, u: usize, pairs: i32, mean: f64, std: f64, vector: bool): void {
  const count = <u32>pairs << 1;
  let q: u32 = 0;
  if (ASC_FEATURE_SIMD && vector) {
    for (; q + 4 <= count; q += <u32>NORMAL_F64_CHUNK) { // at most NORMAL_F64_CHUNK / 4 blocks at a time
      const blocks = min(<i32>((count - q) >> 2), NORMAL_F64_CHUNK / 4);
      boxMullerBlocksF64x2(out, 0, u + (<usize>q << 3), q, blocks, mean, std);
    }
    q = count & ~3;
  }
  for (; q < count; q += 2) boxMullerPairF64(out, 0, u + (<usize>q << 3), q, 0, count, mean, std);
}

// The pair of uniforms at u (u1, u2) is elements q, q + 1 of the stream: mean + std·(r·cos θ) to
// element q and mean + std·(r·sin θ) to q + 1, each only if it lies in [e, end). out holds element start.
function boxMullerPairF64(out: usize, start: u32, u: usize, q: u32, e: u32, end: u32, mean: f64, std: f64): void {
  const r = Math.sqrt(-2.0 * Math.log1p(-load<f64>(u)));
  const theta = 2.0 * Math.PI * load<f64>(u, 8);
  if (q >= e) store<f64>(out + (<usize>(q - start) << 3), mean + std * (r * Math.cos(theta)));
  if (q + 1 < end) store<f64>(out + (<usize>(q + 1 - start) << 3), mean + std * (r * Math.sin(theta)));
}

// boxMullerPairF64 for 2·blocks whole pairs at u (u1, u2, u1', u2', …), elements q, q + 1, …, with the
// same operations per lane: f64x2.mul/add/sqrt are the scalar ones lane by lane, and −2·log and 2π·u2
// commute. Two passes (every r, then the rotations), so each loop keeps fewer constants live. A pair
// where either vector form missed (see log1pF64x2Misses, sinCosF64x2Misses) is redone by boxMullerPairF64.
// @ts-ignore: decorator
@inline function boxMullerBlocksF64x2(out: usize, start: u32, u: usize, q: u32, blocks: i32, mean: f64, std: f64): void {
  // r = √(−2·log1p(−u1)) for the two u1 of each block (−u1 = −k·2^-53 never misses)
  for (let b = 0; b < blocks; b++) {
    const p = u + (<usize>b << 5);
    const u1 = v128.shuffle<f64>(v128.load(p), v128.load(p, 16), 0, 2);
    v128.store(NORMAL_F64_R + (<usize>b << 4), f64x2.sqrt(f64x2.mul(f64x2.splat(-2.0), log1pF64x2Fast(f64x2.neg(u1)))));
    store<u8>(NORMAL_F64_MISSES + <usize>b, <u8>log1pF64x2Misses);
  }
  const vm = f64x2.splat(mean);
  const vs = f64x2.splat(std);
  for (let b = 0; b < blocks; b++) {
    const p = u + (<usize>b << 5);
    const u2 = v128.shuffle<f64>(v128.load(p), v128.load(p, 16), 1, 3);
    sinCosF64x2FastTo(NORMAL_F64_SINCOS, f64x2.mul(v128.load(TWO_PI), u2));
    const r = v128.load(NORMAL_F64_R + (<usize>b << 4));
    const zc = f64x2.add(vm, f64x2.mul(vs, f64x2.mul(r, v128.load(NORMAL_F64_SINCOS))));
    const zs = f64x2.add(vm, f64x2.mul(vs, f64x2.mul(r, v128.load(NORMAL_F64_SINCOS, 16))));
    const qb = q + (<u32>b << 2);
    const o = out + (<usize>(qb - start) << 3);
    v128.store(o, v128.shuffle<f64>(zc, zs, 0, 2));
    v128.store(o, v128.shuffle<f64>(zc, zs, 1, 3), 16);
    const misses = <i32>load<u8>(NORMAL_F64_MISSES + <usize>b) | sinCosF64x2Misses;
    if (misses != 0) {
      if ((misses & 1) != 0) boxMullerPairF64(out, start, p, qb, qb, qb + 2, mean, std);
      if ((misses & 2) != 0) boxMullerPairF64(out, start, p + 16, qb + 2, qb + 2, qb + 4, mean, std);
    }
  }
}

// @ts-ignore: decorator
@inline const NORMAL_F64_CHUNK: i32 = 192; // 8 × 24 uniforms: whole writeGroups3 runs
const NORMAL_F64_U: usize = memory.data(8 * (NORMAL_F64_CHUNK + 2), 16);
// r and the log1p misses of each block of boxMullerBlocksF64x2 (2 f64, 1 byte), and the cos, sin of
// one block (2 f64 each)
const NORMAL_F64_R: usize = memory.data(8 * (NORMAL_F64_CHUNK / 2), 16);
const NORMAL_F64_MISSES: usize = memory.data(NORMAL_F64_CHUNK / 4);
const NORMAL_F64_SINCOS: usize = memory.data(32, 16);
const TWO_PI = memory.data<f64>([2.0 * Math.PI, 2.0 * Math.PI], 16);
