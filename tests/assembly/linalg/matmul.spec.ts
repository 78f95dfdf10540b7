import {
  matmulF32, matmulRefF32, matmulBatchedF32, matmulScratchBytesF32,
  matmulF64, matmulRefF64, matmulBatchedF64, matmulScratchBytesF64,
} from "../../../assembly/linalg/matmul";

// Deterministic test data with full mantissas: a small LCG mapped to (-1, 1).
function fillF32(ptr: usize, count: i32, seed: u32): void {
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < count; i++) {
    s = s * 1664525 + 1013904223;
    store<f32>(ptr + (<usize>i << 2), <f32>(<f64>(s >> 8) / 8388608.0 - 1.0) * 1.37);
  }
}

function fillF64(ptr: usize, count: i32, seed: u32): void {
  let s = seed * 2654435761 + 7;
  for (let i = 0; i < count; i++) {
    s = s * 1664525 + 1013904223;
    store<f64>(ptr + (<usize>i << 3), (<f64>s / 4294967296.0 - 0.5) * 3.1);
  }
}

function allocBytes(bytes: i32): usize { return heap.alloc(<usize>(bytes < 16 ? 16 : bytes)); }

function setF32(ptr: usize, values: f32[]): void {
  for (let i = 0; i < values.length; i++) store<f32>(ptr + (<usize>i << 2), values[i]);
}

function getF32(ptr: usize, i: i32): f32 { return load<f32>(ptr + (<usize>i << 2)); }

// Number of elements whose bits differ between two buffers (0 means bit-identical).
function bitDiffs(x: usize, y: usize, count: i32, elemBytes: i32): i32 {
  let diffs = 0;
  for (let i = 0; i < count; i++) {
    const off = <usize>(i * elemBytes);
    if (elemBytes == 4 ? load<u32>(x + off) != load<u32>(y + off) : load<u64>(x + off) != load<u64>(y + off)) diffs++;
  }
  return diffs;
}

// Packed path against the reference for one shape and flag set, starting from the same C; returns bit diffs.
function compareF32(m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f32, beta: f32): i32 {
  const a = allocBytes(m * k * 4), b = allocBytes(k * n * 4);
  const c = allocBytes(m * n * 4), cRef = allocBytes(m * n * 4);
  const scratch = allocBytes(matmulScratchBytesF32(m, n, k));
  fillF32(a, m * k, 1 + m); fillF32(b, k * n, 2 + n); fillF32(c, m * n, 3 + k);
  memory.copy(cRef, c, <usize>(m * n * 4));
  matmulF32(c, a, b, m, n, k, transA, transB, alpha, beta, scratch);
  matmulRefF32(cRef, a, b, m, n, k, transA, transB, alpha, beta);
  const diffs = bitDiffs(c, cRef, m * n, 4);
  heap.free(a); heap.free(b); heap.free(c); heap.free(cRef); heap.free(scratch);
  return diffs;
}

function compareF64(m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f64, beta: f64): i32 {
  const a = allocBytes(m * k * 8), b = allocBytes(k * n * 8);
  const c = allocBytes(m * n * 8), cRef = allocBytes(m * n * 8);
  const scratch = allocBytes(matmulScratchBytesF64(m, n, k));
  fillF64(a, m * k, 1 + m); fillF64(b, k * n, 2 + n); fillF64(c, m * n, 3 + k);
  memory.copy(cRef, c, <usize>(m * n * 8));
  matmulF64(c, a, b, m, n, k, transA, transB, alpha, beta, scratch);
  matmulRefF64(cRef, a, b, m, n, k, transA, transB, alpha, beta);
  const diffs = bitDiffs(c, cRef, m * n, 8);
  heap.free(a); heap.free(b); heap.free(c); heap.free(cRef); heap.free(scratch);
  return diffs;
}

const SIZES: i32[] = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17];

describe("matmulF32", () => {
  it("multiplies 1×1 matrices and applies alpha and beta", () => {
    const a = allocBytes(4), b = allocBytes(4), c = allocBytes(4), s = allocBytes(matmulScratchBytesF32(1, 1, 1));
    store<f32>(a, 3); store<f32>(b, 4); store<f32>(c, 10);
    matmulF32(c, a, b, 1, 1, 1, 0, 0, 2, 0.5, s);
    expect(getF32(c, 0)).toBe(29); // 2·12 + 0.5·10
    heap.free(a); heap.free(b); heap.free(c); heap.free(s);
  });

  it("computes a 2×3 by 3×2 product exactly, in all four transpose combinations", () => {
    // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]]  →  A·B = [[58,64],[139,154]]
    const a = allocBytes(24), at = allocBytes(24), b = allocBytes(24), bt = allocBytes(24);
    const c = allocBytes(16), s = allocBytes(matmulScratchBytesF32(2, 2, 3));
    setF32(a, [1, 2, 3, 4, 5, 6]); setF32(at, [1, 4, 2, 5, 3, 6]);
    setF32(b, [7, 8, 9, 10, 11, 12]); setF32(bt, [7, 9, 11, 8, 10, 12]);
    for (let flags = 0; flags < 4; flags++) {
      const transA = flags & 1, transB = flags >> 1;
      matmulF32(c, transA ? at : a, transB ? bt : b, 2, 2, 3, transA, transB, 1, 0, s);
      expect(getF32(c, 0)).toBe(58); expect(getF32(c, 1)).toBe(64);
      expect(getF32(c, 2)).toBe(139); expect(getF32(c, 3)).toBe(154);
    }
    heap.free(a); heap.free(at); heap.free(b); heap.free(bt); heap.free(c); heap.free(s);
  });

  it("sums over k strictly in order 0..k-1, one product at a time", () => {
    // Sequential: ((0 + 1e8) - 1e8) + 1 = 1 and ((0 + 1) - 1e8) + 1e8 = 0 in f32 (1 - 1e8 rounds to -1e8).
    // Any other association (pairwise, reversed, split k) gives the other answer for one of the two.
    const a = allocBytes(24), b = allocBytes(12), c = allocBytes(8), s = allocBytes(matmulScratchBytesF32(2, 1, 3));
    setF32(a, [1e8, -1e8, 1, 1, -1e8, 1e8]); setF32(b, [1, 1, 1]);
    matmulF32(c, a, b, 2, 1, 3, 0, 0, 1, 0, s);
    expect(getF32(c, 0)).toBe(1);
    expect(getF32(c, 1)).toBe(0);
    matmulRefF32(c, a, b, 2, 1, 3, 0, 0, 1, 0);
    expect(getF32(c, 0)).toBe(1);
    expect(getF32(c, 1)).toBe(0);
    heap.free(a); heap.free(b); heap.free(c); heap.free(s);
  });

  it("overwrites C without reading it when beta is 0, so NaN in C does not propagate", () => {
    const a = allocBytes(4), b = allocBytes(4), c = allocBytes(4), s = allocBytes(matmulScratchBytesF32(1, 1, 1));
    store<f32>(a, 2); store<f32>(b, 5); store<f32>(c, NaN);
    matmulF32(c, a, b, 1, 1, 1, 0, 0, 1, 0, s);
    expect(getF32(c, 0)).toBe(10);
    heap.free(a); heap.free(b); heap.free(c); heap.free(s);
  });

  it("scales C by beta when k is 0", () => {
    const a = allocBytes(4), b = allocBytes(4), c = allocBytes(24), s = allocBytes(matmulScratchBytesF32(2, 3, 0));
    setF32(c, [1, 2, 3, 4, 5, 6]);
    matmulF32(c, a, b, 2, 3, 0, 0, 0, 7, 2, s);
    for (let i = 0; i < 6; i++) expect(getF32(c, i)).toBe(<f32>(i + i + 2));
    heap.free(a); heap.free(b); heap.free(c); heap.free(s);
  });

  it("matches matmulRefF32 bit for bit on odd shapes, all transposes, with and without beta", () => {
    let diffs = 0;
    for (let x = 0; x < SIZES.length; x++) {
      for (let y = 0; y < SIZES.length; y++) {
        for (let z = 0; z < SIZES.length; z += 2) {
          for (let flags = 0; flags < 4; flags++) {
            diffs += compareF32(SIZES[x], SIZES[y], SIZES[z], flags & 1, flags >> 1, 1, 0);
            diffs += compareF32(SIZES[x], SIZES[y], SIZES[z] + 2, flags & 1, flags >> 1, -0.75, 1.25);
          }
        }
      }
    }
    expect(diffs).toBe(0);
  });

  it("matches matmulRefF32 bit for bit across packing-block edges (m > 96, n > 512)", () => {
    expect(compareF32(101, 523, 5, 0, 0, 1, 0)).toBe(0);
    expect(compareF32(197, 37, 11, 1, 1, 0.5, -2)).toBe(0);
    expect(compareF32(64, 64, 64, 0, 1, 1, 1)).toBe(0);
    expect(compareF32(33, 65, 130, 1, 0, 1, 0)).toBe(0);
  });
});

// Batched product with the given strides (elements) against per-item reference products.
function compareBatch(batch: i32, broadcastA: bool, broadcastB: bool, m: i32, n: i32, k: i32, transB: i32): i32 {
  const strideA = broadcastA ? 0 : m * k, strideB = broadcastB ? 0 : k * n, strideC = m * n;
  const a = allocBytes((broadcastA ? 1 : batch) * m * k * 4), b = allocBytes((broadcastB ? 1 : batch) * k * n * 4);
  const c = allocBytes(batch * m * n * 4), cRef = allocBytes(batch * m * n * 4);
  const s = allocBytes(matmulScratchBytesF32(m, n, k));
  fillF32(a, (broadcastA ? 1 : batch) * m * k, 11); fillF32(b, (broadcastB ? 1 : batch) * k * n, 12);
  fillF32(c, batch * m * n, 13); memory.copy(cRef, c, <usize>(batch * m * n * 4));
  matmulBatchedF32(c, a, b, batch, strideC, strideA, strideB, m, n, k, 0, transB, 1.5, 0.5, s);
  for (let t = 0; t < batch; t++) {
    matmulRefF32(
      cRef + <usize>(t * strideC * 4), a + <usize>(t * strideA * 4), b + <usize>(t * strideB * 4),
      m, n, k, 0, transB, 1.5, 0.5,
    );
  }
  const diffs = bitDiffs(c, cRef, batch * m * n, 4);
  heap.free(a); heap.free(b); heap.free(c); heap.free(cRef); heap.free(s);
  return diffs;
}

describe("matmulBatchedF32", () => {
  it("equals one reference product per batch item", () => {
    expect(compareBatch(5, false, false, 7, 9, 6, 0)).toBe(0);
    expect(compareBatch(3, false, false, 4, 8, 3, 1)).toBe(0);
  });

  it("broadcasts a single B over the batch when strideB is 0", () => {
    expect(compareBatch(6, false, true, 5, 11, 7, 0)).toBe(0);
    expect(compareBatch(4, false, true, 9, 3, 2, 1)).toBe(0);
    expect(compareBatch(3, false, true, 5, 530, 4, 0)).toBe(0); // wider than one packed B block
  });

  it("broadcasts a single A over the batch when strideA is 0", () => {
    expect(compareBatch(6, true, false, 5, 11, 7, 0)).toBe(0);
    expect(compareBatch(3, true, false, 130, 6, 4, 1)).toBe(0); // taller than one packed A block
    expect(compareBatch(4, true, false, 7, 5, 3, 0)).toBe(0);
  });
});

describe("matmulF64", () => {
  it("computes a 2×3 by 3×2 product exactly", () => {
    const a = allocBytes(48), b = allocBytes(48), c = allocBytes(32), s = allocBytes(matmulScratchBytesF64(2, 2, 3));
    for (let i = 0; i < 6; i++) { store<f64>(a + (<usize>i << 3), <f64>(i + 1)); store<f64>(b + (<usize>i << 3), <f64>(i + 7)); }
    matmulF64(c, a, b, 2, 2, 3, 0, 0, 1, 0, s);
    expect(load<f64>(c)).toBe(58); expect(load<f64>(c, 8)).toBe(64);
    expect(load<f64>(c, 16)).toBe(139); expect(load<f64>(c, 24)).toBe(154);
    heap.free(a); heap.free(b); heap.free(c); heap.free(s);
  });

  it("matches matmulRefF64 bit for bit on odd shapes and all transposes", () => {
    let diffs = 0;
    for (let x = 0; x < SIZES.length; x += 2) {
      for (let y = 0; y < SIZES.length; y++) {
        for (let flags = 0; flags < 4; flags++) {
          diffs += compareF64(SIZES[x], SIZES[y], SIZES[(x + y) % SIZES.length], flags & 1, flags >> 1, 1, 0);
          diffs += compareF64(SIZES[y], SIZES[x], 6, flags & 1, flags >> 1, 0.3, -1.5);
        }
      }
    }
    diffs += compareF64(100, 9, 5, 1, 0, 1, 0);
    expect(diffs).toBe(0);
  });

  it("broadcasts a single B over a batch", () => {
    const batch = 4, m = 3, n = 5, k = 2;
    const a = allocBytes(batch * m * k * 8), b = allocBytes(k * n * 8);
    const c = allocBytes(batch * m * n * 8), cRef = allocBytes(batch * m * n * 8);
    const s = allocBytes(matmulScratchBytesF64(m, n, k));
    fillF64(a, batch * m * k, 21); fillF64(b, k * n, 22);
    matmulBatchedF64(c, a, b, batch, m * n, m * k, 0, m, n, k, 0, 0, 1, 0, s);
    for (let t = 0; t < batch; t++) {
      matmulRefF64(cRef + <usize>(t * m * n * 8), a + <usize>(t * m * k * 8), b, m, n, k, 0, 0, 1, 0);
    }
    expect(bitDiffs(c, cRef, batch * m * n, 8)).toBe(0);
    heap.free(a); heap.free(b); heap.free(c); heap.free(cRef); heap.free(s);
  });
});
