// The embedded wasm is stored as hex rather than base64: gzip then sees whole bytes (each one two
// characters), so the SIMD build costs 64 kB gzipped instead of 83 kB (scripts/embed-wasm.mjs).
// Decoded the same way in every runtime, without atob or Buffer.

/** Decodes a string of hexadecimal digit pairs (lower case) into bytes. */
export function decodeHex(text: string): Uint8Array {
  if (text.length % 2 !== 0) throw new TypeError(`hex text has an odd length ${text.length}`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = digit(text.charCodeAt(2 * i));
    const lo = digit(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new TypeError(`invalid hex digit near character ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

// '0'-'9' → 0-9, 'a'-'f' → 10-15, anything else → -1.
function digit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
