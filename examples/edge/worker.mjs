// Cloudflare Workers: the host compiles the .wasm import at deploy time (compiling from bytes is forbidden at
// run time), so the handler gets the module. `npx wrangler dev` / `npx wrangler deploy` in this directory.
import wasm from "stochasm/stochasm.simd.wasm";
import { createHandler } from "./handler.mjs";

export default createHandler({ wasm });
