// README "Running at the edge": per platform, what its example loads and how fast it answers, measured on
// this machine with the offline runtimes of tests/runtimes/edge/harness.mjs (127.0.0.1, one client).
//   node scripts/edge-latency.mjs [requests = 500]        (needs dist/: npm run build)
// Cold start: spawning the runtime until its first answer (polled every 5 ms; the example's init() runs on
// the first request under workerd, at module load under Deno and Bun). Warm: sequential GET /?seed=i.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, bundle, sandbox, startBun, startDeno, startWorkerd } from "../tests/runtimes/edge/harness.mjs";

const requests = Number(process.argv[2] ?? 500);
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

async function measure(server) {
  const times = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const response = await fetch(`${server.url}?seed=${i}`);
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { start: server.startMs, p50: times[Math.floor(requests * 0.5)], p99: times[Math.floor(requests * 0.99)] };
}

const box = sandbox();
const rows = [];
try {
  const worker = box.add(join(ROOT, "examples/platforms/cloudflare-workers/worker.mjs"), "cf.mjs");
  const bundled = await bundle(worker, join(box.dir, "cf.bundle.mjs"), { external: ["stochasm/stochasm.simd.wasm"] });
  let server = await startWorkerd(box.dir, [{ name: "worker.mjs", esModule: bundled }, { name: "stochasm/stochasm.simd.wasm", wasm: join(ROOT, "dist/stochasm.simd.wasm") }], { pollMs: 5 });
  rows.push(["workerd (Cloudflare Workers)", `bundle ${kB(statSync(bundled).size)} / ${kB(gz(bundled))} gzip + .wasm ${kB(gz(join(ROOT, "dist/stochasm.simd.wasm")))} gzip`, await measure(server)]);
  await server.stop();
  const plain = ["stochasm.mjs", "stochasm-sdk.mjs"].map((f) => join(ROOT, "dist", f));
  const plainSize = `dist/stochasm.mjs + stochasm-sdk.mjs ${kB(plain.reduce((a, f) => a + statSync(f).size, 0))} / ${kB(plain.reduce((a, f) => a + gz(f), 0))} gzip`;
  server = await startDeno(box.dir, box.add(join(ROOT, "examples/platforms/deno-deploy/main.mjs"), "deno.mjs"), { pollMs: 5 });
  rows.push(["Deno (deno serve)", plainSize, await measure(server)]);
  await server.stop();
  server = await startBun(box.dir, box.add(join(ROOT, "examples/platforms/bun/server.mjs"), "bun.mjs"), { pollMs: 5 });
  rows.push(["Bun (Bun.serve)", plainSize, await measure(server)]);
  await server.stop();
} finally {
  box.dispose();
}
console.log(`| runtime | what it loads | cold start | warm p50 / p99 (${requests} requests) |\n| --- | --- | --- | --- |`);
for (const [name, size, m] of rows) console.log(`| ${name} | ${size} | ${m.start} ms | ${m.p50.toFixed(2)} / ${m.p99.toFixed(2)} ms |`);
