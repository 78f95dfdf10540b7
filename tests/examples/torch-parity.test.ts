// examples/torch-parity.mjs checked: every number seed 003's PyTorch snippets print, recomputed by the stochasm
// port (examples/torch-parity/snippets.mjs, run against dist/ through the package name), against torch 1.13
// (tests/fixtures/seed-003/data.json, made by make.py there). Tolerances by the fixture's kind, stated and
// justified in examples/torch-parity/compare.mjs: exact / fromInputs within 1e-5·|torch| + 1e-7 (float32),
// random within 4 s.e. of the expectation, roundoff under its bound, the Rosenbrock rows by torch's own
// float32-vs-float64 spread. Needs dist/ (npm run build).
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { init, memory, key } from "stochasm";
import { SNIPPETS, bayesSnippet, svdSnippet, chainRuleSnippet, jacobianHessianSnippet, eighSnippet, normalSnippet } from "../../examples/torch-parity/snippets.mjs";
import { check } from "../../examples/torch-parity/compare.mjs";

type Ref = { value: unknown; printed: unknown; kind: string; expected?: unknown; se?: unknown; bound?: number; value64?: unknown; relDiff32vs64?: number };
type Snippet = { id: string; title: string; inputs: Record<string, unknown>; values: Record<string, Ref> };
type Port = { lines: string[]; values: Record<string, { value: unknown; printed: unknown; value64?: unknown }> };

const fixture = JSON.parse(readFileSync(new URL("../fixtures/seed-003/data.json", import.meta.url), "utf8"));
const refs = new Map<string, Snippet>(fixture.snippets.map((s: Snippet) => [s.id, s]));
const ports = new Map<string, Port>();
let leaked = NaN;

beforeAll(async () => {
  await init();
  const before = memory().tensors;
  for (const [id, run] of SNIPPETS as [string, (inputs: unknown) => Port][]) ports.set(id, run(refs.get(id)!.inputs));
  leaked = memory().tensors - before;
});

const FIXED = /^-?\d+\.\d+$/;   // a number the seed printed with a fixed precision (f"{v:.4f}")

describe("seed 003 ported to stochasm", () => {
  it("ports every snippet of the fixture, in the seed's order", () => {
    expect((SNIPPETS as [string][]).map(([id]) => id)).toEqual(fixture.snippets.map((s: Snippet) => s.id));
  });

  for (const s of fixture.snippets as Snippet[]) {
    describe(s.title, () => {
      for (const [name, ref] of Object.entries(s.values)) {
        it(`gives ${name} (${ref.kind}) as torch 1.13 does within its tolerance`, () => {
          const port = ports.get(s.id)!.values[name];
          expect(port, `${s.id}.${name} is missing from the port`).toBeDefined();
          const c = check(ref, port);
          expect(c.ok, `${s.id}.${name}: ${JSON.stringify(port.value)} vs torch ${JSON.stringify(ref.value)} (${c.rule}, max |Δ| ${c.worst})`).toBe(true);
          // what the seed printed at a fixed precision, the port prints the same (deterministic kinds)
          if (ref.kind === "exact" || ref.kind === "fromInputs") {
            const torchPrinted = ([] as unknown[]).concat(ref.printed), portPrinted = ([] as unknown[]).concat(port.printed);
            torchPrinted.forEach((t, i) => { if (typeof t === "string" && FIXED.test(t)) expect(portPrinted[i]).toBe(t); });
          }
        });
      }
    });
  }

  it("leaks no tensor (memory() counts the same before and after every snippet)", () => {
    expect(leaked).toBe(0);
  });
});

describe("the comparison rules can fail", () => {
  const fx = (id: string, name: string) => refs.get(id)!.values[name];
  it("rejects an exact or fromInputs value off by 1e-4 relative", () => {
    expect(check(fx("kl", "klTotal"), { value: 1.3308221101760864 * (1 + 1e-4) }).ok).toBe(false);
    expect(check(fx("bayes", "logPosts"), { value: (fx("bayes", "logPosts").value as number[]).map((v, i) => (i === 7 ? v + 0.01 : v)) }).ok).toBe(false);
    expect(check(fx("matrix", "shapeC"), { value: [5, 4] }).ok).toBe(false);
    expect(check(fx("kl", "match"), { value: false }).ok).toBe(false);
  });
  it("rejects a Monte Carlo estimate 5 standard errors from its expectation", () => {
    expect(check(fx("normal", "sampleMean"), { value: 2 + 5 * 1.5 / Math.sqrt(1000) }).ok).toBe(false);
    expect(check(fx("normal", "sampleMean"), { value: 2 + 3 * 1.5 / Math.sqrt(1000) }).ok).toBe(true);
  });
  it("rejects a rounding error above its bound", () => {
    expect(check(fx("svd", "maxReconstructionError"), { value: 2e-5 }).ok).toBe(false);
  });
  it("rejects a Rosenbrock row 1e-4 off in float64 (and RMSprop's 100 % off)", () => {
    const sgd = fx("rosenbrock", "sgd") as Ref & { value: Record<string, number>; value64: Record<string, number> };
    expect(check(sgd, { value: sgd.value, value64: { ...sgd.value64, x: sgd.value64.x * (1 + 1e-4) } }).ok).toBe(false);
    expect(check(sgd, { value: sgd.value, value64: sgd.value64 }).ok).toBe(true);
    const rms = fx("rosenbrock", "rmsprop") as Ref & { value: Record<string, number>; value64: Record<string, number> };
    expect(check(rms, { value: { ...rms.value, finalLoss: 2 * rms.value.finalLoss }, value64: rms.value64 }).ok).toBe(false);
  });
});

describe("the port without torch's draws", () => {
  it("draws its own inputs with keys, and what holds for any input still holds", () => {
    const before = memory().tensors;
    const bayes = bayesSnippet({}) as Port, mle = fx("bayes", "mle");
    // MLE = mean of 20 draws around θ = 3: within 4 s.e.; the MAP sits on the grid below it (shrunk toward 0)
    expect(Math.abs((bayes.values.mle.value as number) - 3)).toBeLessThan(4 * (mle.se as number));
    expect(bayes.values.map.value as number).toBeLessThan(bayes.values.mle.value as number);
    expect(svdSnippet({}).values.maxReconstructionError.value).toBeLessThan(1e-5);
    const chain = chainRuleSnippet({}) as Port;
    expect(chain.values.w1MaxAbsDiff.value).toBeLessThanOrEqual(1e-5);
    expect(chain.values.w2MaxAbsDiff.value).toBeLessThanOrEqual(1e-5);
    expect(jacobianHessianSnippet({}).values.jacobianShape.value).toEqual([3, 3, 4]);
    expect((eighSnippet({}).values.eigenvaluesDesc.value as number[]).every((v, i, a) => i === 0 || a[i - 1] >= v)).toBe(true);
    expect(memory().tensors).toBe(before);
    function fx(id: string, name: string) { return refs.get(id)!.values[name]; }
  });

  it("gives the same numbers for the same key, and others for another key", () => {
    const a = normalSnippet({}, key(7)).values.sampleMean.value, b = normalSnippet({}, key(7)).values.sampleMean.value;
    expect(a).toBe(b);
    expect(normalSnippet({}, key(8)).values.sampleMean.value).not.toBe(a);
  });
});
