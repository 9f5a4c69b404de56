// SHA-256 for the quiz's evaluation mode. Web Crypto (`crypto.subtle`) exists only in secure
// contexts: a course site opened over plain HTTP on a LAN, or from `file://`, has none. The
// small pure-JS version below (FIPS 180-4) takes over there, with the same hex output.

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

function hex(words) {
  let out = "";
  for (const word of words) out += (word >>> 0).toString(16).padStart(8, "0");
  return out;
}

/** SHA-256 of `bytes` (a Uint8Array), as 64 lowercase hex digits, in plain JS. */
export function sha256Bytes(bytes) {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 9 + 63) >> 6) << 6));
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  // Lengths beyond 2^32 bits (512 MiB) never occur here; the high word is still written.
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const hash = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i += 1) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i += 1) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, h] = hash;
    for (let i = 0; i < 64; i += 1) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    hash[0] += a;
    hash[1] += b;
    hash[2] += c;
    hash[3] += d;
    hash[4] += e;
    hash[5] += f;
    hash[6] += g;
    hash[7] += h;
  }
  return hex(hash);
}

/** SHA-256 of `text` in UTF-8, in plain JS (synchronous). */
export function sha256Fallback(text) {
  return sha256Bytes(new TextEncoder().encode(text));
}

/** The Web Crypto digest object when this page may use it, else null. */
export function webCrypto(scope = globalThis) {
  try {
    const subtle = scope.crypto?.subtle;
    return subtle && typeof subtle.digest === "function" ? subtle : null;
  } catch {
    return null;
  }
}

/**
 * SHA-256 of `text` (UTF-8) as lowercase hex: Web Crypto when present, plain JS otherwise
 * (and when Web Crypto refuses, as some locked-down browsers do).
 */
export async function sha256Hex(text, subtle = webCrypto()) {
  if (subtle) {
    try {
      const buffer = await subtle.digest("SHA-256", new TextEncoder().encode(text));
      return hex(toWords(buffer));
    } catch {
      // fall through to the plain-JS digest
    }
  }
  return sha256Fallback(text);
}

function toWords(buffer) {
  const view = new DataView(buffer);
  const words = new Uint32Array(buffer.byteLength / 4);
  for (let i = 0; i < words.length; i += 1) words[i] = view.getUint32(i * 4);
  return words;
}
