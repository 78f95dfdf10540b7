// A Worker that imports the plain "stochasm" entry (embedded bytes) — what a new user tries first. Under
// workerd, as on Cloudflare, compiling from bytes is forbidden: it answers with init()'s error message and,
// as evidence that the host really forbids it, the engine's own error for a minimal module compiled directly.
import { init } from "stochasm";

export default {
  async fetch() {
    let direct = "compiled";
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    } catch (error) {
      direct = `${error.name}: ${error.message}`;
    }
    try {
      await init();
      return Response.json({ direct, init: "loaded" });
    } catch (error) {
      return Response.json({ direct, init: `${error.name}: ${error.message}` });
    }
  },
};
