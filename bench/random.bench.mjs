// Uniform and normal float32 fills of 10^6 and 10^7 elements: stochasm (SIMD build, then the scalar
// build after initSync({ simd: false })) against a Math.random loop, Box–Muller in plain JS, @stdlib
// (random-base-randu / random-base-normal) loops and TensorFlow.js tf.randomUniform / tf.randomNormal
// on its wasm and cpu backends (dataSync() included, so the values really exist in JS-visible memory).
// Targets (issue 2): normal fill ≥ 10× @stdlib and ≥ 10× tfjs; uniform fill ≥ 3× a Math.random loop.
// Every stochasm call allocates its output tensor and disposes it, as tfjs does for its peers; the JS
// loops write into a preallocated Float32Array (which favours them slightly).
import { createRequire } from "node:module";
import { bench, main } from "./harness.mjs";
import { loadTf } from "./peers.mjs";
import { init, initSync, key, normal, uniform, randomBits } from "../dist/stochasm.mjs";

const require = createRequire(import.meta.url);
const SIZES = [1e6, 1e7];
const pow10 = (n) => `10^${Math.round(Math.log10(n))}`;

// --- plain-JS peers, writing into a preallocated array ---
function mathRandomFill(out) {
  for (let i = 0; i < out.length; i++) out[i] = Math.random();
}
// Box–Muller (Box & Muller 1958): two uniforms → two normals; 1 − u avoids log(0).
function boxMullerFill(out) {
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const theta = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
}

async function loadPeers() {
  const peers = {};
  try {
    peers.randu = require("@stdlib/random-base-randu");
    peers.stdNormal = require("@stdlib/random-base-normal");
  } catch (err) {
    console.warn(`@stdlib peers unavailable: ${err.message}`);
  }
  peers.tf = await loadTf();
  return peers;
}

// tf.random* on the given backend, read back with dataSync(), then disposed.
function tfCase(tf, backend, op, n) {
  return async () => {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
    const t = op === "normal" ? tf.randomNormal([n]) : tf.randomUniform([n]);
    t.dataSync();
    t.dispose();
  };
}

export async function run() {
  const peers = await loadPeers();
  const { tf, randu, stdNormal } = peers;
  const rows = [];
  const k = key(42);

  // The SIMD build (what init() picks on every engine with SIMD128).
  const info = await init();
  const build = info.simd ? "SIMD" : "scalar (no SIMD128 here)";
  for (const n of SIZES) {
    const buf = new Float32Array(n);
    const uniformCases = { [`stochasm uniform (${build})`]: () => uniform(k, [n]).dispose() };
    uniformCases["Math.random loop"] = () => mathRandomFill(buf);
    if (randu) uniformCases["@stdlib/random-base-randu loop"] = () => { for (let i = 0; i < n; i++) buf[i] = randu(); };
    if (tf) {
      uniformCases["tfjs randomUniform (wasm backend)"] = tfCase(tf, "wasm", "uniform", n);
      uniformCases["tfjs randomUniform (cpu backend)"] = tfCase(tf, "cpu", "uniform", n);
    }
    rows.push(...await bench({
      name: `uniform f32 fill, n = ${pow10(n)}`, items: n, cases: uniformCases,
      targets: { "Math.random loop": 3 },
    }));

    const normalCases = { [`stochasm normal (${build})`]: () => normal(k, [n]).dispose() };
    normalCases["Box–Muller (plain JS)"] = () => boxMullerFill(buf);
    if (stdNormal) normalCases["@stdlib/random-base-normal loop"] = () => { for (let i = 0; i < n; i++) buf[i] = stdNormal(0, 1); };
    if (tf) {
      normalCases["tfjs randomNormal (wasm backend)"] = tfCase(tf, "wasm", "normal", n);
      normalCases["tfjs randomNormal (cpu backend)"] = tfCase(tf, "cpu", "normal", n);
    }
    rows.push(...await bench({
      name: `normal f32 fill, n = ${pow10(n)}`, items: n, cases: normalCases,
      targets: {
        "@stdlib/random-base-normal loop": 10,
        "tfjs randomNormal (wasm backend)": 10,
        "tfjs randomNormal (cpu backend)": 10,
      },
    }));
  }

  // Where stochasm's time goes: raw Philox words vs uniform vs normal (same n, same build).
  const nStages = 1e6;
  const stages = {
    "normal (Box–Muller on the words)": () => normal(k, [nStages]).dispose(),
    "randomBits (Philox words only)": () => randomBits(k, [nStages]).dispose(),
    "uniform (words → f32)": () => uniform(k, [nStages]).dispose(),
  };
  rows.push(...await bench({ name: `stochasm stages (${build}; ours = the full normal fill), n = ${pow10(nStages)}`, items: nStages, cases: stages }));

  // The scalar build: same bits, no SIMD128 (what engines without SIMD run). The targets are
  // for the default (SIMD) build, so these tables show ratios without targets.
  if (info.simd) {
    initSync({ simd: false });
    for (const n of SIZES) {
      const buf = new Float32Array(n);
      rows.push(...await bench({
        name: `uniform f32 fill, scalar build, n = ${pow10(n)}`, items: n,
        cases: {
          "stochasm uniform (scalar)": () => uniform(k, [n]).dispose(),
          "Math.random loop": () => mathRandomFill(buf),
        },
      }));
      const normalCases = { "stochasm normal (scalar)": () => normal(k, [n]).dispose() };
      normalCases["Box–Muller (plain JS)"] = () => boxMullerFill(buf);
      if (stdNormal) normalCases["@stdlib/random-base-normal loop"] = () => { for (let i = 0; i < n; i++) buf[i] = stdNormal(0, 1); };
      rows.push(...await bench({
        name: `normal f32 fill, scalar build, n = ${pow10(n)}`, items: n, cases: normalCases,
      }));
    }
    rows.push(...await bench({
      name: `stochasm stages (scalar; ours = the full normal fill), n = ${pow10(nStages)}`, items: nStages, cases: stages,
    }));
  }
  return rows;
}

await main(import.meta.url, run);
