// Serves examples/platforms/vercel-edge/route.mjs (a Next.js edge route handler) as a Worker: workerd
// enforces the same rule as Vercel's edge runtime (no compiling from bytes; `….wasm?module` is compiled
// by the host), so the route runs here unchanged.
import { GET } from "./route.mjs";

export default { fetch: GET };
