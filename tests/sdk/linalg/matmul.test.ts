import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bmm, empty, init, initSync, matmul, memory, scope, tensor, type DType, type Tensor } from "../../../sdk/index";

interface Case {
  kind: "matmul" | "bmm";
  dtype: "float32" | "float64";
  transposeA: boolean;
  transposeB: boolean;
  alpha: number;
  beta: number;
  aShape: number[];
  bShape: number[];
  outShape: number[];
  a: number[];
  b: number[];
  c: number[] | null;
  expected: number[];
}

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/matmul/data.json", import.meta.url), "utf8")) as { cases: Case[] };

// The error bound scale of each output: |α|·Σ_p |op(A)_ip|·|op(B)_pj| + |β|·|C_ij|, in float64 from the inputs.
function magnitudes(c: Case): Float64Array {
  const rankA = c.aShape.length, rankB = c.bShape.length;
  const [rA, cA] = c.aShape.slice(rankA - 2), [rB, cB] = c.bShape.slice(rankB - 2);
  const m = c.transposeA ? cA : rA, k = c.transposeA ? rA : cA, n = c.transposeB ? rB : cB;
  const batch = c.outShape.length === 3 ? c.outShape[0] : 1;
  const strideA = rankA === 3 && c.aShape[0] > 1 ? m * k : 0, strideB = rankB === 3 && c.bShape[0] > 1 ? k * n : 0;
  const mag = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = c.a[t * strideA + (c.transposeA ? p * m + i : i * k + p)];
          const y = c.b[t * strideB + (c.transposeB ? j * k + p : p * n + j)];
          s += Math.abs(x * y);
        }
        const o = (t * m + i) * n + j;
        mag[o] = Math.abs(c.alpha) * s + (c.c ? Math.abs(c.beta * c.c[o]) : 0);
      }
    }
  }
  return mag;
}

function innerDim(c: Case): number {
  const shape = c.aShape.slice(c.aShape.length - 2);
  return c.transposeA ? shape[0] : shape[1];
}

function caseName(c: Case): string {
  const opA = `${JSON.stringify(c.aShape)}${c.transposeA ? "ᵀ" : ""}`, opB = `${JSON.stringify(c.bShape)}${c.transposeB ? "ᵀ" : ""}`;
  return `${c.kind} matches PyTorch for ${opA}·${opB} in ${c.dtype} with alpha ${c.alpha}, beta ${c.beta}`;
}

// Deterministic pseudo-random float32 values in (-2, 2) (a 32-bit LCG; no Math.random in tests).
function lcgValues(count: number, seed: number): number[] {
  let s = (seed * 2654435761) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(Math.fround((s / 2 ** 32) * 4 - 2));
  }
  return out;
}

// The documented order, emulated in JS: s = 0; s = s + a·b for p = 0..k-1; C = α·s (+ β·C). For float32,
// Math.fround after every operation is exact float32 arithmetic (double has > 2·24 + 2 bits, so the double
// rounding of +, × is innocuous).
function emulate(
  dtype: DType, a: number[], b: number[], c: number[] | null, m: number, n: number, k: number,
  transA: boolean, transB: boolean, alpha: number, beta: number,
): number[] {
  const r = dtype === "float32" ? Math.fround : (x: number) => x;
  const al = r(alpha), be = r(beta);
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s = r(s + r(a[transA ? p * m + i : i * k + p] * b[transB ? j * k + p : p * n + j]));
      }
      out.push(be === 0 ? r(al * s) : r(r(al * s) + r(be * c![i * n + j])));
    }
  }
  return out;
}

describe("matmul and bmm against PyTorch float64 references", () => {
  beforeAll(async () => {
    await init();
  });

  // Tolerance: |got − ref| ≤ tol·max(1, √k)·(|α|·Σ_p|a_ip·b_pj| + |β|·|c_ij|), with tol = 1e-5 for float32
  // (k sequential float32 adds: typical error grows like √k·2^-24) and 1e-13 for float64.
  for (const c of fixture.cases) {
    it(caseName(c), () => {
      scope(() => {
        const a = tensor(c.a, c.aShape, c.dtype), b = tensor(c.b, c.bShape, c.dtype);
        const out = c.c ? tensor(c.c, c.outShape, c.dtype) : undefined;
        const fn = c.kind === "matmul" ? matmul : bmm;
        const got = fn(a, b, { transposeA: c.transposeA, transposeB: c.transposeB, alpha: c.alpha, beta: c.beta, out });
        expect(got.shape).toEqual(c.outShape);
        expect(got.dtype).toBe(c.dtype);
        if (out) expect(got).toBe(out);
        const values = got.toArray();
        const mag = magnitudes(c);
        const tol = (c.dtype === "float32" ? 1e-5 : 1e-13) * Math.max(1, Math.sqrt(innerDim(c)));
        let worst = 0;
        for (let i = 0; i < values.length; i++) {
          const err = Math.abs(values[i] - c.expected[i]);
          worst = Math.max(worst, mag[i] === 0 ? err : err / mag[i]);
        }
        expect(values.length).toBe(c.expected.length);
        expect(worst).toBeLessThanOrEqual(tol);
      });
    });
  }

  it("reads a fixture with a k = 0 case, a 1×1 case and a batch broadcast", () => {
    expect(fixture.cases.some((c) => innerDim(c) === 0)).toBe(true);
    expect(fixture.cases.some((c) => c.outShape.every((d) => d === 1))).toBe(true);
    expect(fixture.cases.some((c) => c.kind === "bmm" && c.bShape.length === 2)).toBe(true);
  });
});

describe("the fixed summation order", () => {
  beforeAll(async () => {
    await init();
  });

  const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 8, 16], [9, 13, 33], [17, 6, 2]];
  for (const dtype of ["float32", "float64"] as const) {
    it(`gives the bits of a sequential JS sum over k in ${dtype}, for every transpose and with alpha, beta`, () => {
      scope(() => {
        for (const [m, n, k] of shapes) {
          for (const flags of [0, 1, 2, 3]) {
            const transA = (flags & 1) === 1, transB = (flags & 2) === 2;
            const av = lcgValues(m * k, m + 7 * k + flags), bv = lcgValues(k * n, n + 11 * k), cv = lcgValues(m * n, 5);
            const a = tensor(av, transA ? [k, m] : [m, k], dtype), b = tensor(bv, transB ? [n, k] : [k, n], dtype);
            const out = tensor(cv, [m, n], dtype);
            matmul(a, b, { transposeA: transA, transposeB: transB, alpha: 0.7, beta: -1.3, out });
            expect(Array.from(out.toArray())).toEqual(emulate(dtype, av, bv, cv, m, n, k, transA, transB, 0.7, -1.3));
            const plain = matmul(a, b, { transposeA: transA, transposeB: transB });
            expect(Array.from(plain.toArray())).toEqual(emulate(dtype, av, bv, null, m, n, k, transA, transB, 1, 0));
          }
        }
      });
    });
  }

  it("sums left to right: (1e8 − 1e8) + 1 = 1 but (1 − 1e8) + 1e8 = 0 in float32", () => {
    scope(() => {
      const a = tensor([[1e8, -1e8, 1], [1, -1e8, 1e8]]), b = tensor([[1], [1], [1]]);
      expect(Array.from(matmul(a, b).toArray())).toEqual([1, 0]);
    });
  });
});

describe("the SIMD and scalar builds", () => {
  // Products run in one build, copied out, then everything is disposed so the core can be replaced.
  function products(): number[][] {
    return scope(() => {
      const results: number[][] = [];
      for (const [m, n, k] of [[100, 530, 7], [64, 64, 64], [5, 3, 129]] as const) {
        for (const flags of [0, 1, 2, 3]) {
          const transA = (flags & 1) === 1, transB = (flags & 2) === 2;
          for (const dtype of ["float32", "float64"] as const) {
            const a = tensor(lcgValues(m * k, flags + 1), transA ? [k, m] : [m, k], dtype);
            const b = tensor(lcgValues(k * n, flags + 2), transB ? [n, k] : [k, n], dtype);
            const out = tensor(lcgValues(m * n, 3), [m, n], dtype);
            matmul(a, b, { transposeA: transA, transposeB: transB, alpha: 1.5, beta: 0.25, out });
            results.push(Array.from(out.toArray()));
          }
        }
      }
      const x = tensor(lcgValues(6 * 5 * 4, 9), [6, 5, 4]), w = tensor(lcgValues(4 * 7, 10), [4, 7]);
      results.push(Array.from(bmm(x, w).toArray()));
      return results;
    });
  }

  afterAll(async () => {
    await init();
  });

  it("give identical bits for float32 and float64 products, with and without SIMD", () => {
    expect(memory().tensors).toBe(0);
    expect(initSync({ simd: true }).simd).toBe(true);
    const simd = products();
    expect(initSync({ simd: false }).simd).toBe(false);
    const scalar = products();
    expect(scalar.length).toBe(simd.length);
    for (let i = 0; i < simd.length; i++) expect(scalar[i]).toEqual(simd[i]); // toEqual compares numbers with Object.is
  });
});

describe("matmul and bmm argument checks", () => {
  beforeAll(async () => {
    await init();
  });

  function withTensors(fn: (t: { a23: Tensor; b34: Tensor; b24: Tensor; d34: Tensor; x: Tensor }) => void): void {
    scope(() => {
      fn({
        a23: empty([2, 3]), b34: empty([3, 4]), b24: empty([2, 4]), d34: empty([3, 4], "float64"), x: empty([5, 2, 3]),
      });
    });
  }

  it("names both shapes and the transpose flags when inner dimensions disagree", () => {
    withTensors(({ a23, b24 }) => {
      expect(() => matmul(a23, b24)).toThrow(/inner dimensions must agree: op\(a\) is \[2, 3\].*op\(b\) is \[2, 4\]/);
      expect(() => matmul(a23, b24, { transposeA: true })).not.toThrow();
    });
  });

  it("rejects operands of different dtypes, int32 operands and non-tensors", () => {
    withTensors(({ a23, d34 }) => {
      expect(() => bmm(empty([1, 2, 3]), d34)).toThrow(/b must have the same dtype as a \(float32\), got float64/);
      expect(matmul(a23, d34).dtype).toBe("float64"); // torch's promotion
      expect(() => matmul(empty([2, 2], "int32"), empty([2, 2], "int32"))).toThrow(/a must have dtype float32 or float64, got int32/);
      expect(() => matmul([[1]] as unknown as Tensor, a23)).toThrow(/matmul: a must be a Tensor/);
    });
  });

  it("batches N-D operands in matmul and rejects a rank other than 2 or 3 in bmm", () => {
    withTensors(({ a23, b34, x }) => {
      expect(matmul(x, b34).shape).toEqual([5, 2, 4]);
      expect(() => matmul(x, a23)).toThrow(/matmul: inner dimensions must agree/);
      expect(() => bmm(a23, b34)).toThrow(/at least one of a, b must have rank 3/);
      expect(() => bmm(empty([1, 1, 2, 3]), b34)).toThrow(/bmm: a must have rank 3/);
    });
  });

  it("rejects a non-zero beta without out, non-finite scalars and non-boolean flags", () => {
    withTensors(({ a23, b34 }) => {
      expect(() => matmul(a23, b34, { beta: 1 })).toThrow(/beta = 1 .* needs options.out/);
      expect(() => matmul(a23, b34, { alpha: NaN })).toThrow(/alpha must be a finite number, got NaN/);
      expect(() => matmul(a23, b34, { transposeA: 1 as unknown as boolean })).toThrow(/transposeA must be a boolean, got 1/);
    });
  });

  it("rejects an out of the wrong shape or dtype, or one that is an operand", () => {
    withTensors(({ a23, b34 }) => {
      expect(() => matmul(a23, b34, { out: empty([2, 3]) })).toThrow(/out must have shape \[2, 4\], got \[2, 3\]/);
      expect(() => matmul(a23, b34, { out: empty([2, 4], "float64") })).toThrow(/out must have dtype float32, got float64/);
      const sq = empty([3, 3]);
      expect(() => matmul(sq, sq, { out: sq })).toThrow(/out must not be a itself/);
    });
  });

  it("rejects batch sizes that neither agree nor are 1", () => {
    withTensors(({ x }) => {
      expect(() => bmm(x, empty([4, 3, 2]))).toThrow(/batch sizes must agree or one must be 1, got a \[5, 2, 3\] and b \[4, 3, 2\]/);
    });
  });

  it("rejects a disposed operand with a clear error", () => {
    const a = empty([2, 2]);
    a.dispose();
    scope(() => {
      expect(() => matmul(a, empty([2, 2]))).toThrow(/used after dispose/);
    });
  });
});

describe("matmul and bmm shapes and ownership", () => {
  beforeAll(async () => {
    await init();
  });

  it("returns an empty [0, n] result for m = 0 and zeros for k = 0", () => {
    scope(() => {
      expect(matmul(empty([0, 3]), empty([3, 4])).shape).toEqual([0, 4]);
      expect(Array.from(matmul(empty([2, 0]), empty([0, 2])).toArray())).toEqual([0, 0, 0, 0]);
    });
  });

  it("broadcasts a batch of size 1 like a 2-D operand", () => {
    scope(() => {
      const a = tensor(lcgValues(4 * 2 * 3, 1), [4, 2, 3]);
      const w = lcgValues(3 * 5, 2);
      const viaRank2 = bmm(a, tensor(w, [3, 5])).toArray();
      const viaBatch1 = bmm(a, tensor(w, [1, 3, 5])).toArray();
      expect(Array.from(viaBatch1)).toEqual(Array.from(viaRank2));
    });
  });

  it("leaves no tensor alive besides the result", () => {
    const before = memory().tensors;
    scope(() => {
      const a = empty([7, 9]), b = empty([9, 5]);
      a.view().fill(1);
      b.view().fill(2);
      const c = matmul(a, b);
      expect(c.toArray()[0]).toBe(18);
      expect(memory().tensors).toBe(before + 3);
    });
    expect(memory().tensors).toBe(before);
  });
});
