// Type-checked by tests/sdk/runtime/types.test.ts as an ES module consumer: tsc --strict with lib es2022 and
// @types/node only (no DOM lib), the package resolved through its "exports" (node16 resolution).
import { init, initSync, key, split, normal, scope, Normal, memory, type Key, type Tensor, type CoreInfo } from "stochasm";
import * as edge from "stochasm/module";
import wasm from "stochasm/stochasm.simd.wasm";

const info: CoreInfo = await init({ simd: "auto" });
const again: CoreInfo = initSync({ simd: info.simd });
await edge.init({ wasm });
const module: WebAssembly.Module = wasm;

const [k1, k2]: [Key, Key] = split(key(again.streamVersion));
const three: [Key, Key, Key] = split(k1, 3);
const many: Key[] = split(k2, 10);
{
  using x = normal(k2, [4]);                 // needs [Symbol.dispose] on Tensor
  const y: Tensor = scope(() => new Normal(0, 1).sample(three[0], [2]));
  const draw = new Normal(0, 1).rsample(three[1], [2]);
  const byScale: Tensor = draw.grads.scale;   // rsample().grads is typed per distribution
  byScale.dispose(); draw.grads.loc.dispose(); draw.value.dispose();
  y.dispose();
  x.toArray();
}
console.log(memory().tensors, many.length, module);
