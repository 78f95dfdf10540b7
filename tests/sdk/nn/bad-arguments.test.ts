// Regressions from the public-API fuzz (tests/property/fuzz.test.ts) on Module and the layers: the registering
// helpers and param() name what is wrong, options are read as own properties, a refused layer leaks nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { init, key, Linear, memory, Module, ones, tensor, type Params, type Tensor } from "../../../sdk/index";

beforeAll(async () => { await init(); });

// A module that exposes the protected helpers, so bad arguments can reach them.
class Probe extends Module {
  call(p: Params, x: Tensor): Tensor { return x; }
  register(kind: "parameter" | "buffer", name: unknown, t: unknown): void {
    if (kind === "parameter") this.registerParameter(name as string, t as Tensor);
    else this.registerBuffer(name as string, t as Tensor);
  }
  read(p: unknown, name: unknown): Tensor { return this.param(p as Params, name as string); }
}

describe("Module helpers with bad arguments", () => {
  it("registerParameter / registerBuffer name the tensor that is not a live Tensor", () => {
    const m = new Probe();
    expect(() => m.register("parameter", "w", 3)).toThrow(/Probe: w must be a Tensor, got 3/);
    expect(() => m.register("buffer", "running", [1, 2])).toThrow(/Probe: running must be a Tensor/);
    const dead = tensor([1]);
    dead.dispose();
    expect(() => m.register("parameter", "w", dead)).toThrow(/Probe: w/);
    expect(() => m.register("parameter", 7, ones([1]))).toThrow(/a name must be a non-empty string/);
    expect(Object.keys(m.parameters())).toEqual([]);
  });

  it("param() names a params argument that is not a tree, and ignores inherited keys", () => {
    const m = new Probe();
    expect(() => m.read(null, "w")).toThrow(/Probe\.call: params must be a parameter tree, got null/);
    expect(() => m.read({}, 5)).toThrow(/Probe\.param: name must be a string, got 5/);
    const t = tensor([1]);
    expect(() => m.read(Object.create({ w: t }), "w")).toThrow(/params\["w"\] must be a Tensor, got undefined/);
    t.dispose();
  });

  it("namedModules names a prefix that is not a string", () => {
    expect(() => new Probe().namedModules(1 as never)).toThrow(/Probe\.namedModules: prefix must be a string, got 1/);
  });
});

describe("layer options", () => {
  it("are read as own properties: an inherited bias: false is not an option", () => {
    const lin = new Linear(2, 2, Object.assign(Object.create({ bias: false }), { key: key(0) }));
    expect(lin.bias).toBe(true);
    lin.dispose();
  });

  it("a layer refused for a bad option leaks nothing", () => {
    const before = memory().tensors;
    expect(() => new Linear(2, 2, { dtype: 4294967296 as never })).toThrow(/Linear: dtype/);
    expect(() => new Linear(2, 2, "bias" as never)).toThrow(/Linear: options must be an object/);
    expect(memory().tensors).toBe(before);
  });
});

describe("initializers' options", () => {
  it("zerosInit / onesInit / constantInit name options that are not an object (null read .dtype of null)", async () => {
    const { zerosInit, onesInit, constantInit } = await import("../../../sdk/index");
    expect(() => onesInit([2], null as never)).toThrow(/onesInit: options must be an object, got null/);
    expect(() => zerosInit([2], 5 as never)).toThrow(/zerosInit: options must be an object/);
    expect(() => constantInit([2], 1, "float64" as never)).toThrow(/constantInit: options must be an object/);
    const t = onesInit([2], Object.create({ dtype: "float64" }));
    expect(t.dtype).toBe("float32");
    t.dispose();
  });
});
