// SHA-256 (FIPS 180-4) in plain synchronous JS, so every runtime digests bytes by the same code.
// Only 32-bit integer operations (+ then |0, >>>, ^, &): no floating point, no crypto API.
// see: FIPS 180-4 §6.2; checked against the standard vectors in tests/runtimes/battery.test.ts.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x, n) => (x >>> n) | (x << (32 - n));

/** Incremental SHA-256: `new Sha256().update(bytes).update(more).hex()`. */
export class Sha256 {
  #h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  #block = new Uint8Array(64);
  #filled = 0;
  #bytes = 0; // total length; exact below 2^53 bytes
  #w = new Uint32Array(64);

  /** Feeds bytes (a Uint8Array) or a string (encoded as UTF-8). Returns this. */
  update(data) {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.#bytes += bytes.length;
    let i = 0;
    while (i < bytes.length) {
      const take = Math.min(64 - this.#filled, bytes.length - i);
      this.#block.set(bytes.subarray(i, i + take), this.#filled);
      this.#filled += take;
      i += take;
      if (this.#filled === 64) {
        this.#compress();
        this.#filled = 0;
      }
    }
    return this;
  }

  /** Pads, finishes and returns the digest as 64 lowercase hex digits. The object is spent afterwards. */
  hex() {
    const bits = this.#bytes * 8;
    this.update(new Uint8Array([0x80]));
    while (this.#filled !== 56) this.update(new Uint8Array([0]));
    const tail = new Uint8Array(8);
    const hi = Math.floor(bits / 2 ** 32);
    const lo = bits >>> 0;
    for (let j = 0; j < 4; j++) {
      tail[3 - j] = (hi >>> (8 * j)) & 0xff;
      tail[7 - j] = (lo >>> (8 * j)) & 0xff;
    }
    this.update(tail);
    return Array.from(this.#h, (x) => x.toString(16).padStart(8, "0")).join("");
  }

  #compress() {
    const w = this.#w;
    const b = this.#block;
    for (let t = 0; t < 16; t++) w[t] = (b[4 * t] << 24) | (b[4 * t + 1] << 16) | (b[4 * t + 2] << 8) | b[4 * t + 3];
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    const h = this.#h;
    let [a, bb, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
}

/** SHA-256 of bytes or a UTF-8 string, as hex. */
export function sha256Hex(data) {
  return new Sha256().update(data).hex();
}
