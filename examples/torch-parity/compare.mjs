// How a port's value compares with torch's, by the fixture's kind (tests/fixtures/seed-003/make.py):
//   exact, fromInputs  |port − torch| ≤ 1e-5·|torch| + 1e-7 elementwise: float32 torch against a float32 (or
//                      float64) port of the same formula differ by a few float32 roundings (relative ~1e-7,
//                      1e-5 as STYLE.md's float32 tolerance); + 1e-7 for values that are 0 in exact arithmetic.
//                      Shapes, labels and booleans must be equal.
//   random             |port − expected| < 4·se elementwise (the port draws with its own keys).
//   roundoff           port ≤ bound.
//   rosenbrock         the float64 port against torch's float64 run (value64) within 1e-6 relative, and the
//                      float32 port against torch's float32 within max(1e-5, 4·relDiff32vs64) relative: how far
//                      float32 rounding alone moves torch's own result bounds how closely two float32 runs agree.
//                      A row that rounding moves by more than 1e-3 (RMSprop: 17 %) is chaotic, and float64 is held
//                      to the float32 bound too: torch's CPU addcmul_ is a fused multiply-add (v·α + fma((1−α)·g, g)),
//                      which WASM has not, so the float64 runs agree bit for bit for 232 steps, differ by one ulp at
//                      step 233, and that ulp grows to ~2e-3 relative by step 500.

const flat = (v) => (Array.isArray(v) ? v.flatMap(flat) : [v]);

function within(port, ref, tol) {
  const p = flat(port), r = flat(ref);
  if (p.length !== r.length) return { ok: false, worst: Infinity };
  let worst = 0, ok = true;
  for (let i = 0; i < p.length; i++) {
    if (typeof r[i] !== "number") { if (p[i] !== r[i]) ok = false; continue; }
    const d = Math.abs(p[i] - r[i]);
    if (!(d <= tol(r[i], i))) ok = false;
    if (d > worst || Number.isNaN(d)) worst = d;
  }
  return { ok, worst };
}

const relTol = (rel, abs = 0) => (r) => rel * Math.abs(r) + abs;

/**
 * Checks one port value against the fixture's entry. Returns { ok, rule, worst } (worst: the largest |Δ|).
 * @param ref the fixture's value object ({ value, kind, expected, se, bound, value64, relDiff32vs64 })
 * @param port the snippet's { value, value64? }
 */
export function check(ref, port) {
  if (ref.kind === "random") {
    const se = flat(ref.se);
    const r = within(port.value, ref.expected, (_, i) => 4 * se[i]);
    return { ...r, rule: "|Δ| < 4·se from the expectation" };
  }
  if (ref.kind === "roundoff") {
    return { ok: port.value <= ref.bound, worst: port.value, rule: `≤ ${ref.bound.toExponential(0)} (rounding only)` };
  }
  if (ref.relDiff32vs64 !== undefined) {                       // a Rosenbrock row {finalLoss, x, y}
    const keys = ["finalLoss", "x", "y"];
    const rel32 = Math.max(1e-5, 4 * ref.relDiff32vs64);
    const r32 = within(keys.map((k) => port.value[k]), keys.map((k) => ref.value[k]), relTol(rel32));
    const rel64 = ref.relDiff32vs64 > 1e-3 ? rel32 : 1e-6;
    const r64 = within(keys.map((k) => port.value64[k]), keys.map((k) => ref.value64[k]), relTol(rel64));
    return { ok: r32.ok && r64.ok, worst: r32.worst, worst64: r64.worst, rule: `float32 ≤ ${rel32.toExponential(1)}, float64 ≤ ${rel64.toExponential(1)} rel.` };
  }
  if (typeof ref.value === "boolean" || (typeof ref.value === "object" && !Array.isArray(ref.value))) {
    const same = JSON.stringify(port.value) === JSON.stringify(ref.value);
    return { ok: same, worst: same ? 0 : Infinity, rule: "equal" };
  }
  return { ...within(port.value, ref.value, relTol(1e-5, 1e-7)), rule: "|Δ| ≤ 1e-5·|torch| + 1e-7" };
}
