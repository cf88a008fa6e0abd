/** Turning whatever was thrown into the sentence the page shows. */

/** An error's message, or the thrown value as text (a string, a DOMException, anything). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
