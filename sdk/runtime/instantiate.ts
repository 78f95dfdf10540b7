// Instantiating the core from whatever the host gives: a compiled module (from any realm), bytes, or a
// Response. Shared by both entries ("stochasm", which also embeds the bytes, and "stochasm/module", which
// embeds none), so the two share one core. Plain WebAssembly.instantiate serves better than
// @assemblyscript/loader: only numbers and pointers cross the boundary, and the one import (abort) is a few
// lines — see README "Why not @assemblyscript/loader".
import { core, isInitialised, isSimd, setCore, type Core } from "./core.js";
import { memory, resetTracking } from "./memory.js";
import { StochasmError, describe, ownOptions } from "../errors.js";

declare global {
  // WebAssembly's types live in lib.dom, which Node-only projects (lib es2022 + @types/node) do not load;
  // the types name these, so declare them (empty: they merge with lib.dom's where present).
  namespace WebAssembly {
    interface Module {}
    interface Memory {}
    interface Instance {}
  }
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** Where the core's bytes come from. */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | PromiseLike<Response>;

export interface InitOptions {
  /**
   * A compiled module (`import wasm from "stochasm/stochasm.simd.wasm"` on Workers / Vercel Edge), bytes, or
   * a (promised) Response for dist/stochasm.simd.wasm or dist/stochasm.scalar.wasm. Default in the
   * "stochasm" entry: the embedded SIMD build (the scalar build is imported on demand); the
   * "stochasm/module" entry has no default and needs this.
   */
  wasm?: WasmSource;
  /** Use the SIMD128 build: true, false, or "auto" (default: probe with WebAssembly.validate). */
  simd?: boolean | "auto";
}

/** The options of initSync(): no Response (it is asynchronous). */
export type InitSyncOptions = Omit<InitOptions, "wasm"> & { wasm?: WebAssembly.Module | ArrayBuffer | ArrayBufferView };

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

const tag = (value: unknown): string => Object.prototype.toString.call(value);

/** Reads init()'s options as own properties (ownOptions); refuses anything but an object or undefined. */
export function readOptions(options: unknown, name: string): InitOptions {
  const { wasm, simd } = ownOptions(options as InitOptions | undefined, name);
  if (simd !== undefined && simd !== true && simd !== false && simd !== "auto") {
    throw new TypeError(`init: options.simd must be true, false or "auto", got ${describe(simd)}`);
  }
  return { wasm, simd };
}

/** Whether the options ask for the SIMD build (probing when "auto"). */
export function wantSimd(options: InitOptions, name: string): boolean {
  const simd = options.simd ?? "auto";
  if (simd === "auto") return simdSupported();
  if (simd && !simdSupported()) throw new StochasmError(`${name}({ simd: true }): this engine does not support WebAssembly SIMD128`);
  return simd;
}

// Duck-typed rather than instanceof: a module, buffer or Response made in another realm (an iframe, a
// node:vm context, the host of an edge runtime) fails instanceof against this realm's constructors.
/** Whether `value` is a compiled WebAssembly.Module, from this realm or another. */
export function isWasmModule(value: unknown): boolean {
  return tag(value) === "[object WebAssembly.Module]";
}

function isBytes(value: unknown): boolean {
  return ArrayBuffer.isView(value) || tag(value) === "[object ArrayBuffer]" || tag(value) === "[object SharedArrayBuffer]";
}

function isResponse(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as Response).arrayBuffer === "function" && typeof (value as Response).headers?.get === "function";
}

const EXPECTED = "a WebAssembly.Module, an ArrayBuffer / typed array, or a Response";

/** The one-line fix for hosts that compile only the modules they load themselves. */
export const EDGE_FIX = `import { init } from "stochasm/module";  import wasm from "stochasm/stochasm.simd.wasm";  await init({ wasm });`;

function withCause(error: StochasmError, cause: unknown): StochasmError {
  Object.defineProperty(error, "cause", { value: cause, writable: true, configurable: true });
  return error;
}

// V8 (workerd, Vercel Edge, node:vm with codeGeneration.wasm = false) says "Wasm code generation disallowed
// by embedder"; browsers under a Content-Security-Policy without 'wasm-unsafe-eval' name the policy.
function explainCompileError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (/Content.Security.Policy|\bCSP\b/i.test(message)) {
    return withCause(new StochasmError(`this page's Content-Security-Policy forbids compiling WebAssembly (${message}). Add 'wasm-unsafe-eval' to its script-src directive, e.g. Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`), error);
  }
  if (/disallowed by embedder|code generation/i.test(message)) {
    return withCause(new StochasmError(`this host forbids compiling WebAssembly from bytes (${message}), as Cloudflare Workers and Vercel Edge do. Let the host compile the .wasm file and pass the module to the "stochasm/module" entry (which embeds no bytes):\n  ${EDGE_FIX}\nSee https://github.com/stochasm/stochasm#running-at-the-edge`), error);
  }
  return error;
}

function imports(memoryOf: () => WebAssembly.Memory | null): WebAssembly.Imports {
  const readString = (ptr: number): string => {
    const mem = memoryOf();
    if (mem === null || ptr === 0) return "";
    const bytes = mem.buffer.byteLength;
    if (ptr < 4 || ptr >= bytes) return "";
    const length = new Uint32Array(mem.buffer, ptr - 4, 1)[0] >>> 1;
    if (ptr + length * 2 > bytes) return "";
    return String.fromCharCode(...new Uint16Array(mem.buffer, ptr, length));
  };
  return {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        throw new StochasmError(`stochasm core aborted: ${readString(message)} (${readString(file)}:${line}:${column})`);
      },
    },
  };
}

// The imports of one instance, and attach() to give its abort() the memory to read messages from.
function newImports(): { imports: WebAssembly.Imports; attach(instance: WebAssembly.Instance): WebAssembly.Instance } {
  let mem: WebAssembly.Memory | null = null;
  return {
    imports: imports(() => mem),
    attach(instance) {
      mem = (instance.exports as Core).memory;
      return instance;
    },
  };
}

/** Instantiates the core from a module, bytes or a Response; explains a host that forbids compiling. */
export async function instantiate(source: unknown, name: string): Promise<WebAssembly.Instance> {
  const { imports, attach } = newImports();
  if (isWasmModule(source)) return attach(await WebAssembly.instantiate(source as WebAssembly.Module, imports));
  try {
    if (isResponse(source)) {
      const response = source as Response;
      if (typeof WebAssembly.instantiateStreaming === "function" && response.headers.get("content-type") === "application/wasm") {
        return attach((await WebAssembly.instantiateStreaming(response, imports)).instance);
      }
      return attach((await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance);
    }
    if (isBytes(source)) return attach((await WebAssembly.instantiate(source as BufferSource, imports)).instance);
  } catch (error) {
    throw explainCompileError(error);
  }
  throw new TypeError(`${name}({ wasm }): expected ${EXPECTED}, got ${source === null ? "null" : typeof source === "object" ? tag(source) : describe(source)}`);
}

/** Instantiates the core synchronously from a module or bytes. */
export function instantiateSync(source: unknown, name: string): WebAssembly.Instance {
  const { imports, attach } = newImports();
  if (isWasmModule(source)) return attach(new WebAssembly.Instance(source as WebAssembly.Module, imports));
  if (!isBytes(source)) {
    throw new TypeError(`${name}({ wasm }): expected a WebAssembly.Module or an ArrayBuffer / typed array, got ${source === null ? "null" : typeof source === "object" ? tag(source) : describe(source)}`);
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(source as BufferSource);
  } catch (error) {
    throw explainCompileError(error);
  }
  return attach(new WebAssembly.Instance(module, imports));
}

// What is loaded: which build (null when the caller gave the module or bytes), whether it was custom, and
// the module given (so `await init({ wasm })` on every request of an edge function loads it once).
let loadedSimd: boolean | null = null;
let loadedCustom = false;
let loadedModule: WebAssembly.Module | null = null;

/**
 * Whether init() has to load a core: false when the same build is already running. Re-initialising
 * replaces the core and invalidates its tensors, so it is refused while any are alive. Checked before
 * loading and again right before installing (tensors may have been made while init() awaited).
 */
export function mustLoad(simd: boolean | null, custom: boolean, source?: unknown): boolean {
  if (!isInitialised()) return true;
  if (!custom && !loadedCustom && loadedSimd === simd) return false;
  if (custom && loadedCustom && loadedModule !== null && source === loadedModule) return false;
  const live = memory().tensors;
  if (live > 0) {
    throw new StochasmError(`cannot re-initialise stochasm with a different core while ${live} tensor(s) are alive; dispose them first`);
  }
  return true;
}

/** Installs an instantiated core (refusing if tensors appeared meanwhile) and reports what runs. */
export function install(instance: WebAssembly.Instance, simd: boolean | null, custom: boolean, source?: unknown): CoreInfo {
  if (!mustLoad(simd, custom, source)) return info();
  const exports = instance.exports as Core;
  resetTracking();
  setCore(exports, exports.simdEnabled() === 1);
  loadedSimd = simd;
  loadedCustom = custom;
  loadedModule = isWasmModule(source) ? (source as WebAssembly.Module) : null;
  return info();
}

/** What runs now. */
export function info(): CoreInfo {
  return { simd: isSimd(), streamVersion: core().streamVersion() as number };
}
