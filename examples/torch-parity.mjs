// Seed 003's PyTorch snippets, ported to stochasm (examples/torch-parity/snippets.mjs), each printing what the
// seed prints and then its numbers side by side with torch 1.13's (tests/fixtures/seed-003/data.json).
// Run: npm run build && node examples/torch-parity.mjs          (exit code 1 if any number is out of tolerance)
// Snippets that drew from torch's generator get the recorded draws, so their numbers are torch's; the unseeded
// Monte Carlo ones draw with stochasm keys and are compared within 4 standard errors.
import { readFileSync } from "node:fs";
import { init, memory } from "stochasm";
import { SNIPPETS } from "./torch-parity/snippets.mjs";
import { check } from "./torch-parity/compare.mjs";
import { sci } from "./torch-parity/format.mjs";

await init();
const fixture = JSON.parse(readFileSync(new URL("../tests/fixtures/seed-003/data.json", import.meta.url), "utf8"));
const byId = new Map(fixture.snippets.map((s) => [s.id, s]));

const count = (v) => (Array.isArray(v) ? v.flat(Infinity).length : 1);
const cell = (printed, value) => {
  if (printed === null || printed === undefined) return `(${count(value)} value${count(value) === 1 ? "" : "s"})`;
  return typeof printed === "object" && !Array.isArray(printed) ? Object.values(printed).join(" / ") : String(printed);
};
const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

let failures = 0;
const before = memory().tensors;
for (const [id, run] of SNIPPETS) {
  const ref = byId.get(id);
  const port = run(ref.inputs);
  console.log(`\n=== ${ref.title}${Object.keys(ref.inputs).length ? `   (torch's draws ${Object.keys(ref.inputs).join(", ")} from the fixture)` : ""}`);
  for (const line of port.lines) console.log(`  ${line}`);
  console.log(`  ${"".padEnd(24, "·")}`);
  console.log(`  ${"value".padEnd(22)} ${"stochasm".padEnd(34)} ${"torch 1.13".padEnd(34)} ${"kind".padEnd(10)} check`);
  for (const [name, r] of Object.entries(ref.values)) {
    const p = port.values[name];
    if (p === undefined) { failures++; console.log(`  ${name.padEnd(22)} MISSING from the port`); continue; }
    const c = check(r, p);
    if (!c.ok) failures++;
    const worst = c.worst === 0 ? "" : ` max|Δ| ${sci(c.worst, 1)}`;
    console.log(`  ${name.padEnd(22)} ${clip(cell(p.printed, p.value), 34).padEnd(34)} ${clip(cell(r.printed.startsWith?.("(not printed)") ? null : r.printed, r.value), 34).padEnd(34)} ${r.kind.padEnd(10)} ${c.ok ? "✓" : "✗"} ${c.rule}${worst}`);
    if (p.value64 !== undefined) {
      const v = p.value64, t = r.value64;
      console.log(`  ${"  float64".padEnd(22)} ${clip(`${v.finalLoss.toFixed(6)} / ${v.x.toFixed(5)} / ${v.y.toFixed(5)}`, 34).padEnd(34)} ${clip(`${t.finalLoss.toFixed(6)} / ${t.x.toFixed(5)} / ${t.y.toFixed(5)}`, 34).padEnd(34)} ${"".padEnd(10)}   max|Δ| ${sci(c.worst64, 1)}`);
    }
  }
}
const leaked = memory().tensors - before;
console.log(`\n${failures === 0 ? "All" : `${failures} of the`} values ${failures === 0 ? "match torch 1.13 within their kind's tolerance" : "are out of tolerance"}; tensors leaked: ${leaked}`);
if (failures > 0 || leaked !== 0) process.exitCode = 1;
