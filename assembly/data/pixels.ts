// Image bytes to network inputs: x = (b / 255 − mean) / std in f32, the order of torchvision's ToTensor()
// then Normalize(mean, std), so the same mean and std give torch's bits. mean = 0, std = 1 gives b / 255.

/**
 * out: n f32; pixels: n u8. out[i] = (f32(pixels[i]) / 255 − mean) / std, 16 bytes per step with SIMD
 * (IEEE division and subtraction lane by lane: the same bits as pixelsToF32Ref).
 * @example pixel 255 with mean 0, std 1 → 1; pixel 0 with mean 0.1307, std 0.3081 → −0.42421296
 */
export function pixelsToF32(out: usize, pixels: usize, n: i32, mean: f32, std: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const d = f32x4.splat(255);
    const m = f32x4.splat(mean);
    const s = f32x4.splat(std);
    for (; i + 16 <= n; i += 16) {
      const b = v128.load(pixels + <usize>i);
      const lo = i16x8.extend_low_i8x16_u(b);
      const hi = i16x8.extend_high_i8x16_u(b);
      const o = out + (<usize>i << 2);
      v128.store(o, f32x4.div(f32x4.sub(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo)), d), m), s));
      v128.store(o, f32x4.div(f32x4.sub(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo)), d), m), s), 16);
      v128.store(o, f32x4.div(f32x4.sub(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(hi)), d), m), s), 32);
      v128.store(o, f32x4.div(f32x4.sub(f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(hi)), d), m), s), 48);
    }
  }
  pixelsToF32Tail(out, pixels, i, n, mean, std);
}

/** Scalar sibling of pixelsToF32 (and the scalar build's path): the same bits. */
export function pixelsToF32Ref(out: usize, pixels: usize, n: i32, mean: f32, std: f32): void {
  pixelsToF32Tail(out, pixels, 0, n, mean, std);
}

// @ts-ignore: decorator
@inline function pixelsToF32Tail(out: usize, pixels: usize, from: i32, n: i32, mean: f32, std: f32): void {
  for (let i = from; i < n; i++) {
    store<f32>(out + (<usize>i << 2), (<f32>load<u8>(pixels + <usize>i) / <f32>255 - mean) / std);
  }
}
