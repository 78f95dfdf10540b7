// Bundles the SDK into ESM and CJS, one file per module, with two entries sharing them (so both reach one core):
//   dist/stochasm.mjs|cjs         "stochasm": embeds the SIMD build (deflated, dist/runtime/embedded-simd.*); the
//                                 scalar build, dist/runtime/embedded-scalar.*, is imported only when needed
//   dist/module.mjs|cjs           "stochasm/module": embeds no wasm; init({ wasm }) with the host's module
// (plus "stochasm/node", a separate bundle below) and ships the plain .wasm files for hosts that compile them (Workers) or stream them (init({ wasm: fetch(url) })).
// sdk/module.ts is generated from sdk/index.ts by scripts/module-entry.mjs (npm run build:sdk runs it first).
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

// One output file per source module (preserveModules), so that a bundler drops the modules an app does not
// use ("sideEffects": false): an app importing init, key and normal no longer carries every op. Entries:
// dist/stochasm.* (sdk/index.ts) and dist/module.* (sdk/module.ts); the rest mirror sdk/ (dist/runtime/…).
const output = (format, ext) => ({
  dir: "dist",
  format,
  sourcemap: true,
  preserveModules: true,
  preserveModulesRoot: "sdk",
  entryFileNames: (chunk) => `${chunk.name === "index" ? "stochasm" : chunk.name}.${ext}`,
  ...(format === "cjs" ? { exports: "named" } : {}),
});

const ts = () => typescript({ tsconfig: "./tsconfig.json", compilerOptions: { noEmit: false, declaration: false, sourceMap: true, outDir: "dist" }, include: ["sdk/**/*.ts"] });

export default [
  {
    input: { stochasm: "sdk/index.ts", module: "sdk/module.ts" },
    output: [output("es", "mjs"), output("cjs", "cjs")],
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
