// Micro-kernels for matmul.ts: one MR×NR tile of C from packed panels, kept in registers over all of k.
// aPanel: [p][MR] (op(A) rows i0..i0+MR at column p), bPanel: [p][NR] (op(B) row p, columns j0..j0+NR).
// Each output: s = 0; for p in 0..k-1: s = s + a·b; then C = α·s, or α·s + β·C when β ≠ 0. Only the
// h×w top-left part of the tile is stored (the rest is zero padding). The SIMD and scalar forms perform
// the same IEEE operations in the same order per element, so both builds give identical bits.
// Both kernels are inlined into gemm: as a called function V8 (TurboFan) emits a longer k loop (splat
// addresses recomputed every step) and the whole product ran 13–28 % slower (interleaved A/B, f32 and f64,
// N = 32 … 1024). The loop ends on the A pointer rather than a counter: one add less per step (~2 %).

// @ts-ignore: decorator
@inline export const MR_F32: i32 = 4;
// @ts-ignore: decorator
@inline export const NR_F32: i32 = 8;
// @ts-ignore: decorator
@inline export const MR_F64: i32 = 4;
// @ts-ignore: decorator
@inline export const NR_F64: i32 = 4;

// Stores row `r` of a finished tile held in `tile` ([MR][NR] sums) into C, w columns: the scalar epilogue.
// @ts-ignore: decorator
@inline function storeRowF32(c: usize, tile: usize, w: i32, alpha: f32, beta: f32): void {
  for (let j = 0; j < w; j++) {
    const s = load<f32>(tile + (<usize>j << 2));
    const out = c + (<usize>j << 2);
    store<f32>(out, beta == 0 ? alpha * s : alpha * s + beta * load<f32>(out));
  }
}

// @ts-ignore: decorator
@inline function storeRowF64(c: usize, tile: usize, w: i32, alpha: f64, beta: f64): void {
  for (let j = 0; j < w; j++) {
    const s = load<f64>(tile + (<usize>j << 3));
    const out = c + (<usize>j << 3);
    store<f64>(out, beta == 0 ? alpha * s : alpha * s + beta * load<f64>(out));
  }
}

// α·acc (+ β·C) for one f32x4 of a full tile row; lane for lane the scalar epilogue.
// @ts-ignore: decorator
@inline function epilogueF32x4(out: usize, acc: v128, alpha: v128, beta: f32): void {
  const scaled = f32x4.mul(alpha, acc);
  v128.store(out, beta == 0 ? scaled : f32x4.add(scaled, f32x4.mul(f32x4.splat(beta), v128.load(out))));
}

// @ts-ignore: decorator
@inline function epilogueF64x2(out: usize, acc: v128, alpha: v128, beta: f64): void {
  const scaled = f64x2.mul(alpha, acc);
  v128.store(out, beta == 0 ? scaled : f64x2.add(scaled, f64x2.mul(f64x2.splat(beta), v128.load(out))));
}

/**
 * 4×8 f32 tile: c (h ≤ 4 rows of ldc floats, w ≤ 8 columns stored), aPanel (k, 4), bPanel (k, 8).
 * tile: 4·8 floats of scratch for the edge epilogue.
 */
// @ts-ignore: decorator
@inline export function microKernelF32(
  c: usize, aPanel: usize, bPanel: usize, k: i32, ldc: i32, h: i32, w: i32, alpha: f32, beta: f32, tile: usize,
): void {
  const rowBytes = <usize>ldc << 2;
  if (ASC_FEATURE_SIMD) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
    let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
    let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let ap = aPanel, bp = bPanel;
    const aEnd = aPanel + (<usize>k << 4);
    while (ap < aEnd) {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16);
      let a = v128.load32_splat(ap);
      c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
      a = v128.load32_splat(ap, 4);
      c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
      a = v128.load32_splat(ap, 8);
      c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
      a = v128.load32_splat(ap, 12);
      c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
      ap += 16; bp += 32;
    }
    if (h == 4 && w == 8) {
      const va = f32x4.splat(alpha);
      epilogueF32x4(c, c00, va, beta); epilogueF32x4(c + 16, c01, va, beta); c += rowBytes;
      epilogueF32x4(c, c10, va, beta); epilogueF32x4(c + 16, c11, va, beta); c += rowBytes;
      epilogueF32x4(c, c20, va, beta); epilogueF32x4(c + 16, c21, va, beta); c += rowBytes;
      epilogueF32x4(c, c30, va, beta); epilogueF32x4(c + 16, c31, va, beta);
      return;
    }
    v128.store(tile, c00); v128.store(tile, c01, 16);
    v128.store(tile, c10, 32); v128.store(tile, c11, 48);
    v128.store(tile, c20, 64); v128.store(tile, c21, 80);
    v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  } else {
    // Scalar build: four running sums at a time, each over p in order.
    for (let r = 0; r < h; r++) {
      for (let j = 0; j < 8; j += 4) {
        let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
        let ap = aPanel + (<usize>r << 2), bp = bPanel + (<usize>j << 2);
        for (let p = 0; p < k; p++) {
          const a = load<f32>(ap);
          s0 = s0 + a * load<f32>(bp); s1 = s1 + a * load<f32>(bp, 4);
          s2 = s2 + a * load<f32>(bp, 8); s3 = s3 + a * load<f32>(bp, 12);
          ap += 16; bp += 32;
        }
        const t = tile + (<usize>(r * 8 + j) << 2);
        store<f32>(t, s0); store<f32>(t, s1, 4); store<f32>(t, s2, 8); store<f32>(t, s3, 12);
      }
    }
  }
  for (let r = 0; r < h; r++) storeRowF32(c + <usize>r * rowBytes, tile + (<usize>(r * 8) << 2), w, alpha, beta);
}

/**
 * 4×4 f64 tile: c (h ≤ 4 rows of ldc doubles, w ≤ 4 columns stored), aPanel (k, 4), bPanel (k, 4).
 * tile: 4·4 doubles of scratch for the edge epilogue.
 */
// @ts-ignore: decorator
@inline export function microKernelF64(
  c: usize, aPanel: usize, bPanel: usize, k: i32, ldc: i32, h: i32, w: i32, alpha: f64, beta: f64, tile: usize,
): void {
  const rowBytes = <usize>ldc << 3;
  if (ASC_FEATURE_SIMD) {
    let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
    let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
    let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
    let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
    let ap = aPanel, bp = bPanel;
    const aEnd = aPanel + (<usize>k << 5);
    while (ap < aEnd) {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16);
      let a = v128.load64_splat(ap);
      c00 = f64x2.add(c00, f64x2.mul(a, b0)); c01 = f64x2.add(c01, f64x2.mul(a, b1));
      a = v128.load64_splat(ap, 8);
      c10 = f64x2.add(c10, f64x2.mul(a, b0)); c11 = f64x2.add(c11, f64x2.mul(a, b1));
      a = v128.load64_splat(ap, 16);
      c20 = f64x2.add(c20, f64x2.mul(a, b0)); c21 = f64x2.add(c21, f64x2.mul(a, b1));
      a = v128.load64_splat(ap, 24);
      c30 = f64x2.add(c30, f64x2.mul(a, b0)); c31 = f64x2.add(c31, f64x2.mul(a, b1));
      ap += 32; bp += 32;
    }
    if (h == 4 && w == 4) {
      const va = f64x2.splat(alpha);
      epilogueF64x2(c, c00, va, beta); epilogueF64x2(c + 16, c01, va, beta); c += rowBytes;
      epilogueF64x2(c, c10, va, beta); epilogueF64x2(c + 16, c11, va, beta); c += rowBytes;
      epilogueF64x2(c, c20, va, beta); epilogueF64x2(c + 16, c21, va, beta); c += rowBytes;
      epilogueF64x2(c, c30, va, beta); epilogueF64x2(c + 16, c31, va, beta);
      return;
    }
    v128.store(tile, c00); v128.store(tile, c01, 16);
    v128.store(tile, c10, 32); v128.store(tile, c11, 48);
    v128.store(tile, c20, 64); v128.store(tile, c21, 80);
    v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  } else {
    for (let r = 0; r < h; r++) {
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
      let ap = aPanel + (<usize>r << 3), bp = bPanel;
      for (let p = 0; p < k; p++) {
        const a = load<f64>(ap);
        s0 = s0 + a * load<f64>(bp); s1 = s1 + a * load<f64>(bp, 8);
        s2 = s2 + a * load<f64>(bp, 16); s3 = s3 + a * load<f64>(bp, 24);
        ap += 32; bp += 32;
      }
      const t = tile + (<usize>(r * 4) << 3);
      store<f64>(t, s0); store<f64>(t, s1, 8); store<f64>(t, s2, 16); store<f64>(t, s3, 24);
    }
  }
  for (let r = 0; r < h; r++) storeRowF64(c + <usize>r * rowBytes, tile + (<usize>(r * 4) << 3), w, alpha, beta);
}
