// Dirichlet(α) samples: x_j = G_j / Σ_k G_k with G_j ~ Gamma(α_j, 1) (Marsaglia & Tsang 2000, see
// sample/gamma.ts). Component j of row r is output element e = start + r·K + j and draws its Gamma from
// its own sub-stream (tag "diri"), so every element is a pure function of (key, e). Normalised in log
// space (subtract the row's largest log G first, sum in order j = 0 … K−1) so tiny α do not underflow.
import { logStandardGammaElement, TINY_F32, TINY_F64 } from "./gamma";

// @ts-ignore: decorator
@inline const TAG_DIRICHLET: u32 = 0x64697269; // "diri"

// Writes one row of K components as f64 into `row` (f64 scratch or output).
function dirichletRow(row: usize, k0: u32, k1: u32, first: u32, alpha: usize, k: i32, tiny: f64): void {
  let m = -Infinity;
  for (let j = 0; j < k; j++) {
    const lg = logStandardGammaElement(k0, k1, first + <u32>j, TAG_DIRICHLET, load<f64>(alpha + (<usize>j << 3)));
    store<f64>(row + (<usize>j << 3), lg);
    if (lg > m) m = lg;
  }
  let s = 0.0;
  for (let j = 0; j < k; j++) {
    const p = row + (<usize>j << 3);
    const e = Math.exp(load<f64>(p) - m);
    store<f64>(p, e);
    s += e;
  }
  const inv = 1.0 / s;
  for (let j = 0; j < k; j++) {
    const p = row + (<usize>j << 3);
    const x = load<f64>(p) * inv;
    store<f64>(p, x < tiny ? tiny : x);
  }
}

/**
 * out: (rows, K) f64. Rows of Dirichlet(α): row r uses α = concentration[(r mod paramRows)·K … +K−1]
 * (f64, all > 0). `start` is the flat element index of out[0][0] in the key's stream (a multiple of K
 * when continuing a draw).
 * @example concentration = [1, 1, 1]: rows uniform on the 2-simplex, component means 1/3.
 */
export function dirichletFillF64(out: usize, start: u32, rows: i32, k0: u32, k1: u32, concentration: usize, k: i32, paramRows: i32): void {
  let pr = 0;
  for (let r = 0; r < rows; r++) {
    const first = start + <u32>r * <u32>k;
    dirichletRow(out + ((<usize>r * <usize>k) << 3), k0, k1, first, concentration + ((<usize>pr * <usize>k) << 3), k, TINY_F64);
    if (++pr == paramRows) pr = 0;
  }
}

/** out: (rows, K) f32. As dirichletFillF64 rounded to f32; scratch holds K f64. */
export function dirichletFillF32(out: usize, start: u32, rows: i32, k0: u32, k1: u32, concentration: usize, k: i32, paramRows: i32, scratch: usize): void {
  let pr = 0;
  for (let r = 0; r < rows; r++) {
    const first = start + <u32>r * <u32>k;
    dirichletRow(scratch, k0, k1, first, concentration + ((<usize>pr * <usize>k) << 3), k, TINY_F32);
    const o = out + ((<usize>r * <usize>k) << 2);
    for (let j = 0; j < k; j++) store<f32>(o + (<usize>j << 2), <f32>load<f64>(scratch + (<usize>j << 3)));
    if (++pr == paramRows) pr = 0;
  }
}
