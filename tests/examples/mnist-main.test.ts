// The main job's pieces (examples/mnist/): options and --help, the net's He init, the weights hash for a fixed
// key, the model card, and ensemble members trained on worker threads equal to members trained one after
// another. Small configs on a few hundred real digits keep it to seconds. Needs dist/ (npm run build).
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: plain .mjs without types
import * as s from "../../dist/stochasm.mjs";
// @ts-expect-error: plain .mjs without types
import { loadMnist } from "../../dist/node.mjs";
// @ts-expect-error: plain .mjs without types
import { DEFAULTS, HELP, parseArgs, buildNet, trainMember, weightsHash, netFromBytes, modelCard, stateBytes } from "../../examples/mnist/job.mjs";
// @ts-expect-error: plain .mjs without types
import { trainMembers } from "../../examples/mnist/members.mjs";

const main = new URL("../../examples/mnist/main.mjs", import.meta.url).pathname;
type Data = { train: unknown; test: unknown; digests: Record<string, string> };
let data: Data;
let core: { simd: boolean; streamVersion: number };
const head = (set: { name: string; images: Uint8Array; labels: Uint8Array; height: number; width: number }, n: number) =>
  s.imageSet(set.name, set.images.subarray(0, n * 784), set.labels.subarray(0, n), set);
const small = { ...DEFAULTS, hidden: [16], epochs: 1, members: 3, batchSize: 32, trainCount: 320 };

beforeAll(async () => {
  core = await s.init();
  const mnist = await loadMnist();
  data = { train: mnist.train, test: head(mnist.test, 200), digests: mnist.digests };
});

describe("npm start's options", () => {
  it("--help lists every option and exits 0", () => {
    const out = execFileSync(process.execPath, [main, "--help"], { encoding: "utf8" });
    expect(out).toBe(`${HELP}\n`);
    for (const flag of ["--epochs", "--seed", "--hidden", "--members", "--mc-samples", "--optimizer", "--noise", "--quiet"]) expect(out).toContain(flag);
  });

  it("rejects bad values naming the flag, the value and the rule, with exit code 2", () => {
    const r = spawnSync(process.execPath, [main, "--epochs", "-1"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm start: --epochs must be an integer ≥ 0, got "-1"');
    expect(() => parseArgs(["--epochs", "2.5"])).toThrow('--epochs must be an integer ≥ 0, got "2.5"');
    expect(() => parseArgs(["--hidden", "128,,4"])).toThrow(/--hidden must be comma-separated layer sizes/);
    expect(() => parseArgs(["--optimizer", "adamw"])).toThrow('--optimizer must be one of adam, sgd, sgld, noisy-sgd, got "adamw"');
    expect(() => parseArgs(["--members", "0"])).toThrow("--members must be an integer ≥ 1");
    expect(() => parseArgs(["--epoch", "3"])).toThrow('unknown option "--epoch"');
    expect(() => parseArgs(["--noise", "0.1"])).toThrow(/with --optimizer adam it would be ignored/);
    expect(() => parseArgs(["--seed"])).toThrow("--seed needs a value");
    expect(() => parseArgs(["--dropout", "1"])).toThrow("--dropout must be < 1");
  });

  it("reads values as given and defaults the learning rate by optimizer", () => {
    expect(parseArgs([])).toMatchObject({ epochs: 5, seed: 0, hidden: [128], members: 5, mcSamples: 50, optimizer: "adam", lr: 1e-3, batchSize: 64, dropout: 0.2 });
    expect(parseArgs(["--hidden=400,400", "--optimizer", "noisy-sgd", "--noise", "0.5", "--quiet"])).toMatchObject({ hidden: [400, 400], optimizer: "noisy-sgd", lr: 0.05, noise: 0.5, quiet: true });
  });
});

describe("the model", () => {
  it("is He-initialised: weights N(0, 2/fanIn), zero biases", () => {
    const net = buildNet({ ...DEFAULTS }, s.key(0));
    const w = net.parameters()["0.weight"].toArray() as Float32Array;
    let ss = 0;
    for (const v of w) ss += v * v;
    // variance of 100 352 draws: relative s.e. √(2/n) ≈ 0.45 %, so 4 s.e. is 1.8 %
    expect(Math.abs(ss / w.length / (2 / 784) - 1)).toBeLessThan(0.018);
    expect(Array.from(net.parameters()["0.bias"].toArray())).toEqual(new Array(128).fill(0));
    expect(net.toString()).toContain("Dropout(p=0.2)");
    net.dispose();
  });

  it("trains to the same weights hash for a fixed key (pinned), and round-trips through its safetensors bytes", async () => {
    const { net, history, bytes } = await trainMember(small, data, 0);
    const hash = await weightsHash(net);
    expect(hash).toBe(await s.sha256Hex(bytes));
    const again = await trainMember(small, data, 0);
    expect(await weightsHash(again.net)).toBe(hash);
    // pinned: a change to the stream, the kernels or the job's key derivation shows here
    expect(hash).toBe(PINNED_HASH);
    const copy = netFromBytes(small, bytes);
    expect(await s.sha256Hex(stateBytes(copy))).toBe(hash);
    expect(history.epochs.map((e: { steps: number }) => e.steps)).toEqual([10]);
    for (const n of [net, again.net, copy]) n.dispose();
  });

  it("writes a card with the architecture, seed, stream version, data digests, accuracy and weights hash", () => {
    const card = modelCard({ config: small, core, digests: data.digests, history: { epochs: [{ epoch: 0, loss: 1, accuracy: 0.5, validationLoss: 0.9, validationAccuracy: 0.6, seconds: 1 }] }, accuracy: 0.6, loss: 0.9, hash: "ab", file: "m.safetensors", seconds: 2 });
    expect(card.architecture.layers).toBe("784-16-10");
    expect(card.seed).toBe(0);
    expect(card.streamVersion).toBe(core.streamVersion);
    expect(card.data.sha256.trainImages).toBe(s.MNIST_FILES.trainImages.sha256);
    expect(card.test).toEqual({ accuracy: 0.6, loss: 0.9, count: 10000 });
    expect(card.weights).toEqual({ file: "m.safetensors", format: "safetensors", sha256: "ab" });
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });
});

describe("ensemble members", () => {
  it("trained on two worker threads are the same bits as trained one after another", async () => {
    const sequential = await trainMembers(small, data, { workers: 1 });
    const parallel = await trainMembers(small, data, { workers: 2, simd: core.simd });
    expect(parallel.map((r: { member: number }) => r.member)).toEqual([0, 1, 2]);
    const hashes = async (rs: { bytes: Uint8Array }[]) => Promise.all(rs.map((r) => s.sha256Hex(r.bytes)));
    const [h1, h2] = [await hashes(sequential), await hashes(parallel)];
    expect(h2).toEqual(h1);
    expect(new Set(h1).size).toBe(3);   // the members differ from each other
    expect(h1[0]).toBe(PINNED_HASH);
  });
});

describe("npm start end to end (tiny)", () => {
  it("saves the model, its card and the SVG, and prints the report", () => {
    const out = mkdtempSync(join(tmpdir(), "stochasm-main-"));
    const text = execFileSync(process.execPath, [main, "--epochs", "1", "--members", "2", "--hidden", "8", "--train-count", "300", "--mc-samples", "2", "--ood", "50", "--workers", "1", "--out", out], { encoding: "utf8" });
    expect(text).toMatch(/model 784-8-10: test accuracy \d+\.\d\d %/);
    expect(text).toContain("deep ensemble (S = 2)");
    expect(text).toContain("MC dropout (S = 2)");
    expect(readdirSync(out).sort()).toEqual(["mnist-mlp-784-8-10-seed0-entropy.svg", "mnist-mlp-784-8-10-seed0.json", "mnist-mlp-784-8-10-seed0.safetensors"]);
    const card = JSON.parse(readFileSync(join(out, "mnist-mlp-784-8-10-seed0.json"), "utf8"));
    expect(text).toContain(`weights SHA-256 ${card.weights.sha256.slice(0, 16)}`);
    expect(card.architecture.layers).toBe("784-8-10");
    const bytes = new Uint8Array(readFileSync(join(out, "mnist-mlp-784-8-10-seed0.safetensors")));
    return s.sha256Hex(bytes).then((h: string) => expect(card.weights.sha256).toBe(h));
  });
});

const PINNED_HASH = "957f83f676c3588de2cb1db0bfb0e964b677c52e8872857c01f340d85bfb366f";
