// Loads tests/fixtures/special/data.json (mpmath at 50 digits rounded to float64, and SciPy's float64 answers,
// from make.py there) and the error metric the special-function tests share.
import { readFileSync } from "node:fs";

// Non-finite values are stored as the strings "Infinity", "-Infinity" and "NaN".
const revive = (_: string, v: unknown) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v === "NaN" ? NaN : v);

export const fixture = JSON.parse(readFileSync(new URL("../../fixtures/special/data.json", import.meta.url), "utf8"), revive);

/** The fixture's cases: name → column → values (e.g. cases.gammainc.a, .x, .p, .q, .scipyP, .scipyQ). */
export const cases = fixture.cases as Record<string, Record<string, number[]>>;

/**
 * The largest relative error |got − exact| / |exact|; infinities must match exactly; values below 1e-290
 * (subnormal territory, where SciPy and we may underflow differently) need absolute error ≤ 1e-300.
 */
export function maxRelativeError(got: ArrayLike<number>, exact: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    const g = got[i];
    const r = exact[i];
    let err: number;
    if (!Number.isFinite(r)) err = g === r ? 0 : Infinity;
    else if (Math.abs(r) < 1e-290) err = Math.abs(g - r) <= 1e-300 ? 0 : Infinity;
    else err = Math.abs(g - r) / Math.abs(r);
    if (!(err <= worst)) worst = err;
  }
  return worst;
}
