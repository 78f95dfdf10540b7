// Optimizers as composable gradient transformations, the optax way: a piece is { init(params) → state,
// update(updates, state, params) → [updates, state] } and chain() composes them, so noise, clipping and
// preconditioners are pieces, not flags:
//   const tx = chain(clipByGlobalNorm(1), addNoise({ key, eta: 0.01 }), scaleByAdam(), scale(-1e-3));
//   let state = tx.init(params);
//   const [updates, next] = tx.update(grads, state, params); state = next; applyUpdates(params, updates);
// Each piece is one WASM call over all tensors. update() never changes its input tree; it returns new tensors
// (the caller owns them) and the state, whose tensors are updated in place. disposeState(state) frees them.
import { core } from "../runtime/core.js";
import { Tensor, empty, zeros } from "../tensor.js";
import { describe } from "../errors.js";
import { assertKey, type Key } from "../random/key.js";
import { flattenTree, floatDType, kernelName, matchingLeaves, offsets, RecordTable, readOptions, assertRange, unflattenTree, type FlatTree, type ParamTree } from "./tree.js";
import { compileNoise, NoiseRunner, type NoiseCovariance } from "./noise.js";
import type { Schedule } from "./schedules.js";

/** A gradient transformation (optax.GradientTransformation). */
export interface GradientTransformation<S = unknown> {
  init(params: ParamTree): S;
  update(updates: ParamTree, state: S, params?: ParamTree): [ParamTree, S];
}

// Runs `kernel` with records (n, out, in, state…, offset) over new output tensors shaped like the input.
function mapTree(input: ParamTree, base: string, states: readonly (readonly Tensor[])[], args: readonly number[], extra?: (flat: FlatTree, table: number) => void): ParamTree {
  const flat = flattenTree(input, "updates");
  const dtype = floatDType(flat, "updates");
  const outs: Tensor[] = [];
  const table = new RecordTable(flat.leaves.length);
  try {
    for (const t of flat.leaves) outs.push(empty(t.shape, dtype));
    const offs = offsets(flat.leaves).offsets;
    const ptr = table.write(flat.leaves.map((t, i) => [t.size, outs[i].ptr, t.ptr, states[0]?.[i].ptr ?? 0, states[1]?.[i].ptr ?? 0, states[2]?.[i].ptr ?? 0, offs[i]] as const));
    if (extra) extra(flat, ptr);
    else core()[kernelName(base, dtype)](ptr, flat.leaves.length, ...args);
  } catch (err) {
    outs.forEach((t) => t.dispose());
    throw err;
  } finally {
    table.dispose();
  }
  return unflattenTree(input, outs);
}

const stateless = (update: (u: ParamTree, params?: ParamTree) => ParamTree): GradientTransformation<Record<string, never>> => ({
  init: () => ({}),
  update: (u, s, p) => [update(u, p), s],
});

/** u ← c·u (optax.scale). scale(-lr) turns a direction into a descent step. */
export function scale(c: number): GradientTransformation<Record<string, never>> {
  if (typeof c !== "number" || !Number.isFinite(c)) throw new RangeError(`scale: c must be a finite number, got ${describe(c)}`);
  return stateless((u) => mapTree(u, "scaleTable", [], [c]));
}

/** u ← schedule(t)·u with t the step count from 0 (optax.scale_by_schedule). */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<{ count: number }> {
  if (typeof schedule !== "function") throw new TypeError(`scaleBySchedule: schedule must be a function (t) => number, got ${describe(schedule)}`);
  return {
    init: () => ({ count: 0 }),
    update: (u, s) => [mapTree(u, "scaleTable", [], [schedule(s.count)]), { count: s.count + 1 }],
  };
}

/** u ← u·min(1, maxNorm/(‖u‖ + 1e-6)) over the whole tree, as torch's clip_grad_norm_ (not optax's max/‖u‖ without ε). */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  assertRange("clipByGlobalNorm", "maxNorm", maxNorm, 0);
  return stateless((u) => {
    const flat = flattenTree(u, "updates");
    const table = new RecordTable(flat.leaves.length);
    let norm: number;
    try {
      norm = core()[kernelName("globalNorm", floatDType(flat, "updates"))](table.write(flat.leaves.map((t) => [t.size, t.ptr, t.ptr] as const)), flat.leaves.length) as number;
    } finally {
      table.dispose();
    }
    const coef = maxNorm / (norm + 1e-6);
    return mapTree(u, "scaleTable", [], [coef >= 1 ? 1 : coef]);
  });
}

/** u ← clamp(u, −maxDelta, maxDelta) (optax.clip; torch's clip_grad_value_). */
export function clip(maxDelta: number): GradientTransformation<Record<string, never>> {
  assertRange("clip", "maxDelta", maxDelta, 0);
  return stateless((u) => mapTree(u, "clampTable", [], [-maxDelta, maxDelta]));
}

/** u ← u + λ·θ (optax.add_decayed_weights): needs params in update(). */
export function addDecayedWeights(weightDecay: number): GradientTransformation<Record<string, never>> {
  assertRange("addDecayedWeights", "weightDecay", weightDecay, 0);
  return stateless((u, params) => {
    if (params === undefined) throw new TypeError("addDecayedWeights: update(updates, state, params) needs params");
    const p = matchingLeaves(flattenTree(u, "updates"), params, "params");
    return mapTree(u, "addScaledTable", [p], [weightDecay]);
  });
}

/** State of scaleByAdam: the step count and the moment estimates. */
export interface AdamState { count: number; mu: Tensor[]; nu: Tensor[] }

/** optax.scale_by_adam: m = β1m + (1 − β1)u, v = β2v + (1 − β2)u², u ← m̂/(√v̂ + ε) with bias-corrected m̂, v̂. */
export function scaleByAdam(options?: { b1?: number; b2?: number; eps?: number }): GradientTransformation<AdamState> {
  const o = readOptions("scaleByAdam", options, { b1: 0.9, b2: 0.999, eps: 1e-8 });
  assertRange("scaleByAdam", "b1", o.b1, 0, 1);
  assertRange("scaleByAdam", "b2", o.b2, 0, 1);
  assertRange("scaleByAdam", "eps", o.eps, 0);
  return {
    init: (params) => {
      const flat = flattenTree(params);
      const dtype = floatDType(flat);
      return { count: 0, mu: flat.leaves.map((t) => zeros(t.shape, dtype)), nu: flat.leaves.map((t) => zeros(t.shape, dtype)) };
    },
    update: (u, s) => [mapTree(u, "adamDirection", [s.mu, s.nu], [o.b1, o.b2, o.eps, s.count + 1]), { ...s, count: s.count + 1 }],
  };
}

/** optax.trace (momentum): t = u + μt; u ← t, or u + μt under nesterov. */
export function trace(options: { decay: number; nesterov?: boolean }): GradientTransformation<{ trace: Tensor[] }> {
  const o = readOptions("trace", options, { decay: NaN, nesterov: false });
  assertRange("trace", "decay", o.decay, 0);
  return {
    init: (params) => {
      const flat = flattenTree(params);
      const dtype = floatDType(flat);
      return { trace: flat.leaves.map((t) => zeros(t.shape, dtype)) };
    },
    update: (u, s) => [mapTree(u, "traceStep", [s.trace], [o.decay, o.nesterov ? 1 : 0]), s],
  };
}

/** State of the noise pieces: the step count and the scratch of the draws. */
export interface NoiseState { count: number; runner: NoiseRunner | null }

/**
 * u ← u + ξ, ξ ~ N(0, Σ) with any covariance of NoiseCovariance; ξ at step t is a pure function of
 * (key, t, index). Noise of kind "empirical" or "hessian" usually changes each step: pass a function of the
 * step count returning the covariance.
 */
export function addGaussianNoise(options: { key: Key; noise: NoiseCovariance | ((t: number) => NoiseCovariance) }): GradientTransformation<NoiseState> {
  const o = readOptions("addGaussianNoise", options, { key: undefined as unknown as Key, noise: undefined as unknown as NoiseCovariance | ((t: number) => NoiseCovariance) });
  assertKey(o.key, "addGaussianNoise: key");
  return {
    init: () => ({ count: 0, runner: null }),
    update: (u, s) => {
      const flat = flattenTree(u, "updates");
      const dtype = floatDType(flat, "updates");
      const total = offsets(flat.leaves).total;
      const runner = s.runner ?? new NoiseRunner(total, dtype);
      const spec = typeof o.noise === "function" ? o.noise(s.count) : o.noise;
      const compiled = compileNoise("addGaussianNoise", spec, total, dtype);
      try {
        const out = mapTree(u, "", [], [], (f, table) => runner.run(table, f.leaves.length, o.key, s.count, compiled, 0, 0));
        return [out, { count: s.count + 1, runner }];
      } finally {
        compiled.owned.forEach((t) => t.dispose());
      }
    },
  };
}

/** optax.add_noise: u ← u + N(0, σ_t²), σ_t² = eta/(1 + t)^gamma (gamma 0.55 by default). */
export function addNoise(options: { key: Key; eta: number; gamma?: number }): GradientTransformation<NoiseState> {
  const o = readOptions("addNoise", options, { key: undefined as unknown as Key, eta: NaN, gamma: 0.55 });
  assertKey(o.key, "addNoise: options.key");
  return addGaussianNoise({ key: o.key, noise: { kind: "annealed", eta: o.eta, gamma: o.gamma } });
}

/** Runs the pieces in order (optax.chain); intermediate update trees are disposed. */
export function chain(...pieces: GradientTransformation<unknown>[]): GradientTransformation<unknown[]> {
  pieces.forEach((p, i) => {
    if (p === null || typeof p !== "object" || typeof p.init !== "function" || typeof p.update !== "function") {
      throw new TypeError(`chain: piece ${i} must be a gradient transformation { init, update }, got ${describe(p)}`);
    }
  });
  return {
    init: (params) => pieces.map((p) => p.init(params)),
    update: (u, states, params) => {
      let current = u;
      const next: unknown[] = [];
      pieces.forEach((p, i) => {
        const [out, s] = p.update(current, states[i], params);
        if (current !== u) disposeTree(current);
        current = out;
        next.push(s);
      });
      return [current, next];
    },
  };
}

/** θ ← θ + u in place for every tensor (optax.apply_updates, but in place: one WASM call). */
export function applyUpdates(params: ParamTree, updates: ParamTree): void {
  const flat = flattenTree(params, "params");
  const dtype = floatDType(flat);
  const u = matchingLeaves(flat, updates, "updates");
  const table = new RecordTable(flat.leaves.length);
  try {
    core()[kernelName("addTable", dtype)](table.write(flat.leaves.map((t, i) => [t.size, t.ptr, u[i].ptr] as const)), flat.leaves.length);
  } finally {
    table.dispose();
  }
}

/** Disposes every tensor (and noise scratch) in a tree or a transformation's state. */
export function disposeTree(tree: unknown): void {
  if (tree instanceof Tensor) tree.dispose();
  else if (tree instanceof NoiseRunner) tree.dispose();
  else if (Array.isArray(tree)) tree.forEach(disposeTree);
  else if (tree !== null && typeof tree === "object") Object.values(tree).forEach(disposeTree);
}

/** Frees a transformation's state (its tensors and scratch). */
export const disposeState = disposeTree;
