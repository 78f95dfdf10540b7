// Regression from the public-API fuzz: expectedCalibrationError names a bad confidence / correct argument and
// reads its options as own properties.
import { beforeAll, expect, it } from "vitest";
import { expectedCalibrationError, init } from "../../../sdk/index";

beforeAll(async () => { await init(); });

it("expectedCalibrationError checks its arguments", () => {
  expect(() => expectedCalibrationError(5 as never, [1])).toThrow(/expectedCalibrationError: confidence must be an array/);
  expect(() => expectedCalibrationError([0.5], null as never)).toThrow(/expectedCalibrationError: correct must be an array/);
  expect(() => expectedCalibrationError([0.5], [1], "bins" as never)).toThrow(/expectedCalibrationError: options must be an object/);
  // an inherited bins: 1 is not an option: 15 bins, so 0.9 and 0.1 fall in different bins
  expect(expectedCalibrationError([0.9, 0.1], [1, 0], Object.create({ bins: 1 }))).toBeCloseTo(0.1, 12);
});
