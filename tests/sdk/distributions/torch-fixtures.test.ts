// Every method of Normal, Uniform, Exponential, Laplace, Bernoulli and Categorical against
// torch.distributions in float64 (tests/fixtures/distributions/make.py, torch version in data.json).
// Tolerances: float64 results 1e-12 relative (the brief's bound is 1e-6; the kernels are f64 throughout),
// float32 results 1e-6 relative (inputs are f32-representable, so only the final rounding to f32, 6e-8, differs).
import { beforeAll, describe, expect, it } from "vitest";
import { init, memory, scope, tensor, Normal, Uniform, Exponential, Laplace, Bernoulli, Categorical, type Distribution, type Tensor } from "../../../sdk/index";
import { fixture, maxRelativeError } from "./helpers";

type Case = Record<string, unknown> & { dist: string; params: Record<string, number[]>; n: number; x: number[] };
const F64_TOL = 1e-12;
const F32_TOL = 1e-6;

function build(c: Case): Distribution {
  const p = c.params;
  const k = c.k as number;
  switch (c.dist) {
    case "Normal": return new Normal(p.loc, p.scale);
    case "Uniform": return new Uniform(p.low, p.high);
    case "Exponential": return new Exponential(p.rate);
    case "Laplace": return new Laplace(p.loc, p.scale);
    case "Bernoulli": return new Bernoulli(p.probs ? { probs: p.probs } : { logits: p.logits });
    default: {
      const rows = (p.probs ?? p.logits).length / k;
      const shaped = tensor(p.probs ?? p.logits, [rows, k], "float64");
      try {
        return new Categorical(p.probs ? { probs: shaped } : { logits: shaped });
      } finally {
        shaped.dispose();
      }
    }
  }
}

const arr = (t: Tensor) => Array.from(t.toArray());

describe(`distributions against torch ${fixture.torch}`, () => {
  beforeAll(async () => {
    await init();
  });

  for (const c of fixture.cases as Case[]) {
    const label = `${c.dist}(${Object.keys(c.params).join(", ")})`;
    const b = c.x.length / c.n;

    it(`${label}: logProb over ${c.x.length} points matches torch in float64 within ${F64_TOL} and float32 within ${F32_TOL}`, () => {
      scope(() => {
        const d = build(c);
        const x64 = tensor(c.x, [c.n, b], "float64");
        const x32 = tensor(c.x, [c.n, b], "float32");
        const e64 = maxRelativeError(arr(d.logProb(x64)), c.logProb as number[]);
        // float32 results against the reference rounded to float32 (−9.9e-305 is −0 in float32)
        const e32 = maxRelativeError(arr(d.logProb(x32)), (c.logProb as number[]).map(Math.fround));
        console.log(`${label} logProb: float64 ${e64.toExponential(2)}, float32 ${e32.toExponential(2)}`);
        expect(e64).toBeLessThanOrEqual(F64_TOL);
        expect(e32).toBeLessThanOrEqual(F32_TOL);
      });
    });

    if (c.cdf) {
      it(`${label}: cdf and icdf match torch in float64 within ${F64_TOL}`, () => {
        scope(() => {
          const d = build(c);
          const ec = maxRelativeError(arr(d.cdf(tensor(c.x, [c.n, b], "float64"))), c.cdf as number[]);
          const ei = maxRelativeError(arr(d.icdf(tensor(c.q as number[], [c.n, b], "float64"))), c.icdf as number[]);
          console.log(`${label} cdf ${ec.toExponential(2)}, icdf ${ei.toExponential(2)}`);
          expect(ec).toBeLessThanOrEqual(F64_TOL);
          expect(ei).toBeLessThanOrEqual(F64_TOL);
        });
      });
    }

    it(`${label}: entropy${c.mean ? ", mean and variance" : ""} match torch within ${F64_TOL}`, () => {
      scope(() => {
        const d = build(c);
        expect(maxRelativeError(arr(d.entropy()), c.entropy as number[])).toBeLessThanOrEqual(F64_TOL);
        if (c.mean) expect(maxRelativeError(arr(d.mean), c.mean as number[])).toBeLessThanOrEqual(F64_TOL);
        if (c.variance) expect(maxRelativeError(arr(d.variance), c.variance as number[])).toBeLessThanOrEqual(F64_TOL);
        if (c.stddev) expect(maxRelativeError(arr(d.stddev), c.stddev as number[])).toBeLessThanOrEqual(F64_TOL);
        if (c.probs) expect(maxRelativeError((d as Categorical).probs, c.probs as number[])).toBeLessThanOrEqual(F64_TOL);
      });
    });
  }

  it("leaves no tensor alive after the fixture tests", () => {
    expect(memory().tensors).toBe(0);
  });
});
