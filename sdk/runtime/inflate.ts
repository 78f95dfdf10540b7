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
  const s = new Inflater(input, size);
  let last = 0;
  while (!last) {
    last = s.bits(1);
    const type = s.bits(2);
    if (type === 0) s.stored();
    else if (type === 1) s.block(FIXED.lengths, FIXED.distances);
    else if (type === 2) s.dynamic();
    else s.fail("invalid block type 3");
  }
  if (s.o !== size) s.fail(`inflated ${s.o} bytes where ${size} were expected`);
  return s.out;
}

// The decoder's state: the input position and bit buffer, the output and how far it is filled.
class Inflater {
  pos = 0; // next input byte
  bitBuffer = 0; // bits read and not yet used, first one lowest
  bitCount = 0;
  o = 0; // next output byte
  readonly out: Uint8Array;

  constructor(readonly input: Uint8Array, readonly size: number) {
    this.out = new Uint8Array(size);
  }

  fail(why: string): never {
    throw new Error(`inflate: ${why} (input byte ${this.pos}, output byte ${this.o})`);
  }

  bits(need: number): number {
    while (this.bitCount < need) {
      if (this.pos >= this.input.length) this.fail("input ends early");
      this.bitBuffer |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const value = this.bitBuffer & ((1 << need) - 1);
    this.bitBuffer >>>= need;
    this.bitCount -= need;
    return value;
  }

  decode(h: Huffman): number {
    while (this.bitCount < FAST_BITS && this.pos < this.input.length) {
      this.bitBuffer |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const entry = h.fast[this.bitBuffer & ((1 << FAST_BITS) - 1)];
    if (entry !== 0 && (entry & 15) <= this.bitCount) {
      this.bitBuffer >>>= entry & 15;
      this.bitCount -= entry & 15;
      return entry >>> 4;
    }
    let code = 0; // the bits read so far, first bit most significant
    let first = 0; // the first code of the current length
    let index = 0; // where the current length's symbols start
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.counts[len];
      if (code - count < first) return h.symbols[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return this.fail("invalid Huffman code");
  }

  /** A compressed block: literals and (length, distance) copies until the end-of-block code. */
  block(lengthCode: Huffman, distanceCode: Huffman): void {
    const out = this.out;
    for (;;) {
      let symbol = this.decode(lengthCode);
      if (symbol < 256) {
        if (this.o >= this.size) this.fail("output longer than expected");
        out[this.o++] = symbol;
      } else if (symbol === 256) {
        return;
      } else {
        symbol -= 257;
        if (symbol >= 29) this.fail("invalid length code");
        const length = LENGTH_BASE[symbol] + this.bits(LENGTH_EXTRA[symbol]);
        const d = this.decode(distanceCode);
        if (d >= 30) this.fail("invalid distance code");
        const distance = DISTANCE_BASE[d] + this.bits(DISTANCE_EXTRA[d]);
        const o = this.o;
        if (distance > o) this.fail("distance before the start");
        if (o + length > this.size) this.fail("output longer than expected");
        if (distance >= length) out.copyWithin(o, o - distance, o - distance + length);
        else for (let k = 0; k < length; k++) out[o + k] = out[o + k - distance]; // overlaps itself: byte by byte
        this.o = o + length;
      }
    }
  }

  /** A stored block: skip to a byte boundary, then LEN, NLEN (its complement) and LEN raw bytes. */
  stored(): void {
    this.bitBuffer = 0;
    this.bitCount = 0;
    const { input, pos } = this;
    if (pos + 4 > input.length) this.fail("input ends early");
    const length = input[pos] | (input[pos + 1] << 8);
    if ((length ^ 0xffff) !== (input[pos + 2] | (input[pos + 3] << 8))) this.fail("stored block length check failed");
    if (pos + 4 + length > input.length) this.fail("input ends early");
    if (this.o + length > this.size) this.fail("output longer than expected");
    this.out.set(input.subarray(pos + 4, pos + 4 + length), this.o);
    this.pos = pos + 4 + length;
    this.o += length;
  }

  /** A block with its own codes, sent as code lengths, themselves Huffman-coded (RFC 1951 §3.2.7). */
  dynamic(): void {
    const nLength = this.bits(5) + 257;
    const nDistance = this.bits(5) + 1;
    const nCode = this.bits(4) + 4;
    if (nLength > 286 || nDistance > 30) this.fail("too many length or distance codes");
    const lengths = new Uint8Array(320);
    for (let k = 0; k < nCode; k++) lengths[CODE_LENGTH_ORDER[k]] = this.bits(3);
    const codeLengthCode = huffman(lengths, 19);
    lengths.fill(0);
    for (let k = 0; k < nLength + nDistance;) {
      const symbol = this.decode(codeLengthCode);
      if (symbol < 16) {
        lengths[k++] = symbol;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (symbol === 16) {
        if (k === 0) this.fail("repeat with no previous length");
        value = lengths[k - 1];
        repeat = 3 + this.bits(2);
      } else {
        repeat = symbol === 17 ? 3 + this.bits(3) : 11 + this.bits(7);
      }
      if (k + repeat > nLength + nDistance) this.fail("too many code lengths");
      while (repeat--) lengths[k++] = value;
    }
    if (lengths[256] === 0) this.fail("no end-of-block code");
    this.block(huffman(lengths, nLength), huffman(lengths.subarray(nLength), nDistance));
  }
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
