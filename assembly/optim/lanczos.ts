// One Lanczos step's orthogonalisation (Lanczos 1950; full reorthogonalisation as in Golub & Van Loan §10.3):
// basis: (j + 1) × n f64 rows q_0 … q_j (unit, orthogonal); w = H·q_j on entry. Computes α = q_jᵀw, then
// w ← w − Σ_i (q_iᵀw)·q_i over i ≤ j twice (classical Gram–Schmidt, repeated: "twice is enough"), and returns
// α; ‖w‖ is left for the SDK to read via lanczosNormF64. Dot products use dotLanes: same bits in both builds.
import { at, dotLanes } from "./table";

// @ts-ignore: decorator
@inline function lanczosOrthogonalize(w: usize, basis: usize, j: i32, n: i32, simd: bool): f64 {
  const row = <usize>n << 3;
  const alpha = dotLanes<f64>(basis + <usize>j * row, w, n, simd);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i <= j; i++) {
      const q = basis + <usize>i * row;
      const c = dotLanes<f64>(q, w, n, simd);
      let k = 0;
      if (ASC_FEATURE_SIMD && simd) {
        const vc = f64x2.splat(c);
        for (; k + 2 <= n; k += 2) v128.store(at<f64>(w, k), f64x2.sub(v128.load(at<f64>(w, k)), f64x2.mul(vc, v128.load(at<f64>(q, k)))));
      }
      for (; k < n; k++) store<f64>(at<f64>(w, k), load<f64>(at<f64>(w, k)) - c * load<f64>(at<f64>(q, k)));
    }
  }
  return alpha;
}

/** See the file comment. w: n f64 (in place), basis: (j + 1) × n f64. Returns α_j. */
export function lanczosOrthogonalizeF64(w: usize, basis: usize, j: i32, n: i32): f64 { return lanczosOrthogonalize(w, basis, j, n, true); }
/** The plain sibling of lanczosOrthogonalizeF64: same bits. */
export function lanczosOrthogonalizeF64Ref(w: usize, basis: usize, j: i32, n: i32): f64 { return lanczosOrthogonalize(w, basis, j, n, false); }

/** β = ‖w‖₂ of n f64; when β > 0 writes the next basis row out = w/β. Returns β. */
export function lanczosNormalizeF64(out: usize, w: usize, n: i32): f64 {
  const norm = Math.sqrt(dotLanes<f64>(w, w, n, true));
  if (norm > 0) for (let k = 0; k < n; k++) store<f64>(at<f64>(out, k), load<f64>(at<f64>(w, k)) / norm);
  return norm;
}
