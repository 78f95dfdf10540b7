// Type-checked by tests/sdk/runtime/types.test.ts for a browser project: lib es2022 + dom, no @types/node and
// no esnext.disposable (so no `using` here, but Symbol.dispose must still be declared for the .d.ts).
import { init, key, normal } from "stochasm";

await init({ wasm: fetch(new URL("stochasm.simd.wasm", import.meta.url)) });
const x = normal(key(0), [2]);
x[Symbol.dispose]();
