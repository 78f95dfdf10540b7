// Item 1 of issue 15 on real data (seed 000): the variance of mini-batch gradients of a trained digits model
// follows the finite-population formula S²ₖ(1/B − 1/N). The N per-example gradients (perExampleGrads) of the
// last layer's weights are the population; S²ₖ is their variance per coordinate k (divisor N − 1). For each B,
// batches drawn without replacement (the first B of a fresh permutation) give the mini-batch gradient ḡ; per
// batch (1/K)Σₖ (ḡₖ − Gₖ)²/(S²ₖ(1/B − 1/N)) has mean exactly 1, and its mean over the batches ± s.e. is the row.
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { permutation } from "../data/permutation.js";
import { batches } from "../data/batches.js";
import { div, mul, square, sub } from "../ops/elementwise.js";
import { mean, sum, variance } from "../ops/reduce.js";
import { concat, narrow, reshape } from "../ops/shape.js";
import { indexSelect } from "../ops/indexing.js";
import { gt, where } from "../ops/compare.js";
import { to } from "../ops/cast.js";
import { crossEntropy } from "../nn/losses.js";
import { perExampleGrads } from "../nn/per-example.js";
import { scope } from "../runtime/memory.js";
import { finitePopulationVariance } from "../stats/closed-forms.js";
import { ExperimentResult, check, estimateMean } from "./result.js";
import { firstImages, trainDigitsNet, type Digits } from "./digits.js";

/**
 * Per-example gradients of a 784-hidden-10 ReLU net trained one pass (Adam, lr 1e-3, batches of 64) on the
 * first n training digits; for each B in `sizes` (< n), `replications` batches without replacement; one row a B.
 * Details: K (coordinates with S²ₖ > 0: a hidden unit dead on all n digits has none) and the mean of
 * S²ₖ(1/B − 1/N) over them, the size of what is measured.
 */
export function minibatchDigitsExperiment({ n = 8192, hidden = 32, replications = 200, sizes = [8, 32, 128, 512, 2048, 4096] } = {}, k: Key, digits: Digits, label = "digits"): ExperimentResult[] {
  return scope(() => {
    const set = firstImages(digits.train, n);
    const N = set.count;
    const net = trainDigitsNet(set, { hidden: [hidden], epochs: 1, batchSize: 64, lr: 1e-3 }, foldIn(k, 0));
    try {
      // per-example gradients of the last layer's weights "2.weight" [10, hidden], in chunks, as float64 [N, 10·hidden]
      const width = 10 * hidden;
      const chunks: Tensor[] = [];
      for (const b of batches(set, { batchSize: 512 })) {
        chunks.push(scope(() => {
          const g = perExampleGrads(net, net.parameters(), b.x, (out) => crossEntropy(out, b.y as Tensor, { reduction: "none" }).loss);
          return to(reshape(g["2.weight"], [b.indices.length, width]), "float64");
        }));
      }
      const G = concat(chunks);
      const popMean = mean(G, { dim: 0 });
      const S2 = variance(G, { dim: 0 });
      const alive = gt(S2, 0);
      const K = sum(to(alive, "float64")).item();
      return sizes.filter((B) => B < N).map((B, j) => {
        const theory = mul(S2, finitePopulationVariance(1, B, N));
        const stats = new Float64Array(replications);
        for (let r = 0; r < replications; r++) {
          stats[r] = scope(() => {
            const batch = indexSelect(G, 0, narrow(permutation(foldIn(foldIn(k, 1 + j), r), N), 0, 0, B));
            return sum(where(alive, div(square(sub(mean(batch, { dim: 0 }), popMean)), theory), 0)).item() / K;
          });
        }
        return check(`minibatch:${label} gradients N=${N} B=${B}`, "mini-batch gradients of a trained net without replacement: variance S²ₖ(1/B − 1/N) per coordinate",
          "E[(ḡₖ − Gₖ)²] = S²ₖ(1/B − 1/N)", "000", 1, estimateMean(tensor(stats, [replications], "float64")),
          { coordinates: K, of: width, meanFormula: sum(where(alive, theory, 0)).item() / K });
      });
    } finally {
      net.dispose();
    }
  });
}
