// The curvature of a loss at a point (seed 003: "Hessian eigenvalues indicate loss surface curvature … large
// eigenvalue ratio → ill-conditioned optimization"): the Hessian by autograd (hessian = jacobian ∘ grad), its
// eigenvalues by the float64 symmetric eigensolver (linalg/eigh.ts), the condition number and the number of
// negative eigenvalues (0 at a strict minimum, ≥ 1 at a saddle).
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { hessian } from "../autograd/transforms.js";
import { eigh } from "../linalg/eigh.js";

/** What hessianSpectrum returns: tensors you own (dispose them). */
export interface HessianSpectrum {
  /** ∂²f/∂xᵢ∂xⱼ, shape [n, n], x's dtype. */
  hessian: Tensor;
  /** Its eigenvalues in ascending order, float64 [n]. */
  eigenvalues: Tensor;
  /** |λ|max/|λ|min (Infinity when an eigenvalue is 0). The seed's λmax/(λmin + 1e-10) is this for a positive definite H; at a saddle it would be negative. */
  condition: number;
  /** How many eigenvalues are < 0 (the Morse index): 0 at a minimum, 1 at the saddle of x² − y². */
  negative: number;
}

/**
 * The Hessian of a scalar f at a vector x, its eigenvalues and condition number.
 * @param f a function of one 1-D tensor returning a one-element tensor (differentiable twice by autograd)
 * @param x the point, shape [n], float32 or float64
 * @example
 * const { eigenvalues, condition } = hessianSpectrum(rosenbrock, tensor([1, 1], [2], "float64"));
 * // eigenvalues [0.39936…, 1001.6006…], condition 2508.0096…
 */
export function hessianSpectrum(f: (x: Tensor) => Tensor, x: Tensor): HessianSpectrum {
  if (typeof f !== "function") throw new TypeError(`hessianSpectrum: f must be a function, got ${describe(f)}`);
  if (!(x instanceof Tensor)) throw new TypeError(`hessianSpectrum: x must be a Tensor, got ${describe(x)}`);
  x.assertLive("hessianSpectrum: x");
  if (x.shape.length !== 1 || x.size < 1) throw new RangeError(`hessianSpectrum: x must be a 1-D tensor with at least one element, got shape ${describe(x.shape)}`);
  if (x.dtype === "int32") throw new TypeError("hessianSpectrum: x has dtype int32; a Hessian needs float32 or float64");
  const H = hessian(f)(x);
  try {
    const { eigenvalues, eigenvectors } = eigh(H);
    eigenvectors.dispose();
    const ev = eigenvalues.toArray();
    let big = 0, small = Infinity, negative = 0;
    for (const v of ev) {
      big = Math.max(big, Math.abs(v));
      small = Math.min(small, Math.abs(v));
      if (v < 0) negative++;
    }
    return { hessian: H, eigenvalues, condition: small === 0 ? Infinity : big / small, negative };
  } catch (err) {
    H.dispose();
    throw err;
  }
}
