// float32 activations at n = 10^6, forward and backward (gradY · f′(x)): stochasm (SIMD build) against
// TensorFlow.js 4.x on its wasm backend (one thread, SIMD) and its cpu backend, and a plain JS loop into a
// preallocated Float32Array (Math.exp / Math.tanh in float64: a JS user's first version). relu, sigmoid and
// gelu (tanh form: tfjs has no gelu op, so its rows compose the formula from tf.* ops as a user would).
// tfjs's backward rows are tf.grad of the op, which also runs the forward (tfjs has no separate backward op);
// stochasm's backward is the one kernel that autograd calls. Every stochasm and tfjs call allocates its result
// and disposes it. Needs relu, sigmoid, geluTanh and their …Backward exported from sdk/index.ts.
import { bench, main, printTable } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import {
  init, tensor, relu, reluBackward, sigmoid, sigmoidBackward, geluTanh, geluTanhBackward,
} from "../dist/stochasm.mjs";

const N = 1e6;
const REPS = { warmup: 5, reps: 11, budgetMs: 3000 };
const K = Math.sqrt(2 / Math.PI);

// ours + the JS loop + tfjs-wasm, then ours + tfjs-cpu (the cpu row keeps the ours× of its own phase)
async function phased(tf, { name, ours, js, tfOp }) {
  const phase = async (backend, withJs) => {
    const cases = { ...ours };
    if (withJs) Object.assign(cases, js);
    let made = null;
    if (tf) {
      await tf.setBackend(backend);
      made = tfOp(tf);
      cases[`tfjs-${backend}`] = made.fn;
    }
    const rows = await bench({ name, items: N, unit: "elements", cases, quiet: true, ...REPS });
    made?.dispose();
    return rows;
  };
  const rows = await phase("wasm", true);
  if (tf) rows.push(...(await phase("cpu", false)).filter((r) => !r.ours));
  printTable(rows);
  return rows;
}

const geluTf = (tf, x) => tf.tidy(() => x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(K)).add(1)));

export async function run() {
  const tf = await loadTf({ withGradients: true });
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const xData = values(N, 1, -6, 6), gData = values(N, 2);
  const x = tensor(xData, [N]), g = tensor(gData, [N]);
  const out = new Float32Array(N);
  const onTf = (op) => (tfl) => {
    const tx = tfl.tensor(xData), tg = tfl.tensor(gData);
    return { fn: () => op(tfl, tx, tg).dispose(), dispose: () => { tx.dispose(); tg.dispose(); } };
  };
  const gradOf = (f) => (tfl, tx, tg) => tfl.grad(f)(tx, tg);
  const rows = [];
  const table = async (spec) => rows.push(...(await phased(tf, spec)));

  await table({
    name: "relu f32 forward, n = 1e6",
    ours: { "stochasm relu": () => relu(x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) out[i] = xData[i] > 0 ? xData[i] : 0; } },
    tfOp: onTf((tfl, tx) => tfl.relu(tx)),
  });
  await table({
    name: "relu f32 backward, n = 1e6",
    ours: { "stochasm reluBackward": () => reluBackward(g, x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) out[i] = xData[i] > 0 ? gData[i] : 0; } },
    tfOp: onTf(gradOf((t) => t.relu())),
  });
  await table({
    name: "sigmoid f32 forward, n = 1e6",
    ours: { "stochasm sigmoid": () => sigmoid(x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) out[i] = 1 / (1 + Math.exp(-xData[i])); } },
    tfOp: onTf((tfl, tx) => tfl.sigmoid(tx)),
  });
  await table({
    name: "sigmoid f32 backward, n = 1e6",
    ours: { "stochasm sigmoidBackward": () => sigmoidBackward(g, x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) { const s = 1 / (1 + Math.exp(-xData[i])); out[i] = gData[i] * s * (1 - s); } } },
    tfOp: onTf(gradOf((t) => t.sigmoid())),
  });
  await table({
    name: "gelu (tanh) f32 forward, n = 1e6",
    ours: { "stochasm geluTanh": () => geluTanh(x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) { const v = xData[i]; out[i] = 0.5 * v * (1 + Math.tanh(K * (v + 0.044715 * v * v * v))); } } },
    tfOp: onTf((tfl, tx) => geluTf(tfl, tx)),
  });
  await table({
    name: "gelu (tanh) f32 backward, n = 1e6",
    ours: { "stochasm geluTanhBackward": () => geluTanhBackward(g, x).dispose() },
    js: {
      "JS loop": () => {
        for (let i = 0; i < N; i++) {
          const v = xData[i], t = Math.tanh(K * (v + 0.044715 * v * v * v));
          out[i] = gData[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * 0.044715 * v * v));
        }
      },
    },
    tfOp: (tfl) => onTf(gradOf((t) => geluTf(tfl, t)))(tfl),
  });
  x.dispose();
  g.dispose();
  return rows;
}

await main(import.meta.url, run);
