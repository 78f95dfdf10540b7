// The peers every benchmark loads the same way: TensorFlow.js with its wasm backend (one thread, SIMD when
// the engine has it; in Node its .wasm is read from the package's dist/ folder) and cpu backend, and
// deterministic input data.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * TensorFlow.js with the wasm backend active and the cpu backend registered, or null (with a warning) when
 * it cannot load. `withGradients` loads @tensorflow/tfjs (core + cpu + gradients, for tf.grad) instead of
 * tfjs-core, whose Node CJS bundle registers no gradients.
 */
export async function loadTf({ withGradients = false } = {}) {
  try {
    let tf;
    if (withGradients) {
      tf = require("@tensorflow/tfjs");
    } else {
      tf = require("@tensorflow/tfjs-core");
      require("@tensorflow/tfjs-backend-cpu");
    }
    const wasm = require("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(`${join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist")}/`);
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    if (typeof wasm.setThreadsCount === "function") wasm.setThreadsCount(1);
    await tf.setBackend("wasm");
    await tf.ready();
    if (!(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"))) console.warn("tfjs-wasm runs without SIMD here");
    return tf;
  } catch (err) {
    console.warn(`tfjs peers unavailable: ${err.message}`);
    return null;
  }
}

/** Deterministic float32 values in (lo, hi) from a 32-bit LCG. */
export function values(count, seed, lo = -1, hi = 1) {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * (s / 2 ** 32);
  }
  return out;
}
