// README "Running at the edge": per platform, what its example loads and how fast it answers, measured on
// this machine with the offline runtimes of tests/runtimes/edge/harness.mjs (127.0.0.1, one client).
//   node scripts/edge-latency.mjs [requests = 500]        (needs dist/: npm run build)
// Cold start: spawning the runtime until its first answer (polled every 5 ms; the example's init() runs on
// the first request under workerd, at module load under Deno, Bun and Node), the median of 5 spawns.
// Warm: sequential GET /?seed=i on the last one.
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, sandbox, startBun, startDeno, startNode, startWorkerd, wranglerBundle } from "../tests/runtimes/edge/harness.mjs";

const requests = Number(process.argv[2] ?? 500);
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

// Spawns `start()` 5 times; the median start-up, then warm latencies on the last server.
async function measure(start) {
  const starts = [];
  let server;
  for (let i = 0; i < 5; i++) {
    if (server) await server.stop();
    server = await start();
    starts.push(server.startMs);
  }
  starts.sort((a, b) => a - b);
  try {
    return { ...(await warm(server)), start: starts[2] };
  } finally {
    await server.stop();
  }
}

async function warm(server) {
  const times = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const response = await fetch(`${server.url}?seed=${i}`);
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(requests * 0.5)], p99: times[Math.floor(requests * 0.99)] };
}

const box = sandbox();
const rows = [];
try {
  mkdirSync(join(box.dir, "cf"));
  for (const f of ["worker.mjs", "wrangler.toml"]) box.add(join(ROOT, "examples/platforms/cloudflare-workers", f), `cf/${f}`);
  const { modules, upload } = wranglerBundle(join(box.dir, "cf"));
  const workerdSize = `wrangler's ${upload.replace("Total Upload: ", "upload: ")} (bundle + .wasm)`;
  rows.push(["workerd (Cloudflare Workers)", workerdSize, await measure(() => startWorkerd(box.dir, modules, { pollMs: 5 }))]);
  // unbundled: every ES module of dist/ except the other entries and the scalar build (loaded only on demand)
  const plain = readdirSync(join(ROOT, "dist"), { recursive: true }).filter((f) => f.endsWith(".mjs") && !/^(module|node)\.mjs$|embedded-scalar/.test(f)).map((f) => join(ROOT, "dist", f));
  const plainSize = `${plain.length} files of dist/, ${kB(plain.reduce((a, f) => a + statSync(f).size, 0))} / ${kB(plain.reduce((a, f) => a + gz(f), 0))} gzip`;
  const example = box.add(join(ROOT, "examples/platforms/deno-deploy/main.mjs"), "example.mjs");
  rows.push(["Deno (`deno serve`)", plainSize, await measure(() => startDeno(box.dir, example, { pollMs: 5 }))]);
  rows.push(["Bun (`Bun.serve`)", plainSize, await measure(() => startBun(box.dir, example, { pollMs: 5 }))]);
  rows.push(["Node 20 (`node:http` adapter)", plainSize, await measure(() => startNode(box.dir, example, { pollMs: 5 }))]);
} finally {
  box.dispose();
}
console.log(`| runtime | what it loads | cold start (median of 5) | warm p50 / p99 (${requests} requests) |\n| --- | --- | --- | --- |`);
for (const [name, size, m] of rows) console.log(`| ${name} | ${size} | ${m.start} ms | ${m.p50.toFixed(2)} / ${m.p99.toFixed(2)} ms |`);
