// Bundles the SDK (with both wasm builds inlined as base64) into ESM and CJS, and ships the plain .wasm
// files beside them for hosts that prefer streaming compilation: init({ wasm: fetch(url) }).
import typescript from "@rollup/plugin-typescript";
import { copyFileSync, mkdirSync } from "node:fs";

const copyWasm = {
  name: "copy-wasm",
  writeBundle() {
    mkdirSync("dist", { recursive: true });
    copyFileSync("build/stochasm.simd.wasm", "dist/stochasm.simd.wasm");
    copyFileSync("build/stochasm.scalar.wasm", "dist/stochasm.scalar.wasm");
  },
};

const ts = () => typescript({ tsconfig: "./tsconfig.json", compilerOptions: { noEmit: false, declaration: false, sourceMap: true }, include: ["sdk/**/*.ts"] });

export default [
  {
    input: "sdk/index.ts",
    output: [
      { file: "dist/stochasm.mjs", format: "es", sourcemap: true },
      { file: "dist/stochasm.cjs", format: "cjs", sourcemap: true, exports: "named" },
    ],
    plugins: [ts(), copyWasm],
  },
  // stochasm/node: file reading and gunzip for Node, Deno and Bun (node: built-ins stay imports). It bundles
  // only pure modules (IDX parsing, MNIST checks), never the core, so it shares no state with the main bundle.
  {
    input: "sdk/node.ts",
    external: [/^node:/],
    output: [
      { file: "dist/node.mjs", format: "es", sourcemap: true },
      { file: "dist/node.cjs", format: "cjs", sourcemap: true, exports: "named" },
    ],
    plugins: [ts()],
  },
];
