import { describe, expect, it } from "vitest";
import { histogramSvg, terminalHistogram } from "../../../sdk/index";

const series = [
  { name: "test", values: [0, 0, 0.1, 0.2] },
  { name: "noise <&>", values: [2, 2.2, 2.3, 2.3] },
];

describe("histogramSvg", () => {
  it("draws one outlined histogram and one legend entry (with the mean) per set, escaping names", () => {
    const svg = histogramSvg(series, { bins: 10, max: 2.5, title: "Entropy" });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="720" height="400"')).toBe(true);
    expect(svg.match(/<polyline /g)!.length).toBe(2);
    expect(svg).toContain("test (mean 0.075)");
    expect(svg).toContain("noise &lt;&amp;&gt; (mean 2.200)");
    expect(svg).toContain(">Entropy</text>");
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("puts each set's fraction per bin on a shared y axis: the tallest bin (¾ of 'test') reaches the top", () => {
    const svg = histogramSvg([{ name: "a", values: [0, 0, 0, 1] }], { bins: 2, max: 2 });
    // plot area: top 40, height 400 − 40 − 50 = 310; bin 0 holds 3/4 = the peak → y = 40.0
    expect(svg).toMatch(/points="60\.0,350\.0 60\.0,40\.0 290\.0,40\.0 290\.0,246\.7 520\.0,246\.7 520\.0,350\.0"/);
  });

  it("rejects an empty list, a bad bin count and min ≥ max", () => {
    expect(() => histogramSvg([])).toThrow("histogramSvg: series must be a non-empty array of { name, values }");
    expect(() => histogramSvg(series, { bins: 0 })).toThrow("bins must be in [1, 1000], got 0");
    expect(() => histogramSvg(series, { min: 3, max: 1 })).toThrow("histogramSvg: needs finite min < max, got min = 3, max = 1");
  });
});

describe("terminalHistogram", () => {
  it("gives one row of block characters per set, scaled to its own tallest bin, with the mean and an axis", () => {
    const text = terminalHistogram(series, { bins: 5, max: 2.5 });
    const lines = text.split("\n");
    expect(lines.length).toBe(3);
    expect(lines[0]).toBe("test      │█    │ mean 0.075");
    expect(lines[1]).toBe("noise <&> │    █│ mean 2.200");
    expect(lines[2].trim().startsWith("0.00")).toBe(true);
  });

  it("shows a bin with a few values as the lowest block, not as nothing", () => {
    const text = terminalHistogram([{ name: "x", values: [...new Array(100).fill(0), 1] }], { bins: 2, max: 1 });
    expect(text.split("\n")[0]).toBe("x │█▁│ mean 0.010");
  });
});
