// Runs the battery against dist/stochasm.mjs (both builds) in Node, Deno or Bun and prints one JSON line.
//   node tests/runtimes/runners/esm.mjs [file URL of another stochasm.mjs]
//   deno run --allow-read tests/runtimes/runners/esm.mjs      bun tests/runtimes/runners/esm.mjs
import { runBattery } from "../battery/battery.mjs";

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const stochasm = await import(args[0] ?? "../../../dist/stochasm.mjs");
const builds = [];
for (const simd of [true, false]) builds.push(await runBattery(stochasm, { simd }));
console.log(`BATTERY ${JSON.stringify(builds)}`);
