// Printing tensors the way torch does: tensor([[1.0000, 2.5000], [3.0000, 4.0000]]), integers as "1.", a
// dtype note when it is not the default float32, and "..." past 1000 elements.
import type { Tensor } from "../tensor.js";

const SUMMARY = 1000, EDGE = 3;

function formatter(values: number[], dtype: string): (v: number) => string {
  if (dtype === "int32") return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  const integral = finite.every((v) => Number.isInteger(v));
  const absMax = Math.max(0, ...finite.map(Math.abs));
  const absMin = Math.min(Infinity, ...finite.filter((v) => v !== 0).map(Math.abs));
  const scientific = finite.length > 0 && (absMax >= 1e8 || (absMin < 1e-4 && !integral) || absMax / absMin > 1000 && absMax >= 1e4);
  return (v) => {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    if (scientific) return v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
    if (integral) return `${v}.`;
    return v.toFixed(4);
  };
}

/** torch's repr of a tensor: nested brackets, aligned columns, a dtype note unless float32. */
export function formatTensor(t: Tensor): string {
  if (t.disposed) return "tensor(<disposed>)";
  const data = Array.from(t.view() as ArrayLike<number>);
  const shape = t.shape;
  const summarise = t.size > SUMMARY;
  // the elements shown (all, or the first and last EDGE along each dim when summarising)
  const shown: number[] = [];
  const pick = (offset: number, dim: number): void => {
    if (dim === shape.length) { shown.push(data[offset]); return; }
    const stride = shape.slice(dim + 1).reduce((p, d) => p * d, 1);
    const n = shape[dim];
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE && i === EDGE) i = n - EDGE;
      pick(offset + i * stride, dim + 1);
    }
  };
  pick(0, 0);
  const fmt = formatter(shown, t.dtype);
  const width = Math.max(0, ...shown.map((v) => fmt(v).length));
  const build = (offset: number, dim: number, indent: number): string => {
    if (dim === shape.length) return fmt(data[offset]).padStart(width);
    const stride = shape.slice(dim + 1).reduce((p, d) => p * d, 1);
    const n = shape[dim];
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE && i === EDGE) { parts.push("..."); i = n - EDGE; }
      parts.push(build(offset + i * stride, dim + 1, indent + 1));
    }
    const last = dim === shape.length - 1;
    const sep = last ? ", " : "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1);
    return `[${parts.join(sep)}]`;
  };
  const body = shape.length === 0 ? fmt(data[0]) : build(0, 0, "tensor(".length);
  const note = t.dtype === "float32" ? "" : `, dtype=${t.dtype}`;
  const empty = t.size === 0 ? `, size=[${shape.join(", ")}]` : "";
  return `tensor(${body}${empty}${note})`;
}
