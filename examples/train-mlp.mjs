// README's twenty-line training example: an MLP with dropout learns three Gaussian blobs with Adam.
// Run: node examples/train-mlp.mjs   (after npm run build). Same output bits in every runtime and build.
import { init, key, split, foldIn, normal, randint, tensor, add, indexSelect, scope, valueAndGrad, crossEntropy,
  Sequential, Linear, ReLU, Dropout, Adam, argmax, eq, mean, to } from "../dist/stochasm.mjs";

await init();
const [kData, kNet, kDrop] = split(key(0), 3);
const labels = randint(kData, [300], 0, 3);                          // 300 points of three classes
const centers = tensor([[2, 0], [-1, 1.7], [-1, -1.7]]);
const x = add(indexSelect(centers, 0, labels), normal(foldIn(kData, 1), [300, 2], { std: 1.2 }));
const net = new Sequential(new Linear(2, 32, { key: foldIn(kNet, 0) }), new ReLU(), new Dropout(0.1), new Linear(32, 3, { key: foldIn(kNet, 1) }));
const opt = new Adam(net.parameters(), { lr: 0.01 });               // parameters: { "0.weight", "0.bias", "3.weight", "3.bias" }
const lossAndGrads = valueAndGrad((params, k) => crossEntropy(net.call(params, x, { key: k }), labels).loss);
for (let step = 0; step < 200; step++) scope(() => {                 // frees each step's tensors
  const [loss, grads] = lossAndGrads(net.parameters(), foldIn(kDrop, step));   // a dropout key per step
  opt.step(grads);                                                   // one WASM call updates every parameter
  if (step % 50 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
});
net.eval();                                                          // dropout off
const accuracy = scope(() => mean(to(eq(argmax(net.forward(x), { dim: 1 }), labels), "float32")).item());
console.log(`train accuracy ${accuracy.toFixed(3)}`);
