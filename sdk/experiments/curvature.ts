// Item 9 of issue 15 (third part): the curvature of seed 003's two surfaces. Hessians by autograd
// (hessianSpectrum: jacobian ∘ grad, then eigh), against their closed forms:
//   Rosenbrock f = (1 − x)² + 100(y − x²)²:  H = [[2 − 400y + 1200x², −400x], [−400x, 200]]
//     at the start (−1, 1) [[802, 400], [400, 200]] and at the minimum (1, 1) [[802, −400], [−400, 200]]: the same
//     eigenvalues (diag(1, −1) maps one to the other), λ = (T ± √((a − c)² + 4b²))/2 ≈ 0.39936 and 1001.6006,
//     condition ≈ 2508: a long, narrow valley;
//   the saddle x² − y²: H = diag(2, −2) everywhere, at the saddle (0, 0) too: eigenvalues −2, 2, |λ|max/|λ|min = 1,
//     one negative eigenvalue (a saddle, not a minimum), with the seed's gradient (0.02, −0.02) at (0.01, 0.01).
// All float64.
import { Tensor, tensor } from "../tensor.js";
import { square, sub } from "../ops/elementwise.js";
import { select } from "../ops/indexing.js";
import { grad } from "../autograd/transforms.js";
import { scope } from "../runtime/memory.js";
import { hessianSpectrum } from "../stats/curvature.js";
import { agreesWithin, type ExperimentResult } from "./result.js";
import { rosenbrock } from "./rosenbrock.js";

/** Seed 003's saddle x² − y² on p = [x, y]. */
const saddle = (p: Tensor): Tensor => sub(square(select(p, 0, 0)), square(select(p, 0, 1)));

/** Rosenbrock's Hessian in closed form: [[2 − 400y + 1200x², −400x], [−400x, 200]]. */
export const rosenbrockHessian = (x: number, y: number): number[][] => [[2 - 400 * y + 1200 * x * x, -400 * x], [-400 * x, 200]];

/**
 * The eigenvalues [λ−, λ+] of the symmetric [[a, b], [b, c]]: λ = (a + c ± √((a − c)² + 4b²))/2, the smaller one in
 * magnitude as det/λ (no cancellation: λ− = 0.39936… of Rosenbrock's H is 400/1001.6…, not a difference of ~1000s).
 */
export function symmetric2x2Eigenvalues(a: number, b: number, c: number): [number, number] {
  const t = a + c, disc = Math.sqrt((a - c) * (a - c) + 4 * b * b), det = a * c - b * b;
  if (t >= 0) {
    const hi = (t + disc) / 2;
    return [hi === 0 ? 0 : det / hi, hi];
  }
  const lo = (t - disc) / 2;
  return [lo, det / lo];
}

const EPS = 2 ** -52;
// Tolerances from rounding, not from the results: a backward-stable symmetric eigensolver returns the exact
// eigenvalues of H + E with ‖E‖ ≲ cε‖H‖ (c = 8 for n = 2), so |Δλ| ≤ 8ε|λ|max (Weyl), plus 4ε|λ| for the closed
// form's own roundings; κ = λmax/λmin then carries 8ε|λ|max/|λmin| = 8εκ relative from λmin.
const eigenTolerance = (lambda: number, big: number) => 8 * EPS * big + 4 * EPS * Math.abs(lambda);
const conditionTolerance = (kappa: number) => (8 * EPS * (kappa + 1) + 8 * EPS) * kappa;

function curvatureRows(surface: string, f: (p: Tensor) => Tensor, point: [number, number], where: string, closed: number[][]): ExperimentResult[] {
  return scope(() => {
    const p = tensor(point, [2], "float64");
    const s = hessianSpectrum(f, p);
    const H = s.hessian.toArray(), ev = Array.from(s.eigenvalues.toArray());
    const g = Array.from(grad(f)(p).toArray());
    const [lo, hi] = symmetric2x2Eigenvalues(closed[0][0], closed[0][1], closed[1][1]);
    const big = Math.max(Math.abs(lo), Math.abs(hi)), small = Math.min(Math.abs(lo), Math.abs(hi));
    const kappa = big / small;
    let worst = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) worst = Math.max(worst, Math.abs(H[i * 2 + j] - closed[i][j]));
    const at = `${where} (${point[0]}, ${point[1]})`;
    const details = { hessian: [[H[0], H[1]], [H[2], H[3]]], eigenvalues: ev, condition: s.condition, negativeEigenvalues: s.negative, gradient: g };
    const row = (what: string, claim: string, formula: string, theory: number, simulation: number, tolerance: number): ExperimentResult =>
      ({ name: `curvature:${surface} ${what} at ${at}`, claim, formula, seed: "003", theory, simulation, standardError: 0, agrees: agreesWithin(theory, simulation, 0, tolerance), details: { ...details, tolerance } });
    const formula = surface === "rosenbrock" ? "H = [[2 − 400y + 1200x², −400x], [−400x, 200]]" : "H = diag(2, −2)";
    return [
      // small integers times small integers: autograd's Hessian is exact, so the tolerance is 0
      row("Hessian by autograd", `autograd's Hessian of ${surface === "rosenbrock" ? "Rosenbrock" : "x² − y²"} equals the closed form (largest |difference|)`, formula, 0, worst, 0),
      row("λmin", "the smallest eigenvalue of the Hessian (eigh) equals the closed form", "λ = (a + c ± √((a − c)² + 4b²))/2", lo, ev[0], eigenTolerance(lo, big)),
      row("λmax", "the largest eigenvalue of the Hessian (eigh) equals the closed form", "λ = (a + c ± √((a − c)² + 4b²))/2", hi, ev[1], eigenTolerance(hi, big)),
      row("condition number", surface === "rosenbrock" ? "Rosenbrock's valley is ill-conditioned: κ ≈ 2508" : "the saddle's curvatures are equal and opposite: κ = 1 with one negative eigenvalue",
        "κ = |λ|max/|λ|min", kappa, s.condition, conditionTolerance(kappa)),
    ];
  });
}

/** Rosenbrock's Hessian, eigenvalues and condition number at seed 003's start (−1, 1) and at the minimum (1, 1). */
export function rosenbrockCurvatureExperiment(): ExperimentResult[] {
  return [...curvatureRows("rosenbrock", rosenbrock, [-1, 1], "start", rosenbrockHessian(-1, 1)), ...curvatureRows("rosenbrock", rosenbrock, [1, 1], "minimum", rosenbrockHessian(1, 1))];
}

/** The saddle x² − y² at the saddle (0, 0); the details also give the seed's probe point (0.01, 0.01). */
export function saddleCurvatureExperiment(): ExperimentResult[] {
  const rows = curvatureRows("saddle", saddle, [0, 0], "saddle", [[2, 0], [0, -2]]);
  const probe = scope(() => {
    const p = tensor([0.01, 0.01], [2], "float64");
    const s = hessianSpectrum(saddle, p);
    return { point: [0.01, 0.01], gradient: Array.from(grad(saddle)(p).toArray()), hessian: Array.from(s.hessian.toArray()), eigenvalues: Array.from(s.eigenvalues.toArray()) };
  });
  rows[0].details = { ...rows[0].details, probe };
  return rows;
}
