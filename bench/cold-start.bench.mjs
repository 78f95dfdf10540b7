// Cold start: import + initialise, each sample in a FRESH `node` process (nothing cached in V8; the OS
// file cache is warmed by one untimed start per case). Timed inside the child from just before the
// first import() to just after the library can compute: stochasm `await init()` (dist ESM, embedded
// wasm), tfjs-core + tfjs-backend-wasm `await tf.setBackend("wasm"); await tf.ready()`, and for
// reference tfjs-core + tfjs-backend-cpu. Node's own start-up (~40 ms) is outside the timing.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH_DIR, QUICK, main, printTable, rowsFromTimes } from "./harness.mjs";

const require = createRequire(import.meta.url);
const REPS = QUICK ? 1 : 7;
const dist = pathToFileURL(join(BENCH_DIR, "..", "dist", "stochasm.mjs")).href;

function resolveUrl(pkg) {
  return pathToFileURL(require.resolve(pkg)).href;
}

// Child programs (ES modules): each prints the milliseconds of its import + init.
function programs() {
  const p = {};
  p["stochasm (dist ESM, init())"] = `
    const t0 = performance.now();
    const s = await import(${JSON.stringify(dist)});
    await s.init();
    console.log(performance.now() - t0);`;
  try {
    const core = resolveUrl("@tensorflow/tfjs-core");
    const wasm = resolveUrl("@tensorflow/tfjs-backend-wasm");
    const cpu = resolveUrl("@tensorflow/tfjs-backend-cpu");
    const wasmDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/";
    p["tfjs-core + tfjs-backend-wasm"] = `
      const t0 = performance.now();
      const tf = await import(${JSON.stringify(core)});
      const w = await import(${JSON.stringify(wasm)});
      w.setWasmPaths(${JSON.stringify(wasmDir)});
      await tf.setBackend("wasm");
      await tf.ready();
      console.log(performance.now() - t0);`;
    p["tfjs-core + tfjs-backend-cpu"] = `
      const t0 = performance.now();
      const tf = await import(${JSON.stringify(core)});
      await import(${JSON.stringify(cpu)});
      await tf.setBackend("cpu");
      await tf.ready();
      console.log(performance.now() - t0);`;
  } catch (err) {
    console.warn(`tfjs unavailable: ${err.message}`);
  }
  return p;
}

function startOnce(code) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"], // tfjs prints a banner on stderr/stdout; the time is the last line
    timeout: 60_000,
  });
  const ms = Number(out.trim().split("\n").pop());
  if (!Number.isFinite(ms)) throw new Error(`unexpected child output: ${out.slice(0, 200)}`);
  return ms;
}

export async function run() {
  const progs = programs();
  const times = Object.fromEntries(Object.keys(progs).map((c) => [c, []]));
  const errors = {};
  for (const [c, code] of Object.entries(progs)) {
    try {
      startOnce(code); // warm the file cache
    } catch (err) {
      errors[c] = String(err.message).split("\n")[0];
    }
  }
  for (let r = 0; r < REPS; r++) {
    for (const [c, code] of Object.entries(progs)) {
      if (c in errors) continue;
      try {
        times[c].push(startOnce(code));
      } catch (err) {
        errors[c] = String(err.message).split("\n")[0];
      }
    }
  }
  const rows = rowsFromTimes({ name: "cold start: import + init in a fresh process", unit: "starts", items: 1, times, errors });
  printTable(rows);
  return rows;
}

await main(import.meta.url, run);
