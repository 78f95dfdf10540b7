import { beforeAll, describe, expect, it } from "vitest";
import {
  DisposedTensorError, empty, init, initSync, keep, key, memory, normal, scope, tensor, Tensor, zeros,
} from "../../../sdk/index";

beforeAll(async () => {
  await init();
});

describe("tensor memory", () => {
  it("keeps WASM memory flat over 10^6 create/dispose cycles", () => {
    const before = memory();
    for (let i = 0; i < 1_000_000; i++) {
      const t = new Tensor([1 + (i % 64)], i % 3 === 0 ? "float64" : "float32");
      t.dispose();
    }
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
    expect(after.wasmBytes).toBe(before.wasmBytes);
  });

  it("counts live tensors and their bytes", () => {
    const base = memory();
    const a = zeros([10]);
    const b = zeros([2, 3], "float64");
    expect(memory().tensors).toBe(base.tensors + 2);
    expect(memory().bytes).toBe(base.bytes + 40 + 48);
    a.dispose();
    b.dispose();
    b.dispose(); // idempotent
    expect(memory()).toEqual(base);
  });

  it("throws a clear error when a disposed tensor is used", () => {
    const t = tensor([1, 2, 3]);
    t.dispose();
    expect(() => t.toArray()).toThrow(DisposedTensorError);
    expect(() => t.toArray()).toThrow(/used after dispose\(\)/);
    expect(() => t.ptr).toThrow(/used after dispose/);
  });

  it("rebuilds typed-array views when WASM memory grows", () => {
    const t = tensor([1.5, 2.5, 3.5]);
    const before = memory().wasmBytes;
    const big = empty([8 * 1024 * 1024]); // 32 MB forces memory.grow
    expect(memory().wasmBytes).toBeGreaterThan(before);
    expect(Array.from(t.toArray())).toEqual([1.5, 2.5, 3.5]);
    big.dispose();
    t.dispose();
  });

  it("documents that a held view detaches on growth, while toArray() copies survive", () => {
    const t = tensor([1, 2, 3]);
    const copy = t.toArray();
    const view = t.view();
    const big = empty([16 * 1024 * 1024]);
    expect(view.length).toBe(0); // detached: the old ArrayBuffer was replaced
    expect(Array.from(copy)).toEqual([1, 2, 3]);
    big.dispose();
    t.dispose();
  });

  it("supports `using` through Symbol.dispose", () => {
    const base = memory().tensors;
    {
      using t = zeros([4]);
      expect(memory().tensors).toBe(base + 1);
      expect(t.size).toBe(4);
    }
    expect(memory().tensors).toBe(base);
  });

  it("round-trips data of every dtype, nested arrays and shapes", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.toList()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const b = tensor(new Float64Array([0.1, 0.2]));
    expect(b.dtype).toBe("float64");
    expect(Array.from(b.toArray())).toEqual([0.1, 0.2]);
    const c = tensor([-(2 ** 31), 2 ** 31 - 1], [2], "int32");
    expect(Array.from(c.toArray())).toEqual([-(2 ** 31), 2 ** 31 - 1]);
    const e = tensor([], [0]);
    expect(e.size).toBe(0);
    expect(e.toArray().length).toBe(0);
    for (const t of [a, b, c, e]) t.dispose();
  });

  it("rejects bad shapes, dtypes and data with errors that name the problem", () => {
    const base = memory();
    expect(() => tensor([1, 2, 3], [2])).toThrow(/3 elements but shape \[2\] needs 2/);
    expect(() => zeros([-1])).toThrow(/shape must be an array of non-negative integers/);
    expect(() => zeros([2.5])).toThrow(/non-negative integers/);
    expect(() => zeros([2], "float16" as never)).toThrow(/dtype must be one of/);
    expect(() => zeros([2], 1n as never)).toThrow(/dtype must be one of .*, got 1n \(a BigInt\)/);   // the fuzz found JSON.stringify throwing here
    expect(() => tensor([1.5], [1], "int32")).toThrow(/int32 data must hold integers/);
    expect(() => zeros([65536, 65536])).toThrow(/limit is 2\^31/);
    expect(memory()).toEqual(base); // failed calls lose nothing
  });
});

describe("scope", () => {
  it("disposes tensors created inside and not returned, keeping returned ones", () => {
    const base = memory().tensors;
    const kept = scope(() => {
      zeros([3]);
      const a = normal(key(0), [5]);
      return { a, n: 1 };
    });
    expect(memory().tensors).toBe(base + 1);
    expect(kept.a.disposed).toBe(false);
    kept.a.dispose();
    expect(memory().tensors).toBe(base);
  });

  it("hands returned tensors to the enclosing scope, which disposes them", () => {
    const base = memory().tensors;
    scope(() => {
      const inner = scope(() => [zeros([1]), zeros([2])]);
      expect(inner.every((t) => !t.disposed)).toBe(true);
    });
    expect(memory().tensors).toBe(base);
  });

  it("lets keep() rescue a tensor from every open scope", () => {
    const base = memory().tensors;
    let saved: Tensor | undefined;
    scope(() => {
      saved = keep(zeros([2]));
      zeros([2]);
    });
    expect(memory().tensors).toBe(base + 1);
    saved!.dispose();
  });

  it("disposes everything when fn throws, and rethrows", () => {
    const base = memory().tensors;
    expect(() => scope(() => { zeros([4]); throw new Error("boom"); })).toThrow("boom");
    expect(memory().tensors).toBe(base);
  });

  it("refuses async functions (like tf.tidy) after disposing what they made", async () => {
    const base = memory().tensors;
    expect(() => scope((async () => zeros([1])) as never)).toThrow(/must be synchronous/);
    expect(memory().tensors).toBe(base);
  });
});

describe("init", () => {
  it("accepts a compiled WebAssembly.Module, raw bytes and a Response", async () => {
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(new URL("../../../build/stochasm.scalar.wasm", import.meta.url));
    expect(memory().tensors).toBe(0);
    expect((await init({ wasm: new WebAssembly.Module(bytes) })).simd).toBe(false);
    expect((await init({ wasm: new Uint8Array(bytes) })).simd).toBe(false);
    const simdBytes = readFileSync(new URL("../../../build/stochasm.simd.wasm", import.meta.url));
    const response = new Response(simdBytes, { headers: { "content-type": "application/wasm" } });
    expect((await init({ wasm: response })).simd).toBe(true);
    expect(initSync({ wasm: bytes }).simd).toBe(false);
    await init();
  });

  it("refuses to swap the core while tensors are alive, and tensors of a replaced core fail clearly", () => {
    const t = zeros([1]);
    expect(() => initSync({ simd: false })).toThrow(/dispose them first/);
    t.dispose();
    const u = zeros([1]);
    u.dispose();
    initSync({ simd: false });
    expect(() => u.toArray()).toThrow(/used after dispose/);
    initSync({ simd: true });
  });
});
