// matmul with torch's rules for any rank: 1-D·1-D is a dot product, a 1-D operand gains (then loses) a dim,
// and N-D operands broadcast their leading (batch) dims. 2-D operands take the kernel path of matmul.ts
// directly, with its transposeA / transposeB / alpha / beta / out options.
import { Tensor } from "../tensor.js";
import { ownOptions, describe } from "../errors.js";
import { bmm, matmul2d, type MatmulOptions } from "./matmul.js";
import { broadcastShapes } from "../array-input.js";
import { expand, reshape, squeeze, unsqueeze } from "../ops/shape.js";
import { promote, to } from "../ops/cast.js";
import { composite } from "../ops/composite.js";

function operand(t: unknown, name: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`matmul: ${name} must be a Tensor, got ${describe(t)}`);
  t.assertLive(`matmul: ${name}`);
  if (t.dtype === "int32") throw new TypeError(`matmul: ${name} must have dtype float32 or float64, got int32 (convert with .to("float32"))`);
}

/**
 * Matrix product with torch.matmul's rules: 1-D·1-D → a scalar (dot product); 2-D·1-D → a vector; 1-D·2-D →
 * a vector; N-D operands are batches of matrices whose leading dims broadcast ([2, 1, 3, 4]·[5, 4, 2] →
 * [2, 5, 3, 2]). Options (transposeA/transposeB: the last two dims read transposed; alpha; beta and out for
 * 2-D only) as before. float32 with float64 promotes to float64. Differentiable (except with out).
 * Each element sums over k in order: the same bits in every build and runtime.
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]]));   // [[17], [39]]
 * matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));            // 32 (shape [])
 * matmul(x, w, { transposeB: true });                       // x·wᵀ, as in a dense layer
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  options = ownOptions(options, "matmul");
  operand(a, "a");
  operand(b, "b");
  if (a.shape.length === 2 && b.shape.length === 2 && a.dtype === b.dtype) return matmul2d(a, b, options);
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new RangeError(`matmul: both operands need at least 1 dim, got ${describe(a.shape)} and ${describe(b.shape)}`);
  }
  return composite(() => {
    const dtype = promote(a.dtype, b.dtype);
    let x = to(a, dtype), y = to(b, dtype);
    if (x.shape.length === 2 && y.shape.length === 2) return matmul2d(x, y, options);
    const vecA = x.shape.length === 1, vecB = y.shape.length === 1;
    if (options.out !== undefined || (options.beta ?? 0) !== 0) {
      throw new RangeError("matmul: out and beta are supported for 2-D operands only");
    }
    const tA = options.transposeA ?? false, tB = options.transposeB ?? false;
    if (vecA) x = unsqueeze(x, tA ? 1 : 0);
    if (vecB) y = unsqueeze(y, tB ? 0 : 1);
    let out: Tensor;
    if (y.shape.length === 2 && !tA) {
      // a batch times one matrix: fold the batch into the rows (one kernel call, no copies)
      const k = x.shape[x.shape.length - 1];
      const rows = reshape(x, [-1, k]);
      const prod = matmul2d(rows, y, options);
      out = reshape(prod, [...x.shape.slice(0, -1), prod.shape[1]]);
    } else {
      const batchA = x.shape.slice(0, -2), batchB = y.shape.slice(0, -2);
      const batch = broadcastShapes([batchA, batchB], "matmul");
      const count = batch.reduce((p, d) => p * d, 1);
      const flat = (t: Tensor, own: readonly number[]): Tensor => {
        const m = t.shape.slice(-2);
        if (own.length === 0) return t; // 2-D: bmm broadcasts it over the batch
        const full = own.length === batch.length && own.every((d, i) => d === batch[i]) ? t : expand(t, [...batch, ...m]);
        return reshape(full, [count, ...m]);
      };
      const prod = bmm(flat(x, batchA), flat(y, batchB), options);
      out = reshape(prod, [...batch, ...prod.shape.slice(1)]);
    }
    if (vecA) out = squeeze(out, -2);
    if (vecB) out = squeeze(out, -1);
    return out;
  });
}
