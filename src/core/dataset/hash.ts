/**
 * The content hash that identifies a student's own data in links, stored runs and exports. Web
 * Crypto's SHA-256 is a standard global in workers, pages and Node, but core's type library (no
 * DOM) does not declare it, so the little used here is described structurally.
 */

interface SubtleLike {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

function subtle(): SubtleLike {
  const scope = globalThis as unknown as { crypto?: { subtle?: SubtleLike } };
  const found = scope.crypto?.subtle;
  if (!found) throw new TypeError('Web Crypto (crypto.subtle) is not available here');
  return found;
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * 16 lowercase hex digits (64 bits) of SHA-256 over the parts: each part is hashed on its own
 * and the digests, with each part's length, are hashed together, so no part is copied (a 60,000
 * image set is 47 MB) and moving bytes between parts changes the result. Order matters.
 */
export async function contentHash(parts: readonly Uint8Array[]): Promise<string> {
  const crypto = subtle();
  const digests = await Promise.all(parts.map((part) => crypto.digest('SHA-256', part)));
  const joined = new Uint8Array(parts.length * 40);
  const view = new DataView(joined.buffer);
  digests.forEach((digest, i) => {
    joined.set(new Uint8Array(digest), i * 40);
    view.setFloat64(i * 40 + 32, parts[i]?.length ?? 0, true);
  });
  return hex(await crypto.digest('SHA-256', joined)).slice(0, 16);
}
