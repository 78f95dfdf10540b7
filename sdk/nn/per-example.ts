// Per-example gradients of Linear layers in one forward and one backward pass (Goodfellow 2015, "Efficient
// per-example gradient computations"): for z = a·Wᵀ + b, example i's gradient is ∂ℓᵢ/∂W = gᵢᵀ·aᵢ and
// ∂ℓᵢ/∂b = Σ_t gᵢ[t], where g = ∂(Σⱼ ℓⱼ)/∂z — exact because example i's loss depends on z only through row i.
// g is found by adding a zero "probe" to every Linear's output and differentiating with respect to the probes.
import { Tensor, full, zeros } from "../tensor.js";
import { describe } from "../errors.js";
import { scopeRetaining } from "../runtime/memory.js";
import { closeTape, openTape, referencedByOpenTape } from "../autograd/tape.js";
import { backward } from "../autograd/transforms.js";
import { add, mul } from "../ops/elementwise.js";
import { sum } from "../ops/reduce.js";
import { reshape } from "../ops/shape.js";
import { matmul } from "../linalg/matmul-nd.js";
import { Module, type ForwardOptions, type Params } from "./module.js";
import { linearTrace, type Linear } from "./layers.js";

interface Probe { layer: Linear; params: Params; x: Tensor; probe: Tensor }

// Modules whose output for one example depends on the others in training mode.
const MIXING = new Set(["BatchNorm1d", "BatchNorm2d", "TimewiseBatchNorm"]);

/**
 * The gradient of each example's loss with respect to every parameter: for a parameter of shape s, a tensor
 * [B, ...s] whose row i is ∂ℓᵢ/∂θ, computed exactly with one forward and one backward pass (no loop over
 * examples). Every parameter must belong to a Linear layer (other layers may appear if they have none);
 * batch norms in training mode mix examples and are an error.
 * @param net the model; `params` its parameter tree (net.parameters() or a tree of the same names)
 * @param x the batch [B, ...]; the first axis of every Linear's input is the batch
 * @param loss output → per-example losses [B] (reduction "none") or their sum; a mean gives gradients ÷ B
 * @example
 * const g = perExampleGrads(net, net.parameters(), x, (out) => crossEntropy(out, y, { reduction: "sum" }).loss);
 * g["0.weight"].shape;   // [64, 128, 784]
 */
export function perExampleGrads(net: Module, params: Params, x: Tensor, loss: (output: Tensor) => Tensor, options: ForwardOptions = {}): Params {
  const fn = "perExampleGrads";
  if (!(net instanceof Module)) throw new TypeError(`${fn}: net must be a Module, got ${describe(net)}`);
  if (typeof loss !== "function") throw new TypeError(`${fn}: loss must be a function of the output, got ${describe(loss)}`);
  if (!(x instanceof Tensor) || x.shape.length === 0) throw new TypeError(`${fn}: x must be a Tensor with a batch axis, got ${describe(x instanceof Tensor ? x.shape : x)}`);
  for (const [name, m] of net.namedModules()) {
    if (m.training && MIXING.has(m.constructor.name)) throw new TypeError(`${fn}: ${name === "" ? "net" : name} is a ${m.constructor.name} in training mode, which mixes the examples of a batch; call eval() on it`);
  }
  const names = new Map<Tensor, string>();
  for (const [k, t] of Object.entries(params)) {
    if (!(t instanceof Tensor)) throw new TypeError(`${fn}: params["${k}"] must be a Tensor, got ${describe(t)}`);
    names.set(t, k);
  }
  const B = x.shape[0];
  if (linearTrace.hook !== null) throw new TypeError(`${fn}: cannot be nested inside another perExampleGrads`);
  return scopeRetaining(() => {
    const probes: Probe[] = [];
    const tape = openTape([]);
    let total: Tensor;
    linearTrace.hook = (layer, p, input, z) => {
      if (input.shape.length < 2 || input.shape[0] !== B) throw new RangeError(`${fn}: a Linear's input must have the batch (${B}) on its first axis, got shape ${describe(input.shape)}`);
      const probe = zeros(z.shape, z.dtype);
      tape.tracked.add(probe);
      tape.referenced.add(probe);
      probes.push({ layer, params: p, x: input, probe });
      return add(z, probe);
    };
    try {
      const out = net.call(params, x, options);
      const l = loss(out);
      if (!(l instanceof Tensor)) throw new TypeError(`${fn}: loss must return a Tensor, got ${describe(l)}`);
      total = l.size === 1 ? l : sum(l);
    } finally {
      linearTrace.hook = null;
      closeTape(tape);
    }
    const gz = probes.length === 0 ? [] : backward(tape, new Map([[total, full(total.shape, 1, total.dtype)]]), probes.map((p) => p.probe));
    const result: Params = {};
    const accumulate = (name: string, g: Tensor): void => {
      result[name] = result[name] === undefined ? g : add(result[name], g);
    };
    probes.forEach(({ layer, params: p, x: a }, i) => {
      const g3 = reshape(gz[i], [B, -1, layer.outFeatures]);
      const a3 = reshape(a, [B, -1, layer.inFeatures]);
      // one position per example: the outer product gᵢ ⊗ aᵢ as a broadcast multiply (1.5× a k = 1 product)
      const T = g3.shape[1];
      const gW = T === 1 ? mul(reshape(g3, [B, layer.outFeatures, 1]), a3) : matmul(g3, a3, { transposeA: true });
      accumulate(names.get(p.weight) ?? "?", gW);
      if (layer.bias) accumulate(names.get(p.bias) ?? "?", sum(g3, { dim: 1 }));
    });
    for (const k of names.values()) {
      if (result[k] === undefined) throw new TypeError(`${fn}: parameter "${k}" does not belong to a Linear layer that the forward pass used; per-example gradients are computed for Linear layers only`);
    }
    const ordered: Params = {};
    for (const k of names.values()) ordered[k] = result[k];
    return ordered;
  }, (d) => referencedByOpenTape(d as Tensor));
}
