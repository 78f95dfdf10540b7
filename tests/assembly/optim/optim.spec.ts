// Every optimizer kernel against its plain-loop …Ref sibling: the same random parameters, gradients and state
// (special values mixed in: ±0, ±∞, NaN, subnormals) in two copies, one record table for each, and every
// output byte compared. Record sizes 7, 33 and 1 make the scalar tails run after the SIMD body.
import { sgdStepF32, sgdStepF32Ref, sgdStepF64, sgdStepF64Ref } from "../../../assembly/optim/sgd";
import { adamStepF32, adamStepF32Ref, adamStepF64, adamStepF64Ref } from "../../../assembly/optim/adam";
import { rmspropStepF32, rmspropStepF32Ref, rmspropStepF64, rmspropStepF64Ref } from "../../../assembly/optim/rmsprop";
import { adagradStepF32, adagradStepF32Ref, adagradStepF64, adagradStepF64Ref } from "../../../assembly/optim/adagrad";
import {
  globalNormF32, globalNormF32Ref, globalNormF64, globalNormF64Ref, scaleTableF32, scaleTableF32Ref, clampTableF64, clampTableF64Ref,
  addScaledTableF32, addScaledTableF32Ref, adamDirectionF32, adamDirectionF32Ref, adamDirectionF64, adamDirectionF64Ref, traceStepF64, traceStepF64Ref,
} from "../../../assembly/optim/transforms";
import { noiseStepF32, noiseStepF32Ref, noiseStepF64, noiseStepF64Ref, noiseDraws } from "../../../assembly/optim/noise";
import { sgldStepF32, sgldStepF32Ref, sgldStepF64, sgldStepF64Ref } from "../../../assembly/optim/sgld";
import { lanczosOrthogonalizeF64, lanczosOrthogonalizeF64Ref } from "../../../assembly/optim/lanczos";
import { buffer, fillRandom, sameBits } from "../tensor/data";

const SIZES: StaticArray<i32> = [7, 33, 1];
const TOTAL = 41;
const SLOTS = 5; // param, grad, state0, state1, state2

// Two identical copies (a, b) of SLOTS buffers per record, and a table for each.
class Setup {
  a: StaticArray<usize> = new StaticArray<usize>(15);
  b: StaticArray<usize> = new StaticArray<usize>(15);
  tableA: usize = buffer(3 * 8, 4);
  tableB: usize = buffer(3 * 8, 4);
  constructor(public bytes: i32, positiveState: bool) {
    let offset = 0;
    for (let r = 0; r < 3; r++) {
      const n = SIZES[r];
      for (let s = 0; s < SLOTS; s++) {
        const k = r * SLOTS + s;
        this.a[k] = buffer(n, bytes);
        this.b[k] = buffer(n, bytes);
        fillRandom(this.a[k], n, bytes, <u32>(100 + k), s >= 2 && positiveState ? 0.5 : 3, true);
        if (s >= 2 && positiveState) absInPlace(this.a[k], n, bytes);
        memory.copy(this.b[k], this.a[k], <usize>(n * bytes));
      }
      for (let w = 0; w < 6; w++) {
        store<u32>(this.tableA + <usize>(32 * r + 4 * w), w == 0 ? <u32>n : <u32>this.a[r * SLOTS + w - 1]);
        store<u32>(this.tableB + <usize>(32 * r + 4 * w), w == 0 ? <u32>n : <u32>this.b[r * SLOTS + w - 1]);
      }
      store<u32>(this.tableA + <usize>(32 * r + 24), <u32>offset);
      store<u32>(this.tableB + <usize>(32 * r + 24), <u32>offset);
      offset += n;
    }
  }
  same(): bool {
    for (let k = 0; k < 15; k++) if (!sameBits(this.a[k], this.b[k], SIZES[k / SLOTS] * this.bytes)) return false;
    return true;
  }
}

function absInPlace(p: usize, n: i32, bytes: i32): void {
  for (let i = 0; i < n; i++) {
    if (bytes == 4) store<f32>(p + (<usize>i << 2), Mathf.abs(load<f32>(p + (<usize>i << 2))));
    else store<f64>(p + (<usize>i << 3), Math.abs(load<f64>(p + (<usize>i << 3))));
  }
}

describe("optimizer kernels agree with their Ref siblings bit for bit", () => {
  it("sgdStep (momentum, nesterov, weight decay, first and later steps)", () => {
    for (let first = 0; first < 2; first++) {
      const s = new Setup(4, false);
      sgdStepF32(s.tableA, 3, 0.1, 0.9, 0, 0.01, 1, 0, first);
      sgdStepF32Ref(s.tableB, 3, 0.1, 0.9, 0, 0.01, 1, 0, first);
      expect(s.same()).toBe(true);
      const d = new Setup(8, false);
      sgdStepF64(d.tableA, 3, 0.1, 0.8, 0.1, 0, 0, 1, first);
      sgdStepF64Ref(d.tableB, 3, 0.1, 0.8, 0.1, 0, 0, 1, first);
      expect(d.same()).toBe(true);
    }
  });
  it("adamStep (Adam, AdamW, amsgrad)", () => {
    for (let ams = 0; ams < 2; ams++) {
      const s = new Setup(4, true);
      adamStepF32(s.tableA, 3, 1e-3, 0.9, 0.999, 1e-8, 0.01, 3, ams, 1 - ams, 0);
      adamStepF32Ref(s.tableB, 3, 1e-3, 0.9, 0.999, 1e-8, 0.01, 3, ams, 1 - ams, 0);
      expect(s.same()).toBe(true);
      const d = new Setup(8, true);
      adamStepF64(d.tableA, 3, 1e-3, 0.9, 0.999, 1e-8, 0.01, 7, ams, ams, 1);
      adamStepF64Ref(d.tableB, 3, 1e-3, 0.9, 0.999, 1e-8, 0.01, 7, ams, ams, 1);
      expect(d.same()).toBe(true);
    }
  });
  it("rmspropStep (centered, momentum) and adagradStep", () => {
    const s = new Setup(4, true);
    rmspropStepF32(s.tableA, 3, 0.01, 0.99, 1e-8, 0.01, 0.9, 1, 0);
    rmspropStepF32Ref(s.tableB, 3, 0.01, 0.99, 1e-8, 0.01, 0.9, 1, 0);
    expect(s.same()).toBe(true);
    const d = new Setup(8, true);
    rmspropStepF64(d.tableA, 3, 0.01, 0.9, 1e-8, 0, 0, 0, 1);
    rmspropStepF64Ref(d.tableB, 3, 0.01, 0.9, 1e-8, 0, 0, 0, 1);
    expect(d.same()).toBe(true);
    const e = new Setup(4, true);
    adagradStepF32(e.tableA, 3, 0.1, 0.01, 1e-10, 0.01, 4, 0);
    adagradStepF32Ref(e.tableB, 3, 0.1, 0.01, 1e-10, 0.01, 4, 0);
    expect(e.same()).toBe(true);
    const f = new Setup(8, true);
    adagradStepF64(f.tableA, 3, 0.1, 0, 1e-10, 0, 2, 1);
    adagradStepF64Ref(f.tableB, 3, 0.1, 0, 1e-10, 0, 2, 1);
    expect(f.same()).toBe(true);
  });
  it("transforms: global norm, scale, clamp, add scaled, Adam direction, trace", () => {
    const s = new Setup(4, false);
    fillRandom(s.a[1], 7, 4, 5, 3, false); memory.copy(s.b[1], s.a[1], 28); // finite norms
    expect(globalNormF32(s.tableA, 1)).toBe(globalNormF32Ref(s.tableB, 1));
    scaleTableF32(s.tableA, 3, 0.37);
    scaleTableF32Ref(s.tableB, 3, 0.37);
    expect(s.same()).toBe(true);
    addScaledTableF32(s.tableA, 3, -0.2);
    addScaledTableF32Ref(s.tableB, 3, -0.2);
    expect(s.same()).toBe(true);
    const d = new Setup(8, true);
    expect(globalNormF64(d.tableA, 3) == globalNormF64Ref(d.tableB, 3) || isNaN(globalNormF64(d.tableA, 3))).toBe(true);
    clampTableF64(d.tableA, 3, -0.5, 0.5);
    clampTableF64Ref(d.tableB, 3, -0.5, 0.5);
    expect(d.same()).toBe(true);
    adamDirectionF64(d.tableA, 3, 0.9, 0.999, 1e-8, 2);
    adamDirectionF64Ref(d.tableB, 3, 0.9, 0.999, 1e-8, 2);
    expect(d.same()).toBe(true);
    traceStepF64(d.tableA, 3, 0.9, 1);
    traceStepF64Ref(d.tableB, 3, 0.9, 1);
    expect(d.same()).toBe(true);
    const e = new Setup(4, true);
    adamDirectionF32(e.tableA, 3, 0.9, 0.999, 1e-8, 1);
    adamDirectionF32Ref(e.tableB, 3, 0.9, 0.999, 1e-8, 1);
    expect(e.same()).toBe(true);
  });
  it("noiseStep, every kind, both modes", () => {
    const rank = 3;
    for (let kind = 0; kind < 5; kind++) {
      for (let bytes = 4; bytes <= 8; bytes += 4) {
        const s = new Setup(bytes, false);
        const cov0 = buffer(TOTAL * TOTAL, bytes);
        fillRandom(cov0, TOTAL * TOTAL, bytes, 9, 1, false);
        const cov1 = buffer(TOTAL, bytes);
        fillRandom(cov1, TOTAL, bytes, 10, 1, false);
        absInPlace(cov1, TOTAL, bytes);
        const draws = noiseDraws(kind, TOTAL, rank);
        const zA = buffer(draws, bytes), zB = buffer(draws, bytes), xA = buffer(TOTAL, bytes), xB = buffer(TOTAL, bytes);
        const mode = kind & 1;
        if (bytes == 4) {
          noiseStepF32(s.tableA, 3, zA, xA, TOTAL, 1, 2, 5, 0, kind, cov0, cov1, cov1, rank, 0.5, 0.55, 0.1, mode);
          noiseStepF32Ref(s.tableB, 3, zB, xB, TOTAL, 1, 2, 5, 0, kind, cov0, cov1, cov1, rank, 0.5, 0.55, 0.1, mode);
        } else {
          noiseStepF64(s.tableA, 3, zA, xA, TOTAL, 1, 2, 5, 0, kind, cov0, cov1, cov1, rank, 0.5, 0.55, 0.1, mode);
          noiseStepF64Ref(s.tableB, 3, zB, xB, TOTAL, 1, 2, 5, 0, kind, cov0, cov1, cov1, rank, 0.5, 0.55, 0.1, mode);
        }
        expect(s.same()).toBe(true);
        expect(sameBits(xA, xB, TOTAL * bytes)).toBe(true);
      }
    }
  });
  it("sgldStep (SGLD and pSGLD)", () => {
    for (let pre = 0; pre < 2; pre++) {
      const s = new Setup(4, true);
      const zA = buffer(TOTAL, 4), zB = buffer(TOTAL, 4);
      sgldStepF32(s.tableA, 3, zA, TOTAL, 3, 4, 2, 0, 0.01, 1, 0.55, pre, 0.99, 1e-5);
      sgldStepF32Ref(s.tableB, 3, zB, TOTAL, 3, 4, 2, 0, 0.01, 1, 0.55, pre, 0.99, 1e-5);
      expect(s.same()).toBe(true);
      const d = new Setup(8, true);
      const wA = buffer(TOTAL, 8), wB = buffer(TOTAL, 8);
      sgldStepF64(d.tableA, 3, wA, TOTAL, 3, 4, 2, 0, 0.01, 1, 0.55, pre, 0.99, 1e-5);
      sgldStepF64Ref(d.tableB, 3, wB, TOTAL, 3, 4, 2, 0, 0.01, 1, 0.55, pre, 0.99, 1e-5);
      expect(d.same()).toBe(true);
    }
  });
  it("lanczosOrthogonalize", () => {
    const n = 37;
    const basis = buffer(3 * n, 8);
    fillRandom(basis, 3 * n, 8, 21, 1, false);
    const wA = buffer(n, 8), wB = buffer(n, 8);
    fillRandom(wA, n, 8, 22, 1, false);
    memory.copy(wB, wA, <usize>(n * 8));
    expect(lanczosOrthogonalizeF64(wA, basis, 2, n)).toBe(lanczosOrthogonalizeF64Ref(wB, basis, 2, n));
    expect(sameBits(wA, wB, n * 8)).toBe(true);
  });
});
