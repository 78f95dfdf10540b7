// The activation and pointwise kernels give the same bits in the SIMD and the scalar build (the as-pect spec
// compares each SIMD kernel with its …Ref sibling inside one module; this compares the two shipped modules).
import { afterAll, describe, expect, it } from "vitest";
import { init, initSync, memory, scope, tensor, type DType, type Tensor } from "../../../sdk/index";
import * as act from "../../../sdk/ops/activations";
import { bytes } from "./fixture";

// Deterministic values in (-scale, scale) with ±0, ±∞, NaN, subnormals and overflow edges mixed in (a 32-bit LCG).
function values(count: number, seed: number, scale: number): number[] {
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3e38, -5, 88.7, -88.7, 17.3, 1e20, -1e13];
  let s = (seed * 2654435761) >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (s >>> 28 === 7) return special[(s >>> 8) % special.length];
    return (s / 2 ** 32 * 2 - 1) * scale;
  });
}

type Fn = (...args: unknown[]) => Tensor;
const CALLS: [string, number[]][] = [
  ["relu", []], ["leakyRelu", [0.2]], ["elu", [0.7]], ["geluErf", []], ["geluTanh", []], ["sigmoid", []], ["tanh", []],
  ["softplus", [1.5, 10]], ["silu", []], ["logSigmoid", []], ["neg", []], ["square", []], ["sign", []], ["reciprocal", []],
  ["sin", []], ["cos", []], ["expm1", []], ["log1p", []], ["powScalar", [2]], ["powScalar", [-0.5]], ["powScalar", [1.3]],
];

function results(): Uint8Array[] {
  return scope(() => {
    const out: Uint8Array[] = [];
    const keep = (t: Tensor): void => { out.push(bytes(t.toArray()).slice()); };
    const ops = act as unknown as Record<string, Fn>;
    for (const dtype of ["float32", "float64"] as DType[]) {
      for (const scale of [3, 40]) {
        const x = tensor(values(1031, 1, scale), [1031], dtype);
        const g = tensor(values(1031, 2, 2), [1031], dtype);
        for (const [name, params] of CALLS) {
          keep(ops[name](x, ...params));
          keep(ops[`${name}Backward`](g, x, ...params));
        }
        const y = act.pow(x, g);
        keep(y);
        for (const t of act.powBackward(g, x, g, y)) keep(t);
      }
    }
    return out;
  });
}

describe("activation and pointwise ops in the two builds", () => {
  afterAll(async () => {
    await init();
  });

  it("give identical bits in the SIMD and the scalar build, NaN signs and payloads included", () => {
    expect(initSync({ simd: true }).simd).toBe(true);
    const before = memory().tensors;
    const simd = results();
    expect(initSync({ simd: false }).simd).toBe(false);
    const scalar = results();
    expect(memory().tensors).toBe(before);
    expect(scalar.length).toBe(simd.length);
    for (let i = 0; i < simd.length; i++) expect(Buffer.from(scalar[i]).equals(Buffer.from(simd[i])), `result ${i}`).toBe(true);
  });
});
