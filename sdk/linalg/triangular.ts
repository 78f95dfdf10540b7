// Triangular solves op(A)·X = B by forward / back substitution.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { ownOptions, describe } from "../errors.js";
import { LinAlgError } from "./errors.js";
import { float64Arg, release, what } from "./matrix.js";
import { anyTracked, record } from "../autograd/tape.js";
import { neg } from "../ops/elementwise.js";
import { tril, triu } from "../ops/indexing.js";
import { transpose as swap, unsqueeze } from "../ops/shape.js";
import { matmul2d } from "./matmul.js";

/** Options of solveTriangular. */
export interface SolveTriangularOptions {
  /** a is upper triangular (default false: lower). Only that triangle is read. */
  upper?: boolean;
  /** Solve aᵀ·X = B (default false). */
  transpose?: boolean;
  /** Take the diagonal of a as ones without reading it (default false), like torch's unitriangular. */
  unitDiagonal?: boolean;
}

/**
 * X with op(A)·X = B, op(A) = A or Aᵀ, A triangular, like torch.linalg.solve_triangular(A, B, upper=…)
 * (with `transpose` instead of passing Aᵀ). Computed in float64; float32 arguments are converted first.
 * @param a (n, n) triangular, float64 or float32, finite.
 * @param b (n, k) or (n), float64 or float32, finite.
 * @returns X, float64, the shape of b.
 * Differentiable in a and b: with M = op(A), B̄ = M⁻ᵀ·X̄ and M̄ = −B̄·Xᵀ, kept on the triangle of a that is read
 * (strictly, with unitDiagonal), as torch.
 * @throws LinAlgError when a has a zero on the diagonal (and unitDiagonal is false).
 * @example
 * const L = tensor([[2, 0], [1, 1]], [2, 2], "float64");
 * solveTriangular(L, tensor([2, 3], [2], "float64"));                       // [1, 2]
 * solveTriangular(L, tensor([2, 3], [2], "float64"), { transpose: true });  // Lᵀ·x = b: [-0.5, 3]
 */
export function solveTriangular(a: Tensor, b: Tensor, options: SolveTriangularOptions = {}): Tensor {
  options = ownOptions(options, "solveTriangular");
  const { upper = false, transpose = false, unitDiagonal = false } = options;
  for (const [name, v] of [["upper", upper], ["transpose", transpose], ["unitDiagonal", unitDiagonal]] as const) {
    if (typeof v !== "boolean") throw new TypeError(`solveTriangular: options.${name} must be a boolean, got ${describe(v)}`);
  }
  const A = float64Arg("solveTriangular", "a", a, { square: true });
  let B;
  try {
    B = float64Arg("solveTriangular", "b", b, { allowVector: true });
  } catch (err) {
    release(A);
    throw err;
  }
  const n = A.rows;
  try {
    if (B.rows !== n) {
      throw new RangeError(`solveTriangular: b must have ${n} rows to match a ${describe(a.shape)}, got shape ${describe(b.shape)}`);
    }
    const out = new Tensor(b.shape, "float64");
    const bad = core().solveTriangularF64(out.ptr, A.t.ptr, B.t.ptr, n, B.cols, upper ? 1 : 0, transpose ? 1 : 0, unitDiagonal ? 1 : 0);
    if (bad !== 0) {
      out.dispose();
      throw new LinAlgError(`solveTriangular: a (${what(a)}) is singular: a[${bad - 1}][${bad - 1}] = 0 on the diagonal`);
    }
    if (!anyTracked([a, b])) return out;
    return record("solveTriangular", [a, b], out, (g) => {
      const gb = solveTriangular(a, g, { upper, transpose: !transpose, unitDiagonal });
      const gm = neg(matmul2d(column(gb), column(out), { transposeB: true }));
      const ga = transpose ? swap(gm) : gm;
      const k = unitDiagonal ? 1 : 0;
      return [upper ? triu(ga, k) : tril(ga, -k), gb];
    });
  } finally {
    release(A, B);
  }
}

/** A 1-D right-hand side as the (n, 1) matrix it stands for. */
export function column(t: Tensor): Tensor {
  return t.shape.length === 1 ? unsqueeze(t, 1) : t;
}
