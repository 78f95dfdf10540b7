// The worked numbers of seed 003 ("SVD & Eigendecomposition"): torch.manual_seed(42); A = torch.randn(6, 4)
// and X = torch.randn(100, 5), cov = XᵀX / 99. The seed runs in float32; we take the same float32 data,
// compute in float64, and compare with torch's float64 results tightly (1e-14 relative) and with the
// seed's printed float32 numbers to their printed digits / float32 accuracy (1e-5 relative).
import { beforeAll, describe, expect, it } from "vitest";
import { cond, eigh, init, lowRankApprox, matrixRank, svd, tensor } from "../../../sdk/index";
import { fixtures, maxAbsDiff, mul, scaleColumns } from "./helpers";

const seed = fixtures.seed003;

describe("seed 003 worked examples", () => {
  beforeAll(async () => {
    await init();
  });

  it("gives the singular values 3.9068, 2.3435, 1.9765, 1.0301 of the 6×4 A from float32 input", () => {
    const a = tensor(new Float32Array(seed.svd.a), [6, 4], "float32");
    const { U, S, Vh } = svd(a);
    expect(S.dtype).toBe("float64");
    const s = Array.from(S.toArray());
    [3.9068, 2.3435, 1.9765, 1.0301].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 4));
    expect(maxAbsDiff(s, seed.svd.float64.S as number[])).toBeLessThanOrEqual(1e-14 * s[0]);
    expect(maxAbsDiff(s, seed.svd.float32.S as number[])).toBeLessThanOrEqual(1e-5 * s[0]);
    // The seed prints a float32 max reconstruction error of 8.34e-07; in float64 it is below 1e-14.
    const rec = mul(scaleColumns(U.toArray(), s, 6, 4), Vh.toArray(), 6, 4, 4);
    expect(maxAbsDiff(rec, a.toArray())).toBeLessThan(1e-14);
    expect(seed.svd.float32.maxReconstructionError).toBeGreaterThan(1e-7);
    for (const t of [a, U, S, Vh]) t.dispose();
  });

  it("gives the rank-2 Frobenius error 2.2288, rank 4 and nuclear norm 9.2569", () => {
    const a = tensor(new Float32Array(seed.svd.a), [6, 4], "float32");
    const { approx, error } = lowRankApprox(a, 2);
    expect(error).toBeCloseTo(2.2288, 4);
    expect(Math.abs(error - (seed.svd.float64.rank2FrobeniusError as number))).toBeLessThanOrEqual(1e-14 * error);
    expect(matrixRank(a)).toBe(4);
    const { U, S, Vh } = svd(a);
    const nuclear = Array.from(S.toArray()).reduce((x, y) => x + y, 0);
    expect(nuclear).toBeCloseTo(9.2569, 4);
    expect(Math.abs(nuclear - (seed.svd.float64.nuclearNorm as number))).toBeLessThanOrEqual(1e-14 * nuclear);
    for (const t of [a, approx, U, S, Vh]) t.dispose();
  });

  it("gives the covariance eigenvalues (descending) 1.4561, 1.1515, 0.8078, 0.7605, 0.6058 and condition number 2.40", () => {
    const cov = tensor(new Float64Array(seed.eigh.cov), [5, 5], "float64");
    const { eigenvalues, eigenvectors } = eigh(cov);
    const desc = Array.from(eigenvalues.toArray()).reverse();
    [1.4561, 1.1515, 0.8078, 0.7605, 0.6058].forEach((v, i) => expect(desc[i]).toBeCloseTo(v, 4));
    expect(maxAbsDiff(desc, seed.eigh.float64.eigenvaluesDescending)).toBeLessThanOrEqual(1e-14 * desc[0]);
    expect(maxAbsDiff(desc, seed.eigh.float32.eigenvaluesDescending)).toBeLessThanOrEqual(1e-5 * desc[0]);
    const ratio = desc[0] / (desc[4] + 1e-10); // the seed's formula
    expect(ratio).toBeCloseTo(2.40, 2);
    expect(Math.abs(ratio - seed.eigh.float64.conditionNumber)).toBeLessThanOrEqual(1e-13 * ratio);
    expect(Math.abs(cond(cov) - desc[0] / desc[4])).toBeLessThanOrEqual(1e-13 * ratio);
    for (const t of [cov, eigenvalues, eigenvectors]) t.dispose();
  });
});
