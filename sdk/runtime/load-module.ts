// Loading the core in the "stochasm/module" entry, which embeds no wasm: the host gives the compiled module
// (Cloudflare Workers, Vercel Edge and Deno Deploy compile `import wasm from "stochasm/stochasm.simd.wasm"`
// themselves, and forbid compiling from bytes), or bytes / a Response where compiling is allowed.
import { info, install, instantiate, instantiateSync, mustLoad, readOptions, EDGE_FIX, type CoreInfo, type InitOptions, type InitSyncOptions } from "./instantiate.js";
import { StochasmError } from "../errors.js";

export { simdSupported, type CoreInfo, type InitOptions, type InitSyncOptions, type WasmSource } from "./instantiate.js";

function missing(name: string): StochasmError {
  return new StochasmError(
    `${name}(): the "stochasm/module" entry embeds no wasm; pass the module the host compiled:\n  ${EDGE_FIX}\n` +
      `or, where compiling from bytes is allowed, ${name}({ wasm: bytes or fetch(url of stochasm.simd.wasm) }), or import "stochasm" (embedded bytes)`,
  );
}

/**
 * Loads the core from `options.wasm`: a WebAssembly.Module (from any realm), bytes, or a (promised)
 * Response. Calling it again with the same module is a no-op (so an edge handler may await it per request).
 * @example
 * import wasm from "stochasm/stochasm.simd.wasm";   // Workers / wrangler: a compiled WebAssembly.Module
 * await init({ wasm });
 * await init();                                      // StochasmError: … embeds no wasm; pass the module …
 */
export async function init(options?: InitOptions): Promise<CoreInfo> {
  const { wasm } = readOptions(options, "init");
  if (wasm === undefined) throw missing("init");
  if (!mustLoad(null, true, wasm)) return info();
  const source = await wasm;
  return install(await instantiate(source, "init"), null, true, source);
}

/** Loads the core synchronously from `options.wasm`: a WebAssembly.Module (from any realm) or bytes. */
export function initSync(options?: InitSyncOptions): CoreInfo {
  const { wasm } = readOptions(options, "initSync");
  if (wasm === undefined) throw missing("initSync");
  if (!mustLoad(null, true, wasm)) return info();
  return install(instantiateSync(wasm, "initSync"), null, true, wasm);
}
