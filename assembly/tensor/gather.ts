// Integer indexing along one axis and the scatter-adds that are their gradients. The SDK validates every index
// (0 ≤ idx < axis) before the call. src is seen as (outer, axis, inner) row-major.
//   select: out (outer, k, inner) = src[o, idx[j], i]          (indexSelect, take on a flattened src)
//   gather: out (outer, k, inner) = src[o, idx[o, j, i], i]    (torch.gather with index of out's shape)
// The adds accumulate into a buffer the caller zeroed, in index order j = 0, 1, …: a fixed order, so repeated
// indices sum the same way in every build.

// @ts-ignore: decorator
@inline function select<T>(out: usize, src: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  const shift = alignof<T>();
  const rowBytes = <usize>inner << shift;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const at = load<i32>(idx + (<usize>j << 2));
      memory.copy(out + (<usize>(o * k + j)) * rowBytes, src + (<usize>o * <usize>axis + <usize>at) * rowBytes, rowBytes);
    }
  }
}

/** indexSelect of 4-byte elements (f32 or i32). */
export function selectAxis32(out: usize, src: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  select<u32>(out, src, idx, outer, axis, k, inner);
}
/** indexSelect of 8-byte elements (f64). */
export function selectAxis64(out: usize, src: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  select<u64>(out, src, idx, outer, axis, k, inner);
}

// out (outer, axis, inner) += g (outer, k, inner) at rows idx[j].
// @ts-ignore: decorator
@inline function selectAdd<T>(out: usize, g: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  const shift = alignof<T>();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const at = load<i32>(idx + (<usize>j << 2));
      const po = out + (((<usize>o * <usize>axis + <usize>at) * <usize>inner) << shift);
      const pg = g + (((<usize>o * <usize>k + <usize>j) * <usize>inner) << shift);
      for (let i = 0; i < inner; i++) {
        const off = <usize>i << shift;
        store<T>(po + off, load<T>(po + off) + load<T>(pg + off));
      }
    }
  }
}

/** The gradient of indexSelect over f32: out[o, idx[j], i] += g[o, j, i]. */
export function selectAxisAddF32(out: usize, g: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  selectAdd<f32>(out, g, idx, outer, axis, k, inner);
}
/** The gradient of indexSelect over f64. */
export function selectAxisAddF64(out: usize, g: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  selectAdd<f64>(out, g, idx, outer, axis, k, inner);
}

// @ts-ignore: decorator
@inline function gather<T>(out: usize, src: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  const shift = alignof<T>();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const row = <usize>(o * k + j) * <usize>inner;
      for (let i = 0; i < inner; i++) {
        const at = load<i32>(idx + ((row + <usize>i) << 2));
        const s = (<usize>o * <usize>axis + <usize>at) * <usize>inner + <usize>i;
        store<T>(out + ((row + <usize>i) << shift), load<T>(src + (s << shift)));
      }
    }
  }
}

/** torch.gather of 4-byte elements along the middle axis of (outer, axis, inner). */
export function gatherAxis32(out: usize, src: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  gather<u32>(out, src, idx, outer, axis, k, inner);
}
/** torch.gather of 8-byte elements. */
export function gatherAxis64(out: usize, src: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  gather<u64>(out, src, idx, outer, axis, k, inner);
}

// out (outer, axis, inner) += g (outer, k, inner) at out[o, idx[o, j, i], i]: torch.scatter_add.
// @ts-ignore: decorator
@inline function gatherAdd<T>(out: usize, g: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  const shift = alignof<T>();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const row = <usize>(o * k + j) * <usize>inner;
      for (let i = 0; i < inner; i++) {
        const at = load<i32>(idx + ((row + <usize>i) << 2));
        const d = out + (((<usize>o * <usize>axis + <usize>at) * <usize>inner + <usize>i) << shift);
        store<T>(d, load<T>(d) + load<T>(g + ((row + <usize>i) << shift)));
      }
    }
  }
}

/** scatterAdd over f32 (the gradient of gather). */
export function scatterAddAxisF32(out: usize, g: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  gatherAdd<f32>(out, g, idx, outer, axis, k, inner);
}
/** scatterAdd over f64. */
export function scatterAddAxisF64(out: usize, g: usize, idx: usize, outer: i32, axis: i32, k: i32, inner: i32): void {
  gatherAdd<f64>(out, g, idx, outer, axis, k, inner);
}

// Products along the middle axis of (outer, axis, inner), accumulated in f64 in index order, rounded once.
// @ts-ignore: decorator
@inline function prodAxis<T>(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  const shift = alignof<T>();
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let p: f64 = 1;
      for (let a = 0; a < axis; a++) {
        p *= <f64>load<T>(x + (((<usize>o * <usize>axis + <usize>a) * <usize>inner + <usize>i) << shift));
      }
      store<T>(out + ((<usize>o * <usize>inner + <usize>i) << shift), <T>(p != p ? NaN : p));
    }
  }
}

/** ∏ x along the middle axis (f32 data, f64 accumulation). */
export function prodF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  prodAxis<f32>(out, x, outer, axis, inner);
}
/** ∏ x along the middle axis (f64). */
export function prodF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  prodAxis<f64>(out, x, outer, axis, inner);
}
