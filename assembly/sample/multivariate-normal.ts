// Multivariate normal N(μ, Σ = L·Lᵀ) by the affine map x = μ + L·z of standard normals z (the caller fills z
// with normalFillF32 / normalFillF64), and the closed forms that need only L: entropy, Σ itself and KL(p‖q)
// (the log-density, from L⁻¹ computed once, is in ./mvn-log-prob.ts). Row r of a batch uses loc row
// r mod locRows and factor r mod trilRows. Every sum runs j = 0, 1, … in order (same bits in both builds).
//   H        = (d/2)(1 + log 2π) + Σ_i log L_ii
//   KL(p‖q)  = Σ log Lq_ii − Σ log Lp_ii + ½(‖Lq⁻¹Lp‖²_F + ‖Lq⁻¹(μq − μp)‖² − d)

// @ts-ignore: decorator
@inline const LOG_2PI: f64 = 1.8378770664093453;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline function rowPtr(p: usize, r: i32, size: i32): usize { return p + ((<usize>r * <usize>size) << 3); }

/**
 * out = μ + L·z, f64. out, z: (rows, d); loc: (locRows, d); scaleTril: (trilRows, d, d) lower triangular
 * (entries above the diagonal are not read). out may not alias z.
 * @example d = 2, L = [[1, 0], [0.8, 0.6]], μ = 0: z = (1, 1) gives x = (1, 1.4).
 */
export function mvnAffineF64(out: usize, z: usize, loc: usize, scaleTril: usize, rows: i32, d: i32, locRows: i32, trilRows: i32): void {
  let lr = 0;
  let tr = 0;
  for (let r = 0; r < rows; r++) {
    const zr = rowPtr(z, r, d);
    const mu = rowPtr(loc, lr, d);
    const l = rowPtr(scaleTril, tr, d * d);
    const o = rowPtr(out, r, d);
    for (let i = 0; i < d; i++) {
      const li = l + ((<usize>i * <usize>d) << 3);
      let s = at(mu, i);
      for (let j = 0; j <= i; j++) s += at(li, j) * at(zr, j);
      put(o, i, s);
    }
    if (++lr == locRows) lr = 0;
    if (++tr == trilRows) tr = 0;
  }
}

/** As mvnAffineF64 with z and out f32 (loc and scaleTril f64; each output summed in f64, then rounded). */
export function mvnAffineF32(out: usize, z: usize, loc: usize, scaleTril: usize, rows: i32, d: i32, locRows: i32, trilRows: i32): void {
  let lr = 0;
  let tr = 0;
  for (let r = 0; r < rows; r++) {
    const zr = z + ((<usize>r * <usize>d) << 2);
    const mu = rowPtr(loc, lr, d);
    const l = rowPtr(scaleTril, tr, d * d);
    const o = out + ((<usize>r * <usize>d) << 2);
    for (let i = 0; i < d; i++) {
      const li = l + ((<usize>i * <usize>d) << 3);
      let s = at(mu, i);
      for (let j = 0; j <= i; j++) s += at(li, j) * <f64>load<f32>(zr + (<usize>j << 2));
      store<f32>(o + (<usize>i << 2), <f32>s);
    }
    if (++lr == locRows) lr = 0;
    if (++tr == trilRows) tr = 0;
  }
}

/**
 * The backward pass of x = μ + L·z: gLoc[b] += ḡ_r and gTril[b] += tril(ḡ_r·z_rᵀ) over the rows r that
 * use batch element b (r mod batch), in row order. gLoc: (batch, d) f64; gTril: (batch, d, d) f64, both
 * zeroed by the caller (entries above the diagonal stay 0: they are not parameters); grad (ḡ = ∂ℓ/∂x),
 * z: (rows, d) f64.
 * @example d = 1, batch = 1, rows z = (1, 2), ḡ = (3, 4): gLoc = 7, gTril = 3·1 + 4·2 = 11.
 */
export function mvnAffineBackwardF64(gLoc: usize, gTril: usize, grad: usize, z: usize, rows: i32, d: i32, batch: i32): void {
  mvnAffineBackward<f64>(gLoc, gTril, grad, z, rows, d, batch);
}

/** As mvnAffineBackwardF64 with grad and z f32 (accumulated in f64). */
export function mvnAffineBackwardF32(gLoc: usize, gTril: usize, grad: usize, z: usize, rows: i32, d: i32, batch: i32): void {
  mvnAffineBackward<f32>(gLoc, gTril, grad, z, rows, d, batch);
}

// @ts-ignore: decorator
@inline function mvnAffineBackward<T>(gLoc: usize, gTril: usize, grad: usize, z: usize, rows: i32, d: i32, batch: i32): void {
  for (let r = 0, b = 0; r < rows; r++) {
    const gr = grad + ((<usize>r * <usize>d) << alignof<T>());
    const zr = z + ((<usize>r * <usize>d) << alignof<T>());
    const mu = rowPtr(gLoc, b, d);
    const l = rowPtr(gTril, b, d * d);
    for (let i = 0; i < d; i++) {
      const gi = <f64>load<T>(gr + (<usize>i << alignof<T>()));
      put(mu, i, at(mu, i) + gi);
      const li = l + ((<usize>i * <usize>d) << 3);
      for (let j = 0; j <= i; j++) put(li, j, at(li, j) + gi * <f64>load<T>(zr + (<usize>j << alignof<T>())));
    }
    if (++b == batch) b = 0;
  }
}

/** Σ_i log L_ii of one factor l: (d, d) f64 (½ log det Σ). */
export function halfLogDet(l: usize, d: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < d; i++) s += Math.log(at(l, i * d + i));
  return s;
}

// y ← L⁻¹·y in place (forward substitution), y: d f64.
function forwardSubstitute(y: usize, l: usize, d: i32): void {
  for (let i = 0; i < d; i++) {
    const li = l + ((<usize>i * <usize>d) << 3);
    let s = at(y, i);
    for (let j = 0; j < i; j++) s -= at(li, j) * at(y, j);
    put(y, i, s / at(li, i));
  }
}

/** Entropy per factor: out: rows f64, scaleTril: (rows, d, d). */
export function mvnEntropyF64(out: usize, scaleTril: usize, rows: i32, d: i32): void {
  for (let r = 0; r < rows; r++) {
    put(out, r, 0.5 * <f64>d * (1.0 + LOG_2PI) + halfLogDet(rowPtr(scaleTril, r, d * d), d));
  }
}

/** Σ = L·Lᵀ per factor (full, symmetric): out, scaleTril: (rows, d, d) f64. Σ_ij = Σ_{k≤min(i,j)} L_ik·L_jk. */
export function lowerGramF64(out: usize, scaleTril: usize, rows: i32, d: i32): void {
  for (let r = 0; r < rows; r++) {
    const l = rowPtr(scaleTril, r, d * d);
    const o = rowPtr(out, r, d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0.0;
        for (let k = 0; k <= j; k++) s += at(l, i * d + k) * at(l, j * d + k);
        put(o, i * d + j, s);
        put(o, j * d + i, s);
      }
    }
  }
}

/**
 * KL(N(μp, Lp·Lpᵀ) ‖ N(μq, Lq·Lqᵀ)) per row. out: rows f64; locP, locQ: (rows, d); trilP, trilQ:
 * (rows, d, d) (already broadcast to rows); scratch: d f64.
 */
export function mvnKlF64(out: usize, locP: usize, trilP: usize, locQ: usize, trilQ: usize, rows: i32, d: i32, scratch: usize): void {
  for (let r = 0; r < rows; r++) {
    const lp = rowPtr(trilP, r, d * d);
    const lq = rowPtr(trilQ, r, d * d);
    // ‖Lq⁻¹·Lp‖²_F, column by column (column j of Lp is zero above row j)
    let frob = 0.0;
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < d; i++) put(scratch, i, at(lp, i * d + j));
      forwardSubstitute(scratch, lq, d);
      for (let i = 0; i < d; i++) frob += at(scratch, i) * at(scratch, i);
    }
    const mp = rowPtr(locP, r, d);
    const mq = rowPtr(locQ, r, d);
    for (let i = 0; i < d; i++) put(scratch, i, at(mq, i) - at(mp, i));
    forwardSubstitute(scratch, lq, d);
    let maha = 0.0;
    for (let i = 0; i < d; i++) maha += at(scratch, i) * at(scratch, i);
    put(out, r, halfLogDet(lq, d) - halfLogDet(lp, d) + 0.5 * (frob + maha - <f64>d));
  }
}
