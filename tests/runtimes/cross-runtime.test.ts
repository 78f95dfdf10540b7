// The promise of docs/reproducibility.md: the same bits in Node (ESM and CJS), Deno, Bun, Chromium and
// Firefox, in the SIMD and the scalar build. Needs dist/ (npm run build). With CI=true the browsers are
// required; locally a missing browser is skipped with a loud message.
import { expect, it } from "vitest";
// @ts-expect-error plain ES module without types
import { compare, runAll, summary } from "./run-all.mjs";

it("gives every operation the same digest in Node ESM/CJS, Deno, Bun, Chromium and Firefox, SIMD and scalar", async () => {
  const t0 = Date.now();
  const reports = await runAll();
  const problems: string[] = compare(reports);
  console.log(`cross-runtime battery (${((Date.now() - t0) / 1000).toFixed(1)} s):\n${summary(reports, problems)}`);
  expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
  expect(reports.filter((r: { builds?: unknown }) => r.builds).length).toBeGreaterThanOrEqual(4);
}, 240_000);
