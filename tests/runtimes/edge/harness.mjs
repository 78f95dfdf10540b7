// Starting the edge runtimes offline on 127.0.0.1, for tests/runtimes/edge.test.ts (and the served model of
// issue 14 item 2, which reuses it): workerd (Cloudflare's runtime, from the `workerd` npm package, which
// like production forbids compiling WebAssembly from bytes), `deno serve`, Bun and Node (node-serve.mjs),
// each serving a Web-standard `export default { fetch }` module; loadTest() measures one. A sandbox directory links node_modules/stochasm to this
// repository, so bare imports resolve through package.json "exports" as they would for a user.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = (name) => join(ROOT, "node_modules/.bin", name);

/** A temporary directory with node_modules/stochasm → this repository; `dispose()` removes it. */
export function sandbox() {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp/edge-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules/stochasm"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "edge-sandbox", private: true, type: "module" }));
  return {
    dir,
    /** Copies a file into the sandbox; returns its path there. */
    add(file, name = basename(file)) {
      cpSync(file, join(dir, name));
      return join(dir, name);
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * Bundles `entry` as wrangler does (esbuild, ES module, the "workerd"/"worker"/"browser" conditions), leaving
 * `external` imports (the .wasm modules the host compiles) as they are. Returns the output path.
 */
export async function bundle(entry, outfile, { external = [], conditions = ["workerd", "worker", "browser"] } = {}) {
  const esbuild = await import("esbuild");
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, format: "esm", platform: "neutral", conditions, mainFields: ["module", "main"], external, logLevel: "silent" });
  return outfile;
}

/**
 * Bundles a Worker exactly as `wrangler deploy` would, offline (`wrangler deploy --dry-run --outdir`), from the
 * wrangler.toml in `dir`. Returns `{ modules, upload }`: the workerd modules (the bundle first, then each
 * `*.wasm` wrangler uploads, named as the bundle imports them) and wrangler's "Total Upload" line.
 */
export function wranglerBundle(dir) {
  const out = join(dir, "wrangler-out");
  const log = execFileSync(bin("wrangler"), ["deploy", "--dry-run", "--outdir", out], {
    cwd: dir, encoding: "utf8", env: { ...process.env, CI: "1", NO_COLOR: "1", WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: join(dir, ".config") },
  });
  const files = readdirSync(out);
  const main = files.find((f) => f.endsWith(".js") && !f.endsWith(".map"));
  const modules = [{ name: main, esModule: join(out, main) }, ...files.filter((f) => f.endsWith(".wasm")).map((f) => ({ name: f, wasm: join(out, f) }))];
  return { modules, upload: (log.match(/Total Upload: .*/) ?? [""])[0].trim() };
}

// Spawns a server process and resolves once `url` answers (any status), or rejects with its output.
function serve(program, args, { cwd, env = {}, url, timeoutMs = 30_000, pollMs = 100 }) {
  const child = spawn(program, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...env } });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const exited = new Promise((done) => child.once("exit", (code, signal) => done(`exited (${code ?? signal})`)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  return (async () => {
    const t0 = Date.now();
    for (;;) {
      const state = await Promise.race([exited, new Promise((done) => setTimeout(() => done(null), pollMs))]);
      if (state !== null) throw new Error(`${basename(program)} ${state} before serving: ${output.trim().slice(-2000)}`);
      try {
        await fetch(url, { signal: AbortSignal.timeout(2000) });
        return { url, stop, output: () => output, pid: child.pid, startMs: Date.now() - t0 };
      } catch {
        if (Date.now() - t0 > timeoutMs) {
          await stop();
          throw new Error(`${basename(program)} did not answer ${url} within ${timeoutMs / 1000} s: ${output.trim().slice(-2000)}`);
        }
      }
    }
  })();
}

/**
 * Runs workerd on 127.0.0.1 with one worker made of `modules`: `[{ name, esModule: path }]` or
 * `[{ name, wasm: path }]` (a compiled-at-load WebAssembly module, as wrangler uploads `*.wasm` imports).
 * The first module is the main one. Resolves with `{ url, stop(), output(), startMs }` (spawn to first answer).
 */
export async function startWorkerd(dir, modules, { compatibilityDate = "2025-01-01", pollMs } = {}) {
  const port = await freePort();
  // workerd embeds files relative to its config: copy anything given by another path into the directory.
  modules = modules.map((m) => {
    const key = m.wasm ? "wasm" : "esModule";
    if (dirname(resolve(dir, m[key])) === resolve(dir)) return { ...m, [key]: basename(m[key]) };
    const copy = `${m.wasm ? "wasm" : "module"}-${basename(m[key])}`;
    cpSync(resolve(dir, m[key]), join(dir, copy));
    return { ...m, [key]: copy };
  });
  const lines = modules.map((m) => `    (name = ${JSON.stringify(m.name)}, ${m.wasm ? `wasm = embed ${JSON.stringify(m.wasm)}` : `esModule = embed ${JSON.stringify(m.esModule)}`})`);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${lines.join(",\n")}
  ],
  compatibilityDate = "${compatibilityDate}",
);
`;
  const file = join(dir, `workerd-${port}.capnp`);
  writeFileSync(file, config);
  return serve(bin("workerd"), ["serve", file], { cwd: dir, url: `http://127.0.0.1:${port}/`, pollMs });
}

/** Runs `deno serve` on a module with a default `{ fetch }` export. */
export async function startDeno(dir, file, { pollMs } = {}) {
  const port = await freePort();
  return serve(bin("deno"), ["serve", "--quiet", "--allow-read", "--no-prompt", "--no-lock", "--host", "127.0.0.1", "--port", String(port), file], { cwd: dir, url: `http://127.0.0.1:${port}/`, pollMs });
}

/** Runs Bun on a module with a default `{ fetch }` export (Bun.serve on $PORT). */
export async function startBun(dir, file, { pollMs } = {}) {
  const port = await freePort();
  return serve(bin("bun"), [file], { cwd: dir, env: { PORT: String(port), HOSTNAME: "127.0.0.1" }, url: `http://127.0.0.1:${port}/`, pollMs });
}

/** Runs Node's http server on a module with a default `{ fetch }` export (tests/runtimes/edge/node-serve.mjs). */
export async function startNode(dir, file, { pollMs } = {}) {
  const port = await freePort();
  return serve(process.execPath, [join(ROOT, "tests/runtimes/edge/node-serve.mjs"), file], { cwd: dir, env: { PORT: String(port), HOSTNAME: "127.0.0.1" }, url: `http://127.0.0.1:${port}/`, pollMs });
}

/**
 * A bounded load test: `requests` requests, at most `concurrency` in flight, each made by `request(i)` →
 * `[url, init]`. Resolves with `{ requests, seconds, perSecond, p50, p99, statuses }` (latencies in ms;
 * `statuses` counts each HTTP status).
 */
export async function loadTest(request, { requests = 2000, concurrency = 16 } = {}) {
  const latencies = new Array(requests);
  const statuses = {};
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const [url, init] = request(i);
      const start = performance.now();
      const response = await fetch(url, init);
      await response.arrayBuffer();
      latencies[i] = performance.now() - start;
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const sorted = latencies.slice().sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(requests - 1, Math.floor(requests * q))];
  return { requests, seconds, perSecond: requests / seconds, p50: at(0.5), p99: at(0.99), statuses };
}
