// A raw DEFLATE (RFC 1951) decoder, for the embedded wasm (scripts/embed-wasm.mjs deflates it: gzip cannot
// shrink what is already deflated, so the bundle carries 69 kB where hex carried 76 kB). Written after Mark
// Adler's puff.c (canonical Huffman codes from per-length counts), with a lookup table for codes of up to
// FAST_BITS bits. Synchronous and the same in every runtime (DecompressionStream is asynchronous, and
// initSync needs the bytes now).

const MAX_BITS = 15;
const FAST_BITS = 10; // codes this short decode by one table lookup; longer ones bit by bit
// Length and distance codes: base values and extra bits (RFC 1951 §3.2.5).
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which a dynamic block lists the code lengths of its code-length code.
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * A canonical Huffman code: how many codes have each length, the symbols in code order, and `fast`: for
 * the next FAST_BITS input bits (first bit lowest), symbol << 4 | code length, or 0 if the code is longer.
 */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
  fast: Int32Array;
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const counts = new Uint16Array(MAX_BITS + 1);
  for (let s = 0; s < n; s++) counts[lengths[s]]++;
  const offsets = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offsets[len + 1] = offsets[len] + counts[len];
  const symbols = new Uint16Array(n);
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbols[offsets[lengths[s]]++] = s;
  counts[0] = 0;
  // Codes are assigned in order of (length, symbol) and sent first bit first: index the table reversed.
  const fast = new Int32Array(1 << FAST_BITS);
  const next = new Uint16Array(MAX_BITS + 1);
  for (let len = 1, code = 0; len <= MAX_BITS; len++) {
    code = (code + counts[len - 1]) << 1;
    next[len] = code;
  }
  for (let s = 0; s < n; s++) {
    const len = lengths[s];
    if (len === 0 || len > FAST_BITS) continue;
    const code = next[len]++;
    let reversed = 0;
    for (let b = 0; b < len; b++) reversed |= ((code >>> b) & 1) << (len - 1 - b);
    for (let k = reversed; k < fast.length; k += 1 << len) fast[k] = (s << 4) | len;
  }
  return { counts, symbols, fast };
}

/** Inflates raw DEFLATE data whose inflated size is known; throws on malformed or mis-sized input. */
export function inflateRaw(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let pos = 0; // next input byte
  let bitBuffer = 0;
  let bitCount = 0;
  let o = 0; // next output byte
  const fail = (why: string): never => {
    throw new Error(`inflate: ${why} (input byte ${pos}, output byte ${o})`);
  };
  const bits = (need: number): number => {
    while (bitCount < need) {
      if (pos >= input.length) fail("input ends early");
      bitBuffer |= input[pos++] << bitCount;
      bitCount += 8;
    }
    const value = bitBuffer & ((1 << need) - 1);
    bitBuffer >>>= need;
    bitCount -= need;
    return value;
  };
  const decode = (h: Huffman): number => {
    while (bitCount < FAST_BITS && pos < input.length) {
      bitBuffer |= input[pos++] << bitCount;
      bitCount += 8;
    }
    const entry = h.fast[bitBuffer & ((1 << FAST_BITS) - 1)];
    if (entry !== 0 && (entry & 15) <= bitCount) {
      bitBuffer >>>= entry & 15;
      bitCount -= entry & 15;
      return entry >>> 4;
    }
    let code = 0; // the bits read so far, first bit most significant
    let first = 0; // the first code of the current length
    let index = 0; // where the current length's symbols start
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= bits(1);
      const count = h.counts[len];
      if (code - count < first) return h.symbols[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return fail("invalid Huffman code");
  };
  const inflateBlock = (lengthCode: Huffman, distanceCode: Huffman): void => {
    for (;;) {
      let symbol = decode(lengthCode);
      if (symbol < 256) {
        if (o >= size) fail("output longer than expected");
        out[o++] = symbol;
      } else if (symbol === 256) {
        return;
      } else {
        symbol -= 257;
        if (symbol >= 29) fail("invalid length code");
        const length = LENGTH_BASE[symbol] + bits(LENGTH_EXTRA[symbol]);
        const d = decode(distanceCode);
        if (d >= 30) fail("invalid distance code");
        const distance = DISTANCE_BASE[d] + bits(DISTANCE_EXTRA[d]);
        if (distance > o) fail("distance before the start");
        if (o + length > size) fail("output longer than expected");
        for (let k = 0; k < length; k++, o++) out[o] = out[o - distance]; // may overlap: byte by byte
      }
    }
  };

  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // stored: skip to a byte boundary, then LEN, NLEN and LEN raw bytes
      bitBuffer = 0;
      bitCount = 0;
      if (pos + 4 > input.length) fail("input ends early");
      const length = input[pos] | (input[pos + 1] << 8);
      if ((length ^ 0xffff) !== (input[pos + 2] | (input[pos + 3] << 8))) fail("stored block length check failed");
      pos += 4;
      if (pos + length > input.length) fail("input ends early");
      if (o + length > size) fail("output longer than expected");
      out.set(input.subarray(pos, pos + length), o);
      pos += length;
      o += length;
    } else if (type === 1) {
      inflateBlock(FIXED.lengths, FIXED.distances);
    } else if (type === 2) {
      const nLength = bits(5) + 257;
      const nDistance = bits(5) + 1;
      const nCode = bits(4) + 4;
      if (nLength > 286 || nDistance > 30) fail("too many length or distance codes");
      const lengths = new Uint8Array(320);
      for (let k = 0; k < nCode; k++) lengths[CODE_LENGTH_ORDER[k]] = bits(3);
      const codeLengthCode = huffman(lengths, 19);
      lengths.fill(0);
      for (let k = 0; k < nLength + nDistance;) {
        const symbol = decode(codeLengthCode);
        if (symbol < 16) {
          lengths[k++] = symbol;
          continue;
        }
        let value = 0;
        let repeat: number;
        if (symbol === 16) {
          if (k === 0) fail("repeat with no previous length");
          value = lengths[k - 1];
          repeat = 3 + bits(2);
        } else {
          repeat = symbol === 17 ? 3 + bits(3) : 11 + bits(7);
        }
        if (k + repeat > nLength + nDistance) fail("too many code lengths");
        while (repeat--) lengths[k++] = value;
      }
      if (lengths[256] === 0) fail("no end-of-block code");
      inflateBlock(huffman(lengths, nLength), huffman(lengths.subarray(nLength), nDistance));
    } else {
      fail("invalid block type 3");
    }
  }
  if (o !== size) fail(`inflated ${o} bytes where ${size} were expected`);
  return out;
}

// The fixed codes of block type 1 (RFC 1951 §3.2.6).
const FIXED = (() => {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return { lengths: huffman(lengths, 288), distances: huffman(new Uint8Array(30).fill(5), 30) };
})();
