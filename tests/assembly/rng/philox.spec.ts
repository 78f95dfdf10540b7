import { philoxBlock, philoxOut0, philoxOut1, philoxOut2, philoxOut3 } from "../../../assembly/rng/philox";

describe("philoxBlock", () => {
  it("matches the Random123 known-answer vector for zero counter and key", () => {
    philoxBlock(0, 0, 0, 0, 0, 0);
    expect(philoxOut0).toBe(0x6627e8d5);
    expect(philoxOut1).toBe(0xe169c58d);
    expect(philoxOut2).toBe(0xbc57ac4c);
    expect(philoxOut3).toBe(0x9b00dbd8);
  });
});
