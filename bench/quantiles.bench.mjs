// Quantile functions Gamma.icdf and Beta.icdf (Newton on log F in WASM, assembly/math/inverse-incomplete.ts)
// against @stdlib's stats-base-dists-{gamma,beta}-quantile in a loop into a preallocated array; tfjs has no
// quantiles. n = 10^5 levels spread over (0, 1), float64. No issue target.
import { createRequire } from "node:module";
import { bench, main } from "./harness.mjs";
import { init, tensor, Gamma, Beta } from "../dist/stochasm.mjs";

const require = createRequire(import.meta.url);

function loadStdlib(name) {
  try {
    return require(name);
  } catch (err) {
    console.warn(`${name} unavailable: ${err.message}`);
    return null;
  }
}

export async function run() {
  await init();
  const n = 1e5;
  // levels from 1e-6 to 1 − 1e-6, a deterministic spread (a Weyl sequence)
  const levels = Float64Array.from({ length: n }, (_, i) => 1e-6 + (1 - 2e-6) * ((i * 0.6180339887498949) % 1));
  const q = tensor(levels, [n], "float64");
  const buf = new Float64Array(n);
  const rows = [];
  const cases = [
    ["Gamma(2.5, 1).icdf", new Gamma(2.5, 1), "@stdlib/stats-base-dists-gamma-quantile", (f) => f.factory(2.5, 1)],
    ["Gamma(0.1, 1).icdf", new Gamma(0.1, 1), "@stdlib/stats-base-dists-gamma-quantile", (f) => f.factory(0.1, 1)],
    ["Beta(2, 5).icdf", new Beta(2, 5), "@stdlib/stats-base-dists-beta-quantile", (f) => f.factory(2, 5)],
  ];
  for (const [name, d, peer, make] of cases) {
    const c = { [`stochasm ${name}`]: () => d.icdf(q).dispose() };
    const lib = loadStdlib(peer);
    if (lib) {
      const f = make(lib);
      c[peer] = () => { for (let i = 0; i < n; i++) buf[i] = f(levels[i]); };
    }
    rows.push(...await bench({ name: `${name}, n = 10^5 levels`, items: n, cases: c }));
  }
  q.dispose();
  return rows;
}

await main(import.meta.url, run);
