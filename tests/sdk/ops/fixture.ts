// Loads tests/fixtures/ops/data.json (made by make.py there with PyTorch) and the tolerance helpers.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { DType } from "../../../sdk/index";

export const fixture = JSON.parse(readFileSync(new URL("../../fixtures/ops/data.json", import.meta.url), "utf8"));

/** Fixture numbers: non-finite values are stored as the strings "nan", "inf", "-inf". */
export function numbers(values: (number | string)[]): number[] {
  return values.map((v) => (typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity));
}

/** One float32 ulp at |v|: the gap to the next float32 up (for the smallest normal and below, 2^-149). */
export function ulp32(v: number): number {
  const a = Math.fround(Math.abs(v));
  if (a === 0) return 2 ** -149;
  const bits = new Uint32Array(new Float32Array([a]).buffer)[0];
  const next = new Float32Array(new Uint32Array([bits + 1]).buffer)[0];
  return next - a;
}

/** The raw bytes of a typed array, for bit-for-bit comparisons (NaN sign and payload included). */
export function bytes(a: Float32Array | Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Checks results against the exact (float64 PyTorch) reference: stochasm sums in float64 and rounds once, so
 * a float32 result is within 1 float32 ulp of it (plus 1e-12 of the problem's scale Σ|x|); float64 results
 * are within 1e-12 of |reference| + scale.
 */
export function expectClose(got: ArrayLike<number>, expected: (number | string)[], dtype: DType, scale: number, what: string): void {
  const ref = numbers(expected);
  expect(got.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    const tol = dtype === "float32" ? ulp32(ref[i]) + 1e-12 * scale : 1e-12 * (Math.abs(ref[i]) + scale);
    expect(Math.abs(got[i] - ref[i]), `${what}[${i}]: got ${got[i]}, expected ${ref[i]}`).toBeLessThanOrEqual(tol);
  }
}
