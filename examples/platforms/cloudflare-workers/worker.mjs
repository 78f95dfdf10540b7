// Cloudflare Workers (and workerd): the host compiles the .wasm file at deploy time and forbids compiling
// WebAssembly from bytes at run time, so use the "stochasm/module" entry (no embedded wasm) and hand it the
// module. wrangler bundles this file; its default rules turn `*.wasm` imports into compiled modules.
// Tested under workerd by tests/runtimes/edge.test.ts.   GET /?seed=7 → { seed, simd, samples: [4 normals] }
import { init, key, normal } from "stochasm/module";
import wasm from "stochasm/stochasm.simd.wasm";

export default {
  async fetch(request) {
    const info = await init({ wasm }); // instantiates once; later requests reuse the core (same module)
    const seed = Number(new URL(request.url).searchParams.get("seed") ?? 0);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) return Response.json({ error: `seed must be an integer in [0, 2^32), got ${seed}` }, { status: 400 });
    const x = normal(key(seed), [4]);
    try {
      return Response.json({ seed, simd: info.simd, samples: Array.from(x.toArray()) });
    } finally {
      x.dispose();
    }
  },
};
