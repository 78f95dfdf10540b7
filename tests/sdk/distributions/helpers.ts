// Shared by the distribution tests: the fixture (tests/fixtures/distributions/data.json) and an error metric.
import { readFileSync } from "node:fs";
import type { Tensor } from "../../../sdk/index";
import { core } from "../../../sdk/runtime/core";
import { withF64 } from "../../../sdk/runtime/memory";
import { heapF64 } from "../../../sdk/runtime/memory";

const revive = (_: string, v: unknown) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v === "NaN" ? NaN : v);

export const fixture = JSON.parse(readFileSync(new URL("../../fixtures/distributions/data.json", import.meta.url), "utf8"), revive);

/** max |got − want| / |want| (0 when equal, so ±∞ and exact zeros must match exactly; NaN must match NaN). */
export function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    const err = g === w ? 0 : Math.abs(g - w) / Math.abs(w);
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

/**
 * max |got − want| / max(|want|, floor); ±∞ must match exactly and a NaN fails every bound. References below
 * 1e-290 (with a floor below that) are compared absolutely within 1e-300: their relative error is not
 * meaningful once the result is subnormal.
 */
export function relErr(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-300): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    const e = g === w ? 0 : Math.abs(w) < 1e-290 && floor < 1e-290 ? (Math.abs(g - w) <= 1e-300 ? 0 : Infinity)
      : Math.abs(g - w) / Math.max(Math.abs(w), floor);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** The values of t as a plain array; t is disposed. */
export const arr = (t: Tensor): number[] => { const a = Array.from(t.toArray()); t.dispose(); return a; };

/** Calls a two-output gradient kernel (o1, o2, x, p1, p2, n, count) on draws x (f64) and returns its outputs. */
export function gradKernel(name: string, x: number[], p1: number[], p2: number[]): [number[], number[]] {
  const n = x.length;
  return withF64([new Float64Array(n), new Float64Array(n), Float64Array.from(x), Float64Array.from(p1), Float64Array.from(p2)], ([o1, o2, px, a, b]) => {
    core()[name](o1, o2, px, a, b, n, p1.length);
    const h = heapF64();
    return [Array.from(h.subarray(o1 >>> 3, (o1 >>> 3) + n)), Array.from(h.subarray(o2 >>> 3, (o2 >>> 3) + n))];
  });
}
