// Finishes dist/types after tsc (run by `npm run build:sdk`):
// 1. dist/types/wasm-module.d.ts, the type of `import wasm from "stochasm/stochasm.simd.wasm"` (a compiled
//    WebAssembly.Module on Workers, Vercel Edge and with wrangler / esbuild's "copy" + host compilation).
// 2. dist/types/**/*.d.cts beside the .d.ts files, for CommonJS consumers ("require" condition of the
// package exports): the package is "type": "module", so its .d.ts files describe ES modules, and a CJS
// project resolving them would be told it cannot require an ES module. Same declarations; relative
// specifiers "./x.js" become "./x.cjs", which TypeScript resolves to "./x.d.cts".
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

let count = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8").replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']*?)\.js\2/g, "$1$2$3.cjs$2");
      writeFileSync(path.replace(/\.d\.ts$/, ".d.cts"), text);
      count++;
    }
  }
}
writeFileSync(
  "dist/types/wasm-module.d.ts",
  "// The .wasm files of the package, as hosts that compile them at deploy time (Cloudflare Workers, Vercel Edge)\n" +
    "// import them: a compiled module to pass to init({ wasm }) of \"stochasm/module\".\n" +
    "declare global {\n  namespace WebAssembly {\n    interface Module {}\n  }\n}\ndeclare const wasm: WebAssembly.Module;\nexport default wasm;\n",
);
walk("dist/types");
console.log(`dist/types: ${count} .d.cts files for CommonJS consumers`);
