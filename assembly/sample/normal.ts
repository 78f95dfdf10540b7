// Gaussian fills by Box–Muller (Box & Muller 1958) with log, sin and cos computed in WASM.
// Group g of the stream (16 words, see rng/stream.ts) gives 16 normals: words 0–3 (u1) and 4–7 (u2)
// give r·cos θ → elements 0–3 and r·sin θ → elements 4–7; words 8–11 and 12–15 give elements 8–15.
// u1 = (w >> 8 + 1)/2^24 in (0, 1], so log(u1) is finite and |z| ≤ √(2·24·ln 2) ≈ 5.77.
import { writeGroup, writeGroups3, computeGroup, groupWords, subStreamBegin, subStreamNextU32 } from "../rng/stream";
import { philoxRoundKeys } from "../rng/philox";
import { logF32, logScaledF32x4x2To } from "../math/logf";
import { sinCosTurnF32, sinCosTurnScaledF32x4x2, cosTurnScaledF32x4x2, sinOut, cosOut } from "../math/sincosf";

// @ts-ignore: decorator
@inline const INV_2_24: f32 = 5.9604644775390625e-8;
// @ts-ignore: decorator
@inline const TAG_TRUNCATED: u32 = 0x74726e63; // "trnc": sub-stream for truncated-normal redraws

/** Box–Muller on one word pair; returns the cos branch, or the sin branch when sinBranch. */
export function boxMullerF32(w1: u32, w2: u32, sinBranch: bool): f32 {
  const u1 = <f32>((w1 >>> 8) + 1) * INV_2_24;
  const r = Mathf.sqrt(logF32(u1) * <f32>-2);
  sinCosTurnF32(w2 >>> 8);
  return r * (sinBranch ? sinOut : cosOut);
}

// Element e of the main stream, from the 16 words of its group already in groupWords.
// @ts-ignore: decorator
@inline function normalFromGroup(e: u32): f32 {
  const q = (e >> 2) & 3;
  const l = e & 3;
  const pair = q >> 1;
  const w1 = load<u32>(groupWords + ((8 * pair + l) << 2));
  const w2 = load<u32>(groupWords + ((8 * pair + 4 + l) << 2));
  return boxMullerF32(w1, w2, (q & 1) != 0);
}

// −2, the integer 1 and the exponent bias 126 + 24 splat to 4 lanes (filled at instantiation): V8
// (x64) rematerialises a v128 constant inside a loop with three instructions, a load is one.
const BOX_MULLER_K: usize = memory.data(3 * 16, 16);
if (ASC_FEATURE_SIMD) {
  v128.store(BOX_MULLER_K, f32x4.splat(-2));
  v128.store(BOX_MULLER_K, i32x4.splat(1), 16);
  v128.store(BOX_MULLER_K, i32x4.splat(126 + 24), 32);
}
// The two logs of boxMullerRadius2InPlace (2 × 4 f32).
const BOX_MULLER_LOGS: usize = memory.data(32, 16);

// Box–Muller with SIMD, in two passes over 48 words already in L1: first r = √(−2 ln u1) over the u1
// words, then r·cos θ and r·sin θ over r and the u2 words; each pass takes two quads (8 words each)
// at a time with their dependency chains interleaved. One quad's chain (log → √ → sincos → ·r) is
// about 100 cycles of latency, and V8 emits vector code in about the order of the wasm, so one chain
// at a time left the CPU waiting (interleaving: −8 % time per normal).

// The u1 words at p and p + 32 (4 each) → r = √(−2 ln u1), stored over them as f32.
// @ts-ignore: decorator
@inline function boxMullerRadius2InPlace(p: usize): void {
  const one = v128.load(BOX_MULLER_K, 16);
  // n1 = (w >> 8) + 1 ≤ 2^24 fits in i32, so the signed conversion (one instruction on x64) gives
  // the same floats; log(u1) = log(n1·2^-24) by logScaledF32x4 (bias 126 + 24) without the product
  const xa = f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(v128.load(p), 8), one));
  const xb = f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(v128.load(p, 32), 8), one));
  logScaledF32x4x2To(BOX_MULLER_LOGS, xa, xb, v128.load(BOX_MULLER_K, 32));
  const minus2 = v128.load(BOX_MULLER_K);
  v128.store(p, f32x4.sqrt(f32x4.mul(v128.load(BOX_MULLER_LOGS), minus2)));
  v128.store(p, f32x4.sqrt(f32x4.mul(v128.load(BOX_MULLER_LOGS, 16), minus2)), 32);
}

// r at p (4 f32) and the 4 u2 words at p + 16 → r·cos θ at p, r·sin θ at p + 16; the same for the
// next 8 words at p + 32.
// @ts-ignore: decorator
@inline function boxMullerRotate2InPlace(p: usize): void {
  sinCosTurnScaledF32x4x2(p,
    i32x4.shr_u(v128.load(p, 16), 8), v128.load(p),
    i32x4.shr_u(v128.load(p, 48), 8), v128.load(p, 32));
}

// Box–Muller for the 32·quads words at p (u1 words 0–3, u2 words 4–7 of every 8; quads even), in place.
// @ts-ignore: decorator
@inline function boxMullerInPlace(p: usize, quads: i32): void {
  for (let q = 0; q < quads; q += 2) boxMullerRadius2InPlace(p + (<usize>q << 5));
  for (let q = 0; q < quads; q += 2) boxMullerRotate2InPlace(p + (<usize>q << 5));
}

// The cos branch of Box–Muller (boxMullerF32(w1, w2, false)) for two quads of words laid out as
// philoxBlock4To stores them (word j of 4 lanes at 16j): u1 = word 0, u2 = word 1 of quad a → 4 f32 at
// out, of quad b → out + 16. Rejection samplers (gamma) take one normal per block. Same bits.
// @ts-ignore: decorator
@inline export function boxMullerCosF32x4x2To(out: usize, a: usize, b: usize): void {
  const one = v128.load(BOX_MULLER_K, 16);
  const xa = f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(v128.load(a), 8), one));
  const xb = f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(v128.load(b), 8), one));
  logScaledF32x4x2To(BOX_MULLER_LOGS, xa, xb, v128.load(BOX_MULLER_K, 32));
  const minus2 = v128.load(BOX_MULLER_K);
  const ra = f32x4.sqrt(f32x4.mul(v128.load(BOX_MULLER_LOGS), minus2));
  const rb = f32x4.sqrt(f32x4.mul(v128.load(BOX_MULLER_LOGS, 16), minus2));
  cosTurnScaledF32x4x2(out, i32x4.shr_u(v128.load(a, 16), 8), ra, i32x4.shr_u(v128.load(b, 16), 8), rb);
}

// Scalar build: the 16 normals of the group in groupWords, to out (16 f32). Each word pair gives its
// cos and its sin element from one log and one sincos; same operations as boxMullerF32.
function boxMullerGroupScalar(out: usize): void {
  for (let pair = 0; pair < 2; pair++) {
    for (let l = 0; l < 4; l++) {
      const w1 = load<u32>(groupWords + ((8 * pair + l) << 2));
      const w2 = load<u32>(groupWords + ((8 * pair + 4 + l) << 2));
      const u1 = <f32>((w1 >>> 8) + 1) * INV_2_24;
      const r = Mathf.sqrt(logF32(u1) * <f32>-2);
      sinCosTurnF32(w2 >>> 8);
      store<f32>(out + ((8 * pair + l) << 2), r * cosOut);
      store<f32>(out + ((8 * pair + 4 + l) << 2), r * sinOut);
    }
  }
}

/**
 * out: n f32. Elements start … start+n-1 of N(mean, std²): mean + std·z with z standard normal.
 * std = 1 and mean = 0 give the standard normal exactly (no rounding is added).
 */
export function normalFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, mean: f32, std: f32): void {
  let i: u32 = 0;
  const count = <u32>n;
  // head until the next group boundary, element by element
  if ((start & 15) != 0 && count > 0) {
    computeGroup(start >> 4, k0, k1);
    while (i < count && ((start + i) & 15) != 0) {
      store<f32>(out + (<usize>i << 2), normalFromGroup(start + i));
      i++;
    }
  }
  // whole groups
  if (ASC_FEATURE_SIMD) {
    philoxRoundKeys(k0, k1);
    while (i + 48 <= count) {
      const p = out + (<usize>i << 2);
      writeGroups3(p, (start + i) >> 4);
      boxMullerInPlace(p, 6);
      i += 48;
    }
    while (i + 16 <= count) {
      const p = out + (<usize>i << 2);
      writeGroup(p, (start + i) >> 4, k0, k1);
      boxMullerInPlace(p, 2);
      i += 16;
    }
  } else {
    while (i + 16 <= count) {
      computeGroup((start + i) >> 4, k0, k1);
      boxMullerGroupScalar(out + (<usize>i << 2));
      i += 16;
    }
  }
  // tail, element by element
  if (i < count) {
    computeGroup((start + i) >> 4, k0, k1);
    while (i < count) {
      store<f32>(out + (<usize>i << 2), normalFromGroup(start + i));
      i++;
    }
  }
  if (mean != 0 || std != 1) affineInPlaceF32(out, n, mean, std);
}

/** x ← mean + std·x over n f32. */
export function affineInPlaceF32(out: usize, n: i32, mean: f32, std: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vm = f32x4.splat(mean);
    const vs = f32x4.splat(std);
    for (; i + 4 <= n; i += 4) {
      const p = out + (<usize>i << 2);
      v128.store(p, f32x4.add(vm, f32x4.mul(vs, v128.load(p))));
    }
  }
  for (; i < n; i++) {
    const p = out + (<usize>i << 2);
    store<f32>(p, mean + std * load<f32>(p));
  }
}

/**
 * out: n f32. Truncated normal on [mean − 2·std, mean + 2·std] (as tf.truncatedNormal and
 * torch.nn.init.trunc_normal_ with a = −2, b = 2): element i is the standard normal of normalFillF32
 * when |z| ≤ 2, otherwise redrawn from element i's own sub-stream (cos branch of word pairs) until
 * |z| ≤ 2, then mean + std·z.
 */
export function truncatedNormalFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, mean: f32, std: f32): void {
  normalFillF32(out, start, n, k0, k1, 0, 1);
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 2);
    let z = load<f32>(p);
    if (!(Mathf.abs(z) <= <f32>2)) {
      subStreamBegin(k0, k1, start + <u32>i, TAG_TRUNCATED);
      do {
        const w1 = subStreamNextU32();
        const w2 = subStreamNextU32();
        z = boxMullerF32(w1, w2, false);
      } while (!(Mathf.abs(z) <= <f32>2));
      store<f32>(p, z);
    }
  }
  if (mean != 0 || std != 1) affineInPlaceF32(out, n, mean, std);
}
