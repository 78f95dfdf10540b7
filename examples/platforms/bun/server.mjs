// Bun: the plain entry (embedded SIMD build). `bun server.mjs` serves the default export with Bun.serve;
// tested by tests/runtimes/edge.test.ts.
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
