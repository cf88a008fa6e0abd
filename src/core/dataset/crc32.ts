/**
 * CRC-32 as in zlib, gzip and PNG (IEEE 802.3 polynomial, reflected, initial value and final
 * XOR 0xFFFFFFFF), so the value can be checked with any standard tool, and Node's `zlib.crc32`
 * (which scripts/build-mnist.mjs uses to write the checksum) gives the same number.
 *
 * Why CRC-32 for the dataset file rather than SHA-256: it only has to catch accidental damage
 * (a truncated download, a flipped byte, a stale file), which it does for every burst of up to
 * 32 bits; and unlike `crypto.subtle.digest` it is synchronous and works everywhere, including
 * pages served over plain http from a LAN address, where browsers hide `crypto.subtle`.
 * About 30 ms for the 7.5 MB file.
 */

const TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `bytes`, an unsigned 32-bit integer. Pass a previous result as `crc` to continue
 * over data that arrives in pieces: `crc32(b, crc32(a))` equals the CRC-32 of a followed by b.
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) {
    c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}
