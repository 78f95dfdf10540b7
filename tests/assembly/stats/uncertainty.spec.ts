import { uncertaintyDecompositionF64, classificationScoresF64 } from "../../../assembly/stats/uncertainty";

function f64s(n: i32): usize { return heap.alloc(<usize>max(n, 1) << 3); }
function get(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
function set(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

describe("uncertaintyDecompositionF64", () => {
  it("gives log 2 of mutual information and no aleatoric part for members [1, 0] and [0, 1]", () => {
    const probs = f64s(4);
    set(probs, 0, 1); set(probs, 1, 0); set(probs, 2, 0); set(probs, 3, 1);
    const mean = f64s(2), pred = f64s(1), exp = f64s(1), mi = f64s(1), tot = f64s(2), epi = f64s(2), ale = f64s(2);
    uncertaintyDecompositionF64(mean, pred, exp, mi, tot, epi, ale, probs, 2, 1, 2);
    expect<f64>(get(pred, 0)).toBe(Math.log(2));
    expect<f64>(get(exp, 0)).toBe(0);
    expect<f64>(get(mi, 0)).toBe(Math.log(2));
    expect<f64>(get(epi, 0)).toBe(0.25);
    expect<f64>(get(ale, 1)).toBe(0);
    expect<f64>(get(tot, 1)).toBe(0.25);
  });
});

describe("classificationScoresF64", () => {
  it("gives −log p of the label (+0 at p = 1, +∞ at p = 0), the confidence and the first argmax", () => {
    const probs = f64s(6);
    set(probs, 0, 0.5); set(probs, 1, 0.5); set(probs, 2, 0); set(probs, 3, 0); set(probs, 4, 1); set(probs, 5, 0);
    const labels = heap.alloc(8);
    store<i32>(labels, 1); store<i32>(labels + 4, 1);
    const nll = f64s(3), conf = f64s(3), pred = heap.alloc(12);
    classificationScoresF64(nll, conf, pred, probs, labels, 2, 3);
    expect<f64>(get(nll, 0)).toBe(Math.log(2));
    expect<i32>(load<i32>(pred)).toBe(0);
    expect<f64>(get(nll, 1)).toBe(0);
    expect<bool>(1 / get(nll, 1) > 0).toBe(true);
    expect<f64>(get(conf, 1)).toBe(1);
    expect<i32>(load<i32>(pred + 4)).toBe(1);
  });
});
