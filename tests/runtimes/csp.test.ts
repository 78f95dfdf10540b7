// README "Running at the edge": a page whose Content-Security-Policy lacks 'wasm-unsafe-eval' cannot compile
// WebAssembly; init() must say so and name the directive. With 'wasm-unsafe-eval' (and no 'unsafe-eval') it
// loads. Chromium (Debian `chromium`) via playwright-core; skipped loudly when absent unless CI=true.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
// @ts-expect-error plain ES module without types
import { CHROMIUM, CHROMIUM_FLAGS, installed } from "./runners/browsers.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP = `import { init } from "/dist/stochasm.mjs";
try { const info = await init(); globalThis.result = "loaded simd=" + info.simd; }
catch (error) { globalThis.result = error.name + ": " + error.message; }`;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html", "content-security-policy": `script-src 'self'${url.searchParams.has("wasm") ? " 'wasm-unsafe-eval'" : ""}` });
      return res.end(`<!doctype html><script type="module" src="/app.mjs"></script>`);
    }
    if (url.pathname === "/app.mjs") return res.writeHead(200, { "content-type": "text/javascript" }).end(APP);
    if (/^\/dist\/([\w-]+\/)*[\w.-]+\.mjs$/.test(url.pathname) && !url.pathname.includes("..")) {
      return res.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(join(ROOT, url.pathname)));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function resultOf(url: string): Promise<string> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const events: string[] = [];
    page.on("crash", () => events.push("page crashed"));
    page.on("pageerror", (e) => events.push(`page error: ${e.message}`));
    browser.on("disconnected", () => events.push("browser disconnected"));
    try {
      await page.goto(url);
      const handle = await page.waitForFunction(() => (globalThis as { result?: string }).result, undefined, { timeout: 30_000 });
      return (await handle.jsonValue()) as string;
    } catch (error) {
      throw new Error(`${(error as Error).message} (${events.join("; ") || "no page events"})`);
    }
  } finally {
    await browser.close();
  }
}

const haveChromium = installed(CHROMIUM);
if (!haveChromium && process.env.CI !== "true") console.error(`\n!!! SKIPPING the CSP test: ${CHROMIUM} is not installed (apt-get install chromium) !!!\n`);

it.skipIf(!haveChromium && process.env.CI !== "true")("explains a Content-Security-Policy without 'wasm-unsafe-eval', and loads with it", async () => {
  expect(await resultOf(base)).toMatch(/^StochasmError: this page's Content-Security-Policy forbids compiling WebAssembly .*Add 'wasm-unsafe-eval' to its script-src directive/);
  expect(await resultOf(`${base}?wasm`)).toBe("loaded simd=true");
}, 120_000);
