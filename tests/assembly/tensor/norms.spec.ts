import {
  normL1F32, normL1F32Ref, normL2F32, normL2F32Ref, normInfF32, normInfF32Ref,
  normL1F64, normL1F64Ref, normL2F64, normL2F64Ref, normInfF64, normInfF64Ref,
  cosineSimilarityF32, cosineSimilarityF32Ref, cosineSimilarityF64, cosineSimilarityF64Ref,
  pairwiseCosineF32, pairwiseCosineF32Ref, pairwiseCosineF64, pairwiseCosineF64Ref,
} from "../../../assembly/tensor/norms";
import { buffer, f32s, fillRandom, sameBits, f32At } from "./data";

type Norm = (out: usize, x: usize, outer: i32, axis: i32, inner: i32) => void;
type Cosine = (out: usize, a: usize, b: usize, outer: i32, axis: i32, inner: i32, eps: f64) => void;
type Pairwise = (out: usize, a: usize, b: usize, scratch: usize, n: i32, m: i32, d: i32, eps: f64) => void;

const A = buffer(20000, 8);
const B = buffer(20000, 8);
const OUT = buffer(4000, 8);
const OUT_REF = buffer(4000, 8);
const SCRATCH = buffer(100, 8);
const SHAPES: StaticArray<i32> = [1, 10007, 1, 13, 101, 1, 3, 97, 13, 2, 50, 8, 1, 3, 1, 7, 1, 5];

function normAgrees(fast: Norm, ref: Norm, bytes: i32, specials: bool): bool {
  for (let s = 0; s < SHAPES.length; s += 3) {
    const outer = SHAPES[s], axis = SHAPES[s + 1], inner = SHAPES[s + 2];
    fillRandom(A, outer * axis * inner, bytes, 300 + s, 10, specials);
    fast(OUT, A, outer, axis, inner);
    ref(OUT_REF, A, outer, axis, inner);
    if (!sameBits(OUT, OUT_REF, outer * inner * bytes)) return false;
  }
  return true;
}

function cosineAgrees(fast: Cosine, ref: Cosine, bytes: i32, specials: bool): bool {
  for (let s = 0; s < SHAPES.length; s += 3) {
    const outer = SHAPES[s], axis = SHAPES[s + 1], inner = SHAPES[s + 2];
    fillRandom(A, outer * axis * inner, bytes, 400 + s, 10, specials);
    fillRandom(B, outer * axis * inner, bytes, 500 + s, 10, specials);
    fast(OUT, A, B, outer, axis, inner, 1e-8);
    ref(OUT_REF, A, B, outer, axis, inner, 1e-8);
    if (!sameBits(OUT, OUT_REF, outer * inner * bytes)) return false;
  }
  return true;
}

function pairwiseAgrees(fast: Pairwise, ref: Pairwise, bytes: i32, specials: bool): bool {
  fillRandom(A, 17 * 131, bytes, 600, 10, specials);
  fillRandom(B, 23 * 131, bytes, 601, 10, specials);
  fast(OUT, A, B, SCRATCH, 17, 23, 131, 1e-8);
  ref(OUT_REF, A, B, SCRATCH, 17, 23, 131, 1e-8);
  return sameBits(OUT, OUT_REF, 17 * 23 * bytes);
}

describe("vector norms", () => {
  it("match their Ref siblings bit for bit, special values included", () => {
    for (let k = 0; k < 2; k++) {
      const specials = k == 1;
      expect(normAgrees(normL1F32, normL1F32Ref, 4, specials)).toBe(true);
      expect(normAgrees(normL2F32, normL2F32Ref, 4, specials)).toBe(true);
      expect(normAgrees(normInfF32, normInfF32Ref, 4, specials)).toBe(true);
      expect(normAgrees(normL1F64, normL1F64Ref, 8, specials)).toBe(true);
      expect(normAgrees(normL2F64, normL2F64Ref, 8, specials)).toBe(true);
      expect(normAgrees(normInfF64, normInfF64Ref, 8, specials)).toBe(true);
    }
  });

  it("give the seed's numbers for x = [3, 4]: L1 = 7, L2 = 5, L∞ = 4", () => {
    const x = f32s([3, -4]);
    normL1F32(OUT, x, 1, 2, 1);
    expect(f32At(OUT, 0)).toBe(7);
    normL2F32(OUT, x, 1, 2, 1);
    expect(f32At(OUT, 0)).toBe(5);
    normInfF32(OUT, x, 1, 2, 1);
    expect(f32At(OUT, 0)).toBe(4);
  });

  it("give the Frobenius norm of [[1, 2], [3, 4]] as L2 over all four elements: √30", () => {
    const x = f32s([1, 2, 3, 4]);
    normL2F32(OUT, x, 1, 4, 1);
    expect(f32At(OUT, 0)).toBe(<f32>Math.sqrt(30));
  });

  it("do not overflow an f32 L2 norm whose squares exceed the f32 range", () => {
    const x = f32s([3e38, 4e38 / 2, 0, 0, 3e38]);
    normL2F32(OUT, x, 1, 5, 1);
    expect(f32At(OUT, 0)).toBe(<f32>Math.sqrt(<f64><f32>3e38 * <f64><f32>3e38 * 2 + <f64><f32>2e38 * <f64><f32>2e38));
  });

  it("return NaN for L∞ with a NaN and 0 for an empty axis", () => {
    const x = f32s([1, NaN, -3]);
    normInfF32(OUT, x, 1, 3, 1);
    expect(isNaN(f32At(OUT, 0))).toBe(true);
    normInfF32(OUT, x, 1, 0, 1);
    expect(f32At(OUT, 0)).toBe(0);
  });
});

describe("cosine similarity", () => {
  it("matches its Ref sibling bit for bit, row-wise and pairwise", () => {
    for (let k = 0; k < 2; k++) {
      const specials = k == 1;
      expect(cosineAgrees(cosineSimilarityF32, cosineSimilarityF32Ref, 4, specials)).toBe(true);
      expect(cosineAgrees(cosineSimilarityF64, cosineSimilarityF64Ref, 8, specials)).toBe(true);
      expect(pairwiseAgrees(pairwiseCosineF32, pairwiseCosineF32Ref, 4, specials)).toBe(true);
      expect(pairwiseAgrees(pairwiseCosineF64, pairwiseCosineF64Ref, 8, specials)).toBe(true);
    }
  });

  it("gives the seed's 0.8018 for [1, 2, 3] and [2, 2, 1] (9 / (√14 · 3))", () => {
    const a = f32s([1, 2, 3]);
    const b = f32s([2, 2, 1]);
    cosineSimilarityF32(OUT, a, b, 1, 3, 1, 1e-8);
    expect(f32At(OUT, 0)).toBe(<f32>(9 / (Math.sqrt(14) * 3)));
  });

  it("is 0 for a zero vector (the denominator is clamped at eps = 1e-8)", () => {
    const a = f32s([0, 0, 0, 0, 0]);
    const b = f32s([1, 2, 3, 4, 5]);
    cosineSimilarityF32(OUT, a, b, 1, 5, 1, 1e-8);
    expect(f32At(OUT, 0)).toBe(0);
  });

  it("works along a strided axis: columns of (2, 3) matrices", () => {
    const a = f32s([1, 0, 3, 0, 1, 4]);
    const b = f32s([1, 0, 6, 0, -1, 8]);
    cosineSimilarityF32(OUT, a, b, 1, 2, 3, 1e-8);
    expect(f32At(OUT, 0)).toBe(1);
    expect(f32At(OUT, 1)).toBe(-1);
    expect(f32At(OUT, 2)).toBe(1);
  });

  it("pairwise: out[i, i] equals the row-wise cosine bit for bit", () => {
    fillRandom(A, 9 * 37, 4, 700, 1, false);
    fillRandom(B, 9 * 37, 4, 701, 1, false);
    pairwiseCosineF32(OUT, A, B, SCRATCH, 9, 9, 37, 1e-8);
    cosineSimilarityF32(OUT_REF, A, B, 9, 37, 1, 1e-8);
    for (let i = 0; i < 9; i++) expect(f32At(OUT, i * 9 + i)).toBe(f32At(OUT_REF, i));
  });
});
