// README's twenty-line training example (examples/train-mlp.mjs, run against dist/) prints the same losses
// and accuracy everywhere: pinned here, so a change to the stream, an init or a layer shows up.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("trains README's MLP to the pinned losses and 0.897 training accuracy", () => {
  const script = fileURLToPath(new URL("../../../examples/train-mlp.mjs", import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: "utf8" });
  expect(out.trim().split("\n")).toEqual([
    "step 0: loss 1.0480", "step 50: loss 0.3097", "step 100: loss 0.3001", "step 150: loss 0.2825", "train accuracy 0.897",
  ]);
}, 60_000);
