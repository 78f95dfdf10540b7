// The SIMD kernels of the distributions work (issue 4, item 6) against their scalar references, bit for
// bit: uniformFillF64 / uniformFillF64Ref, normalLogProbF32/F64 and their …Ref, and logF64x2 / logF64
// (with logF64 against AS std's Math.log within 1 ulp). The gamma and alias fast paths are checked
// against the scalar build from the SDK (tests/sdk/distributions/gamma-family-sampling.test.ts).
import { uniformFillF64, uniformFillF64Ref } from "../../../assembly/sample/uniform";
import { aliasTableBuildF64, aliasTablePackU64, aliasSampleI32, aliasSampleI32Ref } from "../../../assembly/sample/categorical";
import { normalLogProbF32, normalLogProbF32Ref, normalLogProbF64, normalLogProbF64Ref } from "../../../assembly/distributions/location-scale";
import { logF64, logArrayF64x2 } from "../../../assembly/math/logd";
import { expArrayF64x2 } from "../../../assembly/math/expd";
import { buffer, fillRandom, sameBits, f64s } from "../tensor/data";

const N = 1031; // odd: vector body, head and tail all run
const A = buffer(N, 8);
const B = buffer(N, 8);
const X = buffer(N, 8);

describe("uniformFillF64", () => {
  it("gives the bits of uniformFillF64Ref for every start offset and length tried", () => {
    const starts: StaticArray<u32> = [0, 1, 5, 7, 8, 23, 1000];
    const lengths: StaticArray<i32> = [0, 1, 7, 8, 9, 24, 25, 47, 48, 100, N];
    for (let s = 0; s < starts.length; s++) {
      for (let l = 0; l < lengths.length; l++) {
        uniformFillF64(A, starts[s], lengths[l], 0x1234, 0xabcd);
        uniformFillF64Ref(B, starts[s], lengths[l], 0x1234, 0xabcd);
        expect(sameBits(A, B, lengths[l] * 8)).toBe(true, `start ${starts[s]} n ${lengths[l]}`);
      }
    }
  });
});

describe("aliasSampleI32", () => {
  it("gives the indices of aliasSampleI32Ref for every start offset, length and number of rows tried", () => {
    // rows 1 (the SIMD picks) and 3 (a row per draw), K = 7 with a zero-probability category
    const probs = f64s([0.1, 0, 0.3, 0.05, 0.2, 0.25, 0.1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 0, 0, 0, 1, 2]);
    const prob = buffer(21, 8);
    const alias = buffer(21, 4);
    const table = buffer(21, 8);
    aliasTableBuildF64(prob, alias, probs, 3, 7, buffer(14, 4));
    aliasTablePackU64(table, prob, alias, 3, 7);
    const starts: StaticArray<u32> = [0, 1, 5, 15, 16, 23, 1000];
    const lengths: StaticArray<i32> = [0, 1, 15, 16, 47, 48, 49, 64, 100, N];
    for (let rows = 1; rows <= 3; rows += 2) {
      for (let s = 0; s < starts.length; s++) {
        for (let l = 0; l < lengths.length; l++) {
          aliasSampleI32(A, starts[s], lengths[l], 0x1234, 0xabcd, table, 7, rows);
          aliasSampleI32Ref(B, starts[s], lengths[l], 0x1234, 0xabcd, table, 7, rows);
          expect(sameBits(A, B, lengths[l] * 4)).toBe(true, `rows ${rows} start ${starts[s]} n ${lengths[l]}`);
        }
      }
    }
  });

  it("packs ⌊prob·2^32⌋ with the alias, and a column of probability 1 with itself", () => {
    const prob = f64s([0.5, 0, 1, 0.9999999999999999]);
    const alias = buffer(4, 4);
    for (let j = 0; j < 4; j++) store<i32>(alias + (<usize>j << 2), 3 - j);
    const table = buffer(4, 8);
    aliasTablePackU64(table, prob, alias, 1, 4);
    expect(load<u64>(table)).toBe((<u64>3 << 32) | 0x80000000);
    expect(load<u64>(table, 8)).toBe(<u64>2 << 32);
    expect(load<u64>(table, 16)).toBe((<u64>2 << 32) | 0xffffffff);
    expect(load<u64>(table, 24)).toBe(0xffffffff); // 1 − 2^-53 still rejects 2^-32 of the time: alias 0
  });
});

describe("normalLogProb", () => {
  it("gives the bits of the scalar reference in f32 and f64, NaN, ±∞ and subnormals included", () => {
    const p = f64s([0.3, 1.7, 1.4489]);
    fillRandom(X, N, 4, 5, 30, true);
    normalLogProbF32(A, X, p, p + 8, p + 16, N, 1);
    normalLogProbF32Ref(B, X, p, p + 8, p + 16, N, 1);
    expect(sameBits(A, B, N * 4)).toBe(true);
    fillRandom(X, N, 8, 6, 30, true);
    normalLogProbF64(A, X, p, p + 8, p + 16, N, 1);
    normalLogProbF64Ref(B, X, p, p + 8, p + 16, N, 1);
    expect(sameBits(A, B, N * 8)).toBe(true);
  });
});

describe("logF64", () => {
  it("gives the same bits in its f64x2 form, special values included", () => {
    fillRandom(X, N, 8, 7, 1e3, true);
    for (let i = 0; i < N; i += 3) store<f64>(X + (<usize>i << 3), Math.abs(load<f64>(X + (<usize>i << 3))));
    store<f64>(X, 5e-324);
    store<f64>(X, 2.2250738585072014e-308, 8);
    logArrayF64x2(A, X, N);
    for (let i = 0; i < N; i++) store<f64>(B + (<usize>i << 3), logF64(load<f64>(X + (<usize>i << 3))));
    expect(sameBits(A, B, N * 8)).toBe(true);
  });

  it("is within 1 ulp of Math.log from the smallest subnormal to 1e300, and exact at the special values", () => {
    let worst = 0.0;
    for (let e = -1074; e < 1000; e += 3) {
      for (let m = 0; m < 8; m++) {
        const x = Math.pow(2.0, <f64>e) * (1.0 + <f64>m * 0.123456789);
        const want = Math.log(x);
        const got = logF64(x);
        const ulp = want == 0 ? 5e-324 : Math.abs(want) * 2.220446049250313e-16;
        worst = Math.max(worst, Math.abs(got - want) / ulp);
      }
    }
    expect(worst).toBeLessThanOrEqual(1.0);
    expect(logF64(1.0)).toBe(0.0);
    expect(logF64(0.0)).toBe(-Infinity);
    expect(logF64(Infinity)).toBe(Infinity);
    expect(isNaN(logF64(-1.0))).toBe(true);
    expect(isNaN(logF64(NaN))).toBe(true);
  });
});

describe("expF64x2", () => {
  it("gives the bits of Math.exp in every lane: the table path, its edges and the special lanes", () => {
    const scales: StaticArray<f64> = [1e-17, 1e-3, 1, 40, 520, 800];
    for (let k = 0; k < scales.length; k++) {
      fillRandom(X, N, 8, 11 + <u32>k, scales[k], true);
      // the edges of the vector path: |x| = 2^-54 and 512, and the over/underflow thresholds
      store<f64>(X, 5.551115123125783e-17); store<f64>(X, -5.551115123125783e-17, 8);
      store<f64>(X, 511.99999999999994, 16); store<f64>(X, -512.0, 24);
      store<f64>(X, 709.782712893384, 32); store<f64>(X, -745.1332191019412, 40);
      store<f64>(X, -708.4, 48); store<f64>(X, -0.0, 56);
      expArrayF64x2(A, X, N);
      for (let i = 0; i < N; i++) store<f64>(B + (<usize>i << 3), Math.exp(load<f64>(X + (<usize>i << 3))));
      expect(sameBits(A, B, N * 8)).toBe(true, `scale ${scales[k]}`);
    }
  });
});

