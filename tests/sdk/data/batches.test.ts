import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  batchCount, batches, foldIn, gaussianNoiseImages, imageSet, init, invertImages, key, memory, permutation, pixelsToFloat32,
  randomBits, rotate90, uniformNoiseImages,
} from "../../../sdk/index";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/uncertainty/data.json", import.meta.url), "utf8"));

beforeAll(async () => {
  await init();
});
afterAll(async () => {
  await init();
});

const perm = (seed: number | ReturnType<typeof key>, n: number): number[] => {
  const p = permutation(typeof seed === "number" ? key(seed) : seed, n);
  try { return Array.from(p.toArray()); } finally { p.dispose(); }
};

describe("permutation", () => {
  it("holds every index exactly once, for n = 0, 1, 2, 17 and 60 000", () => {
    for (const n of [0, 1, 2, 17, 60000]) {
      const p = perm(3, n);
      expect(p.length).toBe(n);
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it("is the same for the same key, differs between keys, and is not the identity", () => {
    expect(perm(7, 1000)).toEqual(perm(7, 1000));
    expect(perm(7, 1000)).not.toEqual(perm(8, 1000));
    expect(perm(7, 1000)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("is Fisher–Yates with Lemire draws from word t of the key's stream at step t (a JS reference)", () => {
    const n = 500;
    const k = key(11);
    const w = randomBits(k, [n]);
    const words = Uint32Array.from(w.toArray());
    w.dispose();
    const ref = Array.from({ length: n }, (_, i) => i);
    let rejections = 0;
    for (let t = 0; t < n - 1; t++) {
      const i = n - 1 - t;
      const m = BigInt(words[t]) * BigInt(i + 1);
      if (Number(m & 0xffffffffn) < (2 ** 32 - (i + 1)) % (i + 1)) rejections++;
      const j = Number(m >> 32n);
      [ref[i], ref[j]] = [ref[j], ref[i]];
    }
    expect(rejections).toBe(0); // the reference has no sub-stream; this key needs none
    expect(perm(k, n)).toEqual(ref);
  });

  it("draws each of the 6 orders of 3 items equally often (6000 keys, 4 standard errors)", () => {
    const counts = new Map<string, number>();
    const root = key(5);
    for (let r = 0; r < 6000; r++) {
      const s = perm(foldIn(root, r), 3).join("");
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const se = Math.sqrt(6000 * (1 / 6) * (5 / 6));
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(4 * se);
  });

  it("gives the same bits in the scalar build as in the SIMD build", async () => {
    const simd = perm(9, 4097);
    await init({ simd: false });
    expect(perm(9, 4097)).toEqual(simd);
    await init();
  });

  it("rejects a bad n and a missing key", () => {
    expect(() => permutation(key(0), -1)).toThrow("n must be in [0, 2147483647], got -1");
    expect(() => permutation(key(0), 1.5)).toThrow("n must be an integer, got 1.5");
    expect(() => permutation(42 as never, 3)).toThrow("key must be a Key from key(seed), split or foldIn, got 42");
  });
});

describe("pixelsToFloat32", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);

  it("is b / 255 by default, with 0 → 0 and 255 → 1 exactly", () => {
    const x = pixelsToFloat32(all, [16, 16]);
    const v = x.toArray();
    x.dispose();
    expect([v[0], v[255]]).toEqual([0, 1]);
    expect(Array.from(v)).toEqual(Array.from(all, (b) => Math.fround(b / 255)));
  });

  it("gives torchvision's ToTensor + Normalize(0.1307, 0.3081) bits for every byte (torch 1.13 fixture)", () => {
    const x = pixelsToFloat32(all, [256], { mean: 0.1307, std: 0.3081 });
    expect(Array.from(x.toArray())).toEqual(fixture.pixelsNormalized);
    x.dispose();
  });

  it("gives the same bits in the scalar build, at lengths around the 16-byte SIMD step", async () => {
    const lengths = [1, 15, 16, 17, 33, 784];
    const run = () => lengths.map((n) => { const t = pixelsToFloat32(Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255), [n], { mean: 0.5, std: 0.25 }); const a = t.toArray(); t.dispose(); return Array.from(a); });
    const simd = run();
    await init({ simd: false });
    expect(run()).toEqual(simd);
    await init();
  });

  it("rejects a std ≤ 0, a size mismatch and an unknown option", () => {
    expect(() => pixelsToFloat32(all, [256], { std: 0 })).toThrow("std must be > 0, got 0");
    expect(() => pixelsToFloat32(all, [255])).toThrow("pixelsToFloat32: 256 pixels do not fill shape [255] (255 elements)");
    expect(() => pixelsToFloat32(all, [256], { men: 0.1 } as never)).toThrow('pixelsToFloat32: unknown option "men" (known: mean, std)');
    expect(memory().tensors).toBe(0);
  });
});

describe("batches", () => {
  // 10 images of 2×2 whose pixels all equal 10·index, labelled index mod 3
  const set = imageSet("toy", Uint8Array.from({ length: 40 }, (_, i) => 10 * Math.floor(i / 4)), Uint8Array.from({ length: 10 }, (_, i) => i % 3), { height: 2, width: 2 });

  it("draws every example exactly once per epoch, pixels and labels of the same example together", () => {
    const seen: number[] = [];
    for (const b of batches(set, { batchSize: 4, key: key(1) })) {
      const x = b.x.toArray();
      const y = b.y!.toArray();
      b.indices.forEach((i, r) => {
        expect(x[4 * r]).toBe(Math.fround((10 * i) / 255));
        expect(y[r]).toBe(i % 3);
      });
      expect(b.x.shape).toEqual([b.indices.length, 4]);
      seen.push(...b.indices);
      b.x.dispose(); b.y!.dispose();
    }
    expect(seen.length).toBe(10);
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(memory().tensors).toBe(0);
  });

  it("follows permutation(key): the same key gives the same batches, another epoch's key others", () => {
    const order = (k: ReturnType<typeof key>) => { const out: number[] = []; for (const b of batches(set, { batchSize: 3, key: k })) { out.push(...b.indices); b.x.dispose(); b.y?.dispose(); } return out; };
    expect(order(foldIn(key(2), 0))).toEqual(perm(foldIn(key(2), 0), 10));
    expect(order(foldIn(key(2), 0))).toEqual(order(foldIn(key(2), 0)));
    expect(order(foldIn(key(2), 1))).not.toEqual(order(foldIn(key(2), 0)));
  });

  it("gives 3 batches of 4, 4, 2 or with dropLast 2 batches of 4, and the set's order without a key", () => {
    const sizes = (o: object) => { const s: number[] = []; for (const b of batches(set, { batchSize: 4, ...o })) { s.push(b.indices.length); b.x.dispose(); b.y?.dispose(); } return s; };
    expect(sizes({})).toEqual([4, 4, 2]);
    expect(sizes({ dropLast: true })).toEqual([4, 4]);
    expect([batchCount(10, 4), batchCount(10, 4, true), batchCount(0, 4)]).toEqual([3, 2, 0]);
    const first = batches(set, { batchSize: 4 }).next().value!;
    expect(Array.from(first.indices)).toEqual([0, 1, 2, 3]);
    first.x.dispose(); first.y?.dispose();
  });

  it("frees its scratch when the consumer stops early, and rejects a bad batch size", () => {
    const before = memory();
    for (const b of batches(set, { batchSize: 2, key: key(0) })) { b.x.dispose(); b.y?.dispose(); break; }
    expect(memory().tensors).toBe(before.tensors);
    expect(() => batches(set, { batchSize: 0 }).next()).toThrow("batchSize must be in [1, 2147483647], got 0");
    // the generator's WASM copy of a 1 MB set is freed on break: 50 epochs stopped early leave memory flat
    const big = imageSet("big", new Uint8Array(2 ** 20), null, { height: 32, width: 32 });
    const epoch = () => { for (const b of batches(big, { batchSize: 8, key: key(1) })) { b.x.dispose(); break; } };
    epoch();
    const wasmBytes = memory().wasmBytes;
    for (let e = 0; e < 50; e++) epoch();
    expect(memory().wasmBytes).toBe(wasmBytes);
    expect(() => batches({} as never, { batchSize: 1 }).next()).toThrow("set must be an ImageSet");
  });
});

describe("out-of-distribution sets", () => {
  const set = imageSet("digits", Uint8Array.from([1, 2, 3, 4, 5, 6]), Uint8Array.from([7]), { height: 2, width: 3 });

  it("rotates 90° counter-clockwise, swapping height and width", () => {
    // [[1 2 3], [4 5 6]] → [[3 6], [2 5], [1 4]]
    const r = rotate90(set);
    expect([r.height, r.width, Array.from(r.images), r.name]).toEqual([3, 2, [3, 6, 2, 5, 1, 4], "digits rotated 90°"]);
    expect(Array.from(rotate90(rotate90(rotate90(rotate90(set)))).images)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("inverts pixels as 255 − b and keeps labels", () => {
    const v = invertImages(set);
    expect([Array.from(v.images), Array.from(v.labels!)]).toEqual([[254, 253, 252, 251, 250, 249], [7]]);
  });

  it("makes noise images from explicit keys: the same key the same images, uniform bytes with mean ≈ 127.5", () => {
    const u = uniformNoiseImages(key(1), 100);
    expect([u.count, u.height, u.width, u.labels]).toEqual([100, 28, 28, null]);
    expect(uniformNoiseImages(key(1), 100).images).toEqual(u.images);
    const n = u.images.length;
    const mean = u.images.reduce((a, b) => a + b, 0) / n;
    // uniform on {0 … 255}: variance (256² − 1)/12, 4 standard errors
    expect(Math.abs(mean - 127.5)).toBeLessThan(4 * Math.sqrt((256 ** 2 - 1) / 12 / n));
    const g = gaussianNoiseImages(key(2), 50);
    expect(gaussianNoiseImages(key(2), 50).images).toEqual(g.images);
    expect(g.images.some((b) => b === 0) && g.images.some((b) => b > 100)).toBe(true);
    expect(memory().tensors).toBe(0);
  });
});
