import { subStreamBegin, subStreamNextU32 } from "../../../assembly/rng/stream";
import { philoxBlock, philoxOut0, philoxOut1, philoxOut2, philoxOut3 } from "../../../assembly/rng/philox";
import { gammaFillF64, gammaFillFrom } from "../../../assembly/sample/gamma-fill";
import { squeezeAccepts, squeezeCoefficient, standardGamma4, TINY_F64 } from "../../../assembly/sample/gamma";
import { logGammaFillSimd } from "../../../assembly/sample/gamma-simd";
import { betaFillF64, betaFillF64Ref } from "../../../assembly/sample/beta";
import { aliasTableBuildF64, categoricalCdfF64, categoricalInverseCdfI32 } from "../../../assembly/sample/categorical";
import { standardGammaGrad } from "../../../assembly/sample/implicit-grad";
import { mvnAffineF64 } from "../../../assembly/sample/multivariate-normal";

function f64s(values: f64[]): usize {
  const p = heap.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) store<f64>(p + (<usize>i << 3), values[i]);
  return p;
}

// z²/2 + d·(1 − v + log v) with v = (1 + t)³, t = c·z, as 3d·(log(1 + t) − t + t²/2 − t³/3) (the z² terms
// cancel exactly), by its series Σ_{k≥4} (−1)^{k+1} t^k/k when |t| < 0.01 so that nothing cancels.
function acceptanceExponent(t: f64, d: f64): f64 {
  if (Math.abs(t) >= 0.01) return 3.0 * d * (Math.log1p(t) - t + 0.5 * t * t - t * t * t / 3.0);
  let sum = 0.0;
  let power = t * t * t;
  for (let k = 4; k < 24; k++) {
    power *= t;
    sum += (k % 2 == 0 ? -power : power) / <f64>k;
  }
  return 3.0 * d * sum;
}

describe("gamma sampler", () => {
  it("reads sub-stream block k of element e as Philox counter (k, e, tag, 1), the layout of rng/stream.ts", () => {
    subStreamBegin(7, 9, 123, 0x67616d6d);
    for (let k: u32 = 0; k < 3; k++) {
      philoxBlock(k, 123, 0x67616d6d, 1, 7, 9);
      const w0 = philoxOut0, w1 = philoxOut1, w2 = philoxOut2, w3 = philoxOut3;
      expect(subStreamNextU32()).toBe(w0);
      expect(subStreamNextU32()).toBe(w1);
      expect(subStreamNextU32()).toBe(w2);
      expect(subStreamNextU32()).toBe(w3);
    }
  });

  it("squeezes only attempts inside the acceptance region log u < z²/2 + d·(1 − v + log v), for every d and z", () => {
    // The region's edge u* = exp(z²/2 + d·(1 − v + log v)) is evaluated accurately (the computed log test
    // cancels to noise as z → 0). No u just above it may be squeezed (a q below 1/(108d), or the bound
    // without its t < 0 factor, squeezes some), while the squeeze still takes u at its own boundary.
    const alphas: f64[] = [1.0, 1.05, 1.5, 2.5, 10.0, 100.0, 1e4];
    let squeezed = 0, probed = 0;
    for (let a = 0; a < alphas.length; a++) {
      const d = alphas[a] - 1.0 / 3.0;
      const c = 1.0 / Math.sqrt(9.0 * d);
      const q = squeezeCoefficient(d);
      for (let i = 1; i <= 4000; i++) {
        const z = -1.0 / c + (5.8 + 1.0 / c) * <f64>i / 4000.0;
        const w = 1.0 + c * z;
        const outside = Math.exp(acceptanceExponent(c * z, d)) * (1.0 + 1e-12);
        if (outside < 1.0) {
          probed++;
          expect(squeezeAccepts(outside, z, w, q)).toBe(false, `d = ${d}, z = ${z}, u = ${outside}`);
        }
        if (squeezeAccepts(1.0 - q * z * z * z * z / Math.min(1.0, w) - 1e-9, z, w, q)) squeezed++;
      }
    }
    expect(probed).toBeGreaterThan(20000);
    expect(squeezed).toBeGreaterThan(20000);
  });

  it("gives positive draws that do not depend on how the fill is split", () => {
    const alpha = f64s([0.3, 2.5, 100.0]);
    const rate = f64s([1.0, 1.0, 1.0]);
    const whole = heap.alloc(9 * 8);
    const part = heap.alloc(9 * 8);
    gammaFillF64(whole, 0, 9, 1, 2, alpha, rate, 3);
    gammaFillF64(part, 0, 3, 1, 2, alpha, rate, 3);
    gammaFillF64(part + 24, 3, 6, 1, 2, alpha, rate, 3);
    for (let i = 0; i < 9; i++) {
      expect(load<f64>(whole + (<usize>i << 3))).toBeGreaterThan(0.0);
      expect(load<f64>(part + (<usize>i << 3))).toBe(load<f64>(whole + (<usize>i << 3)));
    }
  });

  it("gives the same bits from the SIMD path (gamma-simd.ts) as from the per-element reference, for one α and per-element α and rates", () => {
    // one α per call (count 1), batches whose count divides the chunk of 384 (parameters filled once) or
    // not (refilled per chunk), α < 1 and ≥ 1 mixed, per-element rates, and invalid α (NaN draws)
    const sets: f64[][] = [[1e-3], [0.3], [0.999], [1.0], [2.5], [100.0], [1e9], [0.2, 3.0], [2.0, 0.5, 7.0, 1.0],
      [0.05, 1.5, 0.7, 40.0, 2.0, 0.9, 5.0], [2.0, 0.0, -1.0, NaN, 0.5]];
    const n = 1000; // not a multiple of the chunk: a partial chunk, and a scalar tail of 0 elements
    const fast = heap.alloc(n * 8);
    const ref = heap.alloc(n * 8);
    for (let s = 0; s < sets.length; s++) {
      const count = sets[s].length;
      const alpha = f64s(sets[s]);
      const rates: f64[] = [];
      for (let j = 0; j < count; j++) rates.push(0.5 + <f64>j);
      const rate = f64s(rates);
      gammaFillF64(fast, 5, n, 11, 13, alpha, rate, count);
      gammaFillFrom(ref, false, 5, 0, n, 11, 13, alpha, rate, count, TINY_F64);
      for (let i = 0; i < n; i++) {
        const x = load<f64>(fast + (<usize>i << 3)), y = load<f64>(ref + (<usize>i << 3));
        if (isNaN(y)) expect(isNaN(x)).toBe(true, `set ${s}, element ${i}`);
        else expect(reinterpret<u64>(x)).toBe(reinterpret<u64>(y), `set ${s}, element ${i}`);
      }
    }
  });

  it("gives log G in logGammaFillSimd with the bits of standardGamma4(…, asLog), boost added in log space", () => {
    // α down to 1e-300 (G(α + 1)·U^{1/α} underflows; its log does not), count 7 (refilled per chunk)
    const alphas: f64[] = [1e-300, 0.01, 0.5, 1.0, 3.5, 0.0, 250.0];
    const n = 800;
    const fast = heap.alloc(n * 8);
    const alpha4 = heap.alloc(32);
    const ref4 = heap.alloc(32);
    const alpha = f64s(alphas);
    logGammaFillSimd(fast, 0x64697269, 3, n, 21, 22, alpha, alphas.length);
    for (let i = 0; i < n; i += 4) {
      for (let l = 0; l < 4; l++) store<f64>(alpha4 + (<usize>l << 3), alphas[(i + l) % alphas.length]);
      standardGamma4(ref4, 21, 22, 3 + <u32>i, 0x64697269, alpha4, true);
      for (let l = 0; l < 4; l++) {
        const x = load<f64>(fast + (<usize>(i + l) << 3)), y = load<f64>(ref4 + (<usize>l << 3));
        if (isNaN(y)) expect(isNaN(x)).toBe(true, `element ${i + l}`);
        else expect(reinterpret<u64>(x)).toBe(reinterpret<u64>(y), `element ${i + l}`);
      }
    }
    expect(load<f64>(fast)).toBeLessThan(-1e280); // log G for α = 1e-300: about log(1 − U)/α, finite
    expect(isFinite(load<f64>(fast))).toBe(true);
  });

  it("gives Beta draws in betaFillF64's vector rounds with the bits of its scalar reference", () => {
    // G_β starts after G_α's last block (its boost's for α < 1), element by element; invalid α or β: NaN
    const alphas: f64[] = [2.0, 0.5, 1e-3, 0.01, 100.0, 1.0, 0.0];
    const betas: f64[] = [5.0, 0.5, 1e-3, 50.0, 0.3, 1.0, 2.0];
    const n = 900;
    const fast = heap.alloc(n * 8);
    const ref = heap.alloc(n * 8);
    const a = f64s(alphas), b = f64s(betas);
    betaFillF64(fast, 7, n, 31, 32, a, b, alphas.length);
    betaFillF64Ref(ref, 7, n, 31, 32, a, b, alphas.length);
    for (let i = 0; i < n; i++) {
      const x = load<f64>(fast + (<usize>i << 3)), y = load<f64>(ref + (<usize>i << 3));
      if (isNaN(y)) expect(isNaN(x)).toBe(true, `element ${i}`);
      else expect(reinterpret<u64>(x)).toBe(reinterpret<u64>(y), `element ${i}`);
    }
  });

  it("gives the implicit gradient −(∂P(α, z)/∂α)/p(z) at α = 1, z = 1 to 1e-13 of mpmath", () => {
    expect(Math.abs(standardGammaGrad(1.0, 1.0) - 1.173563027224726935)).toBeLessThan(1e-13);
  });
});

describe("categorical samplers", () => {
  it("builds alias tables whose columns reproduce the probabilities", () => {
    const probs = f64s([0.1, 0.2, 0.3, 0.4]);
    const prob = heap.alloc(32);
    const alias = heap.alloc(16);
    const work = heap.alloc(32);
    aliasTableBuildF64(prob, alias, probs, 1, 4, work);
    // P(k) = (prob[k] + Σ_{j: alias[j] = k} (1 − prob[j])) / K
    for (let k = 0; k < 4; k++) {
      let mass = load<f64>(prob + (<usize>k << 3));
      for (let j = 0; j < 4; j++) {
        if (j != k && load<i32>(alias + (<usize>j << 2)) == k) mass += 1.0 - load<f64>(prob + (<usize>j << 3));
      }
      expect(Math.abs(mass / 4.0 - load<f64>(probs + (<usize>k << 3)))).toBeLessThan(1e-15);
    }
  });

  it("never returns a zero-probability category by inversion", () => {
    const probs = f64s([0.25, 0.0, 0.75, 0.0]);
    const cdf = heap.alloc(32);
    categoricalCdfF64(cdf, probs, 1, 4);
    const out = heap.alloc(4 * 1000);
    categoricalInverseCdfI32(out, 0, 1000, 3, 4, cdf, 4, 1);
    for (let i = 0; i < 1000; i++) {
      const v = load<i32>(out + (<usize>i << 2));
      expect(v == 0 || v == 2).toBe(true);
    }
  });
});

describe("multivariate normal", () => {
  it("maps z to μ + L·z", () => {
    const out = heap.alloc(16);
    mvnAffineF64(out, f64s([1.0, 1.0]), f64s([0.0, 0.0]), f64s([1.0, 0.0, 0.8, 0.6]), 1, 2, 1, 1);
    expect(load<f64>(out)).toBe(1.0);
    expect(Math.abs(load<f64>(out, 8) - 1.4)).toBeLessThan(1e-15);
  });
});
