// The machine's SIMD128 peak, measured: independent chains of f32x4 mul then add held in registers (no
// memory traffic). WASM SIMD has no FMA, so a multiply-add is two instructions and 8 flops per f32x4 pair.
// With a = a·y + x each chain is latency-bound, so enough chains are needed to fill the pipes; past ~13 the
// 16 x86 vector registers V8 allocates run out and spills make it slower. bench/matmul.bench.mjs compiles
// this file and reports the best of the variants as the peak; matmul GFLOP/s are printed as % of it.

/** 8 chains a_i ← a_i·y + x for `iters` steps: 8 f32x4 mul + 8 f32x4 add per step. Returns a lane so nothing is dead. */
export function peak8(iters: i32, seed: f32): f32 {
  const y = f32x4.splat(0.999), x = f32x4.splat(0.001);
  let a0 = f32x4.splat(seed + 0); let a1 = f32x4.splat(seed + 1); let a2 = f32x4.splat(seed + 2); let a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4); let a5 = f32x4.splat(seed + 5); let a6 = f32x4.splat(seed + 6); let a7 = f32x4.splat(seed + 7);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, y), x); a1 = f32x4.add(f32x4.mul(a1, y), x); a2 = f32x4.add(f32x4.mul(a2, y), x);
    a3 = f32x4.add(f32x4.mul(a3, y), x); a4 = f32x4.add(f32x4.mul(a4, y), x); a5 = f32x4.add(f32x4.mul(a5, y), x);
    a6 = f32x4.add(f32x4.mul(a6, y), x); a7 = f32x4.add(f32x4.mul(a7, y), x);
  }
  let s = a0;
  s = f32x4.add(s, a1); s = f32x4.add(s, a2); s = f32x4.add(s, a3); s = f32x4.add(s, a4); s = f32x4.add(s, a5); s = f32x4.add(s, a6); s = f32x4.add(s, a7);
  return f32x4.extract_lane(s, 0);
}

/** 10 chains a_i ← a_i·y + x for `iters` steps: 10 f32x4 mul + 10 f32x4 add per step. Returns a lane so nothing is dead. */
export function peak10(iters: i32, seed: f32): f32 {
  const y = f32x4.splat(0.999), x = f32x4.splat(0.001);
  let a0 = f32x4.splat(seed + 0); let a1 = f32x4.splat(seed + 1); let a2 = f32x4.splat(seed + 2); let a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4); let a5 = f32x4.splat(seed + 5); let a6 = f32x4.splat(seed + 6); let a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8); let a9 = f32x4.splat(seed + 9);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, y), x); a1 = f32x4.add(f32x4.mul(a1, y), x); a2 = f32x4.add(f32x4.mul(a2, y), x);
    a3 = f32x4.add(f32x4.mul(a3, y), x); a4 = f32x4.add(f32x4.mul(a4, y), x); a5 = f32x4.add(f32x4.mul(a5, y), x);
    a6 = f32x4.add(f32x4.mul(a6, y), x); a7 = f32x4.add(f32x4.mul(a7, y), x); a8 = f32x4.add(f32x4.mul(a8, y), x);
    a9 = f32x4.add(f32x4.mul(a9, y), x);
  }
  let s = a0;
  s = f32x4.add(s, a1); s = f32x4.add(s, a2); s = f32x4.add(s, a3); s = f32x4.add(s, a4); s = f32x4.add(s, a5); s = f32x4.add(s, a6); s = f32x4.add(s, a7); s = f32x4.add(s, a8); s = f32x4.add(s, a9);
  return f32x4.extract_lane(s, 0);
}

/** 12 chains a_i ← a_i·y + x for `iters` steps: 12 f32x4 mul + 12 f32x4 add per step. Returns a lane so nothing is dead. */
export function peak12(iters: i32, seed: f32): f32 {
  const y = f32x4.splat(0.999), x = f32x4.splat(0.001);
  let a0 = f32x4.splat(seed + 0); let a1 = f32x4.splat(seed + 1); let a2 = f32x4.splat(seed + 2); let a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4); let a5 = f32x4.splat(seed + 5); let a6 = f32x4.splat(seed + 6); let a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8); let a9 = f32x4.splat(seed + 9); let a10 = f32x4.splat(seed + 10); let a11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, y), x); a1 = f32x4.add(f32x4.mul(a1, y), x); a2 = f32x4.add(f32x4.mul(a2, y), x);
    a3 = f32x4.add(f32x4.mul(a3, y), x); a4 = f32x4.add(f32x4.mul(a4, y), x); a5 = f32x4.add(f32x4.mul(a5, y), x);
    a6 = f32x4.add(f32x4.mul(a6, y), x); a7 = f32x4.add(f32x4.mul(a7, y), x); a8 = f32x4.add(f32x4.mul(a8, y), x);
    a9 = f32x4.add(f32x4.mul(a9, y), x); a10 = f32x4.add(f32x4.mul(a10, y), x); a11 = f32x4.add(f32x4.mul(a11, y), x);
  }
  let s = a0;
  s = f32x4.add(s, a1); s = f32x4.add(s, a2); s = f32x4.add(s, a3); s = f32x4.add(s, a4); s = f32x4.add(s, a5); s = f32x4.add(s, a6); s = f32x4.add(s, a7); s = f32x4.add(s, a8); s = f32x4.add(s, a9); s = f32x4.add(s, a10); s = f32x4.add(s, a11);
  return f32x4.extract_lane(s, 0);
}

/** 13 chains a_i ← a_i·y + x for `iters` steps: 13 f32x4 mul + 13 f32x4 add per step. Returns a lane so nothing is dead. */
export function peak13(iters: i32, seed: f32): f32 {
  const y = f32x4.splat(0.999), x = f32x4.splat(0.001);
  let a0 = f32x4.splat(seed + 0); let a1 = f32x4.splat(seed + 1); let a2 = f32x4.splat(seed + 2); let a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4); let a5 = f32x4.splat(seed + 5); let a6 = f32x4.splat(seed + 6); let a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8); let a9 = f32x4.splat(seed + 9); let a10 = f32x4.splat(seed + 10); let a11 = f32x4.splat(seed + 11);
  let a12 = f32x4.splat(seed + 12);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, y), x); a1 = f32x4.add(f32x4.mul(a1, y), x); a2 = f32x4.add(f32x4.mul(a2, y), x);
    a3 = f32x4.add(f32x4.mul(a3, y), x); a4 = f32x4.add(f32x4.mul(a4, y), x); a5 = f32x4.add(f32x4.mul(a5, y), x);
    a6 = f32x4.add(f32x4.mul(a6, y), x); a7 = f32x4.add(f32x4.mul(a7, y), x); a8 = f32x4.add(f32x4.mul(a8, y), x);
    a9 = f32x4.add(f32x4.mul(a9, y), x); a10 = f32x4.add(f32x4.mul(a10, y), x); a11 = f32x4.add(f32x4.mul(a11, y), x);
    a12 = f32x4.add(f32x4.mul(a12, y), x);
  }
  let s = a0;
  s = f32x4.add(s, a1); s = f32x4.add(s, a2); s = f32x4.add(s, a3); s = f32x4.add(s, a4); s = f32x4.add(s, a5); s = f32x4.add(s, a6); s = f32x4.add(s, a7); s = f32x4.add(s, a8); s = f32x4.add(s, a9); s = f32x4.add(s, a10); s = f32x4.add(s, a11); s = f32x4.add(s, a12);
  return f32x4.extract_lane(s, 0);
}

/**
 * The ports, not the latency: 6 independent multiply chains a_i ← a_i·y (y alternating with 1/y so nothing
 * decays to a denormal) and 6 independent add chains b_i ← b_i + x, interleaved, so mul and add issue on
 * both of the CPU's vector pipes every cycle instead of waiting out a mul→add dependency. Still 4 flops per
 * f32x4 op: 12 f32x4 ops per step = 48 flops, counted as "12 chains × 8" / 2 by the caller's formula (see
 * matmul.bench.mjs: it divides by the flops per step given beside each variant).
 */
export function peakSplit12(iters: i32, seed: f32): f32 {
  const y = f32x4.splat(1.0009765625), z = f32x4.splat(0.99902439117431640625), x = f32x4.splat(0.001);
  let a0 = f32x4.splat(seed + 0); let a1 = f32x4.splat(seed + 1); let a2 = f32x4.splat(seed + 2);
  let a3 = f32x4.splat(seed + 3); let a4 = f32x4.splat(seed + 4); let a5 = f32x4.splat(seed + 5);
  let b0 = f32x4.splat(seed + 6); let b1 = f32x4.splat(seed + 7); let b2 = f32x4.splat(seed + 8);
  let b3 = f32x4.splat(seed + 9); let b4 = f32x4.splat(seed + 10); let b5 = f32x4.splat(seed + 11);
  for (let i = 0; i < iters; i += 2) {
    a0 = f32x4.mul(a0, y); b0 = f32x4.add(b0, x); a1 = f32x4.mul(a1, y); b1 = f32x4.add(b1, x);
    a2 = f32x4.mul(a2, y); b2 = f32x4.add(b2, x); a3 = f32x4.mul(a3, y); b3 = f32x4.add(b3, x);
    a4 = f32x4.mul(a4, y); b4 = f32x4.add(b4, x); a5 = f32x4.mul(a5, y); b5 = f32x4.add(b5, x);
    a0 = f32x4.mul(a0, z); b0 = f32x4.add(b0, x); a1 = f32x4.mul(a1, z); b1 = f32x4.add(b1, x);
    a2 = f32x4.mul(a2, z); b2 = f32x4.add(b2, x); a3 = f32x4.mul(a3, z); b3 = f32x4.add(b3, x);
    a4 = f32x4.mul(a4, z); b4 = f32x4.add(b4, x); a5 = f32x4.mul(a5, z); b5 = f32x4.add(b5, x);
  }
  let s = f32x4.add(a0, b0);
  s = f32x4.add(s, f32x4.add(a1, b1)); s = f32x4.add(s, f32x4.add(a2, b2)); s = f32x4.add(s, f32x4.add(a3, b3));
  s = f32x4.add(s, f32x4.add(a4, b4)); s = f32x4.add(s, f32x4.add(a5, b5));
  return f32x4.extract_lane(s, 0);
}
