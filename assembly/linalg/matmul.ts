// General matrix multiply: C = α·op(A)·op(B) + β·C, row-major, op ∈ {identity, transpose}.
//
// Summation order (the determinism guarantee): every output element is computed as
//   s = 0;  for p = 0 .. k-1:  s = s + op(A)[i,p] · op(B)[p,j];   C[i,j] = α·s (+ β·C[i,j] when β ≠ 0)
// one rounded product and one rounded add at a time, k in increasing order. WASM has no fused multiply-add,
// so a lane of f32x4.add(acc, f32x4.mul(a, b)) is exactly the scalar acc + a·b: the SIMD micro-kernel, the
// scalar build and the plain …Ref loops all give the same bits. k is never split into blocks or partial sums.
//
// Layout of the fast path (after Goto & van de Geijn, "Anatomy of high-performance matrix multiplication",
// ACM TOMS 2008, without the k-blocking): op(B) is packed NC columns at a time into NR-wide panels
// [panel][p][NR], op(A) MC rows at a time into MR-tall panels [panel][p][MR], both zero-padded at the edge;
// an MR×NR micro-kernel keeps its tile of C in registers over the whole k loop. Padded rows and columns
// of the tile are computed but never stored, so edges cost no extra rounding. Scratch comes from the caller.

import { microKernelF32, microKernelF64, MR_F32, NR_F32, MR_F64, NR_F64 } from "./matmul-kernel";

// Rows of op(A) packed at a time and columns of op(B) packed at a time. The packed MC×k block of A stays in
// L2 while one k×NR panel of B is reused from L1 across the MC/MR micro-kernel calls.
// @ts-ignore: decorator
@inline const MC: i32 = 96;
// @ts-ignore: decorator
@inline const NC: i32 = 512;

// @ts-ignore: decorator
@inline function roundUp(x: i32, to: i32): i32 { return (x + to - 1) / to * to; }
// @ts-ignore: decorator
@inline function minI32(a: i32, b: i32): i32 { return a < b ? a : b; }

// Bytes of scratch the packed path needs: the A block, the B block and one MR×NR tile, in elements of T.
// @ts-ignore: decorator
@inline function scratchBytes<T>(m: i32, n: i32, k: i32): i32 {
  const mr = sizeof<T>() == 4 ? MR_F32 : MR_F64;
  const nr = sizeof<T>() == 4 ? NR_F32 : NR_F64;
  const aElems = roundUp(minI32(m, MC), mr) * k;
  const bElems = roundUp(minI32(n, NC), nr) * k;
  return (roundUp(aElems, 4) + roundUp(bElems, 4) + mr * nr) * <i32>sizeof<T>();
}

/** Bytes of scratch `matmulF32` / `matmulBatchedF32` need for an (m×k)·(k×n) product; 16-byte multiple. */
export function matmulScratchBytesF32(m: i32, n: i32, k: i32): i32 { return scratchBytes<f32>(m, n, k); }

/** Bytes of scratch `matmulF64` / `matmulBatchedF64` need for an (m×k)·(k×n) product; 16-byte multiple. */
export function matmulScratchBytesF64(m: i32, n: i32, k: i32): i32 { return scratchBytes<f64>(m, n, k); }

// Stores the transpose of the 4×4 f32 block whose rows are at src, src + stride, … (16 bytes each) as four
// 16-byte rows at dst, dst + dstStride, …: row p of the result is column p of the block.
// @ts-ignore: decorator
@inline function transpose4x4F32(dst: usize, dstStride: usize, src: usize, stride: usize): void {
  if (ASC_FEATURE_SIMD) {
    const r0 = v128.load(src), r1 = v128.load(src + stride), r2 = v128.load(src + 2 * stride), r3 = v128.load(src + 3 * stride);
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
    const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    v128.store(dst, v128.shuffle<f64>(t0, t1, 0, 2));
    v128.store(dst + dstStride, v128.shuffle<f64>(t0, t1, 1, 3));
    v128.store(dst + 2 * dstStride, v128.shuffle<f64>(t2, t3, 0, 2));
    v128.store(dst + 3 * dstStride, v128.shuffle<f64>(t2, t3, 1, 3));
  }
}

// Packs op(A)[i0 .. i0+rows, 0 .. k] into MR-tall panels: dst[panel][p][r], zero rows past `rows`.
// A is m×k (lda = k) or, transposed, k×m (lda = m).
function packA<T>(dst: usize, a: usize, i0: i32, rows: i32, m: i32, k: i32, transA: i32): void {
  const mr = sizeof<T>() == 4 ? MR_F32 : MR_F64;
  const sz = <usize>sizeof<T>();
  for (let ip = 0; ip < rows; ip += mr) {
    const h = minI32(mr, rows - ip);
    const panel = dst + <usize>(ip * k) * sz;
    if (transA) {
      // op(A)[i, p] = A[p, i]: the mr values for one p are contiguous in A.
      for (let p = 0; p < k; p++) {
        const src = a + <usize>(p * m + i0 + ip) * sz;
        const out = panel + <usize>(p * mr) * sz;
        if (ASC_FEATURE_SIMD && h == mr && sizeof<T>() == 4) {
          v128.store(out, v128.load(src)); // mr = 4 floats
        } else {
          for (let r = 0; r < h; r++) store<T>(out + <usize>r * sz, load<T>(src + <usize>r * sz));
          for (let r = h; r < mr; r++) store<T>(out + <usize>r * sz, <T>0);
        }
      }
    } else if (ASC_FEATURE_SIMD && h == mr && sizeof<T>() == 4) {
      // Four full rows: transpose 4×4 blocks in registers, then a scalar tail over p.
      const row = <usize>k << 2;
      const src = a + (<usize>((i0 + ip) * k) << 2);
      let p = 0;
      for (; p + 4 <= k; p += 4) transpose4x4F32(panel + (<usize>(p * 4) << 2), 16, src + (<usize>p << 2), row);
      for (; p < k; p++) {
        for (let r = 0; r < 4; r++) {
          store<f32>(panel + (<usize>(p * 4 + r) << 2), load<f32>(src + <usize>r * row + (<usize>p << 2)));
        }
      }
    } else {
      for (let r = 0; r < mr; r++) {
        const out = panel + <usize>r * sz;
        if (r < h) {
          const src = a + <usize>((i0 + ip + r) * k) * sz;
          for (let p = 0; p < k; p++) store<T>(out + <usize>(p * mr) * sz, load<T>(src + <usize>p * sz));
        } else {
          for (let p = 0; p < k; p++) store<T>(out + <usize>(p * mr) * sz, <T>0);
        }
      }
    }
  }
}

// Packs op(B)[0 .. k, j0 .. j0+cols] into NR-wide panels: dst[panel][p][c], zero columns past `cols`.
// B is k×n (ldb = n) or, transposed, n×k (ldb = k).
function packB<T>(dst: usize, b: usize, j0: i32, cols: i32, n: i32, k: i32, transB: i32): void {
  const nr = sizeof<T>() == 4 ? NR_F32 : NR_F64;
  const sz = <usize>sizeof<T>();
  for (let jp = 0; jp < cols; jp += nr) {
    const w = minI32(nr, cols - jp);
    const panel = dst + <usize>(jp * k) * sz;
    if (transB && ASC_FEATURE_SIMD && w == nr && sizeof<T>() == 4) {
      // Eight full rows of B (eight output columns): two 4×4 transposes per four values of p.
      const row = <usize>k << 2;
      const src = b + (<usize>((j0 + jp) * k) << 2);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const out = panel + (<usize>(p * 8) << 2);
        transpose4x4F32(out, 32, src + (<usize>p << 2), row);
        transpose4x4F32(out + 16, 32, src + 4 * row + (<usize>p << 2), row);
      }
      for (; p < k; p++) {
        for (let c = 0; c < 8; c++) {
          store<f32>(panel + (<usize>(p * 8 + c) << 2), load<f32>(src + <usize>c * row + (<usize>p << 2)));
        }
      }
    } else if (transB) {
      // op(B)[p, j] = B[j, p]: walk each stored row of B (one output column) contiguously.
      for (let c = 0; c < nr; c++) {
        const out = panel + <usize>c * sz;
        if (c < w) {
          const src = b + <usize>((j0 + jp + c) * k) * sz;
          for (let p = 0; p < k; p++) store<T>(out + <usize>(p * nr) * sz, load<T>(src + <usize>p * sz));
        } else {
          for (let p = 0; p < k; p++) store<T>(out + <usize>(p * nr) * sz, <T>0);
        }
      }
    } else if (w == nr) {
      // Full panel: nr contiguous values (32 bytes for both f32 and f64) per p.
      for (let p = 0; p < k; p++) {
        const src = b + <usize>(p * n + j0 + jp) * sz;
        const out = panel + <usize>(p * nr) * sz;
        if (ASC_FEATURE_SIMD) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else {
          for (let c = 0; c < nr; c++) store<T>(out + <usize>c * sz, load<T>(src + <usize>c * sz));
        }
      }
    } else {
      for (let p = 0; p < k; p++) {
        const src = b + <usize>(p * n + j0 + jp) * sz;
        const out = panel + <usize>(p * nr) * sz;
        for (let c = 0; c < w; c++) store<T>(out + <usize>c * sz, load<T>(src + <usize>c * sz));
        for (let c = w; c < nr; c++) store<T>(out + <usize>c * sz, <T>0);
      }
    }
  }
}

// One product through the packed path. keepA / keepB: the packed block left in scratch by the previous call
// is still valid (same matrix, single block), so packing is skipped — used by broadcast batches.
function gemm<T>(
  c: usize, a: usize, b: usize, m: i32, n: i32, k: i32,
  transA: i32, transB: i32, alpha: T, beta: T, scratch: usize, keepA: bool, keepB: bool,
): void {
  const mr = sizeof<T>() == 4 ? MR_F32 : MR_F64;
  const nr = sizeof<T>() == 4 ? NR_F32 : NR_F64;
  const sz = <usize>sizeof<T>();
  const aPack = scratch;
  const bPack = aPack + <usize>roundUp(roundUp(minI32(m, MC), mr) * k, 4) * sz;
  const tile = bPack + <usize>roundUp(roundUp(minI32(n, NC), nr) * k, 4) * sz;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = minI32(NC, n - jc);
    if (!keepB) packB<T>(bPack, b, jc, nc, n, k, transB);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = minI32(MC, m - ic);
      // With a single row block the packed A does not depend on jc: pack it once.
      if (!keepA && (jc == 0 || m > MC)) packA<T>(aPack, a, ic, mc, m, k, transA);
      for (let jr = 0; jr < nc; jr += nr) {
        const w = minI32(nr, nc - jr);
        const bPanel = bPack + <usize>(jr * k) * sz;
        for (let ir = 0; ir < mc; ir += mr) {
          const h = minI32(mr, mc - ir);
          const cTile = c + <usize>((ic + ir) * n + jc + jr) * sz;
          const aPanel = aPack + <usize>(ir * k) * sz;
          if (sizeof<T>() == 4) {
            microKernelF32(cTile, aPanel, bPanel, k, n, h, w, <f32>alpha, <f32>beta, tile);
          } else {
            microKernelF64(cTile, aPanel, bPanel, k, n, h, w, <f64>alpha, <f64>beta, tile);
          }
        }
      }
    }
  }
}

// Batch of products: item t uses c + t·strideC, a + t·strideA, b + t·strideB (strides in elements).
// A stride of 0 broadcasts one matrix to every item; its packed copy is then reused when it fits one block.
function gemmBatched<T>(
  c: usize, a: usize, b: usize, batch: i32, strideC: i32, strideA: i32, strideB: i32,
  m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: T, beta: T, scratch: usize,
): void {
  const sz = <usize>sizeof<T>();
  for (let t = 0; t < batch; t++) {
    const keepA = t > 0 && strideA == 0 && m <= MC;
    const keepB = t > 0 && strideB == 0 && n <= NC;
    gemm<T>(
      c + <usize>t * <usize>strideC * sz, a + <usize>t * <usize>strideA * sz, b + <usize>t * <usize>strideB * sz,
      m, n, k, transA, transB, alpha, beta, scratch, keepA, keepB,
    );
  }
}

/**
 * C = α·op(A)·op(B) + β·C in float32. c: (m, n); a: (m, k), or (k, m) when transA ≠ 0; b: (k, n), or (n, k)
 * when transB ≠ 0; all row-major. β = 0 overwrites C without reading it. scratch: matmulScratchBytesF32(m, n, k)
 * bytes, 16-byte aligned, not overlapping c, a or b. Bit-identical to matmulRefF32.
 */
export function matmulF32(
  c: usize, a: usize, b: usize, m: i32, n: i32, k: i32,
  transA: i32, transB: i32, alpha: f32, beta: f32, scratch: usize,
): void {
  gemm<f32>(c, a, b, m, n, k, transA, transB, alpha, beta, scratch, false, false);
}

/**
 * Batched matmulF32: for t < batch, C_t = α·op(A_t)·op(B_t) + β·C_t with X_t at x + t·strideX elements.
 * strideA or strideB = 0 broadcasts one matrix over the batch. Same scratch as matmulF32(m, n, k).
 */
export function matmulBatchedF32(
  c: usize, a: usize, b: usize, batch: i32, strideC: i32, strideA: i32, strideB: i32,
  m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f32, beta: f32, scratch: usize,
): void {
  gemmBatched<f32>(c, a, b, batch, strideC, strideA, strideB, m, n, k, transA, transB, alpha, beta, scratch);
}

/** matmulF32 in float64 (f64x2 micro-kernel); scratch: matmulScratchBytesF64(m, n, k). */
export function matmulF64(
  c: usize, a: usize, b: usize, m: i32, n: i32, k: i32,
  transA: i32, transB: i32, alpha: f64, beta: f64, scratch: usize,
): void {
  gemm<f64>(c, a, b, m, n, k, transA, transB, alpha, beta, scratch, false, false);
}

/** matmulBatchedF32 in float64; scratch: matmulScratchBytesF64(m, n, k). */
export function matmulBatchedF64(
  c: usize, a: usize, b: usize, batch: i32, strideC: i32, strideA: i32, strideB: i32,
  m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f64, beta: f64, scratch: usize,
): void {
  gemmBatched<f64>(c, a, b, batch, strideC, strideA, strideB, m, n, k, transA, transB, alpha, beta, scratch);
}

// The reference: a plain triple loop with the same per-element order of operations.
function gemmRef<T>(
  c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: T, beta: T,
): void {
  const sz = <usize>sizeof<T>();
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: T = <T>0;
      for (let p = 0; p < k; p++) {
        const x = load<T>(a + <usize>(transA ? p * m + i : i * k + p) * sz);
        const y = load<T>(b + <usize>(transB ? j * k + p : p * n + j) * sz);
        s = s + x * y;
      }
      const out = c + <usize>(i * n + j) * sz;
      store<T>(out, beta == <T>0 ? alpha * s : alpha * s + beta * load<T>(out));
    }
  }
}

/** Reference for matmulF32: triple loop, same arguments minus scratch, same bits. */
export function matmulRefF32(
  c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f32, beta: f32,
): void {
  gemmRef<f32>(c, a, b, m, n, k, transA, transB, alpha, beta);
}

/** Reference for matmulF64: triple loop, same arguments minus scratch, same bits. */
export function matmulRefF64(
  c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f64, beta: f64,
): void {
  gemmRef<f64>(c, a, b, m, n, k, transA, transB, alpha, beta);
}
