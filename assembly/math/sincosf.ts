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
const SINCOS_K: usize = memory.data(12 * 16, 16);
if (ASC_FEATURE_SIMD) {
  const consts: StaticArray<f32> = [HALF_PI_OVER_2_22, S0, S1, S2, C0, C1, C2, 0.5, 1];
  for (let i = 0; i < consts.length; i++) v128.store(SINCOS_K + (<usize>i << 4), f32x4.splat(consts[i]));
  v128.store(SINCOS_K + (9 << 4), i32x4.splat(1 << 21));
  v128.store(SINCOS_K + (10 << 4), i32x4.splat(1));
  v128.store(SINCOS_K + (11 << 4), i32x4.splat(2));
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
  const oneI = sinCosK(10);
  const twoI = sinCosK(11);
  const odd = i32x4.eq(v128.and(k, oneI), oneI);
  const a = v128.bitselect(s, c, odd);
  const b = v128.bitselect(c, s, odd);
  const signA = i32x4.shl(v128.and(i32x4.add(k, oneI), twoI), 30);
  const signB = i32x4.shl(v128.and(k, twoI), 30);
  v128.store(out, f32x4.mul(r, v128.xor(a, signA)));
  v128.store(out, f32x4.mul(r, v128.xor(b, signB)), 16);
}
