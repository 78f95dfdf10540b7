// Activations as parameter-free modules (torch.nn.ReLU, …), for Sequential. Each calls the differentiable op
// of the same name (sdk/ops/pointwise.ts, sdk/nn/softmax.ts).
import type { Tensor } from "../tensor.js";
import { elu, gelu, leakyRelu, logSigmoid, relu, sigmoid, silu, softplus, tanh } from "../ops/pointwise.js";
import { logSoftmax, softmax } from "./softmax.js";
import { Module, type Params } from "./module.js";

/** max(x, 0). */
export class ReLU extends Module {
  call(_p: Params, x: Tensor): Tensor { return relu(x); }
}

/** x for x ≥ 0, negativeSlope·x otherwise (default 0.01). */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  call(_p: Params, x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
  protected describeSelf(): string { return `LeakyReLU(negativeSlope=${this.negativeSlope})`; }
}

/** x for x > 0, α(eˣ − 1) otherwise (default α = 1). */
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  call(_p: Params, x: Tensor): Tensor { return elu(x, this.alpha); }
  protected describeSelf(): string { return `ELU(alpha=${this.alpha})`; }
}

/** x·Φ(x) (approximate "none", the default) or its tanh approximation. */
export class GELU extends Module {
  constructor(readonly approximate: "none" | "tanh" = "none") { super(); }
  call(_p: Params, x: Tensor): Tensor { return gelu(x, { approximate: this.approximate }); }
  protected describeSelf(): string { return `GELU(approximate=${this.approximate})`; }
}

/** 1/(1 + e⁻ˣ). */
export class Sigmoid extends Module {
  call(_p: Params, x: Tensor): Tensor { return sigmoid(x); }
}

/** tanh x. */
export class Tanh extends Module {
  call(_p: Params, x: Tensor): Tensor { return tanh(x); }
}

/** log(1 + e^{βx})/β, linear above threshold (torch's defaults β = 1, threshold 20). */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  call(_p: Params, x: Tensor): Tensor { return softplus(x, { beta: this.beta, threshold: this.threshold }); }
  protected describeSelf(): string { return `Softplus(beta=${this.beta}, threshold=${this.threshold})`; }
}

/** x·σ(x) (swish). */
export class SiLU extends Module {
  call(_p: Params, x: Tensor): Tensor { return silu(x); }
}

/** log σ(x). */
export class LogSigmoid extends Module {
  call(_p: Params, x: Tensor): Tensor { return logSigmoid(x); }
}

/** softmax along `dim` (default the last axis), float32 or float64: torch.nn.Softmax(dim). */
export class Softmax extends Module {
  constructor(readonly dim = -1) { super(); }
  call(_p: Params, x: Tensor): Tensor { return softmax(x, { dim: this.dim }); }
  protected describeSelf(): string { return `Softmax(dim=${this.dim})`; }
}

/** log softmax along `dim` (default the last axis), float32 or float64: torch.nn.LogSoftmax(dim). */
export class LogSoftmax extends Module {
  constructor(readonly dim = -1) { super(); }
  call(_p: Params, x: Tensor): Tensor { return logSoftmax(x, { dim: this.dim }); }
  protected describeSelf(): string { return `LogSoftmax(dim=${this.dim})`; }
}
