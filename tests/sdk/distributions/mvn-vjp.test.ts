// MultivariateNormal.rsampleVjp (the backward pass of x = μ + L·z) against torch 1.13's autograd through
// MultivariateNormal.rsample: tests/fixtures/mvn-vjp/make.py, covariance / precision / scale_tril, batches,
// condition numbers up to 1e4. Tolerance: 1e-12 of the largest reference entry (achieved 7e-15, printed
// by the test), plus a finite-difference check that does not rely on torch.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, memory, scope, tensor, MultivariateNormal, type Tensor } from "../../../sdk/index";

const data = JSON.parse(readFileSync(new URL("../../fixtures/mvn-vjp/data.json", import.meta.url), "utf8"));
const TOL = 1e-12;

/** max |got − want| / max |want|. */
function scaledErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0, worst = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / scale;
    if (!(e <= worst)) worst = e; // NaN fails
  }
  return got.length === want.length ? worst : Infinity;
}

const reshape = (flat: number[], shape: number[]): unknown => {
  if (shape.length === 0) return flat[0];
  const step = flat.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) => reshape(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
};

beforeAll(async () => { await init(); });

describe("MultivariateNormal.rsampleVjp", () => {
  it("matches torch's autograd for loc and the given matrix in every fixture case", () => {
    let worst = 0;
    for (const c of data.cases) {
      scope(() => {
        const m = new MultivariateNormal(reshape(c.loc, [...c.batch, c.d]) as number[], { [c.arg]: reshape(c.matrix, [...c.batch, c.d, c.d]) });
        const z = tensor(c.z, [c.n, ...c.batch, c.d], "float64");
        const g = m.rsampleVjp(z, tensor(c.g, [c.n, ...c.batch, c.d], "float64"));
        expect(Object.keys(g).sort()).toEqual([...new Set(["loc", "scaleTril", c.arg])].sort());
        expect(g.loc.shape).toEqual([...c.batch, c.d]);
        expect(g[c.arg].shape).toEqual([...c.batch, c.d, c.d]);
        const eLoc = scaledErr(g.loc.toArray(), c.gradLoc);
        const eMat = scaledErr(g[c.arg].toArray(), c.gradMatrix);
        expect(eLoc, `${c.arg} d=${c.d} loc`).toBeLessThan(TOL);
        expect(eMat, `${c.arg} d=${c.d} batch=[${c.batch}] matrix`).toBeLessThan(TOL);
        worst = Math.max(worst, eLoc, eMat);
      });
    }
    console.log(`rsampleVjp vs torch: max error ${worst.toExponential(1)} of the largest entry`);
  });

  it("agrees with central finite differences of ℓ(Σ) = Σ G·(μ + chol(Σ)·z) along symmetric directions", () => {
    scope(() => {
      const sigma = [[2, 0.6, -0.3], [0.6, 1.5, 0.2], [-0.3, 0.2, 0.8]];
      const loc = [0.5, -1, 2];
      const n = 4;
      const zs = Array.from({ length: n * 3 }, (_, i) => Math.sin(1.7 * i + 0.3));
      const gs = Array.from({ length: n * 3 }, (_, i) => Math.cos(0.9 * i - 0.2));
      // ℓ from the distribution's own affine map: x = rsample's value for this z is μ + L·z, recomputed here
      // from its scaleTril (the kernel's L) so that ℓ depends on Σ only through the factorisation
      const loss = (s: number[][]) => {
        const l = new MultivariateNormal(loc, { covarianceMatrix: s }).scaleTril;
        let total = 0;
        for (let r = 0; r < n; r++) {
          for (let i = 0; i < 3; i++) {
            let x = loc[i];
            for (let j = 0; j <= i; j++) x += l[i * 3 + j] * zs[r * 3 + j];
            total += gs[r * 3 + i] * x;
          }
        }
        return total;
      };
      const m = new MultivariateNormal(loc, { covarianceMatrix: sigma });
      const grad = m.rsampleVjp(tensor(zs, [n, 3], "float64"), tensor(gs, [n, 3], "float64")).covarianceMatrix.toArray();
      const h = 1e-6;
      for (const [i, j] of [[0, 0], [1, 0], [2, 1], [2, 2]]) {
        const step = (sign: number) => sigma.map((row, a) => row.map((v, b) => v + ((a === i && b === j) || (a === j && b === i) ? sign * h : 0)));
        const fd = (loss(step(1)) - loss(step(-1))) / (2 * h);
        // a symmetric direction E_ij + E_ji (i ≠ j) meets both entries of the symmetric gradient
        const analytic = i === j ? grad[i * 3 + i] : grad[i * 3 + j] + grad[j * 3 + i];
        expect(Math.abs(fd - analytic), `(${i}, ${j})`).toBeLessThan(1e-7 * Math.max(1, Math.abs(analytic)));
      }
    });
  });

  it("turns rsample's noise and ∂ℓ/∂x = x into ≈ n·½·I for ℓ = ½‖x‖² with μ = 0 (E ∂ℓ/∂Σ = ½I)", () => {
    scope(() => {
      const m = new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.8], [0.8, 1]] });
      const n = 20000;
      const { value, noise } = m.rsample(key(7), [n], { dtype: "float64" });
      const g = m.rsampleVjp(noise, value).covarianceMatrix.toArray().map((v) => v / n);
      // each entry is a mean of n terms with standard deviation below 2: 4 standard errors ≈ 0.06
      for (const [k, want] of [[0, 0.5], [1, 0], [2, 0], [3, 0.5]]) expect(Math.abs(g[k] - want), `entry ${k}`).toBeLessThan(0.06);
    });
  });

  it("accepts float32 noise and a broadcast gradOutput and sums over the sample dimensions", () => {
    scope(() => {
      const m = new MultivariateNormal([[0, 0], [1, 1]], { scaleTril: [[1, 0], [0.5, 2]] });
      const z = tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], "float32");
      const g = m.rsampleVjp(z, [1, 0]);
      expect(g.loc.shape).toEqual([2, 2]);
      expect(g.loc.toArray()).toEqual(new Float64Array([2, 0, 2, 0]));
      // batch 0 sees z rows (1, 2) and (5, 6): tril(Σ ḡ·zᵀ) = [[1 + 5, 0], [0, 0]]
      expect(Array.from(g.scaleTril.toArray())).toEqual([6, 0, 0, 0, 10, 0, 0, 0]);
    });
  });

  it("rejects noise that is not a draw of the distribution and a gradOutput that does not broadcast, leaking nothing", () => {
    const before = memory().tensors;
    const m = new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0], [0, 1]] });
    const z = tensor([1, 2, 3], [3], "float64");
    expect(() => m.rsampleVjp(z, [1, 1, 1])).toThrow(/noise of shape \[3\] is not a draw of \[\.\.\., 2\]/);
    const z2 = tensor([1, 2, 3, 4], [2, 2], "float64");
    expect(() => m.rsampleVjp(z2, [1, 2, 3])).toThrow(/gradOutput/);
    expect(() => m.rsampleVjp([1, 2] as unknown as Tensor, [1, 2])).toThrow(/noise must be the Tensor z of rsample/);
    z2.dispose();
    expect(() => m.rsampleVjp(z2, [1, 2])).toThrow(/used after dispose/);
    z.dispose();
    expect(memory().tensors).toBe(before);
  });
});
