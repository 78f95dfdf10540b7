// Regression from the public-API fuzz (seed 7): where(cond, a, undefined) read b.dtype of undefined.
import { beforeAll, expect, it } from "vitest";
import { init, tensor, where } from "../../../sdk/index";

beforeAll(async () => { await init(); });

it("where names a b that is neither a Tensor nor a number", () => {
  const cond = tensor([1, 0], [2], "int32");
  const a = tensor([1, 2]);
  expect(() => where(cond, a, undefined as never)).toThrow(/where: b/);
  expect(() => where(cond, a, null as never)).toThrow(/where: b/);
  const y = where(cond, a, 5);
  expect(Array.from(y.toArray())).toEqual([1, 5]);
  for (const t of [cond, a, y]) t.dispose();
});
