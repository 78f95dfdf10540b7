import {
  axpyF64, axpyF64Ref, dotF64, dotF64Ref, rank2UpdateF64, rank2UpdateF64Ref, rotateRowsF64, rotateRowsF64Ref,
} from "../../../assembly/linalg/rowops";
import { fillRandom, matrix } from "./matrix";

// as-pect compiles with SIMD enabled, so each kernel below runs its v128 path and is compared bit for bit
// with its scalar …Ref sibling (the scalar build runs the …Ref code itself).

function sameBits(x: usize, y: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    if (load<u64>(x + (<usize>i << 3)) != load<u64>(y + (<usize>i << 3))) return false;
  }
  return true;
}

describe("row operations", () => {
  it("gives dotF64 the same bits as dotF64Ref for every length 0..19", () => {
    const x = matrix(19, 1);
    const y = matrix(19, 1);
    fillRandom(x, 19, 1, 1);
    fillRandom(y, 19, 1, 2);
    for (let n = 0; n < 20; n++) {
      expect<u64>(reinterpret<u64>(dotF64(x, y, n))).toBe(reinterpret<u64>(dotF64Ref(x, y, n)));
    }
    expect<f64>(dotF64(x, y, 0)).toBe(0.0);
  });

  it("gives axpy, rotation and rank-2 update the same bits as their …Ref siblings for odd and even lengths", () => {
    for (let n = 0; n < 12; n++) {
      const a = matrix(12, 1), b = matrix(12, 1), c = matrix(12, 1), d = matrix(12, 1), u = matrix(12, 1), w = matrix(12, 1);
      fillRandom(a, 12, 1, 3); fillRandom(b, 12, 1, 3); fillRandom(c, 12, 1, 4); fillRandom(d, 12, 1, 4);
      fillRandom(u, 12, 1, 5); fillRandom(w, 12, 1, 6);
      axpyF64(a, 0.375, u, n);
      axpyF64Ref(b, 0.375, u, n);
      expect<bool>(sameBits(a, b, 12)).toBe(true);
      rotateRowsF64(a, c, 0.8, 0.6, n);
      rotateRowsF64Ref(b, d, 0.8, 0.6, n);
      expect<bool>(sameBits(a, b, 12) && sameBits(c, d, 12)).toBe(true);
      rank2UpdateF64(a, 1.5, u, -0.25, w, n);
      rank2UpdateF64Ref(b, 1.5, u, -0.25, w, n);
      expect<bool>(sameBits(a, b, 12)).toBe(true);
    }
  });

  it("rotates (1, 0) and (0, 1) by c = 0.8, s = 0.6 into (0.8, 0.6) and (−0.6, 0.8)", () => {
    const x = matrix(2, 1), y = matrix(2, 1);
    store<f64>(x, 1.0); store<f64>(y, 0.0); store<f64>(x + 8, 0.0); store<f64>(y + 8, 1.0);
    rotateRowsF64(x, y, 0.8, 0.6, 2);
    expect<f64>(load<f64>(x)).toBe(0.8);
    expect<f64>(load<f64>(y)).toBe(0.6);
    expect<f64>(load<f64>(x + 8)).toBe(-0.6);
    expect<f64>(load<f64>(y + 8)).toBe(0.8);
  });
});
