// README "Running at the edge": each platform's example runs offline here and gives the bits Node gives.
// workerd is Cloudflare's runtime (npm package `workerd`); like production it forbids compiling WebAssembly
// from bytes, which is what the "stochasm/module" entry and init({ wasm }) are for. The Workers example is
// bundled by wrangler itself (`deploy --dry-run`), so its `.wasm` import resolves as it would on deploy. Needs dist/ (npm run build).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ES module without types
import { ROOT, bundle, loadTest, sandbox, startBun, startDeno, startNode, startWorkerd, wranglerBundle } from "./edge/harness.mjs";
import { init, key, normal } from "../../sdk/index";

type Server = { url: string; stop(): Promise<void>; output(): string };
type Box = { dir: string; add(file: string, name?: string): string; dispose(): void };

let box: Box;
let expected: number[];
const SIMD_WASM = { name: "stochasm/stochasm.simd.wasm", wasm: join(ROOT, "dist/stochasm.simd.wasm") };

beforeAll(async () => {
  box = sandbox();
  await init();
  const x = normal(key(7), [4]);
  expected = Array.from(x.toArray() as Float32Array);
  x.dispose();
});
afterAll(() => box?.dispose());

async function get(server: Server, path = "?seed=7"): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(server.url + path);
  return { status: response.status, body: await response.json() };
}

async function withServer(start: Promise<Server>, check: (server: Server) => Promise<void>): Promise<void> {
  const server = await start;
  try {
    await check(server);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nserver output:\n${server.output().slice(-2000)}`);
  } finally {
    await server.stop();
  }
}

describe("Cloudflare Workers (workerd)", () => {
  it("serves the example, bundled by wrangler as for deploy, from the host-compiled module with the same bits as Node", async () => {
    mkdirSync(join(box.dir, "cf"));
    for (const f of ["worker.mjs", "wrangler.toml"]) box.add(join(ROOT, "examples/platforms/cloudflare-workers", f), `cf/${f}`);
    box.add(join(box.dir, "package.json"), "cf/package.json");
    const { modules, upload } = wranglerBundle(join(box.dir, "cf"));
    expect(modules.map((m: { name: string }) => m.name)).toEqual(["worker.js", expect.stringMatching(/stochasm\.simd\.wasm$/)]);
    console.log(`wrangler: ${upload}`);
    await withServer(startWorkerd(box.dir, modules), async (server) => {
      for (let i = 0; i < 3; i++) {
        const { status, body } = await get(server);
        expect(status).toBe(200);
        expect(body).toEqual({ seed: 7, simd: true, samples: expected });
      }
      expect((await get(server, "?seed=-1")).status).toBe(400);
    });
  });

  it("forbids compiling from bytes, and the plain entry's init() says so with the one-line fix", async () => {
    const src = box.add(join(ROOT, "tests/runtimes/edge/default-entry-worker.mjs"));
    const bundled = await bundle(src, join(box.dir, "default-entry.bundle.mjs"));
    await withServer(startWorkerd(box.dir, [{ name: "worker.mjs", esModule: bundled }]), async (server) => {
      const { body } = await get(server, "");
      expect(body.direct).toMatch(/CompileError: .*disallowed by embedder/);
      expect(body.init).toMatch(/^StochasmError: this host forbids compiling WebAssembly from bytes/);
      expect(body.init).toContain('import { init } from "stochasm/module";  import wasm from "stochasm/stochasm.simd.wasm";  await init({ wasm });');
    });
  });
});

describe("Vercel Edge (route handler, under workerd's same rule)", () => {
  it("serves the route with `….wasm?module` compiled by the host", async () => {
    box.add(join(ROOT, "examples/platforms/vercel-edge/route.mjs"));
    const src = box.add(join(ROOT, "tests/runtimes/edge/vercel-edge-worker.mjs"));
    const name = "stochasm/stochasm.simd.wasm?module";
    const bundled = await bundle(src, join(box.dir, "vercel.bundle.mjs"), { external: [name] });
    await withServer(startWorkerd(box.dir, [{ name: "worker.mjs", esModule: bundled }, { ...SIMD_WASM, name }]), async (server) => {
      const { status, body } = await get(server);
      expect(status).toBe(200);
      expect(body).toEqual({ seed: 7, samples: expected });
    });
  });
});

describe("Deno (Deno Deploy), Bun and Node", () => {
  it("serve the plain entry's example with deno serve, with the same bits as Node", async () => {
    const file = box.add(join(ROOT, "examples/platforms/deno-deploy/main.mjs"), "deno-main.mjs");
    await withServer(startDeno(box.dir, file), async (server) => {
      expect(await get(server)).toEqual({ status: 200, body: { seed: 7, simd: true, samples: expected } });
    });
  });

  it("serve the plain entry's example with Node's http server (node-serve.mjs), under a bounded load", async () => {
    const file = box.add(join(ROOT, "examples/platforms/deno-deploy/main.mjs"), "node-main.mjs");
    await withServer(startNode(box.dir, file), async (server) => {
      expect(await get(server)).toEqual({ status: 200, body: { seed: 7, simd: true, samples: expected } });
      const load = await loadTest((i: number) => [`${server.url}?seed=${i}`], { requests: 200, concurrency: 8 });
      expect(load.statuses).toEqual({ 200: 200 });
      expect(load.p99).toBeGreaterThanOrEqual(load.p50);
    });
  });

  it("serve the plain entry's example with Bun.serve, with the same bits as Node", async () => {
    const file = box.add(join(ROOT, "examples/platforms/bun/server.mjs"), "bun-server.mjs");
    await withServer(startBun(box.dir, file), async (server) => {
      expect(await get(server)).toEqual({ status: 200, body: { seed: 7, simd: true, samples: expected } });
    });
  });
});
