// Regression from the public-API fuzz: expectedCalibrationError names a bad confidence / correct argument and
// reads its options as own properties.
import { beforeAll, expect, it } from "vitest";
import { classificationMetrics, expectedCalibrationError, init, tensor } from "../../../sdk/index";

beforeAll(async () => { await init(); });

it("expectedCalibrationError checks its arguments", () => {
  expect(() => expectedCalibrationError(5 as never, [1])).toThrow(/expectedCalibrationError: confidence must be an array/);
  expect(() => expectedCalibrationError([0.5], null as never)).toThrow(/expectedCalibrationError: correct must be an array/);
  expect(() => expectedCalibrationError([0.5], [1], "bins" as never)).toThrow(/expectedCalibrationError: options must be an object/);
  // an inherited bins: 1 is not an option: 15 bins, so 0.9 and 0.1 fall in different bins
  expect(expectedCalibrationError([0.9, 0.1], [1, 0], Object.create({ bins: 1 }))).toBeCloseTo(0.1, 12);
});

it("expectedCalibrationError checks each confidence and correct value (a BigInt is not mixed into the bins)", () => {
  expect(() => expectedCalibrationError([1n as never], [1])).toThrow(/expectedCalibrationError: confidence\[0\] must be a number in \[0, 1\], got 1n/);
  expect(() => expectedCalibrationError([0.5], ["yes" as never])).toThrow(/expectedCalibrationError: correct\[0\] must be true, false, 0 or 1/);
  expect(expectedCalibrationError([0.9, 0.9], [true, false])).toBeCloseTo(0.4, 12);
});

it("classificationMetrics names a label that is not a class without an engine-like 'null is not'", () => {
  expect(() => classificationMetrics(tensor([[0.5, 0.5], [0.5, 0.5]]), [0, null as never])).toThrow("classificationMetrics: labels[1] must be a class in [0, 2), got null");
});
