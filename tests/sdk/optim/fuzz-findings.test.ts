// Defects the fuzz suite (tests/property/fuzz.test.ts) found in the optimizers and checkpoints once they joined
// the public API: protected hooks callable by name (update() skipped step()'s gradient checks), engine errors
// for a missing state dict, SyntaxError for bad JSON, messages naming an internal function.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";

beforeAll(async () => {
  await S.init();
});

describe("optimizer internals and checkpoint arguments", () => {
  it("optimizers expose no update, table, ensureSlots or assertLive by name", () => {
    const w = S.tensor([1, 2]);
    for (const opt of [new S.SGD([w], { lr: 0.1 }), new S.Adam([w]), new S.RMSprop([w]), new S.Adagrad([w]), new S.SGLD([w], { key: S.key(0), a: 0.01 })]) {
      for (let p = Object.getPrototypeOf(opt); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const name of ["update", "table", "ensureSlots", "assertLive"]) expect(Object.hasOwn(p, name), `${opt.kind}.${name}`).toBe(false);
      }
      opt.step([S.tensor([0.5, 0.5])]);
      opt.dispose();
      expect(() => opt.step([w])).toThrow(/used after dispose/);
    }
    w.dispose();
  });

  it("checkpoint functions name their argument", () => {
    expect(() => S.optimizerStateToJSON(undefined as never)).toThrow(/optimizerStateToJSON: sd must be an optimizer's stateDict\(\)/);
    expect(() => S.optimizerStateToSafetensors(3 as never)).toThrow(/optimizerStateToSafetensors: sd must be/);
    expect(() => S.optimizerStateFromJSON("mean")).toThrow(TypeError);
    expect(() => S.optimizerStateFromJSON("mean")).toThrow(/tensorsFromJSON: text must be JSON from tensorsToJSON, got "mean"/);
    expect(() => S.tensorsFromJSON("null")).toThrow(/text must hold a JSON object/);
  });

  it("addNoise, flattenTree and klMonteCarlo name what is wrong", () => {
    expect(() => S.addNoise({ eta: 0.1 } as never)).toThrow(/addNoise: options.key must be a Key/);
    expect(() => S.flattenTree([S.tensor([1])], 3 as never)).toThrow(/flattenTree: what must be a string/);
    expect(() => S.flattenTree(true, "")).toThrow(/flattenTree: what must be a string \(the tree's name in messages\), not empty, got ""/);
    expect(() => S.klMonteCarlo(1 as never, new S.Normal(0, 1), S.key(0), 3)).toThrow(/klMonteCarlo\(p, q, key, n\) needs two distributions, got 1/);
  });
});
