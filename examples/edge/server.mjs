// Deno (`deno serve --allow-read server.mjs`), Bun (`bun server.mjs`: Bun.serve runs a default export with a
// fetch method) and Node through a node:http adapter
// (`node tests/runtimes/edge/node-serve.mjs examples/edge/server.mjs`): these runtimes may compile from bytes, so the handler gets
// the wasm file's bytes.
import { readFile } from "node:fs/promises";
import { createHandler } from "./handler.mjs";

const wasm = await readFile(new URL(import.meta.resolve("stochasm/stochasm.simd.wasm")));

export default createHandler({ wasm });
