// Optimizer checkpoints: an OptimizerStateDict as safetensors (state tensors, with kind, step and options
// in the string metadata) or as JSON. Resuming from one gives the same bits as training straight through.
import { describe, StochasmError } from "../errors.js";
import type { OptimizerStateDict } from "../optim/optimizer.js";
import { loadSafetensors, saveSafetensors, tensorsFromJSON, tensorsToJSON, type SafetensorsContent } from "./safetensors.js";

function assertStateDict(sd: unknown, fn: string): asserts sd is OptimizerStateDict {
  if (sd === null || typeof sd !== "object" || typeof (sd as OptimizerStateDict).state !== "object" || (sd as OptimizerStateDict).state === null) {
    throw new TypeError(`${fn}: sd must be an optimizer's stateDict() ({ kind, step, options, state }), got ${describe(sd)}`);
  }
}

function metadataOf(sd: OptimizerStateDict): Record<string, string> {
  return { kind: sd.kind, step: String(sd.step), options: JSON.stringify(sd.options) };
}

function fromContent(fn: string, content: SafetensorsContent): OptimizerStateDict {
  const { kind, step, options } = content.metadata;
  if (kind === undefined || step === undefined || options === undefined) {
    for (const t of Object.values(content.tensors)) t.dispose();
    throw new StochasmError(`${fn}: not an optimizer checkpoint: its metadata lacks kind, step or options`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(options);
  } catch {
    for (const t of Object.values(content.tensors)) t.dispose();
    throw new StochasmError(`${fn}: not an optimizer checkpoint: its options metadata is not JSON`);
  }
  return { kind, step: Number(step), options: parsed as OptimizerStateDict["options"], state: content.tensors };
}

/** An optimizer's stateDict() as safetensors bytes. */
export function optimizerStateToSafetensors(sd: OptimizerStateDict): Uint8Array {
  assertStateDict(sd, "optimizerStateToSafetensors");
  return saveSafetensors(sd.state, metadataOf(sd));
}

/** Reads optimizerStateToSafetensors' bytes (new tensors you own; pass to loadStateDict). */
export function optimizerStateFromSafetensors(bytes: Uint8Array | ArrayBuffer): OptimizerStateDict {
  return fromContent("optimizerStateFromSafetensors", loadSafetensors(bytes));
}

/** An optimizer's stateDict() as JSON text. */
export function optimizerStateToJSON(sd: OptimizerStateDict): string {
  assertStateDict(sd, "optimizerStateToJSON");
  return tensorsToJSON(sd.state, metadataOf(sd));
}

/** Reads optimizerStateToJSON's text. */
export function optimizerStateFromJSON(text: string): OptimizerStateDict {
  return fromContent("optimizerStateFromJSON", tensorsFromJSON(text));
}
