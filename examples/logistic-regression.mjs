// README's ten-line logistic regression, trained with valueAndGrad (run: node examples/logistic-regression.mjs).
import { init, key, split, normal, tensor, zeros, scope, valueAndGrad, binaryCrossEntropyWithLogits, memory } from "stochasm";

await init();
const [kx] = split(key(0));
const X = normal(kx, [500, 2]);                                        // features
const y = scope(() => X.matmul(tensor([[2], [-1]])).gt(0.5).to("float32")); // labels from a true boundary
const loss = (p, X, y) => binaryCrossEntropyWithLogits(X.matmul(p.w).add(p.b), y).loss;
let params = { w: zeros([2, 1]), b: zeros([1]) };
for (let step = 0; step < 300; step++) {
  const next = scope(() => {
    const [, g] = valueAndGrad(loss)(params, X, y);                    // gradients with params' structure
    return { w: params.w.sub(g.w.mul(1)), b: params.b.sub(g.b.mul(1)) };
  });
  params.w.dispose(); params.b.dispose(); params = next;
}
const accuracy = scope(() => X.matmul(params.w).add(params.b).gt(0).eq(y.to("int32")).to("float32").mean().item());
console.log("w", params.w.toString(), "b", params.b.toString());
console.log("final loss", scope(() => loss(params, X, y).item()).toFixed(4), "accuracy", accuracy.toFixed(3));
console.log("live tensors", memory().tensors, "(X, y, w, b)");
