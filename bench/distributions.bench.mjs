// Normal(μ, σ) sampling and log-density throughput: stochasm (SIMD build; Normal.sample and Normal.logProb,
// each allocating its output tensor and disposing it) against @stdlib (random-base-normal and
// stats-base-dists-normal-logpdf, in a loop into a preallocated array), plain JS loops (Box–Muller on
// Math.random; the log-density formula) and TensorFlow.js tf.randomNormal (cpu backend, dataSync()
// included). tfjs has no normal log-density op, so it has no logProb row. Target (issue 4): ≥ 5× the best
// JS peer. The plain-JS loops use V8's unkeyed Math.random: not reproducible across runtimes — a speed
// floor, not a like-for-like. Gamma, categorical and MVN are in distributions-sampling.bench.mjs.
import { createRequire } from "node:module";
import { bench, main } from "./harness.mjs";
import { init, key, Normal } from "../dist/stochasm.mjs";

const require = createRequire(import.meta.url);
const MU = 1.5;
const SIGMA = 2;
const HALF_LOG_2PI = 0.9189385332046728;

function boxMullerInto(out, mu, sigma) {
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const theta = 2 * Math.PI * Math.random();
    out[i] = mu + sigma * r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = mu + sigma * r * Math.sin(theta);
  }
}

function logPdfInto(out, x, mu, sigma) {
  const c = Math.log(sigma) + HALF_LOG_2PI;
  for (let i = 0; i < x.length; i++) {
    const z = (x[i] - mu) / sigma;
    out[i] = -0.5 * z * z - c;
  }
}

async function loadPeers() {
  const peers = {};
  try {
    peers.normal = require("@stdlib/random-base-normal");
    peers.logpdf = require("@stdlib/stats-base-dists-normal-logpdf");
  } catch (err) {
    console.warn(`@stdlib peers unavailable: ${err.message}`);
  }
  try {
    peers.tf = require("@tensorflow/tfjs-core");
    require("@tensorflow/tfjs-backend-cpu");
    await peers.tf.setBackend("cpu");
    await peers.tf.ready();
  } catch (err) {
    console.warn(`tfjs unavailable: ${err.message}`);
    peers.tf = null;
  }
  return peers;
}

const targetsOf = (cases) => Object.fromEntries(Object.keys(cases).slice(1).map((c) => [c, 5]));

export async function run() {
  const { normal, logpdf, tf } = await loadPeers();
  await init();
  const rows = [];
  const n = 1e6;
  const d = new Normal(MU, SIGMA);

  for (const dtype of ["float32", "float64"]) {
    const buf = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    let seed = 0;
    const cases = {
      [`stochasm Normal.sample (${dtype})`]: () => d.sample(key(seed++), [n], { dtype }).dispose(),
      "Box–Muller (JS, Math.random)": () => boxMullerInto(buf, MU, SIGMA),
    };
    if (normal) {
      const draw = normal.factory(MU, SIGMA, { seed: 1 });
      cases["@stdlib/random-base-normal"] = () => { for (let i = 0; i < n; i++) buf[i] = draw(); };
    }
    if (tf && dtype === "float32") {
      cases["tf.randomNormal (cpu)"] = () => { const t = tf.randomNormal([n], MU, SIGMA, "float32", seed++); t.dataSync(); t.dispose(); };
    }
    rows.push(...await bench({ name: `Normal(${MU}, ${SIGMA}) sample ${dtype}, n = 10^6`, items: n, cases, targets: targetsOf(cases) }));
  }

  for (const dtype of ["float32", "float64"]) {
    const x = d.sample(key(99), [n], { dtype });
    const xs = x.toArray();
    const buf = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    const cases = {
      [`stochasm Normal.logProb (${dtype})`]: () => d.logProb(x).dispose(),
      "log-density formula (JS loop)": () => logPdfInto(buf, xs, MU, SIGMA),
    };
    if (logpdf) {
      const f = logpdf.factory(MU, SIGMA);
      cases["@stdlib/stats-base-dists-normal-logpdf"] = () => { for (let i = 0; i < n; i++) buf[i] = f(xs[i]); };
    }
    const targets = targetsOf(cases);
    // not a peer: the memory traffic alone (read n values, write n), the floor of any elementwise kernel
    cases["memory floor: copy (TypedArray.set, not a peer)"] = () => buf.set(xs);
    rows.push(...await bench({ name: `Normal(${MU}, ${SIGMA}) logProb ${dtype}, n = 10^6`, items: n, cases, targets }));
    x.dispose();
  }
  return rows;
}

await main(import.meta.url, run);
