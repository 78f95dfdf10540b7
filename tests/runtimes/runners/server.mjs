// A small static server on 127.0.0.1 for the browser runs: it serves the battery page, dist/, the battery
// and fast-check (with an import map, since browsers cannot resolve bare specifiers), and receives each
// browser's digests on POST /report. The test starts it on a free port and stops it.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES = { ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".html": "text/html", ".map": "application/json" };

// Only these trees are served; anything else is 404.
const SERVED = ["dist/", "tests/runtimes/battery/", "node_modules/fast-check/", "node_modules/pure-rand/"];

// The ESM entry points of a package and its dependencies, from their package.json "exports".
function importMapEntries(root, pkg, entries = {}) {
  const manifest = JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8"));
  const pick = (target) => (typeof target === "string" ? target : target && (pick(target.import) ?? pick(target.browser) ?? pick(target.default)));
  for (const [subpath, target] of Object.entries(manifest.exports ?? { ".": manifest.module ?? manifest.main })) {
    const file = pick(target);
    if (file === undefined || subpath.includes("*") || subpath.endsWith(".json")) continue;
    entries[subpath === "." ? pkg : `${pkg}/${subpath.slice(2)}`] = `/node_modules/${pkg}/${file.replace(/^\.\//, "")}`;
  }
  for (const dep of Object.keys(manifest.dependencies ?? {})) importMapEntries(root, dep, entries);
  return entries;
}

function page(root) {
  const importMap = JSON.stringify({ imports: importMapEntries(root, "fast-check") });
  return `<!doctype html>
<meta charset="utf-8">
<title>stochasm cross-runtime battery</title>
<script type="importmap">${importMap}</script>
<script type="module">
const runtime = new URLSearchParams(location.search).get("runtime");
const post = (body) => fetch("/report", { method: "POST", body: JSON.stringify({ runtime, ...body }) });
addEventListener("error", (e) => post({ error: "uncaught: " + e.message }));
addEventListener("unhandledrejection", (e) => post({ error: "unhandled rejection: " + (e.reason?.stack ?? e.reason) }));
try {
  const stochasm = await import("/dist/stochasm.mjs");
  const { runBattery } = await import("/tests/runtimes/battery/battery.mjs");
  const builds = [];
  for (const simd of [true, false]) builds.push(await runBattery(stochasm, { simd }));
  await post({ builds, userAgent: navigator.userAgent });
} catch (err) {
  await post({ error: String(err) + (err?.stack ? " at " + err.stack.trim() : "") });
}
</script>
<p>Running the stochasm battery…</p>
`;
}

/**
 * Starts the server on 127.0.0.1 (a free port); /dist/ comes from `dist`. `report(runtime, ms)` resolves with what the page of that
 * runtime posted, or rejects after `ms`; `url(runtime)` is that page; `close()` stops the server.
 */
export async function startServer(root, dist = join(root, "dist")) {
  const html = page(root);
  const waiting = new Map();
  const arrived = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/report") {
      let body = "";
      for await (const chunk of req) body += chunk;
      res.writeHead(204).end();
      let message;
      try {
        message = JSON.parse(body);
      } catch {
        return;
      }
      // The first message of a runtime wins (a later error event must not replace a report).
      if (arrived.has(message.runtime)) return;
      arrived.set(message.runtime, message);
      waiting.get(message.runtime)?.(message);
      return;
    }
    if (url.pathname === "/battery.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, "");
    if (path.includes("..") || !SERVED.some((prefix) => path.startsWith(prefix))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const file = path.startsWith("dist/") ? join(dist, path.slice(5)) : join(root, path);
      const body = await readFile(file.split("/").join(sep));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: (runtime) => `http://127.0.0.1:${port}/battery.html?runtime=${encodeURIComponent(runtime)}`,
    report(runtime, ms) {
      if (arrived.has(runtime)) return Promise.resolve(arrived.get(runtime));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no report within ${ms / 1000} s`)), ms);
        waiting.set(runtime, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
