import {
  mvnLogProbConstantsF64, mvnLogProbF32, mvnLogProbF32Ref, mvnLogProbF64, mvnLogProbF64Ref,
} from "../../../assembly/sample/mvn-log-prob";

// as-pect compiles with SIMD enabled, so mvnLogProbF32/F64 run their f64x2 path (four rows at a time in two
// f64x2 when b == 1, then a pair, then a scalar tail; pairs with two batch elements when b > 1) and are compared bit for bit with their …Ref siblings, which are also what the scalar build runs.

const LOG_2PI: f64 = 1.8378770664093453;

let state: u32 = 1;
// A uniform in [-0.5, 0.5) from a 32-bit LCG (Numerical Recipes).
function uniform(): f64 {
  state = state * 1664525 + 1013904223;
  return <f64>state / 4294967296.0 - 0.5;
}
function f64s(n: i32): usize {
  return heap.alloc(<usize>max(n, 1) << 3);
}
function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

// b random factors (d, d): entries in [-0.5, 0.5) below the diagonal, diagonal in [0.5, 1.5).
function randomTril(b: i32, d: i32): usize {
  const l = f64s(b * d * d);
  for (let r = 0; r < b; r++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) put(l, (r * d + i) * d + j, j < i ? uniform() : j == i ? 1.0 + uniform() : 0.0);
    }
  }
  return l;
}

// About 1 in 10 components of x is special: NaN, ±∞, ±1e300 (finite, but (x − μ)² overflows) or −0.
const SPECIALS: f64[] = [NaN, Infinity, -Infinity, 1e300, -1e300, -0.0];
function fillX(x: usize, n: i32, special: bool): void {
  for (let i = 0; i < n; i++) {
    const u = uniform();
    put(x, i, special && u < -0.4 ? SPECIALS[<i32>((uniform() + 0.5) * <f64>SPECIALS.length)] : 6.0 * uniform());
  }
}

// Same bits, or both NaN (a NaN's payload is the runtime's choice).
function same(a: f64, b: f64): bool {
  return reinterpret<u64>(a) == reinterpret<u64>(b) || (isNaN(a) && isNaN(b));
}

// log N(x; μ, L·Lᵀ) of one row by forward substitution with divisions, independently of the kernel.
function logProbBySubstitution(x: usize, mu: usize, l: usize, d: i32): f64 {
  const y = f64s(d);
  let q = 0.0, logDet = 0.0;
  for (let i = 0; i < d; i++) {
    let s = at(x, i) - at(mu, i);
    for (let j = 0; j < i; j++) s -= at(l, i * d + j) * at(y, j);
    put(y, i, s / at(l, i * d + i));
    q += at(y, i) * at(y, i);
    logDet += Math.log(at(l, i * d + i));
  }
  heap.free(y);
  return -0.5 * q - logDet - 0.5 * <f64>d * LOG_2PI;
}

const ROWS: i32[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 17];
const DIMS: i32[] = [1, 2, 3, 7, 8];
const BATCHES: i32[] = [1, 2, 3];

describe("mvnLogProbConstantsF64", () => {
  it("gives c = −Σ log L_ii − (d/2) log 2π and L⁻¹ packed by rows for L = [[2, 0], [1, 4]]", () => {
    const l = f64s(4);
    put(l, 0, 2); put(l, 1, 0); put(l, 2, 1); put(l, 3, 4);
    const c = f64s(1), m = f64s(3);
    mvnLogProbConstantsF64(c, m, l, 1, 2);
    expect<f64>(at(m, 0)).toBe(0.5);
    expect<f64>(at(m, 1)).toBe(-0.125);
    expect<f64>(at(m, 2)).toBe(0.25);
    expect<f64>(at(c, 0)).toBe(-Math.log(2.0) - Math.log(4.0) - LOG_2PI);
  });

  it("leaves L·L⁻¹ within 1e-14 of the identity for d = 7", () => {
    const d = 7, p = d * (d + 1) / 2;
    const l = randomTril(1, d);
    const c = f64s(1), m = f64s(p);
    mvnLogProbConstantsF64(c, m, l, 1, d);
    let worst = 0.0;
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        let s = 0.0;
        for (let j = k; j <= i; j++) s += at(l, i * d + j) * at(m, j * (j + 1) / 2 + k);
        worst = Math.max(worst, Math.abs(s - (i == k ? 1.0 : 0.0)));
      }
    }
    expect<f64>(worst).toBeLessThan(1e-14);
  });
});

describe("mvnLogProbF32 / mvnLogProbF64: f64x2 path against the …Ref sibling", () => {
  it("gives the same bits for 0 to 8 and 17 rows, d = 1, 2, 3, 7, 8 and b = 1, 2, 3, with and without NaN, ±∞ and 1e300", () => {
    state = 7;
    for (let di = 0; di < DIMS.length; di++) {
      const d = DIMS[di], p = d * (d + 1) / 2;
      for (let bi = 0; bi < BATCHES.length; bi++) {
        const b = BATCHES[bi];
        const l = randomTril(b, d), loc = f64s(b * d), c = f64s(b), m = f64s(b * p);
        for (let i = 0; i < b * d; i++) put(loc, i, uniform());
        mvnLogProbConstantsF64(c, m, l, b, d);
        const scratch = f64s(4 * d);
        for (let ri = 0; ri < ROWS.length; ri++) {
          const n = ROWS[ri];
          for (let sp = 0; sp < 2; sp++) {
            const x = f64s(n * d), x32 = heap.alloc(<usize>max(n * d, 1) << 2);
            fillX(x, n * d, sp == 1);
            for (let i = 0; i < n * d; i++) store<f32>(x32 + (<usize>i << 2), <f32>at(x, i));
            const a = f64s(n), r = f64s(n);
            mvnLogProbF64(a, x, loc, m, c, n, b, d, scratch);
            mvnLogProbF64Ref(r, x, loc, m, c, n, b, d, scratch);
            for (let i = 0; i < n; i++) expect<bool>(same(at(a, i), at(r, i))).toBe(true, `f64 d = ${d}, b = ${b}, n = ${n}, row ${i}`);
            mvnLogProbF32(a, x32, loc, m, c, n, b, d, scratch);
            mvnLogProbF32Ref(r, x32, loc, m, c, n, b, d, scratch);
            for (let i = 0; i < n; i++) {
              const u = <f64>load<f32>(a + (<usize>i << 2)), v = <f64>load<f32>(r + (<usize>i << 2));
              expect<bool>(same(u, v)).toBe(true, `f32 d = ${d}, b = ${b}, n = ${n}, row ${i}`);
            }
            heap.free(x); heap.free(x32); heap.free(a); heap.free(r);
          }
        }
        heap.free(l); heap.free(loc); heap.free(c); heap.free(m); heap.free(scratch);
      }
    }
  });

  it("agrees with forward substitution to 1e-13 relative on finite rows, batch element i mod b for row i", () => {
    state = 11;
    const d = 8, b = 3, n = 9, p = d * (d + 1) / 2;
    const l = randomTril(b, d), loc = f64s(b * d), c = f64s(b), m = f64s(b * p), x = f64s(n * d);
    for (let i = 0; i < b * d; i++) put(loc, i, uniform());
    fillX(x, n * d, false);
    mvnLogProbConstantsF64(c, m, l, b, d);
    const out = f64s(n), scratch = f64s(4 * d);
    mvnLogProbF64(out, x, loc, m, c, n, b, d, scratch);
    for (let i = 0; i < n; i++) {
      const j = i % b;
      const want = logProbBySubstitution(x + (<usize>(i * d) << 3), loc + (<usize>(j * d) << 3), l + (<usize>(j * d * d) << 3), d);
      expect<f64>(Math.abs(at(out, i) - want) / Math.max(Math.abs(want), 1.0)).toBeLessThan(1e-13, `row ${i}`);
    }
  });

  it("returns −∞ for a row with an infinite component and NaN for one with a NaN, in every lane and the tail", () => {
    const d = 2;
    const l = f64s(4), loc = f64s(2), c = f64s(1), m = f64s(3), scratch = f64s(4 * d);
    put(l, 0, 1); put(l, 1, 0); put(l, 2, 0.5); put(l, 3, 1);
    put(loc, 0, 0); put(loc, 1, 1);
    mvnLogProbConstantsF64(c, m, l, 1, d);
    // rows: (∞, 0) (0, 0) | (0, 0) (NaN, −∞) | (∞, −∞) (1e300, 0) | (−∞, NaN)
    const rows: f64[] = [Infinity, 0, 0, 0, 0, 0, NaN, -Infinity, Infinity, -Infinity, 1e300, 0, -Infinity, NaN];
    const n = rows.length / d;
    const x = f64s(rows.length);
    for (let i = 0; i < rows.length; i++) put(x, i, rows[i]);
    const out = f64s(n);
    mvnLogProbF64(out, x, loc, m, c, n, 1, d, scratch);
    expect<f64>(at(out, 0)).toBe(-Infinity);
    expect<bool>(isFinite(at(out, 1))).toBe(true);
    expect<bool>(same(at(out, 1), at(out, 2))).toBe(true);
    expect<bool>(isNaN(at(out, 3))).toBe(true);
    expect<f64>(at(out, 4)).toBe(-Infinity);
    expect<f64>(at(out, 5)).toBe(-Infinity);
    expect<bool>(isNaN(at(out, 6))).toBe(true);
  });
});
