/**
 * Where this browser keeps its class identities (instructor keys, student ids), and the one
 * question the first screen asks of them: was this browser in a class? Only then does the class
 * session's code load at start (../lazySlices.ts); classApi.ts reads and validates the rest.
 */
export const IDENTITY_KEY = 'losslab.class';

export interface IdentityStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function browserIdentityStorage(): IdentityStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Whether the stored identities name a current class (unvalidated: rejoining validates them). */
export function wasInClass(storage: IdentityStorage | null): boolean {
  try {
    const raw = storage?.getItem(IDENTITY_KEY);
    if (!raw) return false;
    const parsed: unknown = JSON.parse(raw);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      'current' in parsed &&
      parsed.current !== null
    );
  } catch {
    return false;
  }
}
