// Trains the ensemble's members: on `workers` worker_threads (each takes the next member from a queue), or
// one after another on this thread when workers ≤ 1. Either way member m is trainMember(config, data, m), so
// the weights are the same bits (tests/examples/mnist-main.test.ts checks it).
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { trainMember } from "./job.mjs";

/** Threads to use by default: one per core, at most one per member; 1 (sequential) on a single core. */
export const defaultWorkers = (members) => Math.max(1, Math.min(members, availableParallelism()));

/**
 * @returns [{ member, bytes (safetensors of the state dict), history, seconds }] in member order
 * @param onEpoch (member, record) after each epoch of each member
 */
export async function trainMembers(config, data, { workers = defaultWorkers(config.members), simd, onEpoch = () => {} } = {}) {
  const members = Array.from({ length: config.members }, (_, m) => m);
  if (workers <= 1) {
    const out = [];
    for (const m of members) {
      const t0 = performance.now();
      const { net, history, bytes } = await trainMember(config, data, m, (e) => { if (e.type === "epochEnd") onEpoch(m, e.record); });
      net.dispose();
      out.push({ member: m, bytes, history, seconds: (performance.now() - t0) / 1000 });
    }
    return out;
  }
  const queue = [...members];
  const results = new Array(members.length);
  const started = new Map();
  const pool = Array.from({ length: Math.min(workers, members.length) }, () => new Worker(new URL("./member-worker.mjs", import.meta.url), {
    workerData: { config, simd, train: data.train, test: data.test },
  }));
  try {
    await Promise.all(pool.map((w) => new Promise((resolve, reject) => {
      const next = () => {
        if (queue.length === 0) return resolve();
        const member = queue.shift();
        started.set(member, performance.now());
        w.postMessage({ member });
      };
      w.on("error", reject);
      w.on("exit", (code) => { if (code !== 0) reject(new Error(`member worker exited with code ${code}`)); });
      w.on("message", (msg) => {
        if (msg.type === "ready") next();
        else if (msg.type === "epoch") onEpoch(msg.member, msg.record);
        else if (msg.type === "error") reject(new Error(`member ${msg.member}: ${msg.message}`));
        else if (msg.type === "done") {
          results[msg.member] = { member: msg.member, bytes: msg.bytes, history: msg.history, seconds: (performance.now() - started.get(msg.member)) / 1000 };
          next();
        }
      });
    })));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
