// The public surface of stochasm. Nothing is defined here.
export { init, initSync, simdSupported, type InitOptions, type CoreInfo, type WasmSource } from "./runtime/load.js";
export { memory, scope, keep, type MemoryInfo } from "./runtime/memory.js";
export { Tensor, tensor, empty, zeros, full, setLeakWarnings, type DType } from "./tensor.js";
export { StochasmError, DisposedTensorError } from "./errors.js";
export { Key, key, split, foldIn, philox4x32 } from "./random/key.js";
export { uniform, normal, truncatedNormal, randint, bernoulli, rademacher, randomBits, type DrawOptions } from "./random/sample.js";
export { Generator } from "./random/generator.js";
