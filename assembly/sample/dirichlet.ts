// Dirichlet(α) samples: x_j = G_j / Σ_k G_k with G_j ~ Gamma(α_j, 1) (Marsaglia & Tsang 2000, see
// sample/gamma.ts). Component j of row r is output element e = start + r·K + j and draws its Gamma from
// its own sub-stream (tag "diri"), so every element is a pure function of (key, e). The SIMD build
// draws whole quads in gamma-rounds.ts's vector rounds, the rest four at a time by standardGamma4: the
// same bits. Normalised in log space (subtract the row's largest log G, sum in order j = 0 … K−1) so
// tiny α do not underflow to 0/0.
import { standardGamma4, TINY_F32, TINY_F64 } from "./gamma";
import { logGammaFillSimd } from "./gamma-simd";
import { expF64x2 } from "../math/expd";

// @ts-ignore: decorator
@inline const TAG_DIRICHLET: u32 = 0x64697269; // "diri"

const quad: usize = memory.data(64, 16);

/**
 * out: (rows, K) f64. Rows of Dirichlet(α): row r uses α = concentration[(r mod paramRows)·K … +K−1]
 * (f64, all > 0). `start` is the flat element index of out[0][0] in the key's stream (a multiple of K
 * when continuing a draw).
 * @example concentration = [1, 1, 1]: rows uniform on the 2-simplex, component means 1/3.
 */
export function dirichletFillF64(out: usize, start: u32, rows: i32, k0: u32, k1: u32, concentration: usize, k: i32, paramRows: i32): void {
  dirichletFill(out, start, rows, k0, k1, concentration, k, paramRows, TINY_F64);
}

/** out: (rows, K) f32. As dirichletFillF64 rounded to f32; scratch holds rows·K f64. */
export function dirichletFillF32(out: usize, start: u32, rows: i32, k0: u32, k1: u32, concentration: usize, k: i32, paramRows: i32, scratch: usize): void {
  dirichletFill(scratch, start, rows, k0, k1, concentration, k, paramRows, TINY_F32);
  const n = rows * k;
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>load<f64>(scratch + (<usize>i << 3)));
}

function dirichletFill(out: usize, start: u32, rows: i32, k0: u32, k1: u32, concentration: usize, k: i32, paramRows: i32, tiny: f64): void {
  const n = rows * k;
  const alpha4 = quad;
  const g4 = quad + 32;
  const period = paramRows * k;
  // log G for every element: with SIMD the first 4·⌊n/4⌋ by logGammaFillSimd's vector rounds, then four
  // at a time by standardGamma4 (padding lanes use α = 1 and are discarded); the same bits
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    i = n & ~3;
    logGammaFillSimd(out, TAG_DIRICHLET, start, i, k0, k1, concentration, period);
  }
  let p = i % period; // parameter index of element i: i mod (paramRows·K)
  for (; i < n; i += 4) {
    const m = min(4, n - i);
    let pp = p;
    for (let l = 0; l < 4; l++) {
      store<f64>(alpha4 + (<usize>l << 3), l < m ? load<f64>(concentration + (<usize>pp << 3)) : 1.0);
      if (++pp == period) pp = 0;
    }
    standardGamma4(g4, k0, k1, start + <u32>i, TAG_DIRICHLET, alpha4, true);
    for (let l = 0; l < m; l++) store<f64>(out + (<usize>(i + l) << 3), load<f64>(g4 + (<usize>l << 3)));
    p = pp;
  }
  for (let r = 0; r < rows; r++) {
    const row = out + ((<usize>r * <usize>k) << 3);
    let mx = -Infinity;
    for (let j = 0; j < k; j++) mx = max(mx, load<f64>(row + (<usize>j << 3)));
    // e^{log G − max}: two at a time with SIMD (expF64x2 gives Math.exp's bits), then summed in order
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const vmax = f64x2.splat(mx);
      for (; j + 2 <= k; j += 2) {
        const q = row + (<usize>j << 3);
        v128.store(q, expF64x2(f64x2.sub(v128.load(q), vmax)));
      }
    }
    for (; j < k; j++) {
      const q = row + (<usize>j << 3);
      store<f64>(q, Math.exp(load<f64>(q) - mx));
    }
    let s = 0.0;
    for (let j = 0; j < k; j++) s += load<f64>(row + (<usize>j << 3));
    const inv = 1.0 / s;
    for (let j = 0; j < k; j++) {
      const q = row + (<usize>j << 3);
      const x = load<f64>(q) * inv;
      store<f64>(q, x < tiny ? tiny : x);
    }
  }
}
