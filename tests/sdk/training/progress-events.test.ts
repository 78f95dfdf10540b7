// Regressions from the public-API fuzz: progressReporter is also called by hand (custom loops), so an event
// with a field that is not a number prints "?" instead of failing in toFixed, and a non-object event is named.
import { expect, it } from "vitest";
import { progressReporter } from "../../../sdk/index";

it("progressReporter draws '?' for non-number fields and names a bad event or width", () => {
  let text = "";
  const report = progressReporter({ write: (x) => { text += x; }, tty: true, interval: 0 });
  report({ type: "step", epoch: 0, epochs: 1, step: 1, steps: 2, examples: 1, loss: [65536, 65536] as never, accuracy: "x" as never, elapsed: 1, rate: null as never, eta: 1 });
  expect(text).toContain("loss ?  acc ?");
  report({ type: "epochEnd", epoch: 0, epochs: 1, rate: 1, record: { epoch: 0, loss: "l" as never, accuracy: 0.5, validationLoss: null, validationAccuracy: null, steps: 1, examples: 1, seconds: 1 } });
  expect(text).toContain("loss ?  acc 50.00%");
  report({ type: "end" } as never);
  expect(text).toContain("done in ?");
  expect(() => report(null as never)).toThrow(/progressReporter: the progress event must be an object, got null/);
  expect(() => progressReporter({ width: -1 })).toThrow(/progressReporter: width must be an integer/);
});
