// A small base64 decoder: the embedded wasm is decoded the same way in every runtime, without
// relying on atob (absent in some embedders) or Buffer (Node only).
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes standard base64 (with or without padding) into bytes. */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128).fill(255);
  for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  let end = text.length;
  while (end > 0 && text[end - 1] === "=") end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let nbits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = lookup[text.charCodeAt(i)];
    if (v === 255) throw new TypeError(`invalid base64 character at ${i}`);
    bits = (bits << 6) | v;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[o++] = (bits >>> nbits) & 0xff;
    }
  }
  return out;
}
