// The bad-input fuzz over the whole public API (issue 14, grown from bad-input.test.ts). fast-check with a fixed
// seed draws ≥ 10^4 calls of five kinds:
//   A. every battery operation (tests/runtimes/battery/operations.mjs: one line per export) with a valid case, or
//      with one field of the case replaced by a hostile value;
//   B. every exported function called with hostile arguments (0–4 of them);
//   C. every method, getter and static member of every class (Tensor, Key, Generator, the distributions,
//      AliasTable) on a fresh instance, with hostile or plain arguments;
//   D. every class constructed with hostile arguments;
//   E. every function that takes options, given prototype keys ("toString", "constructor", "__proto__", …) as
//      option names and as option values.
// After each call: it returned a valid result or threw a TypeError / RangeError / StochasmError whose message is
// not an engine's generic one and names the function or one of its arguments; no WebAssembly.RuntimeError; a
// canary computation gives the same bits as before the run; memory() counts the same tensors and bytes once the
// call's arguments and results are disposed. A last part checks that work grows with input size as documented,
// by counting (svd's row operations; WASM memory not grown by a refused huge shape), never by timing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as S from "../../sdk/index";
import { core } from "../../sdk/runtime/core";
// @ts-expect-error plain ES modules without types
import { operations } from "../runtimes/battery/operations.mjs";

const SEED = 20261206;
const CALLS = { battery: 4000, functions: 3000, members: 3500, constructors: 1000, options: 1000 };

type Op = { name: string; arbitrary: fc.Arbitrary<unknown>; run: (s: typeof S, c: unknown) => unknown };
// Async lines (fit+evaluate, mnistFromIdx, as main adds them) keep working after they return a promise: a
// synchronous check after the call cannot see what they do, so they run in the battery (which awaits them).
const OPS = (operations as Op[]).filter((op) => Object.prototype.toString.call(op.run) !== "[object AsyncFunction]");

// ---------------------------------------------------------------------------------------------------------
// Hostile values. Makers are thunks: tensors are made fresh for each call and disposed after it.

const made: S.Tensor[] = [];
const T = (data: number[] | number[][], shape?: number[], dtype?: S.DType) => () => {
  const t = S.tensor(data as number[], shape, dtype);
  made.push(t);
  return t;
};
const PROTOTYPE_KEYS = ["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__"];

const NUMBERS = [0, -0, 1, -1, 0.5, 2, 3, 7, 1e-320, 1e-40, 1e39, 1e300, -1e300, 2 ** 31, 2 ** 32, 2 ** 53, NaN, Infinity, -Infinity];
const STRINGS = ["", "mean", "sum", "none", "float32", "float64", "int32", "alias", "gumbel", "inverse-cdf", "fro", ...PROTOTYPE_KEYS];
const makers: [string, () => unknown][] = [
  ...NUMBERS.map((n): [string, () => unknown] => [String(n), () => n]),
  ...STRINGS.map((s): [string, () => unknown] => [JSON.stringify(s), () => s]),
  ["null", () => null], ["undefined", () => undefined], ["true", () => true], ["false", () => false],
  ["1n", () => 1n], ["2n**70n", () => 2n ** 70n], ["a symbol", () => Symbol("fuzz")],
  ["{}", () => ({})], ["a null-prototype object", () => Object.create(null)], ["{ valueOf: 3 }", () => ({ valueOf: () => 3 })],
  ["a throwing toString", () => ({ toString() { throw new Error("toString was called"); } })],
  ["[]", () => []], ["[1, 2, 3]", () => [1, 2, 3]], ["[[1, 2], [3, 4]]", () => [[1, 2], [3, 4]]], ["ragged [[1], 2]", () => [[1], 2]],
  ["[-1]", () => [-1]], ["[1.5]", () => [1.5]], ["[2**31]", () => [2 ** 31]], ["[2**16, 2**16]", () => [2 ** 16, 2 ** 16]], ["[0, 3]", () => [0, 3]],
  ["Float64Array", () => new Float64Array([0.25, 0.75])], ["Int32Array", () => new Int32Array([0, 1])], ["a function", () => () => 1],
  ["a forged Key", () => Object.create(S.Key.prototype)], ["a forged Tensor", () => Object.create(S.Tensor.prototype)],
  ["key(0)", () => S.key(0)], ["key(7)", () => S.key(7)],
  ["f32 [2, 3]", T([[1, 2, 3], [4, 5, 6]])], ["f64 [2, 2] SPD", T([[2, 1], [1, 3]], [2, 2], "float64")],
  ["f32 [3]", T([1, 2, 3])], ["f32 scalar", T([0.5], [])], ["int32 [2]", T([0, 1], [2], "int32")], ["f32 [0]", T([], [0])],
  ["f64 [2, 0]", T([], [2, 0], "float64")], ["f32 rows of probabilities", T([[0.25, 0.75], [0.5, 0.5]])], ["f32 with NaN", T([1, NaN])],
  ["f64 [3, 3]", T([4, 2, 0, 2, 5, 1, 0, 1, 3], [3, 3], "float64")], ["f32 [2, 2, 2]", T([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])],
  ["a disposed tensor", () => { const t = S.tensor([1, 2]); t.dispose(); return t; }],
  ["Normal(0, 1)", () => new S.Normal(0, 1)], ["Categorical", () => new S.Categorical({ probs: [0.25, 0.75] })], ["Dirichlet", () => new S.Dirichlet([1, 2])],
  ["options with a prototype-key value", () => ({ reduction: "toString", dtype: "constructor", method: "__proto__", ord: "valueOf" })],
  ["options from JSON with __proto__", () => JSON.parse('{"__proto__": {"reduction": "sum"}, "dim": 0}')],
];
const hostile = fc.constantFrom(...makers);
// In battery cases the battery's own line reads the fields it is given (c.x.shape): a forged Tensor or Key there
// fails in that line's property read, not in stochasm, so those two are left to the families that pass them in.
const hostileData = fc.constantFrom(...makers.filter(([l]) => !l.startsWith("a forged")));

// ---------------------------------------------------------------------------------------------------------
// The public surface.

const isClass = (v: unknown): v is new (...a: unknown[]) => unknown => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
const FUNCTIONS = Object.entries(S).filter(([, v]) => typeof v === "function" && !isClass(v)) as [string, (...a: unknown[]) => unknown][];
const CLASSES = Object.entries(S).filter(([, v]) => isClass(v)) as [string, new (...a: unknown[]) => unknown][];
// init/initSync may swap the core (same bits: the canary checks it); setLeakWarnings only toggles warnings.
const ASYNC = new Set(["init"]);

/** Parameter names from a function's source (for "the message names an argument"). */
function paramNames(f: Function): string[] {
  const src = Function.prototype.toString.call(f);
  const m = /^class\b/.test(src) ? /\bconstructor\s*\(([^)]*)\)/.exec(src) : /^[^(]*\(([^)]*)\)/.exec(src);
  if (!m) return [];
  return m[1].split(",").map((p) => p.trim().replace(/^\.\.\./, "").split(/[\s=:]/)[0]).filter((p) => /^[A-Za-z_$][\w$]*$/.test(p));
}

// Fresh instances of each class, with their members.
const INSTANCES: [string, () => object][] = [
  ["Tensor f32", T([[1, 2], [3, 4]])], ["Tensor f64", T([1, 2, 3], [3], "float64")], ["Tensor int32", T([2, 0], [2], "int32")],
  ["Tensor empty", T([], [0, 2])], ["Tensor scalar", T([3], [])],
  ["Key", () => S.key(5)], ["Generator", () => new S.Generator(3)],
  ["Normal", () => new S.Normal([0, 1], 2)], ["Uniform", () => new S.Uniform(-1, 2)], ["Exponential", () => new S.Exponential(1.5)],
  ["Laplace", () => new S.Laplace(0, 1)], ["Bernoulli", () => new S.Bernoulli({ logits: [0, 2] })], ["Categorical", () => new S.Categorical({ logits: [[0, 1, 2]] })],
  ["Gamma", () => new S.Gamma(2, 3)], ["Beta", () => new S.Beta(2, 5)], ["Dirichlet", () => new S.Dirichlet([1, 2, 3])],
  ["MultivariateNormal", () => new S.MultivariateNormal([0, 1], { covarianceMatrix: [[2, 1], [1, 2]] })],
  ["AliasTable", () => new S.AliasTable(new S.Categorical({ probs: [0.5, 0.25, 0.25] }))],
  ["StochasmError", () => new S.StochasmError("x")],
  // optimizers own their state until dispose(): the fuzz disposes each instance after its call
  ["SGD", () => new S.SGD([T([1, 2])()], { lr: 0.1, momentum: 0.9 })], ["Adam", () => new S.Adam({ w: T([1, 2], [2], "float64")() })],
  ["AdamW", () => new S.AdamW([T([[1, 2]])()])], ["RMSprop", () => new S.RMSprop([T([1])()], { centered: true })],
  ["Adagrad", () => new S.Adagrad([T([1, 2, 3])()])],
  ["NoisySGD", () => new S.NoisySGD([T([1, 2])()], { lr: 0.1, key: S.key(1), noise: { kind: "diagonal", variance: T([0.5, 0.5])() } })],
  ["SGLD", () => new S.SGLD([T([1, 2])()], { key: S.key(2), a: 0.01 })], ["PSGLD", () => new S.PSGLD([T([1, 2])()], { key: S.key(3), a: 0.01 })],
  ["LRScheduler", () => new S.LRScheduler(new S.SGD([T([1])()], { lr: 0.1 }), S.cosineSchedule(0.1, { tMax: 10 }))],
  ["Tensor disposed", () => { const t = S.tensor([1, 2]); t.dispose(); return t; }],
  // validateArgs: false lets parameters outside the support through: results may be NaN, but no trap or hang
  ["Normal unvalidated", () => new S.Normal([0, NaN], [-1, 0], { validateArgs: false })],
  ["Gamma unvalidated", () => new S.Gamma([-1, 0, NaN], [1, -2, Infinity], { validateArgs: false })],
  ["Beta unvalidated", () => new S.Beta([-1, 0], [NaN, 2], { validateArgs: false })],
  ["Dirichlet unvalidated", () => new S.Dirichlet([[-1, 2], [0, NaN]], { validateArgs: false })],
  ["Categorical unvalidated", () => new S.Categorical({ probs: [[0.9, 0.9], [-1, 2]] }, { validateArgs: false })],
  ["Bernoulli unvalidated", () => new S.Bernoulli({ probs: [1.5, -0.5, NaN] }, { validateArgs: false })],
  ["Uniform unvalidated", () => new S.Uniform([1, 0], [0, 0], { validateArgs: false })],
  ["Exponential unvalidated", () => new S.Exponential([-1, 0, Infinity], { validateArgs: false })],
  ["Laplace unvalidated", () => new S.Laplace(0, [-1, 0], { validateArgs: false })],
  ["MultivariateNormal unvalidated", () => new S.MultivariateNormal([0, 0], { scaleTril: [[-1, 0], [5, 0]] }, { validateArgs: false })],
];
function memberNames(o: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(o); p !== null && p !== Object.prototype && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== "constructor") names.add(name);
  }
  for (const name of Object.keys(o)) names.add(name);
  return [...names].sort();
}
// Member names of each kind, from one instance made (and disposed) once.
const MEMBERS = new Map<string, string[]>();
function membersOf(kind: string, make: () => object): string[] {
  let names = MEMBERS.get(kind);
  if (names === undefined) {
    names = S.scope(() => {
      const o = make() as { dispose?: () => void };
      const found = memberNames(o);
      if (typeof o.dispose === "function" && !(o instanceof S.Tensor)) o.dispose();
      return found;
    });
    for (const t of made.splice(0)) t.dispose();
    MEMBERS.set(kind, names);
  }
  return names;
}
const STATICS = CLASSES.flatMap(([cname, C]) => Object.getOwnPropertyNames(C).filter((n) => !["length", "name", "prototype"].includes(n)).map((n): [string, string] => [cname, n]));

// Functions that take options, and the option names they know.
const OPTION_FUNCTIONS: [string, string[], (o: unknown) => unknown][] = [
  ["matmul", ["transposeA", "transposeB", "alpha", "beta", "out"], (o) => S.matmul(T([[1, 2], [3, 4]])(), T([[1], [1]])(), o as never)],
  ["bmm", ["transposeA", "transposeB", "alpha", "beta", "out"], (o) => S.bmm(T([1, 2, 3, 4], [1, 2, 2])(), T([1, 2, 3, 4], [1, 2, 2])(), o as never)],
  ["eigh", ["symmetryTol"], (o) => S.eigh(T([[2, 1], [1, 2]], [2, 2], "float64")(), o as never)],
  ["matrixRank", ["tol"], (o) => S.matrixRank(T([[2, 1], [1, 2]], [2, 2], "float64")(), o as never)],
  ["solveTriangular", ["upper", "transpose", "unitDiagonal"], (o) => S.solveTriangular(T([[2, 0], [1, 2]], [2, 2], "float64")(), T([1, 1], [2], "float64")(), o as never)],
  ["crossEntropy", ["labelSmoothing", "reduction"], (o) => S.crossEntropy(T([[0, 1], [2, 0]])(), [0, 1], o as never)],
  ["binaryCrossEntropyWithLogits", ["reduction"], (o) => S.binaryCrossEntropyWithLogits(T([0, 1])(), T([0, 1])(), o as never)],
  ["mseLoss", ["reduction"], (o) => S.mseLoss(T(Array.from({ length: 64 }, (_, i) => i))(), T(new Array(64).fill(0))(), o as never)],
  ["softmax", ["temperature", "dim"], (o) => S.softmax(T([[1, 2]])(), o as never)],
  ["logSoftmax", ["temperature", "dim"], (o) => S.logSoftmax(T([[1, 2]])(), o as never)],
  ["entropy", ["temperature", "dim"], (o) => S.entropy(T([[1, 2]])(), o as never)],
  ["norm", ["ord", "dim", "keepdim"], (o) => S.norm(T([[1, 2], [3, 4]])(), o as never)],
  ["cosineSimilarity", ["dim", "eps"], (o) => S.cosineSimilarity(T([1, 2])(), T([2, 1])(), o as never)],
  ["pairwiseCosine", ["eps"], (o) => S.pairwiseCosine(T([[1, 2]])(), T([[2, 1]])(), o as never)],
  ...(["sum", "mean", "variance", "max", "min", "argmax"] as const).map((n): [string, string[], (o: unknown) => unknown] => [n, ["dim", "keepdim", "unbiased"], (o) => (S[n] as (x: S.Tensor, o: unknown) => unknown)(T([[1, 2], [3, 4]])(), o)]),
  ["uniform", ["low", "high", "dtype", "offset"], (o) => S.uniform(S.key(0), [3], o as never)],
  ["normal", ["mean", "std", "dtype", "offset"], (o) => S.normal(S.key(0), [3], o as never)],
  ["truncatedNormal", ["mean", "std", "offset"], (o) => S.truncatedNormal(S.key(0), [3], o as never)],
  ["randint", ["offset"], (o) => S.randint(S.key(0), [3], 0, 5, o as never)],
  ["bernoulli", ["offset"], (o) => S.bernoulli(S.key(0), [3], 0.5, o as never)],
  ["rademacher", ["offset"], (o) => S.rademacher(S.key(0), [3], o as never)],
  ["randomBits", ["offset"], (o) => S.randomBits(S.key(0), [3], o as never)],
  ["poisson", ["dtype"], (o) => S.poisson(S.key(0), [3], 2, o as never)],
  ["binomial", ["dtype"], (o) => S.binomial(S.key(0), [3], 5, 0.5, o as never)],
  ["categoricalSample", ["method"], (o) => S.categoricalSample(new S.Categorical({ probs: [0.5, 0.5] }), S.key(0), [3], o as never)],
  ["Normal", ["validateArgs"], (o) => new S.Normal(0, 1, o as never)],
  ["Normal.sample", ["dtype"], (o) => new S.Normal(0, 1).sample(S.key(0), [2], o as never)],
  ["Gamma.rsample", ["dtype"], (o) => new S.Gamma(2, 1).rsample(S.key(0), [2], o as never)],
  ["Categorical.sample", ["dtype"], (o) => new S.Categorical({ probs: [0.5, 0.5] }).sample(S.key(0), [2], o as never)],
  ["MultivariateNormal", ["covarianceMatrix", "precisionMatrix", "scaleTril"], (o) => new S.MultivariateNormal([0, 0], o as never)],
  ["Bernoulli", ["probs", "logits"], (o) => new S.Bernoulli(o as never)],
  ["Categorical", ["probs", "logits"], (o) => new S.Categorical(o as never)],
  // (not `wasm`: what initSync accepts as a module or bytes belongs to the loading work in runtime/load.ts)
  ["initSync", ["simd"], (o) => S.initSync(o as never)],
];

// ---------------------------------------------------------------------------------------------------------
// The checks.

const GENERIC = /Cannot read propert|is not a function|is not iterable|undefined is not|null is not|Maximum call stack|unreachable|out of bounds|memory access|RuntimeError|Invalid typed array length|Invalid array length|Cannot convert|Cannot mix BigInt|private member|toString was called|is not a constructor|not extensible|read-only/i;
const TYPED = (e: unknown) => e instanceof TypeError || e instanceof RangeError || e instanceof S.StochasmError;

interface Call { label: string; names: string[]; run: () => unknown }

/** Problems with a thrown error (or an error digested by the battery's attempt() as "error Name: message"). */
function errorProblem(name: string, message: string, typed: boolean, names: string[]): string | null {
  if (name === "RuntimeError") return `trapped: ${message}`;
  if (!typed) return `threw an untyped ${name}: ${message}`;
  if (message.trim() === "" || GENERIC.test(message)) return `generic message: ${name}: ${message}`;
  const lower = message.toLowerCase();
  if (names.length > 0 && !names.some((n) => n !== "" && lower.includes(n.toLowerCase()))) return `message names none of ${names.join(", ")}: ${name}: ${message}`;
  return null;
}

// A mutated battery case can break the battery's own line (reading c.x.data of a number): its first stack frame
// is then in tests/runtimes/battery, not in stochasm, and it says nothing about the library.
function thrownByTheHarness(err: unknown): boolean {
  const stack = (err as { stack?: unknown } | null)?.stack;
  if (typeof stack !== "string") return false;
  // skip frames in this file (a hostile value's own toString throwing is still the caller's doing)
  const frame = stack.split("\n").find((l) => /^\s+at /.test(l) && !/fuzz\.test\.ts/.test(l)) ?? "";
  return /tests[\\/]runtimes[\\/]battery[\\/]/.test(frame);
}

// Tensors, thenables and digested errors reachable from a result.
function walk(value: unknown, visit: (v: unknown) => void, depth = 0, seen = new Set<unknown>()): void {
  visit(value);
  if (value === null || typeof value !== "object" || depth > 5 || seen.has(value)) return;
  seen.add(value);
  if (value instanceof S.Tensor || ArrayBuffer.isView(value)) return;
  for (const v of Array.isArray(value) ? value : Object.values(value)) walk(v, visit, depth + 1, seen);
}

function bitsOf(t: S.Tensor): string {
  const a = t.toArray();
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), (b) => b.toString(16).padStart(2, "0")).join("");
}
function canary(): string {
  return S.scope(() => [
    S.normal(S.key(42), [8]), S.uniform(S.key(9), [4], { dtype: "float64" }),
    S.matmul(S.tensor([[1, 2], [3, 4]]), S.tensor([[0.5], [0.25]])), S.softmax(S.tensor([[1, 2, 3]])),
    new S.Normal(1, 2).logProb(S.tensor([0.5], [1], "float64")), S.svd(S.tensor([[3, 0], [4, 5]], [2, 2], "float64")).S,
    S.poisson(S.key(3), [4], 5), new S.Gamma(2, 1).sample(S.key(4), [4]), S.crossEntropy(S.tensor([[0, 1]]), [1]).loss,
  ].map(bitsOf).join("|"));
}

let baseline: { tensors: number; bytes: number };
let expectedCanary: string;
const failures = new Map<string, number>();
let calls = 0;

function record(problem: string): void {
  failures.set(problem, (failures.get(problem) ?? 0) + 1);
}

/** Runs one call and checks every promise; failures are collected (one line per distinct problem). */
function check(call: Call): void {
  calls++;
  let result: unknown;
  let thrown: unknown = undefined;
  let threw = false;
  try {
    result = call.run();
  } catch (err) {
    threw = true;
    thrown = err;
  }
  if (threw) {
    const e = thrown as { name?: unknown; message?: unknown } | null;
    const name = typeof e?.name === "string" ? e.name : typeof thrown;
    const message = typeof e?.message === "string" ? e.message : String(thrown);
    const problem = thrown instanceof WebAssembly.RuntimeError ? `trapped: ${message}` : errorProblem(name, message, TYPED(thrown), call.names);
    if (problem && !thrownByTheHarness(thrown)) record(`${call.label}: ${problem}`);
  } else {
    walk(result, (v) => {
      if (typeof v === "string" && v.startsWith("error ")) {
        const m = /^error (\w+): ([\s\S]*)$/.exec(v);
        const [name, message] = m ? [m[1], m[2]] : ["?", v];
        const problem = errorProblem(name, message, ["TypeError", "RangeError", "StochasmError", "DisposedTensorError", "LinAlgError"].includes(name), []);
        if (problem) record(`${call.label} (digested): ${problem}`);
      } else if (v instanceof S.Tensor) {
        if (v.disposed) return;
        if (v.size !== v.shape.reduce((a, b) => a * b, 1) || v.view().length !== v.size) record(`${call.label}: returned an inconsistent tensor ${v}`);
      } else if (v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as PromiseLike<unknown>).then === "function") {
        Promise.resolve(v).catch(() => undefined);
      }
    });
  }
  // Dispose what the call made or returned, then compare memory and the canary.
  walk(result, (v) => {
    if (v instanceof S.Tensor) v.dispose();
    else if (v !== null && typeof v === "object" && typeof (v as { dispose?: unknown }).dispose === "function") {
      try { (v as { dispose(): void }).dispose(); } catch { /* a half-built object: what it owns is checked below */ }
    }
  });
  for (const t of made.splice(0)) t.dispose();
  S.setLeakWarnings(false);
  const now = S.memory();
  // A battery line that a hostile field made throw partway leaves what the line itself built (a net, an
  // optimizer) undisposed: that is the line's leak, not the library's; library error paths are checked by the
  // families that hand the hostile value to stochasm directly. Successful calls are checked in every family.
  const lineLeak = threw && call.names.length === 0 && call.label.startsWith("battery ");
  if ((now.tensors !== baseline.tensors || now.bytes !== baseline.bytes) && !lineLeak) {
    record(`${call.label}: leaked (tensors ${baseline.tensors} → ${now.tensors}, bytes ${baseline.bytes} → ${now.bytes})`);
    baseline = { tensors: now.tensors, bytes: now.bytes };
  }
  let bits: string;
  try {
    bits = canary();
  } catch (err) {
    bits = `threw ${(err as Error).message}`;
  }
  if (bits !== expectedCanary) {
    record(`${call.label}: the canary changed (${bits.slice(0, 60)}…)`);
    expectedCanary = bits;
  }
}

// A value for argument i: mostly hostile, sometimes a plain valid-looking one so calls get past the first check.
const argument = fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: fc.constantFrom<[string, () => unknown]>(["key(1)", () => S.key(1)], ["[3]", () => [3]], ["f32 [2, 2]", T([[1, 2], [3, 4]])], ["0.5", () => 0.5], ["2", () => 2]) });
const args = fc.array(argument, { minLength: 0, maxLength: 4 });
const show = (as: [string, () => unknown][]) => as.map(([l]) => l).join(", ");

// Mutates one field of a battery case (records and arrays, to depth 2) into a hostile value.
function mutate(c: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || c === null || typeof c !== "object") return value;
  const keys = Object.keys(c);
  if (keys.length === 0) return value;
  const k = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(c) ? [...c] as unknown as Record<string, unknown> : { ...(c as object) };
  copy[k] = mutate((c as Record<string, unknown>)[k], path.slice(1), value);
  return copy;
}

const families: [string, number, fc.Arbitrary<Call>][] = [
  ["battery operations, valid or with one hostile field", CALLS.battery,
    fc.integer({ min: 0, max: OPS.length - 1 }).chain((i) => fc.tuple(fc.constant(OPS[i]), OPS[i].arbitrary, fc.boolean(), fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), hostileData))
      .map(([op, c, hostileField, path, [label, make]]) => ({
        label: `battery ${op.name}${hostileField ? ` with ${label} at ${path.join(".")}` : ""}`,
        names: [],
        run: () => S.scope(() => { op.run(S, hostileField ? mutate(c, path, make()) : c); }),
      }))],
  ["exported functions with hostile arguments", CALLS.functions,
    fc.tuple(fc.constantFrom(...FUNCTIONS.filter(([n]) => !ASYNC.has(n))), args).map(([[name, f], as]) => ({
      // a message may also name an argument through a string it was given (flattenTree(tree, what) says `${what}`)
      label: `${name}(${show(as)})`, names: [name, ...paramNames(f), "params", ...as.map(([l]) => l).filter((l) => /^"/.test(l)).map((l) => JSON.parse(l) as string)],
      run: () => S.scope(() => { f(...as.map(([, m]) => m())); }),
    }))],
  ["class members on fresh instances", CALLS.members,
    fc.tuple(fc.constantFrom(...INSTANCES), fc.nat(), args).map(([[kind, make], pick, as]) => {
      const names = membersOf(kind, make);
      const member = names[pick % names.length];
      return {
        label: `${kind}.${member}(${show(as)})`, names: [member, kind.split(" ")[0], "tensor", "key", "value", "shape", "dtype", "options", "q", "n", "other", "noise", "gradOutput", "data", "dispose"],
        run: () => {
          let o: Record<string, unknown> | undefined;
          try {
            S.scope(() => {
              o = make() as Record<string, unknown>;
              const v = o[member];
              if (typeof v === "function") (v as (...a: unknown[]) => unknown).apply(o, as.map(([, m]) => m()));
            });
          } finally {
            if (o && typeof o.dispose === "function" && !(o instanceof S.Tensor)) (o.dispose as () => void).call(o);
          }
        },
      };
    })],
  ["constructors and statics with hostile arguments", CALLS.constructors,
    fc.oneof(
      fc.tuple(fc.constantFrom(...CLASSES), args).map(([[name, C], as]): Call => ({
        label: `new ${name}(${show(as)})`, names: [name, ...paramNames(C)],
        run: () => S.scope(() => new C(...as.map(([, m]) => m())) as object),
      })),
      fc.tuple(fc.constantFrom(...STATICS), args).map(([[cname, member], as]): Call => ({
        label: `${cname}.${member}(${show(as)})`, names: [cname, member, "dist", "Categorical", "P", "Q", "fn"],
        run: () => S.scope(() => {
          const C = (S as Record<string, unknown>)[cname] as Record<string, unknown>;
          const v = C[member];
          if (typeof v === "function") (v as (...a: unknown[]) => unknown).apply(C, as.map(([, m]) => m()));
        }),
      })),
    )],
  ["prototype keys as option names and values", CALLS.options,
    fc.tuple(fc.constantFrom(...OPTION_FUNCTIONS), fc.nat(), fc.constantFrom(...PROTOTYPE_KEYS), fc.oneof(fc.constantFrom<unknown>(...PROTOTYPE_KEYS), fc.constantFrom(...NUMBERS), fc.constant(null)), fc.boolean())
      .map(([[name, known, f], pick, protoKey, value, asName]) => {
        const key = asName ? protoKey : known[pick % known.length];
        const v = asName ? value : protoKey;
        return {
          label: `${name}({ ${key}: ${JSON.stringify(v)} })`, names: [name, key, ...known],
          run: () => S.scope(() => {
            const o: Record<string, unknown> = {};
            Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
            f(o);
          }),
        };
      })],
];

// t.print() and friends write to the console: kept quiet while the fuzz calls them (restored after)
const consoleLog = console.log;

beforeAll(async () => {
  await S.init();
  console.log = () => undefined;
  expectedCanary = canary();
  const m = S.memory();
  baseline = { tensors: m.tensors, bytes: m.bytes };
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 20)); // let init() calls made by members settle
  console.log = consoleLog;
  S.setLeakWarnings(false);
});

describe("fuzz over the public API", () => {
  it("covers every export: each function, class, method, getter and static is reachable by some family", () => {
    const covered = new Set([...FUNCTIONS.map(([n]) => n), ...CLASSES.map(([n]) => n)]);
    for (const [name, v] of Object.entries(S)) expect(covered.has(name) || typeof v !== "function", name).toBe(true);
    const kinds = new Set(INSTANCES.map(([k]) => k.split(" ")[0]));
    for (const [name] of CLASSES) {
      if (name.endsWith("Error")) continue;
      expect(kinds.has(name) || name === "StochasmError", `no instance maker for ${name}`).toBe(true);
    }
  });

  it(`runs ${Object.values(CALLS).reduce((a, b) => a + b, 0)} calls: no trap, untyped or generic error, leak or canary change`, () => {
    for (const [, runs, arb] of families) {
      fc.assert(fc.property(arb, (call) => { check(call); return true; }), { seed: SEED, numRuns: runs });
    }
    expect(calls).toBeGreaterThanOrEqual(10_000);
    const report = [...failures].map(([p, n]) => `${n}× ${p}`).sort();
    expect(report).toEqual([]);
  });
});

describe("work grows with input size as documented (counted, not timed)", () => {
  const svdWork = (make: () => S.Tensor, run: (a: S.Tensor) => unknown) => S.scope(() => {
    const a = make();
    const before = core().svdWorkCount() as number;
    run(a);
    return (core().svdWorkCount() as number) - before;
  });
  const RUNS: [string, (a: S.Tensor) => unknown][] = [["svd", (a) => S.svd(a)], ["matrixRank", (a) => S.matrixRank(a)], ["cond", (a) => S.cond(a)], ["lowRankApprox", (a) => S.lowRankApprox(a, 1)]];

  it.each(RUNS)("%s: an n×n rank-deficient matrix costs O(n³) row operations per sweep (2n costs ≤ 12× n)", (_, run) => {
    for (const make of [(n: number) => () => S.zeros([n, n], "float64"), (n: number) => () => S.matmul(S.full([n, 1], 1, "float64"), S.full([n, 1], 1, "float64"), { transposeB: true })]) {
      const w1 = svdWork(make(40), run);
      const w2 = svdWork(make(80), run);
      expect(w2 / w1).toBeLessThan(12);
    }
  });

  it.each(RUNS)("%s: an [m, 2] matrix costs O(m) (2m costs ≤ 2.2× m)", (_, run) => {
    const w1 = svdWork(() => S.zeros([2048, 2], "float64"), run);
    const w2 = svdWork(() => S.zeros([4096, 2], "float64"), run);
    expect(w2 / w1).toBeLessThan(2.2);
  });

  it("refusing a huge shape touches no memory: WASM memory does not grow, whatever the sampler", () => {
    const huge = [2 ** 30];
    const k = S.key(0);
    const calls: [string, () => unknown][] = [
      ["empty", () => S.empty(huge)], ["zeros", () => S.zeros(huge)], ["full", () => S.full(huge, 1)], ["uniform", () => S.uniform(k, huge)],
      ["normal", () => S.normal(k, huge)], ["truncatedNormal", () => S.truncatedNormal(k, huge)], ["randint", () => S.randint(k, huge, 0, 5)],
      ["bernoulli", () => S.bernoulli(k, huge, 0.5)], ["rademacher", () => S.rademacher(k, huge)], ["randomBits", () => S.randomBits(k, huge)],
      ["poisson", () => S.poisson(k, huge, 1)], ["binomial", () => S.binomial(k, huge, 10, 0.5)],
      ["Normal.sample", () => new S.Normal(0, 1).sample(k, huge)], ["Gamma.sample", () => new S.Gamma(2, 1).sample(k, huge)],
      ["Categorical.sample", () => new S.Categorical({ probs: [0.5, 0.5] }).sample(k, huge)],
      ["categoricalSample", () => S.categoricalSample(new S.Categorical({ probs: [0.5, 0.5] }), k, huge)],
    ];
    for (const [name, call] of calls) {
      const before = S.memory();
      expect(call, name).toThrow(RangeError);
      const after = S.memory();
      expect(after.wasmBytes, name).toBe(before.wasmBytes);
      expect(after.tensors, name).toBe(before.tensors);
    }
  });
});
