// The SDK's allocator: TLSF from the AssemblyScript runtime ("minimal"), so freed blocks are reused and
// create/dispose cycles keep memory flat. Blocks are 16-byte aligned, as v128 loads prefer.

/** Allocates `bytes` (≥ 0) of uninitialised memory; returns the pointer. */
export function heapAlloc(bytes: usize): usize {
  return heap.alloc(bytes < 16 ? 16 : bytes);
}

/** Returns a block from heapAlloc to the allocator. */
export function heapFree(ptr: usize): void {
  heap.free(ptr);
}

/** Fills `bytes` bytes at `ptr` with zero. */
export function zeroFill(ptr: usize, bytes: usize): void {
  memory.fill(ptr, 0, bytes);
}

/** 1 in the SIMD128 build, 0 in the scalar build. */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
