import { beforeAll, describe, expect, it } from "vitest";
import { init, histogramSvg, terminalHistogram, lineSvg } from "../../../sdk/index";

beforeAll(async () => { await init(); });

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

describe("lineSvg", () => {
  it("draws each series against its index, theory dashed in its simulation's colour, log₁₀ by the WASM kernel", () => {
    const svg = lineSvg([{ name: "he+relu", values: [1, 10, 100] }, { name: "he+relu (theory)", values: [1, 10, 1000] }, { name: "xavier", values: [1, 0.1, 0.01] }], { logY: true, title: "q" });
    const lines = svg.match(/<polyline [^>]*>/g)!;
    expect(lines.length).toBe(3);
    expect(lines[1]).toContain('stroke-dasharray="5 4"');
    expect(lines[1].match(/stroke="(#[0-9a-f]+)"/)![1]).toBe(lines[0].match(/stroke="(#[0-9a-f]+)"/)![1]);
    expect(lines[2].match(/stroke="(#[0-9a-f]+)"/)![1]).not.toBe(lines[0].match(/stroke="(#[0-9a-f]+)"/)![1]);
    // y from −2 (0.01) to 3 (1000): 1 → log 0 sits 2/5 of the way up the 330-pixel plot (top 40)
    expect(lines[0]).toContain("64.0,238.0");
    expect(svg).toContain(">3.00</text>");
  });

  it("breaks a line at values it cannot place (≤ 0 on a log axis, NaN) and rejects bad options", () => {
    const svg = lineSvg([{ name: "a", values: [1, 0, 10, NaN, 100] }], { logY: true });
    expect(svg.match(/<polyline /g)!.length).toBe(3);
    expect(() => lineSvg([], {})).toThrow(/series must be a non-empty array/);
    expect(() => lineSvg([{ name: "a", values: [1] }], { logY: "yes" as never })).toThrow(/logY must be a boolean, got "yes"/);
    expect(() => lineSvg([{ name: "a", values: [1] }], { colour: "red" } as never)).toThrow(/colour/);
  });
});
