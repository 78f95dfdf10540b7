// Loads tests/fixtures/softmax/data.json (made by make.py there with PyTorch 1.13 in float64) and compares.
import { readFileSync } from "node:fs";

export const fixture = JSON.parse(readFileSync(new URL("../../fixtures/softmax/data.json", import.meta.url), "utf8"));

/** Fixture numbers: non-finite values are stored as the strings "Infinity", "-Infinity", "NaN". */
export function numbers(values: (number | string)[]): number[] {
  return values.map((v) => (typeof v === "number" ? v : Number(v)));
}

/**
 * The float32 tolerance of every fixture comparison: |got − want| ≤ RTOL·|want| + ATOL. RTOL = 1e-5 covers
 * the float32 rounding of a few operations on logits up to |z| ≈ 100 (each costs |z|·2^-24 in e^z);
 * ATOL = 1e-6 covers cancellation in p − q and in sums of order 1. Non-finite references must match exactly.
 */
export const RTOL = 1e-5;
export const ATOL = 1e-6;

/** Returns a description of each entry outside the tolerance (empty when all agree). */
export function mismatches(got: ArrayLike<number>, want: number[], label: string): string[] {
  const bad: string[] = [];
  if (got.length !== want.length) return [`${label}: length ${got.length}, want ${want.length}`];
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= RTOL * Math.abs(w) + ATOL;
    if (!ok) bad.push(`${label}[${i}]: got ${g}, want ${w}`);
  }
  return bad.slice(0, 5);
}
