import { expF32, expF32x4 } from "../../../assembly/math/expf";

// The f32 value next to |y| in magnitude minus |y|: one unit in the last place at y (also for subnormals).
function ulpAt(y: f32): f64 {
  const a = abs<f32>(y);
  return <f64>reinterpret<f32>(reinterpret<u32>(a) + 1) - <f64>a;
}

function same(a: f32, b: f32): bool {
  return (isNaN(a) && isNaN(b)) || reinterpret<u32>(a) == reinterpret<u32>(b);
}

describe("expF32", () => {
  it("is within 1 ulp of f64 Math.exp at 1.93 million points spaced 1e-4 over [-104, 89]", () => {
    let worst: f64 = 0;
    for (let i = 0; i <= 1930000; i++) {
      const x = <f32>(-104.0 + <f64>i * 1e-4);
      const got = expF32(x);
      const ref = Math.exp(<f64>x);
      if (ref > 3.4028234663852886e38) continue; // beyond the largest f32: checked below
      const err = Math.abs(<f64>got - ref) / ulpAt(<f32>ref == 0 ? <f32>1.4e-45 : <f32>ref);
      if (err > worst) worst = err;
    }
    expect<f64>(worst).toBeLessThanOrEqual(1.0);
  });

  it("is within 1 ulp of f64 Math.exp for every f32 in [-1, 1] with an exponent of at least 2^-20", () => {
    let worst: f64 = 0;
    for (let b: u32 = 0x35800000; b <= 0x3f800000; b += 7) {
      for (let s = 0; s < 2; s++) {
        const x = s == 0 ? reinterpret<f32>(b) : -reinterpret<f32>(b);
        const err = Math.abs(<f64>expF32(x) - Math.exp(<f64>x)) / ulpAt(<f32>Math.exp(<f64>x));
        if (err > worst) worst = err;
      }
    }
    expect<f64>(worst).toBeLessThanOrEqual(1.0);
  });

  it("gives the same bits as expF32x4 lane by lane, including special values", () => {
    const xs: f32[] = [0, -0.0, 1, -1, 0.5, 88.72283, 88.7229, 89, 1e30, Infinity, -87.4, -103.9, -104, -1e30,
      -Infinity, NaN, 1e-40, 20.25, -20.25, 3.0e-8];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const v = expF32x4(f32x4(x, -x, x * 0.5, x + 1));
      const s0 = expF32(x), s1 = expF32(-x), s2 = expF32(x * 0.5), s3 = expF32(x + 1);
      expect<bool>(same(f32x4.extract_lane(v, 0), s0)).toBe(true);
      expect<bool>(same(f32x4.extract_lane(v, 1), s1)).toBe(true);
      expect<bool>(same(f32x4.extract_lane(v, 2), s2)).toBe(true);
      expect<bool>(same(f32x4.extract_lane(v, 3), s3)).toBe(true);
    }
  });

  it("overflows to +Infinity, underflows through the subnormals to 0, maps -Infinity to 0 and NaN to NaN", () => {
    expect<f32>(expF32(88.72283)).toBe(<f32>3.4027985e38);
    expect<f32>(expF32(88.7229)).toBe(Infinity);
    expect<f32>(expF32(Infinity)).toBe(Infinity);
    expect<bool>(expF32(-90) > 0 && expF32(-90) < <f32>1.17549435e-38).toBe(true); // subnormal, not flushed
    expect<f32>(expF32(-103.9)).toBe(<f32>1.4e-45);
    expect<f32>(expF32(-104)).toBe(0);
    expect<f32>(expF32(-Infinity)).toBe(0);
    expect<bool>(isNaN(expF32(NaN))).toBe(true);
    expect<f32>(expF32(0)).toBe(1);
    expect<f32>(expF32(-0.0)).toBe(1);
  });
});
