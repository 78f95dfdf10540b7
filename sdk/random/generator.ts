// A stateful convenience over keys, like torch.Generator: each draw splits the current key.
import { assertKey, key, split, type Key } from "./key.js";
import { assertInteger } from "../errors.js";

/**
 * Holds a key and hands out a fresh one per draw: `next()` returns split(current)[1] and keeps
 * split(current)[0]. Reproducible: the same seed gives the same sequence of keys.
 * @example
 * const g = new Generator().manualSeed(0);
 * normal(g.next(), [3]); normal(g.next(), [3]);   // two independent draws
 */
export class Generator {
  #seed: number | bigint = 0;
  #key: Key = key(0);

  constructor(seed: number | bigint = 0) {
    this.manualSeed(seed);
  }

  /** Resets the generator to a seed (as torch.Generator.manual_seed). Returns this. */
  manualSeed(seed: number | bigint): this {
    this.#key = key(seed);
    this.#seed = seed;
    return this;
  }

  /** The seed last given to manualSeed. */
  initialSeed(): number | bigint {
    return this.#seed;
  }

  /** The next key; advances the generator. */
  next(): Key {
    const [keepKey, useKey] = split(this.#key, 2);
    this.#key = keepKey;
    return useKey;
  }

  /** n keys at once; advances the generator once. */
  nextKeys(n: number): Key[] {
    assertInteger(n, "n", 0, 2 ** 24);
    const keys = split(this.#key, n + 1);
    this.#key = keys[0];
    return keys.slice(1);
  }

  /** The current key (for saving a generator's state); `new Generator().setState(k)` restores it. */
  getState(): Key {
    return this.#key;
  }

  /** Restores a state from getState(). Returns this. */
  setState(k: Key): this {
    assertKey(k, "setState: state");
    this.#key = k;
    return this;
  }
}
