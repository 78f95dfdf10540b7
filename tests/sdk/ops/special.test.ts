// The public special-function ops (sdk/ops/special.ts) against mpmath (tests/fixtures/special, made by make.py
// there; loaded by tests/sdk/helpers/special-fixture.ts). Tolerances: float64 at the kernel's documented
// relative accuracy (the same table as tests/sdk/math/special.test.ts, which explains each one); float32 exactly
// the float64 result on the float32-rounded inputs, rounded once to float32 (compared bit for bit).
import { beforeAll, describe, expect, it } from "vitest";
import {
  betainc, digamma, DisposedTensorError, erf, erfc, erfinv, gammainc, gammaincc, init, lbeta, lgamma, memory, ndtr, ndtri,
  scope, tensor, zeros, type DType, type Tensor,
} from "../../../sdk/index";
import { mapF64 } from "../../../sdk/distributions/distribution";
import { cases, maxRelativeError } from "../helpers/special-fixture";
import { bytes } from "./fixture";

type Op = (...args: (Tensor | number)[]) => Tensor;

// [op name, op, fixture case, input columns, exact column, the math/special.ts kernel, float64 relative tolerance]
const table: [string, Op, string, string[], string, string, number][] = [
  ["erf", erf as Op, "erf", ["x"], "y", "erfArrayF64", 1e-15],
  ["erfc", erfc as Op, "erfc", ["x"], "y", "erfcArrayF64", 1e-15],
  ["erfinv", erfinv as Op, "erfinv", ["x"], "y", "erfinvArrayF64", 1e-15],
  ["ndtr", ndtr as Op, "normalCdf", ["x"], "y", "normalCdfArrayF64", 1e-15],
  ["ndtri", ndtri as Op, "normalQuantile", ["x"], "y", "normalQuantileArrayF64", 1e-15],
  ["lgamma", lgamma as Op, "lgamma", ["x"], "y", "lgammaArrayF64", 1e-13],
  ["digamma", digamma as Op, "digamma", ["x"], "y", "digammaArrayF64", 1e-13],
  ["lbeta", lbeta as Op, "lbeta", ["a", "b"], "y", "lbetaArrayF64", 1e-14],
  ["gammainc", gammainc as Op, "gammainc", ["a", "x"], "p", "gammaincPArrayF64", 1e-12],
  ["gammaincc", gammaincc as Op, "gammainc", ["a", "x"], "q", "gammaincQArrayF64", 1e-12],
  ["betainc", betainc as Op, "betainc", ["a", "b", "x"], "y", "betaincArrayF64", 1e-12],
];

/** op over flat columns as tensors of `dtype` (shape [n]); a copy of the result. */
function apply(op: Op, columns: ArrayLike<number>[], dtype: DType): Float32Array | Float64Array {
  return scope(() => {
    const out = op(...columns.map((c) => tensor(Array.from(c), [c.length], dtype)));
    expect(out.dtype).toBe(dtype);
    expect(out.shape).toEqual([columns[0].length]);
    return out.toArray() as Float32Array | Float64Array;
  });
}

const list = (t: Tensor): number[] => Array.from(t.toArray());
const CANONICAL_NAN_F64 = bytes(new Float64Array([NaN]));

describe("special-function ops", () => {
  beforeAll(async () => {
    await init();
  });

  for (const [name, op, fixtureCase, inputs, exactCol, kernel, tol] of table) {
    const c = cases[fixtureCase];
    const columns = inputs.map((k) => c[k]);

    it(`${name} on float64 tensors matches mpmath over ${c[exactCol].length} points within ${tol} relative`, () => {
      expect(maxRelativeError(apply(op, columns, "float64"), c[exactCol])).toBeLessThanOrEqual(tol);
    });

    it(`${name} on float64 tensors gives the bits of ${kernel}, with NaN made canonical`, () => {
      const got = apply(op, columns, "float64") as Float64Array;
      const direct = mapF64(kernel, ...columns);
      for (let i = 0; i < direct.length; i++) if (Number.isNaN(direct[i])) direct[i] = NaN;
      expect(bytes(got)).toEqual(bytes(direct));
    });

    it(`${name} on float32 tensors is the float64 result on the float32 inputs, rounded once to float32`, () => {
      const rounded = columns.map((col) => Float32Array.from(col));
      const got = apply(op, rounded, "float32");
      const expected = Float32Array.from(apply(op, rounded, "float64"));
      expect(bytes(got)).toEqual(bytes(expected));
    });
  }

  it("writes only the canonical quiet NaN", () => {
    const got = scope(() => [
      erfinv(tensor([2, -2, NaN], [3], "float64")), lgamma(tensor([NaN], [1], "float64")), digamma(tensor([-1, -Infinity], [2], "float64")),
      gammainc(tensor([-1, 0, NaN], [3], "float64"), 1), betainc(tensor([1], [1], "float64"), 1, tensor([-0.5, 2, NaN], [3], "float64")),
    ].map((t) => t.toArray() as Float64Array));
    for (const a of got) {
      for (let i = 0; i < a.length; i++) expect(bytes(a.subarray(i, i + 1))).toEqual(CANONICAL_NAN_F64);
    }
  });

  it("returns the documented values at the edges of each domain (SciPy / torch conventions)", () => {
    const f64 = (v: number[]) => tensor(v, [v.length], "float64");
    scope(() => {
      expect(list(erf(f64([Infinity, -Infinity, 0, -0])))).toEqual([1, -1, 0, -0]);
      expect(list(erfc(f64([-Infinity, Infinity, 0])))).toEqual([2, 0, 1]);
      expect(list(erfinv(f64([1, -1, 0, 1.5, -1.0000001, NaN])))).toEqual([Infinity, -Infinity, 0, NaN, NaN, NaN]);
      expect(list(ndtr(f64([-Infinity, Infinity, 0])))).toEqual([0, 1, 0.5]);
      expect(list(ndtri(f64([0, 1, 0.5, -0.1, 1.1])))).toEqual([-Infinity, Infinity, 0, NaN, NaN]);
      expect(list(lgamma(f64([0, -0, -1, -3, Infinity, -Infinity, 1, 2])))).toEqual([Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, 0, 0]);
      expect(list(digamma(f64([0, -0, -1, -2, Infinity, -Infinity])))).toEqual([-Infinity, Infinity, NaN, NaN, Infinity, NaN]);
      expect(list(lbeta(f64([0, -1, 1, NaN]), 1))).toEqual([NaN, NaN, 0, NaN]);
      expect(list(gammainc(f64([0, -1, 2, 2, 2, Infinity]), f64([1, 1, 0, Infinity, -1, 3])))).toEqual([NaN, NaN, 0, 1, NaN, 0]);
      expect(list(gammaincc(f64([0, -1, 2, 2, 2, Infinity]), f64([1, 1, 0, Infinity, -1, 3])))).toEqual([NaN, NaN, 1, 0, NaN, 1]);
      expect(list(betainc(f64([2, 2, 2, 2, 0, 2]), f64([3, 3, 3, 3, 3, -1]), f64([0, 1, 1.5, -0.5, 0.5, 0.5])))).toEqual([0, 1, NaN, NaN, NaN, NaN]);
      expect(list(betainc(f64([2]), 3, 0.5))).toEqual([0.6875]);
    });
  });

  it("float32 results saturate where float64 ones only get large (lgamma(1e38) rounds to Infinity)", () => {
    expect(scope(() => list(lgamma(tensor([1e38]))))).toEqual([Infinity]);
    const stirling = 1e38 * (Math.log(1e38) - 1) - 0.5 * Math.log(1e38) + 0.5 * Math.log(2 * Math.PI); // error ~ 1/(12x)
    const [got] = scope(() => list(lgamma(tensor([1e38], [1], "float64"))));
    expect(Math.abs(got - stirling) / stirling).toBeLessThanOrEqual(1e-15);
  });

  describe("broadcasting (numpy rules)", () => {
    const a3 = [0.5, 2, 7];
    const x23 = [[0.1, 1, 3], [4, 0.7, 12]];

    it("broadcasts a [3] tensor against a [2, 3] tensor as the expanded [2, 3] operand", () => {
      scope(() => {
        for (const dtype of ["float32", "float64"] as const) {
          const got = gammainc(tensor(a3, [3], dtype), tensor(x23, [2, 3], dtype));
          const expanded = gammainc(tensor([...a3, ...a3], [2, 3], dtype), tensor(x23, [2, 3], dtype));
          expect(got.shape).toEqual([2, 3]);
          expect(got.dtype).toBe(dtype);
          expect(bytes(got.toArray())).toEqual(bytes(expanded.toArray()));
        }
      });
    });

    it("broadcasts [2, 1] against [3] to [2, 3], and a [] tensor against anything", () => {
      scope(() => {
        const got = lbeta(tensor([1, 2], [2, 1], "float64"), tensor([1, 2, 3], [3], "float64"));
        expect(got.shape).toEqual([2, 3]);
        const expected = lbeta(tensor([1, 1, 1, 2, 2, 2], [2, 3], "float64"), tensor([1, 2, 3, 1, 2, 3], [2, 3], "float64"));
        expect(list(got)).toEqual(list(expected));
        const scalarTensor = betainc(tensor(2, [], "float64"), tensor([3], [1], "float64"), tensor(x23.flat().map((v) => v / 12), [2, 3], "float64"));
        expect(scalarTensor.shape).toEqual([2, 3]);
        expect(list(scalarTensor)).toEqual(list(betainc(2, 3, tensor(x23.flat().map((v) => v / 12), [2, 3], "float64"))));
      });
    });

    it("takes numbers for any argument, rounded to float32 when the tensors are float32", () => {
      scope(() => {
        const x = tensor(x23, [2, 3], "float64");
        expect(list(gammainc(0.5, x))).toEqual(list(gammainc(tensor([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [2, 3], "float64"), x)));
        expect(list(gammaincc(tensor([0.1, 2, 3]), 0.1))).toEqual(list(gammaincc(tensor([0.1, 2, 3]), tensor([0.1, 0.1, 0.1]))));
        const ab = betainc(0.3, tensor([2, 5], [2], "float64"), 0.25);
        expect(ab.shape).toEqual([2]);
        expect(list(ab)).toEqual(list(betainc(tensor([0.3, 0.3], [2], "float64"), tensor([2, 5], [2], "float64"), tensor([0.25, 0.25], [2], "float64"))));
      });
    });

    it("gives an empty result for a zero-size broadcast, and a 0-d result for 0-d operands", () => {
      scope(() => {
        const empty = gammainc(zeros([0, 3]), tensor([1, 2, 3]));
        expect(empty.shape).toEqual([0, 3]);
        const zeroD = lbeta(tensor(2, [], "float64"), 3);
        expect(zeroD.shape).toEqual([]);
        expect(zeroD.item()).toBeCloseTo(Math.log(1 / 12), 14);
        expect(erf(zeros([0])).shape).toEqual([0]);
      });
    });

    it("frees its temporary expanded operands: only the result stays allocated", () => {
      scope(() => {
        const a = tensor([2, 3], [2, 1]);
        const x = tensor([0.1, 0.5, 0.9]);
        const before = memory();
        const out = betainc(a, 4, x);
        expect(memory().tensors).toBe(before.tensors + 1);
        expect(memory().bytes).toBe(before.bytes + out.byteLength);
      });
    });
  });

  describe("errors", () => {
    it("rejects int32 tensors with a TypeError naming the argument", () => {
      scope(() => {
        const i = tensor([1, 2, 3], [3], "int32");
        expect(() => erf(i)).toThrow(/erf: x must have dtype float32 or float64, got int32/);
        expect(() => ndtri(i)).toThrow(TypeError);
        expect(() => gammainc(tensor([1, 2, 3]), i)).toThrow(/gammainc: x must have dtype float32 or float64, got int32/);
        expect(() => betainc(1, i, 0.5)).toThrow(/betainc: b must have dtype/);
      });
    });

    it("throws DisposedTensorError for a disposed tensor in any position", () => {
      const dead = tensor([1, 2]);
      dead.dispose();
      expect(() => lgamma(dead)).toThrow(DisposedTensorError);
      expect(() => lbeta(1, dead)).toThrow(DisposedTensorError);
      expect(() => betainc(dead, 1, 0.5)).toThrow(DisposedTensorError);
    });

    it("rejects operands of two dtypes, shapes that do not broadcast, non-numbers and all-number calls, leaking nothing", () => {
      scope(() => {
        const f32 = tensor([1, 2, 3]);
        const f64 = tensor([1, 2, 3], [3], "float64");
        const two = tensor([1, 2]);
        const before = memory();
        expect(() => gammainc(f32, f64)).toThrow(/gammainc: x must have the same dtype as a \(float32\), got float64/);
        expect(() => betainc(f32, two, 0.5)).toThrow(/betainc\(a, b, x\): shapes \[3\] and \[2\] and \[\] cannot be broadcast together \(dimension -1 is 3 in one and 2 in another; sizes must match or be 1\)/);
        expect(() => lbeta(f32, "2" as unknown as number)).toThrow(/lbeta: b must be a Tensor or a number, got/);
        expect(() => gammaincc(1, 2)).toThrow(/gammaincc: at least one of a, x must be a Tensor/);
        expect(() => erf(0.5 as unknown as Tensor)).toThrow(/erf: x must be a Tensor/);
        expect(memory().tensors).toBe(before.tensors);
        expect(memory().bytes).toBe(before.bytes);
      });
    });
  });
});
