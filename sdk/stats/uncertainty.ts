// What an ensemble (S members, or S Monte Carlo dropout passes) does not know, per input, split two ways:
//   entropy:   H[p̄] = E_S[H[p_s]] + I(Y; S)                  predictive = aleatoric + epistemic
//   variance:  Var(Y_c) = Var_S(E[Y_c | S]) + E_S[Var(Y_c | S)]   total = epistemic + aleatoric
// with p_s = P(Y | x, S = s), p̄ = E_S[p_s] and Y_c the indicator of class c (law of total variance, seeds
// 000 and 001). Computed in WASM in float64 (assembly/stats/uncertainty.ts).
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapF64 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertDType, assertRank, describe } from "../errors.js";
import { assertProbabilityRows } from "../nn/validate.js";

/** The per-input parts, all float64 tensors owned by the caller. Entropies in nats. */
export interface UncertaintyDecomposition {
  /** [N, C] p̄, the members' mean class probabilities (the ensemble's prediction). */
  meanProbs: Tensor;
  /** [N] H[p̄], total uncertainty. */
  predictiveEntropy: Tensor;
  /** [N] E_S[H[p_s]], aleatoric: what each member already finds ambiguous. */
  expectedEntropy: Tensor;
  /** [N] I(Y; S) = H[p̄] − E_S[H[p_s]], epistemic: the members' disagreement (≥ 0 up to rounding). */
  mutualInformation: Tensor;
  /** [N, C] Var(Y_c) = p̄_c(1 − p̄_c). */
  totalVariance: Tensor;
  /** [N, C] Var_S(p_sc) (population variance over the S members), epistemic. */
  epistemicVariance: Tensor;
  /** [N, C] E_S[p_sc(1 − p_sc)], aleatoric. */
  aleatoricVariance: Tensor;
}

/** Checks a [S, N, C] probability tensor (rows in [0, 1] summing to 1 within ROW_SUM_TOLERANCE). */
export function assertMemberProbs(probs: Tensor, fn: string, name = "probs"): void {
  if (!(probs instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a float32 or float64 Tensor [members, inputs, classes], got ${describe(probs)}`);
  assertDType(probs, ["float32", "float64"], name);
  assertRank(probs, 3, name);
  const [s, n, c] = probs.shape;
  if (s < 1 || c < 1) throw new RangeError(`${fn}: ${name} needs ≥ 1 member and ≥ 1 class, got shape ${describe(probs.shape)}`);
  assertProbabilityRows(probs, s * n, c, name, fn);
}

/**
 * Splits the uncertainty of S members' class probabilities into aleatoric and epistemic parts, per input.
 * @param probs float32 or float64 [S, N, C]: member s's probabilities for input i in row (s, i)
 * @example
 * // two members that disagree completely: all of the uncertainty is epistemic
 * const u = uncertaintyDecomposition(tensor([[[1, 0]], [[0, 1]]], [2, 1, 2], "float64"));
 * u.mutualInformation.item();      // log 2 = 0.6931
 * u.expectedEntropy.item();        // 0
 * u.epistemicVariance.toArray();   // [0.25, 0.25] (= totalVariance; aleatoricVariance is [0, 0])
 */
export function uncertaintyDecomposition(probs: Tensor): UncertaintyDecomposition {
  assertMemberProbs(probs, "uncertaintyDecomposition");
  const [s, n, c] = probs.shape;
  const made: Tensor[] = [];
  const make = (shape: number[]) => { const t = new Tensor(shape, "float64"); made.push(t); return t; };
  let scratch = 0;
  try {
    const out = {
      meanProbs: make([n, c]), predictiveEntropy: make([n]), expectedEntropy: make([n]), mutualInformation: make([n]),
      totalVariance: make([n, c]), epistemicVariance: make([n, c]), aleatoricVariance: make([n, c]),
    };
    let src = probs.dtype === "float64" ? probs.ptr : 0;
    if (src === 0) {
      scratch = allocBytes(8 * probs.size);
      heapF64().set(probs.view(), scratch >>> 3);
      src = scratch;
    }
    core().uncertaintyDecompositionF64(out.meanProbs.ptr, out.predictiveEntropy.ptr, out.expectedEntropy.ptr,
      out.mutualInformation.ptr, out.totalVariance.ptr, out.epistemicVariance.ptr, out.aleatoricVariance.ptr, src, s, n, c);
    return out;
  } catch (err) {
    for (const t of made) t.dispose();
    throw err;
  } finally {
    if (scratch !== 0) freeBytes(scratch);
  }
}
