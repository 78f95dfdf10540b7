// The torch-shaped optimizer base: holds the parameter tensors (updated in place), per-parameter state
// tensors by slot ("exp_avg", …), the step count and the options; step(grads) writes the record table and
// makes ONE WASM call over all parameters. stateDict / loadStateDict carry everything a resumed run needs.
import { Tensor, zeros } from "../tensor.js";
import { keep } from "../runtime/memory.js";
import { describe } from "../errors.js";
import { flattenTree, floatDType, matchingLeaves, offsets, RecordTable, type FlatTree, type ParamTree, type Row } from "./tree.js";

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");

/** Everything an optimizer needs to resume: kind, step count, options and state tensors (copies you own). */
export interface OptimizerStateDict {
  /** The class, e.g. "Adam"; loading into another kind is an error. */
  kind: string;
  /** Steps taken. */
  step: number;
  /** Hyperparameters (numbers and booleans), including the current lr. */
  options: Record<string, number | boolean>;
  /** State tensors named `${slot}.${parameter name}`, e.g. "exp_avg.0.weight". */
  state: Record<string, Tensor>;
}

/** Hyperparameters every optimizer has. */
export type OptionValues = Record<string, number | boolean>;

// The subclasses' hooks, keyed by symbols: a protected method would be reachable by name from JS (calling
// update() directly skipped step()'s checks that the gradients match the parameters). Not exported from index.ts.
export const UPDATE: unique symbol = Symbol("update");
export const TABLE: unique symbol = Symbol("table");
export const ENSURE_SLOTS: unique symbol = Symbol("ensureSlots");

/** Base class of SGD, Adam, AdamW, RMSprop, Adagrad and the noisy optimizers. */
export abstract class Optimizer<O extends OptionValues = OptionValues> {
  /** The class name, as in stateDict().kind. */
  abstract readonly kind: string;
  /** The parameter tensors, flattened in tree order. */
  readonly params: readonly Tensor[];
  /** Their dotted names ("0.weight"). */
  readonly names: readonly string[];
  readonly dtype: "float32" | "float64";
  /** Offsets of each parameter in the flattened vector, and its length P. */
  protected readonly offsets: readonly number[];
  protected readonly total: number;
  /** Hyperparameters; `lr` may be changed between steps (schedules do). */
  readonly options: O;
  /** Steps taken so far. */
  stepCount = 0;
  protected readonly slots: Record<string, Tensor[]> = {};
  protected readonly flat: FlatTree;
  readonly #table: RecordTable;
  #disposed = false;

  constructor(params: ParamTree, options: O, slotNames: readonly string[]) {
    this.flat = flattenTree(params, "params");
    this.dtype = floatDType(this.flat);
    this.params = this.flat.leaves;
    this.names = this.flat.names;
    const o = offsets(this.flat.leaves);
    this.offsets = o.offsets;
    this.total = o.total;
    this.options = options;
    this.#table = new RecordTable(this.params.length);
    try {
      // the optimizer owns its state: keep() takes it out of any enclosing scope()
      for (const slot of slotNames) this.slots[slot] = this.params.map((p) => keep(zeros(p.shape, this.dtype)));
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /** The learning rate. */
  get lr(): number {
    return this.options.lr as number;
  }
  set lr(value: number) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`${this.kind}: lr must be a finite number ≥ 0, got ${describe(value)}`);
    (this.options as OptionValues).lr = value;
  }

  /** One update of every parameter in place from a gradient tree of the same structure (one WASM call). */
  step(grads: ParamTree): void {
    this.#assertLive();
    const g = matchingLeaves(this.flat, grads, "grads");
    this[UPDATE](g);
    this.stepCount++;
  }

  /**
   * Allocates (zeros) the state slots an update needs that do not exist yet — an option changed after
   * construction (a schedule turning momentum on) — and returns the names it created.
   */
  protected [ENSURE_SLOTS](names: readonly string[]): Set<string> {
    const created = new Set<string>();
    for (const name of names) {
      if (this.slots[name] !== undefined) continue;
      const made: Tensor[] = [];
      try {
        for (const p of this.params) made.push(keep(zeros(p.shape, this.dtype)));
      } catch (err) {
        made.forEach((t) => t.dispose());
        throw err;
      }
      this.slots[name] = made;
      created.add(name);
    }
    return created;
  }

  /** Writes the records: (n, param, grad, the slots' tensors…, offset); a slot this optimizer lacks is 0. */
  protected [TABLE](grads: readonly Tensor[], slots: readonly string[]): number {
    const rows: Row[] = this.params.map((p, i) => {
      const s = slots.map((name) => this.slots[name]?.[i].ptr ?? 0);
      return [p.size, p.ptr, grads[i].ptr, s[0] ?? 0, s[1] ?? 0, s[2] ?? 0, this.offsets[i]];
    });
    return this.#table.write(rows);
  }

  /** The kernel call of one step; stepCount is the count before it. */
  protected abstract [UPDATE](grads: readonly Tensor[]): void;

  /** Copies of the state tensors, the step count and the options. */
  stateDict(): OptimizerStateDict {
    this.#assertLive();
    const state: Record<string, Tensor> = {};
    for (const [slot, tensors] of Object.entries(this.slots)) {
      tensors.forEach((t, i) => { state[`${slot}.${this.names[i]}`] = t.clone(); });
    }
    return { kind: this.kind, step: this.stepCount, options: { ...this.options }, state };
  }

  /** Restores what stateDict() returned (the tensors are copied; the dict stays yours). */
  loadStateDict(dict: OptimizerStateDict): void {
    this.#assertLive();
    if (dict === null || typeof dict !== "object") throw new TypeError(`${this.kind}.loadStateDict: dict must be an object from stateDict(), got ${describe(dict)}`);
    if (dict.kind !== this.kind) throw new TypeError(`${this.kind}.loadStateDict: the dict is from ${describe(dict.kind)}, not ${this.kind}`);
    if (!Number.isInteger(dict.step) || dict.step < 0) throw new RangeError(`${this.kind}.loadStateDict: step must be an integer ≥ 0, got ${describe(dict.step)}`);
    for (const k of Object.keys(this.options)) {
      const v = dict.options?.[k];
      if (typeof v !== typeof this.options[k]) throw new TypeError(`${this.kind}.loadStateDict: options.${k} must be a ${typeof this.options[k]}, got ${describe(v)}`);
      if (typeof v === "number" && !Number.isFinite(v)) throw new RangeError(`${this.kind}.loadStateDict: options.${k} must be finite, got ${describe(v)}`);
    }
    // slots the dict has (e.g. a momentum buffer created after construction) are created here too
    const first = this.names[0];
    this[ENSURE_SLOTS](Object.keys(dict.state ?? {}).filter((k) => k.endsWith(`.${first}`)).map((k) => k.slice(0, k.length - first.length - 1))
      .filter((slot) => this.names.every((n) => dict.state[`${slot}.${n}`] instanceof Tensor)));
    for (const [slot, tensors] of Object.entries(this.slots)) {
      tensors.forEach((t, i) => {
        const name = `${slot}.${this.names[i]}`;
        const src = dict.state?.[name];
        if (!(src instanceof Tensor)) throw new TypeError(`${this.kind}.loadStateDict: state.${name} is missing`);
        if (src.dtype !== t.dtype || src.size !== t.size) throw new RangeError(`${this.kind}.loadStateDict: state.${name} must be ${t.dtype} of shape ${describe(t.shape)}, got ${src.dtype} ${describe(src.shape)}`);
      });
    }
    for (const [slot, tensors] of Object.entries(this.slots)) {
      tensors.forEach((t, i) => t.view().set(dict.state[`${slot}.${this.names[i]}`].view()));
    }
    for (const k of Object.keys(this.options)) (this.options as OptionValues)[k] = dict.options[k];
    this.stepCount = dict.step;
  }

  /** Frees the state tensors and the table (not the parameters). Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const tensors of Object.values(this.slots)) for (const t of tensors) t.dispose();
    this.#table.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  #assertLive(): void {
    if (this.#disposed) throw new TypeError(`${this.kind} was used after dispose()`);
  }
}
