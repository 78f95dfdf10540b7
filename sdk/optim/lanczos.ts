// The top-k eigenpairs of a symmetric operator known only through Hessian-vector products, by the Lanczos
// iteration with full reorthogonalisation (Lanczos 1950; Golub & Van Loan §10.1–10.3): for Hessian-aligned
// noise (NoiseCovariance kind "hessian") without forming the P × P Hessian. The orthogonalisation runs in
// WASM (assembly/optim/lanczos.ts), the small tridiagonal problem by eigh.
import { core } from "../runtime/core.js";
import { Tensor, empty } from "../tensor.js";
import { describe } from "../errors.js";
import { assertKey, foldIn, type Key } from "../random/key.js";
import { normal } from "../random/sample.js";
import { eigh } from "../linalg/eigh.js";
import { readOptions } from "./tree.js";

/** Options of lanczos. */
export interface LanczosOptions {
  /** The dimension P of the vectors hvp takes. */
  dim: number;
  /** How many eigenpairs (largest eigenvalues first). */
  k: number;
  /** The start vector is N(0, I) from this key. */
  key: Key;
  /** Krylov dimension m (k ≤ m ≤ P); default min(P, max(2k + 20, 40)). */
  iterations?: number;
  /** The dtype of the vectors given to hvp (default float64). */
  dtype?: "float32" | "float64";
}

/**
 * The k largest eigenvalues (descending) and their eigenvectors (columns of [P, k], float64) of the symmetric
 * operator v ↦ hvp(v). hvp gets a [P] tensor and returns a new [P] tensor (lanczos disposes it).
 * On an invariant subspace (β ≈ 0, e.g. H = cI) it restarts from a fresh random vector (key folded with the
 * step) orthogonal to the basis, with β = 0, so the k pairs exist for any symmetric operator.
 * @example
 * const { eigenvalues, eigenvectors } = lanczos((v) => matmul(h, v.reshape([p, 1])).reshape([p]), { dim: p, k: 2, key: key(0) });
 */
export function lanczos(hvp: (v: Tensor) => Tensor, options: LanczosOptions): { eigenvalues: Tensor; eigenvectors: Tensor } {
  if (typeof hvp !== "function") throw new TypeError(`lanczos: hvp must be a function (v: Tensor) => Tensor, got ${describe(hvp)}`);
  const o = readOptions("lanczos", options, { dim: 0, k: 0, key: undefined as unknown as Key, iterations: 0, dtype: "float64" as "float32" | "float64" });
  if (!Number.isInteger(o.dim) || o.dim < 1) throw new RangeError(`lanczos: dim must be an integer ≥ 1, got ${describe(o.dim)}`);
  if (!Number.isInteger(o.k) || o.k < 1 || o.k > o.dim) throw new RangeError(`lanczos: k must be an integer in [1, dim = ${o.dim}], got ${describe(o.k)}`);
  assertKey(o.key, "lanczos: key");
  if (o.dtype !== "float32" && o.dtype !== "float64") throw new TypeError(`lanczos: dtype must be "float32" or "float64", got ${describe(o.dtype)}`);
  const n = o.dim;
  const m = options.iterations === undefined ? Math.min(n, Math.max(2 * o.k + 20, 40)) : o.iterations;
  if (!Number.isInteger(m) || m < o.k || m > n) throw new RangeError(`lanczos: iterations must be an integer in [k = ${o.k}, dim = ${n}], got ${describe(m)}`);
  const c = core();
  const basis = empty([m + 1, n], "float64");
  const w = empty([n], "float64");
  const alphas: number[] = [];
  const betas: number[] = [];
  try {
    const start = normal(o.key, [n], { dtype: "float64" });
    try {
      w.view().set(start.view());
    } finally {
      start.dispose();
    }
    if (!(c.lanczosNormalizeF64(basis.ptr, w.ptr, n) > 0)) throw new RangeError("lanczos: the start vector is zero");
    let steps = 0;
    for (let j = 0; j < m; j++) {
      const v = empty([n], o.dtype);
      let hv: unknown = null;
      try {
        v.view().set(basis.view().subarray(j * n, (j + 1) * n));
        hv = hvp(v);
        if (!(hv instanceof Tensor) || hv.disposed || hv.size !== n || hv.dtype === "int32") {
          throw new TypeError(`lanczos: hvp must return a live float tensor of ${n} elements, got ${hv instanceof Tensor ? `${hv.dtype} ${describe(hv.shape)}` : describe(hv)}`);
        }
        w.view().set(hv.view());
      } finally {
        v.dispose();
        if (hv instanceof Tensor) hv.dispose(); // may be v itself (hvp = identity): dispose is idempotent
      }
      alphas.push(c.lanczosOrthogonalizeF64(w.ptr, basis.ptr, j, n) as number);
      steps = j + 1;
      if (j === m - 1) break;
      const beta = c.lanczosNormalizeF64(basis.ptr + (j + 1) * n * 8, w.ptr, n) as number;
      if (beta > 1e-12 * Math.max(...alphas.map(Math.abs), 1e-300)) {
        betas.push(beta);
        continue;
      }
      // an invariant subspace (e.g. H = cI): restart from a fresh vector orthogonal to the basis, β = 0
      const fresh = normal(foldIn(o.key, j + 1), [n], { dtype: "float64" });
      try {
        w.view().set(fresh.view());
      } finally {
        fresh.dispose();
      }
      c.lanczosOrthogonalizeF64(w.ptr, basis.ptr, j, n);
      if (!((c.lanczosNormalizeF64(basis.ptr + (j + 1) * n * 8, w.ptr, n) as number) > 0)) break;
      betas.push(0);
    }
    if (steps < o.k) throw new RangeError(`lanczos: found only ${steps} < k = ${o.k} orthogonal directions`);
    // T = tridiag(β, α, β), m × m; its eigenvectors S give the Ritz vectors Q·S
    const t = empty([steps, steps], "float64");
    const tv = t.view();
    tv.fill(0);
    for (let i = 0; i < steps; i++) {
      tv[i * steps + i] = alphas[i];
      if (i + 1 < steps) tv[i * steps + i + 1] = tv[(i + 1) * steps + i] = betas[i];
    }
    const { eigenvalues: theta, eigenvectors: s } = eigh(t);
    t.dispose();
    const values = empty([o.k], "float64");
    const vectors = empty([n, o.k], "float64");
    const th = theta.toArray(), sv = s.toArray(), q = basis.toArray();
    theta.dispose();
    s.dispose();
    const val = values.view(), vec = vectors.view();
    for (let j = 0; j < o.k; j++) {
      const col = steps - 1 - j;
      val[j] = th[col];
      for (let r = 0; r < n; r++) {
        let acc = 0;
        for (let i = 0; i < steps; i++) acc += sv[i * steps + col] * q[i * n + r];
        vec[r * o.k + j] = acc;
      }
    }
    return { eigenvalues: values, eigenvectors: vectors };
  } finally {
    basis.dispose();
    w.dispose();
  }
}
