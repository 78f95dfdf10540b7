// Options are read as own properties only, so a polluted Object.prototype cannot change a result.
import { assertOptions } from "./errors.js";

/** options[name] when it is an own property that is not undefined, else `fallback`. */
export function ownOption<T>(options: object, name: string, fallback: T): T {
  if (!Object.prototype.hasOwnProperty.call(options, name)) return fallback;
  const v = (options as Record<string, unknown>)[name];
  return v === undefined ? fallback : (v as T);
}

/** Checks an options object and that it has no keys outside `known` (a misspelt option is an error). */
export function checkOptions(options: unknown, known: readonly string[], fn: string): asserts options is object {
  assertOptions(options, fn);
  for (const name of Object.keys(options as object)) {
    if (!known.includes(name)) throw new TypeError(`${fn}: unknown option ${JSON.stringify(name)} (known: ${known.join(", ")})`);
  }
}
