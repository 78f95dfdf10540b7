// The ABI: the only file that exports to JS. It re-exports kernels and defines nothing.
export { heapAlloc, heapFree, zeroFill, simdEnabled } from "./runtime/heap";
export { streamVersion, randomBitsFill, philoxBlockTo, splitKeys, foldInKey } from "./rng/stream";
export { uniformFillF32, uniformRangeFillF32, uniformFillF64, randintFillI32, bernoulliFillF32, rademacherFillF32 } from "./sample/uniform";
export { normalFillF32, truncatedNormalFillF32, normalFillF64, affineInPlaceF32 } from "./sample/normal";
