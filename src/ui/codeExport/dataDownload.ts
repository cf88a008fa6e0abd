/**
 * The data file saved next to an exported script holds the bytes its name says. The app serves
 * the file gzipped, but a server that sends it with `Content-Encoding: gzip` has the browser
 * decode it, so a plain download would save raw bytes under a `.gz` name. The page fetches the
 * file itself and decides from its first bytes what to save.
 */

/** Whether bytes start with gzip's magic number (0x1f 0x8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * What to save for a file named `name` that arrived as `bytes`: as they came when the name and
 * the bytes agree, gzipped again when the name ends in `.gz` but the bytes are not gzip, or (in a
 * browser without CompressionStream) under the name without `.gz`. The scripts read the file
 * gzipped or not.
 */
export type DataDownloadPlan =
  | { kind: 'as-is'; name: string }
  | { kind: 'gzip'; name: string }
  | { kind: 'rename'; name: string };

export function planDataDownload(
  name: string,
  bytes: Uint8Array,
  canCompress: boolean,
): DataDownloadPlan {
  if (!name.endsWith('.gz') || isGzip(bytes)) return { kind: 'as-is', name };
  if (canCompress) return { kind: 'gzip', name };
  return { kind: 'rename', name: name.slice(0, -'.gz'.length) };
}

/** The blob to save and its name, after the plan (gzipping with the browser's CompressionStream). */
export async function dataDownload(
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ name: string; blob: Blob }> {
  const canCompress = typeof CompressionStream === 'function';
  const plan = planDataDownload(name, bytes, canCompress);
  if (plan.kind !== 'gzip') {
    return { name: plan.name, blob: new Blob([bytes], { type: 'application/octet-stream' }) };
  }
  const gzipped = new Response(bytes).body!.pipeThrough(new CompressionStream('gzip'));
  const buffer = await new Response(gzipped).arrayBuffer();
  return { name: plan.name, blob: new Blob([buffer], { type: 'application/gzip' }) };
}
