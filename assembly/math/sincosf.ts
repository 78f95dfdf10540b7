// sin and cos of a uniformly drawn angle 2π·n/2^24 (n a 24-bit integer), for Box–Muller.
// The angle is reduced exactly in integers (quadrant k, remainder r in [-2^21, 2^21]), so only the
// Cephes sinf/cosf polynomials on [-π/4, π/4] round. Scalar and SIMD forms are bit-identical.

// @ts-ignore: decorator
@inline const HALF_PI_OVER_2_22: f32 = 3.7450702e-7; // (π/2)/2^22
// @ts-ignore: decorator
@inline const S0: f32 = -1.9515295891e-4;
// @ts-ignore: decorator
@inline const S1: f32 = 8.3321608736e-3;
// @ts-ignore: decorator
@inline const S2: f32 = -1.6666654611e-1;
// @ts-ignore: decorator
@inline const C0: f32 = 2.443315711809948e-5;
// @ts-ignore: decorator
@inline const C1: f32 = -1.388731625493765e-3;
// @ts-ignore: decorator
@inline const C2: f32 = 4.166664568298827e-2;

export let sinOut: f32 = 0;
export let cosOut: f32 = 0;

/** sin and cos of 2π·n/2^24 for 0 ≤ n < 2^24, into sinOut and cosOut. */
export function sinCosTurnF32(n: u32): void {
  const k = (n + (1 << 21)) >> 22;              // nearest quarter turn, 0..4
  const r = <i32>n - <i32>(k << 22);            // exact remainder
  const x = <f32>r * HALF_PI_OVER_2_22;         // in [-π/4, π/4]
  const z = x * x;
  let s = S0 * z + S1;
  s = s * z + S2;
  s = s * z * x + x;
  let c = C0 * z + C1;
  c = c * z + C2;
  c = c * z * z - <f32>0.5 * z + <f32>1;
  // rotate by k quarter turns: swap on odd k, then flip signs
  const a = (k & 1) != 0 ? s : c;
  const b = (k & 1) != 0 ? c : s;
  cosOut = ((k + 1) & 2) != 0 ? -a : a;
  sinOut = (k & 2) != 0 ? -b : b;
}

// The vector constants of sinCosTurnScaledF32x4, splat to 4 lanes, filled once at instantiation: V8
// (x64) rematerialises every v128.const inside a loop with three instructions, a load is one.
const SINCOS_K: usize = memory.data(10 * 16, 16);
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f32> = [HALF_PI_OVER_2_22, S0, S1, S2, C0, C1, C2, 0.5, 1];
  for (let i = 0; i < consts.length; i++) v128.store(SINCOS_K + (<usize>i << 4), f32x4.splat(consts[i]));
  v128.store(SINCOS_K + (9 << 4), i32x4.splat(1 << 21));
}
// @ts-ignore: decorator
@inline function sinCosK(i: i32): v128 {
  return v128.load(SINCOS_K + (<usize>i << 4));
}

/**
 * Four lanes of sinCosTurnF32 for n (u32 lanes < 2^24), scaled by r: stores r·cos to out and r·sin
 * to out + 16 (Box–Muller's two outputs, bit-identical to r * cosOut and r * sinOut).
 */
// @ts-ignore: decorator
@inline export function sinCosTurnScaledF32x4(out: usize, n: v128, r: v128): void {
  const k = i32x4.shr_u(i32x4.add(n, sinCosK(9)), 22); // nearest quarter turn: (n + 2^21) >> 22
  const rem = i32x4.sub(n, i32x4.shl(k, 22));
  const x = f32x4.mul(f32x4.convert_i32x4_s(rem), sinCosK(0)); // · (π/2)/2^22
  const z = f32x4.mul(x, x);
  let s = f32x4.add(f32x4.mul(sinCosK(1), z), sinCosK(2)); // S0·z + S1
  s = f32x4.add(f32x4.mul(s, z), sinCosK(3)); // + S2
  s = f32x4.add(f32x4.mul(f32x4.mul(s, z), x), x);
  let c = f32x4.add(f32x4.mul(sinCosK(4), z), sinCosK(5)); // C0·z + C1
  c = f32x4.add(f32x4.mul(c, z), sinCosK(6)); // + C2
  c = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(c, z), z), f32x4.mul(sinCosK(7), z)), sinCosK(8)); // … − 0.5·z + 1
  // k in 0…4: odd k swaps sin and cos; cos changes sign for k = 1, 2 (bit 0 xor bit 1 of k), sin
  // for k = 2, 3 (bit 1). Masks by shifts, without constants to load.
  const odd = i32x4.shr_s(i32x4.shl(k, 31), 31);
  // a = odd ? s : c and b = odd ? c : s by one xor-swap (4 instructions; two bitselects take 6)
  const swap = v128.and(v128.xor(s, c), odd);
  const a = v128.xor(c, swap);
  const b = v128.xor(s, swap);
  const k1 = i32x4.shr_u(k, 1);
  const signA = i32x4.shl(v128.xor(k, k1), 31);
  const signB = i32x4.shl(k1, 31);
  v128.store(out, f32x4.mul(r, v128.xor(a, signA)));
  v128.store(out, f32x4.mul(r, v128.xor(b, signB)), 16);
}

/**
 * sinCosTurnScaledF32x4 for two quads, (na, ra) → out and out + 16, (nb, rb) → out + 32 and
 * out + 48, the two dependency chains interleaved op by op (V8 emits vector operations in about the
 * order of the wasm; one chain alone leaves the CPU waiting). Same operations, same bits.
 */
// @ts-ignore: decorator
@inline export function sinCosTurnScaledF32x4x2(out: usize, na: v128, ra: v128, nb: v128, rb: v128): void {
  turnScaledF32x4x2(out, na, ra, nb, rb, true);
}

/**
 * The cos half of sinCosTurnScaledF32x4x2: r·cos for (na, ra) → out and (nb, rb) → out + 16, for
 * samplers that take one normal per word pair (gamma). The same operations for those lanes, same bits.
 */
// @ts-ignore: decorator
@inline export function cosTurnScaledF32x4x2(out: usize, na: v128, ra: v128, nb: v128, rb: v128): void {
  turnScaledF32x4x2(out, na, ra, nb, rb, false);
}

// Both of the above: withSin is a constant at each (inlined) call, so the cos-only form compiles without
// the sin stores and the operations only they need.
// @ts-ignore: decorator
@inline function turnScaledF32x4x2(out: usize, na: v128, ra: v128, nb: v128, rb: v128, withSin: bool): void {
  const ka = i32x4.shr_u(i32x4.add(na, sinCosK(9)), 22);
  const kb = i32x4.shr_u(i32x4.add(nb, sinCosK(9)), 22);
  const xa = f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(na, i32x4.shl(ka, 22))), sinCosK(0));
  const xb = f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(nb, i32x4.shl(kb, 22))), sinCosK(0));
  const za = f32x4.mul(xa, xa);
  const zb = f32x4.mul(xb, xb);
  let sa = f32x4.add(f32x4.mul(sinCosK(1), za), sinCosK(2));
  let sb = f32x4.add(f32x4.mul(sinCosK(1), zb), sinCosK(2));
  let ca = f32x4.add(f32x4.mul(sinCosK(4), za), sinCosK(5));
  let cb = f32x4.add(f32x4.mul(sinCosK(4), zb), sinCosK(5));
  sa = f32x4.add(f32x4.mul(sa, za), sinCosK(3));
  sb = f32x4.add(f32x4.mul(sb, zb), sinCosK(3));
  ca = f32x4.add(f32x4.mul(ca, za), sinCosK(6));
  cb = f32x4.add(f32x4.mul(cb, zb), sinCosK(6));
  sa = f32x4.add(f32x4.mul(f32x4.mul(sa, za), xa), xa);
  sb = f32x4.add(f32x4.mul(f32x4.mul(sb, zb), xb), xb);
  ca = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(ca, za), za), f32x4.mul(sinCosK(7), za)), sinCosK(8));
  cb = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(cb, zb), zb), f32x4.mul(sinCosK(7), zb)), sinCosK(8));
  // odd k swaps sin and cos; cos's sign flips where bit 0 xor bit 1 of k is set, sin's where bit 1 is
  const swapA = v128.and(v128.xor(sa, ca), i32x4.shr_s(i32x4.shl(ka, 31), 31));
  const swapB = v128.and(v128.xor(sb, cb), i32x4.shr_s(i32x4.shl(kb, 31), 31));
  const ha = i32x4.shr_u(ka, 1);
  const hb = i32x4.shr_u(kb, 1);
  v128.store(out, f32x4.mul(ra, v128.xor(v128.xor(ca, swapA), i32x4.shl(v128.xor(ka, ha), 31))));
  v128.store(out + (withSin ? 32 : 16), f32x4.mul(rb, v128.xor(v128.xor(cb, swapB), i32x4.shl(v128.xor(kb, hb), 31))));
  if (withSin) {
    v128.store(out, f32x4.mul(ra, v128.xor(v128.xor(sa, swapA), i32x4.shl(ha, 31))), 16);
    v128.store(out, f32x4.mul(rb, v128.xor(v128.xor(sb, swapB), i32x4.shl(hb, 31))), 48);
  }
}
