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

export default {
  input: "sdk/index.ts",
  output: [
    { file: "dist/stochasm.mjs", format: "es", sourcemap: true },
    { file: "dist/stochasm.cjs", format: "cjs", sourcemap: true, exports: "named" },
  ],
  plugins: [typescript({ tsconfig: "./tsconfig.json", compilerOptions: { noEmit: false, declaration: false, sourceMap: true }, include: ["sdk/**/*.ts"] }), copyWasm],
};
