// A served model: one Web-standard `fetch(request) → Response` handler for the digits model, the same file
// under Cloudflare Workers (workerd), Deno.serve, Bun.serve and Node (worker.mjs and server.mjs only say
// where the wasm comes from). Tested by tests/runtimes/serve.test.ts.
//
//   POST /  Content-Type: application/json  body: [784 grey values in [0, 1]]  (28×28, row-major, 0 = black
//           background and 1 = full ink as in MNIST; divide 0–255 bytes by 255 first)
//   200 → { prediction, probabilities[10], uncertainty: { predictiveEntropy, aleatoric, epistemic,
//           totalVariance[10], aleatoricVariance[10], epistemicVariance[10] }, passes, key }
//   4xx → { error: "what was wrong, with the rule" }
//   GET /health → { tensors, bytes, wasmBytes, passes }: memory() after loading the model (tensors stays at
//           the model's 4 however many requests were served)
//
// Uncertainty comes from Monte Carlo dropout: the network runs `passes` times with dropout on, each pass a
// different dropout mask, and uncertaintyDecomposition splits the spread of the passes' class probabilities
// into aleatoric (E[H[p_s]], what every pass finds ambiguous) and epistemic parts (mutual information, the
// passes' disagreement), in nats. The dropout key is the SHA-256 of the pixels as float32, so the same digit
// gets the same answer, bit for bit, from every runtime.
import { init, key, foldIn, tensor, expand, reshape, softmax, uncertaintyDecomposition, scope, memory, loadSafetensors } from "stochasm/module";
import * as stochasm from "stochasm/module";
import { digitsNet } from "./model-def.mjs";
import MODEL from "./model.mjs";

/** Monte Carlo dropout passes per digit: 64 fit Cloudflare's 10 ms of CPU with room to spare (measured in serve.test.ts). */
export const PASSES = 64;
/** Largest accepted body: 784 numbers at full float64 precision ("0.12345678901234567," or "1.2345678901234567e-5,") take ≤ 19 kB. */
export const MAX_BODY_BYTES = 32 * 1024;
const PIXELS = 784;

const fail = (status, error, headers = {}) => Response.json({ error }, { status, headers });

// Reads the body up to `limit` bytes; null when it is longer (the rest is not read).
async function readCapped(request, limit) {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
  return bytes;
}

// The 784 pixels as float32, or a string saying what is wrong.
function parsePixels(bytes) {
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    return `the body must be JSON (an array of ${PIXELS} numbers in [0, 1]): ${error.message}`;
  }
  if (!Array.isArray(value)) return `the body must be a JSON array of ${PIXELS} numbers in [0, 1] (28×28 grey values, row-major), got ${value === null ? "null" : typeof value}`;
  if (value.length !== PIXELS) return `the body must hold ${PIXELS} numbers (28×28 grey values), got ${value.length}`;
  const pixels = new Float32Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) {
    const v = value[i];
    if (typeof v !== "number") return `pixel ${i} must be a number in [0, 1], got ${JSON.stringify(v)}`;
    if (!(v >= 0 && v <= 1)) return `pixel ${i} must be in [0, 1] (grey value / 255), got ${v}`;
    pixels[i] = v;
  }
  return pixels;
}

// 64 bits of SHA-256(pixels as float32 little-endian) as a key.
async function keyOf(pixels) {
  const digest = new DataView(await crypto.subtle.digest("SHA-256", pixels));
  const seed = (BigInt(digest.getUint32(4, true)) << 32n) | BigInt(digest.getUint32(0, true));
  return { k: key(seed), hex: seed.toString(16).padStart(16, "0") };
}

const round = (x) => Number(x.toPrecision(9));

/**
 * The handler, loading the core from `wasm` (a WebAssembly.Module, or bytes where compiling is allowed) and
 * the weights from model.mjs at the first request.
 */
export function createHandler({ wasm, passes = PASSES }) {
  let loading = null;
  const ready = () => (loading ??= load().catch((error) => { loading = null; throw error; }));
  const load = async () => {
    await init({ wasm });
    const net = digitsNet(stochasm, key(0));
    const bytes = Uint8Array.from(atob(MODEL), (c) => c.charCodeAt(0));
    const { tensors } = loadSafetensors(bytes);
    try {
      net.loadStateDict(tensors);
    } finally {
      for (const t of Object.values(tensors)) t.dispose();
    }
    return net.train(); // dropout on: every pass draws its mask from the request's key
  };

  /** Class probabilities and their uncertainty for 784 pixels in [0, 1]; plain numbers, no tensors left. */
  const predict = (model, pixels, k) => scope(() => {
    const x = expand(tensor(pixels, [1, PIXELS]), [passes, PIXELS]);
    const probs = softmax(model.forward(x, { key: foldIn(k, 0) }));
    const u = uncertaintyDecomposition(reshape(probs, [passes, 1, 10]));
    const mean = Array.from(u.meanProbs.toArray(), round);
    return {
      prediction: mean.indexOf(Math.max(...mean)),
      probabilities: mean,
      uncertainty: {
        predictiveEntropy: round(u.predictiveEntropy.item()),
        aleatoric: round(u.expectedEntropy.item()),
        epistemic: round(u.mutualInformation.item()),
        totalVariance: Array.from(u.totalVariance.toArray(), round),
        aleatoricVariance: Array.from(u.aleatoricVariance.toArray(), round),
        epistemicVariance: Array.from(u.epistemicVariance.toArray(), round),
      },
    };
  });

  return {
    predict: async (pixels) => predict(await ready(), pixels, (await keyOf(pixels)).k),
    async fetch(request) {
      if (request.method === "GET" && new URL(request.url).pathname === "/health") {
        await ready();
        return Response.json({ ...memory(), passes });
      }
      if (request.method !== "POST") return fail(405, `use POST with a JSON array of ${PIXELS} grey values in [0, 1]; got ${request.method}`, { allow: "POST" });
      const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (type !== "application/json") return fail(415, `Content-Type must be application/json, got ${JSON.stringify(type || "(none)")}`);
      const declared = Number(request.headers.get("content-length") ?? 0);
      if (declared > MAX_BODY_BYTES) return fail(413, `the body may hold at most ${MAX_BODY_BYTES} bytes, Content-Length says ${declared}`);
      const bytes = await readCapped(request, MAX_BODY_BYTES);
      if (bytes === null) return fail(413, `the body may hold at most ${MAX_BODY_BYTES} bytes`);
      const pixels = parsePixels(bytes);
      if (typeof pixels === "string") return fail(400, pixels);
      const model = await ready();
      const { k, hex } = await keyOf(pixels);
      return Response.json({ ...predict(model, pixels, k), passes, key: hex });
    },
  };
}
