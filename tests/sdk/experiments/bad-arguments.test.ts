// Regressions from the public-API fuzz: toySvg and experimentTable name a bad argument instead of failing in
// "Cannot read properties of undefined" or "results is not iterable".
import { expect, it } from "vitest";
import { experimentTable, toySvg } from "../../../sdk/index";

it("toySvg checks its curves and options", () => {
  const c = { x: [0, 1], mean: [0, 1], epistemic: [1, 1], aleatoric: [9, 9], trainX: [0], trainY: [0] };
  expect(toySvg(c)).toMatch(/^<svg/);
  expect(toySvg(c, Object.create({ width: 5 }))).toContain('width="720"');
  expect(() => toySvg(undefined as never)).toThrow(/toySvg: c must be the toy's curves/);
  expect(() => toySvg({ ...c, mean: [0] })).toThrow(/toySvg: c\.mean must be an array of numbers as long as c\.x/);
  expect(() => toySvg(c, { width: Infinity })).toThrow(/toySvg: width must be an integer/);
  expect(() => toySvg(c, { title: null as never })).toThrow(/toySvg: title must be a string/);
});

it("experimentTable checks its rows", () => {
  expect(() => experimentTable(5 as never)).toThrow(/experimentTable: results must be an array/);
  expect(() => experimentTable([3] as never)).toThrow(/experimentTable: results\[0\] must be an experiment row/);
  const row = { name: "a", claim: Object.create(null), formula: "f", seed: "000", theory: 1, simulation: 1, standardError: 0, agrees: true };
  expect(experimentTable([row as never])).toContain("| a |");
});

it("runExperiments names a bad key or options before running anything", async () => {
  const { key, runExperiments } = await import("../../../sdk/index");
  expect(() => runExperiments(key(1), null as never)).toThrow(/runExperiments: options must be an object, got null/);
  expect(() => runExperiments(3 as never)).toThrow(/runExperiments: k must be a Key/);
});
