// Gamma and Beta logProb: the SIMD kernels (two elements at a time through logLutF64x2) against their scalar
// references, bit for bit, for α or β equal to 1 (the log term dropped), below and above 1, one parameter set
// (the SIMD path) and several (the scalar path), odd lengths, and values outside the support, ±∞, NaN, ±0
// and subnormals (fillRandom's specials).
import {
  gammaLogProbF32, gammaLogProbF32Ref, gammaLogProbF64, gammaLogProbF64Ref, gammaLogNormF64,
  betaLogProbF32, betaLogProbF32Ref, betaLogProbF64, betaLogProbF64Ref, betaLogNormF64,
} from "../../../assembly/density/gamma-beta-log-prob";
import { buffer, fillRandom, sameBits, f64s } from "../tensor/data";

const N = 1031; // odd: the vector body and the scalar tail both run
const A = buffer(N, 8);
const B = buffer(N, 8);
const X = buffer(N, 8);
const C = buffer(4, 8);

// Values mostly in (0, scale), a third negated, with the specials of fillRandom.
function values(bytes: i32, seed: u32, scale: f64): void {
  fillRandom(X, N, bytes, seed, scale, true);
  for (let i = 0; i < N; i++) {
    if (i % 3 == 0) continue;
    if (bytes == 4) store<f32>(X + (<usize>i << 2), Mathf.abs(load<f32>(X + (<usize>i << 2))));
    else store<f64>(X + (<usize>i << 3), Math.abs(load<f64>(X + (<usize>i << 3))));
  }
}

describe("gammaLogProb", () => {
  it("gives the bits of the scalar reference in f32 and f64 for α below, at and above 1", () => {
    const alphas: StaticArray<f64> = [0.3, 1, 2.5, 1e4];
    for (let k = 0; k < alphas.length; k++) {
      const p = f64s([alphas[k], 1.7]);
      gammaLogNormF64(C, p, p + 8, 1);
      values(4, 11 + <u32>k, 30);
      gammaLogProbF32(A, X, p, p + 8, C, N, 1);
      gammaLogProbF32Ref(B, X, p, p + 8, C, N, 1);
      expect(sameBits(A, B, N * 4)).toBe(true, `f32 α = ${alphas[k]}`);
      values(8, 21 + <u32>k, 30);
      gammaLogProbF64(A, X, p, p + 8, C, N, 1);
      gammaLogProbF64Ref(B, X, p, p + 8, C, N, 1);
      expect(sameBits(A, B, N * 8)).toBe(true, `f64 α = ${alphas[k]}`);
    }
  });

  it("is −∞ below 0 and at +∞, NaN at NaN, and log λ − λx at α = 1 (finite at x = 0)", () => {
    const p = f64s([1, 2]);
    gammaLogNormF64(C, p, p + 8, 1);
    const x = f64s([-1, Infinity, NaN, 0, 0.5]);
    gammaLogProbF64(A, x, p, p + 8, C, 5, 1);
    expect(load<f64>(A)).toBe(-Infinity);
    expect(load<f64>(A, 8)).toBe(-Infinity);
    expect(isNaN(load<f64>(A, 16))).toBe(true);
    expect(load<f64>(A, 24)).toBe(Math.log(2));
    expect(load<f64>(A, 32)).toBeCloseTo(Math.log(2) - 1);
  });

  it("uses parameter set i mod b on the scalar path", () => {
    const p = f64s([0.5, 2, 3, 1, 1, 0.25]); // α = (0.5, 2, 3), λ = (1, 1, 0.25)
    gammaLogNormF64(C, p, p + 24, 3);
    const x = f64s([1, 1, 1, 1]);
    gammaLogProbF64(A, x, p, p + 24, C, 4, 3);
    gammaLogProbF64Ref(B, x, p, p + 24, C, 4, 3);
    expect(sameBits(A, B, 32)).toBe(true);
    expect(load<f64>(A, 24)).toBe(load<f64>(A)); // element 3 uses set 0
  });
});

describe("betaLogProb", () => {
  it("gives the bits of the scalar reference in f32 and f64 for α, β below, at and above 1", () => {
    const pairs: StaticArray<f64> = [0.5, 0.5, 1, 1, 2, 5, 1, 3, 0.2, 1, 300, 200];
    for (let k = 0; k < pairs.length; k += 2) {
      const p = f64s([pairs[k], pairs[k + 1]]);
      betaLogNormF64(C, p, p + 8, 1);
      values(4, 31 + <u32>k, 1.2);
      betaLogProbF32(A, X, p, p + 8, C, N, 1);
      betaLogProbF32Ref(B, X, p, p + 8, C, N, 1);
      expect(sameBits(A, B, N * 4)).toBe(true, `f32 (${pairs[k]}, ${pairs[k + 1]})`);
      values(8, 41 + <u32>k, 1.2);
      betaLogProbF64(A, X, p, p + 8, C, N, 1);
      betaLogProbF64Ref(B, X, p, p + 8, C, N, 1);
      expect(sameBits(A, B, N * 8)).toBe(true, `f64 (${pairs[k]}, ${pairs[k + 1]})`);
    }
  });

  it("is −∞ outside [0, 1], NaN at NaN even for Beta(1, 1), and keeps log1p(−x) accurate for tiny x", () => {
    const p = f64s([1, 1]);
    betaLogNormF64(C, p, p + 8, 1);
    const x = f64s([-0.5, 1.5, NaN, 0, 1]);
    betaLogProbF64(A, x, p, p + 8, C, 5, 1);
    expect(load<f64>(A)).toBe(-Infinity);
    expect(load<f64>(A, 8)).toBe(-Infinity);
    expect(isNaN(load<f64>(A, 16))).toBe(true);
    expect(load<f64>(A, 24)).toBe(0);
    expect(load<f64>(A, 32)).toBe(0);
    // Beta(1, 2): log p(x) = log 2 + log1p(−x); at x = 1e-20, log1p(−x) = −1e-20 (log(1 − x) would give 0)
    const q = f64s([1, 2]);
    betaLogNormF64(C, q, q + 8, 1);
    const y = f64s([1e-20, 1e-20]);
    betaLogProbF64(A, y, q, q + 8, C, 2, 1);
    expect(load<f64>(A) - Math.log(2)).toBeCloseTo(0);
    const z = f64s([0.75, 0.75]);
    betaLogProbF64(A, z, q, q + 8, C, 2, 1);
    expect(Math.abs(load<f64>(A) - (Math.log(2) + Math.log(0.25)))).toBeLessThan(1e-15);
  });
});
