// Vercel Edge Functions (Next.js route handler, app/api/normal/route.mjs): like Workers, the edge runtime
// forbids compiling WebAssembly from bytes; Vercel compiles `import … from "….wasm?module"` at build time.
// The handler is the same Web-standard fetch(request) → Response as on Workers.
import { init, key, normal } from "stochasm/module";
import wasm from "stochasm/stochasm.simd.wasm?module";

export const runtime = "edge";

export async function GET(request) {
  await init({ wasm });
  const seed = Number(new URL(request.url).searchParams.get("seed") ?? 0);
  const x = normal(key(seed), [4]);
  try {
    return Response.json({ seed, samples: Array.from(x.toArray()) });
  } finally {
    x.dispose();
  }
}
