// The bundle budget of README "Bundle size": an app importing init, key and normal from "stochasm" and
// bundled by esbuild (minified, code splitting on) loads ≤ 100 kB gzipped up front; the scalar build is a
// chunk of its own, loaded only without SIMD128; "stochasm/module" embeds no wasm. Needs dist/.
import { expect, it } from "vitest";
import { Beta, init, kl } from "../../../sdk/index";
// @ts-expect-error plain ES module without types
import { CASES, measure } from "../../../scripts/bundle-sizes.mjs";

const BUDGET_GZIP = 100_000;
const [minimal, , moduleEntry] = Object.values(CASES as Record<string, string>);

it("keeps the minimal bundle (init, key, normal) at or under 100 kB gzipped, the scalar build split off", async () => {
  const { initial, lazy } = await measure(minimal);
  console.log(`minimal bundle: ${initial.raw} B minified, ${initial.gzip} B gzipped up front; ${lazy.gzip} B gzipped on demand`);
  expect(initial.gzip).toBeLessThanOrEqual(BUDGET_GZIP);
  expect(lazy.files).toBe(1);
  expect(lazy.gzip).toBeGreaterThan(30_000); // the scalar build's hex is there, not up front
}, 60_000);

it("embeds no wasm in the stochasm/module entry", async () => {
  const { initial, lazy } = await measure(moduleEntry);
  expect(initial.gzip).toBeLessThan(40_000); // the SDK's JavaScript only (25 kB gzipped on 2026-12-06)
  expect(lazy.files).toBe(0);
}, 60_000);

it("bundles apps that still work: modules dropped by tree-shaking were not needed (KL registrations, tensor methods)", async () => {
  const app = `import { init, kl, Beta, tensor } from "stochasm";
await init();
const d = kl(new Beta(2, 3), new Beta(3, 2));
const t = tensor([1, 2, 3]);
const s = t.sum();
const out = { kl: d.item(), sum: s.item() };
for (const x of [d, t, s]) x.dispose();
console.log(JSON.stringify({ ...out, scalar: (await init({ simd: false })).simd }));`;
  const { printed } = await measure(app, { run: true });
  const out = JSON.parse(printed!.trim());
  await init();
  const reference = kl(new Beta(2, 3), new Beta(3, 2));
  expect(out.kl).toBe(reference.item()); // the same bits as the unbundled SDK
  reference.dispose();
  expect(out.sum).toBe(6);
  expect(out.scalar).toBe(false);
}, 60_000);
