import { philoxBlock, philoxBlock4x3To, philoxRoundKeys, philoxOut0, philoxOut1, philoxOut2, philoxOut3 } from "../../../assembly/rng/philox";
import { computeGroup, groupWords, writeGroups3 } from "../../../assembly/rng/stream";

const out = memory.data(192, 16);

describe("philoxBlock4x3To", () => {
  it("gives, lane by lane, the words of twelve scalar philoxBlock calls", () => {
    const keys: u32[] = [0, 0, 0xdeadbeef, 0x12345678, 0xffffffff, 0xffffffff];
    for (let k = 0; k < 3; k++) {
      const k0 = keys[2 * k];
      const k1 = keys[2 * k + 1];
      philoxRoundKeys(k0, k1);
      const c: u32 = 0xfffffff0; // counters wrap past 2^32 − 1 within the twelve blocks
      philoxBlock4x3To(out,
        i32x4(c, c + 1, c + 2, c + 3), i32x4(c + 4, c + 5, c + 6, c + 7), i32x4(c + 8, c + 9, c + 10, c + 11));
      for (let set = 0; set < 3; set++) {
        for (let lane = 0; lane < 4; lane++) {
          philoxBlock(c + <u32>(4 * set + lane), 0, 0, 0, k0, k1);
          const base = out + <usize>(64 * set + 4 * lane);
          expect(load<u32>(base)).toBe(philoxOut0);
          expect(load<u32>(base, 16)).toBe(philoxOut1);
          expect(load<u32>(base, 32)).toBe(philoxOut2);
          expect(load<u32>(base, 48)).toBe(philoxOut3);
        }
      }
    }
  });
});

describe("writeGroups3", () => {
  it("writes the same 48 words as computeGroup for three consecutive groups", () => {
    philoxRoundKeys(42, 7);
    writeGroups3(out, 1000);
    for (let g = 0; g < 3; g++) {
      computeGroup(1000 + <u32>g, 42, 7);
      for (let w = 0; w < 16; w++) {
        expect(load<u32>(out + <usize>(64 * g + 4 * w))).toBe(load<u32>(groupWords + <usize>(4 * w)));
      }
    }
  });
});
