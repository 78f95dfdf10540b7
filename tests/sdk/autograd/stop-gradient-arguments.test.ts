// Regression from the public-API fuzz: stopGradient of a disposed tensor names stopGradient and x.
import { beforeAll, expect, it } from "vitest";
import { DisposedTensorError, init, stopGradient, tensor } from "../../../sdk/index";

beforeAll(async () => { await init(); });

it("stopGradient(a disposed tensor) names the function and its argument", () => {
  const t = tensor([1, 2]);
  t.dispose();
  expect(() => stopGradient(t)).toThrow(DisposedTensorError);
  expect(() => stopGradient(t)).toThrow(/stopGradient: x/);
});
