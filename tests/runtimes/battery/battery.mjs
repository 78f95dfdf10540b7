// The cross-runtime battery: runs every operation of operations.mjs over the same fast-check cases and
// returns, per operation, the SHA-256 of its outputs (NaNs canonicalised first). Runtime-neutral: it uses
// only ECMAScript, fast-check and the stochasm namespace it is given, so the same file runs in Node
// (ESM and, via dynamic import, CJS), Deno, Bun and browsers.
//   const report = await runBattery(stochasm, { simd: true });
import { fc } from "./arbitraries.mjs";
import { operations as allOperations } from "./operations.mjs";
import { Sha256 } from "./sha256.mjs";

/** The fast-check seed every operation's seed is derived from, and the generated cases per operation. */
export const BATTERY_SEED = 0x5eed;
export const RUNS = 40;

// Each operation gets its own seed (from its name), so adding an operation leaves the others' cases alone.
function seedFor(name) {
  let h = 0x811c9dc5 ^ BATTERY_SEED; // FNV-1a
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

const generated = new WeakMap(); // op → Map(runs → cases)

/** The cases of an operation: its examples, then `runs` fast-check samples with its fixed seed. */
export function casesFor(op, runs = RUNS) {
  if (!generated.has(op)) generated.set(op, new Map());
  const byRuns = generated.get(op);
  if (!byRuns.has(runs)) byRuns.set(runs, [...op.examples, ...fc.sample(op.arbitrary, { seed: seedFor(op.name), numRuns: runs })]);
  return byRuns.get(runs);
}

/** A case as text, exact for every number (−0, NaN, ±∞, bigints), identical in every runtime. */
export function describeCase(v) {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || v === undefined || typeof v === "boolean") return String(v);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `[${Array.from(v, describeCase).join(", ")}]`;
  return `{${Object.keys(v).sort().map((k) => `${k}: ${describeCase(v[k])}`).join(", ")}}`;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A copy of a typed array's bytes with every NaN replaced by the canonical quiet NaN (f32 0x7fc00000,
 * f64 0x7ff8000000000000): WASM leaves the sign and payload of NaN results unspecified.
 */
export function canonicalBytes(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
  if (array instanceof Float32Array) {
    const w = new Uint32Array(bytes.buffer);
    for (let i = 0; i < w.length; i++) {
      if ((w[i] & 0x7f800000) === 0x7f800000 && (w[i] & 0x007fffff) !== 0) w[i] = 0x7fc00000;
    }
  } else if (array instanceof Float64Array) {
    const w = new Uint32Array(bytes.buffer); // little-endian: [low, high] per element
    for (let i = 0; i < w.length; i += 2) {
      if ((w[i + 1] & 0x7ff00000) === 0x7ff00000 && ((w[i + 1] & 0x000fffff) | w[i]) !== 0) {
        w[i] = 0;
        w[i + 1] = 0x7ff80000;
      }
    }
  }
  return bytes;
}

// Feeds a result into the hash: a header naming its kind and shape, then its canonical bytes.
function feed(hash, value, s) {
  if (value instanceof s.Tensor) {
    hash.update(`tensor ${value.dtype} [${value.shape.join(",")}]\n`).update(canonicalBytes(value.view()));
  } else if (ArrayBuffer.isView(value)) {
    hash.update(`${value.constructor.name} ${value.length}\n`).update(canonicalBytes(value));
  } else if (value instanceof s.Key) {
    hash.update(`key ${value.k0} ${value.k1}\n`);
  } else if (typeof value === "number") {
    hash.update("number\n").update(canonicalBytes(new Float64Array([value])));
  } else if (Array.isArray(value)) {
    hash.update(`array ${value.length}\n`);
    for (const v of value) feed(hash, v, s);
  } else if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    hash.update(`object ${keys.join(",")}\n`);
    for (const k of keys) feed(hash, value[k], s);
  } else {
    hash.update(`${typeof value} ${describeCase(value)}\n`);
  }
}

/**
 * Runs the battery against one build and returns, per operation, `{ digest, cases, count, errors, perCase }`:
 * the SHA-256 of all outputs, the SHA-256 of the case texts (equal everywhere unless fast-check itself
 * differed), the number of cases and of rejected cases, and a short digest per case for locating a
 * difference.
 * @param s the stochasm module namespace (dist ESM or CJS build).
 * @param options.simd which build to initialise; the report records what init() loaded.
 */
export async function runBattery(s, { simd, operations = allOperations, runs = RUNS } = {}) {
  if (!LITTLE_ENDIAN) throw new Error("the battery assumes a little-endian host (as WASM memory is)");
  const names = new Set();
  for (const o of operations) {
    if (names.has(o.name)) throw new Error(`battery: operation name "${o.name}" is used twice`);
    names.add(o.name);
  }
  const info = await s.init({ simd });
  const started = Date.now();
  const baseline = s.memory().tensors;
  const results = {};
  for (const o of operations) {
    const cases = casesFor(o, runs);
    const caseHash = new Sha256();
    const opHash = new Sha256();
    const perCase = [];
    let errors = 0;
    for (const c of cases) {
      caseHash.update(`${describeCase(c)}\n`);
      const h = new Sha256();
      try {
        // a run may be async (fit, mnistFromIdx): it returns plain data and frees its own tensors
        let pending = null;
        s.scope(() => {
          const value = o.run(s, c);
          if (typeof value?.then === "function") pending = value;
          else feed(h, value, s);
        });
        if (pending !== null) feed(h, await pending, s);
      } catch (err) {
        errors++;
        h.update(`error ${err?.name ?? typeof err}: ${err?.message ?? String(err)}\n`);
      }
      const digest = h.hex();
      perCase.push(digest.slice(0, 16));
      opHash.update(digest);
    }
    const leaked = s.memory().tensors - baseline;
    if (leaked !== 0) throw new Error(`battery: operation "${o.name}" left ${leaked} tensor(s) alive (use scope, not keep, in run)`);
    results[o.name] = { digest: opHash.hex(), cases: caseHash.hex(), count: cases.length, errors, perCase };
  }
  return { simd: info.simd, streamVersion: info.streamVersion, milliseconds: Date.now() - started, operations: results };
}
