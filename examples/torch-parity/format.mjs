// Python's number formats, so the port prints what the seed's f-strings print: f"{v:.4f}" (with "-0.0000" for
// −0, as Python), f"{v:.2e}" ("7.15e-07"), repr of a float ("2.0", "1e-05") and of a list (x.tolist()).

/** f"{v:.{digits}f}". */
export function fixed(v, digits = 4) {
  const s = v.toFixed(digits);
  return Object.is(v, -0) || (v < 0 && !s.startsWith("-")) ? `-${s}` : s;
}

/** f"{v:.{digits}e}": a two-digit exponent at least, as C's printf. */
export function sci(v, digits = 2) {
  return v.toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");
}

/** repr(float(v)): the shortest round-trip digits (as JS), positional for 1e-4 ≤ |v| < 1e16, else "1e-05". */
export function pyFloat(v) {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e16) {
    const s = String(v);
    return /[.e]/.test(s) ? s : `${s}.0`;
  }
  return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/** A (nested) list as Python prints x.tolist(): floats by repr, integers (int32 tensors) plainly. */
export function pyList(v, integers = false) {
  if (Array.isArray(v)) return `[${v.map((x) => pyList(x, integers)).join(", ")}]`;
  return integers ? String(v) : pyFloat(v);
}

/** torch.Size([4, 5]). */
export function size(shape) {
  return `torch.Size([${shape.join(", ")}])`;
}
