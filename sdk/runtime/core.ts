// The instantiated core: its exports and memory. Everything that calls into WASM goes through core().
import { StochasmError } from "../errors.js";

/** The WASM exports: every kernel re-exported by assembly/index.ts, plus `memory`. */
// deno-lint-ignore no-explicit-any
export type Core = Record<string, any> & { memory: WebAssembly.Memory };

let current: Core | null = null;
let currentSimd = false;
let generation = 0;

/** The running core; throws a clear error when init() has not been called. */
export function core(): Core {
  if (current === null) {
    throw new StochasmError("stochasm is not initialised: call `await init()` (or `initSync()`) first");
  }
  return current;
}

/** Whether a core is loaded. */
export function isInitialised(): boolean {
  return current !== null;
}

/** Whether the running core is the SIMD128 build. */
export function isSimd(): boolean {
  return currentSimd;
}

/** Increments on every (re)initialisation: tensors remember the generation they belong to. */
export function coreGeneration(): number {
  return generation;
}

/** Installs a freshly instantiated core (used by load.ts). */
export function setCore(exports: Core, simd: boolean): void {
  current = exports;
  currentSimd = simd;
  generation++;
}
