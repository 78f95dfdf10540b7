// Finding and instantiating the core in any runtime. Plain WebAssembly.instantiate serves better than
// @assemblyscript/loader here: no managed objects cross the boundary (only numbers and pointers), and the
// one import the core needs (abort) is a few lines — see README "Why not @assemblyscript/loader".
import { core, isInitialised, isSimd, setCore, type Core } from "./core.js";
import { memory, resetTracking } from "./memory.js";
import { decodeBase64 } from "./base64.js";
import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from "./embedded-wasm.js";
import { describe, ownOptions, StochasmError } from "../errors.js";

/** Where the core's bytes come from. */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | PromiseLike<Response>;

export interface InitOptions {
  /**
   * A compiled module, bytes, or a (promised) Response for the .wasm file (dist/stochasm.simd.wasm or
   * dist/stochasm.scalar.wasm). Default: the bytes embedded in the package.
   */
  wasm?: WasmSource;
  /** Use the SIMD128 build: true, false, or "auto" (default: probe with WebAssembly.validate). */
  simd?: boolean | "auto";
}

/** What init() loaded. */
export interface CoreInfo {
  /** Whether the SIMD128 build runs. */
  simd: boolean;
  /** The random stream id (see README "Stream version"); bits of every sampler are pinned to it. */
  streamVersion: number;
}

// The smallest module using a v128 instruction (i8x16.splat + i8x16.popcnt), as wasm-feature-detect does.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Whether this engine supports WebAssembly SIMD128. */
export function simdSupported(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

let instanceMemory: WebAssembly.Memory | null = null;

function readAbortString(ptr: number): string {
  if (instanceMemory === null || ptr === 0) return "";
  const bytes = instanceMemory.buffer.byteLength;
  if (ptr < 4 || ptr >= bytes) return "";
  const length = new Uint32Array(instanceMemory.buffer, ptr - 4, 1)[0] >>> 1;
  if (ptr + length * 2 > bytes) return "";
  return String.fromCharCode(...new Uint16Array(instanceMemory.buffer, ptr, length));
}

function imports(): WebAssembly.Imports {
  return {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        throw new StochasmError(`stochasm core aborted: ${readAbortString(message)} (${readAbortString(file)}:${line}:${column})`);
      },
    },
  };
}

function wantSimd(options: InitOptions): boolean {
  const simd = options.simd ?? "auto";
  if (simd !== "auto" && typeof simd !== "boolean") throw new TypeError(`init: options.simd must be true, false or "auto", got ${describe(simd)}`);
  if (simd === "auto") return simdSupported();
  if (simd && !simdSupported()) throw new StochasmError("init({ simd: true }): this engine does not support WebAssembly SIMD128");
  return simd;
}

function embeddedBytes(simd: boolean): Uint8Array {
  return decodeBase64(simd ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64);
}

function install(instance: WebAssembly.Instance): CoreInfo {
  const exports = instance.exports as Core;
  instanceMemory = exports.memory;
  resetTracking();
  const simd = exports.simdEnabled() === 1;
  setCore(exports, simd);
  return info();
}

function info(): CoreInfo {
  return { simd: isSimd(), streamVersion: core().streamVersion() as number };
}

let loadedSimd: boolean | null = null;
let loadedCustom = false;

// Re-initialising replaces the core and invalidates its tensors: refuse while any are alive.
function mayReplace(simd: boolean | null, custom: boolean): boolean {
  if (!isInitialised()) return true;
  if (!custom && !loadedCustom && loadedSimd === simd) return false;
  const live = memory().tensors;
  if (live > 0) {
    throw new StochasmError(`cannot re-initialise stochasm with a different core while ${live} tensor(s) are alive; dispose them first`);
  }
  return true;
}

/**
 * Loads the core. Works in Node, Deno, Bun, browsers and edge functions. Calling it again with the same
 * options is a no-op.
 * @example
 * await init();                                  // embedded bytes, SIMD when supported
 * await init({ wasm: fetch("/stochasm.simd.wasm") });
 * await init({ simd: false });                   // the scalar build (same bits)
 */
export async function init(options: InitOptions = {}): Promise<CoreInfo> {
  options = ownOptions(options, "init");
  const custom = options.wasm !== undefined;
  const simd = custom ? null : wantSimd(options);
  if (!mayReplace(simd, custom)) return info();
  let instance: WebAssembly.Instance;
  const source = await options.wasm;
  if (source === undefined) {
    instance = (await WebAssembly.instantiate(embeddedBytes(simd!) as BufferSource, imports())).instance;
  } else if (source instanceof WebAssembly.Module) {
    instance = await WebAssembly.instantiate(source, imports());
  } else if (typeof Response !== "undefined" && source instanceof Response) {
    if (typeof WebAssembly.instantiateStreaming === "function" && source.headers.get("content-type") === "application/wasm") {
      instance = (await WebAssembly.instantiateStreaming(source, imports())).instance;
    } else {
      instance = (await WebAssembly.instantiate(await source.arrayBuffer(), imports())).instance;
    }
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    instance = (await WebAssembly.instantiate(source as BufferSource, imports()) as unknown as WebAssembly.WebAssemblyInstantiatedSource).instance;
  } else {
    throw new TypeError("init({ wasm }): expected a WebAssembly.Module, an ArrayBuffer / typed array, or a Response");
  }
  // Tensors made (or another init finished) while this one awaited compilation: check again before replacing.
  if (!mayReplace(simd, custom)) return info();
  loadedSimd = simd;
  loadedCustom = custom;
  return install(instance);
}

/**
 * Loads the core synchronously (Node, Deno, Bun, workers; browsers refuse synchronous compilation of
 * modules above 4 KB on the main thread).
 */
export function initSync(options: Omit<InitOptions, "wasm"> & { wasm?: WebAssembly.Module | ArrayBuffer | ArrayBufferView } = {}): CoreInfo {
  options = ownOptions(options, "initSync");
  const custom = options.wasm !== undefined;
  const simd = custom ? null : wantSimd(options);
  if (!mayReplace(simd, custom)) return info();
  const source = options.wasm;
  const module = source instanceof WebAssembly.Module
    ? source
    : new WebAssembly.Module((source ?? embeddedBytes(simd!)) as BufferSource);
  loadedSimd = simd;
  loadedCustom = custom;
  return install(new WebAssembly.Instance(module, imports()));
}
