// Deno and Deno Deploy allow compiling WebAssembly from bytes, so the plain entry works: its embedded SIMD
// build is compiled at the first init(). Run with `deno serve --allow-read main.mjs` (Deno resolves
// "stochasm" from npm: or from node_modules); tested by tests/runtimes/edge.test.ts.
import { init, key, normal } from "stochasm";

const info = await init();

export default {
  fetch(request) {
    const seed = Number(new URL(request.url).searchParams.get("seed") ?? 0);
    const x = normal(key(seed), [4]);
    try {
      return Response.json({ seed, simd: info.simd, samples: Array.from(x.toArray()) });
    } finally {
      x.dispose();
    }
  },
};
