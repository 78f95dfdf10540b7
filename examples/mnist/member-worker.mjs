// A worker_threads entry: trains the ensemble members it is sent ({ member }) with trainMember, the same code
// the main thread runs, and posts back { member, bytes, history }. MNIST arrives once in workerData.
import { parentPort, workerData } from "node:worker_threads";
import * as s from "../../dist/stochasm.mjs";
import { trainMember } from "./job.mjs";

await s.init({ simd: workerData.simd });
const data = { train: workerData.train, test: workerData.test };
parentPort.on("message", async ({ member }) => {
  try {
    const onProgress = (e) => { if (e.type === "epochEnd") parentPort.postMessage({ type: "epoch", member, record: e.record }); };
    const { net, history, bytes } = await trainMember(workerData.config, data, member, onProgress);
    net.dispose();
    parentPort.postMessage({ type: "done", member, bytes, history }, [bytes.buffer]);
  } catch (err) {
    parentPort.postMessage({ type: "error", member, message: err?.stack ?? String(err) });
  }
});
parentPort.postMessage({ type: "ready" });
